"""``ecokg serve --api-workers 2``: two API processes answer on one port from the one embedded graph server, share
their answers, each sees a write made elsewhere at its next version check, and SIGTERM stops them all."""
from __future__ import annotations

import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

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


def test_two_api_workers_serve_one_graph_and_stop_on_sigterm(new_embedded_settings, subprocess_env, ecokg_cli,
                                                             serve_ecokg, tmp_path) -> None:
    settings = new_embedded_settings().model_copy(update={"api_port": free_port()})
    temp = tmp_path / "tmp"  # where the server makes the directory its workers share answers in
    temp.mkdir()
    env = {**subprocess_env(settings), "ECOKG_API_PORT": str(settings.api_port),
           "ECOKG_API_VERSION_CHECK_S": str(VERSION_CHECK_S), "TMPDIR": str(temp)}
    base = f"http://127.0.0.1:{settings.api_port}"

    def totals() -> list[int]:  # a connection per request: the kernel hands them to either worker
        return [httpx.get(f"{base}/entities", params={"q": "工作进程"}, timeout=10).json()["total"]
                for _ in range(20)]

    with serve_ecokg(ecokg_cli, env, base, "--api-workers", "2") as serve:
        assert len(children(serve.pid)) >= 2  # the workers (spawn's resource tracker may be one more)
        before = totals()
        with open_store(settings) as store, store.session() as session:
            session.run("CREATE (:Entity:Company {id: 'Company:工作进程科技', name: '工作进程科技', type: 'Company', "
                        "aliases: []})").consume()
        time.sleep(VERSION_CHECK_S * 3)
        assert before == [0] * 20 and totals() == [1] * 20  # whichever worker answered
        for _ in range(10):  # an answer that asks the graph, from either worker
            assert httpx.get(f"{base}/entities/Company:工作进程科技/relations", timeout=10).status_code == 200
        [shared] = temp.glob("ecokg-answers-*")
        stored = [p for p in shared.glob("*/*") if "工作进程科技".encode() in p.read_bytes()]
        assert len(stored) == 1  # computed once, whichever worker did
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) is not None
    assert not shared.exists()
