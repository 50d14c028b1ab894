"""Run a user's Cypher query and return plain JSON-ready rows (``ecokg cypher``)."""
from __future__ import annotations

from dataclasses import dataclass

import neo4j
from neo4j.graph import Node, Path, Relationship

from ecokg.errors import QueryError
from graph.store import Store


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[list]
    truncated: bool  # more rows than max_rows matched


def run_cypher(store: Store, query: str, params: dict | None = None, *,
               timeout_s: float | None = None, max_rows: int | None = None) -> QueryResult:
    """Run one query in an auto-commit transaction; values become JSON-ready (nodes and relationships as maps)."""
    try:
        with store.session() as session:
            result = session.run(neo4j.Query(query, timeout=timeout_s), params or {})
            columns = list(result.keys())
            rows, truncated = [], False
            for record in result:
                if max_rows is not None and len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append([plain(value) for value in record.values()])
            result.consume()
    except neo4j.exceptions.Neo4jError as exc:
        raise QueryError(_one_line(exc.message or str(exc))) from exc
    return QueryResult(columns, rows, truncated)


def plain(value):
    """A Bolt value as JSON-ready Python: nodes, relationships and paths become maps and lists."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {
            "type": value.type, "properties": plain(dict(value)),
            "start": plain(dict(value.start_node)).get("id") if value.start_node else None,
            "end": plain(dict(value.end_node)).get("id") if value.end_node else None,
        }
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # temporal and spatial values: their ISO / WKT text


def _one_line(message: str) -> str:
    return " ".join(message.split())
