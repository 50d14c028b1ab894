"""Analytics on small hand-built graphs with known answers, and read/write-back against the real store."""
from __future__ import annotations

import networkx as nx
import pytest

from ecokg.errors import QueryError
from graph import analytics
from graph.load import load_document
from graph.store import Store


def entity(node_id: str, type_: str = "Hospital") -> dict:
    return {"id": node_id, "name": node_id.lower(), "type": type_, "aliases": []}


def relation(source: str, target: str, doc: str = "d1", type_: str = "COOPERATES_WITH") -> dict:
    return {"source": source, "target": target, "type": type_, "doc": doc}


def star(leaves: int = 5) -> tuple[list[dict], list[dict]]:
    nodes = [entity("HUB")] + [entity(f"L{i}", "Company") for i in range(leaves)]
    return nodes, [relation("HUB", f"L{i}") for i in range(leaves)]


def two_cliques_and_a_bridge() -> tuple[list[dict], list[dict]]:
    """Cliques A0..A4 and B0..B4; BRIDGE touches A0 and B0 only."""
    nodes = [entity(f"{side}{i}") for side in "AB" for i in range(5)] + [entity("BRIDGE", "Platform")]
    edges = [relation(f"{side}{i}", f"{side}{j}") for side in "AB" for i in range(5) for j in range(i + 1, 5)]
    return nodes, edges + [relation("A0", "BRIDGE"), relation("BRIDGE", "B0")]


def test_to_networkx_keeps_every_row_and_drops_edges_leaving_the_node_set() -> None:
    nodes = [entity("X"), entity("Y")]
    G = analytics.to_networkx(nodes, [relation("X", "Y", "d1"), relation("X", "Y", "d2"), relation("X", "Z")])
    assert G.number_of_nodes() == 2 and G.number_of_edges() == 2
    assert G.nodes["X"]["name"] == "x"
    assert sorted(d["doc"] for _, _, d in G.edges(data=True)) == ["d1", "d2"]


def test_collapse_weighs_a_pair_by_distinct_documents_in_either_direction() -> None:
    nodes = [entity("X"), entity("Y"), entity("Z")]
    edges = [
        relation("X", "Y", "d1"), relation("Y", "X", "d2"),  # the same partnership stated both ways
        relation("X", "Y", "d1", "AFFILIATED_WITH"),  # a second type from a document already counted
        relation("X", "Z", "d3"), relation("Z", "Z", "d3", "PART_OF"),
    ]
    H = analytics.collapse(analytics.to_networkx(nodes, edges))
    assert not H.is_directed() and not H.is_multigraph()
    assert H["X"]["Y"]["weight"] == 2
    assert H["X"]["Y"]["types"] == ["AFFILIATED_WITH", "COOPERATES_WITH"]
    assert H["X"]["Z"]["weight"] == 1
    assert not H.has_edge("Z", "Z")


def test_star_hub_has_the_highest_degree_pagerank_and_all_the_betweenness() -> None:
    nodes, edges = star()
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    hub, leaves = metrics["HUB"], [metrics[f"L{i}"] for i in range(5)]
    assert hub["degree"] == 5 and all(leaf["degree"] == 1 for leaf in leaves)
    assert hub["betweenness"] == pytest.approx(1.0)
    assert all(leaf["betweenness"] == 0 for leaf in leaves)
    assert all(hub["pagerank"] > leaf["pagerank"] for leaf in leaves)
    assert sum(m["pagerank"] for m in metrics.values()) == pytest.approx(1.0)


def test_betweenness_matches_networkx_on_an_irregular_graph() -> None:
    G = nx.karate_club_graph()
    nodes = [entity(str(n)) for n in G]
    edges = [relation(str(u), str(v)) for u, v in G.edges()]
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    expected = nx.betweenness_centrality(G)
    for n in G:
        assert metrics[str(n)]["betweenness"] == pytest.approx(expected[n])


def test_two_cliques_form_two_communities_and_the_bridge_is_the_broker() -> None:
    nodes, edges = two_cliques_and_a_bridge()
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    a = {metrics[f"A{i}"]["community"] for i in range(5)}
    b = {metrics[f"B{i}"]["community"] for i in range(5)}
    assert len(a) == 1 and len(b) == 1 and a != b
    assert metrics["BRIDGE"]["community"] in a | b
    assert max(metrics, key=lambda n: metrics[n]["betweenness"]) == "BRIDGE"


def test_document_weight_decides_pagerank() -> None:
    """X and Y each have one partner; X's partnership is stated in three documents, Y's in one."""
    nodes = [entity(n) for n in ("X", "P", "Y", "Q", "HUB")]
    edges = [relation("X", "P", d) for d in ("d1", "d2", "d3")] + [relation("Y", "Q", "d4")]
    edges += [relation("HUB", n, "d5") for n in ("X", "Y")]
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    assert metrics["P"]["pagerank"] > metrics["Q"]["pagerank"]


def test_metrics_are_the_same_on_every_run_and_communities_are_numbered_by_size() -> None:
    nodes, edges = two_cliques_and_a_bridge()
    nodes += [entity("LONE")]
    first = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    second = analytics.compute_metrics(analytics.to_networkx(list(reversed(nodes)), list(reversed(edges))))
    assert {n: m["community"] for n, m in first.items()} == {n: m["community"] for n, m in second.items()}
    assert {n: m["pagerank"] for n, m in first.items()} == pytest.approx({n: m["pagerank"] for n, m in second.items()})
    sizes = [sum(1 for m in first.values() if m["community"] == c) for c in range(max(m["community"] for m in first.values()) + 1)]
    assert sizes == sorted(sizes, reverse=True)
    assert first["LONE"]["degree"] == 0 and first["LONE"]["community"] == len(sizes) - 1


def test_sampled_betweenness_above_the_threshold_still_finds_the_broker(monkeypatch) -> None:
    monkeypatch.setattr(analytics, "EXACT_BETWEENNESS_MAX_NODES", 10)
    monkeypatch.setattr(analytics, "BETWEENNESS_SAMPLES", 8)
    nodes, edges = two_cliques_and_a_bridge()
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    assert max(metrics, key=lambda n: metrics[n]["betweenness"]) == "BRIDGE"


def test_empty_graph_has_no_metrics() -> None:
    assert analytics.compute_metrics(nx.MultiDiGraph()) == {}


def test_top_ranks_by_metric_filters_by_type_and_limits() -> None:
    nodes, edges = two_cliques_and_a_bridge()
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    best = analytics.top(metrics, nodes, "betweenness", limit=3)
    assert [row["id"] for row in best] == ["BRIDGE", "A0", "B0"]
    assert best[0] == {"id": "BRIDGE", "name": "bridge", "type": "Platform", **metrics["BRIDGE"]}
    hospitals = analytics.top(metrics, nodes, "degree", type="Hospital", limit=20)
    assert len(hospitals) == 10 and all(row["type"] == "Hospital" for row in hospitals)
    assert [row["id"] for row in hospitals[:2]] == ["A0", "B0"]  # degree 5, ties by id
    assert analytics.top(metrics, nodes, "pagerank", type="Fund") == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"metric": "closeness"}, "unknown metric 'closeness'"),
    ({"metric": "pagerank", "type": "Hotel"}, "unknown entity type 'Hotel'"),
    ({"metric": "pagerank", "limit": 0}, "limit must be at least 1"),
])
def test_top_refuses_bad_arguments_with_a_clear_error(kwargs: dict, message: str) -> None:
    nodes, edges = star()
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    with pytest.raises(QueryError, match=message):
        analytics.top(metrics, nodes, **kwargs)


# --- against the real store ---------------------------------------------------------------------------------


def test_get_graph_reads_organisations_and_one_edge_row_per_document(empty_store: Store, make_document) -> None:
    load_document(empty_store, make_document("a.txt", extra_partner="西门子"))
    load_document(empty_store, make_document("b.txt"))  # states both relations again
    nodes, edges = analytics.get_graph(empty_store)
    assert sorted(n["id"] for n in nodes) == [
        "Company:西门子", "Hospital:东方医院", "ResearchInstitute:药物所", "University:同济大学"]
    hospital = next(n for n in nodes if n["id"] == "Hospital:东方医院")
    assert hospital["type"] == "Hospital" and hospital["name"] == "同济大学附属东方医院"
    # COOPERATES_WITH is symmetric: the loader picks its direction, so count pairs either way round.
    pairs = [(frozenset((e["source"], e["target"])), e["type"]) for e in edges]
    assert pairs.count((frozenset(("Hospital:东方医院", "ResearchInstitute:药物所")), "COOPERATES_WITH")) == 2
    assert pairs.count((frozenset(("Hospital:东方医院", "Company:西门子")), "COOPERATES_WITH")) == 1
    assert pairs.count((frozenset(("Hospital:东方医院", "University:同济大学")), "AFFILIATED_WITH")) == 2
    assert {e["doc"] for e in edges} == {make_document("a.txt", extra_partner="西门子").graph_id, make_document("b.txt").graph_id}
    cooperation = next(e for e in edges if "Company:西门子" in (e["source"], e["target"]))
    assert cooperation["evidence"] == "东方医院与西门子开展合作。" and cooperation["end"] > cooperation["start"]
    H = analytics.collapse(analytics.to_networkx(nodes, edges))
    assert H["Hospital:东方医院"]["ResearchInstitute:药物所"]["weight"] == 2
    only_companies, no_edges = analytics.get_graph(empty_store, types=["Company"])
    assert [n["id"] for n in only_companies] == ["Company:西门子"] and no_edges == []


def test_write_metrics_sets_node_properties_read_back_by_get_graph(empty_store: Store, make_document) -> None:
    load_document(empty_store, make_document("a.txt", extra_partner="西门子"))
    nodes, edges = analytics.get_graph(empty_store)
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    assert analytics.write_metrics(empty_store, metrics, batch_size=3) == 4
    reread, _ = analytics.get_graph(empty_store)
    for node in reread:
        expected = metrics[node["id"]]
        assert {k: node[k] for k in expected} == pytest.approx(expected)
    assert analytics.top(metrics, reread, "betweenness", limit=1)[0]["id"] == "Hospital:东方医院"


def _located_in_pudong(document):
    """The sample document with 东方医院 LOCATED_IN the Region 浦东新区, as the extractor writes it."""
    from ecokg.records import Entity, Evidence, Relation

    text = document.text + "东方医院位于浦东新区。"
    start = text.index("东方医院位于")
    region = Entity(id="e9", name="浦东新区", type="Region", key="Region:浦东新区")
    located = Relation(source="e1", target="e9", type="LOCATED_IN", rule="located_in", confidence=0.8,
                       evidence=Evidence(text="东方医院位于浦东新区。", start=start, end=len(text)))
    return document.model_copy(update={"text": text, "entities": [*document.entities, region],
                                       "relations": [*document.relations, located]})


def test_the_partner_network_leaves_out_where_organisations_are(empty_store: Store, make_document) -> None:
    from ecokg.records import ENTITY_TYPES, RELATION_TYPES

    load_document(empty_store, _located_in_pudong(make_document("a.txt")))
    _, network = analytics.get_graph(empty_store, types=ENTITY_TYPES)
    assert "LOCATED_IN" not in {e["type"] for e in network}
    assert "LOCATED_IN" not in analytics.NETWORK_RELATION_TYPES
    _, every = analytics.get_graph(empty_store, types=ENTITY_TYPES, relation_types=RELATION_TYPES)
    assert [(e["source"], e["target"]) for e in every if e["type"] == "LOCATED_IN"] == [
        ("Hospital:东方医院", "Region:浦东新区")]
