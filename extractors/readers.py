"""Read input documents (.txt, .pdf, .docx, .html/.htm) into raw text, one file at a time.

Every failure is a :class:`~ecokg.errors.ReadError` whose message names the file, says what is
wrong and how to fix it, so a batch can report the file and carry on with the rest.
"""
from __future__ import annotations

import hashlib
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from ecokg.errors import ReadError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "RawText",
    "TextChunk",
    "iter_paths",
    "iter_text_chunks",
    "read_file",
]

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")
# A .docx is a ZIP archive python-docx holds in memory whole: its members may unpack to at most this many
# times the document size limit (text compresses about 5:1; a zip bomb by a thousand).
DOCX_EXPANSION = 8
# Decoded text is judged on a sample of this many characters: enough to tell, bounded on large files.
_SAMPLE_CHARS = 200_000

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


def read_file(path: Path | str, max_bytes: int | None = None) -> RawText:
    """Read one document; raise :class:`ReadError` naming it when it cannot be used.

    ``max_bytes`` defaults to ``ECOKG_MAX_UPLOAD_BYTES``, the one size limit of a document from reader to load."""
    if max_bytes is None:
        from ecokg.settings import get_settings  # noqa: PLC0415

        max_bytes = get_settings().max_upload_bytes
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
            f"{path}: {size:,} bytes is more than the limit of {max_bytes:,} (ECOKG_MAX_UPLOAD_BYTES); "
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
        _check_docx_archive(path, DOCX_EXPANSION * max_bytes)
        text, fmt = _read_docx(path), "docx"
    else:
        text, fmt = _read_html(path, data), "html"

    if not _WORDS_RE.search(text):
        hint = " (a scanned PDF needs OCR first)" if fmt == "pdf" else ""
        raise ReadError(f"{path}: is empty: it holds no text{hint}; replace it with a document that has text")
    return RawText(path=path, doc=path.name, id=hashlib.sha256(data).hexdigest(), text=text, format=fmt)


def _decode_text(path: Path, data: bytes) -> str:
    """Decode a text file: a BOM or valid UTF-8 is certain; otherwise the Chinese encodings (GB18030, which
    holds GBK and GB2312, and Big5) are tried and the one giving the most common characters wins, else
    charset-normalizer detects the encoding. Binary data and mojibake are refused, not decoded into noise."""
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return _checked_text(path, _strict_decode(path, data, encoding))
    if b"\x00" in data:
        raise ReadError(f"{path}: is binary data, not text; export the document as text, PDF or .docx")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        decoded = {}
        for encoding in ("gb18030", "big5"):
            try:
                decoded[encoding] = data.decode(encoding)
            except UnicodeDecodeError:
                continue
        if decoded:
            # Big5 bytes also decode as GB18030, into rare characters: the text in common ones is the right one.
            text = max(decoded.values(), key=lambda candidate: _common_share(candidate[:_SAMPLE_CHARS]))
        else:
            text = _strict_decode(path, data, _detected_encoding(path, data))
    return _checked_text(path, text)


def _detected_encoding(path: Path, data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise ReadError(f"{path}: is not text in any known encoding; save it as UTF-8 text")
    # A short Chinese text decodes equally cleanly as GB18030, CP949 or Shift-JIS; the
    # detector cannot tell them apart, and this corpus is Chinese, so GB18030 wins a tie.
    tied = [match.encoding for match in matches if match.chaos <= best.chaos + 0.01]
    return "gb18030" if any(_is_gb(name) for name in tied) else best.encoding


# Letters of the Latin-1 range and C1 controls: UTF-8 Chinese read as Latin-1 or Windows-1252 (ä¸Šæµ·).
_LATIN1_RE = re.compile(r"[\x80-\x9f\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u2020\u2021\u2030]")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Letters outside ASCII: in a Chinese document nearly all are common Chinese characters; kana, Greek or
# Cyrillic among them are what GB18030 makes of Big5 bytes (and Big5 of GB bytes).
_WIDE_LETTER_RE = re.compile(r"[^\W\d_\x00-\x7f]")
_MIN_CJK = 50  # fewer CJK characters say too little about how common they are


def _checked_text(path: Path, text: str) -> str:
    """``text``, unless it is binary data that happened to decode, or mojibake: Chinese decoded with the wrong
    codec, which would give junk names (and re-key the real ones of other documents)."""
    sample = text[:_SAMPLE_CHARS]
    if len(_CONTROL_RE.findall(sample)) > 0.01 * len(sample):
        raise ReadError(f"{path}: is binary data, not text; export the document as text, PDF or .docx")
    letters = max(1, len(_WORDS_RE.findall(sample)))
    fix = "open it in an editor with the encoding it was written in and save it as UTF-8"
    replaced = sample.count("\ufffd")
    if replaced > 0.005 * letters:
        raise ReadError(f"{path}: looks like mojibake: {replaced:,} replacement characters (\ufffd), the text was "
                        f"decoded with the wrong encoding before it was saved; {fix}")
    latin1 = len(_LATIN1_RE.findall(sample))
    if latin1 > 0.15 * letters:
        raise ReadError(f"{path}: looks like mojibake: {latin1:,} Latin-1 letters (such as 'ä¸Š'), Chinese text "
                        f"read as Latin-1 or Windows-1252; {fix}")
    if len(_CJK_RE.findall(sample)) >= _MIN_CJK and _common_share(sample) < 0.8:
        raise ReadError(f"{path}: looks like mojibake: most of its Chinese characters are rare ones, the text was "
                        f"decoded with the wrong encoding; {fix}")
    return text


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """The common Chinese characters: GB2312's first level (3,755 simplified) and Big5's common
    characters (5,401 traditional), decoded from their byte ranges."""
    common = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            common.update(bytes((lead, trail)).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) < (0xC6, 0x7F):
                common.update(bytes((lead, trail)).decode("big5", errors="ignore"))
    return frozenset(common)


def _common_share(text: str) -> float:
    """The share of the non-ASCII letters of ``text`` that are common Chinese characters (1.0 without any)."""
    letters = _WIDE_LETTER_RE.findall(text)
    if not letters:
        return 1.0
    common = _common_characters()
    return sum(char in common for char in letters) / len(letters)


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


def _check_docx_archive(path: Path, max_unpacked: int) -> None:
    """Refuse a .docx that is no ZIP archive, or whose members unpack to more than ``max_unpacked`` bytes, by
    their declared sizes and by what they actually unpack to (a declared size can lie)."""
    fix = "open it in Word and save it again as .docx"
    if not zipfile.is_zipfile(path):
        raise ReadError(f"{path}: is not a .docx file: not a ZIP archive (an old Word .doc, or another format "
                        f"renamed); {fix}")
    too_big = (f"{path}: unpacks to more than {max_unpacked:,} bytes ({DOCX_EXPANSION} times ECOKG_MAX_UPLOAD_BYTES), "
               "a ZIP bomb or a document too large to read; split the document")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > max_unpacked:
                raise ReadError(too_big)
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 20):
                        unpacked += len(chunk)
                        if unpacked > max_unpacked:
                            raise ReadError(too_big)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise ReadError(f"{path}: is not a readable .docx file (a damaged ZIP archive: {exc}); {fix}") from exc


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
    if not _WORDS_RE.search(body):
        # trafilatura (lxml) finds no main text where there is none, but also where the page nests deeper than
        # lxml parses (about 255 levels): the page's whole visible text then, rather than losing it.
        body = _visible_text(data)
    # The page title is often outside the main text; put it first, where a document's title is.
    if title and title not in body[: len(title) + 200]:
        body = f"{title}\n{body}"
    return body


class _VisibleText(HTMLParser):
    """The text of a page outside scripts and styles, a line per block; the standard library's parser keeps no
    tree, so any depth of nesting is read."""

    HIDDEN = {"script", "style", "noscript", "template", "head"}
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
              "title", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _visible_text(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE_CHARS]).best() if not _is_utf8(data) else None
    parser = _VisibleText()
    parser.feed(data.decode(best.encoding if best and best.encoding else "utf-8", errors="replace"))
    parser.close()
    return re.sub(r"\n\s*\n+", "\n", "".join(parser.parts)).strip()


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
