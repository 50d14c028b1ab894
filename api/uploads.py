"""Uploaded documents: type sniffing, safe file names, saving under ``<data_dir>/uploads``, and the request guard.

A file in the uploads directory (:func:`ecokg.build.uploads_dir`) is the document ``upload:<name>`` (see
:func:`ecokg.build.source_of`): an upload replaces an earlier upload of its name, never a corpus document."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator

from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, Unauthorized, UnsupportedFile, error_response
from ecokg.settings import Settings

MAX_NAME_CHARS = 100
_UNSAFE = re.compile(r"[^\w\-]+")  # \w is Unicode: Chinese names stay readable
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S)


def sniff(data: bytes) -> str:
    """The file suffix the content calls for (.pdf, .docx, .html, .txt); refuses anything else."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except zipfile.BadZipFile as exc:
            raise UnsupportedFile(f"the file looks like a ZIP archive but is damaged: {exc}") from exc
        raise UnsupportedFile("the file is a ZIP archive but not a Word .docx document; upload PDF, .docx, HTML or text")
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFile("the file is binary data of an unsupported type; upload PDF, .docx, HTML or text")
    if _HTML_START.match(head):
        return ".html"
    return ".txt"


def safe_name(filename: str | None, suffix: str) -> str:
    """A file name without directories, odd characters or a misleading suffix: the stem, cleaned, plus ``suffix``."""
    base = unicodedata.normalize("NFKC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    cleaned = _UNSAFE.sub("_", stem).strip("._-")[:MAX_NAME_CHARS]
    return f"{cleaned or 'upload'}{suffix}"


class RequestGuard:
    """Pure ASGI middleware: a write endpoint's bearer token is checked before its body is read, and no body
    grows past ``max_body`` bytes, counted as they arrive (a chunked upload declares no length). FastAPI
    reads and spools a multipart body before any dependency runs, so neither check can wait for the route.

    ``write_routes`` are the routes whose dependencies include ``token_check``; a request to one of them
    answers the check's error (401/403) unread."""

    def __init__(self, app: ASGIApp, *, api: Starlette, settings: Settings, max_body: int,
                 token_check: Callable[..., None]) -> None:
        self.app, self.api, self.settings, self.max_body, self.token_check = app, api, settings, max_body, token_check
        self._write_routes: list[BaseRoute] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._token_refusal(scope) or self._declared_refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        received, too_large, started = 0, False, False

        async def counted_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    too_large = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_large:
                return  # the app's answer to a body cut short (400, 500) is replaced by the 413 below
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            pass
        if too_large and not started:
            await self._too_large()(scope, receive, send)

    def _too_large(self) -> ASGIApp:
        return error_response(413, "payload_too_large", f"the request body is larger than {self.settings.max_upload_bytes} "
                                                        "bytes (ECOKG_MAX_UPLOAD_BYTES); nothing was loaded")

    def _declared_refusal(self, scope: Scope) -> ASGIApp | None:
        declared = Headers(scope=scope).get("content-length", "")
        return self._too_large() if declared.isdigit() and int(declared) > self.max_body else None

    def _token_refusal(self, scope: Scope) -> ASGIApp | None:
        if not any(route.matches(scope)[0] == Match.FULL for route in self.write_routes()):
            return None
        scheme, _, token = Headers(scope=scope).get("authorization", "").partition(" ")
        credentials = HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip()) \
            if scheme.lower() == "bearer" and token.strip() else None
        try:
            self.token_check(self.settings, credentials)
        except ApiError as exc:  # answered as the app's handler answers it (api/errors.py)
            headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
            return error_response(exc.status, exc.code, str(exc), exc.detail, headers)
        return None

    def write_routes(self) -> list[BaseRoute]:
        if self._write_routes is None:
            self._write_routes = [route for route in _api_routes(self.api.routes)
                                  if _depends_on(route.dependant, self.token_check)]
        return self._write_routes


class BodyTooLarge(Exception):
    """Raised into the app when a request body passes the limit; :class:`RequestGuard` answers 413."""


def _api_routes(routes: list[BaseRoute]) -> Iterator[APIRoute]:
    """Every API route, also those of included routers (FastAPI wraps them; ecokg includes them without prefix,
    so a route matches a request by its own path)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def _depends_on(dependant, call: Callable) -> bool:
    return any(sub.call is call or _depends_on(sub, call) for sub in dependant.dependencies)
