"""Every export format round-trips: write, read back, get the same rows; the CLI exports the whole graph."""
from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from ecokg.errors import EcokgError, ReadError
from ecokg.records import Document, Entity, Evidence, Mention, Relation
from graph import analytics, export
from graph.load import load_document
from graph.store import Store

NODES = [
    {"id": "Hospital:东方医院", "name": "同济大学附属东方医院", "type": "Hospital", "aliases": ["东方医院", "浦东东方医院"],
     "ambiguous": False, "degree": 2, "pagerank": 0.4125, "betweenness": 1.0, "community": 0},
    {"id": "University:同济大学", "name": "同济大学", "type": "University", "aliases": [], "ambiguous": True,
     "degree": 1, "pagerank": 0.29375, "betweenness": 0.0, "community": 1},
    {"id": "Company:西门子", "name": "西门子", "type": "Company", "aliases": ["Siemens, \"AG\""], "ambiguous": False},
]
EDGES = [
    {"source": "Hospital:东方医院", "target": "University:同济大学", "type": "AFFILIATED_WITH", "doc": "d1",
     "doc_name": "a.txt", "evidence": "同济大学附属东方医院", "start": 0, "end": 10, "rule": "affiliated_hospital",
     "confidence": 0.95, "status": "asserted", "date": "2025-03-01"},
    {"source": "Hospital:东方医院", "target": "University:同济大学", "type": "AFFILIATED_WITH", "doc": "d2",
     "doc_name": "b.txt", "evidence": "第一行,\n第二行 \"引号\"", "start": 3, "end": 20, "rule": "affiliated_hospital",
     "confidence": 1.0, "status": "planned", "date": "2025-04-01"},
    {"source": "Company:西门子", "target": "Hospital:东方医院", "type": "COOPERATES_WITH", "doc": "d1",
     "doc_name": "a.txt", "evidence": "东方医院与西门子开展合作。", "start": 30, "end": 43, "rule": "cooperation_verb",
     "confidence": 0.7, "status": "asserted"},
]


def canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


def write_and_read(fmt: str, nodes: list[dict], edges: list[dict], tmp_path: Path) -> tuple[list[dict], list[dict]]:
    target = tmp_path / ("csv" if fmt == "csv" else f"graph.{fmt}")
    written = export.export(nodes, edges, fmt, target)
    assert all(path.is_file() and path.stat().st_size > 0 for path in written)
    return export.read_csv(target) if fmt == "csv" else getattr(export, f"read_{fmt}")(target)


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_round_trip(fmt: str, tmp_path: Path) -> None:
    nodes, edges = write_and_read(fmt, NODES, EDGES, tmp_path)
    assert canonical(nodes) == canonical(NODES)
    assert canonical(edges) == canonical(EDGES)
    for node in nodes:  # types survive, not just text
        original = next(n for n in NODES if n["id"] == node["id"])
        assert {k: type(v) for k, v in node.items()} == {k: type(v) for k, v in original.items()}


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_round_trip_of_the_stored_graph(fmt: str, tmp_path: Path, empty_store: Store, make_document) -> None:
    load_document(empty_store, make_document("a.txt", extra_partner="西门子"))
    nodes, edges = analytics.get_graph(empty_store)
    analytics.write_metrics(empty_store, analytics.compute_metrics(analytics.to_networkx(nodes, edges)))
    nodes, edges = analytics.get_graph(empty_store)
    assert all("pagerank" in node for node in nodes)
    read_nodes, read_edges = write_and_read(fmt, nodes, edges, tmp_path)
    assert canonical(read_nodes) == canonical(nodes) and canonical(read_edges) == canonical(edges)


def test_csv_is_in_neo4j_admin_import_format(tmp_path: Path) -> None:
    node_path, rel_path = export.write_csv(NODES, EDGES, tmp_path)
    with node_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["id:ID", ":LABEL", "name", "type"]
    assert {"aliases:string[]", "ambiguous:boolean", "pagerank:double", "degree:long"} <= set(rows[0])
    assert rows[1][1] == "Entity;Hospital"
    assert rows[1][rows[0].index("aliases:string[]")] == "东方医院;浦东东方医院"
    with rel_path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"start:long", "end:long", "confidence:double", "evidence"} <= set(header)
    assert "type" not in header


def test_gexf_keeps_gephi_meanings_apart_from_ours(tmp_path: Path) -> None:
    export.write_gexf(NODES, EDGES, tmp_path / "g.gexf")
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'label="同济大学附属东方医院"' in text and 'label="AFFILIATED_WITH"' in text
    assert 'title="relation_type"' in text and 'title="evidence_start"' in text
    assert ' start="' not in text  # no evidence offset mistaken for a time interval


def test_csv_refuses_an_alias_containing_the_array_delimiter(tmp_path: Path) -> None:
    bad = [{**NODES[0], "aliases": ["a;b"]}]
    with pytest.raises(EcokgError, match="node Hospital:东方医院: aliases item 'a;b' contains ';'"):
        export.write_csv(bad, [], tmp_path)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EcokgError, match="unknown export format 'xlsx'"):
        export.export(NODES, EDGES, "xlsx", tmp_path / "g.xlsx")


@pytest.mark.parametrize(("reader", "content", "message"), [
    (export.read_json, "not json", "not JSON"),
    (export.read_json, '{"nodes": []}', 'expected {"nodes"'),
    (export.read_graphml, "<graphml", "not a readable GraphML file"),
    (export.read_gexf, "<gexf><oops>", "not a readable GEXF file"),
])
def test_unreadable_files_are_named_in_the_error(tmp_path: Path, reader, content: str, message: str) -> None:
    path = tmp_path / "broken"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError, match=message) as caught:
        reader(path)
    assert str(path) in str(caught.value)


def test_csv_without_neo4j_admin_columns_is_refused(tmp_path: Path) -> None:
    (tmp_path / "nodes.csv").write_text("name,type\nx,Hospital\n", encoding="utf-8")
    (tmp_path / "relationships.csv").write_text(":START_ID,:END_ID,:TYPE\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"nodes.csv: missing column\(s\) id:ID, :LABEL"):
        export.read_csv(tmp_path)


def test_graphml_carries_the_label_and_type_gephi_reads(tmp_path: Path) -> None:
    export.write_graphml(NODES, EDGES, tmp_path / "g.graphml")
    G = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    keys = {(k.get("for"), k.get("attr.name")) for k in ElementTree.parse(tmp_path / "g.graphml").getroot()
            if k.tag.endswith("key")}
    assert {("node", "label"), ("node", "type"), ("edge", "label")} <= keys
    assert G.nodes["Hospital:东方医院"]["label"] == "同济大学附属东方医院" and G.nodes["Hospital:东方医院"]["type"] == "Hospital"
    assert {data["label"] for _, _, data in G.edges(data=True)} == {"AFFILIATED_WITH", "COOPERATES_WITH"}


def task_document() -> Document:
    """区科经委 is responsible for a Task: the kinds of node and relation an organisations-only export lost."""
    text = "区科经委负责推进细胞治疗产业集聚。"
    agency, task = "区科经委", "推进细胞治疗产业集聚"
    entities = [
        Entity(id="e1", name=agency, type="GovernmentAgency", key=f"GovernmentAgency:{agency}",
               mentions=[Mention(start=0, end=4, text=agency)]),
        Entity(id="e2", name=task, type="Task", key=f"Task:{task}",
               mentions=[Mention(start=6, end=16, text=task)]),
    ]
    relation = Relation(source="e1", target="e2", type="RESPONSIBLE_FOR", rule="responsible_for", confidence=0.9,
                        evidence=Evidence(text=text, start=0, end=len(text)))
    return Document(doc="tasks.txt", id="sha-tasks", title="行动方案", date="2025-06-01", text=text,
                    entities=entities, relations=[relation])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_cli_export_keeps_every_entity_and_relation_of_ecokg_stats(
        fmt: str, tmp_path: Path, empty_store: Store, make_document, ecokg_cli: str, ecokg_env: dict) -> None:
    load_document(empty_store, make_document("a.txt", extra_partner="西门子"))
    load_document(empty_store, make_document("b.txt"))
    load_document(empty_store, task_document())
    stats = json.loads(subprocess.run([ecokg_cli, "stats", "--json"], env=ecokg_env, capture_output=True, text=True,
                                      timeout=120, check=True).stdout)
    target = tmp_path / f"graph.{fmt}"
    run = subprocess.run([ecokg_cli, "export", "graph", "-f", fmt, "-o", str(target)], env=ecokg_env,
                         capture_output=True, text=True, timeout=120, check=True)
    G = nx.read_graphml(target, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(target)
    relations = sum(count for rel, count in stats["relationships"].items() if rel != "MENTIONS")
    assert G.number_of_nodes() == stats["entities"] == 6  # four organisations, the agency and its Task
    # a.txt: AFFILIATED_WITH and two COOPERATES_WITH; b.txt: one of each again (parallel, one per document); the Task's
    assert G.number_of_edges() == relations == 6
    assert {G.nodes[n]["type"] for n in G} >= {"Task", "GovernmentAgency"}
    assert all(G.nodes[n]["label"] for n in G)
    assert "RESPONSIBLE_FOR" in {data["label"] for _, _, data in G.edges(data=True)}
    assert (f"6 entities, 6 relations → {target}; left out: 3 documents and their "
            f"{stats['relationships']['MENTIONS']} MENTIONS") in run.stdout


def test_cli_export_of_some_types_says_what_it_leaves_out(
        tmp_path: Path, empty_store: Store, make_document, ecokg_cli: str, ecokg_env: dict) -> None:
    load_document(empty_store, make_document("a.txt", extra_partner="西门子"))
    load_document(empty_store, task_document())
    target = tmp_path / "graph.json"
    run = subprocess.run([ecokg_cli, "export", "graph", "-f", "json", "-o", str(target), "--types", "Hospital",
                          "--types", "University"], env=ecokg_env, capture_output=True, text=True, timeout=120,
                         check=True)
    nodes, edges = export.read_json(target)
    assert {n["type"] for n in nodes} == {"Hospital", "University"} and [e["type"] for e in edges] == ["AFFILIATED_WITH"]
    assert "2 entities, 1 relations" in run.stdout
    assert "left out: 4 entities of other types and 3 relations touching them" in run.stdout


def test_unknown_type_is_refused(empty_store: Store) -> None:
    with pytest.raises(EcokgError, match="unknown entity type\\(s\\) Hopsital"):
        export.select(empty_store, ["Hopsital"])


def test_select_exports_located_in_with_the_regions(empty_store: Store, make_document) -> None:
    document = make_document("a.txt")
    text = document.text + "东方医院位于浦东新区。"
    start = text.index("东方医院位于")
    region = Entity(id="e9", name="浦东新区", type="Region", key="Region:浦东新区")
    located = Relation(source="e1", target="e9", type="LOCATED_IN", rule="located_in", confidence=0.8,
                       evidence=Evidence(text="东方医院位于浦东新区。", start=start, end=len(text)))
    load_document(empty_store, document.model_copy(update={
        "text": text, "entities": [*document.entities, region], "relations": [*document.relations, located]}))
    selection = export.select(empty_store)
    assert ("Hospital:东方医院", "LOCATED_IN", "Region:浦东新区") in {
        (e["source"], e["type"], e["target"]) for e in selection.edges}
    assert selection.relations_left_out == 0
