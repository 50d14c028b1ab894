"""Read-only Cypher for analysts."""
from __future__ import annotations

from concurrent.futures import TimeoutError as FutureTimeout

from fastapi import APIRouter, Request

from api.deps import SettingsDep, StoreDep
from api.errors import Busy
from api.models import CypherRequest, CypherResult, ErrorResponse
from ecokg.errors import QueryTimeoutError
from graph.query import run_cypher
from graph.readonly import check_read_only

router = APIRouter(tags=["cypher"])
# How long past the time limit to wait for the server's own timeout error before answering 504 anyway.
SERVER_TIMEOUT_GRACE_S = 2.0


@router.post("/cypher", response_model=CypherResult, responses={
    400: {"model": ErrorResponse, "description": "The query was refused (it could write, or is malformed)"},
    413: {"model": ErrorResponse, "description": "The request body is larger than ECOKG_MAX_UPLOAD_BYTES"},
    422: {"model": ErrorResponse, "description": "The body is not a CypherRequest; error.detail lists each field"},
    503: {"model": ErrorResponse, "description": "Every Cypher worker is busy (try again shortly), or the graph store "
                                                 "cannot be reached"},
    504: {"model": ErrorResponse, "description": "The query ran past ECOKG_CYPHER_TIMEOUT_S and was stopped"},
})
def post_cypher(body: CypherRequest, request: Request, store: StoreDep, settings: SettingsDep) -> CypherResult:
    """Run one read-only Cypher query as the read-only database user (time limit, row cap, bounded paths)."""
    check_read_only(body.query)  # refused before it takes a worker
    slots = request.app.state.cypher_slots
    if not slots.acquire(blocking=False):
        raise Busy("every Cypher worker is busy with other queries; try again in a few seconds")
    timeout = settings.cypher_timeout_s
    try:
        future = request.app.state.cypher_pool.submit(
            run_cypher, store, body.query, body.params, timeout_s=timeout, max_rows=settings.cypher_max_rows)
    except RuntimeError:  # the pool is shutting down
        slots.release()
        raise
    future.add_done_callback(lambda _: slots.release())
    try:
        result = future.result(timeout=timeout + SERVER_TIMEOUT_GRACE_S)
    except FutureTimeout:
        raise QueryTimeoutError(f"the query ran longer than {timeout:g}s (ECOKG_CYPHER_TIMEOUT_S); "
                                "narrow it with WHERE, LIMIT or a shorter path bound") from None
    return CypherResult(columns=result.columns, rows=result.rows, truncated=result.truncated)
