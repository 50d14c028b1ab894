"""Liveness and graph counts."""
from __future__ import annotations

from fastapi import APIRouter

from api.deps import SettingsDep, StoreDep
from api.errors import error_responses
from api.models import Health, Stats
from ecokg.build import last_build
from graph.stats import get_stats

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health, responses=error_responses(503))
def health(store: StoreDep) -> Health:
    """Whether the API and its graph store answer."""
    store.driver.verify_connectivity()
    return Health(status="ok", store=store.bolt_uri, embedded=store.embedded)


@router.get("/stats", response_model=Stats, responses=error_responses(503))
def stats(store: StoreDep, settings: SettingsDep) -> Stats:
    """Node counts by label, relationship counts by type, documents, entities and the last build."""
    return Stats(**get_stats(store).to_dict(), last_build=last_build(settings))
