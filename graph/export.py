"""Exports of plain (nodes, edges) rows — the shapes :func:`graph.analytics.get_graph` returns — and their readers.

- GraphML and GEXF (Gephi, yEd): networkx's writers. Neither format has list values, so list properties
  (``aliases``) are written as JSON strings, the way APOC exports them; the readers decode the keys named in
  ``list_keys``. Both carry a ``label`` Gephi shows — the node's name, the edge's relation type — and the node's
  entity ``type`` as an attribute to partition by; the readers drop ``label`` again. In GEXF, properties whose
  names GEXF reserves are renamed (edge ``type`` → ``relation_type``, ``start``/``end`` →
  ``evidence_start``/``evidence_end``, see ``GEXF_EDGE_RENAMED``) and renamed back on reading.
- CSV in ``neo4j-admin database import`` format: ``nodes.csv`` (``id:ID``, ``:LABEL`` = ``Entity;<type>``, typed
  columns such as ``aliases:string[]``, ``pagerank:double``) and ``relationships.csv`` (``:START_ID``,
  ``:END_ID``, ``:TYPE``, typed property columns). Import with
  ``neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv --multiline-fields=true``.
  An empty cell is an absent property, as for neo4j-admin; an empty array column reads back as ``[]``.
- JSON: ``{"nodes": [...], "edges": [...]}``.

Every reader returns ``(nodes, edges)`` equal to what was written, absent (``None``) properties aside.

:func:`select` reads what to export from the store — every entity type by default, Tasks and ``RESPONSIBLE_FOR``
included — and counts what the export leaves out (documents and their ``MENTIONS``, entities outside the chosen
types and the relations touching them), so ``ecokg export graph`` can say so.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx

from ecokg.errors import EcokgError, ReadError
from ecokg.records import ENTITY_TYPES, RELATION_TYPES
from graph.analytics import get_graph, to_networkx
from graph.stats import get_stats
from graph.store import Store

LIST_KEYS = ("aliases",)
ARRAY_DELIMITER = ";"
NODE_FILE = "nodes.csv"
RELATIONSHIP_FILE = "relationships.csv"
FORMATS = ("graphml", "gexf", "csv", "json")
# GEXF gives these attribute names a meaning of its own (labels, weights, edge direction, time intervals).
GEXF_NODE_RENAMED = {"label": "label_property", "start": "start_property", "end": "end_property"}
GEXF_EDGE_RENAMED = {"label": "label_property", "weight": "weight_property", "type": "relation_type",
                     "start": "evidence_start", "end": "evidence_end"}

Rows = list[dict[str, Any]]


# --- GraphML / GEXF -----------------------------------------------------------------------------------------


def write_graphml(nodes: Iterable[dict], edges: Iterable[dict], path: Path) -> None:
    """Gephi's GraphML import takes the attribute named ``label`` as the label: the name, the relation type."""
    nx.write_graphml(_flat_graph(_labelled_nodes(nodes), _labelled_edges(edges)), path)


def read_graphml(path: Path, list_keys: Sequence[str] = LIST_KEYS) -> tuple[Rows, Rows]:
    nodes, edges = _rows_of(_read(path, "GraphML", lambda p: nx.read_graphml(p, force_multigraph=True)), list_keys)
    return _unlabelled(nodes), _unlabelled(edges)


def write_gexf(nodes: Iterable[dict], edges: Iterable[dict], path: Path) -> None:
    """Gephi shows a node's name and an edge's relation type as labels; GEXF's own keys are renamed (GEXF_*_RENAMED)."""
    G = _flat_graph(
        ({**_renamed(row, GEXF_NODE_RENAMED), "label": _node_label(row)} for row in nodes),
        ({**_renamed(row, GEXF_EDGE_RENAMED), "label": row["type"]} for row in edges),
    )
    nx.write_gexf(G, path)


def read_gexf(path: Path, list_keys: Sequence[str] = LIST_KEYS) -> tuple[Rows, Rows]:
    nodes, edges = _rows_of(_read(path, "GEXF", nx.read_gexf), list_keys)
    node_names = {new: old for old, new in GEXF_NODE_RENAMED.items()}
    edge_names = {new: old for old, new in GEXF_EDGE_RENAMED.items()}
    return ([_renamed(row, node_names) for row in _unlabelled(nodes)],
            [_renamed(row, edge_names) for row in _unlabelled(edges)])


def _node_label(row: dict) -> str:
    return row.get("name") or row["id"]


def _labelled_nodes(rows: Iterable[dict]) -> Iterable[dict]:
    return ({**row, "label": _node_label(row)} for row in rows)


def _labelled_edges(rows: Iterable[dict]) -> Iterable[dict]:
    return ({**row, "label": row["type"]} for row in rows)


def _unlabelled(rows: Rows) -> Rows:
    return [{k: v for k, v in row.items() if k != "label"} for row in rows]


def _renamed(row: dict, names: dict[str, str]) -> dict:
    return {names.get(k, k): v for k, v in row.items()}


def _flat_graph(nodes: Iterable[dict], edges: Iterable[dict]) -> nx.MultiDiGraph:
    """Lists and dicts become JSON strings, ``None`` values are dropped: neither format has them."""
    return to_networkx(map(_flat, nodes), map(_flat, edges))


def _flat(row: dict) -> dict:
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
        for k, v in row.items() if v is not None
    }


def _read(path: Path, what: str, reader) -> nx.MultiDiGraph:
    try:
        return reader(path)
    except (OSError, ValueError, KeyError, ParseError, nx.NetworkXError) as exc:
        raise ReadError(f"{path}: not a readable {what} file ({exc})") from exc


def _rows_of(G: nx.MultiDiGraph, list_keys: Sequence[str]) -> tuple[Rows, Rows]:
    nodes = [{"id": node, **_unflat(data, list_keys)} for node, data in G.nodes(data=True)]
    edges = [
        {"source": u, "target": v, **_unflat({k: x for k, x in data.items() if k != "id"}, list_keys)}
        for u, v, data in G.edges(data=True)
    ]
    return nodes, edges


def _unflat(data: dict, list_keys: Sequence[str]) -> dict:
    return {k: json.loads(v) if k in list_keys and isinstance(v, str) else v for k, v in data.items()}


# --- neo4j-admin CSV ----------------------------------------------------------------------------------------


def write_csv(nodes: Iterable[dict], edges: Iterable[dict], directory: Path) -> tuple[Path, Path]:
    """``nodes.csv`` and ``relationships.csv`` in ``directory``; returns their paths."""
    nodes, edges = list(nodes), list(edges)
    directory.mkdir(parents=True, exist_ok=True)
    node_path, rel_path = directory / NODE_FILE, directory / RELATIONSHIP_FILE
    node_columns = _columns(nodes, exclude=("id",))
    _write_table(
        node_path, ["id:ID", ":LABEL", *(_header(k, t) for k, t in node_columns)],
        ([row["id"], f"Entity{ARRAY_DELIMITER}{row['type']}" if row.get("type") else "Entity",
          *(_cell(row, k, t, f"node {row['id']}") for k, t in node_columns)] for row in nodes),
    )
    edge_columns = _columns(edges, exclude=("source", "target"))
    _write_table(
        rel_path, [":START_ID", ":END_ID", ":TYPE", *(_header(k, t) for k, t in edge_columns if k != "type")],
        ([row["source"], row["target"], row["type"],
          *(_cell(row, k, t, f"relationship {row['source']}-{row['type']}->{row['target']}")
            for k, t in edge_columns if k != "type")] for row in edges),
    )
    return node_path, rel_path


def read_csv(directory: Path) -> tuple[Rows, Rows]:
    """Rows from ``nodes.csv`` and ``relationships.csv`` as :func:`write_csv` wrote them (``:LABEL`` dropped)."""
    nodes = [
        {"id": row.pop("id:ID"), **_typed({k: v for k, v in row.items() if k != ":LABEL"}, directory / NODE_FILE)}
        for row in _read_table(directory / NODE_FILE, ("id:ID", ":LABEL"))
    ]
    edges = [
        {"source": row.pop(":START_ID"), "target": row.pop(":END_ID"), "type": row.pop(":TYPE"),
         **_typed(row, directory / RELATIONSHIP_FILE)}
        for row in _read_table(directory / RELATIONSHIP_FILE, (":START_ID", ":END_ID", ":TYPE"))
    ]
    return nodes, edges


_CSV_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _columns(rows: list[dict], exclude: Sequence[str]) -> list[tuple[str, str]]:
    """Each property key with its neo4j-admin type, in first-seen order; ints and floats together are doubles."""
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row.items():
            if key in exclude or value is None:
                continue
            if isinstance(value, list):
                kind = "string[]"
            elif type(value) in _CSV_TYPES:
                kind = _CSV_TYPES[type(value)]
            else:
                raise EcokgError(f"property {key!r} holds a {type(value).__name__}, which CSV export cannot write")
            kinds.setdefault(key, set()).add(kind)
    columns = []
    for key, seen in kinds.items():
        if seen <= {"long", "double"}:
            columns.append((key, "double" if "double" in seen else "long"))
        elif len(seen) == 1:
            columns.append((key, seen.pop()))
        else:
            raise EcokgError(f"property {key!r} mixes types {sorted(seen)}; CSV export needs one type per column")
    return columns


def _header(key: str, kind: str) -> str:
    return key if kind == "string" else f"{key}:{kind}"


def _cell(row: dict, key: str, kind: str, what: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if kind == "string[]":
        bad = [item for item in value if ARRAY_DELIMITER in str(item)]
        if bad:
            raise EcokgError(f"{what}: {key} item {bad[0]!r} contains {ARRAY_DELIMITER!r}, the CSV array delimiter")
        return ARRAY_DELIMITER.join(map(str, value))
    if kind == "boolean":
        return "true" if value else "false"
    return repr(float(value)) if kind == "double" else str(value)


def _write_table(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def _read_table(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as source:
            rows = list(csv.DictReader(source))
            header = rows[0].keys() if rows else []
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror})") from exc
    missing = [column for column in required if rows and column not in header]
    if missing:
        raise ReadError(f"{path}: missing column(s) {', '.join(missing)}; not a neo4j-admin import file")
    return rows


def _typed(row: dict[str, str], path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column, text in row.items():
        key, _, kind = column.partition(":")
        if kind == "string[]":
            out[key] = text.split(ARRAY_DELIMITER) if text else []
        elif text == "":
            continue
        elif kind in ("", "string"):
            out[key] = text
        elif kind == "boolean":
            out[key] = text == "true"
        elif kind in ("long", "int"):
            out[key] = int(text)
        elif kind in ("double", "float"):
            out[key] = float(text)
        else:
            raise ReadError(f"{path}: column {column!r} has type {kind!r}, which ecokg does not read")
    return out


# --- JSON ---------------------------------------------------------------------------------------------------


def write_json(nodes: Iterable[dict], edges: Iterable[dict], path: Path) -> None:
    path.write_text(json.dumps({"nodes": list(nodes), "edges": list(edges)}, ensure_ascii=False, indent=1),
                    encoding="utf-8")


def read_json(path: Path) -> tuple[Rows, Rows]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise ReadError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise ReadError(f'{path}: expected {{"nodes": [...], "edges": [...]}}')
    return data["nodes"], data["edges"]


# --- what to export -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The rows to export and how much of the graph they leave out."""

    nodes: Rows
    edges: Rows
    entities_left_out: int  # entities of types not selected
    relations_left_out: int  # relations touching them
    documents: int  # Document nodes: never exported, their evidence is on each relation (doc, doc_name, evidence)
    mentions: int  # their MENTIONS relationships

    def left_out(self) -> list[str]:
        """What the export leaves out, in words; empty when it keeps everything."""
        parts = []
        if self.entities_left_out or self.relations_left_out:
            parts.append(f"{self.entities_left_out} entities of other types and {self.relations_left_out} "
                         "relations touching them")
        if self.documents or self.mentions:
            parts.append(f"{self.documents} documents and their {self.mentions} MENTIONS "
                         "(each relation keeps its document and evidence)")
        return parts


def select(store: Store, types: Sequence[str] = ENTITY_TYPES) -> Selection:
    """Entities of ``types`` (all by default) and the relations among them, one row per document."""
    unknown = sorted(set(types) - set(ENTITY_TYPES))
    if unknown:
        raise EcokgError(f"unknown entity type(s) {', '.join(unknown)}: use {', '.join(ENTITY_TYPES)}")
    nodes, edges = get_graph(store, types, RELATION_TYPES)
    stats = get_stats(store)
    relations = sum(stats.relationships.get(rel, 0) for rel in RELATION_TYPES)
    return Selection(nodes, edges, stats.entities - len(nodes), relations - len(edges), stats.documents,
                     stats.relationships.get("MENTIONS", 0))


# --- one entry point ----------------------------------------------------------------------------------------


def export(nodes: Iterable[dict], edges: Iterable[dict], fmt: str, path: Path) -> list[Path]:
    """Write in ``fmt`` (one of :data:`FORMATS`); ``path`` is a directory for CSV, a file otherwise."""
    if fmt == "csv":
        return list(write_csv(nodes, edges, path))
    writers = {"graphml": write_graphml, "gexf": write_gexf, "json": write_json}
    if fmt not in writers:
        raise EcokgError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    writers[fmt](nodes, edges, path)
    return [path]
