"""Reading what questions about the hubs start from before anyone asks.

A first question about an entity costs what reading its links (or the documents mentioning it) costs on the graph
server, and that grows with the entity's statements: at 100× the seeds an agency responsible for 17 tasks stated by
100 documents each takes ~40–60 ms alone, and a burst of new questions about the hubs shares two cores with the
graph server. Each API process, when it meets a new version of the graph, reads in one background thread those
reads of the ``ECOKG_API_READ_AHEAD`` most-linked entities (most first) into the index (api/queries.py
``Reader.entity_reads``), where every later question about them finds them. Other entities' are read when first
asked, and held from then on.
"""
from __future__ import annotations

import logging
import threading

from api import names, queries
from graph.store import Store

_log = logging.getLogger("ecokg.api")
STOP_WAIT_S = 5.0  # a stopping API waits this long for the read under way (a query the server bounds anyway)


class ReadAhead:
    """The read-ahead of one API process: started by readers on each new index version, stopped with the API."""

    def __init__(self, store: Store, count: int) -> None:
        self.store, self.count = store, count
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._index: names.GraphIndex | None = None  # the version being (or last) read ahead
        self._thread: threading.Thread | None = None

    def start(self, index: names.GraphIndex) -> None:
        """Read ahead for ``index`` unless it is being or was read ahead; a run for an older version ends early."""
        with self._lock:
            if self.count == 0 or self._stop.is_set() or self._index is index:
                return
            self._index = index
            self._thread = threading.Thread(target=self._read, args=(index,), name="read-ahead", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            thread = self._thread
        if thread is not None:
            thread.join(STOP_WAIT_S)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the latest run to end; whether it did (for tests and benchmarks)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def _read(self, index: names.GraphIndex) -> None:
        reader = queries.Reader(self.store, _index=index)
        try:
            for row in reader.rows("api_most_linked", limit=self.count):
                reads = {key: read for key, read in reader.entity_reads(row["id"]).items()
                         if index.held.stored(key) is None}  # else a request read it first
                if self._stop.is_set() or self._index is not index:
                    return
                if not reads:
                    continue
                held = {key: read() for key, read in reads.items()}
                # Kept only if the graph is still at the index's version: what was read while a build (or a wipe
                # and reload) was writing would otherwise stay with a version it may not belong to.
                if names.version(self.store) != index.version:
                    return
                for key, rows in held.items():
                    index.held.offer(key, rows)
        except Exception as exc:  # noqa: BLE001 - reading ahead only makes answers faster; a request will meet it
            _log.info("reading the most-linked entities' links ahead stopped: %s", exc)
