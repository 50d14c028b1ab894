"""`build_paths` on real files in tmp_path against the session's real server: document identity, failing documents."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecokg.build import ExtractionCache, build_paths, last_build, source_of, transform_corpus, uploads_dir
from ecokg.records import Document, Entity, Evidence, Mention, Relation
from ecokg.resolve import Curation, resolve
from graph.store import Store

RUIJIN = "瑞金医院与复星医药签署战略合作协议。"
HUASHAN = "华山医院与复旦大学共建联合实验室。"
RENJI = "仁济医院与药明康德开展合作。"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def documents(store: Store) -> list[dict]:
    with store.session() as session:
        return session.run("MATCH (d:Document) RETURN d.id AS id, d.doc AS doc, d.source AS source, "
                           "d.content_hash AS content_hash ORDER BY source").data()


def mentioned(store: Store) -> dict[str, list[str]]:
    """Each document's source → the ids of the entities it mentions."""
    with store.session() as session:
        rows = session.run("MATCH (d:Document)-[:MENTIONS]->(e:Entity) RETURN d.source AS source, e.id AS id").data()
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row["source"], []).append(row["id"])
    return {source: sorted(ids) for source, ids in out.items()}


def test_same_named_files_in_two_folders_are_two_documents_and_a_rerun_leaves_both_unchanged(
        empty_store: Store, settings, tmp_path: Path) -> None:
    here = write(tmp_path / "a" / "report.txt", RUIJIN)
    there = write(tmp_path / "b" / "report.txt", HUASHAN)
    copy = write(tmp_path / "c" / "report.txt", RUIJIN)  # the same bytes as a/report.txt: still its own document
    first = build_paths(empty_store, settings, [tmp_path / "a", tmp_path / "b", tmp_path / "c"])
    assert first.failed == [] and first.added == ["report.txt"] * 3
    sources = [str(path.resolve()) for path in (here, there, copy)]
    stored = documents(empty_store)
    assert [d["source"] for d in stored] == sources and {d["doc"] for d in stored} == {"report.txt"}
    assert stored[0]["content_hash"] == stored[2]["content_hash"] != stored[1]["content_hash"]
    assert len({d["id"] for d in stored}) == 3
    ids = mentioned(empty_store)
    assert set(ids) == set(sources) and ids[sources[0]] == ids[sources[2]]
    assert "Hospital:瑞金医院" in ids[sources[0]] and "Hospital:华山医院" in ids[sources[1]]

    again = build_paths(empty_store, settings, [tmp_path / "a", tmp_path / "b", tmp_path / "c"])
    assert again.unchanged == ["report.txt"] * 3 and again.added == again.changed == again.extracted == []
    assert sorted(d["source"] for d in again.documents) == sources
    assert documents(empty_store) == stored

    # an edit replaces that file's document only
    write(there, RENJI)
    third = build_paths(empty_store, settings, [tmp_path / "b"])
    assert third.changed == ["report.txt"] and [d["source"] for d in third.documents] == [sources[1]]
    edited = mentioned(empty_store)
    assert "Hospital:仁济医院" in edited[sources[1]] and "Hospital:华山医院" not in edited[sources[1]]
    assert edited[sources[0]] == edited[sources[2]] == ids[sources[0]]
    assert len(documents(empty_store)) == 3


def test_every_build_records_when_what_and_how_long(empty_store: Store, settings, tmp_path: Path) -> None:
    folder = tmp_path / "recorded"
    write(folder / "report.txt", RUIJIN + "\n本文件供记录测试。\n")  # text no other test extracted: not cached
    build_paths(empty_store, settings, [folder])
    record = last_build(settings)
    assert record["paths"] == [str(folder)] and record["added"] == ["report.txt"] and record["seconds"] >= 0
    # one file: extracted here, after loading the pipeline (start-up, timed apart, inside reading)
    steps = record["steps"]
    assert {"pipeline", "read", "resolve", "load"} <= set(steps)
    assert steps["pipeline"] <= steps["read"] and steps["read"] + steps["load"] <= record["seconds"] + 0.02
    build_paths(empty_store, settings, [folder])
    again = last_build(settings)
    assert again["added"] == [] and again["unchanged"] == 1 and again["at"] >= record["at"]
    assert "pipeline" not in again["steps"]  # nothing to extract: no pipeline loaded


def test_sync_removes_only_the_file_that_is_gone(empty_store: Store, settings, tmp_path: Path) -> None:
    write(tmp_path / "a" / "report.txt", RUIJIN)
    gone = write(tmp_path / "b" / "report.txt", HUASHAN)
    build_paths(empty_store, settings, [tmp_path])
    gone.unlink()
    synced = build_paths(empty_store, settings, [tmp_path], sync=True)
    assert synced.removed == ["report.txt"] and synced.unchanged == ["report.txt"]
    assert [d["source"] for d in documents(empty_store)] == [str((tmp_path / "a" / "report.txt").resolve())]


def bad_record(doc: str) -> dict:
    """A document whose entity would give 瑞金医院 its full name, and whose relation names an entity it does not list."""
    text = "上海交通大学医学院附属瑞金医院（瑞金医院）与复星医药合作。"
    full = "上海交通大学医学院附属瑞金医院"
    return Document(
        doc=doc, id="bad", text=text, extractor_version="test",
        entities=[Entity(id="e1", name=full, type="Hospital", aliases=["瑞金医院"],
                         mentions=[Mention(start=0, end=len(full), text=full)])],
        relations=[Relation(source="e1", target="e9", type="COOPERATES_WITH", rule="test", confidence=0.9,
                            evidence=Evidence(text=text, start=0, end=len(text)))],
    ).model_dump(exclude={"path", "source"})


def test_a_failing_document_changes_no_other_documents_entity_ids(empty_store: Store, settings, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    good = write(corpus / "ruijin.txt", RUIJIN)
    write(corpus / "huashan.txt", HUASHAN)
    build_paths(empty_store, settings, [corpus])
    before = mentioned(empty_store)
    assert "Hospital:瑞金医院" in before[str(good.resolve())]

    bad = write(tmp_path / "more" / "bad.jsonl", json.dumps(bad_record("bad.txt"), ensure_ascii=False) + "\n")
    (tmp_path / "more" / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a pdf")
    # the bad record would re-key 瑞金医院 if it took part in resolution
    row = next(d for d in documents(empty_store) if d["doc"] == "ruijin.txt")
    ruijin = ExtractionCache(settings.data_dir).any_version(row["content_hash"]).model_copy(update={"source": row["source"]})
    record = Document.model_validate({**bad_record("bad.txt"), "source": f"{bad.resolve()}#bad.txt"})
    assert resolve([ruijin, record])[ruijin.graph_id].keys["e1"] == "Hospital:交通大学医学院附属瑞金医院"

    more = [bad, tmp_path / "more" / "broken.pdf"]
    summary = build_paths(empty_store, settings, [corpus, *more])
    failed = {Path(f["path"]).name: f["reason"] for f in summary.failed}
    assert set(failed) == {"bad.jsonl", "broken.pdf"}
    assert "relation 0 (COOPERATES_WITH) refers to entity e9" in failed["bad.jsonl"]
    assert "is not a readable PDF" in failed["broken.pdf"]
    assert summary.added == summary.changed == [] and sorted(summary.unchanged) == ["huashan.txt", "ruijin.txt"]
    assert mentioned(empty_store) == before  # no id changed, nothing of the bad documents was written

    # the same in one build on an empty graph: the ids are those of the good documents alone
    with empty_store.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    together = build_paths(empty_store, settings, [corpus, *more])
    assert sorted(together.added) == ["huashan.txt", "ruijin.txt"] and len(together.failed) == 2
    assert mentioned(empty_store) == before


def test_a_version_that_cannot_load_falls_back_to_the_stored_one_and_is_resolved_out() -> None:
    def doc(name: str, content: str, *entities: tuple[str, list[str]], relate_to: str | None = None) -> Document:
        made = [Entity(id=f"e{i}", name=n, type="Hospital", aliases=a, mentions=[Mention(start=0, end=len(n), text=n)])
                for i, (n, a) in enumerate(entities, start=1)]
        relations = [Relation(source="e1", target=relate_to, type="COOPERATES_WITH", rule="test", confidence=0.9,
                              evidence=Evidence(text=name, start=0, end=1))] if relate_to else []
        return Document(doc=name, id=content, source=f"/corpus/{name}", entities=made, relations=relations)

    other = doc("other.txt", "o1", ("瑞金医院", []))
    stored = doc("plan.txt", "p1", ("仁济医院", []))
    edited = doc("plan.txt", "p2", ("上海交通大学医学院附属瑞金医院", ["瑞金医院"]), relate_to="e9")
    corpus = transform_corpus({other.graph_id: [other], stored.graph_id: [edited, stored]}, Curation())
    assert corpus.documents == {other.graph_id: other, stored.graph_id: stored}
    assert [(doc.id, "refers to entity e9" in reason) for doc, reason in corpus.failed] == [("p2", True)]
    assert [e["id"] for e in corpus.rows[other.graph_id].entities] == ["Hospital:瑞金医院"]
    assert corpus.candidates == {other.graph_id: [other], stored.graph_id: [stored]}


def test_sources_put_uploads_in_their_own_namespace(settings, tmp_path: Path) -> None:
    assert source_of(uploads_dir(settings) / "report.txt", settings) == "upload:report.txt"
    assert source_of(tmp_path / "report.txt", settings) == str((tmp_path / "report.txt").resolve())
    assert source_of(uploads_dir(settings) / "sub" / "report.txt", settings).startswith("/")


@pytest.mark.parametrize("line_path", [None, "corpus/report.txt"])
def test_jsonl_records_are_the_documents_they_describe(empty_store: Store, settings, tmp_path: Path,
                                                       line_path: str | None) -> None:
    record = {"doc": "report.txt", "entities": [{"id": "e1", "name": "瑞金医院", "type": "Hospital"}], "relations": []}
    if line_path:
        record["path"] = line_path
    records = write(tmp_path / "out.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    summary = build_paths(empty_store, settings, [records])
    expected = str(Path(line_path).resolve()) if line_path else f"{records.resolve()}#report.txt"
    assert [d["source"] for d in summary.documents] == [expected]
    assert build_paths(empty_store, settings, [records]).unchanged == ["report.txt"]


def test_a_graph_an_older_ecokg_loaded_is_rekeyed_by_the_next_build(empty_store: Store, settings, tmp_path: Path) -> None:
    write(tmp_path / "a" / "report.txt", RUIJIN)
    write(tmp_path / "b" / "plan.txt", HUASHAN)
    build_paths(empty_store, settings, [tmp_path])
    current, ids = documents(empty_store), mentioned(empty_store)
    with empty_store.session() as session:  # as an older ecokg left it: id = content hash, no source
        for doc in current:
            session.run("MATCH (d:Document {id: $id}) OPTIONAL MATCH (d)-[:MENTIONS]->(:Entity)-[r]-(:Entity) "
                        "WHERE r.doc = $id SET r.doc = $hash "
                        "WITH DISTINCT d SET d.id = $hash REMOVE d.source, d.content_hash",
                        id=doc["id"], hash=doc["content_hash"]).consume()
    assert {d["id"] for d in documents(empty_store)} == {d["content_hash"] for d in current}

    rebuilt = build_paths(empty_store, settings, [tmp_path / "a"])  # plan.txt is re-keyed from its cached extraction
    assert rebuilt.changed == ["report.txt", "plan.txt"] and rebuilt.failed == []
    assert documents(empty_store) == current and mentioned(empty_store) == ids
    with empty_store.session() as session:
        docs = session.run("MATCH ()-[r]->() WHERE r.doc IS NOT NULL RETURN DISTINCT r.doc AS doc").data()
    assert {row["doc"] for row in docs} == {d["id"] for d in current}


def test_an_older_document_without_a_cached_extraction_is_replaced_only_by_its_own_file(
        empty_store: Store, settings, tmp_path: Path) -> None:
    old = write(tmp_path / "a" / "report.txt", "同仁医院与微创医疗开展合作。")
    build_paths(empty_store, settings, [old])
    [legacy] = documents(empty_store)
    with empty_store.session() as session:
        session.run("MATCH (d:Document) SET d.id = d.content_hash REMOVE d.source, d.content_hash").consume()
    for cached in (settings.data_dir / "extractions").glob(f"{legacy['content_hash']}.v*.json"):
        cached.unlink()

    namesake = write(tmp_path / "b" / "report.txt", RENJI)
    assert build_paths(empty_store, settings, [namesake]).added == ["report.txt"]
    stored = {d["source"]: d["id"] for d in documents(empty_store)}
    assert stored == {None: legacy["content_hash"], str(namesake.resolve()): stored[str(namesake.resolve())]}
    assert build_paths(empty_store, settings, [old]).changed == ["report.txt"]  # its own file replaces it
    assert {d["source"] for d in documents(empty_store)} == {legacy["source"], str(namesake.resolve())}


def test_a_record_that_is_not_unicode_fails_alone(empty_store: Store, settings, tmp_path: Path) -> None:
    good = write(tmp_path / "corpus" / "ruijin.txt", RUIJIN)
    alone = build_paths(empty_store, settings, [good.parent])
    before = mentioned(empty_store)
    record = {**bad_record("unsendable.txt"), "title": "通知\ud800", "relations": []}  # a lone surrogate, as JSON allows
    unsendable = write(tmp_path / "more" / "records.jsonl", json.dumps(record) + "\n")
    summary = build_paths(empty_store, settings, [good.parent, unsendable])
    assert [f["reason"] for f in summary.failed] == [
        f"{unsendable.resolve()}#unsendable.txt: holds '\\ud800', which is not a Unicode character; fix the record"]
    assert summary.unchanged == alone.added == ["ruijin.txt"]
    assert mentioned(empty_store) == before


def test_an_incremental_build_gives_the_graph_a_whole_build_gives(empty_store: Store, settings, tmp_path: Path,
                                                                   graph_snapshot) -> None:
    write(tmp_path / "c" / "a.txt", "华山医院与明德生物开展合作。")
    write(tmp_path / "c" / "b.txt", RUIJIN)
    write(tmp_path / "c" / "c.txt", RENJI)
    build_paths(empty_store, settings, [tmp_path / "c"])
    # c.txt now names 明德生物 in full: a.txt's entity is re-keyed, b.txt is left alone
    write(tmp_path / "c" / "c.txt", "仁济医院与上海明德生物科技有限公司（以下简称“明德生物”）签署合作协议。")
    changed = build_paths(empty_store, settings, [tmp_path / "c"])
    assert changed.changed == ["c.txt", "a.txt"] and changed.unchanged == ["b.txt"] and changed.extracted == [
        str(tmp_path / "c" / "c.txt")]
    incremental = graph_snapshot(empty_store)
    assert any("Company:明德生物科技有限公司" in node for node in incremental[0])
    with empty_store.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    fresh = settings.model_copy(update={"data_dir": tmp_path / "fresh"})
    build_paths(empty_store, fresh, [tmp_path / "c"])
    assert graph_snapshot(empty_store) == incremental


def test_a_rebuild_without_changes_reads_no_extraction_and_loads_nothing(empty_store: Store, settings,
                                                                         tmp_path: Path) -> None:
    write(tmp_path / "d" / "a.txt", HUASHAN)
    write(tmp_path / "d" / "b.txt", RUIJIN)
    build_paths(empty_store, settings, [tmp_path / "d"])
    for cached in (settings.data_dir / "extractions").glob("*.json"):
        cached.unlink()  # a build that read them would re-extract
    again = build_paths(empty_store, settings, [tmp_path / "d"])
    assert again.unchanged == ["a.txt", "b.txt"] and again.extracted == [] and again.failed == []
    assert [(d["doc"], d["status"], d["entities"]) for d in again.documents] == [("a.txt", "unchanged", 2),
                                                                                  ("b.txt", "unchanged", 2)]


def test_a_graph_changed_outside_builds_is_resolved_whole_again(empty_store: Store, settings, tmp_path: Path) -> None:
    from graph.load import remove_document

    write(tmp_path / "e" / "a.txt", HUASHAN)
    write(tmp_path / "e" / "b.txt", RUIJIN)
    build_paths(empty_store, settings, [tmp_path / "e"])
    remove_document(empty_store, "a.txt")  # as `ecokg remove` does
    again = build_paths(empty_store, settings, [tmp_path / "e"])
    assert again.added == ["a.txt"] and again.unchanged == ["b.txt"]
    assert sorted(d["doc"] for d in documents(empty_store)) == ["a.txt", "b.txt"]
