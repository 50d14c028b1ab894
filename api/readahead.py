"""Reading what questions about the hubs start from before anyone asks.

A first question about an entity costs what reading its links (or the documents mentioning it) costs on the graph
server, and that grows with the entity's statements: at 100× the seeds an agency responsible for 17 tasks stated by
100 documents each takes ~40–60 ms alone, and a burst of new questions about the hubs shares two cores with the
graph server. When an API process meets a new version of the graph, the request that met it reads those of the
``ECOKG_API_READ_AHEAD`` most-linked entities in two queries (api/queries.py ``Reader.entity_reads``) into the
index, where every later question about them finds them; other entities' are read when first asked, and held from
then on. Requests that meet the new version meanwhile go on without waiting. The version a process starts on is
prepared so before it takes requests (:func:`prepare`, from the app's start-up).

It runs in that request, not in a background thread: a thread reading while the process serves took the GIL from
the event loop at every result and kept the graph server busy while clients were answered (50k entities, 16
clients: `/entities?q=` p50 4.4 → 7.5 ms, p99 10 → 48 ms for the ~15 s it ran), and the request meeting a new
version already waits for the index to be rebuilt.
"""
from __future__ import annotations

import logging
import threading

import neo4j

from api import names, queries
from ecokg.errors import EcokgError

_log = logging.getLogger("ecokg.api")


class ReadAhead:
    """The read-ahead of one API process: once per version of its index."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._lock = threading.Lock()
        self._index: names.GraphIndex | None = None  # the last version read ahead

    def hold(self, reader: queries.Reader, index: names.GraphIndex) -> None:
        """Read ahead for ``index`` unless it was, or another request is doing it."""
        if self.count == 0 or self._index is index or not self._lock.acquire(blocking=False):
            return
        try:
            if self._index is not index:
                self._read(reader, index)
                self._index = index
        finally:
            self._lock.release()

    def _read(self, reader: queries.Reader, index: names.GraphIndex) -> None:
        try:
            ids = [row["id"] for row in reader.read_rows("api_most_linked", limit=self.count)]
            held = reader.entity_reads(ids) if ids else {}
            # Kept only if the graph is still at the index's version: what was read while a build (or a wipe and
            # reload) was writing would otherwise stay with a version it may not belong to.
            if names.version(reader.store) != index.version:
                return
        except Exception as exc:  # noqa: BLE001 - reading ahead only makes answers faster; the request goes on
            _log.info("reading the most-linked entities' links ahead failed: %s", exc)
            return
        for key, rows in held.items():
            index.held.offer(key, rows)


def prepare(reader: queries.Reader) -> None:
    """Build the index and read ahead before the process takes its first request (the app's start-up): else the
    first requests after a start waited for both (~5 s on 50k entities) and the rest shared the cores with them
    (50k entities, 16 clients: `/entities?q=` p99 25 ms as the first endpoint asked of a fresh server, 10–16 ms
    later). A graph server that cannot answer yet is logged, not fatal: the first request prepares instead."""
    try:
        reader.index  # noqa: B018 - taking it builds it and, with the reader's read-ahead, reads ahead
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, EcokgError) as exc:
        _log.warning("could not prepare the API's index at start-up (the first request will): %s", exc)
