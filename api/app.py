"""The FastAPI application: ``create_app()`` makes it; its lifespan opens the process's one graph store."""
from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.models import ErrorResponse
from api.routes import analytics, ask, cypher, documents, entities, health, partners, paths, subgraph
from ecokg.settings import Settings, get_settings
from graph.schema import apply_schema
from graph.store import open_store
from graph.viz import STATIC_DIR

# Analysts' Cypher runs on its own small pool, so a slow query cannot take the request threads.
CYPHER_WORKERS = 2


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_store(settings) as store, ThreadPoolExecutor(CYPHER_WORKERS, "cypher") as pool:
            apply_schema(store)
            app.state.store = store
            app.state.cypher_pool = pool
            yield

    app = FastAPI(
        title="ecokg",
        summary="Knowledge graph of Shanghai's biomedicine ecosystem: partners, paths, evidence, questions in Chinese.",
        version="0.1.0",
        lifespan=lifespan,
        responses={422: {"model": ErrorResponse, "description": "Invalid parameters"}},
    )
    app.state.settings = settings
    errors.install(app)
    for module in (health, entities, partners, paths, subgraph, analytics, documents, cypher, ask):
        app.include_router(module.router)
    app.mount("/viz/static", StaticFiles(directory=STATIC_DIR), name="viz-static")
    return app
