"""Find entities by what analysts type: a name or any alias."""
from __future__ import annotations

from ecokg.errors import NotFoundError, QueryError
from graph import cypher
from graph.store import Store


def find_entities(store: Store, name: str) -> list[dict]:
    """Entities named ``name`` or having it as an alias."""
    with store.read_session() as session:
        return session.run(cypher.load("entity_lookup"), name=name.strip()).data()


def entity_id(store: Store, name: str) -> str:
    """The one entity ``name`` refers to; an error listing the candidates when it is ambiguous."""
    found = find_entities(store, name)
    if not found:
        raise NotFoundError(f"no entity is named {name!r}; try `ecokg cypher` with CONTAINS to search")
    if len(found) > 1:
        choices = ", ".join(f"{row['id']}" for row in found[:10])
        raise QueryError(f"{name!r} names {len(found)} entities ({choices}); pass one of these ids instead")
    return found[0]["id"]
