"""The API's in-process index of the graph: built once per graph version, shared by every endpoint and ``/ask``.

Each request asks the graph for a cheap version (entity count and the documents' facts hashes, one small read);
the index — the name resolver (graph/resolver.py), the entity search (api/search.py) and a cache of read answers
(api/cache.py) — is rebuilt only when that changed: after a build, an upload or a removal, from this process or
another one. The version check runs on the store directly: it is no part of any answer's Cypher.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from api.cache import ResponseCache
from api.errors import AmbiguousError, EntityNotFound
from api.models import NameMatch
from api.search import SearchIndex
from graph import cypher
from graph.resolver import NameIndex, Resolution
from graph.store import Store

MAX_CANDIDATES = 20


class AmbiguousName(AmbiguousError):
    """A name fits several entities equally well; ``detail.candidates`` lists them."""

    code = "ambiguous_name"


@dataclass
class GraphIndex:
    """What the API keeps of one version of the graph: names, search and the answers already given."""

    store: Store
    version: tuple
    names: NameIndex
    search: SearchIndex
    answers: ResponseCache = field(default_factory=ResponseCache)


_lock = threading.Lock()
# The last store's index: a process serves one store.
_cached: GraphIndex | None = None


def version(store: Store) -> tuple:
    with store.read_session() as session:
        row = session.run(cypher.load("api_names_version")).single()
    return row["entities"], tuple(row["documents"])


def graph_index(store: Store) -> GraphIndex:
    """The store's index at the graph's current version, rebuilt when the version changed since it was built."""
    global _cached
    current = version(store)
    cached = _cached
    if cached is not None and cached.store is store and cached.version == current:
        return cached
    with _lock:
        cached = _cached
        if cached is not None and cached.store is store and cached.version == current:
            return cached
        with store.read_session() as session:
            rows = session.run(cypher.load("entity_names")).data()
        _cached = GraphIndex(store, current, NameIndex.build(rows), SearchIndex.build(rows))
        return _cached


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

