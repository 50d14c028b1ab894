"""Answers of read endpoints kept for one graph version (api/names.py keeps one cache per version).

Between two builds the graph's facts cannot change, so the same request gets the same answer: ``/entities?q=``,
``/entities/{id}/relations``, ``/partners``, ``/paths`` and ``/ask`` are answered once per version and then from
here. A new version starts an empty cache, so nothing stale survives a build, an upload or a removal. Metrics
(``ecokg analyze``) do not change the version: answers that show them (``/subgraph``, ``/analytics/top``,
``/entities/{id}``) are not cached. Errors are not cached either: they are raised before anything is stored.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

MAX_ANSWERS = 2048  # per version; an answer is a few kB, so this stays under a few tens of MB

Answer = TypeVar("Answer")


class ResponseCache:
    """A least-recently-used map from (endpoint, parameters) to the answer."""

    def __init__(self, size: int = MAX_ANSWERS) -> None:
        self.size = size
        self._answers: OrderedDict[Hashable, object] = OrderedDict()
        self._computing: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def answer(self, key: Hashable, compute: Callable[[], Answer]) -> Answer:
        """The answer stored under ``key``, else ``compute()``'s, stored. Requests that miss while the same answer
        is being computed wait for it rather than query again (a burst of clients asking one question sends one
        query); when that computation fails, each computes its own (and meets its own error)."""
        while True:
            with self._lock:
                if key in self._answers:
                    self._answers.move_to_end(key)
                    return self._answers[key]  # type: ignore[return-value]
                running = self._computing.get(key)
                if running is None:
                    done = self._computing[key] = threading.Event()
                    break
            running.wait()
            with self._lock:
                if key not in self._answers:  # it failed: compute it here
                    return compute()
        try:
            computed = compute()
            with self._lock:
                self._answers[key] = computed
                self._answers.move_to_end(key)
                while len(self._answers) > self.size:
                    self._answers.popitem(last=False)
            return computed
        finally:
            with self._lock:
                del self._computing[key]
            done.set()

    def __len__(self) -> int:
        return len(self._answers)
