"""Relation rules, one sentence at a time, over the organisations named in it.

Each rule yields a :class:`Candidate` with the rule's name and confidence; domain and
range checks (:func:`check`) decide what leaves the extractor and report the rest.
Rules read the text through :func:`simplified`, so traditional-character pages match
the same trigger words at the same offsets."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ecokg.records import ORG_TYPES
from extractors.lexicon import LEGAL_FORMS, RAISER_GAP_WORDS, ROUND_VERB_PATTERN, opencc_dictionary

# an item of a list that is no recognised name (长宁区、, 上海国际人类表型组研究院、)
UNNAMED_ITEM = r"(?:[^、，,。；;：:（()）等与和]{2,14}、)"
# the rest of a name recognised only in part (上海国际|人类表型组研究院、)
NAME_TAIL = (r"(?:(?:(?!携手|联合|联手|依托|背靠|协同|合作|签|投|为|是)[^、，,。；;：:（()）等与和的]){0,10}"
             r"(?:院|所|中心|公司|集团|大学|基金|局|委|办|会|室))")
# A、B和C等; a bracket after a name (A（作为GP）、B), a shareholder role (以及老股东C), a parent's
# unit (A下属B) and up to two unnamed items (A、长宁区、B) do not break a list
LIST_SEPARATORS = re.compile(f"^(?:[（(][^（）()]{{1,30}}[）)])?(?:{NAME_TAIL}?、{UNNAMED_ITEM}{{0,2}}|和|及|以及|，|,)"
                             r"(?:老股东|现有股东|原股东|新股东|股东)?$|^下属$|^旗下$")
COOP_TRIGGER = re.compile(r"合作|协议|共建|共同|携手|牵手|对接|协作|联手|签约|签署|签订|备忘录|结盟|结合|联动"
                          r"|联合(?:开展|申报|研发|攻关|建设)")
PLANNED = re.compile(r"拟|计划|将(?!军)|准备|有意|寻求|争取|意向|探索")
# a done or granted step: it wins over an intention in the same clause (已…将, 进行了…探索, 获批)
PAST = re.compile(r"(?<![为除罢])了(?!解|不起)|已|获批|完成|曾经")


def intended(clause: str) -> bool:
    """Whether the clause stating a relation says it is intended, not done: an intention
    marker (拟, 将, 计划…) in it and no past marker (了, 已, 获批, 完成)."""
    return bool(PLANNED.search(clause)) and not PAST.search(clause)


def _clause_at(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``start``–``end``: from the comma before to the one after."""
    left = max(text.rfind(p, 0, start) for p in "，,；;。") + 1
    right = min([i for i in (text.find(p, end) for p in "，,；;。") if i != -1] or [len(text)])
    return text[left:right]
# the partner named right before 与 (A在…领域与B); a name that modifies a noun (A搭建的平台与B) is not
# the partner, and 和 joins partners only directly (A和B, not A围绕X和B的优势)
WITH_GAP = re.compile(f"^(?:等)?(?:[^，。；：、的]{{0,12}}?(与|同|跟)|(和)){UNNAMED_ITEM}{{0,2}}$")
JOINT_GAP = re.compile(r"^(?:等)?(?:将|拟|还|也|正|已|共同|进一步|积极|则)*(联合|携手|牵手|联手|依托|协同|背靠)"
                       f"(?:[^，。；：、\\d]{{0,6}}?){UNNAMED_ITEM}{{0,2}}$")
PAIR_GAP = re.compile(r"^[-—–×xX&]$")  # 上海大学医学院-全景医学集团战略合作
PAIR_AFTER = re.compile(r"^(?:战略|全面|深度)?(?:合作|签约|协议|共建)")
TAKES_ON_GAP = re.compile(r"^(?:曾|已|先后|还|也|再次)?(?:承担了?|获得?了?|获批了?)$")
# A引入B、C作为战略投资者
BRINGS_IN_GAP = re.compile(r"^(?:已|将|拟|成功|先后)?引入(?:了)?(?:包括)?$")
BRINGS_IN_AFTER = re.compile(r"^(?:等)?(?:在内的)?[^，。；]{0,10}?(?:战略投资者|投资者|投资方|投资人|股东)")
INVESTED_IN_GAP = re.compile(r"^(?:已|已经|日前)?(?:完成了?)?对$")  # A已完成对B的投资
INVESTED_IN_AFTER = re.compile(r"^(?:的)?[^，。；]{0,6}?(?:投资|注资|增资|战略投资)")
INVEST_GAP = re.compile(r"^(?:等[\u4e00-\u9fff]{0,4}?)?(?:已|已经|先后|共同|联合|分别|直接|累计|再次|继续|还)*"
                        r"(?:领投|跟投|参投|投资了?|注资|战略投资|出资|资助了?|增资|捐资设立|捐赠设立|捐建)$")
SUPPORT_AFTER = re.compile(r"^[^，。；]{0,16}?(投资|资助|支持|注资|融资|项目|专项)")
PROVIDES_GAP = re.compile(r"^(?:等)?向$")
FOUNDED_BY_GAP = re.compile(r"^[^，。；]{0,6}?由$")
FOUNDED_BY_AFTER = re.compile(r"^(?:等)?(?:共同|联合)?(?:出资|投资|发起|注资|捐资|捐赠)")
PROVIDES_AFTER = re.compile(r"^[^，。；]{0,12}?(资助|资金|投资|补贴|补助|奖励|贷款)")
# A和B共同/合作/签署…: the partners named as one list
# (co-leading a round, 联合领投, is no cooperation)
LIST_COOPERATES = re.compile(r"^(?:等)?(?:双方)?(?:共同(?!参与|领投|投资|参投)|合作|携手|联合(?!领投|投资|参投|出资)|签署|签订|签约"
                             r"|正式签署|达成[^，。；]{0,6}合作)")
# A、B、C三方签署…: a list that counts its parties
PARTIES_COOPERATE = re.compile(r"^(?:等)?(?:双方|三方|四方|五方|多方)(?:共同|正式|将)?(?:签署|签订|签约|合作|共建|携手)")
# co-founders named in one list: A、B拟与其他投资人共同设立X
CO_FOUNDERS_AFTER = re.compile(r"^(?:等)?(?:拟|将|已)?与[^，。；、]{0,12}?(?:共同|联合)(?:设立|发起|出资|投资|组建)")
SUBSIDIARY = r"(?:(?:控股|全资|直属)?(?:子公司|孙公司|子企业)(?:/企业)?|下属(?:企业|公司|单位|机构)?|旗下(?:的)?(?:(?:控股|全资)?子公司|孙公司|企业|公司)?)"
PARENT_OF_GAP = re.compile(f"^的?{SUBSIDIARY}$")  # A旗下B, A的控股子公司B
IS_UNIT_OF_GAP = re.compile(r"^(?:仍|已|现|目前)?(?:为|是|系|成为|作为)$")  # B仍为A控股子公司
IS_UNIT_OF_AFTER = re.compile(f"^的?{SUBSIDIARY}")
# 称孙公司B, 1、控股子公司B: no parent named right before it
SUBSIDIARY_BEFORE = re.compile(f"(?:^|[，,：:、；;]|称|其|即)\\s*(?:\\d{{1,2}}[、.．])?{SUBSIDIARY}$")
OWN_COMPANY = re.compile(f"(?:本公司|本集团)的?{SUBSIDIARY}$")
STAKE_GAP = re.compile(r"^(?:的)?参股(?:的|公司|企业|子公司)?$")  # A参股公司B, A参股的B
SHAREHOLDER_GAP = re.compile(r"^(?:已|将|拟|正式|成功)?(?:成为|入股|持股|持有)$")
SHAREHOLDER_AFTER = re.compile(r"^(?:的)?[^，。；]{0,12}?(?:股东|股权|股份)")
OF_GAP = re.compile(r"^的$")  # Cordis的Conor Medsystems
# a stated investment list: 被投企业包括A、B; 培育孵化了A、B
PORTFOLIO_BEFORE = re.compile(r"(?:被投企业|被投资企业|已投企业|投资案例|投资项目|投资组合|培育孵化了?|投资了)"
                              r"(?:包括|有|涵盖|如)?[:：]?$")
# a fund's backers: 主要出资者包括A、B; 有限合伙人为A
BACKERS_BEFORE = re.compile(r"(?:出资者|出资人|出资方|有限合伙人|LP|基石投资者)(?:主要)?(?:包括|为|是|有|涵盖)?[:：]?$")
SUBSCRIBES = re.compile(r"(?:认缴|认购|出资设立|增资)$")  # A、B拟分别出资…认缴F
SUBSCRIBERS_FROM = re.compile(r"(?:其中|包括)[:：]")
FUND_ANAPHOR = re.compile(r"(?:该|此|本)([\u4e00-\u9fff]{0,2}基金)")  # 该基金, 该母基金
FUND_SOURCE = {"Fund", "GovernmentAgency", "Program", "Company"}
INVESTOR_TYPES = {"Company", "Fund"}
# a round named: A宣布完成B轮融资, A(以下简称…)于近日获得…融资
ROUND_VERB = re.compile(ROUND_VERB_PATTERN)
RAISER_GAP = re.compile(r"^(?:[（(][^（）()]{0,40}[）)]|[”\"」》’）)])*"
                        f"(?:{'|'.join(RAISER_GAP_WORDS)}|\\d{{1,2}}月\\d{{1,2}}日)*$")
ROUND_OF = re.compile(r"^的[^，。；]{0,10}?融资")  # A的C轮融资由…
# a sentence about the round named before: 本轮融资由…, 此次融资引入…
ROUND_REFERENCE = re.compile(r"(?:本|此|该|这|上述)(?:轮|次)(?:融资|投资)|[A-Z]\+?轮融资|天使轮|融资由")
ROUND_ITEM = re.compile(r"融资(?:项目|企业|方)(?:是|为)[:：]?[^，。；]{0,16}$")  # 融资项目是：医院管理机构“A”
# who takes part in a round: 由A领投，B、C跟投，老股东D追加投资; 新投资者包括E
INVESTOR_CLAUSE = re.compile(r"领投|跟投|参投|联合投资|共同投资|独家投资|追加投资|追投|投资者|投资方|投资人|投资机构"
                             r"|出资|注资|股东|共同参与|参与(?:了)?(?:本轮|此轮|本次|投资|其中|融资)|参与$")
SOURCE_AFTER = re.compile(r"^(?:APP|app)?(?:资料|数据|信息|统计)?(?:显示|报道|获悉|消息)")
CLAUSE_END = re.compile(r"[，,；;。：:]")
# 近年来，A… / 其中，A… / 仪式上，A… / 本次论坛开启了新进程：A…
CLAUSE_INTRO = re.compile(r"^(?:[^，,；;。：:]{0,12}[，,]|[^；;。：:]*[：:])?$")
OMITTED_SUBJECT = re.compile(r"(?:^|[，,])(?:并|还|同时|另外|另|也|又|则|将|拟|已|正|计划|进一步)*(与|同|和)"
                             f"{UNNAMED_ITEM}{{0,2}}$")
# a sentence that goes on with the subject of the one before (…合作；与B签署…; …；围绕X，与C合作)
CONTINUES = re.compile(r"^(?:与|同|和|并|还|同时|另|此外|围绕|依托|聚焦|通过|结合|以|在)")
BOTH_PARTIES = re.compile(r"双方|两方")
ALL_PARTIES = re.compile(r"三方|四方|各方")

PART_OF_TYPES = {
    "Hospital": {"Hospital", "Company"},  # a campus of a hospital; a hospital of a healthcare group (旗下医院)
    "University": {"University"},
    "ResearchInstitute": {"ResearchInstitute", "University", "Company", "Hospital"},
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


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # noqa: PLC0415 - loaded once, on the first document

    return OpenCC("t2s")


@dataclass(frozen=True)
class _T2sKeys:
    """What a piece of text must hold for OpenCC's t2s dictionaries to change it: a one-character key, or the
    first two characters of a longer one."""
    characters: frozenset[str]
    starts: frozenset[str]  # first characters of the longer keys
    prefixes: frozenset[str]  # their first two characters

    def may_change(self, piece: str) -> bool:
        if not self.characters.isdisjoint(piece):
            return True
        if self.starts.isdisjoint(piece):
            return False
        return any(piece[i:i + 2] in self.prefixes for i in range(len(piece) - 1))


@lru_cache(maxsize=1)
def _t2s_keys() -> _T2sKeys:
    keys = [key for name in ("TSPhrases.txt", "TSCharacters.txt") for key in opencc_dictionary(name)]
    return _T2sKeys(frozenset(k for k in keys if len(k) == 1), frozenset(k[0] for k in keys if len(k) > 1),
                    frozenset(k[:2] for k in keys if len(k) > 1))


def _t2s_convert(text: str) -> str:
    """OpenCC's t2s conversion of ``text``, the same string: OpenCC converts each piece between its separators on
    its own, so only the pieces that hold the start of one of its keys are given to it (a few percent of a
    simplified text's; converting all of it was ~5% of extraction, in pure Python)."""
    converter, keys = _t2s(), _t2s_keys()
    parts = converter.split_chars_re.split(text)
    for i in range(0, len(parts), 2):  # odd parts are the separators
        if parts[i] and keys.may_change(parts[i]):
            parts[i] = converter.convert(parts[i])
    return "".join(parts)


def simplified(text: str) -> str:
    """``text`` in simplified characters, offset for offset (領投 reads as 领投)."""
    out = _t2s_convert(text)
    if len(out) == len(text):
        return out
    return "".join(ch if len(c := _t2s().convert(ch)) != 1 else c for ch in text)


def _lists(text: str, base: int, ms: list[M]) -> list[list[M]]:
    """Runs of mentions joined only by list separators (A、B和C等)."""
    runs: list[list[M]] = []
    for m in ms:
        if runs:
            gap = text[runs[-1][-1].end - base:m.start - base]
            # A与B，C与D: a comma before a new pair ends the list
            new_pair = gap in ("，", ",") and re.match(r"^(与|和|同)", text[m.end - base:])
            if LIST_SEPARATORS.match(gap) and not new_pair:
                runs[-1].append(m)
                continue
        runs.append([m])
    return runs


def _clause_after(tail: str) -> str:
    """Where a trigger after a list may stand: 40 characters, or on to the end of a longer clause."""
    tail = re.split("[。；;]", tail, maxsplit=1)[0]
    end = re.search("[，,]", tail)
    return tail[:max(40, min(end.start() if end else len(tail), 100))]


def _pairs(left: list[M], right: list[M], rule: str, confidence: float, planned: bool) -> list[Candidate]:
    return [Candidate(a.entity, b.entity, "COOPERATES_WITH", rule, confidence, planned) for a in left for b in right]


def _within(run: list[M], rule: str, confidence: float, planned: bool) -> list[Candidate]:
    return [Candidate(a.entity, b.entity, "COOPERATES_WITH", rule, confidence, planned)
            for i, a in enumerate(run) for b in run[i + 1:]]


def continues(text: str) -> bool:
    """Whether a sentence opens without a subject of its own, going on with the one before."""
    return bool(CONTINUES.match(text))


def subject(text: str, base: int, ms: list[M]) -> list[M] | None:
    """The list of organisations a sentence opens with (after a short intro such as 其中，)."""
    runs = _lists(text, base, sorted(ms, key=lambda m: m.start))
    if runs and CLAUSE_INTRO.match(text[:runs[0][0].start - base]):
        return runs[0]
    return None


def sentence_relations(text: str, base: int, ms: list[M], carried: list[M] | None = None,
                       own: M | None = None, last_fund: Callable[[str], M | None] = lambda head: None
                       ) -> list[Candidate]:
    """Candidates stated by one sentence ``text`` starting at document offset ``base``.

    ``carried`` is the subject of the sentence before when this one continues it (…合作；与B签署…);
    ``own`` is the firm a filing speaks for (本公司); ``last_fund(head)`` the fund named last before
    the sentence whose name has ``head`` (基金, 母基金), which 该基金 / 该母基金 refers to."""
    out: list[Candidate] = []
    ms = sorted(ms, key=lambda m: m.start)
    runs = _lists(text, base, ms)
    for a, b in zip(ms, ms[1:]):
        gap = text[a.end - base:b.start - base]
        if OF_GAP.match(gap):  # Cordis的Conor Medsystems: a named unit of a named parent
            out.append(Candidate(b.entity, a.entity, "PART_OF", "of_parent", 0.7))
        elif PARENT_OF_GAP.match(gap):  # 强生旗下Cordis, A的控股子公司B
            out.append(Candidate(b.entity, a.entity, "PART_OF", "subsidiary", 0.85))
        elif STAKE_GAP.match(gap):  # A参股公司B
            out.append(Candidate(a.entity, b.entity, "FUNDS", "equity_stake", 0.8))
    for left, right in zip(runs, runs[1:]):
        gap = text[left[-1].end - base:right[0].start - base]
        tail = text[right[-1].end - base:]
        after = _clause_after(tail)
        if OF_GAP.match(gap) or PARENT_OF_GAP.match(gap) or STAKE_GAP.match(gap):
            continue
        if IS_UNIT_OF_GAP.match(gap) and IS_UNIT_OF_AFTER.match(tail):
            out += [Candidate(a.entity, right[0].entity, "PART_OF", "subsidiary", 0.85) for a in left]
            continue
        if SHAREHOLDER_GAP.match(gap) and SHAREHOLDER_AFTER.match(tail):
            out += [Candidate(a.entity, right[0].entity, "FUNDS", "equity_stake", 0.8, intended(gap))
                    for a in left]
            continue
        if "，" in gap or "。" in gap or "," in gap:
            continue
        trigger = COOP_TRIGGER.search(after)
        # only what stands between the partners and the cooperation says it is intended (拟, 将…)
        planned = intended(gap + re.split("[，。；,]", tail, maxsplit=1)[0])
        if WITH_GAP.match(gap) and trigger and "会同" not in gap:
            out += _pairs(left, right, "with_cooperate", 0.9, planned)
            if ALL_PARTIES.search(after):
                out += _within(right, "all_parties", 0.8, planned)
        elif JOINT_GAP.match(gap):
            rule = "relies_on" if re.search("依托|背靠", gap) else "jointly"
            out += _pairs(left, right, rule, 0.85, planned)
        elif PAIR_GAP.match(gap) and len(left) == len(right) == 1 and PAIR_AFTER.match(tail):
            out += _pairs(left, right, "paired_names", 0.8, planned)
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
        elif BRINGS_IN_GAP.match(gap) and BRINGS_IN_AFTER.match(tail):
            out += [Candidate(b.entity, a.entity, "FUNDS", "brings_in_investor", 0.8, planned)
                    for a in left[-1:] for b in right]
        elif INVESTED_IN_GAP.match(gap) and INVESTED_IN_AFTER.match(tail):
            out += [Candidate(a.entity, b.entity, "FUNDS", "invests_in", 0.8) for a in left for b in right]
        elif INVEST_GAP.match(gap):
            for a in left:
                out += [Candidate(a.entity, b.entity, "FUNDS", "invests_in", 0.8) for b in right]
    opening = subject(text, base, ms)
    for n, run in enumerate(runs):
        lead = text[:run[0].start - base]
        after = _clause_after(text[run[-1].end - base:])
        # A牵头成立D，联合B、C共同推进…: a clause opening with 联合 continues the sentence's subject
        if opening and run is not opening and re.search(r"[，,](?:并|还|同时)?(联合|携手|联手)$", lead):
            out += _pairs(opening, run, "clause_jointly", 0.7,
                          intended(re.split("[，,；;]", lead)[-1] + _clause_at(text, run[0].start - base, run[-1].end - base)))
        # A作为…，与B携手…; …；与B、C签署协议，三方…: the partner of an omitted subject
        partner_of = opening or (carried if continues(text) else None)
        if run is not opening and partner_of and OMITTED_SUBJECT.search(lead) and COOP_TRIGGER.search(after):
            # intended when 拟/将… stands in the clause that names the partner
            planned = intended(re.split("[，,；;]", lead)[-1] + after)
            out += _pairs(partner_of, run, "continued_subject", 0.75, planned)
            if ALL_PARTIES.search(after):
                out += _within(run, "all_parties", 0.75, planned)
        # A和B共同/合作…; A、B拟与其他投资人共同设立X; A、B、C三方签署…: one list naming the partners
        if len(run) >= 2:
            joins = "".join(text[x.end - base:y.start - base] for x, y in zip(run, run[1:]))
            rest = text[run[-1].end - base:]
            if (("和" in joins or "与" in joins) and LIST_COOPERATES.match(rest)) \
                    or CO_FOUNDERS_AFTER.match(rest) or PARTIES_COOPERATE.match(rest):
                out += _within(run, "jointly", 0.8,
                               intended(_clause_at(text, run[0].start - base, run[-1].end - base)))
        # 称孙公司B…: the parent is the firm named last before; 本公司控股子公司B: the filing's own firm
        named_before = text[runs[n - 1][-1].end - base:run[0].start - base] if n > 0 else None
        if (SUBSIDIARY_BEFORE.search(lead) or OWN_COMPANY.search(lead)) \
                and not (named_before and PARENT_OF_GAP.match(named_before)):
            parent = None
            if own is not None and (OWN_COMPANY.search(lead) or n == 0):
                parent = own
            else:  # the firm the clause before is about (A发布公告，称孙公司B…)
                parent = next((x for x in reversed(ms) if x.end <= run[0].start and x.type == "Company"), None)
            if parent is not None:
                out += [Candidate(b.entity, parent.entity, "PART_OF", "subsidiary", 0.75) for b in run]
        # 被投企业包括A、B / 主要出资者包括A、B
        if PORTFOLIO_BEFORE.search(lead):
            # the fund 该基金 refers to, else the investor the sentence is about, else the one named last
            anaphor = FUND_ANAPHOR.search(lead)
            if anaphor:
                funder = last_fund(anaphor.group(1))
            elif opening and run is not opening and opening[0].type in INVESTOR_TYPES:
                funder = opening[0]
            else:
                funder = next((x for x in reversed(ms) if x.end <= run[0].start and x.type in INVESTOR_TYPES), None)
            if funder is not None:
                out += [Candidate(funder.entity, b.entity, "FUNDS", "portfolio", 0.75) for b in run]
        if BACKERS_BEFORE.search(lead):
            fund = next((x for x in reversed(ms) if x.end <= run[0].start and x.type == "Fund"), None)
            anaphor = FUND_ANAPHOR.search(lead)
            if fund is None and anaphor:
                fund = last_fund(anaphor.group(1))
            if fund is not None:
                out += [Candidate(b.entity, fund.entity, "FUNDS", "fund_backer", 0.8) for b in run]
    # A、B拟分别出资…认缴F: the subscribers named before the verb fund F
    for f in ms:
        if f.type == "Fund" and SUBSCRIBES.search(text[:f.start - base]):
            start = 0
            for m in SUBSCRIBERS_FROM.finditer(text[:f.start - base]):
                start = m.end()
            subscribers = [x for x in ms if start <= x.start - base and x.end <= f.start
                           and x.type in INVESTOR_TYPES and x.entity != f.entity]
            planned = bool(subscribers) and intended(text[subscribers[0].end - base:f.start - base])
            out += [Candidate(x.entity, f.entity, "FUNDS", "subscribes", 0.8, planned) for x in subscribers]
    return out


def both_parties(text: str, base: int, ms: list[M], before: list[M]) -> list[Candidate]:
    """双方在…合作: the two organisations named last, in this sentence before 双方 or in the one before."""
    m = BOTH_PARTIES.search(text)
    if not m or not COOP_TRIGGER.search(text[m.end():]):
        return []
    named = [x for x in ms if x.end - base <= m.start()] or before
    entities = list(dict.fromkeys(x.entity for x in named))
    if len(entities) != 2:
        return []
    kinds = {x.entity: x.type for x in named}
    if not all(kinds[e] in ORG_TYPES for e in entities):
        return []
    return [Candidate(entities[0], entities[1], "COOPERATES_WITH", "both_parties", 0.7,
                      intended(_clause_at(text, m.start(), m.end())))]


def financing_round(text: str, base: int, ms: list[M]) -> M | None:
    """The organisation a sentence says raised a round (X完成10亿元C轮融资), if any."""
    firms = [x for x in sorted(ms, key=lambda m: m.start) if x.type in ("Company", "ResearchInstitute", "Hospital")]
    for x in firms:
        rest = text[x.end - base:]
        if ROUND_OF.match(rest):
            return x
        verb = ROUND_VERB.search(rest)
        if verb and RAISER_GAP.match(rest[:verb.start()]) and not any(
                y.start >= x.end and y.end - base <= x.end - base + verb.start() and y.entity != x.entity
                for y in ms):
            return x
        if ROUND_ITEM.search(text[:x.start - base]):
            return x
    return None


def round_investors(text: str, base: int, ms: list[M], raiser: M) -> list[Candidate]:
    """Investors of a round: every firm or fund a clause names with 领投, 跟投, 参与, 投资者…"""
    out = []
    start = 0
    for end in [m.start() for m in CLAUSE_END.finditer(text)] + [len(text)]:
        clause = text[start:end]
        if INVESTOR_CLAUSE.search(clause):
            for m in ms:
                if not (start <= m.start - base and m.end - base <= end) or m.entity == raiser.entity:
                    continue
                if m.type not in INVESTOR_TYPES or SOURCE_AFTER.match(text[m.end - base:]):
                    continue
                if re.search(r"据$", text[:m.start - base]):
                    continue
                out.append(Candidate(m.entity, raiser.entity, "FUNDS", "round_investor", 0.85,
                                     intended(clause)))
        start = end + 1
    return out


NAMED_SUB_FUND = re.compile(r"[^等]{4,}子基金")  # 集成电路子基金, not 批子基金 or 智能制造等子基金


def sub_funds(text: str, ms: list[M], names: dict[str, str]) -> list[tuple[M, M]]:
    """(mother fund, sub-fund) pairs: after a document names a 母基金 and its 子基金, each named fund
    set up (设立X), introduced at a clause's start, or itself called 子基金, is one it backs."""
    first_sub = text.find("子基金")
    if first_sub < 0:
        return []
    out = []
    mother: M | None = None
    for m in sorted(ms, key=lambda m: m.start):
        if m.type != "Fund":
            continue
        if "母基金" in names[m.entity] and "子基金" not in names[m.entity]:
            mother = m
            continue
        if mother is None or m.start < first_sub or m.entity == mother.entity:
            continue
        # the form written here decides (各个专项子基金 names no fund), so the evidence is the sentence naming it
        before, written = text[max(0, m.start - 6):m.start], text[m.start:m.end]
        if written.endswith("子基金") and not NAMED_SUB_FUND.fullmatch(written):
            continue
        if written.endswith("子基金") or re.search(r"(?:设立|组建|成立|发起的|发起设立)$", before) \
                or re.search(r"(?:^|[。；;\n]|其中[，,])\s*$", before):
            out.append((mother, m))
    return out


def prefixed_units(forms: dict[str, set[str]], types: dict[str, str], type_of: Callable[[str], str | None]
                   ) -> list[tuple[str, str]]:
    """(unit, parent) for organisations whose name opens with another one's name or short form
    as the document writes it: 上海医药中央研究院 → 上海医药, 上海市一松江南院 → 上海市一."""
    out = []
    for child, child_forms in forms.items():
        best: tuple[int, str] | None = None
        for parent, parent_forms in forms.items():
            if parent == child:
                continue
            for f in parent_forms:
                if len(f) < 2 or not child.startswith(f) or (best and len(f) <= best[0]):
                    continue
                rest = child[len(f):].removeprefix("之")
                if len(rest) < 3 or not re.match(r"[\u4e00-\u9fff]", rest) or NO_UNIT_START.match(rest) \
                        or _legal_form(rest):
                    continue
                regional = bool(REGIONAL_UNIT.search(rest)) or child[len(f):].startswith("之")
                if not regional and (type_of(rest) is None or types[child] in ("Fund", "Platform")
                                     or (types[child] == "Company" and not f.endswith("集团"))):
                    continue  # a firm is a unit of a group (扬子江药业集团上海海尼药业), not of a look-alike name
                best = (len(f), parent)
        if best and check("PART_OF", types[child], types[best[1]]) is None:
            out.append((child, best[1]))
    return out


NO_UNIT_START = re.compile(r"附属|各|相关|有关|会同|和|与|及|等|的")  # 附属 is affiliation; the rest no unit
REGIONAL_OFFICE = re.compile(r"^(.{2,12}?)(?:大中华区|中国区|亚太区)$")


def regional_office_of(name: str) -> str | None:
    """The firm a regional office's name opens with (美敦力大中华区 → 美敦力)."""
    m = REGIONAL_OFFICE.match(name)
    return m.group(1) if m else None


REGIONAL_UNIT = re.compile(r"(?:大中华区|中国区|亚太区|中国公司|[东南西北]院|院区|分院|分中心|分公司)$")


def _legal_form(rest: str) -> bool:
    while rest:
        for form in LEGAL_FORMS:
            if rest.startswith(form):
                rest = rest[len(form):]
                break
        else:
            return False
    return True


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
    elif rel_type == "LOCATED_IN":
        if source_type not in ORG_TYPES or target_type != "Region":
            return f"LOCATED_IN goes organisation → Region, not {source_type} → {target_type}"
    elif rel_type == "PART_OF":
        if target_type not in PART_OF_TYPES.get(source_type, set()):
            return f"PART_OF cannot join a {source_type} to a {target_type}"
    return None


TASK_NUMBER = re.compile(r"^[ \t\u3000]*(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[（(][一二三四五六七八九十]{1,3}[）)]"
                         r"|[一二三四五六七八九十]{1,3}[、.．])[ \t\u3000]*(?=\S)", re.M)
UNIT_LABEL = r"(?:责任单位|牵头单位|责任部门|牵头部门|责任主体|配合单位|配合部门|参与单位|协办单位)"
# （责任单位：A、B）, 牵头单位：A；配合单位：B — every unit listed
LABELLED_UNITS = re.compile(f"(?:[（(]|^|。)\\s*{UNIT_LABEL}[:：]"
                            r"((?:[^（）()\n。]|[（(][^（）()\n]{0,8}[）)]){2,300})[）)]?", re.M)
# （A、B负责。列第一位者为牵头部门）, such a list cut off where the page ends, and A、B负责。 as a sentence
LISTED_UNITS = re.compile(r"[（(]([^（）()\n。：:]{2,300}?)(?:负责[。）)；;，,]|$)"
                          r"|(?:^|(?<=[。；;]))[ \t\u3000]*([^（）()\n。：:，,；;]{2,100}?)负责[。；;]", re.M)
# 由A牵头，B、C等单位配合 (由 may be left out when A opens the clause)
LEAD_AND_SUPPORT = re.compile(r"(?:由|(?<=[，,。；;：:\n（(]))([^，,。；;由（(]{2,60}?)牵头(?:负责)?[，,]\s*([^，,。；）)]{2,200}?)"
                              r"(?:共同)?(?:配合|协同|协助|参与)")
PURPOSE = re.compile(r"(?:^|[。；\n])\s*为了?([^，,。；\n]{4,40})[，,]")
# a task table: | 序号 | 主要任务 | 责任单位 |
TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
TASK_COLUMN = re.compile(r"任务|措施|事项|工作内容|内容")
GENERIC_UNIT = re.compile(r"^(相关|各|其他|有关)|(?:有关|相关|各|其他)(?:部门|单位|委办局|机构)")  # 市有关部门
CLAUSE = re.compile(r"[^，,。；;：:\n]+")


@dataclass
class Task:
    """A task of a plan and the units named responsible for it."""

    title: str  # the task's first clause
    start: int
    end: int
    aliases: list[str]  # its numbered form and first sentence
    units: list[tuple[str, int, int]]  # (unit, start, end)
    evidence: tuple[int, int]  # where the units are named


def _units(body: str, base: int, is_unit: Callable[[str], bool]) -> list[tuple[str, int, int]]:
    out = []
    for item in re.finditer(r"[^、，,；;：:\s]+", body):
        unit, start = re.sub(r"[（(][^（）()]*[）)]", "", item.group()), base + item.start()
        label = re.match(f"^{UNIT_LABEL}", unit)
        unit = re.sub(r"等.*$", "", unit[label.end():] if label else unit)
        if len(unit) < 2 or GENERIC_UNIT.search(unit) or not is_unit(unit):
            continue
        if label:
            start += label.end()
        out.append((unit, start, start + len(unit)))
    return out


def _heading(text: str, m: re.Match) -> tuple[str, int, int, list[str]]:
    """A numbered heading's first clause, its offsets and its other forms."""
    clause = CLAUSE.match(text, m.end())
    title = clause.group().strip() if clause else ""
    sentence = re.match(r"[^。\n]+", text[m.end():])
    first = sentence.group().strip() if sentence else title
    number = text[m.start():m.end()].lstrip()
    aliases = sorted({number + title, first, number + first} - {title})
    return title, m.end(), m.end() + len(title), aliases


def _cells(row: re.Match) -> list[tuple[str, int]]:
    """A table row's cells with their offsets in the text."""
    out, pos = [], row.start(1)
    for cell in row.group(1).split("|"):
        out.append((cell.strip(), pos + len(cell) - len(cell.lstrip())))
        pos += len(cell) + 1
    return out


def _table_tasks(text: str) -> list[Task]:
    """Tasks of a table whose header names a task column and a unit column (| 主要任务 | 责任单位 |)."""
    out: list[Task] = []
    columns: tuple[int, list[int]] | None = None  # (task column, unit columns) of the table being read
    last_end = -1
    for row in TABLE_ROW.finditer(text):
        if row.start() > last_end + 1:
            columns = None  # a line that is no row ends the table
        last_end = row.end()
        cells = _cells(row)
        units_at = [i for i, (c, _) in enumerate(cells) if re.fullmatch(f"{UNIT_LABEL}|责任处室", c)]
        if units_at:
            task_at = next((i for i, (c, _) in enumerate(cells) if TASK_COLUMN.search(c)), None)
            columns = (task_at, units_at) if task_at is not None else None
            continue
        if columns is None or re.fullmatch(r"[-:\s|]*", row.group(1)) or len(cells) <= max(columns[1]):
            continue
        task, start = cells[columns[0]]
        clause = CLAUSE.match(task)
        if not clause:
            continue
        title = clause.group().strip()
        units = [u for i in columns[1] for u in _units(cells[i][0], cells[i][1], lambda unit: True)]
        if title and units:
            first = re.match(r"[^。]+", task).group()
            out.append(Task(title, start, start + len(title), sorted({first} - {title}), units,
                            (row.start(), row.end())))
    return out


def tasks(text: str, is_unit: Callable[[str], bool] = lambda unit: True) -> list[Task]:
    """Numbered tasks of a plan (or the aim of a reply) and the units responsible for each.

    A labelled list (责任单位：…) names units outright; the unlabelled formats (A、B负责; 由A牵头，B配合)
    keep only what ``is_unit`` accepts as an agency."""
    heads = list(TASK_NUMBER.finditer(text))
    starts = [h.start() for h in heads]

    def nearest(pos: int) -> tuple[str, int, int, list[str]] | None:
        i = bisect_right(starts, pos) - 1  # the task is the nearest heading before the list
        return _heading(text, heads[i]) if i >= 0 else None

    def paragraph(pos: int) -> tuple[str, int, int, list[str]] | None:
        """Without a numbered heading, the first clause of the paragraph that names the units."""
        clause = CLAUSE.match(text, text.rfind("\n", 0, pos) + 1)
        if not clause or clause.end() > pos or not clause.group().strip():
            return None
        start = clause.start() + len(clause.group()) - len(clause.group().lstrip())
        title = clause.group().strip()
        return title, start, start + len(title), []

    out = _table_tasks(text)
    for m in LABELLED_UNITS.finditer(text):
        head = nearest(m.start()) or paragraph(m.start())
        if head and head[0]:
            out.append(Task(*head, _units(m.group(1), m.start(1), lambda unit: True), (m.start(), m.end())))
    for m in LISTED_UNITS.finditer(text):
        group = 1 if m.group(1) is not None else 2
        body = m.group(group)
        if re.match(f"\\s*{UNIT_LABEL}", body):
            continue
        units = _units(body, m.start(group), is_unit)
        complete = m.group().endswith(("负责。", "负责）", "负责)", "负责；", "负责;", "负责，", "负责,"))
        # a list cut off by the page's end, or standing as a sentence, counts only when every item is a unit
        if not units or ((not complete or group == 2) and len(units) < len(re.split("[、，,和及]", body))):
            continue
        head = nearest(m.start()) or paragraph(m.start())
        if head and head[0]:
            out.append(Task(*head, units, (m.start(), m.end())))
    for m in LEAD_AND_SUPPORT.finditer(text):
        units = _units(m.group(1), m.start(1), is_unit) + _units(m.group(2), m.start(2), is_unit)
        if not units:
            continue
        sentence_start = max(text.rfind(p, 0, m.start()) for p in "。\n") + 1
        purpose = PURPOSE.search(text, sentence_start - 1 if sentence_start else 0, m.start())
        head = nearest(m.start())
        action = CLAUSE.match(text, m.end() + 1)
        aliases = [x for x in (head[0] if head else None, action.group().strip() if action else None) if x]
        if purpose:
            title = purpose.group(1)
            out.append(Task(title, purpose.start(1), purpose.end(1), aliases, units, (m.start(), m.end())))
        elif head and head[0]:
            out.append(Task(head[0], head[1], head[2], head[3] + aliases[1:], units, (m.start(), m.end())))
        elif action and action.group().strip():  # no aim, no heading: what the units are to do
            title = action.group().strip()
            start = action.start() + action.group().index(title)
            out.append(Task(title, start, start + len(title), [], units, (m.start(), m.end())))
    return out
