"""The flagship question: who an organisation partners with, and the evidence."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api import queries
from api.deps import ReaderDep
from api.errors import error_responses
from api.models import Partners
from ecokg.records import EntityType, RelationType

router = APIRouter(tags=["partners"])


@router.get("/partners", response_model=Partners, responses=error_responses(
    (404, "No organisation has the id, name or alias; error.detail.suggestions lists close matches"),
    (409, "Several organisations have the name; error.detail.candidates lists them"), 422, 503))
async def get_partners(
    reader: ReaderDep,
    org: Annotated[str, Query(min_length=1, max_length=200, description="Organisation id, name or alias")],
    type: Annotated[EntityType | None, Query(description="Only partners of this type, e.g. Hospital")] = None,
    relation: Annotated[list[RelationType] | None, Query(
        description="Only these relations (default COOPERATES_WITH, AFFILIATED_WITH, FUNDS)")] = None,
    include_units: Annotated[bool, Query(
        description="Also count partnerships of the organisation's units (PART_OF it, affiliated hospitals)")] = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = queries.PARTNERS_LIMIT,
) -> Response:
    """Partner organisations of an organisation, each with how they are linked and the evidence."""
    return await reader.respond("partners", (org, type, tuple(relation or ()), include_units, limit),
                                lambda: queries.partners(reader, org, type, relation, include_units, limit))
