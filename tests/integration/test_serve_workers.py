"""``ecokg serve --api-workers 2``: two API processes answer on one port from the one embedded graph server, each
sees a write made elsewhere at its next version check, and SIGTERM stops them all."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from ecokg.settings import Settings
from graph.store import open_store

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("require_embedded")]

VERSION_CHECK_S = 0.5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while listed
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_two_api_workers_serve_one_graph_and_stop_on_sigterm(tmp_path, ecokg_cli) -> None:
    settings = Settings(data_dir=tmp_path / "data", bolt_port=free_port(), arcadedb_http_port=free_port(),
                        api_port=free_port())
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ECOKG_", "NEO4J_"))}
    env.update({"ECOKG_DATA_DIR": str(settings.data_dir), "ECOKG_BOLT_PORT": str(settings.bolt_port),
                "ECOKG_ARCADEDB_HTTP_PORT": str(settings.arcadedb_http_port), "ECOKG_API_PORT": str(settings.api_port),
                "ECOKG_API_VERSION_CHECK_S": str(VERSION_CHECK_S)})
    serve = subprocess.Popen([ecokg_cli, "serve", "--api-workers", "2"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{settings.api_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert serve.poll() is None and time.monotonic() < deadline, "ecokg serve did not start"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert len(children(serve.pid)) >= 2  # the workers (spawn's resource tracker may be one more)

        def totals() -> list[int]:  # a connection per request: the kernel hands them to either worker
            return [httpx.get(f"{base}/entities", params={"q": "工作进程"}, timeout=10).json()["total"]
                    for _ in range(20)]

        before = totals()
        with open_store(settings) as store, store.session() as session:
            session.run("CREATE (:Entity:Company {id: 'Company:工作进程科技', name: '工作进程科技', type: 'Company', "
                        "aliases: []})").consume()
        time.sleep(VERSION_CHECK_S * 3)
        assert before == [0] * 20 and totals() == [1] * 20  # whichever worker answered
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        assert serve.returncode is not None
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
