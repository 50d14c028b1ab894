"""/docs and /redoc draw the API's operations in headless Chromium (Debian's `chromium`) with the network blocked:
every host but loopback fails to resolve and everything else goes to a dead proxy, as on a machine without
internet. A control page on the same server, Swagger UI from the CDN FastAPI uses by default, draws nothing under
the same flags, so the test tells packaged assets from downloaded ones even where internet is reachable."""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.openapi.docs import get_swagger_ui_html

from api.app import create_app
from ecokg.settings import Settings
from graph.store import Store

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]



OFFLINE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--virtual-time-budget=30000",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    f"--proxy-server=http://127.0.0.1:{free_port()}",  # nothing listens there; loopback bypasses proxies
]


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium); the browser test needs it")
    return CHROMIUM


@pytest.fixture(scope="module")
def spec(base_url: str) -> dict:
    return httpx.get(f"{base_url}/openapi.json").json()


@pytest.fixture(scope="module")
def base_url(settings: Settings, store: Store, serve_over_http) -> Iterator[str]:
    app = create_app(settings)

    @app.get("/cdn-docs", include_in_schema=False)
    def cdn_docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="Swagger UI from the CDN")

    with serve_over_http(app) as url:
        yield url


def offline_dom(chromium: str, tmp_path: Path, url: str, drawn: str, attempts: int = 3) -> str:
    """The page's DOM once ``drawn`` appears in it. Headless Chromium's virtual time can end before the spec's
    fetch is answered and rendered, so a page that is still empty is asked for again."""
    dom = ""
    for attempt in range(attempts):
        profile = tmp_path / f"profile-{attempt}"
        dom = subprocess.run([chromium, *OFFLINE_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                             capture_output=True, text=True, timeout=120, check=True).stdout
        if re.search(drawn, dom):
            break
    return dom


def test_swagger_ui_draws_every_operation_offline(chromium: str, base_url: str, spec: dict, tmp_path: Path) -> None:
    dom = offline_dom(chromium, tmp_path, f"{base_url}/docs", r'class="opblock ')
    operations = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert len(re.findall(r'class="opblock opblock-', dom)) == len(operations)
    assert {method for method, _ in operations} == set(re.findall(r'class="opblock opblock-([a-z]+)', dom))
    assert set(re.findall(r'data-path="([^"]+)"', dom)) == set(spec["paths"])


def test_redoc_draws_every_operation_offline(chromium: str, base_url: str, spec: dict, tmp_path: Path) -> None:
    dom = offline_dom(chromium, tmp_path, f"{base_url}/redoc", r'data-section-id="operation/')
    operation_ids = {operation["operationId"] for item in spec["paths"].values() for operation in item.values()}
    assert set(re.findall(r'data-section-id="operation/([A-Za-z_]+)"', dom)) == operation_ids
    assert all(f">{path}<" in dom for path in spec["paths"])


def test_the_network_is_really_blocked(chromium: str, base_url: str, tmp_path: Path) -> None:
    dom = offline_dom(chromium, tmp_path, f"{base_url}/cdn-docs", r'class="opblock ', attempts=1)
    assert 'id="swagger-ui"' in dom and 'class="opblock ' not in dom
