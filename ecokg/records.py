"""Typed records passed between stages: extractors produce them, the graph layer consumes them.

The JSON form of :class:`Document` is the prediction format of ``shared/eval/GUIDELINE.md``
(``doc``, ``entities``, ``relations``) plus extra fields."""
from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field

EntityType = Literal[
    "Hospital", "University", "ResearchInstitute", "Company", "Platform", "Fund",
    "GovernmentAgency", "Person", "Product", "Region", "Program", "Event", "Task",
]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]
ORG_TYPES = ("Hospital", "University", "ResearchInstitute", "Company", "Platform", "Fund", "GovernmentAgency")

# LOCATED_IN (organisation → Region) is optional in GUIDELINE.md: not scored, but kept in the graph.
RelationType = Literal["COOPERATES_WITH", "FUNDS", "RESPONSIBLE_FOR", "AFFILIATED_WITH", "PART_OF", "LOCATED_IN"]
RELATION_TYPES: tuple[str, ...] = RelationType.__args__  # type: ignore[attr-defined]


class Mention(BaseModel):
    start: int
    end: int
    text: str


class Entity(BaseModel):
    id: str  # document-local id (e1, e2, …)
    name: str  # canonical: the fullest form in the document
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    # Cross-document identity, set by resolution before loading.
    key: str | None = None
    ambiguous: bool = False


class Evidence(BaseModel):
    text: str
    start: int  # offsets in the document's cleaned text
    end: int
    # the same span in the file's text as read (before cleaning), to show the evidence in place
    source_start: int | None = None
    source_end: int | None = None


class Relation(BaseModel):
    source: str  # document-local entity id
    target: str
    type: RelationType
    evidence: Evidence
    rule: str
    confidence: float = Field(ge=0.0, le=1.0)
    status: Literal["asserted", "planned"] = "asserted"


class Document(BaseModel):
    doc: str  # the file's name
    id: str  # sha256 of the file's bytes: tells whether the document changed
    path: str = ""
    # What the document is, set by the build: a corpus file's resolved path, upload:<name> for an upload.
    source: str = ""
    title: str | None = None
    issuer: str | None = None
    number: str | None = None  # 文号, e.g. 浦科经委办理〔2025〕54号
    date: str | None = None  # ISO yyyy-mm-dd
    district: str | None = None  # e.g. 浦东新区, from letterhead / number / signature
    text: str = ""  # cleaned text; offsets of mentions and evidence refer to it
    extractor_version: str = ""
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    @property
    def graph_id(self) -> str:
        """The id of its :Document node: sha256 of ``source`` (of ``path``, else ``id``, when it has none).

        Derived from what the document is, not from its content, so an edited file replaces its
        earlier version and two files of one name in two folders are two documents."""
        return hashlib.sha256((self.source or self.path or self.id).encode("utf-8")).hexdigest()


class Rejection(BaseModel):
    """A candidate relation a domain/range check refused, with the reason."""

    doc: str
    type: str
    source: str
    target: str
    evidence: str
    rule: str
    reason: str
