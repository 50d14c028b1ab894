"""Find entities by what analysts type on the command line, with the API's resolver (graph/resolver.py)."""
from __future__ import annotations

from ecokg.errors import NotFoundError, QueryError
from graph import cypher
from graph.resolver import NameIndex
from graph.store import Store


def name_index(store: Store) -> NameIndex:
    """The resolver's index over every entity's name and aliases (a CLI command builds it once)."""
    with store.read_session() as session:
        return NameIndex.build(session.run(cypher.load("entity_names")).data())


def entity_id(store: Store, name: str) -> str:
    """The one entity ``name`` refers to (id, name, alias, a reader's form, abbreviation, near match); an error
    listing the candidates when several fit, or suggesting close names when none does."""
    index = name_index(store)
    resolution = index.resolve(name)
    if resolution.unique is not None:
        return resolution.unique
    if resolution.ids:
        choices = ", ".join(resolution.ids[:10])
        raise QueryError(f"{name!r} fits {len(resolution.ids)} entities ({choices}); pass one of these ids instead")
    close = ", ".join(f"{e.name} ({e.id})" for e in index.suggestions(name))
    raise NotFoundError(f"no entity is named {name!r}" + (f"; did you mean {close}?" if close else ""))
