"""Answers shared by the API processes of one server (api/cache.py ``SharedAnswers``), as real files: each
``SharedAnswers`` below is what one process holds; the first test runs two real processes."""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from api import cache
from api.cache import ResponseCache, SharedAnswers, shared_answers_dir

SLOW_S = 0.5


def _answer_in_a_process(directory: str, log: str) -> bytes:
    """One API process asked a question new to all: computing it takes SLOW_S and is written down in ``log``."""
    def compute() -> bytes:
        with open(log, "a", encoding="utf-8") as out:
            out.write("computed\n")
        time.sleep(SLOW_S)
        return b'{"answer": 1}'

    return SharedAnswers(Path(directory)).answer("v1", "('ask', ('q',))", compute)


def test_two_processes_asked_one_new_question_compute_it_once(tmp_path) -> None:
    log = tmp_path / "computations.log"
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        answers = pool.starmap(_answer_in_a_process, [(str(tmp_path), str(log))] * 2)
    assert answers == [b'{"answer": 1}'] * 2
    assert log.read_text(encoding="utf-8").splitlines() == ["computed"]


def test_a_process_finds_what_another_stored(tmp_path) -> None:
    first, second = SharedAnswers(tmp_path), SharedAnswers(tmp_path)
    assert first.answer("v1", "k", lambda: b"from the first") == b"from the first"
    assert second.answer("v1", "k", lambda: pytest.fail("computed again")) == b"from the first"
    # another graph version is another answer
    assert second.answer("v2", "k", lambda: b"at v2") == b"at v2"


def race(tmp_path, outcome: Callable[[], bytes], fallback: bytes) -> tuple[Future, Future]:
    """One process computes the answer (``outcome`` once released) while another asks for it; the futures of
    both, the second checked to be still waiting while the first computes."""
    first, second = SharedAnswers(tmp_path), SharedAnswers(tmp_path)
    started, release = threading.Event(), threading.Event()

    def held() -> bytes:
        started.set()
        release.wait(10)
        return outcome()

    pool = ThreadPoolExecutor(2)
    computing = pool.submit(first.answer, "v1", "k", held)
    assert started.wait(10)
    waiting = pool.submit(second.answer, "v1", "k", lambda: fallback)
    time.sleep(0.2)
    assert not waiting.done()
    release.set()
    pool.shutdown(wait=True)
    return computing, waiting


def test_a_process_waits_for_the_answer_another_is_computing(tmp_path) -> None:
    computing, waiting = race(tmp_path, lambda: b"computed once", b"computed twice")
    assert computing.result() == waiting.result() == b"computed once"


def test_a_failed_computation_leaves_the_waiting_process_to_compute_its_own(tmp_path) -> None:
    def failing() -> bytes:
        raise LookupError("no such entity")

    computing, waiting = race(tmp_path, failing, b"its own")
    with pytest.raises(LookupError):
        computing.result()
    assert waiting.result() == b"its own"
    assert SharedAnswers(tmp_path).get("v1", "k") is None  # what the waiting process computed is its own, not stored


def test_the_claim_of_a_process_that_died_computing_is_taken_over(tmp_path) -> None:
    shared = SharedAnswers(tmp_path)
    claim = shared._path("v1", "k").with_suffix(cache.CLAIM_SUFFIX)
    claim.parent.mkdir()
    claim.touch()
    long_ago = time.time() - cache.CLAIM_TIMEOUT_S - 1
    os.utime(claim, (long_ago, long_ago))
    started = time.monotonic()
    assert shared.answer("v1", "k", lambda: b"taken over") == b"taken over"
    assert time.monotonic() - started < 1  # no waiting for a dead process
    assert SharedAnswers(tmp_path).get("v1", "k") == b"taken over" and not claim.exists()


def test_old_versions_and_the_oldest_answers_are_pruned(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "PRUNE_EVERY", 1)
    monkeypatch.setattr(cache, "MAX_SHARED_ANSWERS", 3)
    shared = SharedAnswers(tmp_path)
    shared.answer("old", "k", lambda: b"old version")
    for n in range(5):
        shared.answer("new", f"k{n}", lambda n=n: str(n).encode())
        time.sleep(0.01)  # distinct modification times: the oldest are known
    assert [p.name for p in tmp_path.iterdir()] == ["new"]
    assert sorted(p.read_bytes() for p in (tmp_path / "new").iterdir()) == [b"2", b"3", b"4"]


def test_without_a_usable_file_each_process_computes_its_own(tmp_path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="ecokg.api"):
        shared = SharedAnswers(tmp_path / "no-such-directory")
        assert shared.answer("v1", "k", lambda: b"computed here") == b"computed here"
        assert shared.answer("v1", "k", lambda: b"and again") == b"and again"
    warnings = [r for r in caplog.records if "not shared" in r.getMessage()]
    assert len(warnings) == 1 and "no-such-directory" in warnings[0].getMessage()


def test_the_response_cache_keeps_what_it_got_from_the_other_processes(tmp_path) -> None:
    SharedAnswers(tmp_path).answer("v1", repr(("ask", ("q",))), lambda: b"from another process")
    answers = ResponseCache(shared=SharedAnswers(tmp_path), namespace="v1")
    assert answers.answer(("ask", ("q",)), lambda: b"computed here") == b"from another process"
    assert answers.answer(("ask", ("q",)), lambda: b"computed here") == b"from another process"
    assert len(answers) == 1


def test_an_answer_not_worth_sharing_is_neither_looked_for_nor_stored(tmp_path) -> None:
    SharedAnswers(tmp_path).answer("v1", repr(("entities", ("q",))), lambda: b"from another process")
    answers = ResponseCache(shared=SharedAnswers(tmp_path), namespace="v1")
    assert answers.answer(("entities", ("q",)), lambda: b"computed here", share=False) == b"computed here"
    assert answers.answer(("entities", ("r",)), lambda: b"r here", share=False) == b"r here"
    assert SharedAnswers(tmp_path).get("v1", repr(("entities", ("r",)))) is None


def test_a_servers_directory_is_removed_when_it_stops() -> None:
    with shared_answers_dir() as directory:
        SharedAnswers(directory).answer("v1", "k", lambda: b"x")
        assert [p.read_bytes() for p in (directory / "v1").iterdir()] == [b"x"]
    assert not directory.exists()
