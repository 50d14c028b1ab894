"""Build the graph from files: extract (cached by content hash), resolve across documents, load.

Incremental: a file whose bytes and extractor version are unchanged is not re-extracted;
every build resolves the whole corpus (the cached extractions of everything loaded plus
the new files) so the same corpus always gives the same entity ids, and the loader
skips documents whose resolved facts did not change."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from ecokg.errors import ConfigError, EcokgError, ReadError
from ecokg.records import Document
from ecokg.resolve import Curation, apply, resolve
from ecokg.settings import Settings
from graph.load import load_document, remove_document
from graph.schema import apply_schema
from graph.stats import list_documents
from graph.store import Store

JSONL_SUFFIXES = {".jsonl"}


@dataclass
class BuildSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)  # {"path", "reason"}
    extracted: list[str] = field(default_factory=list)  # files (re-)extracted in this build
    documents: list[dict] = field(default_factory=list)  # per-document load results

    def to_dict(self) -> dict:
        return asdict(self)


class ExtractionCache:
    """Extracted documents on disk, one JSON file per content hash and extractor version."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "extractions"

    def _path(self, doc_id: str, version: str) -> Path:
        return self.root / f"{doc_id}.v{version}.json"

    def get(self, doc_id: str, version: str) -> Document | None:
        path = self._path(doc_id, version)
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

    def any_version(self, doc_id: str) -> Document | None:
        for path in sorted(self.root.glob(f"{doc_id}.v*.json")):
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


def _read_jsonl(path: Path) -> list[Document]:
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
        record.setdefault("path", str(path))
        try:
            docs.append(Document.model_validate(record))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ReadError(f"{where}: field {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
    return docs


def build_paths(store: Store, settings: Settings, paths: list[Path], *, sync: bool = False,
                progress: Callable[[str], None] | None = None) -> BuildSummary:
    """Extract, resolve and load ``paths`` (files or directories; ``.jsonl`` files hold records)."""
    from extractors.extract import extract_file  # noqa: PLC0415 - spaCy only when something is extracted
    from extractors.pipeline import EXTRACTOR_VERSION, load_nlp  # noqa: PLC0415
    from extractors.readers import iter_paths  # noqa: PLC0415

    summary = BuildSummary()
    cache = ExtractionCache(settings.data_dir)
    curation = load_curation(settings.curation_file)
    apply_schema(store)
    nlp = None
    new_docs: list[Document] = []
    seen_paths: set[str] = set()
    for path in iter_paths([Path(p) for p in paths]):
        seen_paths.add(str(path.resolve()))
        try:
            if path.suffix.lower() in JSONL_SUFFIXES:
                new_docs += _read_jsonl(path)
                continue
            doc_id = hashlib.sha256(path.read_bytes()).hexdigest()
            doc = cache.get(doc_id, EXTRACTOR_VERSION)
            if doc is None:
                if nlp is None:
                    nlp = load_nlp(settings.data_dir / "cache")
                doc = extract_file(nlp, path).document
                cache.put(doc)
                summary.extracted.append(str(path))
            doc = doc.model_copy(update={"path": str(path.resolve()), "doc": path.name})
            new_docs.append(doc)
        except (EcokgError, OSError) as exc:
            summary.failed.append({"path": str(path), "reason": str(exc)})
        if progress:
            progress(str(path))

    loaded = list_documents(store)
    new_names = {d.doc for d in new_docs}
    if sync:
        roots = [str(Path(p).resolve()) for p in paths if Path(p).is_dir()]
        for row in loaded:
            under = row.get("path") and any(str(row["path"]).startswith(r + "/") for r in roots)
            if under and str(row["path"]) not in seen_paths:
                summary.removed += remove_document(store, row["id"]).docs
    # the corpus: everything loaded (from its cached extraction) plus this build's documents
    corpus: dict[str, Document] = {}
    for row in loaded:
        if row["doc"] in new_names or row["doc"] in summary.removed:
            continue
        cached = cache.get(row["id"], row.get("extractor_version") or "") or cache.any_version(row["id"])
        if cached is not None:
            corpus[cached.id] = cached.model_copy(update={"path": row.get("path") or cached.path,
                                                          "doc": row["doc"]})
    for doc in new_docs:
        corpus[doc.id] = doc
    resolutions = resolve(corpus.values(), curation)
    new_ids = {d.id for d in new_docs}
    # new documents first, then any loaded document whose keys the new ones changed
    for doc in sorted(corpus.values(), key=lambda d: (d.id not in new_ids, d.doc)):
        resolved = apply(doc, resolutions[doc.id], curation)
        try:
            result = load_document(store, resolved)
        except EcokgError as exc:
            summary.failed.append({"path": doc.path or doc.doc, "reason": str(exc)})
            continue
        if doc.id not in new_ids and result.status == "unchanged":
            continue
        summary.documents.append(result.to_dict())
        bucket = {"loaded": summary.added, "replaced": summary.changed, "unchanged": summary.unchanged}
        bucket[result.status].append(doc.doc)
    return summary
