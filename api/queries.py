"""What the API reads from the graph, shaped into its response models; routes and ``/ask`` share these.

Every query is a ``cypher/api_*.cypher`` file run by a :class:`Reader`, which records each query behind an answer;
``/ask`` returns them beside its answer. What questions about one entity share — its links, the documents mentioning
it — is read once per graph version and held in the index (:meth:`Reader.link_rows`, :meth:`Reader.held_rows`); a
read-ahead (api/readahead.py) holds the most-linked entities' before anyone asks.
"""
from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import neo4j
from fastapi import Response
from fastapi.concurrency import run_in_threadpool
from opencc import OpenCC
from pydantic import BaseModel

from api import names
from api.cache import SharedAnswers
from api.errors import AmbiguousError, EntityNotFound, NotAnalyzed
from api.models import (
    Degree, DocumentDetail, DocumentPage, DocumentRef, DocumentsMentioning, EntityDetail, EntityRef, EvidenceItem,
    Fact, MentionedEntity, NameMatch, Partner, Partners, PathItem, Paths, PathStep, QueryRun, RankedEntity,
    RelationGroup, Relations, SearchHit, SearchPage, Span, Subgraph, TopEntities,
)
from ecokg.errors import NotFoundError, QueryError, QueryTimeoutError
from ecokg.records import ORG_TYPES, RELATION_TYPES
from graph import cypher, viz
from graph.query import query_error
from graph.store import Store

if TYPE_CHECKING:
    from api.readahead import ReadAhead

# Relations that make two organisations partners; PART_OF makes a unit, which `include_units` follows instead.
PARTNER_RELATIONS = ("COOPERATES_WITH", "AFFILIATED_WITH", "FUNDS")
# Links — (entity, relation type, direction, neighbour) groups — read for one relations or partners answer; past
# this the answer says `truncated`.
MAX_LINKS = 5000
EVIDENCE_PER_LINK = 10  # evidence items a link carries (its newest documents'); `statements` counts them all
MAX_PATH_ROWS = 500  # parallel relationships repeat a path once per document; distinct paths are kept
MATCH_KINDS = ("exact", "prefix", "contains")
PARTNERS_LIMIT = 100  # /partners and /ask answer the same question with the same page size
DOCUMENTS_LIMIT = 100  # documents listed as mentioning an entity
PATHS_LIMIT = 10
MAX_HOPS = 4
# the relation types paths go over (cypher/api_paths.cypher): not LOCATED_IN, which would join a district's every two
PATH_TYPES = frozenset(RELATION_TYPES) - {"LOCATED_IN"}


# Loaded with the module, not on first use: a burst of first requests would each load them (s2t: ~35 ms of
# held GIL apiece), stopping every request for most of a second.
TO_SIMPLIFIED, TO_TRADITIONAL = OpenCC("t2s"), OpenCC("s2t")


def forms(text: str) -> list[str]:
    """The text as typed (NFKC-normalised), in simplified and in traditional characters: the forms to look up."""
    base = " ".join(unicodedata.normalize("NFKC", text).split())
    variants = (base, TO_SIMPLIFIED.convert(base), TO_TRADITIONAL.convert(base))
    return list(dict.fromkeys(v for v in variants if v))


@dataclass
class Reader:
    """Runs named queries in read transactions and remembers the queries behind its answers; one per request."""

    store: Store
    # How old the index's version check may be (ECOKG_API_VERSION_CHECK_S); 0: ask the graph.
    version_max_age_s: float = 0.0
    # How old the documents' hashes behind the index may be when the change stamp has not moved
    # (ECOKG_API_CONTENT_CHECK_S); 0: read them at every check.
    content_max_age_s: float = 0.0
    # The answers of the server's other API processes (ECOKG_API_SHARED_ANSWERS), if it has several.
    shared: SharedAnswers | None = None
    # Run on each new version of the index this reader meets (the API's; None: none).
    read_ahead: ReadAhead | None = None
    # Per-entity reads from those the index holds; off for the warm-up, whose point is to run queries.
    use_held: bool = True
    # Told of every answer :meth:`respond` sends, with the index it is an answer of (api/fastpath.py).
    on_answer: Callable[[names.GraphIndex, bytes], None] | None = None
    ran: list[QueryRun] = field(default_factory=list)
    _index: names.GraphIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> names.GraphIndex:
        """The graph's in-process index (api/names.py), taken once per reader (one request)."""
        if self._index is None:
            self._index = names.graph_index(self.store, self.version_max_age_s, self.shared, self.content_max_age_s)
            if self.read_ahead is not None:
                self.read_ahead.hold(self, self._index)
        return self._index

    def index_is_current(self) -> bool:
        """Whether the index can be used without asking the graph (then taken for this reader)."""
        if self._index is None:
            self._index = names.current_index(self.store, self.version_max_age_s)
        return self._index is not None

    async def respond(self, endpoint: str, params: tuple, compute: Callable[[], BaseModel], share: bool = True,
                      in_memory: bool = False) -> Response:
        """:meth:`cached` from an async route: an answer this process holds for the current index is sent from the
        event loop, sparing the hop to a thread and back (a fifth of a request's time under 16 clients), and so is
        one ``in_memory`` computes from the index alone; checking the version, rebuilding the index, asking the
        graph or the other processes run in a thread."""
        if self.index_is_current():
            body = self._index.answers.stored((endpoint, params))
            if body is not None:
                return self._answered(Response(body, media_type="application/json"))
            if in_memory:
                return self._answered(self.cached(endpoint, params, compute, share))
        return self._answered(await run_in_threadpool(self.cached, endpoint, params, compute, share))

    def _answered(self, response: Response) -> Response:
        if self.on_answer is not None:
            self.on_answer(self.index, response.body)
        return response

    def cached(self, endpoint: str, params: tuple, compute: Callable[[], BaseModel], share: bool = True) -> Response:
        """``compute()``'s answer as the JSON response FastAPI would send, rendered once per graph version for the
        same endpoint and parameters: a cached answer is neither validated nor encoded again (under 16 clients
        that was most of a cached answer's time). ``share``: with the server's other API processes."""
        body = self.index.answers.answer((endpoint, params), lambda: compute().model_dump_json(by_alias=True).encode(),
                                         share=share)
        return Response(body, media_type="application/json")

    def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        query = cypher.load(name)
        self.ran.append(QueryRun(name=name, cypher=query, params=params))
        return self._run(query, params)

    def read_rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """:meth:`rows`, not recorded: a read no answer is made of."""
        return self._run(cypher.load(name), params)

    def held_rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """:meth:`rows`, read once per graph version and held by the index for every request (read only)."""
        if not self.use_held:
            return self.rows(name, **params)
        query = cypher.load(name)
        self.ran.append(QueryRun(name=name, cypher=query, params=params))
        return self.index.held.answer(_held_key(name, params), lambda: self._run(query, params), share=False)

    def link_rows(self, ids: list[str], types: list[str], direction: str, neighbor_types: list[str] | None,
                  exclude: list[str]) -> list[dict[str, Any]]:
        """``api_relations``' rows for these filters, recorded as that query, taken from each entity's links held
        for this graph version (one read per entity of every type both ways, :meth:`read_links`): questions about
        one entity share it. An entity with more links than one read holds (MAX_LINKS) is asked with the filters."""
        params = {"ids": ids, "types": types, "direction": direction, "neighbor_types": neighbor_types,
                  "exclude": exclude, "evidence_limit": EVIDENCE_PER_LINK, "limit": MAX_LINKS}
        if not self.use_held:
            return self.rows("api_relations", **params)
        held = [self.index.held.answer(("links", entity_id), lambda entity_id=entity_id: self.read_links(entity_id),
                                       share=False) for entity_id in ids]
        if any(links is None for links in held):
            return self.rows("api_relations", **params)
        self.ran.append(QueryRun(name="api_relations", cypher=cypher.load("api_relations"), params=params))
        wanted, excluded = set(types), set(exclude)
        neighbours = None if neighbor_types is None else set(neighbor_types)
        rows = [row for links in held for row in links
                if row["type"] in wanted and row["id"] not in excluded
                and (neighbours is None or row["neighbor_type"] in neighbours)
                and (direction == "both" or row["type"] == "COOPERATES_WITH" or row["outgoing"] == (direction == "out"))]
        if len(ids) > 1:
            rows.sort(key=lambda row: row["via"])  # stable: within an entity, the query's order stands
        return rows[:MAX_LINKS]

    def read_links(self, entity_id: str) -> list[dict[str, Any]] | None:
        """``api_relations`` of every type, both ways, any neighbour; None when there are more than one read holds."""
        return self.read_links_of([entity_id])[entity_id]

    def read_links_of(self, ids: list[str]) -> dict[str, list[dict[str, Any]] | None]:
        """:meth:`read_links` of several entities in one query."""
        limit = MAX_LINKS * len(ids)
        rows = self._run(cypher.load("api_relations"), {
            "ids": ids, "types": list(RELATION_TYPES), "direction": "both", "neighbor_types": None,
            "exclude": [], "evidence_limit": EVIDENCE_PER_LINK, "limit": limit})
        links: dict[str, list[dict[str, Any]] | None] = {entity_id: [] for entity_id in ids}
        for row in rows:
            links[row["via"]].append(row)
        cut = rows[-1]["via"] if len(rows) >= limit else None  # rows come by entity: the limit cuts the last one
        return {entity_id: held if len(held) < MAX_LINKS and entity_id != cut else None
                for entity_id, held in links.items()}

    def direct_hops(self, a: str, b: str) -> list[dict[str, str]] | None:
        """The links between ``a`` and ``b`` over ``api_paths``' relation types, as its hops (type, source, target),
        when the links of either are held for this graph version (a question about it, or the read-ahead, read
        them); None when neither's are, and nothing is read for it."""
        if not self.use_held:
            return None
        for via, other in ((a, b), (b, a)):
            links = self.index.held.stored(("links", via))
            if links is not None:
                return [{"type": row["type"], "source": via if row["outgoing"] else other,
                         "target": other if row["outgoing"] else via}
                        for row in links if row["id"] == other and row["type"] in PATH_TYPES]
        return None

    def entity_reads(self, ids: list[str]) -> dict[tuple, Any]:
        """The reads questions about these entities share (their links, the documents mentioning them), made in two
        queries, by their key among the index's held reads: what the read-ahead holds for the most-linked entities."""
        reads: dict[tuple, Any] = {("links", entity_id): held for entity_id, held in self.read_links_of(ids).items()}
        documents = {entity_id: [] for entity_id in ids}
        for row in self._run(cypher.load("api_entities_documents"), {"ids": ids, "limit": DOCUMENTS_LIMIT}):
            documents[row["entity"]] = row["documents"]
        for entity_id, rows in documents.items():
            reads[_held_key("api_entity_documents", {"id": entity_id, "limit": DOCUMENTS_LIMIT})] = rows
        return reads

    def _run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        # Auto-commit, not a managed transaction: these are single reads, and on the embedded server an explicit
        # transaction's BEGIN/COMMIT round trips cost about four times the query itself (bench/api.py).
        try:
            with self.store.read_session() as session:
                return _plain_rows(session.run(query, params))
        except neo4j.exceptions.Neo4jError as exc:
            error = query_error(exc)
            if isinstance(error, QueryTimeoutError):  # the server's time limit: 504, not an internal error
                raise error from exc
            raise


def _held_key(name: str, params: dict[str, Any]) -> tuple:
    return (name, *sorted(params.items()))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> bool:
    """Whether ``value`` is made only of scalars, lists and maps (what every api_*.cypher returns)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(map(_plain, value))
    if kind is dict:
        return all(map(_plain, value.values()))
    return False


def _plain_rows(result: neo4j.Result) -> list[dict[str, Any]]:
    """The rows as ``Result.data()`` gives them. Rows of plain values are taken as they came: ``data()`` walks
    every value again through abstract-class checks, which was a sixth of a large answer's time (an agency's
    evidence lists); a row holding a node or relationship still goes through it."""
    keys = result.keys()
    rows = []
    for record in result:
        values = record.values()
        rows.append(dict(zip(keys, values)) if all(map(_plain, values)) else record.data())
    return rows


def _ref(row: dict[str, Any]) -> EntityRef:
    return EntityRef(id=row["id"], name=row["name"], type=row["type"], aliases=row.get("aliases") or [])


def _evidence(row: dict[str, Any]) -> EvidenceItem:
    return EvidenceItem(
        doc=row["doc"], doc_name=row["doc_name"], text=row["evidence"], start=row["start"], end=row["end"],
        date=row["date"], confidence=row["confidence"], status=row["status"], rule=row["rule"],
    )


# --------------------------------------------------------------------------- entities


def search(reader: Reader, q: str, type: str | None, offset: int, limit: int) -> SearchPage:
    """Entities by name or alias, exact matches first, then prefix, then substring; one page. From the in-process
    index (api/search.py), which answers what ``cypher/api_entity_search.cypher`` does without a scan per request."""
    page = reader.index.search.search([f.lower() for f in forms(q)], type, offset, limit)
    items = [SearchHit(id=hit.id, name=hit.name, type=hit.type, aliases=list(hit.aliases), match=MATCH_KINDS[hit.rank])
             for hit in page.hits]
    return SearchPage(query=q, total=page.total, offset=offset, limit=limit, items=items)


def resolve(reader: Reader, ref: str, types: Iterable[str] | None = None) -> NameMatch:
    """The one entity ``ref`` names (graph/resolver.py): its id, a name or alias, a reader's form of one, a standard
    abbreviation, a near match. Several equally good → 409 ``ambiguous_name``; none → 404 with suggestions."""
    wanted = list(types) if types is not None else None
    index = reader.index.names
    return names.require_one(index, index.resolve(ref, wanted), wanted)


def close_matches(reader: Reader, ref: str, types: list[str] | None = None) -> list[dict[str, Any]]:
    """Entities whose names look most like ``ref``, for a 404's suggestions."""
    return names.suggestions(reader.index.names, ref, types)


def _entity_ref(match: NameMatch) -> EntityRef:
    return EntityRef(id=match.id, name=match.name, type=match.type, aliases=match.aliases)


def entity_detail(reader: Reader, entity_id: str, documents_limit: int = DOCUMENTS_LIMIT) -> EntityDetail:
    """Labels, properties, aliases, degree per relation type and the documents mentioning the entity."""
    rows = reader.rows("api_entity", id=entity_id)
    if not rows:
        raise EntityNotFound(f"no entity with id {entity_id!r}; ids look like 'Hospital:东方医院', see detail.suggestions",
                             {"suggestions": close_matches(reader, entity_id)})
    row = rows[0]
    props = row["properties"]
    docs = reader.held_rows("api_entity_documents", id=entity_id, limit=documents_limit)
    return EntityDetail(
        id=props["id"], name=props.get("name") or props["id"], type=props.get("type") or "",
        aliases=props.get("aliases") or [], labels=sorted(row["labels"]), properties=props,
        degree=sorted((Degree(**d) for d in row["degree"] if d), key=lambda d: d.type),
        documents=[DocumentRef(**d) for d in docs],
    )


def _require_entity(reader: Reader, entity_id: str) -> EntityRef:
    index = reader.index.names
    entry = index.entries.get(entity_id)
    if entry is None:
        raise EntityNotFound(f"no entity with id {entity_id!r}; see detail.suggestions",
                             {"suggestions": names.suggestions(index, entity_id)})
    return EntityRef(id=entry.id, name=entry.name, type=entry.type, aliases=list(entry.aliases))


def _groups(rows: list[dict[str, Any]], units: dict[str, EntityRef]) -> list[RelationGroup]:
    """Groups from ``api_relations`` rows; a symmetric relation stored both ways with one neighbour is one group."""
    groups: dict[tuple, tuple[RelationGroup, set[str]]] = {}
    for row in rows:
        direction = "both" if row["type"] == "COOPERATES_WITH" else ("out" if row["outgoing"] else "in")
        key = (row["via"], row["type"], direction, row["id"])
        evidence = [_evidence(item) for item in row["evidence"]]
        if key not in groups:
            neighbour = EntityRef(id=row["id"], name=row["name"], type=row["neighbor_type"], aliases=row["aliases"] or [])
            groups[key] = (RelationGroup(type=row["type"], direction=direction, neighbor=neighbour,
                                         via=units.get(row["via"]), statements=row["statements"],
                                         documents=len(row["docs"]), evidence=evidence), set(row["docs"]))
            continue
        group, docs = groups[key]
        docs.update(row["docs"])
        group.statements += row["statements"]
        group.documents = len(docs)
        group.evidence = _newest_first([*group.evidence, *evidence])[:EVIDENCE_PER_LINK]
    return [group for group, _ in groups.values()]


def _newest_first(items: list[EvidenceItem]) -> list[EvidenceItem]:
    """As api_relations orders them: date descending (undated last), then document."""
    return sorted(sorted(items, key=lambda item: item.doc), key=lambda item: item.date or "", reverse=True)


def relations(reader: Reader, entity_id: str, types: list[str] | None, direction: str,
              neighbor_type: str | None) -> Relations:
    """The entity's relations, one group per (type, direction, neighbour) with its counts and newest evidence."""
    entity = _require_entity(reader, entity_id)
    rows = reader.link_rows([entity.id], types or list(RELATION_TYPES), direction,
                            [neighbor_type] if neighbor_type else None, [])
    return Relations(entity=entity, relations=_groups(rows, {}), truncated=len(rows) >= MAX_LINKS)


def partners(reader: Reader, org: str, type: str | None, relation_types: list[str] | None,
             include_units: bool, limit: int) -> Partners:
    """Partner organisations of ``org`` (and, with ``include_units``, of its units), each with how they are linked."""
    match = resolve(reader, org, ORG_TYPES)
    entity = _entity_ref(match)
    units = [_ref(row) for row in reader.rows("api_units", id=entity.id)] if include_units else []
    wanted = relation_types or list(PARTNER_RELATIONS)
    rows = reader.link_rows([entity.id, *(u.id for u in units)], wanted, "both",
                            [type] if type else list(ORG_TYPES), [entity.id])
    by_partner: dict[str, list[RelationGroup]] = {}
    for group in _groups(rows, {u.id: u for u in units}):
        by_partner.setdefault(group.neighbor.id, []).append(group)
    documents: dict[str, set[str]] = {}
    for row in rows:
        documents.setdefault(row["id"], set()).update(row["docs"])
    found = []
    for partner_id, links in by_partner.items():
        found.append(Partner(**links[0].neighbor.model_dump(), links=links, documents=len(documents[partner_id])))
    found.sort(key=lambda p: (-p.documents, -len(p.links), p.name, p.id))
    return Partners(org=entity, type=type, relations=wanted, include_units=include_units, units=units,
                    partners=found[:limit], truncated=len(found) > limit or len(rows) >= MAX_LINKS, resolved=match)


def paths(reader: Reader, source: str, target: str, max_hops: int, limit: int) -> Paths:
    """Shortest paths (at most ``max_hops``) between two entities, with every document's evidence per hop."""
    resolved = [resolve(reader, source), resolve(reader, target)]
    start, end = (_entity_ref(match) for match in resolved)
    if start.id == end.id:
        raise QueryError(f"from and to are the same entity, {start.id}; give two different ones")
    params = {"from": start.id, "to": end.id, "max_hops": max_hops, "limit": MAX_PATH_ROWS}
    direct = reader.direct_hops(start.id, end.id)
    if direct:  # neighbours: their shortest paths are the links between them, one hop each
        reader.ran.append(QueryRun(name="api_paths", cypher=cypher.load("api_paths"), params=params))
        nodes = [start.model_dump(), end.model_dump()]
        rows = [{"nodes": nodes, "hops": [hop]} for hop in direct]
    else:
        rows = reader.rows("api_paths", **params)
    distinct: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (tuple(n["id"] for n in row["nodes"]), tuple((h["source"], h["type"], h["target"]) for h in row["hops"]))
        distinct.setdefault(key, row)
    chosen = [distinct[key] for key in sorted(distinct)][:limit]
    hops = sorted({(h["source"], h["type"], h["target"]) for row in chosen for h in row["hops"]})
    evidence: dict[tuple, list[EvidenceItem]] = {}
    if hops:
        hop_rows = reader.rows("api_hop_evidence", hops=[{"source": s, "type": t, "target": o} for s, t, o in hops])
        for row in hop_rows:
            evidence.setdefault((row["source"], row["type"], row["target"]), []).append(_evidence(row))
    items = [
        PathItem(
            hops=len(row["hops"]), nodes=[_ref(n) for n in row["nodes"]],
            steps=[PathStep(**h, evidence=evidence.get((h["source"], h["type"], h["target"]), [])) for h in row["hops"]],
        )
        for row in chosen
    ]
    return Paths(source=start, target=end, max_hops=max_hops, paths=items, resolved=resolved)


def documents_mentioning(reader: Reader, ref: str, limit: int = DOCUMENTS_LIMIT) -> DocumentsMentioning:
    """The documents that mention an entity."""
    entity = _entity_ref(resolve(reader, ref))
    docs = reader.held_rows("api_entity_documents", id=entity.id, limit=limit)
    return DocumentsMentioning(entity=entity, documents=[DocumentRef(**d) for d in docs])


def subgraph(store: Store, reader: Reader, center: str, depth: int, limit: int, types: list[str] | None) -> Subgraph:
    """The entities within ``depth`` relations of ``center`` (at most ``limit``), optionally only some types."""
    entity = _entity_ref(resolve(reader, center))
    try:
        data = viz.get_subgraph(store, entity.id, depth=depth, limit=limit)
    except NotFoundError as exc:  # deleted between resolving and reading
        raise EntityNotFound(str(exc)) from exc
    truncated = len(data["nodes"]) >= limit
    if types:
        kept = {n["id"] for n in data["nodes"] if n["type"] in types or n["id"] == entity.id}
        data["nodes"] = [n for n in data["nodes"] if n["id"] in kept]
        data["edges"] = [e for e in data["edges"] if e["source"] in kept and e["target"] in kept]
    return Subgraph(**data, truncated=truncated)


def top(reader: Reader, metric: str, type: str | None, limit: int) -> TopEntities:
    """The entities ranked highest by a metric ``ecokg analyze`` wrote to the graph."""
    rows = reader.rows("api_analytics_top", metric=metric, type=type, limit=limit)
    if not rows and not reader.rows("api_analyzed")[0]["analyzed"]:
        raise NotAnalyzed("no entity has metrics yet: run `ecokg analyze` to compute and store them")
    return TopEntities(metric=metric, type=type, items=[RankedEntity(**row) for row in rows])


# --------------------------------------------------------------------------- documents


def document_page(reader: Reader, offset: int, limit: int) -> DocumentPage:
    row = reader.rows("api_documents", offset=offset, limit=limit)[0]
    return DocumentPage(total=row["total"], offset=offset, limit=limit, items=row["page"])


def find_document(reader: Reader, ref: str) -> dict[str, Any]:
    """The stored document whose id, source or file name is ``ref``; 404 naming how to list them, 409 listing the
    documents that share the file name."""
    rows = reader.rows("api_document", ref=ref)
    if not rows:
        raise NotFoundError(f"no document with id, source or file name {ref!r}; GET /documents lists them")
    exact = [row for row in rows if ref in (row["id"], row["source"])]
    if not exact and len(rows) > 1:
        raise AmbiguousError(f"{len(rows)} documents are named {ref!r}; give the id of one",
                             detail=[{key: row[key] for key in ("id", "doc", "source", "path")} for row in rows])
    return (exact or rows)[0]


def document_detail(reader: Reader, ref: str) -> DocumentDetail:
    """A document's metadata, its entities and facts, and its text with the evidence spans marked."""
    row = find_document(reader, ref)
    text = row.pop("text") or ""
    mentions = [_mentioned(m) for m in reader.rows("api_document_mentions", id=row["id"])]
    facts = [Fact(**f) for f in reader.rows("api_document_relations", id=row["id"])]
    spans = mark_spans(len(text), [(f.start, f.end) for f in facts])
    return DocumentDetail(**row, text=text, marked_html=marked_html(text, spans), spans=spans,
                          entities=mentions, facts=facts)


def _mentioned(row: dict[str, Any]) -> MentionedEntity:
    return MentionedEntity(id=row["id"], name=row["name"], type=row["type"], aliases=row["aliases"] or [],
                           surface=row["surface"] or [], starts=row["starts"] or [], ends=row["ends"] or [])


def mark_spans(length: int, ranges: list[tuple[int | None, int | None]]) -> list[Span]:
    """Cut the text at every evidence boundary; each piece covered by some evidence becomes a span naming it (pure)."""
    clipped = [
        (max(0, start), min(length, end), index) for index, (start, end) in enumerate(ranges)
        if start is not None and end is not None and min(length, end) > max(0, start)
    ]
    cuts = sorted({point for start, end, _ in clipped for point in (start, end)})
    spans = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [index for start, end, index in clipped if start <= left and right <= end]
        if covering:
            if spans and spans[-1].end == left and spans[-1].facts == covering:
                spans[-1].end = right
            else:
                spans.append(Span(start=left, end=right, facts=covering))
    return spans


def marked_html(text: str, spans: list[Span]) -> str:
    """The text HTML-escaped, each span wrapped in ``<mark data-facts="…">`` (pure)."""
    out, at = [], 0
    for span in spans:
        out.append(html.escape(text[at:span.start]))
        facts = ",".join(map(str, span.facts))
        out.append(f'<mark data-facts="{facts}">{html.escape(text[span.start:span.end])}</mark>')
        at = span.end
    out.append(html.escape(text[at:]))
    return "".join(out)
