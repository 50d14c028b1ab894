"""Bounded analysts' Cypher on a real server: the server stops runaway queries itself, they cannot starve the
API, writes get ten times as long, and ``ecokg serve`` stops promptly on SIGTERM while one runs.

The server takes its time limits from the process that runs it, so these tests run their own server in
another process (``ecokg db start`` / ``ecokg serve``) with ECOKG_CYPHER_TIMEOUT_S=2, leaving the session's
server as it is."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import httpx
import neo4j
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ecokg.settings import Settings
from graph.store import WRITER_TIMEOUT_FACTOR, open_store

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("require_embedded")]

TIME_LIMIT_S = 2.0
# Allowed by the query check (no writes, bounded), but it would filter 60^5 rows for many minutes.
RUNAWAY = ("MATCH (a:Probe), (b:Probe), (c:Probe), (d:Probe), (e:Probe) "
           "WHERE a.n + b.n + c.n + d.n + e.n = 7 RETURN count(*) AS n")
SEED = "UNWIND range(1, 60) AS i CREATE (:Probe {n: i})"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", bolt_port=free_port(), arcadedb_http_port=free_port(),
                    api_port=free_port(), cypher_timeout_s=TIME_LIMIT_S)


def _env(settings: Settings) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ECOKG_", "NEO4J_"))}
    env.update({"ECOKG_DATA_DIR": str(settings.data_dir), "ECOKG_BOLT_PORT": str(settings.bolt_port),
                "ECOKG_ARCADEDB_HTTP_PORT": str(settings.arcadedb_http_port),
                "ECOKG_API_PORT": str(settings.api_port), "ECOKG_CYPHER_TIMEOUT_S": str(TIME_LIMIT_S)})
    return env


@pytest.fixture()
def limited_server(tmp_path, ecokg_cli) -> Iterator[Settings]:
    """A background embedded server with a 2 s statement limit, holding 60 :Probe nodes."""
    settings = _settings(tmp_path)
    subprocess.run([ecokg_cli, "db", "start"], env=_env(settings), check=True, capture_output=True, timeout=180)
    try:
        with open_store(settings) as store, store.session() as session:
            session.run(SEED).consume()
        yield settings
    finally:
        subprocess.run([ecokg_cli, "db", "stop"], env=_env(settings), capture_output=True, timeout=120)


def test_five_runaway_queries_are_stopped_by_the_server_and_starve_nothing(limited_server) -> None:
    with TestClient(create_app(limited_server)) as client:
        for _ in range(5):
            response = client.post("/cypher", json={"query": RUNAWAY})
            assert response.status_code == 504
            assert "was stopped" in response.json()["error"]["message"]  # the server's own timeout, not the wait
        started = time.monotonic()
        quick = client.post("/cypher", json={"query": "RETURN 1 AS one"})
        answered_in = time.monotonic() - started
        assert quick.json()["rows"] == [[1]] and answered_in < 1.0
        assert client.get("/stats").status_code == 200


def test_the_writer_is_stopped_at_ten_times_the_limit_not_at_the_limit(limited_server) -> None:
    # A load's statement may take longer than an analyst's query is allowed, and a runaway write still ends.
    with open_store(limited_server) as store, store.session() as session:
        started = time.monotonic()
        with pytest.raises(neo4j.exceptions.ClientError) as stopped:
            session.run(RUNAWAY).consume()
        ran_for = time.monotonic() - started
    assert stopped.value.code == "Neo.ClientError.Transaction.TransactionTimedOut"
    assert TIME_LIMIT_S * WRITER_TIMEOUT_FACTOR <= ran_for < TIME_LIMIT_S * WRITER_TIMEOUT_FACTOR + 10


def test_cypher_beyond_the_workers_is_told_busy_and_the_api_still_answers(limited_server) -> None:
    with TestClient(create_app(limited_server)) as client:
        statuses: list[int] = []
        runners = [threading.Thread(target=lambda: statuses.append(
            client.post("/cypher", json={"query": RUNAWAY}).status_code)) for _ in range(6)]
        for runner in runners:
            runner.start()
        time.sleep(0.5)
        assert client.get("/stats").status_code == 200  # the API's own queries do not queue behind them
        for runner in runners:
            runner.join(timeout=30)
        assert sorted(statuses) == [503, 503, 504, 504, 504, 504]


def test_serve_stops_within_five_seconds_of_sigterm_during_a_runaway_query(tmp_path, ecokg_cli, serve_ecokg) -> None:
    settings = _settings(tmp_path)
    base = f"http://127.0.0.1:{settings.api_port}"
    with serve_ecokg(ecokg_cli, _env(settings), base) as serve:
        with open_store(settings) as store, store.session() as session:
            session.run(SEED).consume()
        running = threading.Thread(target=lambda: _post_quietly(f"{base}/cypher", RUNAWAY), daemon=True)
        running.start()
        time.sleep(0.5)
        serve.send_signal(signal.SIGTERM)
        started = time.monotonic()
        serve.wait(timeout=30)
        assert time.monotonic() - started < 5.0


def _post_quietly(url: str, query: str) -> None:
    try:
        httpx.post(url, json={"query": query}, timeout=30)
    except httpx.HTTPError:
        pass  # the server went away under it, as it should
