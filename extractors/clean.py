"""Clean text converted from PDF/Word/HTML and keep a map back to the original offsets.

What conversion leaves, and what :func:`clean_text` does about it:

- page markers (``— 2 —``, ``- 2 -``, ``第 2 页``) and markdown rules (``---``) are dropped;
- a running letterhead printed one or two characters a line (``上海\\n市宝\\n山区…``): runs of three or
  more lines holding at most two CJK characters each are dropped;
- a line break or blank lines in the middle of a sentence or a name are removed
  (``东方医院\\n\\n共启动`` → ``东方医院共启动``), while headings, list items, the document number,
  dates, ``key：value`` fields and titles keep their own line;
- spaces: removed between CJK characters (``第 055号`` → ``第055号``), one kept between Latin words,
  a column gap of the PDF layout (a tab, 3+ spaces, or 2 spaces between longer runs of text)
  becomes a line break, while two spaces spreading a word out (``抄  送``) are removed;
- full-width ASCII letters/digits/symbols, the ideographic space and Kangxi radicals are folded with
  NFKC, one character for one, while Chinese punctuation (，。：；（）！？ “” 、) is kept as it is;
- markdown heading marks (``#``) and bold marks (``**``) are removed;
- a run of more than ``MAX_SENTENCE_CHARS`` characters without a sentence end (a megabyte line without
  punctuation) is broken with a line break after a comma or space, else hard: sentences stay bounded, so
  extraction time grows with the length of a text, not with its square.

Everything else is kept verbatim. The map is a short list of segments (runs copied verbatim or
single inserted characters), so it stays small and fast on 50 MB inputs.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from itertools import islice

__all__ = ["MAX_SENTENCE_CHARS", "CleanText", "clean_text"]

# Twice the longest sentence of the annotated corpora (304 characters): longer runs are not sentences.
MAX_SENTENCE_CHARS = 600


def _fold_table() -> dict[int, str]:
    """One-for-one character folds; anything that would change the length is left alone."""
    keep = set("！＂＇（），：；？")  # Chinese punctuation stays full-width
    table: dict[int, str] = {}
    ranges = [
        (0xFF01, 0xFF5E),  # full-width ASCII
        (0xFF61, 0xFF64),  # half-width 。「」、
        (0x2E80, 0x2EFF),  # CJK radicals supplement
        (0x2F00, 0x2FDF),  # Kangxi radicals (PDF fonts often map 行, 长 … to these)
        (0xF900, 0xFAFF),  # CJK compatibility ideographs
    ]
    for low, high in ranges:
        for code in range(low, high + 1):
            char = chr(code)
            if char in keep:
                continue
            folded = unicodedata.normalize("NFKC", char)
            if folded != char and len(folded) == 1:
                table[code] = folded
    for code in (0x00A0, 0x3000, *range(0x2000, 0x200B), 0x202F, 0x205F):
        table[code] = " "
    table[ord("\r")] = "\n"  # "\r\n" becomes an extra blank line, which cleaning drops anyway
    table[ord("\f")] = "\n"  # form feed: page break in pdf text
    table[ord("\v")] = "\n"
    return table


_FOLD = _fold_table()

# Inside a line: runs of blanks (zero-width characters count as blanks) and markdown bold marks.
_BLANK = " \t\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INNER_RE = re.compile(rf"[{_BLANK}]+|\*\*")
_GAP_RE = re.compile(rf"[ \u200b\u200c\u200d\u2060\ufeff\u00ad]*\t[{_BLANK}]*| {{2,}}")
_NEEDS_WORK_RE = re.compile(rf"[{_BLANK}*]")
_MD_HEADING_RE = re.compile(r"#{1,6}[ \t]+")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NARROW_RE = re.compile(r"[\x00-\u2e7f]")
_LETTERHEAD_FRAGMENT_RE = re.compile(f"[{_CJK}]{{1,2}}")
_PAGE_MARKER_RE = re.compile(
    r"[-—–－‒―~～]+\s*\d{1,4}\s*[-—–－‒―~～]+"
    r"|第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?i:page)\s*\d{1,4}(\s*(?i:of)\s*\d{1,4})?"
)
_RULE_RE = re.compile(r"(-{3,}|\*{3,}|_{3,}|={3,})")

_NUM_CN = "一二三四五六七八九十百零〇"
_HEADING_RE = re.compile(
    rf"(第[{_NUM_CN}\d]+[章节条部分篇]"
    rf"|[{_NUM_CN}]+[、．.]"
    rf"|[（(][{_NUM_CN}\d]{{1,3}}[）)]"
    r"|\d{1,3}[、．.](?!\d)"
    r"|\d{1,3}[）)]"
    r"|[①-⑳])"
)
# Enumerated items inside a paragraph ("一是…", "二是…"): they may continue a paragraph, but they
# never continue a heading.
_ITEM_RE = re.compile(rf"([{_NUM_CN}]+是|首先|其次|再次|最后|第[{_NUM_CN}]+[，,、])")
_FIELD_RE = re.compile(
    r"(办理结果|信息公开属性|公开属性|公开方式|联系人姓名|联系人|联系电话|联系地址|邮政编码|抄送|抄报|主送|"
    r"发文机关|发文字号|成文日期|发布日期|发布时间|印发日期|索引号|主题分类|来源|作者|责任编辑|附件)[：:]"
)
_NUMBER_LINE_RE = re.compile(
    r"[^\s，。；：]{0,24}[〔\[［【(（]\s*(19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号"
)
_DATE_LINE_RE = re.compile(
    r"((19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|(19|20)\d{2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}"
    r"|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"\s*(印发|发布|印)?"
)
_PAREN_LINE_RE = re.compile(r"[（(][^（()）]*[）)]")
_DOC_TYPES = "答复|通知|意见|办法|规定|细则|决定|报告|批复|通告|公告|纲要|规划|方案|计划|请示|纪要|函"
_TITLE_LINE_RE = re.compile(
    rf"[^，。；！？]{{2,80}}({_DOC_TYPES})([（(]\s*(19|20)\d{{2}}\s*[-—–－]+\s*(19|20)\d{{2}}\s*年?\s*[）)])?"
)
_FINAL = "。！？；：:!?…"
_CONTINUING = "，,、（(《“‘—-"
_SENTENCE_PUNCT_RE = re.compile("[，。；！？]")
_HEADER_LINES = 12
_LONG_RUN_RE = re.compile(rf"[^。！？；!?;\n]{{{MAX_SENTENCE_CHARS + 1},}}")
_SOFT_BREAKS = "，,、：: "
# Without a comma or space, a break goes before a conjunction joining two parties (与, 及, 同): a name rarely
# holds one, so neither part of a cut name becomes a name of its own (海交通大学… from 上海交通大学…).
_CONJUNCTIONS = "与及同"


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text plus the map from its offsets back to the original text.

    ``text[i]`` is ``original[to_original(i)]``, or its one-character NFKC fold (``Ａ`` → ``A``);
    a line break or space that cleaning inserted maps to where the original broke the line.
    """

    text: str
    original: str
    _clean_starts: array  # start offset of each segment in ``text``
    _orig_starts: array  # where that segment starts in ``original``
    _steps: array  # 1: copied verbatim; 0: inserted or folded from a wider span

    def to_original(self, i: int) -> int:
        """Offset in the original text of cleaned offset ``i`` (``len(text)`` maps to the end)."""
        if i < 0 or i > len(self.text):
            raise IndexError(f"offset {i} is outside the cleaned text (length {len(self.text)})")
        if i == len(self.text):
            return len(self.original)
        k = bisect_right(self._clean_starts, i) - 1
        return self._orig_starts[k] + (i - self._clean_starts[k]) * self._steps[k]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the cleaned span ``[start, end)``; it covers whatever cleaning
        removed inside the span (line breaks, spaces, page markers)."""
        if start > end:
            raise ValueError(f"span start {start} is after its end {end}")
        orig_start = self.to_original(start)
        if end == start:
            return orig_start, orig_start
        return orig_start, self.to_original(end - 1) + 1


class _Builder:
    """Accumulates cleaned text and its segments, merging runs that stay contiguous."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.clean_starts = array("q")
        self.orig_starts = array("q")
        self.steps = array("b")
        self._copy_end = -1  # original offset where the last verbatim run ends, if the last op was a copy

    def copy(self, text: str, start: int, end: int) -> None:
        if start >= end:
            return
        self.parts.append(text[start:end])
        if self._copy_end != start:
            self.clean_starts.append(self.length)
            self.orig_starts.append(start)
            self.steps.append(1)
        self.length += end - start
        self._copy_end = end

    def insert(self, char: str, orig_pos: int) -> None:
        self.parts.append(char)
        self.clean_starts.append(self.length)
        self.orig_starts.append(orig_pos)
        self.steps.append(0)
        self.length += len(char)
        self._copy_end = -1


@dataclass(slots=True)
class _Line:
    """One physical line after in-line cleaning: its text and how to rebuild it from the original."""

    text: str
    ops: tuple  # (start, end) copies, or (pos, -1) for one inserted space
    end: int  # original offset just after the line's last content character
    raw_start: int  # where the original line starts; -1 for a markdown heading


def _raw_width(text: str, line: _Line) -> float:
    """Display width of the original line, spaces included: CJK and full-width characters count 1,
    others 0.5, as a PDF converter lays them out."""
    raw = text[line.raw_start:line.end]
    return len(raw) - 0.5 * len(_NARROW_RE.findall(raw))


def _keeps_space(before: str, after: str) -> bool:
    """A space survives only between Latin words (or after Latin punctuation)."""
    return (
        before.isascii() and after.isascii() and after.isalnum() and (before.isalnum() or before in ",.;:!?%)")
    )


def _clean_piece(text: str, start: int, end: int) -> tuple[str, tuple]:
    """Clean one piece of a line (no wide gaps inside): drop blanks except one between ASCII words."""
    ops: list[tuple[int, int]] = []
    out: list[str] = []
    pos = start
    for match in _INNER_RE.finditer(text, start, end):
        m_start, m_end = match.span()
        if m_start > pos:
            ops.append((pos, m_start))
            out.append(text[pos:m_start])
        if match.group() != "**" and m_start > start and m_end < end:
            if _keeps_space(text[m_start - 1], text[m_end]):
                ops.append((m_start, -1))
                out.append(" ")
        pos = m_end
    if pos < end:
        ops.append((pos, end))
        out.append(text[pos:end])
    return "".join(out), tuple(ops)


def _is_letter_spacing(text: str, gap_start: int, gap_end: int, piece_start: int, end: int) -> bool:
    """Two spaces around a lone character spread a word out ("抄  送：", "答  复"); anything wider,
    a tab, or two spaces between longer runs of text is a column gap of the PDF layout."""
    if gap_end - gap_start != 2 or text[gap_start] == "\t" or text[gap_end - 1] == "\t":
        return False
    lone_before = gap_start - 1 == piece_start or text[gap_start - 2] == " "
    lone_after = gap_end + 1 == end or text[gap_end + 1] in " ：:"
    return lone_before or lone_after


def _split_line(text: str, start: int, end: int) -> list[_Line]:
    """In-line cleaning of ``text[start:end]``; a wide gap splits it into several lines."""
    while start < end and text[start] in _BLANK:
        start += 1
    while end > start and text[end - 1] in _BLANK:
        end -= 1
    if start == end:
        return []
    raw_start = start
    heading = _MD_HEADING_RE.match(text, start, end)
    if heading:
        start = heading.end()
    pieces: list[tuple[int, int]] = []
    pos = start
    for gap in _GAP_RE.finditer(text, start, end):
        if _is_letter_spacing(text, gap.start(), gap.end(), pos, end):
            continue
        pieces.append((pos, gap.start()))
        pos = gap.end()
    pieces.append((pos, end))
    lines = []
    for p_start, p_end in pieces:
        if not _NEEDS_WORK_RE.search(text, p_start, p_end):
            line_text, ops = text[p_start:p_end], ((p_start, p_end),)
        else:
            line_text, ops = _clean_piece(text, p_start, p_end)
        if line_text:
            lines.append(_Line(line_text, ops, p_end, -1 if heading else raw_start))
    return lines


def _is_dropped(line: str) -> bool:
    # Page markers and rules are short; the length test keeps the regexes off ordinary lines.
    return len(line) <= 24 and bool(_PAGE_MARKER_RE.fullmatch(line) or _RULE_RE.fullmatch(line))


def _kind(line: _Line) -> str:
    """standalone | heading | title | text — decides which lines may be joined."""
    text = line.text
    short = len(text) <= 90  # the cheap tests first: these patterns only fit short lines
    if (
        line.raw_start < 0  # a markdown heading
        or _FIELD_RE.match(text)
        or (short and text[-1] == "号" and _NUMBER_LINE_RE.fullmatch(text))
        or (short and _DATE_LINE_RE.fullmatch(text))
        or (short and text[0] in "（(" and _PAREN_LINE_RE.fullmatch(text))
    ):
        return "standalone"
    if _HEADING_RE.match(text):
        return "heading"
    if (
        short
        and _TITLE_LINE_RE.fullmatch(text)
        and text.count("《") == text.count("》")
        and text.count("“") == text.count("”")
    ):
        return "title"
    return "text"


def _ends_sentence(text: str) -> bool:
    last = text[-1]
    if last in _FINAL:
        return True
    return last in "”’\"』」" and len(text) > 1 and text[-2] in "。！？!?"


def _wrap_width(text: str, lines: list[_Line]) -> float:
    """The document's line width when the converter wrapped lines (large when it did not)."""
    candidates = (line for line in lines if line.raw_start >= 0 and not _ends_sentence(line.text))
    widths = sorted(_raw_width(text, line) for line in islice(candidates, 5000))
    if len(widths) < 3:
        return float("inf")
    return widths[(len(widths) * 3) // 4]


def _drop_letterhead(lines: list[_Line]) -> list[_Line]:
    """Drop runs of 3+ lines of at most two CJK characters: a running header printed vertically."""
    keep = [True] * len(lines)
    run: list[int] = []
    for index, line in enumerate(lines + [None]):  # type: ignore[operator]
        if line is not None and _LETTERHEAD_FRAGMENT_RE.fullmatch(line.text):
            run.append(index)
            continue
        if len(run) >= 3:
            for dropped in run:
                keep[dropped] = False
        run = []
    return [line for line, kept in zip(lines, keep) if kept]


def _should_join(
    text: str, prev: _Paragraph, nxt: _Line, nxt_kind: str, in_header: bool, wrap_width: float
) -> bool:
    nxt_text = nxt.text
    if prev.tail[-1] in "-－" and nxt_text[0].isdigit():
        return True  # a number or a phone number broken at a hyphen
    if nxt_kind in ("standalone", "heading") or prev.kind in ("standalone", "title"):
        return False
    if _ends_sentence(prev.tail):
        return False
    if prev.tail[-1] in _CONTINUING:
        return True
    if prev.kind == "heading" and not prev.has_stop:
        # A heading continues only when it filled the line, and never into an enumerated item.
        return _raw_width(text, prev.last) >= wrap_width - 2 and not _ITEM_RE.match(nxt_text)
    if in_header:
        # Header block (letterhead, number, title): only a title wraps, onto a line without
        # sentence punctuation; a line ending in a colon there is the salutation.
        return not _SENTENCE_PUNCT_RE.search(nxt_text) and nxt_text[-1] not in "：:"
    return True


@dataclass(slots=True)
class _Paragraph:
    """What the join decision needs to know about the logical line being built."""

    kind: str
    tail: str  # its last two characters
    has_stop: bool  # holds a 。
    last: _Line  # its last physical line

    def extend(self, line: _Line) -> None:
        self.tail = (self.tail + line.text)[-2:]
        self.has_stop = self.has_stop or "。" in line.text
        self.last = line


def _physical_lines(folded: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in folded.split("\n"):
        end = pos + len(raw)
        for line in _split_line(folded, pos, end):
            if not _is_dropped(line.text):
                lines.append(line)
        pos = end + 1
    return _drop_letterhead(lines)


def _break_points(text: str) -> list[int]:
    """Offsets before which a line break bounds every run without a sentence end to ``MAX_SENTENCE_CHARS``:
    after the last comma or space of a window, else before its last conjunction, else at its end."""
    points = []
    for run in _LONG_RUN_RE.finditer(text):
        start, end = run.span()
        while end - start > MAX_SENTENCE_CHARS:
            window_end = start + MAX_SENTENCE_CHARS
            soft = max(text.rfind(mark, start + 1, window_end) for mark in _SOFT_BREAKS)
            joint = max(text.rfind(mark, start + 1, window_end) for mark in _CONJUNCTIONS)
            start = soft + 1 if soft > start else joint if joint > start else window_end
            points.append(start)
    return points


def _with_breaks(cleaned: CleanText, points: list[int]) -> CleanText:
    """``cleaned`` with a line break inserted before each of ``points`` (sorted cleaned offsets)."""
    if not points:
        return cleaned
    clean_starts, orig_starts, steps = array("q"), array("q"), array("b")
    parts, previous = [], 0
    bounds = [*cleaned._clean_starts[1:], len(cleaned.text)]
    cut_index = 0
    for k, seg_start in enumerate(cleaned._clean_starts):
        seg_end, orig, step = bounds[k], cleaned._orig_starts[k], cleaned._steps[k]
        pos = seg_start
        while cut_index < len(points) and points[cut_index] < seg_end:
            cut = points[cut_index]
            if cut > pos:
                clean_starts.append(pos + cut_index)
                orig_starts.append(orig + (pos - seg_start) * step)
                steps.append(step)
            clean_starts.append(cut + cut_index)
            orig_starts.append(orig + (cut - seg_start) * step)
            steps.append(0)
            parts += [cleaned.text[previous:cut], "\n"]
            previous, pos = cut, cut
            cut_index += 1
        if seg_end > pos:
            clean_starts.append(pos + cut_index)
            orig_starts.append(orig + (pos - seg_start) * step)
            steps.append(step)
    parts.append(cleaned.text[previous:])
    return CleanText("".join(parts), cleaned.original, clean_starts, orig_starts, steps)


def clean_text(text: str) -> CleanText:
    """Clean ``text`` (see the module doc) and return it with its offset map."""
    folded = text.translate(_FOLD)
    lines = _physical_lines(folded)
    wrap_width = _wrap_width(folded, lines)
    builder = _Builder()
    paragraph: _Paragraph | None = None
    in_header = True
    header_paragraphs = 0
    for line in lines:
        kind = _kind(line)
        if paragraph is None:
            paragraph = _Paragraph(kind, line.text[-2:], "。" in line.text, line)
        elif _should_join(folded, paragraph, line, kind, in_header, wrap_width):
            if _keeps_space(paragraph.tail[-1], line.text[0]):
                builder.insert(" ", paragraph.last.end)  # English words wrapped across lines
            paragraph.extend(line)
        else:
            builder.insert("\n", paragraph.last.end)
            paragraph = _Paragraph(kind, line.text[-2:], "。" in line.text, line)
            header_paragraphs += 1
        for op_start, op_end in line.ops:
            if op_end < 0:
                builder.insert(" ", op_start)
            else:
                builder.copy(folded, op_start, op_end)
        if in_header and (
            "。" in line.text
            or line.text[-1] in "：:"
            or kind == "heading"
            or header_paragraphs >= _HEADER_LINES
        ):
            in_header = False
    cleaned = CleanText("".join(builder.parts), text, builder.clean_starts, builder.orig_starts, builder.steps)
    return _with_breaks(cleaned, _break_points(cleaned.text))
