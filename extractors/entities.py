"""From recognised name spans to document entities: nested parents, in-document
aliases (abbreviations, short forms, 简称), one entity per organisation.

Pure functions over plain data (``Mention`` tuples), independent of spaCy."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from extractors import lexicon as L
from extractors.components import suffix_of, type_of

_FUND_AMOUNT = re.compile(r"(\d+(?:\.\d+)?\s*(?:亿|万)?元)$")
_BRACKET_TAIL = re.compile(r"[（(][^（）()]{1,10}[）)]$")


@dataclass
class Found:
    """One recognised surface form at one place."""

    start: int
    end: int
    text: str
    type: str
    canonical: str | None = None  # gazetteer canonical name


@dataclass
class Org:
    name: str
    type: str
    forms: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    parents: list[tuple[str, str]] = field(default_factory=list)  # (relation type, parent name)
    first: int = 0


# core and admin_level are asked of every pair of a document's names (group): remembered per name
@lru_cache(maxsize=65536)
def core(name: str, district: str | None) -> str:
    """A name without what the document's context supplies: 上海市, the district, and
    the long forms 人民政府 / 委员会 that abbreviations shorten to 政府 / 委."""
    name = _BRACKET_TAIL.sub("", name)
    for prefix, rest in (("上海市", 2), ("上海", 2), ("市", 4)):
        if name.startswith(prefix) and len(name) >= len(prefix) + rest:
            name = name[len(prefix):]
            break
    if district:
        short = district.removesuffix("区").removesuffix("新")
        for prefix in (district, short + "区", short):
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                name = name[len(prefix):]
                break
        else:
            if name.startswith("区") and len(name) > 2:
                name = name[1:]
            elif name.startswith(short[:1]) and len(name) <= 5:
                name = name[1:]  # 浦科经委: the district's first character stands for it
    name = re.sub("人民政府", "政府", name)
    return re.sub("委员会$", "委", name)


@lru_cache(maxsize=65536)
def admin_level(name: str, district: str | None) -> str | None:
    """Which government a name belongs to, when it says: the district's or the city's."""
    districts = [d for d in L.DISTRICTS if d in name or d.removesuffix("区").removesuffix("新") in name[:4]]
    if name.startswith("区") or districts or (district and name.startswith(district[:1]) and len(name) <= 5):
        return "district"
    if name.startswith(("上海市", "市")):
        return "city"
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


_REGISTERED_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司")


def is_parent_unit(short: str, long: str) -> bool:
    """Whether ``long`` names a unit of ``short``: 上海医药集团股份有限公司 is the parent of
    上海医药集团青岛国风药业股份有限公司 (the longer name opens with the shorter's stem
    and goes on to a name of its own), never a long form of it."""
    stem = short
    for form in _REGISTERED_FORMS:
        if stem.endswith(form) and len(stem) > len(form) + 1:
            stem = stem[: -len(form)]
            break
    if stem == short or len(stem) < 2 or not long.startswith(stem):
        return False
    rest = long[len(stem):]
    return rest not in L.LEGAL_FORMS and not _BRACKET_TAIL.fullmatch(rest) and \
        not re.fullmatch(r"[（(][^（）()]{1,6}[）)](?:%s)" % "|".join(L.LEGAL_FORMS), rest)


_CN = "\u4e00-\u9fff"
# the government of the document's city / district / county, written short (市政府, 区政府)
_LOCAL_GOVERNMENT = {
    "市": re.compile(f"(?:[{_CN}]{{2,3}}省)?[{_CN}]{{1,4}}市人民政府"),
    "区": re.compile(f"(?:[{_CN}]{{2,3}}省)?(?:[{_CN}]{{1,4}}市)?[{_CN}]{{1,4}}区人民政府"),
    "县": re.compile(f"(?:[{_CN}]{{2,3}}省)?(?:[{_CN}]{{1,4}}市)?[{_CN}]{{1,4}}县人民政府"),
}


def local_government(short: str, names: list[str]) -> str | None:
    """The one government of the document that 市政府 / 区政府 / 县政府 stands for."""
    m = re.fullmatch("([市区县])(?:人民)?政府", short)
    if not m:
        return None
    found = {n for n in names if _LOCAL_GOVERNMENT[m.group(1)].fullmatch(n)}
    return found.pop() if len(found) == 1 else None


_PARTY_COMMITTEE = re.compile("[省市区县镇]?党?委")


def is_abbreviation(short: str, long: str, district: str | None) -> bool:
    """区科经委 ↔ 上海市浦东新区科技和经济委员会, 交大医学院 ↔ 上海交通大学医学院,
    器械审评长三角分中心 ↔ 国家药品监管局器械审评长三角分中心 — never a parent:
    区委 is not 区委金融办, 市人大常委会 is not 市人大常委会代表工作委员会."""
    if short == long or long.startswith(short) or is_parent_unit(short, long):
        return False
    if _PARTY_COMMITTEE.fullmatch(short):
        return False  # 省委 is the party committee, never short for 省发改委
    if admin_level(short, district) not in (admin_level(long, district), None) and admin_level(long, district):
        return False  # 上海市卫生健康委员会 is not the district's 卫生健康委员会
    a, b = core(short, district), core(long, district)
    if a == b:
        return True
    if len(a) >= len(b) or len(a) < 2 or b.startswith(a):
        return False
    if len(a) >= 4 and b.endswith(a):
        return not re.search(f"[第{L.CN_NUMERALS}\\d]$", b[: -len(a)])
    return a[0] == b[0] and a[-1] == b[-1] and _subsequence(a, b)


def firm_core(name: str) -> str:
    """A firm's distinctive part: 上海联影医疗科技股份有限公司 → 联影."""
    name = re.sub(r"[（(][^（）()]{1,6}[）)]", "", name)
    for prefix in ("上海市", "上海", "中国"):
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            name = name[len(prefix):]
    changed = True
    while changed:
        changed = False
        for tail in (*L.LEGAL_FORMS, *L.INDUSTRY_WORDS):
            if name.endswith(tail) and len(name) > len(tail) + 1:
                name, changed = name[: -len(tail)], True
    return name


def same_firm(short: str, long: str) -> bool:
    """The registered name and the short name of one firm."""
    return long.endswith(L.LEGAL_FORMS[:5]) and firm_core(short) == firm_core(long)


def group_short_form(short: str, long: str) -> bool:
    """临港集团 for 上海临港经济发展（集团）有限公司: the group's first word and 集团, the place
    and a generic middle (经济发展, 投资控股…) dropped."""
    if not short.endswith("集团") or not 3 <= len(short) <= 8 or "集团" not in long or short == long:
        return False
    head = short[:-2]
    rest = re.sub(r"[（(]集团[）)]", "集团", long)
    for prefix in ("上海市", "上海", "中国"):
        if rest.startswith(prefix) and not head.startswith(prefix):
            rest = rest[len(prefix):]
            break
    if not rest.startswith(head):
        return False
    middle = rest[len(head):rest.find("集团")]
    return rest.find("集团") >= len(head) and (middle == "" or middle in L.GROUP_NAME_FILLERS) and \
        rest[rest.find("集团"):] in ("集团", *("集团" + f for f in L.LEGAL_FORMS))


_NUMBERED_HOSPITAL = re.compile(f"([{L.CN_NUMERALS}]{{1,2}})院")


def numbered_short_form(short: str, long: str) -> bool:
    """九院 for …第九人民医院."""
    m = _NUMBERED_HOSPITAL.fullmatch(short)
    return bool(m) and f"第{m.group(1)}人民医院" in long


def _splits_suffix(name: str, cut: int) -> bool:
    """Whether a multi-character suffix occurs across position ``cut`` of ``name``."""
    for sfx in L.SUFFIX_TYPES:
        if len(sfx) < 2:
            continue
        j = name.find(sfx, max(0, cut - len(sfx) + 1))
        while j != -1 and j < cut:
            if j + len(sfx) > cut:
                return True
            j = name.find(sfx, j + 1)
    return False


@lru_cache(maxsize=65536)
def embedded_parents(name: str, etype: str) -> list[tuple[str, str, str]]:
    """Organisations named at the start of ``name``: (parent name, parent type, relation)."""
    out: list[tuple[str, str, str]] = []
    head, of, unit = name.partition("之")
    if of and unit and (head_type := type_of(head)):
        out.append((head, head_type, "PART_OF"))  # X创新中心之Y分中心 is a unit of X
    for cut in range(len(name) - 1, 1, -1):
        prefix, rest = name[:cut], name[cut:]
        if prefix in L.NATIONAL_BODIES or (prefix.startswith(L.NATIONAL_BODIES) and len(prefix) > 4 and (
                (prefix.endswith("部") and not rest.startswith("际")) or prefix.endswith("联席会议"))):
            # 国务院|国资委, 中央军委后勤保障部|卫生局, 国务院…部际联席会议|办公室 (部际 is no ministry)
            out.append((prefix, "GovernmentAgency", "PART_OF"))
            continue
        if out and out[0][0] == head:
            break  # the parent before 之 is the direct one
        sfx = suffix_of(prefix)
        if not sfx or sfx not in L.STRONG_PARENT or sfx in L.COMPANY_WEAK or prefix in L.GENERIC_NAMES:
            continue
        if len(prefix) - len(sfx) < 1 or rest == "监委":  # 纪委监委 is one body
            continue
        if len(prefix) == len(sfx) or not re.match(r"[\u4e00-\u9fffA-Za-z]", rest):
            continue
        if _splits_suffix(name, cut):
            continue  # 科技和经济委|员会 is no parent
        ptype = type_of(prefix)
        if ptype is None:
            continue
        if ptype == "Hospital" and rest.startswith(tuple(L.HOSPITAL_BODY_WORDS)):
            continue  # 申康医院|发展中心 is no unit of a hospital
        if rest.startswith("附属") and etype == "Hospital" and ptype in ("University", "ResearchInstitute"):
            relation = "AFFILIATED_WITH"
        else:
            relation = "PART_OF"
        out.append((prefix, ptype, relation))
        if len(out) >= 3:
            break
    # the nearest parent is the direct one; farther ones are parents of the parent
    return out


def group(found: list[Found], district: str | None) -> list[Org]:
    """One ``Org`` per organisation of the document, with every surface form and mention."""
    orgs: dict[str, Org] = {}

    def add(name: str, etype: str, start: int, end: int, text: str) -> Org:
        org = orgs.get(name)
        if org is None:
            org = orgs[name] = Org(name=name, type=etype, first=start)
        org.forms.add(text)
        org.mentions.append((start, end, text))
        org.first = min(org.first, start)
        return org

    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        name = f.canonical or f.text
        org = add(name, f.type, f.start, f.end, f.text)
        parents = embedded_parents(f.text, f.type)
        child = org
        for pname, ptype, relation in parents:
            parent = add(pname, ptype, f.start, f.start + len(pname), pname)
            if (relation, pname) not in child.parents:
                child.parents.append((relation, pname))
            child = parent
            relation = "PART_OF"

    # merge short forms into the fullest name of the same organisation
    names = sorted(orgs, key=len, reverse=True)
    target: dict[str, str] = {}
    # a form the document gave an organisation (简称, gazetteer alias) names it everywhere
    owner = {form: o.name for o in orgs.values() for form in o.forms if form != o.name}
    for short in sorted(orgs, key=len):
        gov = local_government(short, names)
        if gov and orgs[gov].type == orgs[short].type and gov not in target:
            target[short] = gov
            continue
        if len(owner.get(short, short)) > len(short) and orgs[short].type == orgs[owner[short]].type:
            target[short] = owner[short]
            continue
        for long in names:
            if len(long) <= len(short) or long in target:
                continue
            if orgs[long].type != orgs[short].type and not numbered_short_form(short, long):
                continue
            if is_abbreviation(short, long, district) or numbered_short_form(short, long) or (
                    orgs[short].type == "Company" and (same_firm(short, long) or group_short_form(short, long))):
                target[short] = long
                break
    for short, long in target.items():
        while long in target:
            long = target[long]
        src, dst = orgs[short], orgs[long]
        dst.forms |= src.forms
        dst.mentions += src.mentions
        dst.first = min(dst.first, src.first)
        for rel in src.parents:
            if rel not in dst.parents and rel[1] != long:
                dst.parents.append(rel)
    merged = [o for n, o in orgs.items() if n not in target]
    alias_of = {short: _final(target, short) for short in target}
    for org in merged:
        org.parents = [(r, alias_of.get(p, p)) for r, p in org.parents if alias_of.get(p, p) != org.name]
    return sorted(merged, key=lambda o: o.first)


def _final(target: dict[str, str], name: str) -> str:
    while name in target:
        name = target[name]
    return name


def fund_name(text: str, name: str, start: int) -> str | None:
    """The amount written before a fund's name (225亿元生物医药母基金) as an alias."""
    m = _FUND_AMOUNT.search(text[max(0, start - 12):start])
    return m.group(1) + name if m else None
