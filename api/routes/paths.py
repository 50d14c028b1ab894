"""How two entities are connected."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api import queries
from api.deps import ReaderDep
from api.errors import error_responses
from api.models import Paths

router = APIRouter(tags=["paths"])


@router.get("/paths", response_model=Paths, response_model_by_alias=True, responses=error_responses(
    (400, "from and to are the same entity"),
    (404, "No entity has the id, name or alias of from or to; error.detail.suggestions lists close matches"),
    (409, "from or to names several entities; error.detail.candidates lists them"), 422, 503))
async def get_paths(
    reader: ReaderDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=200, description="Entity id, name or alias")],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=200, description="Entity id, name or alias")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = queries.MAX_HOPS,
    limit: Annotated[int, Query(ge=1, le=100)] = queries.PATHS_LIMIT,
) -> Response:
    """Shortest paths between two entities over their relations, with the evidence for every hop."""
    return await reader.respond("paths", (source, target, max_hops, limit),
                                lambda: queries.paths(reader, source, target, max_hops, limit))
