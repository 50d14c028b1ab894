"""FastAPI dependencies: the process's one store (made in the app's lifespan), settings, readers, the write token."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import State

from api import fastpath
from api.errors import Unauthorized, WritesDisabled
from api.names import GraphIndex
from api.queries import Reader
from ecokg.settings import Settings
from graph.store import Store


# The dependencies are coroutines: they never block, and a plain function would cost each request a hop to the
# thread pool and back.
async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def reader_for(state: State, settings: Settings, on_answer: Callable[[GraphIndex, bytes], None] | None = None
               ) -> Reader:
    """A reader of the app's store with its shared answers and read-ahead: one request's, or the start-up's."""
    return Reader(state.store, version_max_age_s=settings.api_version_check_s,
                  content_max_age_s=settings.api_content_check_s, shared=state.shared_answers,
                  read_ahead=state.read_ahead, on_answer=on_answer)


async def get_reader(request: Request, settings: SettingsDep) -> Reader:
    return reader_for(request.app.state, settings, fastpath.answer_hook(request.scope))


ReaderDep = Annotated[Reader, Depends(get_reader)]

_bearer = HTTPBearer(auto_error=False, description="ECOKG_API_TOKEN; write endpoints are off when it is unset")


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Allow a write only with ``Authorization: Bearer $ECOKG_API_TOKEN``; with no token configured, writes are off."""
    token = settings.api_token.get_secret_value() if settings.api_token else ""
    if not token:
        raise WritesDisabled("write endpoints are off: set ECOKG_API_TOKEN on the server to enable them")
    if credentials is None:
        raise Unauthorized("send the API token as 'Authorization: Bearer <ECOKG_API_TOKEN>'")
    if not secrets.compare_digest(credentials.credentials.encode(), token.encode()):
        raise Unauthorized("the bearer token is wrong; use the server's ECOKG_API_TOKEN")


WriteAccess = Depends(require_token)
