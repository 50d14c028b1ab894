"""Where extraction runs: this process, worker processes on this machine, or a Dask cluster.

Every executor answers in the order the jobs were given, so a build's ids never depend on which
worker finished first, and keeps only a bounded window of jobs in flight, so memory does not grow
with the corpus. Each worker process loads the spaCy pipeline once and extracts many files.

Local workers read the files themselves (same file system); jobs sent to a Dask cluster carry the
file's bytes, since its workers may run on other machines. Extraction knows nothing of the graph:
results come back to this process, where the build resolves and loads them (the single writer)."""
from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from ecokg.errors import ConfigError, EcokgError
from ecokg.progress import NoProgress, Progress
from ecokg.records import Document

EXECUTORS = ("local", "dask")
# Jobs in flight per worker: enough to keep every worker busy while results are taken in order.
JOBS_IN_FLIGHT_PER_WORKER = 4
# Bytes of files to extract per default worker: a worker process costs a few seconds to start (it loads the
# pipeline), which a quarter of a megabyte of text (~5 s of extraction) repays.
MIN_BYTES_PER_DEFAULT_WORKER = 256 * 1024


@dataclass(frozen=True)
class ExtractionJob:
    path: str  # the file, as the build names it
    size: int = 0  # its bytes
    data: bytes | None = None  # its bytes, for workers that cannot read this machine's files


@dataclass(frozen=True)
class Extracted:
    path: str
    document: Document | None
    failure: str | None = None  # why the file gave no document (names the file)


def default_workers() -> int:
    """Every core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_all(jobs: list[ExtractionJob], cache_dir: Path, *, workers: int | None = None,
                executor: str = "local", scheduler: str | None = None,
                progress: Progress | None = None) -> Iterator[Extracted]:
    """Extract every job's file, yielding results in job order.

    ``local``: ``workers`` processes (default: every core, at most one per quarter megabyte of files); one runs
    in this process, which then loads the pipeline first as ``progress``'s step "pipeline" (start-up, not work).
    ``dask``: the cluster at ``scheduler`` (``tcp://host:8786``), or a local cluster of ``workers`` processes."""
    if executor not in EXECUTORS:
        raise ConfigError(f"unknown executor {executor!r}; use one of {', '.join(EXECUTORS)}")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if not jobs:
        return iter(())
    if executor == "dask":
        return _dask_results(jobs, cache_dir, workers, scheduler)
    if workers is None:
        workers = max(1, min(default_workers(), sum(job.size for job in jobs) // MIN_BYTES_PER_DEFAULT_WORKER))
    count = min(workers, len(jobs))
    if count == 1:
        return _in_this_process(jobs, cache_dir, progress or NoProgress())
    return _process_results(jobs, cache_dir, count)


# --------------------------------------------------------------------------- in a worker

def extract_job(job: ExtractionJob, cache_dir: Path | None) -> Extracted:
    """Extract one file (in whichever process runs it); a failure is reported, never raised. ``load_nlp`` keeps
    the pipeline, so a worker process loads it once for all its jobs."""
    from extractors.extract import extract_file  # noqa: PLC0415 - spaCy only in processes that extract
    from extractors.pipeline import load_nlp  # noqa: PLC0415

    if cache_dir is None:  # a cluster worker: its own machine's cache
        from ecokg.settings import get_settings  # noqa: PLC0415

        cache_dir = get_settings().data_dir / "cache"
    try:
        nlp = load_nlp(Path(cache_dir))
        if job.data is None:
            return Extracted(job.path, extract_file(nlp, Path(job.path)).document)
        with tempfile.TemporaryDirectory(prefix="ecokg-job-") as folder:
            local = Path(folder) / Path(job.path).name  # the suffix picks the reader
            local.write_bytes(job.data)
            document = extract_file(nlp, local).document
        return Extracted(job.path, document.model_copy(update={"path": job.path, "doc": Path(job.path).name}))
    except (EcokgError, OSError) as exc:
        return Extracted(job.path, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader or the pipeline tripping on one file must not stop the build
        return Extracted(job.path, None, f"{job.path}: extraction failed ({type(exc).__name__}: {exc}); "
                                         "please report this file")


# --------------------------------------------------------------------------- executors

def _in_this_process(jobs: list[ExtractionJob], cache_dir: Path, progress: Progress) -> Iterator[Extracted]:
    progress.start("pipeline")  # importing spaCy and the extractors is part of it
    import extractors.extract  # noqa: F401, PLC0415 - spaCy only in processes that extract
    from extractors.pipeline import load_nlp  # noqa: PLC0415

    load_nlp(Path(cache_dir))  # kept by load_nlp for every job
    progress.finish("pipeline")
    for job in jobs:
        yield extract_job(job, cache_dir)


def _in_order(submit: Callable[[ExtractionJob], Future], jobs: Iterable[ExtractionJob], window: int,
              result: Callable[[ExtractionJob, Future], Extracted]) -> Iterator[Extracted]:
    """Submit jobs keeping at most ``window`` in flight; yield their results in job order."""
    pending: deque[tuple[ExtractionJob, Future]] = deque()
    for job in jobs:
        pending.append((job, submit(job)))
        if len(pending) >= window:
            yield result(*pending.popleft())
    while pending:
        yield result(*pending.popleft())


def _process_results(jobs: list[ExtractionJob], cache_dir: Path, workers: int) -> Iterator[Extracted]:
    # spawn, not fork: this process may run the embedded graph server's JVM, which does not survive a fork
    context = get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def submit(job: ExtractionJob) -> Future:
        nonlocal pool
        try:
            return pool.submit(extract_job, job, cache_dir)
        except BrokenProcessPool:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            return pool.submit(extract_job, job, cache_dir)

    def result(job: ExtractionJob, future: Future) -> Extracted:
        try:
            return future.result()
        except BrokenProcessPool:
            # a worker died (out of memory, a crash in native code): this file and those in flight with it fail
            return Extracted(job.path, None, f"{job.path}: the extraction worker stopped while this file was being "
                                             "extracted (out of memory?); try it alone with --workers 1")

    try:
        yield from _in_order(submit, jobs, workers * JOBS_IN_FLIGHT_PER_WORKER, result)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_results(jobs: list[ExtractionJob], cache_dir: Path, workers: int | None,
                  scheduler: str | None) -> Iterator[Extracted]:
    try:
        from distributed import Client, LocalCluster  # noqa: PLC0415 - the optional extra
    except ImportError as exc:
        raise ConfigError("the dask executor needs the distributed extra: pip install 'ecokg[distributed]'") from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            # a local cluster shares this machine's pipeline cache; remote workers use their own
            worker_cache = cache_dir if cluster is not None else None
            size = max(1, len(client.scheduler_info().get("workers", {})))

            def submit(job: ExtractionJob) -> Future:
                sent = ExtractionJob(job.path, job.size, Path(job.path).read_bytes())
                return client.submit(extract_job, sent, worker_cache, pure=False)

            def result(job: ExtractionJob, future) -> Extracted:
                try:
                    return future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker or task fails this file, not the build
                    return Extracted(job.path, None, f"{job.path}: the cluster could not extract it "
                                                     f"({type(exc).__name__}: {exc})")

            yield from _in_order(submit, jobs, size * JOBS_IN_FLIGHT_PER_WORKER, result)
    finally:
        if cluster is not None:
            cluster.close()
