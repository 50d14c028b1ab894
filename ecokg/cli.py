"""``ecokg``: build, serve and query the knowledge graph. A thin layer over ``graph``; errors become one line."""
from __future__ import annotations

import functools
import hashlib
import json
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import neo4j
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ecokg.errors import ConfigError, EcokgError, LoadError, QueryError, ReadError
from ecokg.records import Document
from ecokg.settings import Settings
from graph import store as graph_store
from graph.load import load_document, remove_document
from graph.query import run_cypher
from graph.schema import apply_schema
from graph.stats import get_stats

app = typer.Typer(help="Knowledge graph of Shanghai's biomedicine ecosystem.", no_args_is_help=True,
                  add_completion=False)
db_app = typer.Typer(help="Start, stop or inspect the embedded graph server.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console(soft_wrap=True)
err = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]


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


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True)


# --------------------------------------------------------------------------- input documents


def _documents_from(paths: list[Path]) -> Iterator[Document]:
    """The documents to load: one JSON object a line (the prediction format or :class:`Document` JSON)."""
    for path in paths:
        yield from _read_jsonl(path)


def _read_jsonl(path: Path) -> Iterator[Document]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ReadError(f"{path}: cannot open: {exc.strerror}") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise ReadError(f"{where}: not JSON: {exc}") from exc
            if not isinstance(record, dict):
                raise ReadError(f"{where}: expected a JSON object, one document a line")
            # Prediction-format lines carry no content hash and no resolution keys: derive both.
            record.setdefault("id", hashlib.sha256(line.strip()).hexdigest())
            for entity in record.get("entities") or []:
                if isinstance(entity, dict) and not entity.get("key") and entity.get("type") and entity.get("name"):
                    entity["key"] = f"{entity['type']}:{_fold(entity['name'])}"
            try:
                yield Document.model_validate(record)
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(part) for part in first["loc"])
                raise ReadError(f"{where}: field {field}: {first['msg']}") from exc


def _fold(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


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
def build(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="JSONL files, one document a line.")],
    as_json: JsonOption = False,
) -> None:
    """Load documents into the graph, one transaction each; an edited document replaces its old version."""
    settings: Settings = ctx.obj
    results, failures = [], []
    with graph_store.open_store(settings) as store:
        apply_schema(store)
        with _progress() as progress:
            task = progress.add_task("loading documents", total=None)
            for document in _documents_from(paths):
                try:
                    results.append(load_document(store, document).to_dict())
                except LoadError as exc:
                    failures.append(str(exc))
                    err.print(f"error: {exc}", markup=False, highlight=False)
                progress.advance(task)
        stats = get_stats(store).to_dict()
    if as_json:
        _print_json({"documents": results, "failed": failures, "stats": stats})
    else:
        counts = {status: sum(r["status"] == status for r in results) for status in ("loaded", "replaced", "unchanged")}
        out.print(f"{counts['loaded']} loaded, {counts['replaced']} replaced, {counts['unchanged']} unchanged, "
                  f"{len(failures)} failed; the graph has {stats['entities']} entities in {stats['documents']} documents")
    if failures:
        raise typer.Exit(1)


@app.command()
@_cli_errors
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="API host [default: ECOKG_API_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="API port [default: ECOKG_API_PORT]")] = None,
    build_paths: Annotated[list[Path] | None, typer.Option("--build", help="JSONL files to load first.")] = None,
) -> None:
    """Run the graph store and the HTTP API until interrupted; prints the API URL and the bolt:// address."""
    import uvicorn

    settings: Settings = ctx.obj
    host = host or settings.api_host
    port = port or settings.api_port
    with graph_store.open_store(settings) as store:
        apply_schema(store)
        for document in _documents_from(build_paths or []):
            result = load_document(store, document)
            err.print(f"{result.status}: {result.doc}", markup=False, highlight=False)
        out.print(f"API:  http://{host}:{port}", markup=False, highlight=False)
        out.print(f"Bolt: {store.bolt_uri}" + (
            f" (user {graph_store.ROOT_USER}, password in {graph_store.EmbeddedPaths.of(settings).password_file})"
            if store.embedded else ""), markup=False, highlight=False)
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port)


@app.command()
@_cli_errors
def cypher(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="The Cypher query.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v; v is parsed as JSON if it can be.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run a Cypher query and print the result as a table."""
    settings: Settings = ctx.obj
    params = dict(_parse_param(item) for item in param or [])
    with graph_store.open_store(settings) as store:
        result = run_cypher(store, query, params, timeout_s=settings.cypher_timeout_s)
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
    with graph_store.open_store(ctx.obj) as store:
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
    doc: Annotated[str, typer.Argument(help="The document's id, file name or path.")],
    as_json: JsonOption = False,
) -> None:
    """Delete a document and every fact and entity only it supported."""
    with graph_store.open_store(ctx.obj) as store:
        result = remove_document(store, doc)
    if as_json:
        _print_json(result.to_dict())
    else:
        out.print(f"removed {', '.join(result.docs)}; {result.entities_deleted} entities no longer mentioned were deleted",
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


if __name__ == "__main__":
    app()
