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


def test_an_entity_with_more_links_than_one_read_holds_is_asked_with_the_filters(fudan_graph, monkeypatch) -> None:
    monkeypatch.setattr(names, "_cached", None)  # an index of its own: MAX_LINKS changes what a read holds
    monkeypatch.setattr(queries, "MAX_LINKS", 2)
    reader = queries.Reader(fudan_graph)
    # 复旦大学 has three links (浦东医院, its school, its hospital): the query's limit cuts them to two
    held, asked = held_and_asked(fudan_graph, [FUDAN], list(RELATION_TYPES), "both", None, [])
    assert held == asked and len(asked) == 2
    assert reader.index.held.stored(("links", FUDAN)) is None
    assert queries.relations(reader, FUDAN, None, "both", None).truncated


@pytest.fixture()
def new_index(monkeypatch) -> None:
    """A new index for the graph's version, holding nothing yet (other tests' index has the same version)."""
    monkeypatch.setattr(names, "_cached", None)


def test_read_ahead_holds_the_most_linked_entities_reads(fudan_graph, new_index) -> None:
    index = names.graph_index(fudan_graph)
    with fudan_graph.read_session() as session:
        ranked = session.run("MATCH (e:Entity)-[r]-(:Entity) WITH e, count(r) AS n RETURN e.id AS id, n").data()
    most = max(row["n"] for row in ranked)
    top = sorted(row["id"] for row in ranked if row["n"] == most)[0]
    read_ahead = ReadAhead(fudan_graph, 1)
    read_ahead.start(index)
    assert read_ahead.wait(30)
    reader = queries.Reader(fudan_graph, use_held=False)
    held = {key: index.held.stored(key) for key in reader.entity_reads(top)}
    assert held == {key: read() for key, read in reader.entity_reads(top).items()}
    assert all(rows for rows in held.values())
    others = [row["id"] for row in ranked if row["id"] != top]
    assert not any(index.held.stored(key) is not None for other in others for key in reader.entity_reads(other))
    read_ahead.stop()
    read_ahead.start(None)  # stopped: it starts no more
    assert read_ahead.wait(0)


def test_read_ahead_keeps_nothing_read_after_the_graph_changed(fudan_graph, new_index) -> None:
    old = names.graph_index(fudan_graph)
    with fudan_graph.session() as session:  # one entity more: a new version of the graph
        session.run("CREATE (:Entity:Company {id: 'Company:读前测试', name: '读前测试', type: 'Company'})").consume()
    read_ahead = ReadAhead(fudan_graph, len(ENTITIES))
    read_ahead.start(old)
    assert read_ahead.wait(30)
    assert len(old.held) == 0
    assert names.graph_index(fudan_graph).version != old.version


def test_no_read_ahead_when_its_count_is_zero(fudan_graph, new_index) -> None:
    index = names.graph_index(fudan_graph)
    read_ahead = ReadAhead(fudan_graph, 0)
    read_ahead.start(index)
    assert read_ahead.wait(0) and len(index.held) == 0
