"""Per-entity reads held by the index (api/queries.py) and read ahead for the most-linked entities (api/readahead.py),
against the real graph server: what they give is what the graph gives for the same question."""
from __future__ import annotations

import itertools

import pytest

from api import names, queries
from api.readahead import ReadAhead
from ecokg.records import ORG_TYPES, RELATION_TYPES

FUDAN, PHARMACY = "University:复旦大学", "University:复旦大学药学院"  # the Fudan graph's (conftest.py)
ENTITIES = (FUDAN, PHARMACY, "Hospital:浦东医院", "GovernmentAgency:浦东新区人民政府", "Company:和元生物")
FILTERS = list(itertools.product(
    (list(RELATION_TYPES), ["COOPERATES_WITH"], ["PART_OF", "AFFILIATED_WITH"], ["FUNDS", "RESPONSIBLE_FOR"]),
    ("both", "out", "in"),
    (None, ["Hospital"], list(ORG_TYPES)),
))


def held_and_asked(store, ids, types, direction, neighbor_types, exclude):
    held = queries.Reader(store).link_rows(ids, types, direction, neighbor_types, exclude)
    asked = queries.Reader(store, use_held=False).link_rows(ids, types, direction, neighbor_types, exclude)
    return held, asked


def test_relations_from_held_links_are_the_graphs_answer_for_every_filter(fudan_graph) -> None:
    seen = 0
    for entity_id, (types, direction, neighbor_types) in itertools.product(ENTITIES, FILTERS):
        held, asked = held_and_asked(fudan_graph, [entity_id], types, direction, neighbor_types, [])
        assert held == asked, (entity_id, types, direction, neighbor_types)
        seen += bool(asked)
    assert seen > 20  # the filters pick real links, not only empty answers
    # several entities at once, as /partners with its units asks, and a neighbour excluded
    held, asked = held_and_asked(fudan_graph, [FUDAN, PHARMACY], list(RELATION_TYPES), "both",
                                 list(ORG_TYPES), [FUDAN])
    assert held == asked and {row["via"] for row in held} == {FUDAN, PHARMACY}


def test_held_reads_are_recorded_as_the_query_that_gives_them(fudan_graph) -> None:
    reader = queries.Reader(fudan_graph)
    queries.partners(reader, "复旦大学", "Hospital", None, False, queries.PARTNERS_LIMIT)
    queries.documents_mentioning(reader, "复旦大学")
    again = queries.Reader(fudan_graph)
    queries.partners(again, "复旦大学", "Hospital", None, False, queries.PARTNERS_LIMIT)
    queries.documents_mentioning(again, "复旦大学")
    assert [run.name for run in again.ran] == ["api_relations", "api_entity_documents"]
    assert again.ran[0].params["neighbor_types"] == ["Hospital"] and again.ran[0].params["exclude"] == [FUDAN]
    assert [run.model_dump() for run in again.ran] == [run.model_dump() for run in reader.ran]


def test_entities_read_together_are_read_as_one_by_one(fudan_graph) -> None:
    reader = queries.Reader(fudan_graph, use_held=False)
    together = reader.entity_reads(list(ENTITIES))
    for entity_id in ENTITIES:
        assert together[("links", entity_id)] == reader.read_links_of([entity_id])[entity_id]
        key = ("api_entity_documents", ("id", entity_id), ("limit", queries.DOCUMENTS_LIMIT))
        assert together[key] == reader.rows("api_entity_documents", id=entity_id, limit=queries.DOCUMENTS_LIMIT)
    assert sum(bool(rows) for rows in together.values()) > len(ENTITIES)


def test_an_entity_with_more_links_than_one_read_holds_is_asked_with_the_filters(fudan_graph, monkeypatch) -> None:
    monkeypatch.setattr(names, "_cached", None)  # an index of its own: MAX_LINKS changes what a read holds
    monkeypatch.setattr(queries, "MAX_LINKS", 2)
    reader = queries.Reader(fudan_graph)
    # 复旦大学 has three links (浦东医院, its school, its hospital): the query's limit cuts them to two
    held, asked = held_and_asked(fudan_graph, [FUDAN], list(RELATION_TYPES), "both", None, [])
    assert held == asked and len(asked) == 2
    assert reader.index.held.stored(("links", FUDAN)) is None
    assert reader.read_links_of([FUDAN, PHARMACY]) == {FUDAN: None, PHARMACY: None}  # both cut by the limit
    assert queries.relations(reader, FUDAN, None, "both", None).truncated


@pytest.fixture()
def new_index(monkeypatch) -> None:
    """A new index for the graph's version, holding nothing yet (other tests' index has the same version)."""
    monkeypatch.setattr(names, "_cached", None)


def test_read_ahead_holds_the_most_linked_entities_reads_once_per_version(fudan_graph, new_index) -> None:
    reader = queries.Reader(fudan_graph)
    index = reader.index
    with fudan_graph.read_session() as session:
        ranked = session.run("MATCH (e:Entity)-[r]-(:Entity) WITH e, count(r) AS n RETURN e.id AS id, n").data()
    most = max(row["n"] for row in ranked)
    top = sorted(row["id"] for row in ranked if row["n"] == most)[0]
    read_ahead = ReadAhead(1)
    read_ahead.hold(reader, index)
    asked = queries.Reader(fudan_graph, use_held=False)
    # what was held is what the one-entity queries give
    assert index.held.stored(("links", top)) == asked.read_links(top) != []
    assert index.held.stored(("api_entity_documents", ("id", top), ("limit", queries.DOCUMENTS_LIMIT))) == \
        asked.rows("api_entity_documents", id=top, limit=queries.DOCUMENTS_LIMIT) != []
    others = [row["id"] for row in ranked if row["id"] != top]
    assert not any(index.held.stored(key) is not None for key in asked.entity_reads(others))
    assert reader.ran == []  # reads no answer is made of are not listed with an answer's queries
    read_ahead.count = len(ranked)
    read_ahead.hold(reader, index)  # this version was read ahead: not again
    assert all(index.held.stored(("links", other)) is None for other in others)


def test_read_ahead_keeps_nothing_read_after_the_graph_changed(fudan_graph, new_index) -> None:
    reader = queries.Reader(fudan_graph)
    old = reader.index
    with fudan_graph.session() as session:  # one entity more: a new version of the graph
        session.run("CREATE (:Entity:Company {id: 'Company:读前测试', name: '读前测试', type: 'Company'})").consume()
    ReadAhead(len(ENTITIES)).hold(reader, old)
    assert len(old.held) == 0
    assert names.graph_index(fudan_graph).version != old.version


def test_no_read_ahead_when_its_count_is_zero(fudan_graph, new_index) -> None:
    reader = queries.Reader(fudan_graph)
    ReadAhead(0).hold(reader, reader.index)
    assert len(reader.index.held) == 0


def test_the_api_reads_ahead_when_it_meets_a_new_version(client, fudan_graph, new_index) -> None:
    assert client.get("/partners", params={"org": "复旦大学"}).status_code == 200
    # /partners read links only; the documents mentioning the most-linked entities were read ahead
    held = names.graph_index(client.app.state.store).held  # the app's own store: its index
    assert held.stored(("api_entity_documents", ("id", FUDAN), ("limit", queries.DOCUMENTS_LIMIT)))


def test_paths_between_neighbours_from_held_links_are_the_graphs_shortest_paths(fudan_graph, new_index) -> None:
    names_of = ("复旦大学", "复旦大学药学院", "浦东医院", "浦东新区人民政府", "和元生物")
    reader = queries.Reader(fudan_graph)
    for entity_id in ENTITIES:  # every end's links held, as a question about it holds them
        reader.link_rows([entity_id], list(RELATION_TYPES), "both", None, [])
    shortcut = 0
    for source, target in itertools.permutations(names_of, 2):
        for max_hops in (1, queries.MAX_HOPS):
            held = queries.Reader(fudan_graph)
            asked = queries.Reader(fudan_graph, use_held=False)
            got = queries.paths(held, source, target, max_hops, queries.PATHS_LIMIT)
            assert got.model_dump() == queries.paths(asked, source, target, max_hops, queries.PATHS_LIMIT).model_dump()
            assert [run.name for run in held.ran] == [run.name for run in asked.ran]  # listed as the query it stands for
            shortcut += bool(held.direct_hops(got.source.id, got.target.id))
    assert shortcut >= 4  # some pairs are neighbours, answered without the path search
    assert queries.Reader(fudan_graph, use_held=False).direct_hops(FUDAN, PHARMACY) is None
