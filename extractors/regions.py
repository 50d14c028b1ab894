"""Places as ``Region`` entities (浦东新区, 张江科学城, 临港新片区) and the ``LOCATED_IN``
relations the text states (位于X, 落户X, 总部位于X, X的Y).

A place is recognised by its suffix where its left edge is clear: a known district,
a province/city name opening a chain of places, or the place after a verb of location.
After a verb of location a district also stands in its short form (落地浦东, 落户宝山), which
names the district only there: elsewhere 浦东 opens names (浦东医院).
A place that opens an organisation's name (浦东新区人民医院) is part of that name, never
a Region. Pure functions over the text and the organisation mentions."""
from __future__ import annotations

import re

from extractors import lexicon as L

_CN = "\u4e00-\u9fff"
# one place name, its suffix last; the longest suffixes first
PLACE = re.compile(f"[{_CN}]{{2,5}}?(新片区|科学城|新区|开发区|高新区|自贸区|工业园区|区|县|市)")
_NOT_PLACES = re.compile("(?:园区|社区|地区|城区|片区|市区|郊区|辖区|景区|街区|厂区|院区|示范区|集聚区|先行区|试验区"
                         "|功能区|核心区|城市|都市|超市|上市|城县|全市|全区|本市|本区|该市|该区|各区|各市|各县)$")
# verbs after which a place stands: its left edge is the verb's end
LOCATION_VERB = re.compile(r"(?:总部)?(?:位于|落户|坐落于|坐落在|地处|设在|设于|扎根|入驻|落地)(?:于|在)?")
_KNOWN = re.compile("|".join(sorted({*L.DISTRICTS, "上海市", "北京市", "天津市", "重庆市"}, key=len, reverse=True)))
# 浦东 of 浦东新区, 宝山 of 宝山区: a short form ends where the name would go on (落地浦东，but not 落户浦东医院)
_SHORT_DISTRICT = re.compile("(?:" + "|".join(d[:2] for d in L.DISTRICTS) + f")(?![{_CN}])")


def _chain(text: str, pos: int, covered: bytearray) -> list[tuple[int, int]]:
    """The places written one after another from ``pos`` (上海市浦东新区张江科学城)."""
    out = []
    while True:
        k = _KNOWN.match(text, pos)
        m = k or PLACE.match(text, pos)
        if not m or any(covered[m.start():m.end()]) or (not k and len(m.group(1)) == 1 and _NOT_PLACES.search(m.group(0))):
            return out
        out.append(m.span())
        pos = m.end()


def find_regions(text: str, covered: bytearray) -> list[tuple[int, int]]:
    """Spans of places standing alone (not inside an organisation's name; ``covered`` marks those)."""
    spans: set[tuple[int, int]] = set()
    for m in _KNOWN.finditer(text):
        if not any(covered[m.start():m.end()]):
            spans.update(_chain(text, m.start(), covered))
    for m in LOCATION_VERB.finditer(text):
        short = _SHORT_DISTRICT.match(text, m.end())
        if short and not any(covered[short.start():short.end()]):
            spans.add(short.span())
        spans.update(_chain(text, m.end(), covered))
    # a place that opens a longer one is not a place of its own there
    return sorted(spans)


def located_in(text: str, regions: list[tuple[int, int]],
               orgs: list[tuple[int, int, str]]) -> list[tuple[str, tuple[int, int], int]]:
    """(organisation id, region span, position) for 「A位于/落户X」 and 「X的A」/「位于X的A」."""
    out = []
    starts = {s: (s, e, eid) for s, e, eid in orgs}
    region_at = {s: (s, e) for s, e in regions}
    for m in LOCATION_VERB.finditer(text):
        chain = []
        pos = m.end()
        while pos in region_at:
            chain.append(region_at[pos])
            pos = region_at[pos][1]
        if not chain:
            continue
        # the subject: the last organisation before the verb in its clause
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；;,\n：:") + 1
        subject = [o for o in orgs if clause_start <= o[0] and o[1] <= m.start()
                   and not re.search("[与和及、]", text[o[1]:m.start()])]
        if subject:
            out += [(subject[-1][2], r, m.start()) for r in chain]
        # 位于X的A: the organisation after the place
        if text.startswith("的", pos) and pos + 1 in starts:
            out += [(starts[pos + 1][2], r, m.start()) for r in chain]
    for s, e in regions:
        if text.startswith("的", e) and e + 1 in starts:
            out.append((starts[e + 1][2], (s, e), s))
    return out
