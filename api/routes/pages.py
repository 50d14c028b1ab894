"""Pages for people: a landing page, and the API docs (Swagger UI, ReDoc) with their assets served from the package.

FastAPI's own /docs and /redoc load Swagger UI and ReDoc from a CDN and fonts from Google, and are blank without
internet; these follow FastAPI's self-hosting recipe instead. The assets in ``api/static`` are the projects' own npm
distributions (swagger-ui-dist, redoc), copied unchanged with their licences (``api/static/THIRD_PARTY.md``): the
PyPI repackagings (fastapi-offline, swagger-ui-bundle) lag behind upstream, and swagger-ui-bundle has no ReDoc.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
STATIC_URL = "/static"  # where api/app.py mounts STATIC_DIR

router = APIRouter(include_in_schema=False)


def _url(request: Request, path: str) -> str:
    # Behind a proxy that serves the API under a prefix, as FastAPI's own docs pages do.
    return request.scope.get("root_path", "").rstrip("/") + path


@router.get("/")
def root(request: Request) -> RedirectResponse:
    return RedirectResponse(_url(request, "/home"))


@router.get("/home", response_class=HTMLResponse)
def home() -> str:
    return (TEMPLATES_DIR / "home.html").read_text(encoding="utf-8")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=_url(request, request.app.openapi_url), title=f"{request.app.title} · Swagger UI",
        swagger_js_url=_url(request, f"{STATIC_URL}/swagger-ui-bundle.js"),
        swagger_css_url=_url(request, f"{STATIC_URL}/swagger-ui.css"),
        swagger_favicon_url=_url(request, f"{STATIC_URL}/favicon-32x32.png"),
    )


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(
        openapi_url=_url(request, request.app.openapi_url), title=f"{request.app.title} · ReDoc",
        redoc_js_url=_url(request, f"{STATIC_URL}/redoc.standalone.js"),
        redoc_favicon_url=_url(request, f"{STATIC_URL}/favicon-32x32.png"), with_google_fonts=False,
    )
