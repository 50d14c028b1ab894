"""Read-only Cypher for analysts."""
from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import neo4j
from fastapi import APIRouter, Request

from api.deps import SettingsDep, StoreDep
from api.errors import QueryTimeout
from api.models import CypherRequest, CypherResult
from api.readonly import check_read_only
from ecokg.errors import QueryError
from graph.query import plain
from graph.store import Store

router = APIRouter(tags=["cypher"])


@router.post("/cypher", response_model=CypherResult)
def post_cypher(body: CypherRequest, request: Request, store: StoreDep, settings: SettingsDep) -> CypherResult:
    """Run one read-only Cypher query (timeout, row cap; anything that writes is refused and rolled back)."""
    check_read_only(body.query)
    timeout = settings.cypher_timeout_s
    future = request.app.state.cypher_pool.submit(
        run_and_roll_back, store, body.query, body.params, timeout, settings.cypher_max_rows)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        # The server-side timeout stops it on Neo4j; the embedded server ignores it, so the worker
        # finishes in the background and still rolls back.
        raise QueryTimeout(f"the query ran longer than {timeout:g}s (ECOKG_CYPHER_TIMEOUT_S); "
                           "narrow it with WHERE or LIMIT") from None


def run_and_roll_back(store: Store, query: str, params: dict[str, Any], timeout_s: float, max_rows: int) -> CypherResult:
    """Run ``query`` in a transaction that is always rolled back; refuse it if its summary reports any update."""
    try:
        with store.session() as session:
            tx = session.begin_transaction(timeout=timeout_s)
            try:
                result = tx.run(query, params)
                columns = list(result.keys())
                rows, truncated = [], False
                for record in result:
                    if len(rows) >= max_rows:
                        truncated = True
                        break
                    rows.append([plain(value) for value in record.values()])
                counters = result.consume().counters
            finally:
                tx.close()  # rolls back: nothing this endpoint runs is ever committed
    except neo4j.exceptions.Neo4jError as exc:
        raise QueryError(" ".join((exc.message or str(exc)).split())) from exc
    if counters.contains_updates or counters.contains_system_updates:
        raise QueryError("the query tried to change the graph and was rolled back; this endpoint only reads")
    return CypherResult(columns=columns, rows=rows, truncated=truncated)
