"""Documents: list, detail with marked evidence, upload (extract and load), delete."""
from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, File, Path, Query, UploadFile

from api import queries
from api.deps import ReaderDep, SettingsDep, StoreDep, WriteAccess
from api.errors import AmbiguousError, PayloadTooLarge, error_responses
from api.models import DocumentDetail, DocumentPage, Ingested, Removed
from api.uploads import safe_name, sniff
from ecokg.build import UPLOAD_PREFIX, build_paths, source_of, uploads_dir
from ecokg.errors import AmbiguousDocumentError, LoadError
from ecokg.settings import Settings
from graph.load import remove_document
from graph.store import Store

router = APIRouter(tags=["documents"])
DocumentRef = Annotated[str, Path(min_length=1, max_length=300,
                                  description="Document id (sha256), source (upload:<name>) or file name")]
CHUNK = 1 << 20
DOCUMENT_ERRORS = error_responses(
    (404, "No document has the id, source or file name"),
    (409, "Several documents have the file name; error.detail lists them"), 422, 503)


@router.get("/documents", response_model=DocumentPage, responses=error_responses(422, 503))
def list_documents(
    reader: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> DocumentPage:
    """The loaded documents by file name, paginated."""
    return queries.document_page(reader, offset, limit)


@router.get("/documents/{doc_ref}", response_model=DocumentDetail, responses=DOCUMENT_ERRORS)
def get_document(reader: ReaderDep, doc_ref: DocumentRef) -> DocumentDetail:
    """A document's metadata, the entities and facts extracted from it, and its text with evidence marked."""
    return queries.document_detail(reader, doc_ref)


@router.post("/documents", response_model=Ingested, status_code=201, dependencies=[WriteAccess], responses=error_responses(
    (400, "The body is not multipart form data"), 401, 403, 413, 415,
    (422, "Invalid parameters, or the file is empty, unreadable or could not be loaded"), 503))
def upload_document(store: StoreDep, settings: SettingsDep,
                    file: Annotated[UploadFile, File(description="PDF, .docx, HTML or text")]) -> Ingested:
    """Extract one uploaded document and load it into the graph as ``upload:<name>`` (bearer token).

    It replaces an earlier upload of the same name only; a corpus file of that name is another document."""
    data = _read_capped(file, settings.max_upload_bytes)
    if not data.strip():
        raise LoadError(f"{file.filename or 'the upload'}: is empty; nothing was loaded")
    target = uploads_dir(settings) / safe_name(file.filename, sniff(data))
    return _ingest(store, settings, target, data)


@router.delete("/documents/{doc_ref}", response_model=Removed, dependencies=[WriteAccess],
                responses=error_responses(401, 403) | DOCUMENT_ERRORS)
def delete_document(store: StoreDep, settings: SettingsDep, doc_ref: DocumentRef) -> Removed:
    """Remove a document and every fact and entity only it supported (bearer token)."""
    try:
        result = remove_document(store, doc_ref)
    except AmbiguousDocumentError as exc:
        raise AmbiguousError(str(exc), detail=[{"id": c["id"], "doc": c["doc"], "source": c["source"], "path": c["path"]}
                                               for c in exc.candidates]) from exc
    deleted = []
    # An uploaded file goes too, or the next build of the uploads directory would bring the document back.
    for source in result.sources:
        if source and source.startswith(UPLOAD_PREFIX):
            name = source.removeprefix(UPLOAD_PREFIX)
            (uploads_dir(settings) / name).unlink(missing_ok=True)
            deleted.append(name)
    return Removed(**result.to_dict(), files_deleted=deleted)


def _read_capped(file: UploadFile, cap: int) -> bytes:
    chunks, size = [], 0
    while chunk := file.file.read(CHUNK):
        size += len(chunk)
        if size > cap:
            raise PayloadTooLarge(f"the upload is larger than {cap} bytes (ECOKG_MAX_UPLOAD_BYTES); nothing was loaded")
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest(store: Store, settings: Settings, target: FilePath, data: bytes) -> Ingested:
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = target.read_bytes() if target.exists() else None
    target.write_bytes(data)
    try:
        summary = build_paths(store, settings, [target]).to_dict()
    except BaseException:
        _restore(target, previous)
        raise
    failed = [f for f in summary["failed"] if FilePath(f["path"]).resolve() == target]
    if failed:
        _restore(target, previous)
        raise LoadError(f"{target.name}: {failed[0]['reason']}; nothing of it was loaded")
    doc_ids = [row["doc_id"] for row in summary["documents"] if row["source"] == source_of(target, settings)]
    return Ingested(file=target.name, doc_ids=doc_ids, summary=summary)


def _restore(target: FilePath, previous: bytes | None) -> None:
    if previous is None:
        target.unlink(missing_ok=True)
    else:
        target.write_bytes(previous)
