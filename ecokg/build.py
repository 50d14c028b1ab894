"""Build the graph from files: extract (cached by content hash), resolve across documents, load.

A document is its **source**: a corpus file's resolved absolute path, or ``upload:<name>`` for a
file in the uploads directory (``<data_dir>/uploads``), so uploads never collide with corpus
files; its graph id derives from the source (:attr:`~ecokg.records.Document.graph_id`) and its
content hash (the record's ``id``) tells whether it changed.

Incremental: a file whose bytes and extractor version are unchanged is not re-extracted;
every build resolves the whole corpus (the cached extractions of everything loaded plus
the new files) so the same corpus always gives the same entity ids, and the loader
skips documents whose resolved facts did not change. Resolution only sees documents that
load: one whose extraction, records or load fail is left out (its stored version, if any,
stays in), and the others are resolved again without it, so it cannot re-key their entities."""
from __future__ import annotations

import gc
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml
from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from ecokg.errors import ConfigError, EcokgError, LoadError, ReadError
from ecokg.executors import ExtractionJob, extract_all
from ecokg.resolution_state import ResolutionState, StoredVersion
from ecokg.progress import NoProgress, Progress
from ecokg.records import Document
from ecokg.resolve import Curation, ResolvedNodes, apply, resolve_nodes
from ecokg.settings import Settings
from graph.load import DocumentRows, LoadResult, load_many, remove_document, transform_document
from graph.schema import apply_schema
from graph.stats import document_hashes, list_documents
from graph.store import Store

LAST_BUILD_FILE = "last_build.json"

JSONL_SUFFIXES = {".jsonl"}
UPLOAD_PREFIX = "upload:"


@dataclass
class BuildSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)  # {"path", "reason"}; nothing of these reached resolution
    extracted: list[str] = field(default_factory=list)  # files (re-)extracted in this build
    documents: list[dict] = field(default_factory=list)  # per-document load results

    def to_dict(self) -> dict:
        return asdict(self)


class ExtractionCache:
    """Extracted documents on disk, one JSON file per content hash and extractor version."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "extractions"

    def _path(self, content_hash: str, version: str) -> Path:
        return self.root / f"{content_hash}.v{version}.json"

    def get(self, content_hash: str, version: str) -> Document | None:
        path = self._path(content_hash, version)
        if not path.exists():
            return None
        try:
            return Document.model_validate_json(path.read_bytes())
        except ValidationError:
            return None  # an unreadable cache entry is re-extracted

    def put(self, doc: Document) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self._path(doc.id, doc.extractor_version).with_suffix(".tmp")
        tmp.write_text(doc.model_dump_json(), encoding="utf-8")
        tmp.replace(self._path(doc.id, doc.extractor_version))

    def any_version(self, content_hash: str) -> Document | None:
        for path in sorted(self.root.glob(f"{content_hash}.v*.json")):
            try:
                return Document.model_validate_json(path.read_bytes())
            except ValidationError:
                continue
        return None


def load_curation(path: Path) -> Curation:
    if not Path(path).exists():
        return Curation()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return Curation(merge=data.get("merge") or [], split=data.get("split") or [],
                        reject=data.get("reject") or [], retype=data.get("retype") or {})
    except (yaml.YAMLError, TypeError, AttributeError) as exc:
        raise ConfigError(f"curation file {path} is not valid: {exc}; fix it or run `ecokg curate` to rewrite it") from exc


def save_curation(path: Path, curation: Curation) -> None:
    header = ("# ecokg curation: analysts' decisions applied on every build.\n"
              "# merge: groups of names that are one organisation; split: names that must not link\n"
              "# organisations; reject: names that are no organisation; retype: name -> entity type.\n")
    body = yaml.safe_dump(asdict(curation), allow_unicode=True, sort_keys=True)
    Path(path).write_text(header + body, encoding="utf-8")


def uploads_dir(settings: Settings) -> Path:
    """Where the API saves uploads; a file there is the upload ``upload:<name>``, never a corpus document."""
    return settings.data_dir.resolve() / "uploads"


def source_of(path: Path | str, settings: Settings) -> str:
    """What the file at ``path`` is: ``upload:<name>`` in the uploads directory, else its resolved absolute path."""
    resolved = Path(path).resolve()
    if resolved.parent == uploads_dir(settings):
        return f"{UPLOAD_PREFIX}{resolved.name}"
    return str(resolved)


def _read_jsonl(path: Path, settings: Settings) -> list[Document]:
    """The records of a .jsonl file. A record with a ``path`` is the document at that path, as if built from the
    file; one without (the prediction format) is ``<the .jsonl file's source>#<doc>``."""
    docs = []
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ReadError(f"{where}: not JSON: {exc}") from exc
        if not isinstance(record, dict):
            raise ReadError(f"{where}: expected a JSON object, one document a line")
        # prediction-format lines carry no content hash: derive one from the line
        record.setdefault("id", hashlib.sha256(line.strip()).hexdigest())
        record_path = record.get("path")
        record["source"] = (source_of(record_path, settings) if record_path
                            else f"{source_of(path, settings)}#{record.get('doc')}")
        record.setdefault("path", str(path.resolve()))
        try:
            docs.append(Document.model_validate(record))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ReadError(f"{where}: field {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
    return docs


@dataclass(frozen=True)
class ResolvedCorpus:
    """The rows of every document that resolved and transformed, resolved among themselves only."""

    rows: dict[str, DocumentRows]  # by graph id
    documents: dict[str, Document]  # the version each graph id loads
    failed: list[tuple[Document, str]]  # versions left out, with the reason
    candidates: dict[str, list[Document]]  # the versions still to try, by graph id, preferred first
    resolved: ResolvedNodes  # the resolution of ``documents``, for the resolution state


def build_paths(store: Store, settings: Settings, paths: list[Path], *, sync: bool = False,
                progress: Progress | None = None, workers: int | None = None, executor: str = "local",
                scheduler: str | None = None) -> BuildSummary:
    """Extract, resolve and load ``paths`` (files or directories; ``.jsonl`` files hold records).

    Extraction runs on ``executor`` (:func:`ecokg.executors.extract_all`): ``workers`` processes here
    (default ``ECOKG_WORKERS``, else every core), or a Dask cluster (``scheduler``, else a local one).
    With resolution state that describes the store (:mod:`ecokg.resolution_state`) only new and changed
    files are read and only the documents whose keys they change are loaded again; without, the whole
    corpus is resolved and the state made anew.

    Every build is recorded for ``GET /stats`` (:func:`last_build`): when, what and how long."""
    started = time.monotonic()
    progress = StepTimes(progress or NoProgress())
    cache = ExtractionCache(settings.data_dir)
    curation = load_curation(settings.curation_file)
    apply_schema(store)
    extraction = {"workers": workers, "executor": executor, "scheduler": scheduler}
    # What a build reads and resolves stays in memory to its end: frozen once made, CPython's full collections
    # skip it (at 1,000× they had made loading 19× slower, walking every record again and again).
    try:
        summary = _build(store, settings, paths, sync, progress, cache, curation, extraction)
    finally:
        gc.unfreeze()
    record_build(settings, paths, summary, time.monotonic() - started, progress.seconds)
    return summary


def _build(store: Store, settings: Settings, paths: list[Path], sync: bool, progress: Progress,
           cache: ExtractionCache, curation: Curation, extraction: dict) -> BuildSummary:
    identity = f"{'embedded' if store.embedded else store.bolt_uri}|{store.database}"
    with ResolutionState.open(settings.data_dir) as state:
        summary = None
        if state.matches(identity, curation, document_hashes(store)):
            try:
                summary = _build_incremental(store, settings, paths, state, cache, curation, sync, progress,
                                             extraction)
            except StaleStateError:
                summary = None  # a stored document cannot be loaded again from its extraction: resolve everything
        if summary is None:
            summary, corpus = _build_whole(store, settings, paths, cache, curation, sync, progress, extraction)
            state.reset(identity, curation)
            state.record(corpus.documents.values(), corpus.resolved)
            for graph_id, rows in corpus.rows.items():
                state.note_loaded(graph_id, len(rows.entities), len(rows.relations), rows.facts_hash)
    return summary


class StepTimes:
    """A :class:`Progress` that passes everything on and keeps how long each step took (a step run twice adds up)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self._started: dict[str, float] = {}

    def start(self, step: str, total: int | None = None) -> None:
        self._started[step] = time.monotonic()
        self.progress.start(step, total)

    def advance(self, step: str, items: int = 1, chars: int = 0, item: str | None = None) -> None:
        self.progress.advance(step, items, chars, item)

    def finish(self, step: str) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + time.monotonic() - self._started.pop(step)
        self.progress.finish(step)


class StaleStateError(EcokgError):
    """The resolution state names a document whose extraction is no longer cached."""


def _build_whole(store: Store, settings: Settings, paths: list[Path], cache: ExtractionCache, curation: Curation,
                 sync: bool, progress: Progress, extraction: dict) -> tuple[BuildSummary, ResolvedCorpus]:
    """The build that resolves the whole corpus: every loaded document (from its cached extraction) and the files."""
    summary = BuildSummary()
    new_docs, seen = get_documents(paths, settings, cache, summary, progress, **extraction)
    gc.freeze()  # the documents (see build_paths)
    loaded = list_documents(store)
    if sync:
        gone = {row["id"] for row in get_gone_documents(loaded, paths, seen, settings)}
        for doc_id in sorted(gone):
            summary.removed += remove_document(store, doc_id).docs
        loaded = [row for row in loaded if row["id"] not in gone]
    # the corpus: everything loaded (from its cached extraction) plus this build's documents, each
    # document's versions in the order to try them: this build's, then the stored one
    candidates = {graph_id: [doc] for graph_id, doc in get_stored_documents(loaded, cache, settings).items()}
    for doc in new_docs:
        older = [stored for stored in candidates.get(doc.graph_id, [])
                 if (stored.id, stored.extractor_version) != (doc.id, doc.extractor_version)]
        candidates[doc.graph_id] = [doc, *older]
    new_by_graph_id = {doc.graph_id: doc for doc in new_docs}
    corpus, results = load_corpus(store, candidates, curation, set(new_by_graph_id), summary, progress)
    _report(summary, [(results[graph_id], corpus.documents[graph_id], graph_id in new_by_graph_id)
                      for graph_id in _load_order(corpus, set(new_by_graph_id))])
    return summary, corpus


def _build_incremental(store: Store, settings: Settings, paths: list[Path], state: ResolutionState,
                       cache: ExtractionCache, curation: Curation, sync: bool, progress: Progress,
                       extraction: dict) -> BuildSummary:
    """The build that reads only new and changed files and loads only the documents whose facts they change.

    A document that fails (its rows cannot be made, or its load fails) is left out and the attempt is made
    again without it, its stored version staying in; documents loaded in a failed attempt are loaded again
    with the keys of the next, so none keeps a key a failed document gave it."""
    from extractors.version import EXTRACTOR_VERSION  # noqa: PLC0415

    summary = BuildSummary()
    current: list[StoredVersion] = []  # the files the graph holds as they are

    def is_current(doc_source: str, content_hash: str, version: str = EXTRACTOR_VERSION) -> bool:
        graph_id = _graph_id(doc_source)
        stored = state.versions([graph_id]).get(graph_id)
        if stored is None or (stored.content_hash, stored.extractor_version) != (content_hash, version):
            return False
        current.append(stored)
        return True

    new_docs, seen = get_documents(paths, settings, cache, summary, progress, is_current=is_current, **extraction)
    removed: list[str] = []
    if sync:
        roots = [str(Path(p).resolve()) for p in paths if Path(p).is_dir()]
        for version in state.documents_under(roots):
            if version.source not in seen:
                summary.removed += remove_document(store, version.graph_id).docs
                removed.append(version.graph_id)
    new_by_graph_id = {doc.graph_id: doc for doc in new_docs}
    results: dict[str, LoadResult] = {}
    documents: dict[str, Document] = {}
    left_out: set[str] = set()
    loaded_before: set[str] = set()  # documents an earlier, failed attempt loaded
    while True:
        attempt = [doc for doc in new_docs if doc.graph_id not in left_out]
        failures: list[tuple[str, str]] = []
        try:
            with state.attempt():
                progress.start("resolve")
                resolutions = state.update(removed, attempt, curation)
                for graph_id in sorted(loaded_before - set(resolutions)):
                    if state.versions([graph_id]):
                        resolutions[graph_id] = state.resolution_of(graph_id)
                rows = {}
                for graph_id, resolution in resolutions.items():
                    doc = new_by_graph_id.get(graph_id) if graph_id not in left_out else None
                    documents[graph_id] = doc = doc or _stored_document(state, cache, graph_id)
                    try:
                        rows[graph_id] = transform_document(apply(doc, resolution, curation))
                    except LoadError as exc:
                        failures.append((graph_id, str(exc)))
                        continue
                    state.note_loaded(graph_id, len(rows[graph_id].entities), len(rows[graph_id].relations),
                                      rows[graph_id].facts_hash)
                progress.finish("resolve")
                if failures:
                    raise _AttemptFailed
                order = sorted(rows, key=lambda graph_id: (graph_id not in new_by_graph_id,
                                                           documents[graph_id].doc, documents[graph_id].source))
                progress.start("load", len(order))
                for graph_id, result in zip(order, load_many(store, (rows[graph_id] for graph_id in order))):
                    if isinstance(result, LoadError):
                        failures.append((graph_id, str(result)))
                    elif graph_id not in results or results[graph_id].status == "unchanged":
                        results[graph_id] = result
                    progress.advance("load", item=documents[graph_id].doc)
                progress.finish("load")
                if failures:
                    loaded_before.update(order)
                    raise _AttemptFailed
        except _AttemptFailed:
            for graph_id, reason in failures:
                summary.failed.append(_failure(documents[graph_id], reason))
                if graph_id in new_by_graph_id and graph_id not in left_out:
                    left_out.add(graph_id)
                else:
                    removed.append(graph_id)  # a stored document that no longer loads: out of resolution
            continue
        break
    # the files left as they were, unless other documents changed their keys
    rekeyed = {graph_id for graph_id, result in results.items() if result.status != "unchanged"}
    summary.unchanged = [version.doc for version in current if version.graph_id not in rekeyed]
    summary.documents += [LoadResult(v.graph_id, v.doc, v.source, "unchanged", v.entities or 0,
                                     v.relations or 0).to_dict() for v in current if v.graph_id not in rekeyed]
    _report(summary, [(results[graph_id], documents[graph_id], graph_id in new_by_graph_id)
                      for graph_id in order if graph_id in results])
    return summary


class _AttemptFailed(Exception):
    """Some documents of an incremental attempt failed; the attempt's state changes are undone."""


def _graph_id(source: str) -> str:
    return Document(doc="", id="", source=source).graph_id


def _stored_document(state: ResolutionState, cache: ExtractionCache, graph_id: str) -> Document:
    version = state.versions([graph_id])[graph_id]
    cached = cache.get(version.content_hash, version.extractor_version)
    if cached is None:
        raise StaleStateError(f"the extraction of {version.source} is no longer cached")
    return cached.model_copy(update={"source": version.source, "doc": version.doc, "path": version.path})


def _report(summary: BuildSummary, loads: list[tuple[LoadResult, Document, bool]]) -> None:
    """Each load in the summary: this build's documents always, a stored one only if its facts changed."""
    bucket = {"loaded": summary.added, "replaced": summary.changed, "unchanged": summary.unchanged}
    for result, doc, is_new in loads:
        if not is_new and result.status == "unchanged":
            continue  # a stored document this build did not change
        summary.documents.append(result.to_dict())
        bucket[result.status].append(doc.doc)


def record_build(settings: Settings, paths: list[Path], summary: BuildSummary, seconds: float,
                 steps: dict[str, float] | None = None) -> None:
    """Remember when the last build ran, on what, what it changed and how long it took, in all and per step
    (``pipeline``, loading the extraction pipeline in this process, is start-up within ``read``)."""
    record = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "paths": [str(path) for path in paths], "seconds": round(seconds, 2),
              "steps": {step: round(value, 2) for step, value in (steps or {}).items()},
              **{key: getattr(summary, key) for key in ("added", "changed", "removed", "failed")},
              "unchanged": len(summary.unchanged)}
    path = settings.data_dir.resolve() / LAST_BUILD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def last_build(settings: Settings) -> dict | None:
    """What :func:`record_build` wrote last, if any build ran with this data directory."""
    try:
        return json.loads((settings.data_dir.resolve() / LAST_BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def get_documents(paths: list[Path], settings: Settings, cache: ExtractionCache, summary: BuildSummary,
                  progress: Progress | None = None, *, workers: int | None = None, executor: str = "local",
                  scheduler: str | None = None, is_current: Callable[..., bool] | None = None,
                  ) -> tuple[list[Document], set[str]]:
    """Every document under ``paths``, extracted (by ``executor``, see :mod:`ecokg.executors`) or from the cache,
    with its source, in file order; unreadable files go to ``summary.failed``. Also returns the sources of every
    file seen, failed ones included.

    ``is_current(source, content_hash[, extractor_version])`` tells of a document the graph holds as it is: it is
    neither read from the cache nor returned (the caller reports it)."""
    from extractors.version import EXTRACTOR_VERSION  # noqa: PLC0415
    from extractors.readers import iter_paths  # noqa: PLC0415

    progress = progress or NoProgress()
    files = list(iter_paths([Path(p) for p in paths]))
    progress.start("read", len(files))
    found: dict[str, list[Document]] = {}  # by the file's path, in file order once complete
    jobs: list[ExtractionJob] = []
    seen: set[str] = set()
    for path in files:
        source = source_of(path, settings)
        seen.add(source)
        try:
            if path.suffix.lower() in JSONL_SUFFIXES:
                records = _read_jsonl(path, settings)
                seen.update(doc.source for doc in records)
                found[str(path)] = [doc for doc in records if not (is_current and is_current(
                    doc.source, doc.id, doc.extractor_version))]
                for doc in found[str(path)]:
                    try:
                        cache.put(doc)  # so it can be loaded again when other documents change its keys
                    except PydanticSerializationError:
                        pass  # not Unicode: its load fails, naming it
            else:
                data = path.read_bytes()
                content_hash = hashlib.sha256(data).hexdigest()
                if is_current and is_current(source, content_hash):
                    progress.advance("read", item=str(path))
                    continue
                doc = cache.get(content_hash, EXTRACTOR_VERSION)
                if doc is None:
                    jobs.append(ExtractionJob(str(path), len(data)))
                    continue
                found[str(path)] = [_as_found(doc, path, source)]
        except (EcokgError, OSError) as exc:
            summary.failed.append({"path": str(path), "reason": str(exc)})
        progress.advance("read", item=str(path))
    for result in extract_all(jobs, settings.data_dir / "cache", workers=workers if workers is not None
                              else settings.workers, executor=executor, scheduler=scheduler, progress=progress):
        path = Path(result.path)
        if result.document is None:
            summary.failed.append({"path": result.path, "reason": result.failure})
        else:
            cache.put(result.document)
            summary.extracted.append(result.path)
            found[result.path] = [_as_found(result.document, path, source_of(path, settings))]
        progress.advance("read", chars=len(result.document.text or "") if result.document else 0, item=result.path)
    progress.finish("read")
    return [doc for path in files for doc in found.get(str(path), [])], seen


def _as_found(doc: Document, path: Path, source: str) -> Document:
    return doc.model_copy(update={"path": str(path.resolve()), "source": source, "doc": path.name})


def get_gone_documents(loaded: list[dict], paths: list[Path], seen: set[str], settings: Settings) -> list[dict]:
    """``--sync``: the loaded documents under the given directories whose files this build did not see."""
    roots = [str(Path(p).resolve()) for p in paths if Path(p).is_dir()]
    return [row for row in loaded
            if row["path"] and any(str(row["path"]).startswith(root + "/") for root in roots)
            and _stored_source(row, settings) not in seen]


def get_stored_documents(loaded: list[dict], cache: ExtractionCache, settings: Settings) -> dict[str, Document]:
    """The loaded documents as their cached extractions, by graph id. One whose extraction is no longer
    cached stays in the graph as it is, out of resolution."""
    stored = {}
    for row in loaded:
        content_hash = row["content_hash"] or row["id"]  # an older ecokg's document id was the content hash
        cached = cache.get(content_hash, row["extractor_version"] or "") or cache.any_version(content_hash)
        if cached is not None:
            doc = cached.model_copy(update={"source": _stored_source(row, settings), "doc": row["doc"],
                                            "path": row["path"] or cached.path})
            stored[doc.graph_id] = doc
    return stored


def _stored_source(row: dict, settings: Settings) -> str:
    """A loaded document's source. One an older ecokg loaded has none: it gets the source a build now gives its path
    (its id changes when it is loaded again, replacing the old node of that file; see document_versions.cypher)."""
    if row["source"]:
        return row["source"]
    path = row["path"] or row["doc"]
    return f"{source_of(path, settings)}#{row['doc']}" if path.endswith(".jsonl") else source_of(path, settings)


def transform_corpus(candidates: dict[str, list[Document]], curation: Curation) -> ResolvedCorpus:
    """Resolve the preferred version of every document together and turn each into rows (pure).

    A version whose rows cannot be made is left out, its next version (the stored one) tried instead,
    and the rest resolved again without it: a bad document changes no other document's keys."""
    candidates = {graph_id: list(versions) for graph_id, versions in candidates.items() if versions}
    failed: list[tuple[Document, str]] = []
    while True:
        chosen = {graph_id: versions[0] for graph_id, versions in candidates.items()}
        resolved = resolve_nodes(chosen.values(), curation)
        resolutions = resolved.resolutions()
        rows, refused = {}, []
        for graph_id, doc in chosen.items():
            try:
                rows[graph_id] = transform_document(apply(doc, resolutions[graph_id], curation))
            except LoadError as exc:
                refused.append((graph_id, str(exc)))
        if not refused:
            return ResolvedCorpus(rows, chosen, failed, candidates, resolved)
        for graph_id, reason in refused:
            failed.append((chosen[graph_id], reason))
            candidates[graph_id] = candidates[graph_id][1:]
            if not candidates[graph_id]:
                del candidates[graph_id]


def load_corpus(store: Store, candidates: dict[str, list[Document]], curation: Curation, new_ids: set[str],
                summary: BuildSummary, progress: Progress | None = None) -> tuple[ResolvedCorpus, dict[str, LoadResult]]:
    """Load every document of the corpus, many to a transaction (each atomic, see :func:`graph.load.load_many`),
    new ones first; failures go to ``summary.failed``.

    Documents whose load fails are taken out of resolution like ones whose rows cannot be made, and the others
    are resolved and loaded again (the loader skips those whose facts did not change). Returns the corpus
    finally loaded and each document's result (its first load that changed something)."""
    progress = progress or NoProgress()
    results: dict[str, LoadResult] = {}
    while True:
        progress.start("resolve")
        corpus = transform_corpus(candidates, curation)
        progress.finish("resolve")
        gc.freeze()  # the rows too (see build_paths)
        summary.failed += [_failure(doc, reason) for doc, reason in corpus.failed]
        candidates = corpus.candidates
        progress.start("load", len(corpus.rows))
        order = _load_order(corpus, new_ids)
        failed = []
        for graph_id, result in zip(order, load_many(store, (corpus.rows[graph_id] for graph_id in order))):
            if isinstance(result, LoadError):
                summary.failed.append(_failure(corpus.documents[graph_id], str(result)))
                failed.append(graph_id)
            elif graph_id not in results or results[graph_id].status == "unchanged":
                results[graph_id] = result
            progress.advance("load", item=corpus.documents[graph_id].doc)
        progress.finish("load")
        if not failed:
            return corpus, results
        candidates = {**candidates, **{graph_id: candidates[graph_id][1:] for graph_id in failed}}


def _load_order(corpus: ResolvedCorpus, new_ids: set[str]) -> list[str]:
    return sorted(corpus.rows, key=lambda graph_id: (graph_id not in new_ids, corpus.documents[graph_id].doc,
                                                      corpus.documents[graph_id].source))


def _failure(doc: Document, reason: str) -> dict:
    return {"path": doc.path or doc.source or doc.doc, "reason": reason}
