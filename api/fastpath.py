"""Answers already given, sent again before any routing: a GET whose path and query string this process answered
for the graph version it still trusts gets the same body back from this ASGI middleware, without FastAPI's routing,
parameter validation and dependencies (under 16 clients those were about a third of a cached answer's time).

Only answers that :meth:`api.queries.Reader.respond` made for a request without credentials are kept (a route's
answer for its validated parameters, which depend on nothing but the path and query string), on the index of the
version they answer (:class:`api.names.GraphIndex`), so a new version starts with none. When the version is due to be asked again, or
this process wrote, the request goes the whole way and the route asks it."""
from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import names

_ANSWER = "ecokg.answer"  # the scope entry where a request's route leaves (index, body) for the middleware


def answer_hook(scope: Scope) -> Callable[[names.GraphIndex, bytes], None]:
    """What a request's reader calls with the answer it sends (and the index it answers from)."""
    def answered(index: names.GraphIndex, body: bytes) -> None:
        scope[_ANSWER] = (index, body)
    return answered


class AnswerFastPath:
    """Pure ASGI middleware: sends a kept answer; keeps the answer of a GET that a route answered with 200."""

    def __init__(self, app: ASGIApp, *, state, version_max_age_s: float) -> None:
        self.app, self.state, self.version_max_age_s = app, state, version_max_age_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        store = getattr(self.state, "store", None)
        if scope["type"] != "http" or scope["method"] != "GET" or store is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        index = names.current_index(store, self.version_max_age_s)
        body = index.sent.stored(key) if index is not None else None
        if body is not None:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-length", str(len(body)).encode()),
                                    (b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        status = 0

        async def noted_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, noted_send)
        answered = scope.get(_ANSWER)
        # kept only if given without credentials: an answer anyone may be sent
        anonymous = all(name != b"authorization" for name, _ in scope["headers"])
        if answered is not None and status == 200 and anonymous:
            index, body = answered
            index.sent.offer(key, body)
