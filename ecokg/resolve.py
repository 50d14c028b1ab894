"""Cross-document entity resolution: one node per organisation.

Pure functions over :class:`~ecokg.records.Document` records. Every surface form of an
entity is normalised (NFKC, traditional → simplified, 上海市 prefix) and, when it is only
meaningful inside a district (区科经委, 人民医院), qualified by the document's district;
entities of one type that share a normalised form are one organisation (union-find).
A cluster's key is derived from its fullest name, so the same corpus always gives the
same ids. District-relative forms in a document with no known district cannot be
resolved: they stay per-document nodes flagged ``ambiguous`` (keyed by the document's content).
Documents are told apart by :attr:`~ecokg.records.Document.graph_id`, so two files with one
name, or one content, in two folders are two documents.

A name no organisation has (longer than its type allows, a piece written twice: :func:`is_plausible_name`)
is dropped, and an implausible alias links nothing, so a run of junk text cannot re-key other documents.

Curation (:class:`Curation`) is applied first: rejected names are dropped, retyped
names change type, merged names share a cluster, split names never link clusters."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ecokg.records import Document, Entity

_MARKS = str.maketrans("", "", "“”‘’\"'「」《》〈〉『』 \t\r\n\u3000")
# The longest name of each type that is still plausible: about 1.5 times the longest in the annotated corpus
# (../shared/eval gold). A longer "name" is a run of text the recogniser swallowed, say a line without
# punctuation, and as a form it would link, and so re-key, every organisation whose name it contains.
MAX_NAME_CHARS = {"Person": 8, "Region": 16, "University": 24, "Product": 30, "Hospital": 32, "Company": 40,
                  "Fund": 40, "GovernmentAgency": 40, "ResearchInstitute": 48, "Platform": 48, "Event": 48,
                  "Program": 80, "Task": 120}
DEFAULT_MAX_NAME_CHARS = 48
# A piece of four or more characters written twice (上海交通大学上海交通大学): a repeated line, not a name.
_REPEATED_PIECE = re.compile(r"(.{4,}).*\1", re.S)
_RELATIVE_HOSPITAL = re.compile(r"^(第[一二三四五六七八九十]+)?(人民|中心|中医|中西医结合|妇幼保健|精神卫生|牙病防治|传染病|老年)(医院|院)$")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC  # noqa: PLC0415 - loaded once, only when resolving

    return OpenCC("t2s")


@lru_cache(maxsize=262144)
def normalize(form: str) -> str:
    """NFKC, simplified characters, no spaces or quote marks, no 上海市 prefix before a long name."""
    text = _t2s().convert(unicodedata.normalize("NFKC", form)).translate(_MARKS)
    for prefix in ("上海市", "上海"):
        if text.startswith(prefix) and len(text) - len(prefix) >= 4 and not text.startswith("上海市级"):
            text = text[len(prefix):]
            break
    return text


def is_plausible_name(form: str, entity_type: str) -> bool:
    """Whether ``form`` can name an entity of ``entity_type``: not longer than the type's bound, no line break,
    no piece written twice."""
    return (0 < len(form) <= MAX_NAME_CHARS.get(entity_type, DEFAULT_MAX_NAME_CHARS) and "\n" not in form
            and not _REPEATED_PIECE.search(form))


def is_relative(form: str) -> bool:
    """Whether a form names an organisation only within a district (区科经委, 人民医院)."""
    return (form.startswith("区") and not form.startswith("区域")) or bool(_RELATIVE_HOSPITAL.match(form))


@dataclass
class Curation:
    """An analyst's decisions, applied on every build (see ``curation.yaml``)."""

    merge: list[list[str]] = field(default_factory=list)
    split: list[list[str]] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    retype: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolution:
    """What resolution decided for one document: entity id → key, ambiguous ids, dropped ids."""

    keys: dict[str, str]
    ambiguous: set[str]
    dropped: set[str]


def _forms(entity: Entity) -> set[str]:
    """The entity's plausible forms: an implausible alias or mention links nothing."""
    return {form for form in (entity.name, *entity.aliases, *(m.text for m in entity.mentions))
            if is_plausible_name(form, entity.type)}


def _qualified(form: str, district: str | None, doc_id: str) -> tuple[str, bool]:
    """The resolution key of one form, and whether it had to stay document-local."""
    norm = normalize(form)
    if is_relative(norm):
        return (f"{district}|{norm}", False) if district else (f"{doc_id}|{norm}", True)
    return norm, False


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple, tuple] = {}

    def find(self, x: tuple) -> tuple:
        parent = self.parent.setdefault(x, x)
        while parent != self.parent[parent]:
            self.parent[parent] = self.parent[self.parent[parent]]
            parent = self.parent[parent]
        self.parent[x] = parent
        return parent

    def union(self, a: tuple, b: tuple) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(documents: Iterable[Document], curation: Curation | None = None) -> dict[str, Resolution]:
    """Resolve the entities of ``documents`` together; returns a :class:`Resolution` per document ``graph_id``.

    Only the given documents take part: pass only documents that will load, or a document that
    fails can re-key the entities of others."""
    curation = curation or Curation()
    rejected = {normalize(n) for n in curation.reject}
    retype = {normalize(k): v for k, v in curation.retype.items()}
    unlinkable = {normalize(n) for pair in curation.split for n in pair}
    docs = list(documents)
    uf = _UnionFind()
    entity_type: dict[tuple[str, str], str] = {}
    local: dict[tuple[str, str], bool] = {}
    dropped: dict[str, set[str]] = defaultdict(set)
    names: dict[tuple, list[str]] = defaultdict(list)
    for doc in docs:
        doc_id = doc.graph_id
        for entity in doc.entities:
            forms = _forms(entity)
            if entity.name not in forms or {normalize(f) for f in forms} & rejected:
                dropped[doc_id].add(entity.id)
                continue
            etype = retype.get(normalize(entity.name), entity.type)
            node = ("entity", doc_id, entity.id)
            entity_type[(doc_id, entity.id)] = etype
            uf.find(node)
            all_local = True
            for form in forms:
                key, is_local = _qualified(form, doc.district, doc.id)
                all_local &= is_local
                if normalize(form) in unlinkable:
                    continue
                uf.union(node, ("form", etype, key))
            local[(doc_id, entity.id)] = all_local
    for group in curation.merge:
        heads = [("form", t, normalize(n)) for n in group for t in set(entity_type.values())]
        present = [h for h in heads if h in uf.parent]
        for a, b in zip(present, present[1:]):
            if a[1] == b[1]:
                uf.union(a, b)
    for doc in docs:
        doc_id = doc.graph_id
        for entity in doc.entities:
            if entity.id in dropped[doc_id]:
                continue
            names[uf.find(("entity", doc_id, entity.id))].append(entity.name)
    # the fullest name of each cluster, ties broken by the smallest text: independent of order
    canonical_of = {root: min(set(group), key=lambda n: (-len(normalize(n)), normalize(n)))
                    for root, group in names.items()}
    out: dict[str, Resolution] = {}
    for doc in docs:
        doc_id = doc.graph_id
        keys, ambiguous = {}, set()
        for entity in doc.entities:
            if entity.id in dropped[doc_id]:
                continue
            etype = entity_type[(doc_id, entity.id)]
            root = uf.find(("entity", doc_id, entity.id))
            canonical = canonical_of[root]
            if local[(doc_id, entity.id)]:
                keys[entity.id] = f"{etype}:{doc.id[:12]}:{normalize(canonical)}"
                ambiguous.add(entity.id)
            else:
                keys[entity.id] = f"{etype}:{_qualified(canonical, doc.district, doc.id)[0]}"
        out[doc_id] = Resolution(keys, ambiguous, dropped[doc_id])
    return out


def apply(doc: Document, resolution: Resolution, curation: Curation | None = None) -> Document:
    """A copy of ``doc`` with keys, ambiguity and curation applied (dropped entities and their relations removed,
    implausible aliases and mentions too: they would become aliases of the entity shared with other documents)."""
    retype = {normalize(k): v for k, v in (curation.retype if curation else {}).items()}
    entities = [e.model_copy(update={"key": resolution.keys[e.id], "ambiguous": e.id in resolution.ambiguous,
                                     "type": retype.get(normalize(e.name), e.type),
                                     "aliases": [a for a in e.aliases if is_plausible_name(a, e.type)],
                                     "mentions": [m for m in e.mentions if is_plausible_name(m.text, e.type)]})
                for e in doc.entities if e.id not in resolution.dropped]
    relations = [r for r in doc.relations if r.source not in resolution.dropped and r.target not in resolution.dropped]
    return doc.model_copy(update={"entities": entities, "relations": relations})


def duplicate_candidates(nodes: list[dict], edges: list[dict], threshold: float = 0.6) -> list[dict]:
    """Pairs of same-type organisations that may be one: similar names or shared partners, best first.

    Names are blocked by type and by any shared two-character piece, so this stays near-linear
    on large graphs instead of comparing every pair."""
    from difflib import SequenceMatcher  # noqa: PLC0415

    neighbours: dict[str, set[str]] = defaultdict(set)
    hierarchy: set[tuple[str, str]] = set()  # a unit and its parent are known to differ
    for edge in edges:
        neighbours[edge["source"]].add(edge["target"])
        neighbours[edge["target"]].add(edge["source"])
        if edge.get("type") in ("PART_OF", "AFFILIATED_WITH"):
            hierarchy.add(tuple(sorted((edge["source"], edge["target"]))))
    blocks: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for node in nodes:
        name = normalize(node["name"])
        for i in range(len(name) - 1):
            blocks[(node["type"], name[i:i + 2])].append(node)
    scored: dict[tuple[str, str], dict] = {}
    for members in blocks.values():
        if len(members) > 200:
            continue  # a piece every name shares (医院) says nothing
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = tuple(sorted((a["id"], b["id"])))
                if a["id"] == b["id"] or pair in scored or pair in hierarchy:
                    continue
                na, nb = normalize(a["name"]), normalize(b["name"])
                similarity = SequenceMatcher(None, na, nb).ratio()
                shared = neighbours[a["id"]] & neighbours[b["id"]]
                union = neighbours[a["id"]] | neighbours[b["id"]]
                overlap = len(shared) / len(union) if union else 0.0
                contained = na in nb or nb in na
                score = max(similarity, 0.9 if contained else 0.0) * 0.7 + overlap * 0.3
                if score >= threshold:
                    why = ", ".join(filter(None, ["one name contains the other" if contained else "",
                                                  f"name similarity {similarity:.2f}",
                                                  f"{len(shared)} shared partners" if shared else ""]))
                    scored[pair] = {"a": a["name"], "b": b["name"], "a_id": a["id"], "b_id": b["id"],
                                    "type": a["type"], "score": round(score, 3), "why": why}
    return sorted(scored.values(), key=lambda p: -p["score"])
