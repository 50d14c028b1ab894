"""Build, load and API figures at 1×/10×/100×/1,000× the seed corpus, each beside its goal (issue 12).

    .venv/bin/python bench/scale.py [--scales 1,10,100] [--quick] [--markdown] [--json]
                                    [--corpus-dir DIR] [--workers-scale N] [--worker-rounds N] [--seeds DIR]
                                    [--gold DIR]

An N× corpus is N copies of the seed documents as distinct files: copy 0 is the seeds as they are; every
other copy renames about 60% of the organisations a name can be varied for (a Hospital, University,
ResearchInstitute, Company, Platform or Fund whose gold name ends in a known suffix such as 医院, 大学 or
基金) to a generated name with the same suffix, so resolution sees new organisations, and ends with a line
naming the copy, so every file has its own content hash. Government agencies keep their names: district
abbreviations (区科经委) resolve against them.

Per scale, each `ecokg build` runs as a subprocess on a fresh embedded store (NEO4J_* unset): the full build,
a build after one document changed, and one with nothing changed. "Work" is the build's own time (the
`seconds` of last_build.json: past process and graph-server start-up); "past start-up" leaves out loading the
extraction pipeline too (its "pipeline" step, which issue 12 counts in a warm start); "wall" is the whole
command. Cores used are the child's CPU time over wall time, peak RSS the largest sum over the build's process
tree. Every build's data directory starts with the extraction pipeline prepared, as a data directory has it
after its first extraction (``ecokg extract`` of one seed, timed and reported on its own): a one-time
preparation is not a build's work.

Extraction with 2 workers against 1 (`ecokg build --workers N`, when the CLI has it) runs at
``--workers-scale``, the two settings alternating for ``--worker-rounds`` rounds, each compared by its fastest
round: extraction time (the workers' pipeline loads included) is a full build's work minus that
of a build into a fresh graph whose extractions are all cached.

Then, in this process, one embedded store: API latency on the graph of the largest scale ≤ 100× (bench/api.py's
cases, those cycling through distinct parameters past the answer cache among them: a uvicorn subprocess, 1 and
16 clients, beside the same queries replayed over Bolt); the loader against raw ``UNWIND … MERGE`` of the same
rows, each on a wiped graph; and ``/entities?q=`` on bench/load.py's 50k-entity synthetic graph.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the graph side imports lazily: the corpus generator (and its test) needs none of it
    from ecokg.settings import Settings
    from graph.load import DocumentRows
    from graph.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ECOKG = str(Path(sys.executable).with_name("ecokg"))
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "dev" / "gold"

# --------------------------------------------------------------------------- the scaled corpus (pure)

VARIED_TYPES = ("Hospital", "University", "ResearchInstitute", "Company", "Platform", "Fund")
# What a varied name keeps at its end; the longest that matches is kept.
SUFFIXES = (
    "医院", "分院", "大学", "学院", "科学院", "医学院", "药学院", "研究院", "研究所", "研究会", "研究中心", "中心", "创新中心",
    "联合会", "联合体", "委员会", "实验室", "基金", "母基金", "子基金", "集团", "公司", "医药", "生物", "医疗",
    "科技", "诊断", "平台", "联盟", "基地", "服务站", "窗口", "高地", "会客厅", "质控组", "设施",
)
# What a varied name keeps at its start: a place prefix is not the distinctive part.
PLACES = ("上海市", "上海", "浦东新区", "浦东", "宝山区", "宝山", "中国", "国家")
# Characters of generated name cores: common in firm and hospital names, none a suffix or place by itself.
NAME_CHARACTERS = "华康瑞宁泰和安德联盛恒信嘉汇博远明达润祥鼎晟源丰睿弘璟翰昊懿凯宏昌隆鑫颐峰澜启航致诚图灵"
VARIED_FRACTION = 0.6
REVISION_LINE = "\n本文件已修订。\n"


@dataclass(frozen=True)
class ScaledDocument:
    name: str  # the file name, unique in the corpus
    text: str
    copy: int
    seed: str  # the seed document's file name
    renamed: dict[str, str]  # organisation name in the seed → its name in this copy
    variable: int  # how many of the seed's organisation names could be varied


def split_name(name: str) -> tuple[str, str, str] | None:
    """(place, core, suffix) of an organisation name, or None when it has no known suffix or no core."""
    suffix = max((s for s in SUFFIXES if name.endswith(s)), key=len, default=None)
    if suffix is None:
        return None
    rest = name[:len(name) - len(suffix)]
    place = max((p for p in PLACES if rest.startswith(p) and rest != p), key=len, default="")
    core = rest[len(place):]  # 浦东医院, 上海大学: the place is the distinctive part
    return (place, core, suffix) if core else None


def variable_names(text: str, organisations: list[str]) -> list[str]:
    """The organisation names of a document that occur in its text and can be varied, sorted."""
    return sorted({name for name in organisations if name in text and split_name(name)})


def scaled_corpus(seeds: dict[str, str], organisations: dict[str, list[str]], scale: int, seed: int = 12,
                  fraction: float = VARIED_FRACTION) -> list[ScaledDocument]:
    """``scale`` copies of every seed document (file name → text), ``organisations`` naming each seed's
    organisations of VARIED_TYPES. Deterministic: each copy's choices come from its own seeded generator,
    so the 10× corpus is the first ten copies of the 100× one."""
    documents, used = [], set()
    for copy in range(scale):
        for seed_name in sorted(seeds):
            text = seeds[seed_name]
            names = variable_names(text, organisations.get(seed_name, []))
            renamed: dict[str, str] = {}
            if copy:
                rng = random.Random(f"{seed}:{copy}:{seed_name}")
                for name in rng.sample(names, round(fraction * len(names))):
                    renamed[name] = _new_name(rng, name, used)
                text = _rename(text, names, renamed) + f"\n（第 {copy} 份副本）\n"
            file_name = seed_name if not copy else f"{copy:04d}_{seed_name}"
            documents.append(ScaledDocument(file_name, text, copy, seed_name, renamed, len(names)))
    return documents


def _new_name(rng: random.Random, name: str, used: set[str]) -> str:
    place, core, suffix = split_name(name)
    length = min(max(len(core), 2), 4)
    collisions = 0
    while True:
        # one character more every 50 collisions: at 1,000× the two-character names of one place and suffix run out
        candidate = place + "".join(rng.choice(NAME_CHARACTERS) for _ in range(length + collisions // 50)) + suffix
        if candidate != name and candidate not in used:
            used.add(candidate)
            return candidate
        collisions += 1


def _rename(text: str, names: list[str], renamed: dict[str, str]) -> str:
    # One pass, longest name first, over every variable name: a longer name that stays (复旦大学附属儿科医院)
    # keeps the shorter varied one inside it (复旦大学) as it is.
    pattern = re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda match: renamed.get(match.group(0), match.group(0)), text) if names else text


def read_seeds(seeds_dir: Path, gold_dir: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The seed texts by file name, and each seed's organisation names of VARIED_TYPES from its gold."""
    seeds = {path.name: path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))}
    organisations = {}
    for name in seeds:
        gold = json.loads((gold_dir / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
        organisations[name] = [e["name"] for e in gold["entities"] if e["type"] in VARIED_TYPES]
    return seeds, organisations


def write_corpus(documents: list[ScaledDocument], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for document in documents:
        (directory / document.name).write_text(document.text, encoding="utf-8")


# --------------------------------------------------------------------------- builds (subprocesses)


@dataclass
class BuildRun:
    wall_s: float
    work_s: float  # the build's own seconds (last_build.json)
    startup_s: float  # of which loading the extraction pipeline in the build's process (its "pipeline" step)
    cpu_s: float
    peak_rss_mb: float
    added: int
    changed: int
    unchanged: int
    extracted: int
    entities: int
    returncode: int  # not 0: it crashed after printing its summary and recording the build

    @property
    def cores(self) -> float:
        return self.cpu_s / self.wall_s

    @property
    def past_startup_s(self) -> float:
        """Work past start-up: the build's own time without loading the pipeline (as issue 12 counts start-up)."""
        return self.work_s - self.startup_s


def clean_environment() -> dict[str, str]:
    """This process's environment without NEO4J_* and ECOKG_*: every store here is a fresh embedded one."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "ECOKG_"))}


def store_settings(data_dir: Path) -> Settings:
    from ecokg.settings import Settings  # noqa: PLC0415

    free_port = bench_module("load").free_port
    return Settings(data_dir=data_dir, bolt_port=free_port(), arcadedb_http_port=free_port(),
                    curation_file=data_dir / "curation.yaml")


def build_environment(data_dir: Path) -> dict[str, str]:
    settings = store_settings(data_dir)
    return {**clean_environment(), "ECOKG_DATA_DIR": str(data_dir), "ECOKG_BOLT_PORT": str(settings.bolt_port),
            "ECOKG_ARCADEDB_HTTP_PORT": str(settings.arcadedb_http_port),
            "ECOKG_CURATION_FILE": str(settings.curation_file)}


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sample_peak_rss(process: subprocess.Popen, peak: list[int]) -> None:
    """Keep in ``peak[0]`` the largest resident memory of ``process`` and its descendants (every 100 ms)."""
    import psutil  # noqa: PLC0415 - not a dependency of ecokg (ipython and distributed bring it); the corpus needs none

    try:
        parent = psutil.Process(process.pid)
    except psutil.NoSuchProcess:
        return
    while process.poll() is None:
        total = 0
        try:
            for member in [parent, *parent.children(recursive=True)]:
                total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
        peak[0] = max(peak[0], total)
        time.sleep(0.1)


def prepare_pipeline(seed: Path, data_dir: Path) -> float:
    """Prepare the extraction pipeline in ``data_dir``'s cache once (``ecokg extract`` of one seed), as any data
    directory has it after its first extraction; returns the seconds it took. Builds get a copy, so their figures
    are those of a build, not of a data directory's one-time preparation (reported on its own)."""
    started = time.perf_counter()
    subprocess.run([ECOKG, "extract", str(seed), "-o", str(data_dir / "seed.jsonl")],
                   env=build_environment(data_dir), cwd=data_dir.parent, capture_output=True, text=True, check=True)
    return time.perf_counter() - started


def run_build(corpus: Path, data_dir: Path, workers: int | None = None, pipeline: Path | None = None) -> BuildRun:
    """``ecokg build`` of ``corpus`` into ``data_dir``; a new data directory first gets a copy of the prepared
    ``pipeline`` data directory's cache."""
    command = [ECOKG, "build", str(corpus), "--json", *(["--workers", str(workers)] if workers else [])]
    if pipeline is not None and not (data_dir / "cache").exists():
        shutil.copytree(pipeline / "cache", data_dir / "cache")
    data_dir.mkdir(parents=True, exist_ok=True)
    cpu_before, started = children_cpu_s(), time.perf_counter()
    process = subprocess.Popen(command, env=build_environment(data_dir), cwd=data_dir, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    sampler = threading.Thread(target=sample_peak_rss, args=(process, peak), daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    try:
        summary = json.loads(stdout)
    except ValueError:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}") from None
    record = json.loads((data_dir / "last_build.json").read_text(encoding="utf-8"))
    return BuildRun(wall, record["seconds"], record.get("steps", {}).get("pipeline", 0.0),
                    children_cpu_s() - cpu_before, peak[0] / 2**20,
                    len(summary["added"]), len(summary["changed"]), len(summary["unchanged"]),
                    len(summary["extracted"]), summary["stats"]["entities"], process.returncode)


def workers_available() -> bool:
    """Whether `ecokg build` takes --workers (being added alongside this benchmark)."""
    help_text = subprocess.run([ECOKG, "build", "--help"], env={**clean_environment(), "COLUMNS": "200"},
                               capture_output=True, text=True, check=True).stdout
    return "--workers" in help_text


@dataclass
class ScaleResult:
    scale: int
    documents: int
    chars: int
    renamed_share: float | None  # of the variable organisation names, in the copies that vary them (None: no copy does)
    full: BuildRun
    one_changed: BuildRun
    no_change: BuildRun


def measure_scale(scale: int, documents: list[ScaledDocument], corpus_dir: Path, data_dir: Path,
                  pipeline: Path) -> ScaleResult:
    write_corpus(documents, corpus_dir)
    full = run_build(corpus_dir, data_dir, pipeline=pipeline)
    edited = corpus_dir / documents[-1].name
    edited.write_text(documents[-1].text + REVISION_LINE, encoding="utf-8")
    one_changed = run_build(corpus_dir, data_dir)
    no_change = run_build(corpus_dir, data_dir)
    varied = [d for d in documents if d.copy]
    share = sum(len(d.renamed) for d in varied) / sum(d.variable for d in varied) if varied else None
    return ScaleResult(scale, len(documents), sum(len(d.text) for d in documents), share, full, one_changed,
                       no_change)


@dataclass
class WorkersResult:
    scale: int
    chars: int
    cached: BuildRun  # a full build whose extractions are all cached: read, resolve and load
    one_worker: list[BuildRun]  # one a round
    two_workers: list[BuildRun] | None  # None: ecokg build has no --workers, and one_worker ran with its default

    def rate(self, build: BuildRun) -> float:
        """Characters extracted per second: the build's work past that of the cached build."""
        return self.chars / max(build.work_s - self.cached.work_s, 1e-9)

    @staticmethod
    def best(builds: list[BuildRun]) -> BuildRun:
        """The fastest of a setting's rounds: the one least slowed by whatever else the machine ran meanwhile."""
        return min(builds, key=lambda build: build.work_s)


def measure_workers(scale: int, documents: list[ScaledDocument], root: Path, available: bool,
                    pipeline: Path, rounds: int) -> WorkersResult:
    """Alternate 1- and 2-worker full builds, ``rounds`` of each, every one into a fresh data directory: a busy
    neighbour or the machine's drift in speed slows the round it falls in, not one setting's every run (two
    workers need both cores, one worker leaves a core to whatever else runs)."""
    corpus = root / "corpus"
    write_corpus(documents, corpus)
    one: list[BuildRun] = []
    two: list[BuildRun] | None = [] if available else None
    for round_number in range(1, rounds + 1):
        one.append(run_build(corpus, root / f"one-worker-{round_number}", 1 if available else None, pipeline))
        if two is not None:
            two.append(run_build(corpus, root / f"two-workers-{round_number}", 2, pipeline))
    # The same corpus into a fresh graph with every extraction cached: what a full build spends past extraction.
    shutil.copytree(root / "one-worker-1" / "extractions", root / "cached" / "extractions")
    cached = run_build(corpus, root / "cached")
    return WorkersResult(scale, sum(len(d.text) for d in documents), cached, one, two)


# --------------------------------------------------------------------------- load: the loader beside raw Cypher

RAW_DOCUMENTS = "UNWIND $rows AS row MERGE (d:Document {id: row.id}) SET d += row.props"
RAW_ENTITIES = "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) SET e.type = row.type, e.name = row.name"
RAW_MENTIONS = ("UNWIND $rows AS row MATCH (d:Document {id: row.doc_id}) MATCH (e:Entity {id: row.key}) "
                "MERGE (d)-[m:MENTIONS]->(e) SET m += row.props")
RAW_RELATIONS = ("UNWIND $rows AS row MATCH (a:Entity {{id: row.source}}) MATCH (b:Entity {{id: row.target}}) "
                 "MERGE (a)-[r:{type} {{doc: row.doc}}]->(b) SET r += row.props")


@dataclass
class LoadResult:
    scale: int
    documents: int
    rows: int  # documents + entity rows + mention rows + relation rows, as both loads send them
    ecokg_s: float
    raw_s: float

    @property
    def ecokg_rows_per_s(self) -> float:
        return self.rows / self.ecokg_s

    @property
    def raw_rows_per_s(self) -> float:
        return self.rows / self.raw_s


def corpus_rows(corpus_dir: Path, built_settings: Settings) -> list[DocumentRows]:
    """The rows a build of ``corpus_dir`` loads, from the extraction cache of the build in ``built_settings``."""
    from ecokg.build import (  # noqa: PLC0415
        BuildSummary,
        ExtractionCache,
        get_documents,
        load_curation,
        transform_corpus,
    )

    summary = BuildSummary()
    documents, _ = get_documents([corpus_dir], built_settings, ExtractionCache(built_settings.data_dir), summary)
    assert not summary.extracted and not summary.failed, "the corpus was not built with every extraction cached"
    corpus = transform_corpus({doc.graph_id: [doc] for doc in documents}, load_curation(built_settings.curation_file))
    return [corpus.rows[graph_id] for graph_id in sorted(corpus.rows)]


def load_with_ecokg(store: Store, rows: list[DocumentRows]) -> None:
    """ecokg's loader as a build calls it: many documents to a transaction, each atomic."""
    from graph.load import load_many  # noqa: PLC0415

    failed = [result for result in load_many(store, rows) if isinstance(result, Exception)]
    assert not failed, failed[0]


def load_raw(store: Store, rows: list[DocumentRows]) -> None:
    """The same rows through plain ``UNWIND … MERGE``, in batches across documents, one transaction a batch."""
    from graph.load import BATCH_SIZE, _batches  # noqa: PLC0415 - the loader's own row and byte bounds per batch

    documents = [{"id": r.doc_id, "props": r.document} for r in rows]
    entities = [entity for r in rows for entity in r.entities]
    mentions = [{"doc_id": r.doc_id, **mention} for r in rows for mention in r.mentions]
    relations: dict[str, list[dict]] = {}
    for r in rows:
        for relation in r.relations:
            relations.setdefault(relation["type"], []).append(relation)
    work = [(RAW_DOCUMENTS, documents), (RAW_ENTITIES, entities), (RAW_MENTIONS, mentions),
            *((RAW_RELATIONS.format(type=rel_type), rel_rows) for rel_type, rel_rows in sorted(relations.items()))]
    with store.session() as session:
        for query, items in work:
            for batch in _batches(items, BATCH_SIZE):
                session.execute_write(lambda tx, batch=batch, query=query: tx.run(query, rows=batch).consume())


def wipe(store: Store) -> None:
    from graph import cypher  # noqa: PLC0415

    with store.session() as session:
        session.run(cypher.load("wipe")).consume()


def measure_load(store: Store, scale: int, rows: list[DocumentRows]) -> LoadResult:
    from graph.stats import get_stats  # noqa: PLC0415

    timings, counts = {}, {}
    for name, load in (("ecokg", load_with_ecokg), ("raw", load_raw)):
        wipe(store)
        started = time.perf_counter()
        load(store, rows)
        timings[name] = time.perf_counter() - started
        stats = get_stats(store)
        counts[name] = (stats.entities, stats.documents, sum(stats.relationships.values()))
    # Both wrote the same graph but for labels and names: the same entities, documents and relationships.
    assert counts["ecokg"] == counts["raw"], counts
    total = sum(1 + len(r.entities) + len(r.mentions) + len(r.relations) for r in rows)
    return LoadResult(scale, len(rows), total, timings["ecokg"], timings["raw"])


# --------------------------------------------------------------------------- API latency beside raw Bolt


@cache
def bench_module(name: str):
    """A bench/ script as a module, loaded by path and only when needed: bench/api.py puts bench/ first on
    sys.path, where its own name would shadow the ``api`` package for whatever imports it next (a test run)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# 16 clients first: on a row of distinct requests they meet the answers new (one client after them, cached).
CLIENTS = (16, 1)


@dataclass
class LatencyRow:
    graph: str
    endpoint: str
    clients: int
    api_p50: float
    api_p99: float
    bolt_p50: float
    bolt_p99: float
    bolt_queries: int  # 0: the endpoint answers from an in-process index, with nothing to replay over Bolt

    @property
    def overhead(self) -> float | None:
        return self.api_p50 / self.bolt_p50 if self.bolt_queries else None


def measure_latency(store: Store, settings: Settings, graph: str, cases: list, requests: int,
                    bolt_requests: int) -> list[LatencyRow]:
    """Each case over HTTP with ``requests`` calls (a quarter with one client), then replayed over Bolt with
    ``bolt_requests``: fewer, since a raw query costs up to a hundred times an answer the API holds."""
    api_bench = bench_module("api")
    from ecokg.executors import default_workers  # noqa: PLC0415

    rows = []
    with api_bench.serving(store, settings, default_workers(), warmup_s=settings.serve_warmup_s,
                           label=graph) as base:
        for case in cases:
            for clients in CLIENTS:
                api = api_bench.http_run(base, case, requests if clients > 1 else max(50, requests // 4), clients)
                bolt = api_bench.bolt_run(store, case, bolt_requests if clients > 1 else max(50, bolt_requests // 4),
                                          clients)
                rows.append(LatencyRow(graph, case.label, clients, api["p50"], api["p99"], bolt["p50"], bolt["p99"],
                                       bolt["queries"]))
                print(f"  {graph:<8} {case.label:<44} {clients:>2} clients: API p50 {api['p50']:6.1f} p99 "
                      f"{api['p99']:6.1f} ms; Bolt p50 {bolt['p50']:6.1f} p99 {bolt['p99']:6.1f} ms",
                      file=sys.stderr, flush=True)
    return rows


# --------------------------------------------------------------------------- goals and report

QUERY_DOMINATES_MS = 5.0  # raw Bolt p50 from which the query, not HTTP, dominates an answer's time


@dataclass
class Goal:
    what: str
    measured_at: str
    value: str
    goal: str
    verdict: str  # PASS, FAIL, or why there is none


@dataclass
class Report:
    when: str
    commit: str
    cores: int
    load_average: list[float]  # 1-minute load average at the start and (appended) at the end: a shared machine's share
    scales: list[ScaleResult] = field(default_factory=list)
    workers: WorkersResult | None = None
    load: LoadResult | None = None
    latency: list[LatencyRow] = field(default_factory=list)
    synthetic_entities: int = 0
    pipeline_preparation_s: float = 0.0  # once per data directory, before its first extraction; not in the builds
    goals: list[Goal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def judge(what: str, measured_at: str, value: float | None, shown: str, goal: str, passes: Callable[[float], bool],
          applies: bool, goal_scale: str) -> Goal:
    if value is None:
        return Goal(what, measured_at, "–", goal, shown)
    verdict = ("PASS" if passes(value) else "FAIL") if applies else f"n/a (goal at {goal_scale})"
    return Goal(what, measured_at, shown, goal, verdict)


def latency_row(report: Report, graph: str, endpoint_prefix: str, clients: int) -> LatencyRow | None:
    matches = [r for r in report.latency if r.graph == graph and r.endpoint.startswith(endpoint_prefix)
               and r.clients == clients]
    return max(matches, key=lambda r: r.api_p99, default=None)


def goals(report: Report, synthetic_label: str) -> list[Goal]:
    found: list[Goal] = []
    w = report.workers
    if w is None:
        found.append(Goal("extraction, 2 workers / 1 worker", "–", "–", "≥ 1.7×", "not run"))
    elif w.two_workers is None:
        found.append(Goal("extraction, 2 workers / 1 worker", f"{w.scale}×", "–", "≥ 1.7×",
                          "not available: `ecokg build` has no --workers"))
    else:
        ratio = w.rate(w.best(w.two_workers)) / w.rate(w.best(w.one_worker))
        found.append(judge("extraction, 2 workers / 1 worker", f"{w.scale}×", ratio, f"{ratio:.2f}×", "≥ 1.7×",
                           lambda v: v >= 1.7, True, ""))
    if report.load:
        ratio = report.load.ecokg_rows_per_s / report.load.raw_rows_per_s
        found.append(judge("load rows/s, ecokg / raw UNWIND … MERGE", f"{report.load.scale}×", ratio, f"{ratio:.2f}×",
                           "≥ 0.8×", lambda v: v >= 0.8, True, ""))
    at_most_100 = [s for s in report.scales if s.scale <= 100]
    hundred = max(at_most_100, key=lambda s: s.scale, default=None)
    if hundred:
        at, applies = f"{hundred.scale}×", hundred.scale == 100
        changed = hundred.one_changed
        found.append(judge("one changed document, work past start-up", at, changed.past_startup_s,
                           f"{changed.past_startup_s:.2f} s (+ {changed.startup_s:.2f} s loading the pipeline)",
                           "< 3 s", lambda v: v < 3, applies, "100×"))
        found.append(judge("no change, work", at, hundred.no_change.work_s, f"{hundred.no_change.work_s:.2f} s",
                           "< 1 s", lambda v: v < 1, applies, "100×"))
    thousand = next((s for s in report.scales if s.scale == 1000), None)
    found.append(judge("full build, wall", "1000×", thousand.full.wall_s if thousand else None,
                       f"{thousand.full.wall_s / 60:.1f} min" if thousand else "not run (--scales …,1000)",
                       "< 6 min", lambda v: v < 360, True, ""))
    if hundred:
        graph, applies = f"{hundred.scale}×", hundred.scale == 100
        for endpoint in ("/partners", "/ask"):
            row = latency_row(report, graph, endpoint, 16)
            found.append(judge(f"{endpoint} p99, 16 clients", graph, row.api_p99 if row else None,
                               f"{row.api_p99:.1f} ms" if row else "not run", "< 50 ms", lambda v: v < 50, applies,
                               "100×"))
    row = latency_row(report, synthetic_label, "/entities", 16)
    found.append(judge("/entities?q= p99, 16 clients", synthetic_label, row.api_p99 if row else None,
                       f"{row.api_p99:.1f} ms" if row else "not run", "< 20 ms", lambda v: v < 20,
                       report.synthetic_entities >= 50_000, "50k entities"))
    dominated = [r for r in report.latency if r.clients == 16 and r.bolt_queries and r.bolt_p50 >= QUERY_DOMINATES_MS]
    worst = max(dominated, key=lambda r: r.overhead, default=None)
    found.append(judge(f"API p50 / Bolt p50, worst where Bolt p50 ≥ {QUERY_DOMINATES_MS:g} ms",
                       f"{worst.graph} {worst.endpoint}" if worst else "–", worst.overhead if worst else None,
                       f"{worst.overhead:.2f}×" if worst else "no query that slow", "≤ 1.5×", lambda v: v <= 1.5,
                       True, ""))
    return found


def sanity_notes(report: Report) -> list[str]:
    """What makes a figure doubtful: builds that did other work than asked, or crashed on their way out."""
    notes = []
    for s in report.scales:
        if s.one_changed.extracted != 1 or s.one_changed.changed + s.one_changed.added != 1:
            notes.append(f"{s.scale}×: the one-changed build extracted {s.one_changed.extracted} and loaded "
                         f"{s.one_changed.changed + s.one_changed.added} documents, not 1 (did the extractor "
                         "version change during the run?)")
        if s.no_change.extracted or s.no_change.changed or s.no_change.added:
            notes.append(f"{s.scale}×: the no-change build extracted {s.no_change.extracted} and loaded "
                         f"{s.no_change.changed + s.no_change.added} documents")
    builds = [b for s in report.scales for b in (s.full, s.one_changed, s.no_change)]
    if report.workers:
        builds += [*report.workers.one_worker, *(report.workers.two_workers or []), report.workers.cached]
    crashed = sorted({b.returncode for b in builds if b.returncode})
    if crashed:
        notes.append(f"`ecokg build` exited with {', '.join(map(str, crashed))} after printing its summary and "
                     f"recording the build in {sum(1 for b in builds if b.returncode)} of {len(builds)} builds "
                     "(a crash on the way out; the figures stand)")
    return notes


def tables(report: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every table of the report."""
    builds = [[f"{s.scale}×", str(s.documents), f"{s.chars:,}", f"{s.full.entities:,}",
               f"{s.full.wall_s:.1f}", f"{s.full.work_s:.1f}", f"{s.full.cores:.2f}", f"{s.full.peak_rss_mb:,.0f}",
               f"{s.one_changed.past_startup_s:.2f} + {s.one_changed.startup_s:.2f} ({s.one_changed.wall_s:.1f})",
               f"{s.no_change.work_s:.2f} ({s.no_change.wall_s:.1f})",
               f"{s.renamed_share:.0%}" if s.renamed_share is not None else "–"]
              for s in report.scales]
    result = [("Builds (work s: the build itself; wall s: the whole `ecokg build`)",
               ["scale", "docs", "chars", "entities", "full wall s", "full work s", "cores used", "peak RSS MB",
                "one changed work s + pipeline load (wall)", "no change work s (wall)", "names varied"], builds)]
    if report.workers:
        w = report.workers
        settings = [(1 if w.two_workers is not None else "default", w.one_worker), (2, w.two_workers or [])]
        rows = [[str(workers), str(number), f"{build.work_s:.1f}", f"{build.cores:.2f}", f"{build.peak_rss_mb:,.0f}",
                 f"{w.rate(build):,.0f}" + (" (best)" if build is w.best(builds) and len(builds) > 1 else "")]
                for workers, builds in settings for number, build in enumerate(builds, start=1)]
        title = (f"Extraction at {w.scale}× ({w.chars:,} chars; a fully cached build's work, "
                 f"{w.cached.work_s:.1f} s, subtracted; the settings alternate, round by round)")
        result.append((title, ["workers", "round", "full build work s", "cores used", "peak RSS MB", "chars/s"], rows))
    if report.load:
        ld = report.load
        result.append((f"Load at {ld.scale}× ({ld.documents} documents, {ld.rows:,} rows), each on a wiped graph",
                       ["loader", "s", "rows/s"],
                       [["ecokg (load_many, as a build)", f"{ld.ecokg_s:.1f}", f"{ld.ecokg_rows_per_s:,.0f}"],
                        ["raw UNWIND … MERGE (batches)", f"{ld.raw_s:.1f}", f"{ld.raw_rows_per_s:,.0f}"]]))
    if report.latency:
        result.append(("API beside the same queries over raw Bolt (ms)",
                       ["graph", "endpoint", "clients", "API p50", "API p99", "Bolt p50", "Bolt p99", "p50 ×"],
                       [[r.graph, r.endpoint, str(r.clients), f"{r.api_p50:.1f}", f"{r.api_p99:.1f}",
                         *([f"{r.bolt_p50:.1f}", f"{r.bolt_p99:.1f}", f"{r.overhead:.2f}"] if r.bolt_queries
                           else ["–", "–", "in-process index"])] for r in report.latency]))
    result.append(("Goals (issue 12)", ["figure", "measured at", "value", "goal", "verdict"],
                   [[g.what, g.measured_at, g.value, g.goal, g.verdict] for g in report.goals]))
    return result


def machine_load(report: Report) -> str:
    return "load average " + " → ".join(f"{value:.1f}" for value in report.load_average)


def print_text(report: Report) -> None:
    print(f"bench/scale.py, {report.when}, commit {report.commit}, {report.cores} cores, {machine_load(report)}")
    for title, header, rows in tables(report):
        widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
        print(f"\n{title}")
        for line in (header, *rows):
            print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    for note in report.notes:
        print(f"\nnote: {note}")


def print_markdown(report: Report) -> None:
    print(f"Measured {report.when[:10]} at commit {report.commit} on {report.cores} cores, {machine_load(report)} "
          "(`bench/scale.py`).")
    for title, header, rows in tables(report):
        print(f"\n**{title}**\n")
        for line in (header, ["---"] * len(header), *rows):
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |")
    for note in report.notes:
        print(f"\nNote: {note}")


# --------------------------------------------------------------------------- main


def parse_scales(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def measure_in_process(report: Report, work: Path, corpus_dir: Path, scale: int, requests: int, bolt_requests: int,
                       synthetic: tuple[int, int], synthetic_label: str) -> None:
    """On the built graph of ``scale``: API latency, then the loads, then the synthetic graph's search."""
    api_bench, load_bench = bench_module("api"), bench_module("load")
    from graph.schema import apply_schema  # noqa: PLC0415
    from graph.store import open_store  # noqa: PLC0415

    settings = store_settings(work / f"data-{scale}x")
    rows = corpus_rows(corpus_dir, settings)
    with open_store(settings) as store:
        apply_schema(store)
        print(f"API on the {scale}× graph …", file=sys.stderr, flush=True)
        report.latency += measure_latency(store, settings, f"{scale}×", api_bench.seed_cases(), requests,
                                          bolt_requests)
        print(f"loading {scale}×: ecokg's loader, then raw UNWIND … MERGE …", file=sys.stderr, flush=True)
        report.load = measure_load(store, scale, rows)
        wipe(store)
        entities, relations = load_bench.synthetic(*synthetic)
        load_bench.timed_batches(store, "load_entities", entities, 5000)
        load_bench.timed_batches(store, "load_relations", relations, 5000)
        report.synthetic_entities = synthetic[0]
        # as many distinct names as requests: under 16 clients every one meets its answer new
        cases = [case for case in api_bench.synthetic_cases(store, distinct=requests) if case.path == "/entities"]
        report.latency += measure_latency(store, settings, synthetic_label, cases, requests, bolt_requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=parse_scales, help="comma-separated; default 1,10,100 (1,2 with --quick); "
                                                             "1000 only on request: it is slow")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small scales, graphs and request counts")
    parser.add_argument("--markdown", action="store_true", help="print the tables as markdown (for the README)")
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--corpus-dir", type=Path, help="write the corpora here (kept) instead of a temporary folder")
    parser.add_argument("--workers-scale", type=int, help="scale of the 1- and 2-worker extraction builds (default: "
                                                          "the largest of --scales up to 100×, where the workers' "
                                                          "pipeline loads weigh least)")
    # three, not two: in a run at f563b7d the two 2-worker rounds differed by 16% (a neighbour's burst in one)
    # while the 1-worker rounds agreed within 2%, and the better of two decided a ratio 1% from its goal
    parser.add_argument("--worker-rounds", type=int, default=3, help="rounds of the alternating 1- and 2-worker "
                                                                      "builds; the ratio is of each one's fastest")
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold of the seeds: the organisation names to vary")
    args = parser.parse_args()
    scales = args.scales or ([1, 2] if args.quick else [1, 10, 100])
    workers_scale = args.workers_scale or max([s for s in scales if s <= 100] or [min(scales)])
    # p99 over a few seconds of load, not the ~0.3 s that 800 answers from memory take under 16 clients (one
    # scheduling stall of the 2 cores then delays every request in flight: 2% of the sample)
    requests, bolt_requests = (80, 80) if args.quick else (4000, 800)
    synthetic = (5_000, 10_000) if args.quick else (50_000, 100_000)
    for key in [key for key in os.environ if key.startswith("NEO4J_")]:
        del os.environ[key]  # the embedded store throughout, in this process and (clean_environment) its children

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    report = Report(datetime.now(UTC).isoformat(timespec="seconds"), commit, os.cpu_count() or 1, [os.getloadavg()[0]])
    seeds, organisations = read_seeds(args.seeds, args.gold)
    with tempfile.TemporaryDirectory(prefix="ecokg-scale-") as tmp:
        work = Path(tmp)
        corpora = args.corpus_dir or work / "corpora"
        pipeline = work / "pipeline"
        pipeline.mkdir()
        print("preparing the extraction pipeline …", file=sys.stderr, flush=True)
        report.pipeline_preparation_s = prepare_pipeline(min(args.seeds.glob("*.txt")), pipeline)
        for scale in scales:
            print(f"building {scale}× …", file=sys.stderr, flush=True)
            result = measure_scale(scale, scaled_corpus(seeds, organisations, scale), corpora / f"{scale}x",
                                   work / f"data-{scale}x", pipeline)
            report.scales.append(result)
            print(f"  full {result.full.wall_s:.1f} s wall, one changed {result.one_changed.work_s:.2f} s work, "
                  f"no change {result.no_change.work_s:.2f} s work", file=sys.stderr, flush=True)
        print(f"extraction, 1 and 2 workers at {workers_scale}× …", file=sys.stderr, flush=True)
        report.workers = measure_workers(workers_scale, scaled_corpus(seeds, organisations, workers_scale),
                                         work / "workers", workers_available(), pipeline, args.worker_rounds)
        synthetic_label = f"{synthetic[0] // 1000}k"
        api_scale = max((s for s in scales if s <= 100), default=None)
        if api_scale is not None:
            measure_in_process(report, work, corpora / f"{api_scale}x", api_scale, requests, bolt_requests, synthetic,
                               synthetic_label)
    report.load_average.append(os.getloadavg()[0])
    report.goals = goals(report, synthetic_label)
    report.notes = [f"preparing the extraction pipeline (once per data directory, copied into every build's): "
                    f"{report.pipeline_preparation_s:.1f} s", *sanity_notes(report)]
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=1))
    elif args.markdown:
        print_markdown(report)
    else:
        print_text(report)


if __name__ == "__main__":
    main()
