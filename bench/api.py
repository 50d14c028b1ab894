"""API throughput and latency beside the same queries sent straight over Bolt.

    .venv/bin/python bench/api.py [--requests 800] [--concurrency 16] [--entities 50000] [--relations 100000]
                                  [--seeds-only] [--api-workers N] [--warmup-s S] [--unshared]

Two graphs in a fresh embedded store: the seed corpus (built with ``ecokg.build.build_paths``) and a synthetic one
(bench/load.py's generator). For ``/partners`` (also by everyday names, through the resolver), ``/ask``,
``/entities?q=`` and ``/paths`` the API runs in a uvicorn subprocess as ``ecokg serve`` runs it: ``--api-workers``
processes (default: one per core) sharing their answers, the graph server warmed first (``--warmup-s``, api/warmup.py;
0 measures a cold JVM). 16 concurrent clients call it from a process of their own (bench/http_load.py: threads on
keep-alive connections); then the exact queries that endpoint ran (recorded by ``api.queries.Reader``) are replayed
over Bolt by 16 threads. Goals: API p99 < 50 ms (the resolver's /partners and /ask among them), ``/entities?q=``
p99 < 20 ms on the 50k-entity graph; each row says whether it met its goal and the run ends with the rows that did
not.

The API answers a repeated request from its answer cache (api/cache.py: one per graph version), so a row of one
request repeated measures the cache; rows marked "N distinct" cycle through N different parameters, so most
requests miss it and measure the index and the queries (the first N requests; later rounds hit the cache).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import http_load  # noqa: E402  (bench/http_load.py: closed-loop clients)
import load as load_bench  # noqa: E402  (bench/load.py: the synthetic graph)

from api import ask, queries  # noqa: E402
from api.cache import shared_answers_dir  # noqa: E402
from api.warmup import warm_up  # noqa: E402
from ecokg.executors import default_workers  # noqa: E402
from ecokg.settings import Settings  # noqa: E402
from graph import cypher  # noqa: E402
from graph.schema import apply_schema  # noqa: E402
from graph.store import Store, open_store  # noqa: E402

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


API_P99_GOAL_MS = 50.0
SEARCH_P99_GOAL_MS = 20.0  # /entities?q= on the 50k-entity graph


class Case:
    """One endpoint call (or several: ``params`` a list, cycled through) and the library call that runs the same
    queries as the first; ``goal_ms`` is the API p99 it must stay under."""

    def __init__(self, label: str, path: str, params: dict | list[dict], library: Callable[[queries.Reader], object],
                 goal_ms: float = API_P99_GOAL_MS) -> None:
        self.label, self.path, self.library, self.goal_ms = label, path, library, goal_ms
        self.params = params if isinstance(params, list) else [params]


def http_run(base: str, case: Case, requests: int, concurrency: int) -> dict:
    """The endpoint under load from bench/http_load.py, a process of its own."""
    command = [sys.executable, str(ROOT / "bench" / "http_load.py"), base, case.path,
               json.dumps(case.params, ensure_ascii=False), str(requests), str(concurrency)]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def bolt_run(store: Store, case: Case, requests: int, concurrency: int) -> dict:
    reader = queries.Reader(store)
    case.library(reader)
    sequence = [(cypher.load(run.name), run.params) for run in reader.ran]

    def once(_: int = 0) -> None:
        with store.session() as session:
            for query, params in sequence:
                session.run(query, params).data()

    for _ in range(20):
        once()
    return http_load.closed_loop(lambda: once, requests, concurrency) | {"queries": len(sequence)}


def serve(settings: Settings, api_workers: int = 1, shared_answers: Path | None = None) -> tuple[subprocess.Popen, str]:
    """The API as ``ecokg serve --api-workers`` runs it (``shared_answers``: the directory its workers share
    answers in), on a free port."""
    port = load_bench.free_port()
    env = {**os.environ, "ECOKG_DATA_DIR": str(settings.data_dir), "ECOKG_BOLT_PORT": str(settings.bolt_port),
           "ECOKG_ARCADEDB_HTTP_PORT": str(settings.arcadedb_http_port)}
    if shared_answers is not None:
        env["ECOKG_API_SHARED_ANSWERS"] = str(shared_answers)
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--workers", str(api_workers)],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the API did not start")


@contextmanager
def serving(store: Store, settings: Settings, api_workers: int, share_answers: bool = True,
            warmup_s: float = 0.0, label: str = "") -> Iterator[str]:
    """The API as ``ecokg serve`` runs it for as long as the block runs; yields its URL: the graph server warmed
    first (api/warmup.py; ``ecokg serve`` does it in the background at start), the workers sharing answers."""
    if warmup_s > 0:
        started = time.perf_counter()
        ran = warm_up(store, warmup_s)
        print(f"{label}: warmed the graph server with {ran} queries in {time.perf_counter() - started:.1f} s "
              "(as ecokg serve does at start)", file=sys.stderr, flush=True)
    with shared_answers_dir() if share_answers and api_workers > 1 else nullcontext() as shared_answers:
        process, base = serve(settings, api_workers, shared_answers)
        try:
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def run_suite(graph: str, store: Store, settings: Settings, cases: list[Case], requests: int, concurrency: int,
              api_workers: int, share_answers: bool = True, warmup_s: float = 0.0) -> list[dict]:
    rows = []
    with serving(store, settings, api_workers, share_answers, warmup_s, graph) as base:
        for case in cases:
            api = http_run(base, case, requests, concurrency)
            bolt = bolt_run(store, case, requests, concurrency)
            rows.append({"graph": graph, "endpoint": case.label, "api": api, "bolt": bolt, "goal_ms": case.goal_ms,
                         "met": api["p99"] < case.goal_ms})
            print_row(rows[-1])
    return rows


def print_header() -> None:
    print(f"{'graph':<10} {'endpoint':<44} {'API req/s':>9} {'p50 ms':>7} {'p99 ms':>7}   "
          f"{'Bolt req/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7}   {'p50 ×':>6}   p99 goal")


def print_row(row: dict) -> None:
    api, bolt = row["api"], row["bolt"]
    verdict = "met" if row["met"] else "MISSED"
    print(f"{row['graph']:<10} {row['endpoint']:<44} {api['rps']:>9.0f} {api['p50']:>7.1f} {api['p99']:>7.1f}   "
          f"{bolt['rps']:>10.0f} {bolt['p50']:>7.1f} {bolt['p99']:>7.1f} {bolt['queries']:>7}   "
          f"{api['p50'] / bolt['p50']:>6.2f}   < {row['goal_ms']:.0f} ms {verdict}", flush=True)


def print_verdict(rows: list[dict]) -> None:
    missed = [row for row in rows if not row["met"]]
    if not missed:
        print(f"\nevery row met its p99 goal ({len(rows)} rows)")
        return
    print(f"\nNOT MET: {len(missed)} of {len(rows)} rows missed their p99 goal:")
    for row in missed:
        print(f"  {row['graph']} {row['endpoint']}: p99 {row['api']['p99']:.1f} ms, goal < {row['goal_ms']:.0f} ms")


SEED_QUESTIONS = ("哪些医院与复旦大学合作", "复旦的合作伙伴有哪些", "区科经委负责哪些任务", "中科院有哪些下属单位",
                  "复旦大学有哪些附属医院", "药物所与哪些医院合作", "儿科医院属于哪所大学", "周浦医院和药物所有合作吗",
                  "交大有哪些下属单位", "谁负责强化人才赋能", "哪些机构落地宝山", "哪些文件提到了复旦大学")
SEED_ORGS = ("复旦大学", "复旦", "药物所", "中科院上海药物所", "浦东医院", "周浦医院", "交大", "中国科学院",
             "浦东新区科技和经济委员会", "区科经委", "复旦大学附属儿科医院", "儿科医院")


def seed_cases() -> list[Case]:
    return [
        Case("/partners?org=复旦大学&type=Hospital", "/partners", {"org": "复旦大学", "type": "Hospital"},
             lambda r: queries.partners(r, "复旦大学", "Hospital", None, False, queries.PARTNERS_LIMIT)),
        # Everyday names through the resolver: an abbreviation, a name without its city prefix.
        Case("/partners?org=复旦", "/partners", {"org": "复旦"},
             lambda r: queries.partners(r, "复旦", None, None, False, queries.PARTNERS_LIMIT)),
        Case("/partners?org=浦东新区科技和经济委员会", "/partners", {"org": "浦东新区科技和经济委员会"},
             lambda r: queries.partners(r, "浦东新区科技和经济委员会", None, None, False, queries.PARTNERS_LIMIT)),
        Case("/ask?q=请问哪些医院与复旦合作", "/ask", {"q": "请问哪些医院与复旦合作"},
             lambda r: ask.ask(r, "请问哪些医院与复旦合作")),
        Case("/ask?q=谁负责打响张江药谷品牌", "/ask", {"q": "谁负责打响张江药谷品牌"},
             lambda r: ask.ask(r, "谁负责打响张江药谷品牌")),
        Case("/entities?q=医院", "/entities", {"q": "医院"}, lambda r: queries.search(r, "医院", None, 0, 20)),
        # Many different questions and names: most requests miss the answer cache.
        Case(f"/ask, {len(SEED_QUESTIONS)} distinct questions", "/ask", [{"q": q} for q in SEED_QUESTIONS],
             lambda r: ask.ask(r, SEED_QUESTIONS[0])),
        Case(f"/partners, {len(SEED_ORGS)} distinct names", "/partners", [{"org": o} for o in SEED_ORGS],
             lambda r: queries.partners(r, SEED_ORGS[0], None, None, False, queries.PARTNERS_LIMIT)),
        Case("/paths?from=浦东医院&to=复旦大学附属儿科医院", "/paths", {"from": "浦东医院", "to": "复旦大学附属儿科医院"},
             lambda r: queries.paths(r, "浦东医院", "复旦大学附属儿科医院", queries.MAX_HOPS, queries.PATHS_LIMIT)),
    ]


def synthetic_cases(store: Store, distinct: int = 800) -> list[Case]:
    with store.session() as session:
        hub = session.run("MATCH (e:University)-[r]-() WITH e, count(r) AS n ORDER BY n DESC LIMIT 1 "
                          "RETURN e.name AS name").single()["name"]
        ends = session.run("MATCH (a:Hospital)-[*3..3]-(b:Company) RETURN a.name AS a, b.name AS b LIMIT 1").single()
    return [
        Case(f"/partners?org={hub}", "/partners", {"org": hub},
             lambda r: queries.partners(r, hub, None, None, False, queries.PARTNERS_LIMIT)),
        Case("/entities?q=实体4242", "/entities", {"q": "实体4242"}, lambda r: queries.search(r, "实体4242", None, 0, 20),
             goal_ms=SEARCH_P99_GOAL_MS),
        Case(f"/entities?q=实体N, {distinct} distinct", "/entities",
             [{"q": f"实体{n * 61 % 50_000}"} for n in range(distinct)],
             lambda r: queries.search(r, "实体61", None, 0, 20), goal_ms=SEARCH_P99_GOAL_MS),
        Case("/entities?q=实体, every entity matches", "/entities", {"q": "实体"},
             lambda r: queries.search(r, "实体", None, 0, 20), goal_ms=SEARCH_P99_GOAL_MS),
        Case(f"/paths?from={ends['a']}&to={ends['b']}", "/paths", {"from": ends["a"], "to": ends["b"]},
             lambda r: queries.paths(r, ends["a"], ends["b"], queries.MAX_HOPS, queries.PATHS_LIMIT)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--seeds-only", action="store_true", help="skip the synthetic graph")
    parser.add_argument("--api-workers", type=int, default=default_workers(),
                        help="API processes, as `ecokg serve --api-workers` (default: every core)")
    parser.add_argument("--warmup-s", type=float, default=Settings().serve_warmup_s,
                        help="seconds of the API's reads before measuring, as `ecokg serve` runs at start "
                             "(default: ECOKG_SERVE_WARMUP_S); 0 measures a cold graph server")
    parser.add_argument("--unshared", action="store_true",
                        help="API processes do not share answers (as plain `uvicorn --workers`)")
    args = parser.parse_args()

    from ecokg.build import build_paths  # noqa: PLC0415 - spaCy loads only here

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), bolt_port=load_bench.free_port(),
                            arcadedb_http_port=load_bench.free_port(), curation_file=Path(tmp) / "curation.yaml")
        with open_store(settings) as store:
            apply_schema(store)
            summary = build_paths(store, settings, [SEEDS])
            # The Bolt replay runs here, beside the pipeline the build loaded: freezing it keeps this process's
            # full collections (~100 ms with the pipeline) out of the replay's latencies.
            gc.collect()
            gc.freeze()
            print(f"seed graph: {len(summary.added)} documents; {args.api_workers} API processes, "
                  f"{args.concurrency} concurrent clients, {args.requests} requests per row\n")
            print_header()
            rows = run_suite("seeds", store, settings, seed_cases(), args.requests, args.concurrency, args.api_workers,
                             not args.unshared, args.warmup_s)
            if args.seeds_only:
                print_verdict(rows)
                return
            with store.session() as session:
                session.run(cypher.load("wipe")).consume()
            entities, relations = load_bench.synthetic(args.entities, args.relations)
            load_bench.timed_batches(store, "load_entities", entities, 5000)
            load_bench.timed_batches(store, "load_relations", relations, 5000)
            label = f"{args.entities // 1000}k"
            rows += run_suite(label, store, settings, synthetic_cases(store), args.requests, args.concurrency,
                              args.api_workers, not args.unshared, args.warmup_s)
            print_verdict(rows)


if __name__ == "__main__":
    main()
