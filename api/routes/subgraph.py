"""A capped subgraph around an entity, as JSON and as the interactive network page."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api import queries
from api.deps import ReaderDep, StoreDep
from api.errors import EntityNotFound, error_responses
from api.models import Subgraph
from ecokg.records import EntityType
from graph import viz

router = APIRouter(tags=["subgraph"])
CENTER_ERRORS = (
    (404, "No entity has the id, name or alias of center; error.detail.suggestions lists close matches"),
    (409, "center names several entities; error.detail.candidates lists them"), 422, 503)
Center = Annotated[str, Query(min_length=1, max_length=200, description="Entity id, name or alias")]
Depth = Annotated[int, Query(ge=1, le=4)]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many entities")]


@router.get("/subgraph", response_model=Subgraph, responses=error_responses(*CENTER_ERRORS))
def get_subgraph(
    store: StoreDep, reader: ReaderDep, center: Center, depth: Depth = 2, limit: Limit = viz.DEFAULT_LIMIT,
    types: Annotated[list[EntityType] | None, Query(description="Keep only entities of these types")] = None,
) -> Subgraph:
    """Nodes and edges within `depth` relations of an entity, capped, with evidence on every edge."""
    return queries.subgraph(store, reader, center, depth, limit, types)


@router.get("/viz", response_class=HTMLResponse, responses={
    **error_responses(*CENTER_ERRORS[1:], html_route=True),  # all but the 404, which is a page here
    404: {"description": "No entity has the id, name or alias of center: a page suggesting close names",
          "content": {"text/html": {"schema": {"type": "string"}}}}})
def get_viz(store: StoreDep, reader: ReaderDep, center: Center, depth: Depth = 2, limit: Limit = viz.DEFAULT_LIMIT) -> str:
    """The interactive network view of the subgraph around an entity; an unknown centre gets a page suggesting
    close names (in Chinese, as the view is), not the JSON error."""
    try:
        data = queries.subgraph(store, reader, center, depth, limit, None).model_dump(exclude={"truncated"})
    except EntityNotFound as exc:
        return HTMLResponse(viz.render_not_found(center, (exc.detail or {}).get("suggestions", [])), status_code=404)
    return viz.render_page(data, standalone=False, asset_url="/viz/static")
