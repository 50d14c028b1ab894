"""Resolution kept between builds gives, after any sequence of changes, what resolving the whole corpus gives."""
from __future__ import annotations

import random

import pytest

from ecokg.records import Document, Entity, Mention
from ecokg.resolution_state import ResolutionState
from ecokg.resolve import Curation, resolve, resolve_nodes

# names that link across documents in several ways: aliases, city prefix, district-relative forms, one merge
NAMES = [("复旦大学", "University", ["复旦"]), ("复旦", "University", []), ("上海交通大学", "University", ["交大"]),
         ("交大", "University", []), ("区科经委", "GovernmentAgency", []),
         ("上海市浦东新区科技和经济委员会", "GovernmentAgency", ["区科经委"]), ("人民医院", "Hospital", []),
         ("莫德纳", "Company", []), ("Moderna", "Company", ["莫德纳公司"]), ("四医联动", "Platform", []),
         ("上海市第一人民医院", "Hospital", ["市一医院"]), ("市一医院", "Hospital", []), ("张江实验室", "ResearchInstitute", [])]
DISTRICTS = [None, "浦东新区", "宝山区"]
CURATIONS = [Curation(), Curation(merge=[["莫德纳", "Moderna"]], reject=["四医联动"], split=[["交大"]])]


def random_document(rng: random.Random, number: int, version: int) -> Document:
    picked = rng.sample(NAMES, rng.randint(1, 4))
    return Document(doc=f"{number}.txt", id=f"{number}-{version}", source=f"/corpus/{number}.txt",
                    district=rng.choice(DISTRICTS), entities=[
                        Entity(id=f"e{i}", name=name, type=etype, aliases=aliases,
                               mentions=[Mention(start=0, end=len(name), text=name)])
                        for i, (name, etype, aliases) in enumerate(picked, start=1)])


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("curation", CURATIONS, ids=["no curation", "curated"])
def test_any_sequence_of_changes_gives_the_whole_corpus_resolution(tmp_path, seed, curation) -> None:
    rng = random.Random(seed)
    corpus: dict[str, Document] = {}
    with ResolutionState.open(tmp_path) as state:
        state.reset("store", curation)
        for step in range(25):
            removed, added = [], []
            for number in rng.sample(range(12), rng.randint(1, 3)):
                doc = random_document(rng, number, step)
                if doc.graph_id in corpus and rng.random() < 0.3:
                    removed.append(doc.graph_id)
                else:
                    added.append(doc)
            before = resolve(corpus.values(), curation)
            returned = state.update(removed, added, curation)
            for graph_id in removed:
                corpus.pop(graph_id)
            corpus.update((doc.graph_id, doc) for doc in added)
            expected = resolve(corpus.values(), curation)
            for graph_id in corpus:
                assert state.resolution_of(graph_id) == expected[graph_id], (step, graph_id)
            # every document whose keys changed is returned, so the build reloads it
            moved = {graph_id for graph_id in corpus if graph_id in before and before[graph_id] != expected[graph_id]}
            assert moved <= set(returned) and {doc.graph_id for doc in added} <= set(returned)
            assert set(state.versions(corpus)) == set(corpus)


@pytest.mark.parametrize("curation", CURATIONS, ids=["no curation", "curated"])
def test_recording_a_whole_resolution_stores_what_updating_with_every_document_does(tmp_path, curation) -> None:
    rng = random.Random(7)
    corpus = [random_document(rng, number, 1) for number in range(30)]
    tables = []
    for name, fill in (("updated", lambda state: state.update([], corpus, curation)),
                       ("recorded", lambda state: state.record(corpus, resolve_nodes(corpus, curation)))):
        with ResolutionState.open(tmp_path / name) as state:
            state.reset("store", curation)
            fill(state)
            tables.append({table: sorted(state.db.execute(f"SELECT * FROM {table}"))  # noqa: S608
                           for table in ("nodes", "forms", "dropped", "documents")})
            resolutions = {doc.graph_id: state.resolution_of(doc.graph_id) for doc in corpus}
            assert resolutions == resolve(corpus, curation)
    assert tables[0] == tables[1] and tables[0]["nodes"] and tables[0]["forms"]
    assert tables[0]["dropped"] or not curation.reject


def test_state_is_rolled_back_with_an_attempt_and_tells_which_store_it_describes(tmp_path) -> None:
    doc = random_document(random.Random(1), 1, 1)
    with ResolutionState.open(tmp_path) as state:
        state.reset("bolt://a", Curation())
        state.update([], [doc], Curation())
        state.note_loaded(doc.graph_id, 2, 1, "facts")
        graph = {doc.graph_id: "facts"}
        assert state.matches("bolt://a", Curation(), graph)
        assert not state.matches("bolt://b", Curation(), graph) and not state.matches("bolt://a", Curation(), {})
        assert not state.matches("bolt://a", Curation(), {doc.graph_id: "edited by hand"})
        assert not state.matches("bolt://a", Curation(reject=["x"]), graph)
        with pytest.raises(RuntimeError), state.attempt():
            state.update([doc.graph_id], [], Curation())
            raise RuntimeError("a load failed")
        assert state.matches("bolt://a", Curation(), graph)
    with ResolutionState.open(tmp_path) as state:  # committed
        assert state.versions([doc.graph_id])[doc.graph_id].content_hash == "1-1"
    assert (tmp_path / "resolution.sqlite").stat().st_mode & 0o077 == 0
