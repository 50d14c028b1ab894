"""Closed-loop HTTP load from a process of its own: ``concurrency`` threads, each on one keep-alive connection,
share ``requests`` GETs cycling through the parameter sets; prints {"rps", "p50", "p99"} (ms) as JSON.

    .venv/bin/python bench/http_load.py http://127.0.0.1:8000 /partners '[{"org": "复旦大学"}]' 800 16

bench/api.py runs it (and replays queries over Bolt with its :func:`closed_loop`): in the benchmark's own process
(which holds the spaCy pipeline and the embedded server) the client's pauses (garbage collections, the event loop
of an async client) were most of what was measured.
Every thread first sends the first parameter set twice: after a load, the first request builds the API's index.
"""
from __future__ import annotations

import http.client
import json
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable


def closed_loop(client: Callable[[], Callable[[int], None]], requests: int, concurrency: int) -> dict:
    """``concurrency`` threads share ``requests`` calls: each makes its own ``client()`` once (a connection,
    warmed up), then calls it with the next request number until none is left; {"rps", "p50", "p99"} (ms)."""
    latencies: list[float] = []
    lock, counter = threading.Lock(), iter(range(requests))

    def worker() -> None:
        send = client()
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            send(i)
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def percentile(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000

    return {"rps": len(ordered) / wall, "p50": percentile(0.5), "p99": percentile(0.99)}


def run(base: str, path: str, params: list[dict], requests: int, concurrency: int) -> dict:
    url = urllib.parse.urlsplit(base)
    targets = [f"{path}?{urllib.parse.urlencode(p)}" for p in params]
    failures: list[str] = []

    def get(connection: http.client.HTTPConnection, target: str) -> None:
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            failures.append(f"{target}: {response.status} {body[:200]!r}")

    def client() -> Callable[[int], None]:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        for _ in range(2):
            get(connection, targets[0])
        return lambda i: get(connection, targets[i % len(targets)])

    summary = closed_loop(client, requests, concurrency)
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, first: {failures[0]}")
    return summary


if __name__ == "__main__":
    base_url, endpoint, parameter_sets, count, clients = sys.argv[1:6]
    print(json.dumps(run(base_url, endpoint, json.loads(parameter_sets), int(count), int(clients))))
