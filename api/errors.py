"""The API's one error shape, ``{"error": {"code", "message", "detail"?}}``, for every error it returns."""
from __future__ import annotations

import logging
from typing import Any

import neo4j
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ecokg.errors import (ConfigError, EcokgError, LoadError, NotFoundError, QueryError, QueryTimeoutError,
                          ReadError, StoreError)

log = logging.getLogger("ecokg.api")


class ApiError(EcokgError):
    """An error with its HTTP status, code and optional structured detail."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.detail = detail


class AmbiguousError(ApiError):
    """A name matches several entities; ``detail`` lists them."""

    status, code = 409, "ambiguous"


class EntityNotFound(ApiError):
    """No entity has the given id or name; ``detail`` suggests close matches."""

    status, code = 404, "not_found"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class WritesDisabled(ApiError):
    status, code = 403, "writes_disabled"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


class UnsupportedFile(ApiError):
    status, code = 415, "unsupported_file"


class Busy(ApiError):
    """Every worker for analysts' Cypher is taken: the API's own queries must not wait behind them."""

    status, code = 503, "busy"


class UnknownQuestion(ApiError):
    """``/ask`` has no template for the question; ``detail`` lists the supported forms."""

    status, code = 422, "unknown_question"


class NotAnalyzed(ApiError):
    status, code = 409, "not_analyzed"


# Domain errors of the library, by most specific class first.
DOMAIN_ERRORS: tuple[tuple[type[EcokgError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (QueryTimeoutError, 504, "query_timeout"),
    (QueryError, 400, "query_refused"),
    (ReadError, 422, "unreadable_file"),
    (LoadError, 422, "load_failed"),
    (StoreError, 503, "store_unavailable"),
    (ConfigError, 500, "misconfigured"),
)
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
              413: "payload_too_large", 415: "unsupported_file", 422: "validation_error"}


def error_response(status: int, code: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Make every error, including FastAPI's own validation and routing errors, take the one shape."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        return error_response(exc.status, exc.code, str(exc), exc.detail, headers)

    @app.exception_handler(EcokgError)
    async def domain_error(request: Request, exc: EcokgError) -> JSONResponse:
        for cls, status, code in DOMAIN_ERRORS:
            if isinstance(exc, cls):
                return error_response(status, code, " ".join(str(exc).split()))
        return error_response(500, "internal_error", " ".join(str(exc).split()))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
            for error in exc.errors()
        ]
        message = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return error_response(422, "validation_error", message, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(neo4j.exceptions.ServiceUnavailable)
    async def store_unreachable(request: Request, exc: neo4j.exceptions.ServiceUnavailable) -> JSONResponse:
        return error_response(503, "store_unavailable", f"the graph store cannot be reached: {exc}")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", f"{type(exc).__name__}: {exc}")
