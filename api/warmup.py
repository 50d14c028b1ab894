"""Warming the embedded graph server before analysts meet it.

The embedded ArcadeDB runs on a JVM that compiles its query engine while it answers: over its first ~10,000
queries the compiler takes about as much CPU as the queries themselves (measured: 1.5 ms of compilation per
1 ms query at first, 0.1 ms after 10,000), so on a fresh server a burst of new questions waited three to four
times longer than on a warm one (bench/api.py: "/ask, 12 distinct questions" p99 63–70 ms cold, 16–35 ms after
15 s of this). ``ecokg serve`` runs :func:`warm_up` in the background for ``ECOKG_SERVE_WARMUP_S`` after it
opens the store: the API's own reads (partners, documents, paths) over the graph's entities, through the same
library calls the routes make, answers thrown away.
"""
from __future__ import annotations

import logging
import threading
import time

import neo4j

from api import queries
from ecokg.errors import EcokgError
from ecokg.records import ORG_TYPES
from graph.store import Store

MAX_ENTITIES = 200  # entities cycled through: enough shapes of answer, few enough to repeat each
MAX_STORE_ERRORS = 3  # errors of the store (a busy or restarting server) before warming gives up
_log = logging.getLogger("ecokg.api")


def warm_up(store: Store, seconds: float, stop: threading.Event | None = None) -> int:
    """Run the API's reads over the graph's entities for ``seconds`` or until ``stop`` is set; the number of
    queries run. An error of the store is logged and the reads start over; the third ends it early: warming
    only makes later answers faster."""
    deadline = time.monotonic() + seconds
    stop = stop or threading.Event()
    ran = errors = 0
    while not stop.is_set() and time.monotonic() < deadline:
        # One for the pass: its queries are counted even when one fails; every read asks the graph.
        reader = queries.Reader(store, use_held=False)
        try:
            if not _read_everything(reader, deadline, stop):
                break  # the API reads nothing here: nothing to warm
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            errors += 1
            _log.info("warming the graph server: %s (%d of %d errors)", exc, errors, MAX_STORE_ERRORS)
            if errors == MAX_STORE_ERRORS:
                break
            stop.wait(0.1)
        finally:
            ran += len(reader.ran)
    return ran


def _read_everything(reader: queries.Reader, deadline: float, stop: threading.Event) -> bool:
    """One pass of the API's reads over the first organisations of the index; whether it ran any query."""
    before = len(reader.ran)
    entries = list(reader.index.names.entries.values())[:MAX_ENTITIES]
    organisations = [e.id for e in entries if e.type in ORG_TYPES] or [e.id for e in entries]
    for number, entity_id in enumerate(organisations):
        if stop.is_set() or time.monotonic() >= deadline:
            break
        other = organisations[(number + 1) % len(organisations)]
        for read in (lambda: queries.partners(reader, entity_id, None, None, False, queries.PARTNERS_LIMIT),
                     lambda: queries.documents_mentioning(reader, entity_id),
                     lambda: queries.paths(reader, entity_id, other, queries.MAX_HOPS, queries.PATHS_LIMIT)):
            try:
                read()
            except EcokgError:
                pass  # an answer the API would refuse too (one entity, no path): the query still ran
    return len(reader.ran) > before
