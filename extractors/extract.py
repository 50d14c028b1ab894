"""Documents in, records out: read → clean → metadata → spaCy → entities → relations.

``extract_text`` is pure given the pipeline; ``extract_paths`` streams files and reports
each failure by name without stopping the batch."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from ecokg.errors import EcokgError
from ecokg.records import RELATION_TYPES, Document, Entity, Evidence, Mention, Rejection, Relation
from extractors import relations as R
from extractors.clean import clean_text
from extractors.components import SPANS_KEY, doc_text, type_of
from extractors.lexicon import COMPOUND_CONTINUATIONS, opencc_dictionary
from extractors.entities import Found, Org, embedded_parents, fund_name, group
from extractors.meta import extract_meta
from extractors.version import EXTRACTOR_VERSION
from extractors.regions import find_regions, located_in
from extractors.readers import iter_paths, iter_text_chunks, read_file

CHUNK_CHARS = 50_000
_FUND_PAIR = re.compile(r"([\u4e00-\u9fff]{2,8}?)母、子基金")
_LATIN = re.compile(r"[A-Za-z0-9]")
_NUMBER_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,8}?)(?:办理|复|函|发|字)?〔")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# 復旦大學附屬中山醫院與上海交通大學簽署合作協議 is 43 % traditional-only characters,
# a simplified line naming a traditional brand (举办“春昇杯”医学创新人才大赛…) 1 %
TRADITIONAL_SHARE = 0.1


@dataclass
class Extraction:
    document: Document
    rejected: list[Rejection]


@dataclass
class Failure:
    path: Path
    reason: str


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters no simplified text writes: OpenCC converts them (復, 學, 蓋) and neither its
    traditional→simplified nor its simplified→traditional table gives them as a simplified form
    (覆, 乾, 於 and 著 are written in simplified text too)."""
    to_simplified, to_traditional = opencc_dictionary("TSCharacters.txt"), opencc_dictionary("STCharacters.txt")
    simplified_forms = {c for forms in to_simplified.values() for c in forms} | set(to_traditional)
    return frozenset(c for c in to_simplified if len(c) == 1 and c not in simplified_forms)


def simplified_reading(text: str) -> str:
    """``text`` as recognition reads it: each line written in traditional characters (at least
    ``TRADITIONAL_SHARE`` of its Chinese characters are traditional-only) in simplified ones, the
    rest as it is. The suffix rules, the segmenter's lexicon and the gazetteer are simplified.
    The conversion is one character for one, so offsets into the reading are offsets into ``text``;
    a simplified text is returned itself."""
    traditional = _traditional_only()
    if traditional.isdisjoint(text):  # a set, not a regex: a 4,000-character class is ten times slower
        return text
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        han = len(_HAN.findall(line))
        if han and sum(c in traditional for c in line) >= TRADITIONAL_SHARE * han:
            lines[i] = R.simplified(line)
    return "".join(lines)


def _recognise(nlp: Language, text: str) -> tuple[list[Found], list[tuple[int, int]]]:
    found: list[Found] = []
    sentences: list[tuple[int, int]] = []
    # pieces go through the pipeline one at a time: memory stays bounded on very long texts
    for chunk in iter_text_chunks(text, CHUNK_CHARS):
        base, doc = chunk.start, nlp(chunk.text)
        # a component that drops or adds white space changes doc.text: offsets go back to the chunk's
        text = doc_text(doc)
        at = _offsets_in(chunk.text, text) if text != chunk.text else range(len(chunk.text) + 1)
        for sent in doc.sents:
            s, e = at[sent.start_char], at[sent.end_char]
            while s < e and chunk.text[s].isspace():
                s += 1
            while e > s and chunk.text[e - 1].isspace():
                e -= 1
            if e > s:
                sentences.append((base + s, base + e))
        spans = sorted(doc.spans.get(SPANS_KEY, []), key=lambda s: (s.start, -s.end))
        reach, reach_range = -1, (-1, -1)  # the furthest end of the spans seen so far
        for span in spans:
            nested = span.end <= reach and (span.start, span.end) != reach_range
            if nested and not _embedded_firm(span, doc):
                continue  # nested names come back as embedded parents of their outer name
            if span.end > reach:
                reach, reach_range = span.end, (span.start, span.end)
            start, end = base + at[span.start_char], base + at[span.end_char]
            found.append(Found(start, end, span.text, span.label_, span.kb_id_ or None))
    for m in _FUND_PAIR.finditer(text):  # 浦东科创母、子基金 names two funds
        head = m.group(1)
        found.append(Found(m.start(), m.end(), m.group(0), "Fund", head + "母基金"))
        found.append(Found(m.start(), m.end(), m.group(0), "Fund", head + "子基金"))
    return _dedupe(found), sentences


def _offsets_in(source: str, changed: str) -> list[int]:
    """For each offset of ``changed`` (``source`` with white space dropped or added), the offset in ``source``."""
    out, i = [], 0
    for ch in changed:
        while i < len(source) and source[i] != ch and source[i].isspace():
            i += 1
        out.append(i)
        if i < len(source) and source[i] == ch:
            i += 1
    out.append(i)
    return out


def _embedded_firm(span, doc) -> bool:
    """A known or firm-like name opening a longer one (君实生物 in 君实生物创新药产业基地)."""
    follows = doc[span.end].text if span.end < len(doc) else ""
    return span.label_ == "Company" and follows not in COMPOUND_CONTINUATIONS


def _dedupe(found: list[Found]) -> list[Found]:
    seen: set[tuple[int, int, str | None]] = set()
    out = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        key = (f.start, f.end, f.canonical or f.text)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _every_mention(text: str, orgs: list[Org], ids: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """(start, end, entity id, type) of every place the text writes a recognised organisation's name
    or form, also where the recogniser did not mark it (其中：复毓晟健…认缴): the relation rules see them all."""
    out = sorted((s, e, ids[o.name], o.type) for o in orgs for s, e, _ in o.mentions)
    covered = bytearray(len(text) + 1)
    for s, e, _, _ in out:
        covered[s:e] = b"\x01" * (e - s)
    forms = sorted(((f, ids[o.name], o.type) for o in orgs for f in o.forms | {o.name} if len(f) >= 3),
                   key=lambda x: -len(x[0]))
    for form, eid, etype in forms:
        for m in re.finditer(re.escape(form), text):
            s, e = m.span()
            # a Latin name is a whole word: CPE is not in CPEX
            if any(covered[s:e]) or (form[0].isascii() and _LATIN.match(text[s - 1:s])) \
                    or (form[-1].isascii() and _LATIN.match(text[e:e + 1])):
                continue
            covered[s:e] = b"\x01" * (e - s)
            out.append((s, e, eid, etype))
    return sorted(out)


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect_right(sentences, (pos, float("inf"))) - 1
    if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
        return sentences[i]
    return pos, pos


def extract_text(nlp: Language, text: str, *, doc: str, doc_id: str, path: str = "") -> Extraction:
    """Entities and relations of one cleaned document text. Traditional-script lines are read in
    simplified characters; names are the simplified forms, mentions, aliases and evidence are
    written as the document writes them."""
    read = simplified_reading(text)
    meta = extract_meta(read)
    found, sentences = _recognise(nlp, read)
    orgs = group(found, meta.district)
    by_name: dict[str, Org] = {o.name: o for o in orgs}
    form_to_name = {f: o.name for o in orgs for f in o.forms}

    # issuer's abbreviation from the document number (浦科经委办理〔2025〕54号 → 浦科经委)
    if meta.number and meta.issuer:
        m = _NUMBER_PREFIX.match(meta.number)
        issuer = by_name.get(form_to_name.get(meta.issuer, meta.issuer))
        if m and issuer is not None:
            issuer.forms.add(m.group(1))

    entities: list[Entity] = []
    ids: dict[str, str] = {}
    for org in orgs:
        eid = f"e{len(entities) + 1}"
        ids[org.name] = eid
        aliases = set(org.forms) - {org.name}
        if org.type == "Fund":
            for s, _, t in org.mentions:
                alias = fund_name(read, t, s)
                if alias:
                    aliases |= {alias, _as_written(text, read, alias)}
        entities.append(Entity(id=eid, name=org.name, type=org.type, aliases=sorted(aliases),
                               mentions=[Mention(start=s, end=e, text=t) for s, e, t in sorted(set(org.mentions))]))
    types = {ids[o.name]: o.type for o in orgs}

    candidates: list[tuple[R.Candidate, tuple[int, int]]] = []
    # relations stated by names: 复旦大学附属儿科医院 → 复旦大学, 仁济医院宝山分院 → 仁济医院
    for org in orgs:
        for relation, parent in org.parents:
            if parent in ids:
                s = org.mentions[0][0]
                candidates.append((R.Candidate(ids[org.name], ids[parent], relation, "name_structure", 0.95),
                                   _sentence_of(sentences, s)))
    # relations stated by sentences, read in simplified characters
    rule_text = R.simplified(read)
    mention_index = _every_mention(read, orgs, ids)
    # places standing alone (浦东新区, 张江科学城) and the organisations the text places there
    covered = bytearray(len(text) + 1)
    for m_s, m_e, _, _ in mention_index:
        covered[m_s:m_e] = b"\x01" * (m_e - m_s)
    region_spans = find_regions(read, covered)
    region_ids: dict[str, str] = {}
    for r_s, r_e in region_spans:
        place = read[r_s:r_e]
        if place in form_to_name:
            continue
        rid = region_ids.get(place)
        if rid is None:
            rid = region_ids[place] = f"e{len(entities) + 1}"
            entities.append(Entity(id=rid, name=place, type="Region", mentions=[]))
            types[rid] = "Region"
        next(x for x in entities if x.id == rid).mentions.append(Mention(start=r_s, end=r_e, text=place))
    org_mentions = [(m_s, m_e, eid) for m_s, m_e, eid, et in mention_index]
    # LOCATED_IN is written once the record schema and the graph loader know the type
    for eid, (r_s, r_e), pos in located_in(read, region_spans, org_mentions) if "LOCATED_IN" in RELATION_TYPES else []:
        rid = region_ids.get(read[r_s:r_e])
        if rid:
            candidates.append((R.Candidate(eid, rid, "LOCATED_IN", "located_in", 0.8), _sentence_of(sentences, pos)))
    raiser: tuple[R.M, int] | None = None  # who raised the round the last sentences talk about
    starts = [m[0] for m in mention_index]
    own = None  # a filing's 本公司 is the firm it opens with
    if re.search("本公司|本集团", read):
        own = next((R.M(*m) for m in mention_index if m[3] == "Company"), None)
    carried: list[R.M] | None = None  # the subject a sentence ending in ； hands to the next
    before: list[R.M] = []
    mentioned: list[R.M] = []  # every mention of the sentences read so far
    names = {ids[o.name]: o.name for o in orgs}

    def last_fund(head: str) -> R.M | None:  # what 该基金 / 该母基金 refers to
        return next((m for m in reversed(mentioned) if m.type == "Fund" and head in names[m.entity]), None)

    for n, (s, e) in enumerate(sentences):
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        ms = [R.M(ms_, me_, eid, et) for ms_, me_, eid, et in mention_index[lo:hi] if me_ <= e]
        outer = [m for m in ms if not any(o != m and o.start <= m.start and m.end <= o.end for o in ms)]
        piece = rule_text[s:e]
        stated = R.sentence_relations(piece, s, outer, carried, own, last_fund)
        candidates += [(c, (s, e)) for c in stated + R.both_parties(piece, s, outer, before)]
        found_raiser = R.financing_round(piece, s, outer)
        if found_raiser:
            raiser = (found_raiser, n)
        if raiser and (n - raiser[1] <= 2 or R.ROUND_REFERENCE.search(piece)):
            for c in R.round_investors(piece, s, outer, raiser[0]):
                candidates.append((c, (s, e)))
        if piece.endswith(("；", ";")):
            carried = R.subject(piece, s, outer) or (carried if R.continues(piece) else None)
        else:
            carried = None
        before = outer
        mentioned += outer
    for mother, sub in R.sub_funds(rule_text, mentioned, names):
        candidates.append((R.Candidate(mother.entity, sub.entity, "FUNDS", "sub_fund", 0.75),
                           _sentence_of(sentences, sub.start)))
    # 上海医药中央研究院 → 上海医药: a unit named after its parent as the document writes it
    for child, parent in R.prefixed_units({o.name: o.forms | {o.name} for o in orgs}, {o.name: o.type for o in orgs},
                                          type_of):
        child_org = by_name[child]
        candidates.append((R.Candidate(ids[child], ids[parent], "PART_OF", "name_prefix", 0.8),
                           _sentence_of(sentences, child_org.mentions[0][0])))
    # 美敦力大中华区: a firm's regional office names the firm, an entity even where it is named nowhere else
    for org in orgs:
        head = R.regional_office_of(org.name) if org.type == "Company" else None
        if head and head not in form_to_name:
            start = org.mentions[0][0]
            eid = f"e{len(entities) + 1}"
            entities.append(Entity(id=eid, name=head, type="Company",
                                   mentions=[Mention(start=start, end=start + len(head), text=head)]))
            ids[head], types[eid], form_to_name[head] = eid, "Company", head
            candidates.append((R.Candidate(ids[org.name], eid, "PART_OF", "regional_office", 0.85),
                               _sentence_of(sentences, start)))
    # a stake held through a subsidiary: the parent funds the firm too
    parent_of = {c.source: c.target for c, _ in candidates if c.type == "PART_OF" and c.rule == "subsidiary"}
    for c, span in list(candidates):
        if c.type == "FUNDS" and c.rule == "equity_stake" and c.source in parent_of:
            candidates.append((R.Candidate(parent_of[c.source], c.target, "FUNDS", "stake_through_subsidiary", 0.7),
                               span))
    # tasks of a plan and the agencies responsible for them
    task_ids: dict[str, str] = {}

    def is_unit(unit: str) -> bool:  # an agency named in running text: known, or named like one (财政部)
        known = form_to_name.get(unit)
        return (by_name[known].type == "GovernmentAgency" if known else
                type_of(unit) == "GovernmentAgency" or bool(re.fullmatch(r"[\u4e00-\u9fff]{1,8}[部署]", unit)))

    for task in R.tasks(rule_text, is_unit):
        title, (ev_s, ev_e) = read[task.start:task.end], task.evidence
        tid = task_ids.get(title)
        if tid is None:
            tid = task_ids[title] = f"e{len(entities) + 1}"
            entities.append(Entity(id=tid, name=title, type="Task", aliases=task.aliases,
                                   mentions=[Mention(start=task.start, end=task.end, text=title)]))
            types[tid] = "Task"
        for unit, u_s, u_e in task.units:
            unit = read[u_s:u_e]
            name = form_to_name.get(unit)
            if name is None:
                utype = type_of(unit) or "GovernmentAgency"
                eid = f"e{len(entities) + 1}"
                entities.append(Entity(id=eid, name=unit, type=utype, mentions=[Mention(start=u_s, end=u_e, text=unit)]))
                ids[unit], types[eid], form_to_name[unit] = eid, utype, unit
                for pname, ptype, relation in embedded_parents(unit, utype):
                    if pname not in ids:
                        pid = f"e{len(entities) + 1}"
                        entities.append(Entity(id=pid, name=pname, type=ptype,
                                               mentions=[Mention(start=u_s, end=u_s + len(pname), text=pname)]))
                        ids[pname], types[pid], form_to_name[pname] = pid, ptype, pname
                    candidates.append((R.Candidate(eid, ids[pname], relation, "name_structure", 0.95), (ev_s, ev_e)))
                    break
                name = unit
            if types[ids[name]] == "Platform":  # a 中心 named responsible for a task is a public body
                types[ids[name]] = "GovernmentAgency"
                next(x for x in entities if x.id == ids[name]).type = "GovernmentAgency"
            candidates.append((R.Candidate(ids[name], tid, "RESPONSIBLE_FOR", "responsible_unit", 0.95), (ev_s, ev_e)))

    relations: list[Relation] = []
    rejected: list[Rejection] = []
    seen: set[tuple[str, str, str]] = set()
    names = {e.id: e.name for e in entities}
    for c, (s, e) in candidates:
        if c.source == c.target:
            continue
        key = (c.type, *sorted((c.source, c.target))) if c.type == "COOPERATES_WITH" else (c.type, c.source, c.target)
        if key in seen:
            continue
        seen.add(key)
        reason = R.check(c.type, types[c.source], types[c.target])
        if reason:
            rejected.append(Rejection(doc=doc, type=c.type, source=names[c.source], target=names[c.target],
                                      evidence=text[s:e], rule=c.rule, reason=reason))
            continue
        relations.append(Relation(source=c.source, target=c.target, type=c.type,
                                  evidence=Evidence(text=text[s:e], start=s, end=e), rule=c.rule,
                                  confidence=c.confidence, status="planned" if c.planned else "asserted"))
    if read is not text:
        for entity in entities:
            _in_written_characters(entity, text, read)
        meta.title, meta.issuer, meta.number = (_as_written(text, read, value)
                                                for value in (meta.title, meta.issuer, meta.number))
    document = Document(doc=doc, id=doc_id, path=path, title=meta.title, issuer=meta.issuer, number=meta.number,
                        date=meta.date, district=meta.district, text=text, extractor_version=EXTRACTOR_VERSION,
                        entities=entities, relations=relations)
    return Extraction(document, rejected)


def _in_written_characters(entity: Entity, text: str, read: str) -> None:
    """Mentions in the document's own characters, and those forms aliases of the simplified name:
    復旦大學 is 复旦大学 in the graph, as in the simplified documents."""
    for mention in entity.mentions:
        # a name made from another (美敦力 of 美敦力大中华区) is not what the text writes there
        if read[mention.start:mention.end] == mention.text:
            mention.text = text[mention.start:mention.end]
    entity.aliases = sorted(set(entity.aliases) | {m.text for m in entity.mentions} - {entity.name})


def _as_written(text: str, read: str, value: str | None) -> str | None:
    """A form found in the reading, in the characters the text writes at its first place."""
    at = read.find(value) if value else -1
    return text[at:at + len(value)] if at >= 0 else value


def extract_file(nlp: Language, path: Path) -> Extraction:
    raw = read_file(Path(path))
    cleaned = clean_text(raw.text)
    result = extract_text(nlp, cleaned.text, doc=raw.doc, doc_id=raw.id, path=str(path))
    for relation in result.document.relations:
        ev = relation.evidence
        ev.source_start, ev.source_end = cleaned.span_to_original(ev.start, ev.end)
    return result


def extract_paths(nlp: Language, paths: Iterable[Path]) -> Iterator[Extraction | Failure]:
    """Every readable file under ``paths`` extracted; unreadable ones reported, not fatal."""
    for path in iter_paths([Path(p) for p in paths]):
        try:
            yield extract_file(nlp, path)
        except EcokgError as exc:
            yield Failure(path, str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            yield Failure(path, f"extraction failed ({type(exc).__name__}: {exc}); please report this file")


@dataclass
class ExtractSummary:
    documents: int
    entities: int
    relations: int
    rejected: int
    failures: list[Failure]


def write_extractions(results: Iterable[Extraction | Failure], out, rejected_out=None) -> ExtractSummary:
    """Write one prediction-format JSON object per document (and rejections, if asked)."""
    summary = ExtractSummary(0, 0, 0, 0, [])
    for result in results:
        if isinstance(result, Failure):
            summary.failures.append(result)
            continue
        doc = result.document
        out.write(doc.model_dump_json() + "\n")
        summary.documents += 1
        summary.entities += len(doc.entities)
        summary.relations += len(doc.relations)
        summary.rejected += len(result.rejected)
        if rejected_out is not None:
            for rejection in result.rejected:
                rejected_out.write(rejection.model_dump_json() + "\n")
    return summary
