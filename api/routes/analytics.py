"""Rankings from the metrics `ecokg analyze` stores on entities."""
from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query

from api import queries
from api.deps import ReaderDep
from api.errors import error_responses
from api.models import TopEntities
from ecokg.records import EntityType
from graph.analytics import METRICS

router = APIRouter(tags=["analytics"])
Metric = Enum("Metric", {name: name for name in METRICS}, type=str)


@router.get("/analytics/top", response_model=TopEntities, responses=error_responses(
    (409, "No entity has metrics yet: run `ecokg analyze`"), 422, 503))
def get_top(
    reader: ReaderDep,
    metric: Annotated[Metric, Query()] = Metric.pagerank,
    type: Annotated[EntityType | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> TopEntities:
    """The entities ranked highest by degree, PageRank or betweenness."""
    return queries.top(reader, metric.value, type, limit)
