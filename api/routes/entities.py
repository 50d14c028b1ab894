"""Entity search, detail and relations."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import queries
from api.deps import ReaderDep
from api.errors import error_responses
from api.models import Direction, EntityDetail, Relations, SearchPage
from ecokg.records import EntityType, RelationType

router = APIRouter(tags=["entities"])
ENTITY_ERRORS = error_responses((404, "No entity has the id; error.detail.suggestions lists close matches"), 422, 503)
EntityId = Annotated[str, Path(min_length=1, max_length=300, description="Entity id, e.g. Hospital:东方医院")]


@router.get("/entities", response_model=SearchPage, responses=error_responses(422, 503))
async def search_entities(
    reader: ReaderDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name or alias; simplified or traditional")],
    type: Annotated[EntityType | None, Query(description="Only entities of this type")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    """Search entities by name or alias: exact matches first, then prefix, then substring."""
    # From the in-process index alone: computing it again costs less than sharing it with the other workers.
    return await reader.respond("entities", (q, type, offset, limit),
                                lambda: queries.search(reader, q, type, offset, limit), share=False, in_memory=True)


@router.get("/entities/{entity_id}", response_model=EntityDetail, responses=ENTITY_ERRORS)
def get_entity(reader: ReaderDep, entity_id: EntityId) -> EntityDetail:
    """An entity's labels, properties, aliases, degree per relation type and the documents mentioning it."""
    return queries.entity_detail(reader, entity_id)


@router.get("/entities/{entity_id}/relations", response_model=Relations, responses=ENTITY_ERRORS)
async def get_relations(
    reader: ReaderDep,
    entity_id: EntityId,
    type: Annotated[list[RelationType] | None, Query(description="Only these relation types")] = None,
    direction: Annotated[Direction, Query(description="out: entity → neighbour; in: neighbour → entity")] = "both",
    neighbor_type: Annotated[EntityType | None, Query(description="Only neighbours of this type")] = None,
) -> Response:
    """An entity's relations, one per neighbour and type: how many statements and documents, the newest ones' evidence."""
    return await reader.respond("relations", (entity_id, tuple(type or ()), direction, neighbor_type),
                                lambda: queries.relations(reader, entity_id, type, direction, neighbor_type))
