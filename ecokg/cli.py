"""``ecokg``: build, serve and query the knowledge graph. A thin layer over ``graph``; errors become one line."""
from __future__ import annotations

import functools
import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import Annotated, Literal

import neo4j
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from ecokg.console_progress import ConsoleProgress
from ecokg.errors import ConfigError, EcokgError, QueryError
from ecokg.executors import EXECUTORS
from ecokg.progress import Progress
from ecokg.settings import Settings
from graph import store as graph_store
from graph.load import remove_document
from graph.query import run_cypher
from graph.schema import apply_schema
from graph.stats import get_stats

app = typer.Typer(help="Knowledge graph of Shanghai's biomedicine ecosystem.", no_args_is_help=True,
                  add_completion=False)
db_app = typer.Typer(help="Start, stop or inspect the embedded graph server.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console(soft_wrap=True)
SHUTDOWN_GRACE_S = 2  # how long `serve` lets open requests finish after SIGTERM

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", help="Extraction processes (default: ECOKG_WORKERS, else every core).")]
ExecutorOption = Annotated[Literal[EXECUTORS], typer.Option(
    "--executor", help="Where extraction runs: this machine's processes, or a Dask cluster.")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster).")]


def _cli_errors(command):
    """Domain and driver errors become one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except EcokgError as exc:
            _fail(str(exc))
        except neo4j.exceptions.DriverError as exc:
            _fail(f"graph store connection failed: {exc}")
        except neo4j.exceptions.Neo4jError as exc:
            _fail(exc.message or str(exc))

    return wrapper


def _fail(message: str) -> None:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)
    raise typer.Exit(1)


def _warn(path: str, reason: str) -> None:
    """One line on stderr per failed file, naming it once, the batch going on."""
    reason = " ".join(reason.split())
    print(f"error: {reason if path in reason else f'{path}: {reason}'}", file=sys.stderr)


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


@contextmanager
def _open_store(settings: Settings, progress: Progress) -> Iterator[graph_store.Store]:
    """The configured store; starting the embedded server takes seconds, so opening it is a step of its own."""
    progress.start("store")
    with graph_store.open_store(settings) as store:
        progress.finish("store")
        yield store


def _extract_each(nlp, files: list[Path], progress: Progress):
    """``extract_paths`` over ``files``, reported as the step "read" with the characters extracted."""
    from extractors.extract import Failure, extract_paths

    progress.start("read", len(files))
    for result in extract_paths(nlp, files):
        if isinstance(result, Failure):
            progress.advance("read", item=str(result.path))
        else:
            progress.advance("read", chars=len(result.document.text or ""), item=result.document.path)
        yield result
    progress.finish("read")


def _load_nlp(settings: Settings, use_gazetteer: bool, progress: Progress):
    """The extraction pipeline: seconds from its cache, more the first time (the pipeline logs why)."""
    from extractors.pipeline import load_nlp

    progress.start("pipeline")
    nlp = load_nlp(settings.data_dir / "cache", use_gazetteer=use_gazetteer)
    progress.finish("pipeline")
    return nlp


# --------------------------------------------------------------------------- commands


@app.callback()
def main(ctx: typer.Context) -> None:
    """Build, serve and query the ecokg knowledge graph (settings: ECOKG_* and NEO4J_* variables)."""
    try:
        ctx.obj = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        _fail(str(ConfigError(f"setting {'.'.join(map(str, first['loc']))}: {first['msg']}")))


@app.command()
@_cli_errors
def extract(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt .pdf .docx .html) or directories.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON Lines file: one document a line.")],
    rejected: Annotated[Path | None, typer.Option(help="Also write what the domain checks refused, with reasons.")] = None,
    no_gazetteer: Annotated[bool, typer.Option("--no-gazetteer", help="Recognise without the known-organisations list.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Extract entities and relations (GUIDELINE.md prediction format); unreadable files are reported, not fatal."""
    from extractors.extract import write_extractions
    from extractors.readers import iter_paths

    settings: Settings = ctx.obj
    with ConsoleProgress(quiet=as_json) as progress:
        nlp = _load_nlp(settings, not no_gazetteer, progress)
        files = list(iter_paths(paths))
        with output.open("w", encoding="utf-8") as out_file, \
                (rejected.open("w", encoding="utf-8") if rejected else nullcontext()) as rejected_file:
            summary = write_extractions(_extract_each(nlp, files, progress), out_file, rejected_file)
    for failure in summary.failures:
        _warn(str(failure.path), failure.reason)
    if as_json:
        _print_json({"documents": summary.documents, "entities": summary.entities, "relations": summary.relations,
                     "rejected": summary.rejected,
                     "failed": [{"path": str(f.path), "reason": f.reason} for f in summary.failures]})
    else:
        out.print(f"{summary.documents} documents, {summary.entities} entities, {summary.relations} relations "
                  f"({summary.rejected} rejected), {len(summary.failures)} failed → {output}",
                  markup=False, highlight=False)
    if summary.failures:
        raise typer.Exit(1)


@app.command("eval")
@_cli_errors
def eval_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Documents or directories; files without gold are skipped.")],
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold files (GUIDELINE.md), one JSON a document.")],
    verbose: Annotated[bool, typer.Option("--verbose", help="List every miss and false alarm.")] = False,
    no_gazetteer: Annotated[bool, typer.Option("--no-gazetteer", help="Recognise without the known-organisations list.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Extract and score against gold by score.py's rules: P/R/F1 by entity type, typed and untyped, by relation type, by document."""
    from ecokg.errors import EvalError
    from ecokg.evaluate import Prediction, load_gold, score
    from extractors.extract import Failure
    from extractors.readers import iter_paths

    gold_set = load_gold(gold)
    files = list(iter_paths(paths))
    annotated = [f for f in files if f.name in gold_set.documents]
    if not annotated:
        raise EvalError(f"{gold}: no gold for any of the {len(files)} files given")
    predictions, failures = [], []
    with ConsoleProgress(quiet=as_json) as progress:
        nlp = _load_nlp(ctx.obj, not no_gazetteer, progress)
        for result in _extract_each(nlp, annotated, progress):
            if isinstance(result, Failure):
                failures.append(result)
            else:
                predictions.append(Prediction.of(result.document))
    for failure in failures:
        _warn(str(failure.path), failure.reason)
    evaluation = score(gold_set, predictions)
    skipped = len(files) - len(annotated)
    if as_json:
        _print_json({**evaluation.to_dict(mistakes=verbose), "skipped": skipped})
    else:
        _print_evaluation(evaluation, verbose, skipped)
    if failures:  # they were scored as missing documents
        raise typer.Exit(1)


def _print_evaluation(evaluation, verbose: bool, skipped: int) -> None:
    def rates(counts) -> list[str]:
        return [f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}"]

    if verbose:
        for mistake in evaluation.mistakes:
            out.print(f"{mistake.doc}\t{mistake.kind}\t{mistake.detail}", markup=False, highlight=False)
    entities = Table("entities", "P", "R", "F1", "tp", "fp", "fn")
    for key, counts in evaluation.total.entity.items():
        entities.add_row("untyped" if key == "all" else key, *rates(counts), *map(str, (counts.tp, counts.fp, counts.fn)))
    relations = Table("relations", "P", "R", "F1", "tp", "fp", "fn")
    for key, counts in evaluation.total.relation.items():
        relations.add_row(key, *rates(counts), *map(str, (counts.tp, counts.fp, counts.fn)))
    documents = Table()
    documents.add_column("document", min_width=max(map(len, evaluation.per_document)))  # whole file names
    for header in ("typed entity P", "R", "F1", "relation P", "R", "F1"):
        documents.add_column(header)
    for doc, scores in evaluation.per_document.items():
        documents.add_row(doc, *rates(scores.entity["typed"]), *rates(scores.relation["all"]))
    out.print(entities, relations, documents)
    out.print(f"{len(evaluation.documents)} documents scored, {skipped} files without gold skipped; "
              f"missing: {', '.join(evaluation.missing) or 'none'}", markup=False, highlight=False)


@app.command()
@_cli_errors
def build(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Documents or directories; .jsonl files hold extracted records.")],
    sync: Annotated[bool, typer.Option(help="Remove documents whose files are gone from the given directories.")] = False,
    workers: WorkersOption = None,
    executor: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
    as_json: JsonOption = False,
) -> None:
    """Extract (only new or changed files), resolve across documents and load (each document atomic)."""
    settings: Settings = ctx.obj
    extraction = _extraction(workers, executor, scheduler)
    with ConsoleProgress(quiet=as_json) as progress, _open_store(settings, progress) as store:
        summary = _build(store, settings, paths, progress, extraction, sync=sync)
        stats = get_stats(store).to_dict()
    _report_build(summary, stats, as_json)
    if summary.failed:
        raise typer.Exit(1)


def _extraction(workers: int | None, executor: str, scheduler: str | None) -> dict:
    """Where a build extracts (``build_paths`` keywords), checked before a server starts."""
    if scheduler is not None and executor != "dask":
        raise ConfigError(f"--scheduler {scheduler} is a Dask scheduler's address: add --executor dask")
    return {"workers": workers, "executor": executor, "scheduler": scheduler}


def _build(store, settings: Settings, paths: list[Path], progress: Progress, extraction: dict, *, sync: bool = False):
    from ecokg.build import build_paths

    return build_paths(store, settings, paths, sync=sync, progress=progress, **extraction)


def _analyze(store, progress: Progress) -> tuple[list[dict], dict[str, dict], int]:
    """Compute the network metrics and write them onto the nodes: (nodes, metrics, how many were written)."""
    from graph.analytics import compute_metrics, get_graph, to_networkx, write_metrics

    progress.start("analytics")
    nodes, edges = get_graph(store)
    metrics = compute_metrics(to_networkx(nodes, edges))
    written = write_metrics(store, metrics)
    progress.finish("analytics")
    return nodes, metrics, written


def _report_build(summary, stats: dict, as_json: bool) -> None:
    """The failed files (stderr, one line each), then the counts; after the progress lines are gone."""
    for failure in summary.failed:
        _warn(failure["path"], failure["reason"])
    if as_json:
        _print_json({**summary.to_dict(), "stats": stats})
        return
    out.print(f"{len(summary.added)} added, {len(summary.changed)} changed, {len(summary.unchanged)} unchanged, "
              f"{len(summary.removed)} removed, {len(summary.failed)} failed; the graph has "
              f"{stats['entities']} entities in {stats['documents']} documents", markup=False, highlight=False)


@app.command()
@_cli_errors
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="API host (default: ECOKG_API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="API port (default: ECOKG_API_PORT).")] = None,
    build_paths: Annotated[list[Path] | None, typer.Option("--build", help="Documents or directories to build first.")] = None,
    workers: WorkersOption = None,
    executor: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
    api_workers: Annotated[int | None, typer.Option(
        "--api-workers", min=1, help="API processes, one per core for many clients (default: ECOKG_API_WORKERS, 1).")] = None,
) -> None:
    """Run the graph store and the HTTP API until interrupted; prints the API URL and the bolt:// address."""
    import uvicorn

    from api.cache import shared_answers_dir

    settings: Settings = ctx.obj
    host = host or settings.api_host
    port = port or settings.api_port
    api_workers = api_workers or settings.api_workers
    extraction = _extraction(workers, executor, scheduler)
    with ExitStack() as serving:
        with ConsoleProgress() as progress:  # over before the server's own log lines start
            store = serving.enter_context(_open_store(settings, progress))
            apply_schema(store)
            if build_paths:
                summary = _build(store, settings, build_paths, progress, extraction)
                stats = get_stats(store).to_dict()
                # the view sizes nodes by PageRank and /analytics answers only once metrics are written
                written = _analyze(store, progress)[2]
        if build_paths:
            _report_build(summary, stats, as_json=False)
            out.print(f"analytics written onto {written} nodes", markup=False, highlight=False)
        out.print(f"API:  http://{host}:{port}  (docs: http://{host}:{port}/docs, "
                  f"network view: http://{host}:{port}/viz?center=复旦大学)", markup=False, highlight=False)
        out.print(f"Bolt: {store.bolt_uri}" + (
            f" (user {graph_store.ROOT_USER}, password in {graph_store.EmbeddedPaths.of(settings).password_file})"
            if store.embedded else ""), markup=False, highlight=False)
        # SIGTERM must stop the service within seconds: requests still open after the grace are cut, and the
        # server stops analysts' queries at its own time limit. API workers are spawned processes that reach the
        # graph store over Bolt like any client; one sees another's uploads at its next version check.
        if api_workers > 1:  # a question new to every worker is computed by one of them (api/cache.py)
            os.environ["ECOKG_API_SHARED_ANSWERS"] = str(serving.enter_context(shared_answers_dir()))
        if store.embedded and settings.serve_warmup_s > 0:
            serving.enter_context(_warming(store, settings.serve_warmup_s))
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=api_workers,
                    timeout_graceful_shutdown=SHUTDOWN_GRACE_S)


@contextmanager
def _warming(store: graph_store.Store, seconds: float) -> Iterator[None]:
    """api/warmup.py's reads in a thread while the block runs (the API serving), stopped when it ends."""
    from api.warmup import warm_up  # noqa: PLC0415

    stop = threading.Event()
    thread = threading.Thread(target=warm_up, args=(store, seconds, stop), name="warm-up", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@app.command()
@_cli_errors
def cypher(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="The Cypher query.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v; v is parsed as JSON if it can be.")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to change the graph (as the admin user).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Run a Cypher query and print the result as a table (read-only unless --write)."""
    settings: Settings = ctx.obj
    params = dict(_parse_param(item) for item in param or [])
    with ConsoleProgress(quiet=as_json) as progress, _open_store(settings, progress) as store:
        result = run_cypher(store, query, params, write=write, timeout_s=settings.cypher_timeout_s)
    if as_json:
        _print_json([dict(zip(result.columns, row)) for row in result.rows])
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) for value in row))
    out.print(table)


def _parse_param(item: str) -> tuple[str, object]:
    key, sep, raw = item.partition("=")
    if not sep or not key:
        raise QueryError(f"--param {item!r}: expected name=value")
    try:
        return key, json.loads(raw)
    except json.JSONDecodeError:
        return key, raw


@app.command()
@_cli_errors
def stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Count documents, entities by label and relationships by type."""
    with ConsoleProgress(quiet=as_json) as progress, _open_store(ctx.obj, progress) as store:
        counts = get_stats(store)
    if as_json:
        _print_json(counts.to_dict())
        return
    table = Table("kind", "name", "count")
    for label, count in counts.labels.items():
        table.add_row("label", label, str(count))
    for rel_type, count in counts.relationships.items():
        table.add_row("relationship", rel_type, str(count))
    out.print(table)


@app.command()
@_cli_errors
def remove(
    ctx: typer.Context,
    doc: Annotated[str, typer.Argument(help="The document's id, path, source (upload:<name>) or file name (if unique).")],
    as_json: JsonOption = False,
) -> None:
    """Delete a document and every fact and entity only it supported."""
    with ConsoleProgress(quiet=as_json) as progress, _open_store(ctx.obj, progress) as store:
        result = remove_document(store, doc, path=str(Path(doc).resolve()))
    if as_json:
        _print_json(result.to_dict())
    else:
        removed = ", ".join(source or name for source, name in zip(result.sources, result.docs))
        out.print(f"removed {removed}; {result.entities_deleted} entities no longer mentioned were deleted",
                  markup=False, highlight=False)


@db_app.command("start")
@_cli_errors
def db_start(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Start the embedded server in the background; ecokg commands then connect to it."""
    _print_status(graph_store.start_background(ctx.obj), as_json)


@db_app.command("stop")
@_cli_errors
def db_stop(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Stop the background embedded server."""
    stopped = graph_store.stop_background(ctx.obj)
    if as_json:
        _print_json({"stopped": stopped})
    else:
        out.print("stopped" if stopped else "no background server was running")


@db_app.command("status")
@_cli_errors
def db_status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show whether the graph server runs, its bolt:// address and pid."""
    _print_status(graph_store.status(ctx.obj), as_json)


def _print_status(current: graph_store.ServerStatus, as_json: bool) -> None:
    if as_json:
        _print_json(current.to_dict())
    elif not current.embedded:
        out.print(f"using Neo4j at {current.bolt_uri}", markup=False, highlight=False)
    elif current.running:
        out.print(f"running: {current.bolt_uri} (pid {current.pid}, {current.mode}), data in {current.data_dir}",
                  markup=False, highlight=False)
    else:
        out.print(f"not running (data in {current.data_dir})", markup=False, highlight=False)


# --------------------------------------------------------------------------- analytics, views, exports

export_app = typer.Typer(help="Export the graph or its styling for other tools.", no_args_is_help=True)
app.add_typer(export_app, name="export")
curate_app = typer.Typer(help="Record curation decisions in the curation file (applied on every build).",
                         no_args_is_help=True)
app.add_typer(curate_app, name="curate")


@app.command()
@_cli_errors
def analyze(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Compute degree, PageRank, betweenness and communities; write them onto the organisation nodes."""
    from graph.analytics import top

    with ConsoleProgress(quiet=as_json) as progress, _open_store(ctx.obj, progress) as store:
        nodes, metrics, written = _analyze(store, progress)
    brokers = top(metrics, nodes, "betweenness", limit=5)
    if as_json:
        _print_json({"nodes": written, "communities": len({m["community"] for m in metrics.values()}),
                     "top_brokers": brokers})
        return
    out.print(f"wrote metrics onto {written} nodes; "
              f"{len({m['community'] for m in metrics.values()})} communities", markup=False, highlight=False)
    for row in brokers:
        out.print(f"  broker: {row['name']} ({row['type']}) betweenness={row['betweenness']:.3f}",
                  markup=False, highlight=False)


@app.command()
@_cli_errors
def viz(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="Entity name, alias or id to centre the view on.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write (works offline).")],
    depth: Annotated[int, typer.Option(min=1, max=4, help="Relations to follow from the centre.")] = 2,
    limit: Annotated[int, typer.Option(min=1, max=2000, help="At most this many nodes.")] = 300,
) -> None:
    """Write the interactive partner-network page around one organisation as a standalone HTML file."""
    from graph.lookup import entity_id
    from graph.viz import get_subgraph, render_page

    with ConsoleProgress() as progress, _open_store(ctx.obj, progress) as store:
        center = org if ":" in org else entity_id(store, org)
        subgraph = get_subgraph(store, center, depth=depth, limit=limit)
    output.write_text(render_page(subgraph, standalone=True), encoding="utf-8")
    out.print(f"{len(subgraph['nodes'])} nodes, {len(subgraph['edges'])} edges → {output}", markup=False,
              highlight=False)


@export_app.command("bloom")
@_cli_errors
def export_bloom(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="Perspective JSON file.")],
) -> None:
    """A Neo4j Bloom perspective: a category per label, relationship types, search phrases in Chinese,
    node sizes by PageRank over the range the graph holds."""
    from graph.bloom import SIZE_METRIC, bloom_perspective, metric_range

    with ConsoleProgress() as progress, _open_store(ctx.obj, progress) as store:
        size_range = metric_range(store, SIZE_METRIC)
    output.write_text(json.dumps(bloom_perspective(size_range=size_range), ensure_ascii=False, indent=2),
                      encoding="utf-8")
    sizes = (f"sizes by {SIZE_METRIC} {size_range[0]:.4g}–{size_range[1]:.4g}" if size_range
             else f"no size rule: no entity has {SIZE_METRIC} yet (run `ecokg analyze` first)")
    out.print(f"Bloom perspective → {output}; {sizes}", markup=False, highlight=False)


@export_app.command("grass")
@_cli_errors
def export_grass(output: Annotated[Path, typer.Option("--output", "-o", help="GraSS style sheet file.")]) -> None:
    """A Neo4j Browser style sheet (drag it onto the Browser or use :style)."""
    from graph.bloom import grass

    output.write_text(grass(), encoding="utf-8")
    out.print(f"Browser style → {output}", markup=False, highlight=False)


@export_app.command("graph")
@_cli_errors
def export_graph(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf, csv (neo4j-admin import) or json.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File (a directory for csv).")],
    types: Annotated[list[str] | None, typer.Option(
        "--types", help="Export only entities of this type (repeatable); default: every type, Tasks included.")] = None,
) -> None:
    """Export the entities and their relations for Gephi, neo4j-admin or scripts; says what it leaves out."""
    from ecokg.records import ENTITY_TYPES
    from graph.export import export, select

    with ConsoleProgress() as progress, _open_store(ctx.obj, progress) as store:
        selection = select(store, types or ENTITY_TYPES)
    written = export(selection.nodes, selection.edges, fmt, output)
    left_out = selection.left_out()
    out.print(f"{len(selection.nodes)} entities, {len(selection.edges)} relations → {', '.join(map(str, written))}"
              + (f"; left out: {'; '.join(left_out)}" if left_out else ""), markup=False, highlight=False)


# --------------------------------------------------------------------------- resolution and curation


@app.command()
@_cli_errors
def resolve(
    ctx: typer.Context,
    report: Annotated[bool, typer.Option("--report", help="List likely duplicates for review.")] = True,
    limit: Annotated[int, typer.Option(min=1, help="At most this many pairs.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List likely duplicate organisations (similar names, shared partners) for `ecokg curate merge`."""
    from graph.analytics import get_graph
    from ecokg.resolve import duplicate_candidates

    with ConsoleProgress(quiet=as_json) as progress, _open_store(ctx.obj, progress) as store:
        nodes, edges = get_graph(store)
    pairs = duplicate_candidates(nodes, edges)[:limit]
    if as_json:
        _print_json(pairs)
        return
    table = Table("score", "a", "b", "type", "why")
    for pair in pairs:
        table.add_row(f"{pair['score']:.2f}", pair["a"], pair["b"], pair["type"], pair["why"])
    out.print(table)


def _curation_edit(ctx: typer.Context, change) -> None:
    from ecokg.build import load_curation, save_curation

    settings: Settings = ctx.obj
    curation = load_curation(settings.curation_file)
    change(curation)
    save_curation(settings.curation_file, curation)
    out.print(f"recorded in {settings.curation_file}; run `ecokg build` to apply", markup=False, highlight=False)


@curate_app.command("merge")
@_cli_errors
def curate_merge(ctx: typer.Context, names: Annotated[list[str], typer.Argument(help="Two or more names of one organisation.")]) -> None:
    """Say these names are one organisation."""
    if len(names) < 2:
        raise QueryError("merge needs at least two names")
    _curation_edit(ctx, lambda c: c.merge.append(list(names)))


@curate_app.command("split")
@_cli_errors
def curate_split(ctx: typer.Context, names: Annotated[list[str], typer.Argument(help="Names that must not link organisations.")]) -> None:
    """Say these names are different organisations (none of them links clusters)."""
    _curation_edit(ctx, lambda c: c.split.append(list(names)))


@curate_app.command("reject")
@_cli_errors
def curate_reject(ctx: typer.Context, name: Annotated[str, typer.Argument(help="A name that is not an organisation.")]) -> None:
    """Say this name is not an organisation; builds drop it and its relations."""
    _curation_edit(ctx, lambda c: c.reject.append(name))


@curate_app.command("retype")
@_cli_errors
def curate_retype(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The entity's name.")],
    entity_type: Annotated[str, typer.Argument(help="The right type, e.g. Hospital.")],
) -> None:
    """Say this entity's type is wrong and which it is."""
    from ecokg.records import ENTITY_TYPES

    if entity_type not in ENTITY_TYPES:
        raise QueryError(f"unknown type {entity_type!r}; one of {', '.join(ENTITY_TYPES)}")
    _curation_edit(ctx, lambda c: c.retype.__setitem__(name, entity_type))


def run() -> None:
    """The ``ecokg`` command: the app, then an exit that survives the embedded server's JVM (see exit_process)."""
    try:
        app()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
    graph_store.exit_process(code)


if __name__ == "__main__":
    run()
