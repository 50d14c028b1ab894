"""Apply ``cypher/schema.cypher``: constraints and indexes, all ``IF NOT EXISTS``, so applying twice is a no-op."""
from __future__ import annotations

from graph import cypher
from graph.store import Store


def apply_schema(store: Store) -> list[str]:
    """Run every schema statement; returns them in order."""
    statements = cypher.statements("schema")
    with store.session() as session:
        for statement in statements:
            session.run(statement).consume()
    return statements
