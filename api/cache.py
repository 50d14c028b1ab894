"""Answers of read endpoints kept for one graph version (api/names.py keeps one cache per version).

Between two builds the graph's facts cannot change, so the same request gets the same answer: ``/entities?q=``,
``/entities/{id}/relations``, ``/partners``, ``/paths`` and ``/ask`` are answered once per version and then from
here. A new version starts an empty cache, so nothing stale survives a build, an upload or a removal. Metrics
(``ecokg analyze``) do not change the version: answers that show them (``/subgraph``, ``/analytics/top``,
``/entities/{id}``) are not cached. Errors are not cached either: they are raised before anything is stored.

The API processes of one ``ecokg serve --api-workers N`` also share their answers (:class:`SharedAnswers`, a
SQLite file in a directory the server made for them): a question new to all of them is computed by one while the
others wait for its answer, not once per process.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

MAX_ANSWERS = 2048  # per version; an answer is a few kB, so this stays under a few tens of MB
MAX_SHARED_ANSWERS = 20_000  # all versions together, on disk
# A claim older than this is a process that died computing: another one computes the answer. Above the API's
# longest read (an analyst's Cypher is not cached).
CLAIM_TIMEOUT_S = 30.0
SHARED_POLL_S = 0.001  # how often a process waiting for another's answer looks for it
PRUNE_EVERY = 256  # answers stored by a process between two prunings
SHARED_ANSWERS_FILE = "answers.sqlite"

_log = logging.getLogger("ecokg.api")

Answer = TypeVar("Answer")


class ResponseCache:
    """A least-recently-used map from (endpoint, parameters) to the answer."""

    def __init__(self, size: int = MAX_ANSWERS, shared: SharedAnswers | None = None, namespace: str = "") -> None:
        self.size = size
        # Answers of the other API processes of this server, under ``namespace`` (the graph version); with it,
        # answers are bytes (the JSON a response sends).
        self.shared, self.namespace = shared, namespace
        self._answers: OrderedDict[Hashable, object] = OrderedDict()
        self._computing: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def answer(self, key: Hashable, compute: Callable[[], Answer], share: bool = True) -> Answer:
        """The answer stored under ``key``, else ``compute()``'s, stored. Requests that miss while the same answer
        is being computed wait for it rather than query again (a burst of clients asking one question sends one
        query); when that computation fails, each computes its own (and meets its own error). ``share``: look for
        it among the other processes' answers (:class:`SharedAnswers`) before computing it, and store it there:
        worth a file write only for an answer that asks the graph."""
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
            shared = self.shared if share else None
            computed = compute() if shared is None else shared.answer(self.namespace, repr(key), compute)
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


class SharedAnswers:
    """Answers shared by the processes of one API server, in a SQLite file of ``directory``: rows (namespace, key,
    answer bytes) and claims (who is computing which answer). A process missing an answer looks here; when nobody
    has it, it claims it and computes it, and a process that finds the claim waits for the answer instead of
    asking the graph the same thing. Sharing is an optimisation: a broken or missing file makes each process
    compute its own answers (logged once), never a failed request."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / SHARED_ANSWERS_FILE
        self._local = threading.local()
        self._stored = 0
        self._warned = False
        try:
            self._create()
        except sqlite3.Error as exc:
            self._broken(exc)

    def _create(self) -> None:
        with self._db() as db:
            db.executescript("""
                CREATE TABLE IF NOT EXISTS answers (namespace TEXT NOT NULL, key TEXT NOT NULL, body BLOB NOT NULL,
                                                    stored REAL NOT NULL, PRIMARY KEY (namespace, key));
                CREATE TABLE IF NOT EXISTS claims (namespace TEXT NOT NULL, key TEXT NOT NULL, pid INTEGER NOT NULL,
                                                   claimed REAL NOT NULL, PRIMARY KEY (namespace, key));
                CREATE INDEX IF NOT EXISTS answers_stored ON answers (stored);
            """)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (sqlite3 connections stay in their thread)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: losing the last answers in a crash costs nothing
            self._local.db = db
        yield db

    def answer(self, namespace: str, key: str, compute: Callable[[], bytes]) -> bytes:
        """The answer another process stored, else ``compute()``'s, stored for them; waits while another computes
        it. A failed computation stores nothing: the waiting processes compute their own."""
        try:
            found = self.get(namespace, key)
            if found is not None:
                return found
            claimed = self._claim(namespace, key)
        except sqlite3.Error as exc:
            self._broken(exc)
            return compute()
        if not claimed:
            found = self._wait(namespace, key)
            return found if found is not None else compute()
        try:
            body = compute()
        except BaseException:
            self._release(namespace, key)
            raise
        self._store(namespace, key, body)
        return body

    def get(self, namespace: str, key: str) -> bytes | None:
        with self._db() as db:
            row = db.execute("SELECT body FROM answers WHERE namespace = ? AND key = ?", (namespace, key)).fetchone()
        return row[0] if row else None

    def _claim(self, namespace: str, key: str) -> bool:
        now = time.time()
        with self._db() as db:
            # A claim left by a process that died computing is taken over.
            db.execute("DELETE FROM claims WHERE namespace = ? AND key = ? AND claimed < ?",
                       (namespace, key, now - CLAIM_TIMEOUT_S))
            return db.execute("INSERT OR IGNORE INTO claims VALUES (?, ?, ?, ?)",
                              (namespace, key, os.getpid(), now)).rowcount == 1

    def _wait(self, namespace: str, key: str) -> bytes | None:
        """The answer the claiming process stores; None once its claim is gone without one (it failed) or stale."""
        deadline = time.monotonic() + CLAIM_TIMEOUT_S
        try:
            while time.monotonic() < deadline:
                with self._db() as db:
                    body, claimed = db.execute(
                        "SELECT (SELECT body FROM answers WHERE namespace = ?1 AND key = ?2), "
                        "EXISTS (SELECT 1 FROM claims WHERE namespace = ?1 AND key = ?2)", (namespace, key)).fetchone()
                if body is not None or not claimed:
                    return body
                time.sleep(SHARED_POLL_S)
        except sqlite3.Error as exc:
            self._broken(exc)
        return None

    def _store(self, namespace: str, key: str, body: bytes) -> None:
        try:
            with self._db() as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (namespace, key, body, time.time()))
                    db.execute("DELETE FROM claims WHERE namespace = ? AND key = ?", (namespace, key))
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            self._stored += 1
            if self._stored % PRUNE_EVERY == 0:
                self._prune(namespace)
        except sqlite3.Error as exc:
            self._broken(exc)

    def _release(self, namespace: str, key: str) -> None:
        try:
            with self._db() as db:
                db.execute("DELETE FROM claims WHERE namespace = ? AND key = ? AND pid = ?",
                           (namespace, key, os.getpid()))
        except sqlite3.Error as exc:
            self._broken(exc)

    def _prune(self, namespace: str) -> None:
        """Answers of other graph versions go (no process asks for them again), then the oldest past the bound."""
        with self._db() as db:
            db.execute("DELETE FROM answers WHERE namespace != ?", (namespace,))
            db.execute("DELETE FROM answers WHERE rowid IN (SELECT rowid FROM answers ORDER BY stored DESC "
                       "LIMIT -1 OFFSET ?)", (MAX_SHARED_ANSWERS,))

    def _broken(self, exc: sqlite3.Error) -> None:
        if not self._warned:
            self._warned = True
            _log.warning("answers are not shared between API processes (%s: %s); each computes its own",
                         self.path, exc)


@contextmanager
def shared_answers_dir() -> Iterator[Path]:
    """A directory for the answers of one server's API processes, removed when the server stops: ``ecokg serve
    --api-workers N`` passes it to them as ECOKG_API_SHARED_ANSWERS. A new server never meets answers of an older
    one (another build of the code may answer differently)."""
    with tempfile.TemporaryDirectory(prefix="ecokg-answers-") as directory:
        yield Path(directory)
