"""Apply ``cypher/schema.cypher``: constraints and indexes, all named and ``IF NOT EXISTS``, so applying twice is a
no-op. Every build and server start applies it; the graph is asked first which names it has, and only the statements
of those it lacks are run (on a freshly started server each schema statement costs ~25 ms, the two questions ~5)."""
from __future__ import annotations

import re

from graph import cypher
from graph.store import Store

# The name a schema statement creates; a statement without one is always run.
_NAMED = re.compile(r"^CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS\b", re.IGNORECASE)


def apply_schema(store: Store) -> list[str]:
    """Run the schema statements whose constraint or index the graph does not have; returns those run, in order."""
    with store.session() as session:
        present = {row["name"] for name in ("schema_constraints", "schema_indexes")
                   for row in session.run(cypher.load(name))}
        missing = [statement for statement in cypher.statements("schema")
                   if not (named := _NAMED.match(statement)) or named.group(1) not in present]
        for statement in missing:
            session.run(statement).consume()
    return missing
