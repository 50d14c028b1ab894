"""Uploaded documents: type sniffing, safe file names, saving under ``<data_dir>/uploads``, the last build record.

A file in the uploads directory (:func:`ecokg.build.uploads_dir`) is the document ``upload:<name>`` (see
:func:`ecokg.build.source_of`): an upload replaces an earlier upload of its name, never a corpus document."""
from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from datetime import datetime, timezone
from typing import Any

from api.errors import UnsupportedFile
from ecokg.settings import Settings

MAX_NAME_CHARS = 100
_UNSAFE = re.compile(r"[^\w\-]+")  # \w is Unicode: Chinese names stay readable
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S)


def sniff(data: bytes) -> str:
    """The file suffix the content calls for (.pdf, .docx, .html, .txt); refuses anything else."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except zipfile.BadZipFile as exc:
            raise UnsupportedFile(f"the file looks like a ZIP archive but is damaged: {exc}") from exc
        raise UnsupportedFile("the file is a ZIP archive but not a Word .docx document; upload PDF, .docx, HTML or text")
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFile("the file is binary data of an unsupported type; upload PDF, .docx, HTML or text")
    if _HTML_START.match(head):
        return ".html"
    return ".txt"


def safe_name(filename: str | None, suffix: str) -> str:
    """A file name without directories, odd characters or a misleading suffix: the stem, cleaned, plus ``suffix``."""
    base = unicodedata.normalize("NFKC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    cleaned = _UNSAFE.sub("_", stem).strip("._-")[:MAX_NAME_CHARS]
    return f"{cleaned or 'upload'}{suffix}"


def record_build(settings: Settings, summary: dict[str, Any]) -> None:
    """Remember when the API last built and what changed, for ``GET /stats``."""
    record = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              **{key: summary.get(key, []) for key in ("added", "changed", "removed", "failed")}}
    path = settings.data_dir.resolve() / "last_build.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def last_build(settings: Settings) -> dict[str, Any] | None:
    try:
        return json.loads((settings.data_dir.resolve() / "last_build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
