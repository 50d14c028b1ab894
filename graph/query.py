"""Run a user's Cypher query and return plain JSON-ready rows (``POST /cypher``, ``ecokg cypher``)."""
from __future__ import annotations

from dataclasses import dataclass

import neo4j
from neo4j.graph import Node, Path, Relationship

from ecokg.errors import QueryError, QueryTimeoutError
from graph.readonly import check_read_only
from graph.stamp import mark_changed
from graph.store import Store


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[list]
    truncated: bool  # more rows than max_rows matched


def run_cypher(store: Store, query: str, params: dict | None = None, *, write: bool = False,
               timeout_s: float | None = None, max_rows: int | None = None) -> QueryResult:
    """Run one query; values become JSON-ready (nodes and relationships as maps).

    Unless ``write``, three things keep it a read: :func:`check_read_only` refuses it up front, it runs as
    the store's read-only user in READ mode, and in a transaction that is always rolled back and refused if
    its summary reports any update. ``timeout_s`` is sent as the transaction timeout (Neo4j stops the query
    there; the embedded server stops the reader's statements at ECOKG_CYPHER_TIMEOUT_S, others at 10× it)."""
    if not write:
        check_read_only(query)
    try:
        if write:
            with store.session() as session:
                written = _collect(session.run(neo4j.Query(query, timeout=timeout_s), params or {}), max_rows)[0]
            mark_changed(store)
            return written
        with store.read_session() as session:
            tx = session.begin_transaction(timeout=timeout_s)
            try:
                result, counters = _collect(tx.run(query, params or {}), max_rows)
            finally:
                tx.close()  # rolls back: nothing a read runs is ever committed
    except neo4j.exceptions.Neo4jError as exc:
        raise query_error(exc, timeout_s) from exc
    if counters.contains_updates or counters.contains_system_updates:
        raise QueryError("the query tried to change the graph and was rolled back; only reads are allowed "
                         "(ecokg cypher --write changes the graph)")
    return result


def _collect(result: neo4j.Result, max_rows: int | None) -> tuple[QueryResult, neo4j.SummaryCounters]:
    columns = list(result.keys())
    rows, truncated = [], False
    for record in result:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        rows.append([plain(value) for value in record.values()])
    return QueryResult(columns, rows, truncated), result.consume().counters


def query_error(exc: neo4j.exceptions.Neo4jError, timeout_s: float | None = None) -> QueryError:
    """The domain error for a failed query: a timeout, a refusal of the read-only user, or the server's message."""
    code = exc.code or ""
    if "TransactionTimedOut" in code or code.endswith("Transaction.Terminated"):
        limit = f" of {timeout_s:g}s" if timeout_s else ""
        return QueryTimeoutError(f"the query ran past the time limit{limit} (ECOKG_CYPHER_TIMEOUT_S) and was "
                                 "stopped; narrow it with WHERE, LIMIT or a shorter path bound")
    if "Security.Forbidden" in code:
        return QueryError(f"the database refused the query for the read-only user ({_one_line(exc.message or '')}); "
                          "only reads are allowed")
    return QueryError(_one_line(exc.message or str(exc)))


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
