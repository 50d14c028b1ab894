"""api/warmup.py: the API's reads run over the real graph for a while, and stop when asked."""
from __future__ import annotations

import threading
import time

from api import queries
from api.names import graph_index
from api.warmup import warm_up


def test_warming_runs_the_apis_reads_until_its_time_is_up(fudan_graph, monkeypatch) -> None:
    names = []
    original = queries.Reader.rows

    def recorded(self, name, **params):
        names.append(name)
        return original(self, name, **params)

    monkeypatch.setattr(queries.Reader, "rows", recorded)
    # Built before the clock starts: on a cold server, building it alone once took the whole half second.
    graph_index(fudan_graph)
    started = time.monotonic()
    ran = warm_up(fudan_graph, 0.5)
    assert 0.5 <= time.monotonic() - started < 5
    assert ran == len(names) > 0
    assert {"api_relations", "api_entity_documents", "api_paths"} <= set(names)


def test_warming_goes_on_after_an_error_of_the_store_and_gives_up_after_three(fudan_graph, monkeypatch) -> None:
    import neo4j

    from api.warmup import MAX_STORE_ERRORS

    original, calls = queries.Reader.rows, []

    def first_fails(self, name, **params):
        calls.append(name)
        if len(calls) == 1:
            raise neo4j.exceptions.TransientError("the server was busy")
        return original(self, name, **params)

    monkeypatch.setattr(queries.Reader, "rows", first_fails)
    graph_index(fudan_graph)  # built before the clock starts, as above: a slow hour's build took the half second
    assert warm_up(fudan_graph, 0.5) > 1

    def always_fails(self, name, **params):
        raise neo4j.exceptions.TransientError("the server is down")

    monkeypatch.setattr(queries.Reader, "rows", always_fails)
    started = time.monotonic()
    warm_up(fudan_graph, 30)
    assert time.monotonic() - started < 5 * MAX_STORE_ERRORS  # gave up, long before its 30 s


def test_warming_stops_when_asked(fudan_graph) -> None:
    stop = threading.Event()
    stop.set()
    assert warm_up(fudan_graph, 60, stop) == 0


def test_an_empty_graph_has_nothing_to_warm(empty_store) -> None:
    started = time.monotonic()
    assert warm_up(empty_store, 60) == 0
    assert time.monotonic() - started < 5
