"""Counts of what the graph holds."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from graph import cypher
from graph.store import Store


@dataclass(frozen=True)
class GraphStats:
    labels: dict[str, int]  # a node with two labels counts under both
    relationships: dict[str, int]
    documents: int
    entities: int

    def to_dict(self) -> dict:
        return asdict(self)


def get_stats(store: Store) -> GraphStats:
    with store.read_session() as session:
        labels = {row["label"]: row["count"] for row in session.run(cypher.load("stats_labels"))}
        relationships = {row["type"]: row["count"] for row in session.run(cypher.load("stats_relationships"))}
    return GraphStats(labels, relationships, labels.get("Document", 0), labels.get("Entity", 0))


def list_documents(store: Store) -> list[dict]:
    """Id, file name, path, title, date, issuer and extractor version of every loaded document."""
    with store.read_session() as session:
        return session.run(cypher.load("documents")).data()


def document_hashes(store: Store) -> dict[str, str]:
    """The facts hash of every loaded document, by id."""
    with store.read_session() as session:
        return {row["id"]: row["facts_hash"] for row in session.run(cypher.load("document_hashes"))}
