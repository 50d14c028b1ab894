"""The API's name index: built from the graph once per load, shared by every endpoint and ``/ask``.

Each request asks the graph for a cheap version (entity count and the documents' facts hashes, one small read);
the index (graph/resolver.py) is rebuilt only when that changed — after a build, an upload or a removal, from this
process or another one. The version check runs on the store directly: it is no part of any answer's Cypher.
"""
from __future__ import annotations

import threading

from api.errors import AmbiguousError, EntityNotFound
from api.models import NameMatch
from graph import cypher
from graph.resolver import NameIndex, Resolution
from graph.store import Store

MAX_CANDIDATES = 20


class AmbiguousName(AmbiguousError):
    """A name fits several entities equally well; ``detail.candidates`` lists them."""

    code = "ambiguous_name"


_lock = threading.Lock()
# The last store's index and the version it was built at: a process serves one store.
_cached: tuple[Store, tuple, NameIndex] | None = None


def _version(store: Store) -> tuple:
    with store.read_session() as session:
        row = session.run(cypher.load("api_names_version")).single()
    return row["entities"], tuple(row["documents"])


def index_for(store: Store) -> NameIndex:
    """The store's name index, rebuilt when the graph's version changed since it was built."""
    global _cached
    version = _version(store)
    cached = _cached
    if cached is not None and cached[0] is store and cached[1] == version:
        return cached[2]
    with _lock:
        cached = _cached
        if cached is not None and cached[0] is store and cached[1] == version:
            return cached[2]
        with store.read_session() as session:
            index = NameIndex.build(session.run(cypher.load("entity_names")).data())
        _cached = (store, version, index)
        return index


def candidates(index: NameIndex, ids: tuple[str, ...]) -> list[dict]:
    return [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
            for e in (index.entries[i] for i in ids[:MAX_CANDIDATES])]


def suggestions(index: NameIndex, text: str, types: list[str] | None = None) -> list[dict]:
    return [{"id": e.id, "name": e.name, "type": e.type} for e in index.suggestions(text, types)]


def require_one(index: NameIndex, resolution: Resolution, types: list[str] | None = None) -> NameMatch:
    """The one entity a resolution found; ``ambiguous_name`` (409) listing the candidates, or 404 with suggestions."""
    ref = resolution.query
    if resolution.unique is not None:
        entry = index.entries[resolution.unique]
        return NameMatch(query=ref, id=entry.id, name=entry.name, type=entry.type, aliases=list(entry.aliases),
                         how=resolution.how or "exact", matched=resolution.matched)
    if resolution.ids:
        raise AmbiguousName(f"{ref!r} fits {len(resolution.ids)} entities equally well; ask again with one of "
                            f"their names or ids", {"query": ref, "candidates": candidates(index, resolution.ids)})
    what = f"no {' or '.join(types)} entity" if types else "no entity"
    raise EntityNotFound(f"{what} has the id, name or alias {ref!r}, nor a form of one; see detail.suggestions or "
                         "GET /entities?q=", {"query": ref, "suggestions": suggestions(index, ref, types)})


def resolve(store: Store, ref: str, types: list[str] | None = None) -> NameMatch:
    """The one entity ``ref`` names (id, name, alias, a reader's form of one, an abbreviation, a near match)."""
    index = index_for(store)
    return require_one(index, index.resolve(ref, types), types)
