"""The API's one error shape, ``{"error": {"code", "message", "detail"?}}``, for every error it returns."""
from __future__ import annotations

import logging
from typing import Any

import neo4j
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from api.models import ErrorResponse

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


# What each error status means wherever it is documented; a route names its own reason where it has one.
ERROR_DESCRIPTIONS = {
    400: "The request was refused; error.message says why",
    401: "No bearer token, or the wrong one",
    403: "Writes are off: ECOKG_API_TOKEN is not set on the server",
    404: "Not found; error.detail suggests close matches where there are any",
    409: "The name is ambiguous; error.detail lists the candidates",
    413: "The request body is larger than ECOKG_MAX_UPLOAD_BYTES",
    415: "The upload is not PDF, .docx, HTML or text",
    422: "Invalid parameters; error.detail lists each field and its problem",
    503: "The graph store cannot be reached",
    504: "The query ran past ECOKG_CYPHER_TIMEOUT_S and was stopped",
}
ROUTABLE_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
# RFC 9110: a 401 names the scheme to authenticate with.
WWW_AUTHENTICATE = {"WWW-Authenticate": {"description": "Bearer", "required": True, "schema": {"type": "string"}}}


def error_responses(*statuses: int | tuple[int, str], html_route: bool = False) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a route's error statuses, each with the one error model; a ``(status,
    description)`` pair gives the route's own reason.

    FastAPI files a response's model under the route's own media type; for a route answering HTML
    (``html_route``) the errors, which are JSON, name the model's schema under application/json instead (other
    routes' models put it in the components)."""
    documented: dict[int | str, dict[str, Any]] = {}
    for item in statuses:
        status, description = item if isinstance(item, tuple) else (item, ERROR_DESCRIPTIONS[item])
        if html_route:
            documented[status] = {"description": description, "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{ErrorResponse.__name__}"}}}}
        else:
            documented[status] = {"model": ErrorResponse, "description": description}
        if status == 401:
            documented[status]["headers"] = WWW_AUTHENTICATE
    return documented


def allowed_methods(request: Request) -> list[str]:
    """Every method the app's routes serve at the request's path, and OPTIONS; none for a path they do not serve.
    Starlette's 405 names only the first route matching the path, so ``/documents/{ref}`` would say GET without
    DELETE. Mounts are left out: they match any method, and static files set their own ``Allow``."""
    methods = {method for route in request.app.router.routes for method in ROUTABLE_METHODS
               if not isinstance(route, Mount) and route.matches({**request.scope, "method": method})[0] == Match.FULL}
    return sorted(methods | {"OPTIONS"}) if methods else []


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
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405 and (methods := allowed_methods(request)):
            headers = {**(headers or {}), "Allow": ", ".join(methods)}
            # No route declares OPTIONS, so Starlette refuses it here, the one place that knows the path's methods.
            if request.method == "OPTIONS":
                return Response(status_code=204, headers=headers)
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), headers=headers)

    @app.exception_handler(neo4j.exceptions.ServiceUnavailable)
    async def store_unreachable(request: Request, exc: neo4j.exceptions.ServiceUnavailable) -> JSONResponse:
        return error_response(503, "store_unavailable", f"the graph store cannot be reached: {exc}")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", f"{type(exc).__name__}: {exc}")
