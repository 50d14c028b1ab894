"""Request and response models of the HTTP API (they are its OpenAPI schema)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Direction = Literal["out", "in", "both"]


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any | None = None


class ErrorResponse(BaseModel):
    """The one shape of every error the API returns."""

    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok"]
    store: str  # bolt:// address
    embedded: bool


class Stats(BaseModel):
    labels: dict[str, int]
    relationships: dict[str, int]
    documents: int
    entities: int
    last_build: dict[str, Any] | None = None  # what the last `ecokg build` / upload recorded, if anything


class EntityRef(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)


class NameMatch(EntityRef):
    """How a name the client typed was resolved to an entity."""

    query: str  # as typed
    how: Literal["id", "exact", "variant", "abbreviation", "partial", "near"]
    matched: str | None = None  # the (folded) form of a name or alias that matched


class SearchHit(EntityRef):
    match: Literal["exact", "prefix", "contains"]


class SearchPage(BaseModel):
    query: str
    total: int
    offset: int
    limit: int
    items: list[SearchHit]


class EvidenceItem(BaseModel):
    """One document's statement of a relation."""

    doc: str | None  # the document's id
    doc_name: str | None
    text: str | None
    start: int | None = None
    end: int | None = None
    date: str | None = None
    confidence: float | None = None
    status: str | None = None
    rule: str | None = None


class DocumentRef(BaseModel):
    id: str
    doc: str | None
    title: str | None = None
    date: str | None = None
    issuer: str | None = None
    surface: list[str] = Field(default_factory=list)  # the forms this document uses for the entity


class Degree(BaseModel):
    type: str
    neighbours: int
    statements: int  # relationships: one per document stating a relation


class EntityDetail(EntityRef):
    labels: list[str]
    properties: dict[str, Any]
    degree: list[Degree]
    documents: list[DocumentRef]


class RelationGroup(BaseModel):
    """One relation between the entity and a neighbour: how many statements make it, and the newest ones' evidence."""

    type: str
    direction: Direction  # out: entity → neighbour; in: neighbour → entity; both: symmetric (COOPERATES_WITH)
    neighbor: EntityRef
    via: EntityRef | None = None  # the unit the relation belongs to, when not the entity itself
    statements: int  # relationships stating it: one per document
    documents: int  # distinct documents among them
    evidence: list[EvidenceItem]  # of the newest statements (date descending, undated last), at most 10


class Relations(BaseModel):
    entity: EntityRef
    relations: list[RelationGroup]
    truncated: bool


class Partner(EntityRef):
    links: list[RelationGroup]  # how it is linked: relation type, direction, via which unit, evidence
    documents: int  # distinct documents stating any of the links


class Partners(BaseModel):
    org: EntityRef
    type: str | None
    relations: list[str]
    include_units: bool
    units: list[EntityRef]
    partners: list[Partner]
    truncated: bool
    resolved: NameMatch | None = None  # how `org` was resolved to `org`


class PathStep(BaseModel):
    source: str
    type: str
    target: str
    evidence: list[EvidenceItem]


class PathItem(BaseModel):
    hops: int
    nodes: list[EntityRef]
    steps: list[PathStep]


class Paths(BaseModel):
    source: EntityRef = Field(serialization_alias="from")
    target: EntityRef = Field(serialization_alias="to")
    max_hops: int
    paths: list[PathItem]
    resolved: list[NameMatch] = Field(default_factory=list)  # how `from` and `to` were resolved


class SubgraphDocument(BaseModel):
    id: str
    doc: str | None
    title: str | None = None
    date: str | None = None


class SubgraphNode(EntityRef):
    model_config = ConfigDict(extra="allow")  # pagerank, betweenness, community once analysed
    documents: list[SubgraphDocument]


class SubgraphEvidence(BaseModel):
    doc: str | None
    doc_name: str | None
    text: str | None
    date: str | None = None


class SubgraphEdge(BaseModel):
    id: str
    source: str
    target: str
    type: str
    evidence: list[SubgraphEvidence]


class Subgraph(BaseModel):
    """Nodes and edges around a centre, the shape ``graph.viz.render_page`` draws."""

    center: str
    nodes: list[SubgraphNode]
    edges: list[SubgraphEdge]
    truncated: bool


class RankedEntity(BaseModel):
    id: str
    name: str
    type: str
    degree: int | None = None
    pagerank: float | None = None
    betweenness: float | None = None
    community: int | None = None


class TopEntities(BaseModel):
    metric: str
    type: str | None
    items: list[RankedEntity]


class DocumentSummary(BaseModel):
    id: str
    doc: str | None
    path: str | None = None
    title: str | None = None
    issuer: str | None = None
    number: str | None = None
    date: str | None = None
    district: str | None = None


class DocumentPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[DocumentSummary]


class MentionedEntity(EntityRef):
    surface: list[str]
    starts: list[int]
    ends: list[int]


class Fact(BaseModel):
    source: str
    source_name: str | None
    type: str
    target: str
    target_name: str | None
    evidence: str | None
    start: int | None
    end: int | None
    rule: str | None = None
    confidence: float | None = None
    status: str | None = None


class Span(BaseModel):
    start: int
    end: int
    facts: list[int]  # indexes into the document's facts whose evidence covers the span


class DocumentDetail(DocumentSummary):
    extractor_version: str | None = None
    text: str
    marked_html: str  # the text, HTML-escaped, with each evidence span in <mark data-facts="i,j">
    spans: list[Span]
    entities: list[MentionedEntity]
    facts: list[Fact]


class Ingested(BaseModel):
    file: str  # where the upload was saved
    doc_ids: list[str]
    summary: dict[str, Any]  # the build's summary: added/changed/unchanged/removed/failed and per-document results


class Removed(BaseModel):
    doc_ids: list[str]
    docs: list[str]
    entities_deleted: int
    files_deleted: list[str]


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool  # more rows matched than the row cap


class QueryRun(BaseModel):
    """A query the API ran, as it was sent: the file's name, its text and the parameters."""

    name: str
    cypher: str
    params: dict[str, Any]


class DocumentsMentioning(BaseModel):
    entity: EntityRef
    documents: list[DocumentRef]


class Answer(BaseModel):
    question: str
    template: str
    text: str  # the answer in one Chinese sentence
    result: Partners | Relations | Paths | DocumentsMentioning
    cypher: list[QueryRun]
    resolved: list[NameMatch] = Field(default_factory=list)  # each name in the question and the entity it named


class QuestionForm(BaseModel):
    template: str
    example: str

