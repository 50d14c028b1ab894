"""Document metadata stated in the text: title, issuer, document number (文号), date, district.

Works on cleaned text (see :mod:`extractors.clean`), where the letterhead, the number, the title,
the signature and the date each stand on their own line. Only what the text states is returned;
anything not found is ``None``.
"""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel

__all__ = ["DISTRICTS", "DocMeta", "extract_meta"]

# The 16 districts of Shanghai, and the one-character prefix each uses in document numbers.
DISTRICTS: dict[str, str] = {
    "浦东新区": "浦", "黄浦区": "黄", "徐汇区": "徐", "长宁区": "长", "静安区": "静", "普陀区": "普",
    "虹口区": "虹", "杨浦区": "杨", "闵行区": "闵", "宝山区": "宝", "嘉定区": "嘉", "金山区": "金",
    "松江区": "松", "青浦区": "青", "奉贤区": "奉", "崇明区": "崇",
}
_DISTRICT_BY_PREFIX = {prefix: name for name, prefix in DISTRICTS.items()}
# Short forms used in agency names ("浦东新区" is also written "浦东"; "宝山区" as "宝山").
_DISTRICT_RE = re.compile(
    "|".join(sorted({*DISTRICTS, *(name[:2] for name in DISTRICTS)}, key=len, reverse=True))
)
_SHORT_DISTRICT = {name[:2]: name for name in DISTRICTS}

_HEAD_LINES = 20  # the letterhead, number and title are within the first lines

_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】)）]"
    r"\s*第?\s*(?P<serial>\d{1,5})\s*号"
)
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|-\s*(?P<m2>\d{1,2})\s*-\s*(?P<d2>\d{1,2})(?!\d)"
    r"|[./]\s*(?P<m3>\d{1,2})\s*[./]\s*(?P<d3>\d{1,2})(?!\d))"
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
_CN_DATE_RE = re.compile(r"(?P<y>[〇零○Ｏ一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日")
_PRINTED = re.compile(r"(印发|印)\s*$")
_DATE_FIELD_RE = re.compile(r"(成文日期|发布日期|发布时间|发文日期|日期|时间)[：:]")

_AGENCY_SUFFIX = (
    r"(人民政府(办公室|办公厅)?|委员会(办公室)?|办公室|办公厅|管理委员会|管委会|人民代表大会常务委员会|"
    r"政府|[委局厅署办部处院]|中心|联合会|协会|学会)"
)
_AGENCY_LINE_RE = re.compile(rf"(?P<name>[\u4e00-\u9fff（）()]{{4,40}}?{_AGENCY_SUFFIX})(文件|公报|令)?")
_ISSUER_IN_TITLE_RE = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{4,40}}?{_AGENCY_SUFFIX})关于")
_DOC_TYPES = "答复|通知|意见|办法|规定|细则|决定|报告|批复|通告|公告|纲要|规划|方案|计划|请示|纪要|函|复函"
_TITLE_RE = re.compile(rf"(关于.+|.+的({_DOC_TYPES})|.+({_DOC_TYPES})[(（].{{4,14}}[)）])")
_FIELD_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}[：:]")
_SOURCE_FIELD_RE = re.compile(r"(来源|发布机构|发布单位|发文机关)[：:]")
_SENTENCE_PUNCT_RE = re.compile("[。！？；]")


class DocMeta(BaseModel):
    title: str | None = None
    issuer: str | None = None
    number: str | None = None  # 文号, e.g. 浦科经委办理〔2025〕54号
    date: str | None = None  # ISO yyyy-mm-dd: the signing date, else the printing date
    district: str | None = None  # a Shanghai district, None for city-level or unknown


def extract_meta(text: str) -> DocMeta:
    """Title, issuer, document number, date and district stated in the (cleaned) ``text``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head = lines[:_HEAD_LINES]
    number = _find_number(head)
    letterhead = _find_letterhead(head)
    title = _find_title(head, letterhead)
    issuer = letterhead or _issuer_from_title(title) or _signature(lines) or _source_field(head)
    return DocMeta(
        title=title,
        issuer=issuer,
        number=number,
        date=_find_date(lines),
        district=_district(issuer, number),
    )


def _find_number(head: list[str]) -> str | None:
    # A line that is only the number is the document's own; a number inside a sentence is a
    # citation of another document.
    for line in head:
        match = _NUMBER_RE.fullmatch(line)
        if match:
            return _format_number(match)
    for line in head:
        if _SENTENCE_PUNCT_RE.search(line):
            continue
        match = _NUMBER_RE.search(line)
        if match:
            return _format_number(match)
    return None


def _format_number(match: re.Match) -> str:
    return f"{match['prefix']}〔{match['year']}〕{match['serial']}号"


def _is_agency(line: str) -> str | None:
    """The agency named by a letterhead or signature line, if the line is just that."""
    if _SENTENCE_PUNCT_RE.search(line) or "关于" in line or _FIELD_RE.match(line):
        return None
    match = _AGENCY_LINE_RE.fullmatch(line.replace(" ", ""))
    return match["name"] if match else None


def _find_letterhead(head: list[str]) -> str | None:
    for line in head[:8]:
        if _NUMBER_RE.search(line) or _find_any_date(line):
            continue
        agency = _is_agency(line)
        if agency:
            return agency
        if line.endswith(("：", ":")):  # the salutation: the letterhead is above it
            break
    return None


def _find_title(head: list[str], letterhead: str | None) -> str | None:
    candidates: list[str] = []
    for line in head:
        if line.endswith(("：", ":")) and candidates:
            break  # the salutation ends the header
        if (
            _FIELD_RE.match(line)
            or _NUMBER_RE.fullmatch(line)
            or _find_any_date(line) == line
            or (line.startswith(("（", "(")) and line.endswith(("）", ")")))
            or (letterhead and _is_agency(line) == letterhead)
            or "。" in line
        ):
            continue
        candidates.append(line)
    for line in candidates:
        if _TITLE_RE.fullmatch(line) and len(line) <= 120:
            return line
    for line in candidates:
        if 4 <= len(line) <= 120 and not _is_agency(line):
            return line
    return None


def _issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    match = _ISSUER_IN_TITLE_RE.match(title)
    return match["name"] if match else None


def _signature(lines: list[str]) -> str | None:
    """The agency on the line above the signing date, near the end."""
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index]
        if _find_any_date(line) == line and not _PRINTED.search(line):
            return _is_agency(lines[index - 1])
    return None


def _source_field(head: list[str]) -> str | None:
    """The publishing agency of a news page (来源：…)."""
    for line in head:
        field = _SOURCE_FIELD_RE.match(line)
        if field:
            return _is_agency(line[field.end():].strip())
    return None


def _find_date(lines: list[str]) -> str | None:
    # 1. A line that is only a date and not the printing date: the signing date.
    # 2. A date field (发布时间：…), as news pages carry.
    # 3. The printing date (…印发).
    # 4. A date at the start of the text (news: "2025年3月5日，…").
    printed = None
    for line in lines:
        date = _find_any_date(line)
        if date is None:
            continue
        stripped = _PRINTED.sub("", line).strip()
        if _find_any_date(stripped) == stripped:
            iso = _iso(stripped)
            if iso and _PRINTED.search(line):
                printed = printed or iso
            elif iso:
                return iso
    for line in lines[:_HEAD_LINES]:
        field = _DATE_FIELD_RE.match(line)
        if field:
            date = _first_date(line[field.end():])
            if date:
                return date
    if printed:
        return printed
    for line in lines[:_HEAD_LINES]:
        if not (_NUMBER_RE.search(line) or _TITLE_RE.fullmatch(line)):
            date = _first_date(line)
            if date:
                return date
    return None


def _find_any_date(line: str) -> str | None:
    """The date text in ``line`` when the line holds one (used to compare with the whole line)."""
    match = _DATE_RE.search(line) or _CN_DATE_RE.search(line)
    return match.group() if match else None


def _first_date(text: str) -> str | None:
    for match in (_DATE_RE.search(text), _CN_DATE_RE.search(text)):
        if match:
            iso = _iso(match.group())
            if iso:
                return iso
    return None


def _iso(date_text: str) -> str | None:
    match = _DATE_RE.fullmatch(date_text)
    if match:
        year = int(match["y"])
        month = int(match["m"] or match["m2"] or match["m3"])
        day = int(match["d"] or match["d2"] or match["d3"])
    else:
        match = _CN_DATE_RE.fullmatch(date_text)
        if not match:
            return None
        year = int("".join(str(_CN_DIGITS[c]) for c in match["y"]))
        month, day = _cn_number(match["m"]), _cn_number(match["d"])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _cn_number(text: str) -> int:
    """一 … 三十一 as written in dates."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _district(issuer: str | None, number: str | None) -> str | None:
    if issuer:
        match = _DISTRICT_RE.search(issuer)
        if match:
            return _SHORT_DISTRICT.get(match.group(), match.group())
        if issuer.startswith(("上海市", "国家", "国务院", "中华人民共和国")):
            return None  # a city-level or national issuer
    if number:
        return _DISTRICT_BY_PREFIX.get(number[0])
    return None
