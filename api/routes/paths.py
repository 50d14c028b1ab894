"""How two entities are connected."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import queries
from api.deps import ReaderDep
from api.models import Paths

router = APIRouter(tags=["paths"])


@router.get("/paths", response_model=Paths, response_model_by_alias=True)
def get_paths(
    reader: ReaderDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=200, description="Entity id, name or alias")],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=200, description="Entity id, name or alias")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = queries.MAX_HOPS,
    limit: Annotated[int, Query(ge=1, le=100)] = queries.PATHS_LIMIT,
) -> Paths:
    """Shortest paths between two entities over their relations, with the evidence for every hop."""
    return queries.paths(reader, source, target, max_hops, limit)
