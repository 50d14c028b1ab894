"""The OpenAPI tells the truth: every error a route returns is documented for it with the one error model, ``Allow``
names every method of a path, and the pages for people (landing page, /docs, /redoc) load nothing from outside."""
from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.pages import STATIC_DIR
from ecokg.settings import Settings
from graph.store import Store

ROOT = Path(__file__).resolve().parents[2]
ERROR_REF = "#/components/schemas/ErrorResponse"


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/openapi.json").json()


@pytest.fixture()
def strict_client(settings: Settings, store: Store) -> Iterator[TestClient]:
    """The API with writes off (no token) and a 1 KiB body limit."""
    strict = settings.model_copy(update={"api_token": None, "max_upload_bytes": 1024})
    with TestClient(create_app(strict)) as test_client:
        yield test_client


def operations(spec: dict) -> Iterator[tuple[str, str, dict]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def test_every_documented_error_is_the_one_error_model(spec) -> None:
    for method, path, operation in operations(spec):
        for status, response in operation["responses"].items():
            if int(status) >= 400 and (method, path, status) != ("GET", "/viz", "404"):
                assert response["content"] == {"application/json": {"schema": {"$ref": ERROR_REF}}}, (method, path)
                assert response["description"], (method, path, status)


def test_errors_documented_by_what_routes_depend_on(spec) -> None:
    for method, path, operation in operations(spec):
        errors = {int(status) for status in operation["responses"] if int(status) >= 400}
        writes = bool(operation.get("security"))
        assert ({401, 403} <= errors) == writes, (method, path)
        assert (413 in errors) == (method == "POST"), (method, path)  # the body limit applies to every POST
        has_input = bool(operation.get("parameters") or operation.get("requestBody"))
        assert (422 in errors) == has_input, (method, path)
        if "{" in path or any(p["name"] in ("org", "center", "from", "to") for p in operation.get("parameters", [])):
            assert 404 in errors, (method, path)
    responses = {(m, p): o["responses"] for m, p, o in operations(spec)}
    assert set(responses["GET", "/ask/forms"]) == {"200"}  # reads no graph: nothing can go wrong
    assert {"413", "415"} <= set(responses["POST", "/documents"])
    assert {"400", "503", "504"} <= set(responses["POST", "/cypher"])
    assert responses["POST", "/documents"]["401"]["headers"]["WWW-Authenticate"]
    assert "422" not in responses["GET", "/health"]


def test_errors_returned_are_the_errors_documented(client, strict_client, fudan_graph, auth, spec) -> None:
    # (client, method, path template, concrete request, expected status, expected code)
    cases = [
        (client, "GET", "/entities/{entity_id}", "/entities/Hospital:不存在", 404, "not_found"),
        (client, "GET", "/entities/{entity_id}/relations", "/entities/Hospital:不存在/relations", 404, "not_found"),
        (client, "GET", "/entities", "/entities?limit=0&q=复旦", 422, "validation_error"),
        (client, "GET", "/partners", "/partners?org=人民医院", 409, "ambiguous_name"),
        (client, "GET", "/partners", "/partners?org=不存在的机构", 404, "not_found"),
        (client, "GET", "/paths", "/paths?from=复旦大学&to=复旦", 400, "query_refused"),
        (client, "GET", "/paths", "/paths?from=复旦大学&to=人民医院", 409, "ambiguous_name"),
        (client, "GET", "/subgraph", "/subgraph?center=人民医院", 409, "ambiguous_name"),
        (client, "GET", "/viz", "/viz?center=人民医院", 409, "ambiguous_name"),
        (client, "GET", "/analytics/top", "/analytics/top", 409, "not_analyzed"),
        (client, "GET", "/documents/{doc_ref}", "/documents/nope.txt", 404, "not_found"),
        (client, "GET", "/documents", "/documents?offset=-1", 422, "validation_error"),
        (client, "DELETE", "/documents/{doc_ref}", "/documents/nope.txt", 401, "unauthorized"),
        (client, "POST", "/cypher", "/cypher", 400, "query_refused"),
        (client, "GET", "/ask", "/ask?q=今天天气怎么样", 422, "unknown_question"),
        (client, "GET", "/ask", "/ask?q=哪些医院与北京大学合作", 404, "not_found"),
        (strict_client, "DELETE", "/documents/{doc_ref}", "/documents/nope.txt", 403, "writes_disabled"),
        (strict_client, "POST", "/cypher", "/cypher", 413, "payload_too_large"),
    ]
    bodies = {("/cypher", 400): {"json": {"query": "CREATE (n)"}},
              ("/cypher", 413): {"json": {"query": "RETURN 1", "params": {"pad": "x" * 100_000}}}}
    for test_client, method, template, url, status, code in cases:
        response = test_client.request(method, url, **bodies.get((template, status), {}))
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), url
        assert response.headers["content-type"] == "application/json", url
        assert str(status) in spec["paths"][template][method.lower()]["responses"], (method, template, status)
    page = client.get("/viz", params={"center": "不存在的机构"})  # a page for people, in the view's own format
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "text/html" in spec["paths"]["/viz"]["get"]["responses"]["404"]["content"]
    unsupported = client.post("/documents", headers=auth, files={"file": ("x.bin", b"\x00\x01\x02binary")})
    assert unsupported.status_code == 415 and "415" in spec["paths"]["/documents"]["post"]["responses"]


def test_allow_names_every_method_of_the_path(client) -> None:
    options = client.options("/documents/plan_002.txt")
    assert options.status_code == 204 and options.headers["allow"] == "DELETE, GET, OPTIONS"
    assert client.options("/documents").headers["allow"] == "GET, OPTIONS, POST"
    refused = client.put("/documents/plan_002.txt")
    assert refused.status_code == 405 and refused.headers["allow"] == "DELETE, GET, OPTIONS"
    assert refused.json()["error"]["code"] == "method_not_allowed"
    assert client.post("/health").headers["allow"] == "GET, OPTIONS"
    assert client.options("/no/such/route").status_code == 404


def test_root_redirects_to_the_landing_page_whose_links_all_answer(client, fudan_graph) -> None:
    root = client.get("/", follow_redirects=False)
    assert root.status_code == 307 and root.headers["location"] == "/home"
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "知识图谱" in page.text and "knowledge graph" in page.text.lower()
    links = [urljoin(str(page.url), html.unescape(href)) for href in re.findall(r'(?:href|src)="([^"]+)"', page.text)]
    assert {"/docs", "/redoc", "/viz", "/partners", "/paths", "/ask"} <= {urlsplit(link).path for link in links}
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_only_packaged_assets(client, page: str) -> None:
    text = client.get(page).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', text)
    assert assets and all(asset.startswith("/static/") for asset in assets), assets
    assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 500, asset


def test_packaged_assets_ship_with_their_licences() -> None:
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["api"]
    shipped = [path.relative_to(STATIC_DIR.parent).as_posix() for path in STATIC_DIR.rglob("*") if path.is_file()]
    assert all(any(fnmatch(name, pattern) and name.count("/") == pattern.count("/") for pattern in package_data)
               for name in shipped), shipped
    names = {Path(name).name for name in shipped}
    assert {"swagger-ui-dist.LICENSE", "swagger-ui-dist.NOTICE", "redoc.LICENSE"} <= names
    notes = (STATIC_DIR / "THIRD_PARTY.md").read_text(encoding="utf-8")
    assert "swagger-ui-dist" in notes and "redoc" in notes
