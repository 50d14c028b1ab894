"""Answers of read endpoints kept for one graph version (api/names.py keeps one cache per version).

Between two builds the graph's facts cannot change, so the same request gets the same answer: ``/entities?q=``,
``/entities/{id}/relations``, ``/partners``, ``/paths`` and ``/ask`` are answered once per version and then from
here. A new version starts an empty cache, so nothing stale survives a build, an upload or a removal. Metrics
(``ecokg analyze``) do not change the version: answers that show them (``/subgraph``, ``/analytics/top``,
``/entities/{id}``) are not cached. Errors are not cached either: they are raised before anything is stored.

The API processes of one ``ecokg serve --api-workers N`` also share their answers (:class:`SharedAnswers`, files
in a directory the server made for them): a question new to all of them is computed by one while the
others wait for its answer, not once per process.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

MAX_ANSWERS = 2048  # per version; an answer is a few kB, so this stays under a few tens of MB
MAX_SHARED_ANSWERS = 20_000  # on disk, of the current version
# A claim older than this is a process that died computing: another one computes the answer. Above the API's
# longest read (an analyst's Cypher is not cached).
CLAIM_TIMEOUT_S = 30.0
SHARED_POLL_S = 0.001  # how often a process waiting for another's answer looks for it
PRUNE_EVERY = 256  # answers stored by a process between two prunings
CLAIM_SUFFIX = ".claim"

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
                self._keep(key, computed)
            return computed
        finally:
            with self._lock:
                del self._computing[key]
            done.set()

    def offer(self, key: Hashable, answer: Answer) -> None:
        """Store ``answer`` under ``key`` unless one is stored or being computed (an answer computed elsewhere)."""
        with self._lock:
            if key not in self._answers and key not in self._computing:
                self._keep(key, answer)

    def _keep(self, key: Hashable, answer: Answer) -> None:
        """Store ``answer`` as the newest, dropping the least recently used past ``size`` (the lock held)."""
        self._answers[key] = answer
        self._answers.move_to_end(key)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)

    def stored(self, key: Hashable) -> Answer | None:
        """The answer stored under ``key`` in this process, or None; never waits or computes."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]  # type: ignore[return-value]
        return None

    def __len__(self) -> int:
        return len(self._answers)


class SharedAnswers:
    """Answers shared by the processes of one API server, as files of ``directory``: one directory per graph
    version (namespace), one file per answer, named by a hash of its key, and a claim file beside it while a process
    computes it. A process missing an answer looks here; when nobody has it, it claims it (an exclusive create) and
    computes it, and a process that finds the claim waits for the answer instead of asking the graph the same thing.
    Files, not a database: a burst of new questions takes no lock that others wait on. Sharing is an optimisation:
    a directory that cannot be used makes each process compute its own answers (logged once), never a failed
    request."""

    def __init__(self, directory: Path) -> None:
        self.root = Path(directory)
        self._stored = 0
        self._warned = False

    def _path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / hashlib.sha256(key.encode()).hexdigest()

    def answer(self, namespace: str, key: str, compute: Callable[[], bytes]) -> bytes:
        """The answer another process stored, else ``compute()``'s, stored for them; waits while another computes
        it. A failed computation stores nothing: the waiting processes compute their own."""
        path = self._path(namespace, key)
        claim = path.with_suffix(CLAIM_SUFFIX)
        try:
            found = _read(path)
            if found is not None:
                return found
            claimed = self._claim(claim)
        except OSError as exc:
            self._broken(exc)
            return compute()
        if not claimed:
            found = self._wait(path, claim)
            return found if found is not None else compute()
        try:
            body = compute()
        except BaseException:
            _unlink(claim)
            raise
        self._store(path, claim, body)
        return body

    def get(self, namespace: str, key: str) -> bytes | None:
        return _read(self._path(namespace, key))

    def _claim(self, claim: Path) -> bool:
        for _ in range(2):
            try:
                os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                return True
            except FileNotFoundError:
                claim.parent.mkdir(exist_ok=True)  # the version's first answer (or another process pruned it)
            except FileExistsError:
                try:
                    if time.time() - claim.stat().st_mtime < CLAIM_TIMEOUT_S:
                        return False
                except FileNotFoundError:
                    continue  # released a moment ago: try again
                _unlink(claim)  # left by a process that died computing: taken over
        return False

    def _wait(self, path: Path, claim: Path) -> bytes | None:
        """The answer the claiming process stores; None once its claim is gone without one (it failed) or stale."""
        deadline = time.monotonic() + CLAIM_TIMEOUT_S
        while time.monotonic() < deadline:
            found = _read(path)
            if found is not None:
                return found
            if not claim.exists():
                return _read(path)  # stored just before the claim went, or nothing: the computation failed
            time.sleep(SHARED_POLL_S)
        return None

    def _store(self, path: Path, claim: Path, body: bytes) -> None:
        """The answer in place in one rename (a reader never sees part of it), then the claim released."""
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            temporary.write_bytes(body)
            os.replace(temporary, path)
        except OSError as exc:
            self._broken(exc)
            _unlink(temporary)
        finally:
            _unlink(claim)
        self._stored += 1
        if self._stored % PRUNE_EVERY == 0:
            self._prune(path.parent)

    def _prune(self, current: Path) -> None:
        """Other graph versions' answers go (no process asks for them again), then the oldest past the bound."""
        try:
            for entry in os.scandir(self.root):
                if entry.is_dir() and entry.path != str(current):
                    shutil.rmtree(entry.path, ignore_errors=True)
            answers = [e for e in os.scandir(current) if e.is_file() and "." not in e.name]
            answers.sort(key=lambda e: e.stat().st_mtime, reverse=True)
            for entry in answers[MAX_SHARED_ANSWERS:]:
                _unlink(Path(entry.path))
        except OSError as exc:
            self._broken(exc)

    def _broken(self, exc: OSError) -> None:
        if not self._warned:
            self._warned = True
            _log.warning("answers are not shared between API processes (%s: %s); each computes its own",
                         self.root, exc)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


@contextmanager
def shared_answers_dir() -> Iterator[Path]:
    """A directory for the answers of one server's API processes, removed when the server stops: ``ecokg serve
    --api-workers N`` passes it to them as ECOKG_API_SHARED_ANSWERS. A new server never meets answers of an older
    one (another build of the code may answer differently)."""
    with tempfile.TemporaryDirectory(prefix="ecokg-answers-") as directory:
        yield Path(directory)
