"""Read input documents (.txt, .pdf, .docx, .html/.htm) into raw text, one file at a time.

Every failure is a :class:`~ecokg.errors.ReadError` whose message names the file, says what is
wrong and how to fix it, so a batch can report the file and carry on with the rest.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from ecokg.errors import ReadError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "RawText",
    "TextChunk",
    "iter_paths",
    "iter_text_chunks",
    "read_file",
]

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")
DEFAULT_MAX_BYTES = 60 * 1024 * 1024

# Text worth extracting from: a letter of any script, CJK included (digits and punctuation alone
# are not a document).
_WORDS_RE = re.compile(r"[^\W\d_]")
# C0 controls other than tab, newline, carriage return and form feed: decoded text full of them
# is binary data that happened to decode.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = {
    b"\xef\xbb\xbf": "utf-8-sig",
    b"\xff\xfe": "utf-16",
    b"\xfe\xff": "utf-16",
}


class RawText(BaseModel):
    """A document's text as read from its file, before cleaning."""

    path: Path
    doc: str  # the file's name
    id: str  # sha256 hex of the file's bytes: stable across runs and renames
    text: str
    format: str  # txt | pdf | docx | html


class TextChunk(NamedTuple):
    start: int  # offset of the chunk in the whole text
    text: str


def read_file(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read one document; raise :class:`ReadError` naming it when it cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(
            f"{path}: unsupported file type {suffix or '(no suffix)'!r}; "
            f"convert it to one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc}); check the path") from exc
    if path.is_dir():
        raise ReadError(f"{path}: is a directory; pass it to iter_paths to read the files inside")
    if size > max_bytes:
        raise ReadError(
            f"{path}: {size:,} bytes is more than the limit of {max_bytes:,}; "
            "split the document or raise the limit"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc}); check its permissions") from exc
    if not data.strip():
        raise ReadError(f"{path}: is empty; remove it or replace it with the full document")

    if suffix == ".txt":
        text, fmt = _decode_text(path, data), "txt"
    elif suffix == ".pdf":
        text, fmt = _read_pdf(path), "pdf"
    elif suffix == ".docx":
        text, fmt = _read_docx(path), "docx"
    else:
        text, fmt = _read_html(path, data), "html"

    if not _WORDS_RE.search(text):
        hint = " (a scanned PDF needs OCR first)" if fmt == "pdf" else ""
        raise ReadError(f"{path}: is empty: it holds no text{hint}; replace it with a document that has text")
    return RawText(path=path, doc=path.name, id=hashlib.sha256(data).hexdigest(), text=text, format=fmt)


def _decode_text(path: Path, data: bytes) -> str:
    """Decode a text file: a BOM or valid UTF-8 is certain; otherwise charset-normalizer detects
    the encoding (GB18030/GBK in practice). Binary data is refused, not decoded into noise."""
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return _strict_decode(path, data, encoding)
    if b"\x00" in data:
        raise ReadError(f"{path}: is binary data, not text; export the document as text, PDF or .docx")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        matches = from_bytes(data)
        best = matches.best()
        if best is None or best.encoding is None:
            raise ReadError(f"{path}: is not text in any known encoding; save it as UTF-8 text") from None
        # A short Chinese text decodes equally cleanly as GB18030, CP949 or Shift-JIS; the
        # detector cannot tell them apart, and this corpus is Chinese, so GB18030 wins a tie.
        # (GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing.)
        tied = [match.encoding for match in matches if match.chaos <= best.chaos + 0.01]
        encoding = "gb18030" if any(_is_gb(name) for name in tied) else best.encoding
        text = _strict_decode(path, data, encoding)
    if len(_CONTROL_RE.findall(text[:100_000])) > 0.01 * min(len(text), 100_000):
        raise ReadError(f"{path}: is binary data, not text; export the document as text, PDF or .docx")
    return text


def _is_gb(encoding: str) -> bool:
    return encoding.lower().replace("_", "").replace("-", "") in {"gb2312", "gbk", "gb18030", "cp936"}


def _strict_decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"{path}: cannot be decoded as {encoding} ({exc}); save it as UTF-8 text") from exc


def _read_pdf(path: Path) -> str:
    import pdfplumber

    pages: list[str] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()  # frees the page's parsed objects: large PDFs stay in bounded memory
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise ReadError(
            f"{path}: is not a readable PDF ({type(exc).__name__}: {exc}); "
            "check that the file is complete and not password-protected"
        ) from exc
    # Pages are separated by a form feed, as pdftotext does; cleaning turns it into a line break.
    return "\f".join(pages)


def _read_docx(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    lines.append("\t".join(cell.text for cell in row.cells))
    except Exception as exc:  # python-docx raises zip, xml and key errors for broken files
        raise ReadError(
            f"{path}: is not a readable .docx file ({type(exc).__name__}: {exc}); "
            "open it in Word and save it again as .docx"
        ) from exc
    return "\n".join(lines)


def _read_html(path: Path, data: bytes) -> str:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=True, with_metadata=True
        )
    except Exception as exc:  # lxml errors on malformed input
        raise ReadError(f"{path}: is not readable HTML ({type(exc).__name__}: {exc})") from exc
    body = (getattr(result, "text", None) or "") if result is not None else ""
    title = (getattr(result, "title", None) or "").strip() if result is not None else ""
    # The page title is often outside the main text; put it first, where a document's title is.
    if title and title not in body[: len(title) + 200]:
        body = f"{title}\n{body}"
    return body


def iter_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Expand the given paths: files are yielded as given (read_file reports any problem with
    them); directories are walked recursively in sorted order, yielding supported files and
    skipping hidden files and directories. Each file is yielded once."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _walk(path)
        else:
            found = iter((path,))
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def _walk(root: Path) -> Iterator[Path]:
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):  # hidden files; Office lock files
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(directory) / name


def iter_text_chunks(text: str, max_chars: int = 200_000) -> Iterator[TextChunk]:
    """Split ``text`` into chunks of at most ``max_chars`` characters, cut after a line break
    (preferred) or after 。！？ so no sentence is split; a chunk is cut hard only when it holds no
    such boundary. The chunks concatenate back to ``text``; each carries its start offset."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, not {max_chars}")
    start = 0
    length = len(text)
    while start < length:
        end = start + max_chars
        if end >= length:
            end = length
        else:
            cut = text.rfind("\n", start, end)
            if cut < 0:
                cut = max(text.rfind(mark, start, end) for mark in "。！？")
            if cut >= 0:
                end = cut + 1
        yield TextChunk(start, text[start:end])
        start = end
