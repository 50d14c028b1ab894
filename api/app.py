"""The FastAPI application: ``create_app()`` makes it; its lifespan opens the process's one graph store."""
from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles

from api import errors
from api.cache import SharedAnswers
from api.deps import reader_for, require_token
from api.fastpath import AnswerFastPath
from api.readahead import ReadAhead, prepare
from api.routes import analytics, ask, cypher, documents, entities, health, pages, partners, paths, subgraph
from api.uploads import RequestGuard
from ecokg.settings import Settings, get_settings
from graph.schema import apply_schema
from graph.store import open_store
from graph.viz import STATIC_DIR

# Analysts' Cypher runs on its own small pool, so a slow query cannot take the request threads; at most
# CYPHER_WAITING more queue behind it, the rest are told the API is busy (503) at once.
CYPHER_WORKERS = 2
CYPHER_WAITING = 2
MULTIPART_SLACK = 64 * 1024  # room for the multipart headers around an upload of the maximum size


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_store(settings) as store:
            apply_schema(store)
            pool = ThreadPoolExecutor(CYPHER_WORKERS, "cypher")
            app.state.store = store
            app.state.cypher_pool = pool
            app.state.cypher_slots = threading.BoundedSemaphore(CYPHER_WORKERS + CYPHER_WAITING)
            app.state.shared_answers = (SharedAnswers(settings.api_shared_answers)
                                        if settings.api_shared_answers else None)
            app.state.read_ahead = ReadAhead(settings.api_read_ahead)
            await run_in_threadpool(prepare, reader_for(app.state, settings))
            try:
                yield
            finally:
                # Not waiting for running queries: the server stops them at its own time limit, and a
                # shutdown (SIGTERM) must not wait that long.
                pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="ecokg",
        summary="Knowledge graph of Shanghai's biomedicine ecosystem: partners, paths, evidence, questions in Chinese.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # api/routes/pages.py serves /docs and /redoc with packaged assets: they work offline
        redoc_url=None,
    )
    app.state.settings = settings
    errors.install(app)

    # Token and size are checked as the request arrives, before FastAPI reads (and spools) any body.
    app.add_middleware(RequestGuard, api=app, settings=settings, max_body=settings.max_upload_bytes + MULTIPART_SLACK,
                       token_check=require_token)
    # Outside the guard: it sends only GET answers a route gave (api/fastpath.py).
    app.add_middleware(AnswerFastPath, state=app.state, version_max_age_s=settings.api_version_check_s)
    for module in (pages, health, entities, partners, paths, subgraph, analytics, documents, cypher, ask):
        app.include_router(module.router)
    app.mount("/viz/static", StaticFiles(directory=STATIC_DIR), name="viz-static")
    app.mount(pages.STATIC_URL, StaticFiles(directory=pages.STATIC_DIR), name="static")
    return app
