"""The API's in-process index of the graph: built once per graph version, shared by every endpoint and ``/ask``.

The index — the name resolver (graph/resolver.py), the entity search (api/search.py), a cache of read answers
(api/cache.py) and of the per-entity reads made so far — is rebuilt only when the graph's version changed: the
change stamp every ecokg write sets (graph/stamp.py), the entity count and the documents' facts hashes. It changes
after a build, an upload, a removal or a metrics write, from this process or another one. The version is asked again
at once after a write in this process (graph.store.write_generation) and otherwise once per
``ECOKG_API_VERSION_CHECK_S``, by one request while the others go on with the index it is checking: a request that
finds its answer cached sends nothing to the graph (a Bolt round trip is most of a cached answer's time, and under
16 clients its tail is ~200 ms on the embedded server). Asking reads the stamp, one node; the documents' hashes, a
read of every document (a third of a second of the server's CPU at 5,000 documents), only when the stamp moved,
after a write of this process, or every ``ECOKG_API_CONTENT_CHECK_S`` for changes made outside ecokg. The version
check runs on the store directly: it is no part of any answer's Cypher.
"""
from __future__ import annotations

import gc
import hashlib
import threading
import time
from dataclasses import dataclass, field

import neo4j

from api.cache import ResponseCache, SharedAnswers
from api.errors import AmbiguousError, EntityNotFound
from api.models import NameMatch
from api.search import SearchIndex
from graph import cypher
from graph.resolver import NameIndex, Resolution
from graph.stamp import read_stamp
from graph.store import Store, write_generation

MAX_CANDIDATES = 20


class AmbiguousName(AmbiguousError):
    """A name fits several entities equally well; ``detail.candidates`` lists them."""

    code = "ambiguous_name"


@dataclass
class GraphIndex:
    """What the API keeps of one version of the graph: names, search, the answers already given and the per-entity
    reads already made (links, documents: api/queries.py ``Reader.held_rows``)."""

    store: Store
    version: tuple
    names: NameIndex
    search: SearchIndex
    answers: ResponseCache
    held: ResponseCache
    # The bodies of GET answers by (path, raw query string), sent again before any routing (api/fastpath.py).
    sent: ResponseCache = field(default_factory=ResponseCache)
    # When the version was last found unchanged, when the documents' hashes were last read for it, and this
    # process's write generation then (read before asking).
    checked_at: float = 0.0
    content_checked_at: float = 0.0
    generation: int = -1


# Held by the one request that asks the version (and rebuilds the index when it changed).
_lock = threading.Lock()
# The last store's index: a process serves one store.
_cached: GraphIndex | None = None


def version(store: Store) -> tuple:
    """The graph's version: its change stamp (graph/stamp.py), entity count and every document's facts hash."""
    with store.read_session() as session:
        return _version(session, read_stamp(session))


def _version(session: neo4j.Session, stamp: str | None) -> tuple:
    row = session.run(cypher.load("api_names_version")).single()
    return stamp, row["entities"], tuple(row["documents"])


def graph_index(store: Store, max_age_s: float = 0.0, shared: SharedAnswers | None = None,
                content_max_age_s: float = 0.0) -> GraphIndex:
    """The store's index, at the graph's version as asked at most ``max_age_s`` ago and after this process's last
    write; rebuilt when the version changed since it was built. Asking reads the change stamp, and the documents'
    facts hashes only when the stamp moved, this process wrote, or they were read ``content_max_age_s`` ago or
    more (so changes no ecokg write stamped are seen too). Its answers are shared through ``shared`` with the
    server's other processes that are at the same version."""
    trusted = _trusted(store)
    if trusted is not None and time.monotonic() - trusted.checked_at < max_age_s:
        return trusted
    if trusted is not None and max_age_s > 0:
        if not _lock.acquire(blocking=False):
            return trusted  # another request is asking: this index was current a moment ago
    else:
        _lock.acquire()
    try:
        return _checked(store, shared, content_max_age_s)
    finally:
        _lock.release()


def current_index(store: Store, max_age_s: float) -> GraphIndex | None:
    """The store's index if it can be used without asking the graph (checked less than ``max_age_s`` ago, no write
    of this process since), else None."""
    trusted = _trusted(store)
    return trusted if trusted is not None and time.monotonic() - trusted.checked_at < max_age_s else None


def _trusted(store: Store) -> GraphIndex | None:
    """The index last built for ``store``, unless this process wrote since its version was last asked."""
    cached = _cached
    return cached if cached is not None and cached.store is store and cached.generation == write_generation() else None


def _checked(store: Store, shared: SharedAnswers | None, content_max_age_s: float) -> GraphIndex:
    global _cached
    generation = write_generation()  # before asking: a write after it makes the next request ask again
    now = time.monotonic()
    cached = _cached
    with store.read_session() as session:
        stamp = read_stamp(session)  # before the content: a write stamped in between is seen at the next check
        if (cached is not None and cached.store is store and cached.generation == generation and stamp is not None
                and stamp == cached.version[0] and now - cached.content_checked_at < content_max_age_s):
            cached.checked_at = now
            return cached
        current = _version(session, stamp)
    if cached is None or cached.store is not store or cached.version != current:
        with store.read_session() as session:
            rows = session.run(cypher.load("entity_names")).data()
        answers = ResponseCache(shared=shared, namespace=hashlib.sha256(repr(current).encode()).hexdigest())
        cached = GraphIndex(store, current, NameIndex.build(rows), SearchIndex.build(rows), answers, ResponseCache())
        _settle_heap()
    cached.checked_at = cached.content_checked_at = now
    cached.generation = generation
    _cached = cached
    return cached


def _settle_heap() -> None:
    """Collect once and freeze what is left, the new index included: CPython's full collections would otherwise
    walk every object the process holds (modules and the index: ~185k on the sample graph, more on a large one)
    about once a second under load, stopping every request for ~90 ms (measured under 16 clients). Freezing is
    undone first, so the old index's cycles, if any, are still collected."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


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

