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


@lru_cache(maxsize=262144)  # asked of every form of every entity, twice per build: names recur across documents
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
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent.setdefault(x, x)
        while parent != self.parent[parent]:
            self.parent[parent] = self.parent[self.parent[parent]]
            parent = self.parent[parent]
        self.parent[x] = parent
        return parent

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class EntityNode:
    """One entity of one document as resolution sees it: what it is called and the forms it links through."""

    graph_id: str
    entity_id: str
    type: str  # after curation's retype
    name: str
    forms: tuple[str, ...]  # form ids (``<type>|<key>``); entities sharing one are one organisation
    local: bool  # every form is district-relative and the document names no district: it stays per document
    district: str | None
    content_id: str  # the document's content hash (keys of document-local entities)

    @property
    def ref(self) -> tuple[str, str]:
        return self.graph_id, self.entity_id


@dataclass(frozen=True)
class PreparedCuration:
    """A :class:`Curation` normalised once for :func:`entity_nodes` and :func:`link`."""

    rejected: frozenset[str]
    retype: dict[str, str]
    unlinkable: frozenset[str]
    merge: tuple[tuple[str, ...], ...]  # each group's normalised names

    @classmethod
    def of(cls, curation: Curation | None) -> PreparedCuration:
        curation = curation or Curation()
        return cls(frozenset(normalize(n) for n in curation.reject),
                   {normalize(k): v for k, v in curation.retype.items()},
                   frozenset(normalize(n) for pair in curation.split for n in pair),
                   tuple(tuple(normalize(n) for n in group) for group in curation.merge))

    def merged_forms(self, entity_type: str) -> list[list[str]]:
        """The form ids an analyst declared one organisation, group by group, for entities of ``entity_type``."""
        return [[f"{entity_type}|{name}" for name in group] for group in self.merge]


def entity_nodes(doc: Document, curation: PreparedCuration) -> tuple[list[EntityNode], set[str]]:
    """The document's entities as resolution nodes, and the ids of those dropped (no plausible name, rejected)."""
    nodes, dropped = [], set()
    for entity in doc.entities:
        forms = _forms(entity)
        if entity.name not in forms or {normalize(f) for f in forms} & curation.rejected:
            dropped.add(entity.id)
            continue
        etype = curation.retype.get(normalize(entity.name), entity.type)
        links, all_local = [], True
        for form in sorted(forms):
            key, is_local = _qualified(form, doc.district, doc.id)
            all_local &= is_local
            if normalize(form) not in curation.unlinkable:
                links.append(f"{etype}|{key}")
        nodes.append(EntityNode(doc.graph_id, entity.id, etype, entity.name, tuple(dict.fromkeys(links)), all_local,
                                doc.district, doc.id))
    return nodes, dropped


def link(nodes: Iterable[EntityNode], curation: PreparedCuration) -> dict[tuple[str, str], str]:
    """The cluster of every node: nodes sharing a form, or forms an analyst merged, are one. A cluster is named
    by the smallest form id in it, so the same nodes always give the same clusters."""
    nodes = list(nodes)
    uf = _UnionFind()
    for node in nodes:
        for form in node.forms:
            uf.union(f"f{form}", f"f{node.forms[0]}")
    for entity_type in {node.type for node in nodes}:
        for group in curation.merged_forms(entity_type):
            present = [f"f{form}" for form in group if f"f{form}" in uf.parent]
            for other in present[1:]:
                uf.union(present[0], other)
    # a node without forms (all unlinkable) is a cluster of its own
    return {node.ref: uf.find(f"f{node.forms[0]}")[1:] if node.forms else f"~{node.graph_id}|{node.entity_id}"
            for node in nodes}


def node_keys(nodes: Iterable[EntityNode], clusters: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Each node's key, from the fullest name of its cluster (ties: the smallest text, so independent of order)."""
    nodes = list(nodes)
    names: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        names[clusters[node.ref]].add(node.name)
    canonical_of = {cluster: min(group, key=lambda n: (-len(normalize(n)), normalize(n)))
                    for cluster, group in names.items()}
    keys = {}
    for node in nodes:
        canonical = canonical_of[clusters[node.ref]]
        if node.local:
            keys[node.ref] = f"{node.type}:{node.content_id[:12]}:{normalize(canonical)}"
        else:
            keys[node.ref] = f"{node.type}:{_qualified(canonical, node.district, node.content_id)[0]}"
    return keys


@dataclass(frozen=True)
class ResolvedNodes:
    """A resolution's working: every document's nodes, their clusters and keys, and each document's dropped ids
    (what the resolution state stores, so a whole build need not resolve twice)."""

    nodes: list[EntityNode]
    clusters: dict[tuple[str, str], str]
    keys: dict[tuple[str, str], str]
    dropped: dict[str, set[str]]  # by graph id, every document's (empty when none)

    def resolutions(self) -> dict[str, Resolution]:
        """A :class:`Resolution` per document ``graph_id``."""
        out = {graph_id: Resolution({}, set(), dropped) for graph_id, dropped in self.dropped.items()}
        for node in self.nodes:
            out[node.graph_id].keys[node.entity_id] = self.keys[node.ref]
            if node.local:
                out[node.graph_id].ambiguous.add(node.entity_id)
        return out


def resolve_nodes(documents: Iterable[Document], curation: Curation | None = None) -> ResolvedNodes:
    """Resolve the entities of ``documents`` together (see :func:`resolve`), keeping the working."""
    prepared = PreparedCuration.of(curation)
    nodes: list[EntityNode] = []
    dropped: dict[str, set[str]] = {}
    for doc in documents:
        doc_nodes, dropped[doc.graph_id] = entity_nodes(doc, prepared)
        nodes += doc_nodes
    clusters = link(nodes, prepared)
    return ResolvedNodes(nodes, clusters, node_keys(nodes, clusters), dropped)


def resolve(documents: Iterable[Document], curation: Curation | None = None) -> dict[str, Resolution]:
    """Resolve the entities of ``documents`` together; returns a :class:`Resolution` per document ``graph_id``.

    Only the given documents take part: pass only documents that will load, or a document that
    fails can re-key the entities of others."""
    return resolve_nodes(documents, curation).resolutions()


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
