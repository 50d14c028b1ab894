"""One name resolver for the API, ``/ask`` and the CLI: what a reader types → the entities it names.

``NameIndex.build(rows)`` takes every entity's (id, name, aliases, type) once per graph load and derives the
forms a reader writes for each name: the name folded (full/half width, traditional characters, quotation marks,
case, spaces), the prefixes a reader drops (上海市/上海/市, the district, 区, the parent institute or university a
hospital belongs to) or shortens (上海市X → 市X, 浦东新区X → 区X and 浦东X) and the standard short forms (人民政府→政府, 委员会→委, 中国科学院→中科院, 研究所→所,
交通大学→交大, 复旦大学→复旦 …). Every form costs what it took to derive it; a query is folded and shortened by
the same neutral rules (never by dropping a prefix: a district the reader wrote must match), and the entities
whose forms meet the query's at the lowest total cost are the answer. Only when no form meets, near matches
(one edit on names of four or more characters) are tried.

``find_mentions`` finds the entity names inside a question with one Aho–Corasick automaton over all forms,
longest match first. Everything here is pure: no database, no I/O.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

QUOTES = "“”‘’\"'「」『』《》〈〉【】"
_QUOTE_TABLE = str.maketrans("", "", QUOTES)
# Shanghai's districts as written in full; a reader drops them ("科技和经济委员会") or keeps their short form ("浦东").
DISTRICTS = ("浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区",
             "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区")
# Neutral rewrites, applied to names and queries alike: (long form, short form). Order matters: 委员会→委 first so
# the committee abbreviations below see it.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("人民政府", "政府"),
    ("委员会", "委"),
)
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("中国科学院", "中科院"),
    ("研究所", "所"),
    ("交通大学", "交大"),
    ("复旦大学", "复旦"),
    ("同济大学", "同济"),
    ("华东师范大学", "华东师大"),
    ("华东理工大学", "华理"),
    ("科学技术委", "科委"),
    ("科技和经济委", "科经委"),
    ("经济和信息化委", "经信委"),
    ("发展和改革委", "发改委"),
    ("卫生健康委", "卫健委"),
)
# Prefixes a reader drops from a name (never from a query): the city, the district, the parent of a unit.
_DROPPED_PREFIXES = (
    re.compile(r"^上海市?"),
    re.compile(r"^上海(?=市)"),  # 上海市卫生健康委员会 → 市卫生健康委员会 (市卫健委)
    re.compile(r"^市"),
    re.compile("^(?:" + "|".join(DISTRICTS) + ")"),
    re.compile(r"^区"),
    re.compile(r"^中国科学院"),
    re.compile(r"^.{2,8}?大学(?:医学院)?附属"),
)
_DISTRICT_SHORT = re.compile("^(" + "|".join(d[:2] for d in DISTRICTS) + ")(?:新区|区)")
# A district's own bodies as its documents write them: 浦东新区科技和经济委员会 → 区科技和经济委员会 (区科经委).
_DISTRICT_AS_QU = re.compile("^(?:" + "|".join(DISTRICTS) + ")")

MIN_DERIVED = 3  # a derived form shorter than this names too much (政府, 医院); abbreviations of 2 (复旦, 交大) pass
MAX_FORMS = 64  # per name: the closure of the rewrites stays small
NEAR_MIN_LENGTH = 4  # near matches only for names this long: one edit in three characters is another name
ALIAS_COST = 1  # a name beats another entity's alias
SHORT_FORM_COST = 1
ABBREVIATION_COST = 2
DROPPED_PREFIX_COST = 2
MAX_SUGGESTIONS = 5


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def fold(text: str) -> str:
    """Full/half width (NFKC), simplified characters, no quotation marks, lower case, no spaces (pure)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_TABLE)
    return _t2s().convert("".join(text.split())).lower()


def fold_question(text: str) -> str:
    """As :func:`fold`, but a space between two Latin words stays (English questions keep their words)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_TABLE)
    words = text.split()
    out = words[:1]
    for word in words[1:]:
        out.append((" " if _latin(out[-1][-1]) and _latin(word[0]) else "") + word)
    return _t2s().convert("".join(out)).lower()


def _rewrites(form: str, rules: tuple[tuple[str, str], ...], cost: int, kind: str) -> Iterable[tuple[str, int, str]]:
    for long, short in rules:
        if long in form:
            yield form.replace(long, short), cost, kind


def _dropped(form: str) -> Iterable[tuple[str, int, str]]:
    for prefix in _DROPPED_PREFIXES:
        rest = prefix.sub("", form, count=1)
        if rest != form:
            yield rest, DROPPED_PREFIX_COST, "variant"
    short = _DISTRICT_SHORT.sub(r"\1", form, count=1)
    if short != form:
        yield short, DROPPED_PREFIX_COST, "variant"
    relative = _DISTRICT_AS_QU.sub("区", form, count=1)
    if relative != form:
        yield relative, DROPPED_PREFIX_COST, "variant"


@dataclass(frozen=True)
class Form:
    """A way of writing a name: what it costs to derive and whether a standard abbreviation was used."""

    text: str
    cost: int
    how: str  # exact | variant | abbreviation


def _combine(how: str, other: str) -> str:
    order = ("exact", "variant", "abbreviation")
    return max(how, other, key=order.index)


def derived_forms(name: str, drop_prefixes: bool = True) -> dict[str, Form]:
    """Every form of an (already folded) name within the rewrite closure, cheapest derivation each (pure).

    ``drop_prefixes`` is off for queries: a reader who writes the district means that district.
    """
    best = {name: Form(name, 0, "exact")}
    frontier = [best[name]]
    while frontier and len(best) < MAX_FORMS:
        current = frontier.pop(0)
        steps = [*_rewrites(current.text, SHORT_FORMS, SHORT_FORM_COST, "variant"),
                 *_rewrites(current.text, ABBREVIATIONS, ABBREVIATION_COST, "abbreviation")]
        if drop_prefixes:
            steps += _dropped(current.text)
        for text, cost, how in steps:
            abbreviated = how == "abbreviation"
            if len(text) < (2 if abbreviated else MIN_DERIVED):
                continue
            form = Form(text, current.cost + cost, _combine(current.how, how))
            if text not in best or best[text].cost > form.cost:
                best[text] = form
                frontier.append(form)
    return best


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """An entity one form of a name points to, at the cost of that form."""

    id: str
    cost: int
    how: str


@dataclass(frozen=True)
class Resolution:
    """What a reference resolved to: the entity ids at the best cost (one: resolved; several: ambiguous; none:
    unknown), how they matched (id | exact | variant | abbreviation | near) and the form that matched."""

    query: str
    ids: tuple[str, ...]
    how: str | None = None
    matched: str | None = None

    @property
    def unique(self) -> str | None:
        return self.ids[0] if len(self.ids) == 1 else None


@dataclass(frozen=True)
class Mention:
    """An entity name found in a (folded) question: its span there and what it resolves to."""

    start: int
    end: int
    surface: str
    resolution: Resolution


@dataclass
class NameIndex:
    """Every form of every name and alias → the entities it names; built once per graph load."""

    entries: dict[str, Entry]
    forms: dict[str, list[Candidate]]
    automaton: ahocorasick.Automaton | None = field(repr=False, default=None)
    _near_choices: list[str] = field(repr=False, default_factory=list)
    _written: list[tuple[str, str]] = field(repr=False, default_factory=list)  # (folded name or alias, id)

    @classmethod
    def build(cls, rows: Iterable[dict]) -> NameIndex:
        """From rows with ``id``, ``name``, ``aliases`` and ``type`` (as ``cypher/entity_names.cypher`` returns)."""
        entries: dict[str, Entry] = {}
        forms: dict[str, dict[str, Candidate]] = {}
        for row in rows:
            entry = Entry(row["id"], row.get("name") or row["id"], row.get("type") or "",
                          tuple(a for a in row.get("aliases") or () if a))
            entries[entry.id] = entry
            written = [(entry.name, 0), *((alias, ALIAS_COST) for alias in entry.aliases)]
            for text, extra in written:
                folded = fold(text)
                if not folded:
                    continue
                for form in derived_forms(folded).values():
                    candidate = Candidate(entry.id, form.cost + extra, form.how)
                    known = forms.setdefault(form.text, {})
                    if entry.id not in known or known[entry.id].cost > candidate.cost:
                        known[entry.id] = candidate
        index = cls(entries, {text: list(found.values()) for text, found in forms.items()})
        index._written = [(fold(text), entry.id) for entry in entries.values() for text in (entry.name, *entry.aliases)]
        index.automaton = index._make_automaton()
        index._near_choices = [text for text in index.forms if len(text) >= NEAR_MIN_LENGTH - 1]
        return index

    def _make_automaton(self) -> ahocorasick.Automaton | None:
        if not self.forms:
            return None
        automaton = ahocorasick.Automaton()
        for text in self.forms:
            automaton.add_word(text, text)
        automaton.make_automaton()
        return automaton

    # ------------------------------------------------------------------ resolving one reference

    def resolve(self, text: str, types: Iterable[str] | None = None) -> Resolution:
        """The entities ``text`` names: an id, else the cheapest forms of names and aliases, else a near match."""
        wanted = set(types) if types is not None else None
        query = text.strip()
        entry = self.entries.get(query)
        if entry is not None and (wanted is None or entry.type in wanted):
            return Resolution(text, (entry.id,), "id", entry.id)
        folded = fold(query)
        if not folded:
            return Resolution(text, ())
        best: dict[str, tuple[int, str, str]] = {}
        for form in derived_forms(folded, drop_prefixes=False).values():
            for candidate in self._candidates(form.text, wanted):
                score = (candidate.cost + form.cost, _combine(candidate.how, form.how), form.text)
                if candidate.id not in best or best[candidate.id][0] > score[0]:
                    best[candidate.id] = score
        if best:
            cheapest = min(score[0] for score in best.values())
            ids = tuple(sorted(i for i, score in best.items() if score[0] == cheapest))
            _, how, matched = best[ids[0]]
            return Resolution(text, ids, how, matched)
        return self._partial(text, folded, wanted) or self._near(text, folded, wanted)

    def _partial(self, text: str, folded: str, wanted: set[str] | None) -> Resolution | None:
        """A piece of one name: the part a reader keeps of a long firm name (嘉和生物 of 嘉和生物药业, 海思盖德 of
        a name the document wrote with its description). Names and aliases as written only, four characters or
        more; several entities holding it → all of them (ambiguous)."""
        if len(folded) < NEAR_MIN_LENGTH:
            return None
        ids = sorted({entry_id for written, entry_id in self._written if folded in written
                      and (wanted is None or self.entries[entry_id].type in wanted)})
        return Resolution(text, tuple(ids), "partial", None) if ids else None

    def _candidates(self, form: str, wanted: set[str] | None) -> list[Candidate]:
        return [c for c in self.forms.get(form, ()) if wanted is None or self.entries[c.id].type in wanted]

    def _near(self, text: str, folded: str, wanted: set[str] | None) -> Resolution:
        """One edit away (a typo) from exactly one entity's forms; not when the query holds a whole known name,
        as in 复旦大学医学院: that is a unit nobody recorded, not a typo for 复旦大学药学院."""
        if len(folded) < NEAR_MIN_LENGTH or self._holds_known_name(folded):
            return Resolution(text, ())
        found = process.extract(folded, self._near_choices, scorer=Levenshtein.distance, score_cutoff=1, limit=20)
        ids = sorted({c.id for form, _, _ in found for c in self._candidates(form, wanted)})
        if len(ids) == 1:
            return Resolution(text, tuple(ids), "near", found[0][0])
        if ids:
            return Resolution(text, tuple(ids), "near", None)
        return Resolution(text, ())

    def _holds_known_name(self, folded: str) -> bool:
        if self.automaton is None:
            return False
        return any(len(value) >= NEAR_MIN_LENGTH and len(value) < len(folded)
                   for _, value in self.automaton.iter(folded))

    def suggestions(self, text: str, types: Iterable[str] | None = None, n: int = MAX_SUGGESTIONS) -> list[Entry]:
        """Up to ``n`` entities whose names look most like ``text`` (for a 404), best first."""
        wanted = set(types) if types is not None else None
        folded = fold(text.rsplit(":", 1)[-1])  # an id's name part: 'Hospital:东方医院' → 东方医院
        if not folded or not self.forms:
            return []
        scored: dict[str, float] = {}
        for form, score, _ in process.extract(folded, list(self.forms), scorer=fuzz.ratio, score_cutoff=40,
                                              limit=50):
            for candidate in self._candidates(form, wanted):
                scored[candidate.id] = max(scored.get(candidate.id, 0.0), score - candidate.cost)
        ranked = sorted(scored, key=lambda i: (-scored[i], i))
        return [self.entries[i] for i in ranked[:n]]

    # ------------------------------------------------------------------ names inside a question

    def find_mentions(self, question: str) -> list[Mention]:
        """Entity names in an already folded question (:func:`fold_question`), longest match first, left to right.

        A Latin form counts only as a whole word (``who`` in an English question is no mention of WHO's alias
        inside another word)."""
        if self.automaton is None:
            return []
        found = []
        for end, form in self.automaton.iter_long(question):
            start = end - len(form) + 1
            if _latin(form[0]) and start > 0 and _latin(question[start - 1]):
                continue
            if _latin(form[-1]) and end + 1 < len(question) and _latin(question[end + 1]):
                continue
            found.append(Mention(start, end + 1, form, self._form_resolution(form)))
        return found

    def _form_resolution(self, form: str) -> Resolution:
        candidates = self.forms[form]
        cheapest = min(c.cost for c in candidates)
        best = sorted((c for c in candidates if c.cost == cheapest), key=lambda c: c.id)
        return Resolution(form, tuple(c.id for c in best), best[0].how, form)
