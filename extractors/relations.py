"""Relation rules, one sentence at a time, over the organisations named in it.

Each rule yields a :class:`Candidate` with the rule's name and confidence; domain and
range checks (:func:`check`) decide what leaves the extractor and report the rest."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ecokg.records import ORG_TYPES

LIST_SEPARATORS = re.compile(r"^(、|和|及|以及|，|,)$")
COOP_TRIGGER = re.compile(r"合作|协议|共建|共同|携手|对接|协作|联手|签约|签署|结盟|联合(?:开展|申报|研发|攻关|建设)")
PLANNED = re.compile(r"拟|计划|将|准备|有意|寻求|争取|意向|探索")
WITH_GAP = re.compile(r"^(?:等)?(?:[^，。；：、]{0,12}?)(与|同|跟|和)$")
JOINT_GAP = re.compile(r"^(?:等)?(联合|携手|联手|依托|协同)$")
TAKES_ON_GAP = re.compile(r"^(?:承担了?|获得?了?|获批了?)$")
INVEST_GAP = re.compile(r"^(?:等[\u4e00-\u9fff]{0,4}?)?(?:已|已经|先后|共同|联合|分别|直接|累计|再次|继续|还)*"
                        r"(?:领投|跟投|参投|投资了?|注资|战略投资|出资|资助了?|增资)$")
SUPPORT_AFTER = re.compile(r"^[^，。；]{0,16}?(投资|资助|支持|注资|融资|项目|专项)")
PROVIDES_GAP = re.compile(r"^(?:等)?向$")
FOUNDED_BY_GAP = re.compile(r"^[^，。；]{0,6}?由$")
FOUNDED_BY_AFTER = re.compile(r"^(?:等)?(?:共同|联合)?(?:出资|投资|发起|注资)")
PROVIDES_AFTER = re.compile(r"^[^，。；]{0,12}?(资助|资金|投资|补贴|补助|奖励|贷款)")
ROUND = re.compile(r"(完成|获得|宣布完成|获)[^。；]{0,24}?融资")
ROUND_INVESTOR = re.compile(r"^(?:等)?(?:共同|联合)?(领投|跟投|参投|追加投资|继续追加投资|独家投资|投资)")
FUND_SOURCE = {"Fund", "GovernmentAgency", "Program", "Company"}

PART_OF_TYPES = {
    "Hospital": {"Hospital"},
    "University": {"University"},
    "ResearchInstitute": {"ResearchInstitute", "University"},
    "GovernmentAgency": {"GovernmentAgency"},
    "Platform": set(ORG_TYPES),
    "Fund": {"Fund", "University", "Company", "GovernmentAgency"},
    "Company": {"Company"},
}


@dataclass(frozen=True)
class M:
    """An organisation mentioned in the sentence: offsets in the document, entity id and type."""

    start: int
    end: int
    entity: str
    type: str


@dataclass(frozen=True)
class Candidate:
    source: str
    target: str
    type: str
    rule: str
    confidence: float
    planned: bool = False


def _lists(text: str, base: int, ms: list[M]) -> list[list[M]]:
    """Runs of mentions joined only by list separators (A、B和C等)."""
    runs: list[list[M]] = []
    for m in ms:
        if runs:
            gap = text[runs[-1][-1].end - base:m.start - base]
            if LIST_SEPARATORS.match(gap):
                runs[-1].append(m)
                continue
        runs.append([m])
    return runs


def sentence_relations(text: str, base: int, ms: list[M]) -> list[Candidate]:
    """Candidates stated by one sentence ``text`` starting at document offset ``base``."""
    out: list[Candidate] = []
    ms = sorted(ms, key=lambda m: m.start)
    runs = _lists(text, base, ms)
    for left, right in zip(runs, runs[1:]):
        gap = text[left[-1].end - base:right[0].start - base]
        tail = text[right[-1].end - base:]
        if "，" in gap or "。" in gap:
            continue
        trigger = COOP_TRIGGER.search(tail.split("。")[0][:40])
        # only what stands between the partners and the cooperation says it is intended (拟, 将…)
        planned = bool(PLANNED.search(gap + re.split("[，。；,]", tail, maxsplit=1)[0]))
        if WITH_GAP.match(gap) and trigger and not gap.endswith("会同"):
            for a in left:
                out += [Candidate(a.entity, b.entity, "COOPERATES_WITH", "with_cooperate", 0.9, planned)
                        for b in right]
        elif JOINT_GAP.match(gap):
            rule = "relies_on" if "依托" in gap else "jointly"
            for a in left:
                out += [Candidate(a.entity, b.entity, "COOPERATES_WITH", rule, 0.85, planned) for b in right]
        elif TAKES_ON_GAP.match(gap) and SUPPORT_AFTER.match(tail):
            for b in right:
                out += [Candidate(b.entity, a.entity, "FUNDS", "receives_support", 0.75) for a in left]
        elif FOUNDED_BY_GAP.match(gap) and FOUNDED_BY_AFTER.match(tail):
            # 母基金由A、B共同出资设立: the named backers fund it
            for b in right:
                out += [Candidate(b.entity, a.entity, "FUNDS", "founded_by", 0.8) for a in left[-1:]]
        elif PROVIDES_GAP.match(gap) and PROVIDES_AFTER.match(tail):
            for a in left:
                out += [Candidate(a.entity, b.entity, "FUNDS", "provides_funding", 0.75) for b in right]
        elif INVEST_GAP.match(gap):
            for a in left:
                out += [Candidate(a.entity, b.entity, "FUNDS", "invests_in", 0.8) for b in right]
    planned = bool(PLANNED.search(text))
    # A牵头成立D，联合B、C共同推进…: a clause opening with 联合 continues the sentence's subject
    if runs and runs[0][0].start - base <= 2:
        for run in runs[1:]:
            lead = text[:run[0].start - base]
            if re.search(r"[，,](?:并|还|同时)?(联合|携手|联手)$", lead):
                for a in runs[0]:
                    out += [Candidate(a.entity, b.entity, "COOPERATES_WITH", "clause_jointly", 0.7, planned)
                            for b in run]
    # A和B共同/合作…: one list naming the partners, the cooperation right after it
    for run in runs:
        if len(run) < 2:
            continue
        joined = text[run[0].start - base:run[-1].end - base]
        after = text[run[-1].end - base:run[-1].end - base + 6]
        if ("和" in joined or "与" in joined) and re.match(r"^(等)?(共同|合作|携手|联合)", after):
            for i, a in enumerate(run):
                out += [Candidate(a.entity, b.entity, "COOPERATES_WITH", "jointly", 0.8, planned)
                        for b in run[i + 1:]]
    return out


def financing_round(text: str, base: int, ms: list[M]) -> M | None:
    """The organisation a sentence says raised a round (X完成10亿元C轮融资), if any."""
    m = ROUND.search(text)
    if not m:
        return None
    before = [x for x in ms if x.end - base <= m.start() and x.type in ("Company", "ResearchInstitute", "Hospital")]
    return before[-1] if before else None


def round_investors(text: str, base: int, ms: list[M], raiser: M) -> list[Candidate]:
    """Investors of a round: 由A领投，B、C跟投, in the sentence naming the round or the next."""
    out = []
    for run in _lists(text, base, sorted(ms, key=lambda m: m.start)):
        if raiser in run:
            continue
        if ROUND_INVESTOR.match(text[run[-1].end - base:]):
            out += [Candidate(m.entity, raiser.entity, "FUNDS", "round_investor", 0.85) for m in run]
    return out


def check(rel_type: str, source_type: str, target_type: str) -> str | None:
    """Why a relation's ends violate its domain or range, or None when they fit."""
    if rel_type == "COOPERATES_WITH":
        if source_type not in ORG_TYPES or target_type not in ORG_TYPES:
            return f"COOPERATES_WITH joins organisations, not {source_type}–{target_type}"
    elif rel_type == "FUNDS":
        if source_type not in FUND_SOURCE:
            return f"FUNDS needs a fund, agency, programme or investor as source, not {source_type}"
        if target_type not in ORG_TYPES:
            return f"FUNDS needs an organisation as recipient, not {target_type}"
    elif rel_type == "RESPONSIBLE_FOR":
        if source_type != "GovernmentAgency" or target_type != "Task":
            return f"RESPONSIBLE_FOR goes GovernmentAgency → Task, not {source_type} → {target_type}"
    elif rel_type == "AFFILIATED_WITH":
        if source_type != "Hospital" or target_type not in ("University", "ResearchInstitute"):
            return f"AFFILIATED_WITH goes Hospital → University/ResearchInstitute, not {source_type} → {target_type}"
    elif rel_type == "PART_OF":
        if target_type not in PART_OF_TYPES.get(source_type, set()):
            return f"PART_OF cannot join a {source_type} to a {target_type}"
    return None


TASK_HEADING = re.compile(
    r"^[ \t]*(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．])"
    r"\s*([^。\n]{2,40}?)[。\n]", re.M)
RESPONSIBLE = re.compile(r"(?:[（(]|^|。)\s*(?:责任单位|牵头单位|责任部门|牵头部门|责任主体)[:：]([^）)\n。]{2,300})[）)]?", re.M)
GENERIC_UNIT = re.compile(r"^(相关|各|其他|有关)")


def tasks(text: str) -> list[tuple[str, int, int, list[tuple[str, int, int]], tuple[int, int]]]:
    """Numbered tasks of a plan and the units responsible for each:
    (title, title start, title end, [(unit, start, end)], evidence span)."""
    heads = list(TASK_HEADING.finditer(text))
    starts = [h.start() for h in heads]
    out = []
    for m in RESPONSIBLE.finditer(text):
        i = bisect_right(starts, m.start()) - 1  # the task is the nearest heading before the list
        if i < 0:
            continue
        h = heads[i]
        units = []
        body, base = m.group(1), m.start(1)
        # （牵头单位：A；配合单位：B）: only the leading/responsible units
        cut = re.search(r"[；;]\s*(?!责任|牵头)[\u4e00-\u9fff]{2,4}[:：]", body)
        if cut:
            body = body[:cut.start()]
        for item in re.finditer(r"[^、，,；;：:\s]+", body):
            unit = item.group()
            if re.fullmatch(r"(?:责任|牵头)[\u4e00-\u9fff]{0,3}", unit) or GENERIC_UNIT.match(unit):
                continue
            units.append((unit, base + item.start(), base + item.end()))
        out.append((h.group(1).strip(), h.start(1), h.start(1) + len(h.group(1).strip()), units,
                    (m.start(), m.end())))
    return out
