"""Resolution kept between builds, so a build with k new or changed documents re-resolves only what they touch.

An SQLite file in the data directory holds every loaded document's version and every entity node
(:class:`~ecokg.resolve.EntityNode`) with its forms, cluster and key, all indexed. Adding or removing
documents re-links only the clusters their forms touch, from all of those clusters' members (and
the members of clusters an analyst's merge group joins to them): clusters no change touches cannot
change, so the keys are those resolving the whole corpus again would give, at the cost of the touched
clusters' size and an index lookup per form.

The state belongs to one graph store; :meth:`ResolutionState.matches` tells whether it still
describes it (same store, same curation, same number of documents), else the build resolves the whole
corpus and :meth:`ResolutionState.reset` starts the state again. Changes are one SQLite transaction,
committed by the build once its loads are done, so a build cut short leaves the state as it was and
the next build redoes the work."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from ecokg.records import Document
from ecokg.resolve import (Curation, EntityNode, PreparedCuration, Resolution, ResolvedNodes, entity_nodes, link,
                           node_keys)

STATE_FILE = "resolution.sqlite"
# Placeholders in one SQLite statement (its limit is 32766).
CHUNK = 900

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (graph_id TEXT PRIMARY KEY, content_hash TEXT, extractor_version TEXT,
                                      source TEXT, doc TEXT, path TEXT, entities INTEGER, relations INTEGER,
                                      facts_hash TEXT);
CREATE INDEX IF NOT EXISTS documents_path ON documents (path);
CREATE TABLE IF NOT EXISTS nodes (graph_id TEXT, entity_id TEXT, type TEXT, name TEXT, forms TEXT, local INTEGER,
                                  district TEXT, content_id TEXT, cluster TEXT, key TEXT,
                                  PRIMARY KEY (graph_id, entity_id));
CREATE INDEX IF NOT EXISTS nodes_cluster ON nodes (cluster);
CREATE TABLE IF NOT EXISTS forms (form TEXT, graph_id TEXT, entity_id TEXT);
CREATE INDEX IF NOT EXISTS forms_form ON forms (form);
CREATE INDEX IF NOT EXISTS forms_document ON forms (graph_id);
CREATE TABLE IF NOT EXISTS dropped (graph_id TEXT, entity_id TEXT);
CREATE INDEX IF NOT EXISTS dropped_document ON dropped (graph_id);
"""


@dataclass(frozen=True)
class StoredVersion:
    """The version of a document the graph holds, as the state remembers it."""

    graph_id: str
    content_hash: str
    extractor_version: str
    source: str
    doc: str
    path: str
    entities: int | None  # what it loaded, once noted (note_loaded)
    relations: int | None
    facts_hash: str | None


def curation_digest(curation: Curation) -> str:
    return hashlib.sha256(json.dumps(asdict(curation), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ResolutionState:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    @contextmanager
    def open(cls, data_dir: Path) -> Iterator[ResolutionState]:
        """The state in ``data_dir``, in one transaction: committed when the block ends, rolled back on an error."""
        path = Path(data_dir) / STATE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, isolation_level=None, timeout=60)
        try:
            connection.executescript(SCHEMA)
            path.chmod(0o600)
            connection.execute("BEGIN IMMEDIATE")  # one build at a time changes it
            try:
                yield cls(connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """A part of the build's changes that can be undone alone (a savepoint)."""
        self.db.execute("SAVEPOINT attempt")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO attempt")
            self.db.execute("RELEASE attempt")
            raise
        self.db.execute("RELEASE attempt")

    # ----------------------------------------------------------------- what it describes

    def matches(self, store_identity: str, curation: Curation, documents: dict[str, str]) -> bool:
        """Whether the state describes this store, resolved with this curation, holding ``documents`` (the facts hash
        of each loaded document, by id): a document loaded, changed or removed by anything but a build is seen."""
        meta = dict(self.db.execute("SELECT name, value FROM meta"))
        return (meta.get("store") == store_identity and meta.get("curation") == curation_digest(curation)
                and dict(self.db.execute("SELECT graph_id, facts_hash FROM documents")) == documents)

    def reset(self, store_identity: str, curation: Curation) -> None:
        for table in ("meta", "documents", "nodes", "forms", "dropped"):
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - the table names above
        self.db.executemany("INSERT INTO meta VALUES (?, ?)",
                            [("store", store_identity), ("curation", curation_digest(curation))])

    def versions(self, graph_ids: Iterable[str]) -> dict[str, StoredVersion]:
        found = {}
        for chunk in _chunks(list(graph_ids)):
            rows = self.db.execute(f"SELECT * FROM documents WHERE graph_id IN ({_marks(chunk)})", chunk)  # noqa: S608
            found.update((row[0], StoredVersion(*row)) for row in rows)
        return found

    def documents_under(self, roots: list[str]) -> list[StoredVersion]:
        """The documents whose files lie under any of the directories ``roots``."""
        found: dict[str, StoredVersion] = {}
        for root in roots:
            prefix = root.rstrip("/") + "/"
            rows = self.db.execute("SELECT * FROM documents WHERE path >= ? AND path < ?", (prefix, prefix + "\U0010ffff"))
            found.update((row[0], StoredVersion(*row)) for row in rows)
        return list(found.values())

    def resolution_of(self, graph_id: str) -> Resolution:
        keys, ambiguous = {}, set()
        for entity_id, key, local in self.db.execute("SELECT entity_id, key, local FROM nodes WHERE graph_id = ?",
                                                     (graph_id,)):
            keys[entity_id] = key
            if local:
                ambiguous.add(entity_id)
        dropped = {row[0] for row in self.db.execute("SELECT entity_id FROM dropped WHERE graph_id = ?", (graph_id,))}
        return Resolution(keys, ambiguous, dropped)

    # ----------------------------------------------------------------- changing it

    def note_loaded(self, graph_id: str, entities: int, relations: int, facts_hash: str) -> None:
        """What the document's load wrote: how many entities and relations (reported when it is next left
        unchanged) and the hash of its facts (what :meth:`matches` checks)."""
        self.db.execute("UPDATE documents SET entities = ?, relations = ?, facts_hash = ? WHERE graph_id = ?",
                        (entities, relations, facts_hash, graph_id))

    def update(self, removed: Iterable[str], added: Iterable[Document], curation: Curation) -> dict[str, Resolution]:
        """Take the ``removed`` documents out and put the ``added`` ones in (replacing their stored versions).

        Returns the resolution of every added document and of every stored one whose keys changed."""
        prepared = PreparedCuration.of(curation)
        added = list(added)
        gone = list(dict.fromkeys([*removed, *(doc.graph_id for doc in added)]))
        touched = self._clusters_of_documents(gone)
        self._delete(gone)
        new_nodes: list[EntityNode] = []
        new_dropped: list[tuple[str, str]] = []
        for doc in added:
            nodes, dropped = entity_nodes(doc, prepared)
            new_nodes += nodes
            new_dropped += [(doc.graph_id, entity_id) for entity_id in sorted(dropped)]
        touched |= self._clusters_of_forms({form for node in new_nodes for form in node.forms})
        members, old_keys = self._members_with_merges(touched, new_nodes, prepared)
        everything = [*members.values(), *new_nodes]
        clusters = link(everything, prepared)
        keys = node_keys(everything, clusters)
        changed = {ref[0] for ref in members if keys[ref] != old_keys.get(ref)}
        self.db.executemany("UPDATE nodes SET cluster = ?, key = ? WHERE graph_id = ? AND entity_id = ?",
                            [(clusters[ref], keys[ref], *ref) for ref in members])
        self._insert(added, new_nodes, clusters, keys, new_dropped)
        return {graph_id: self.resolution_of(graph_id)
                for graph_id in dict.fromkeys([*(doc.graph_id for doc in added), *sorted(changed)])}

    def record(self, documents: Iterable[Document], resolved: ResolvedNodes) -> None:
        """Put in the state of a whole resolution already made (:func:`~ecokg.resolve.resolve_nodes` of exactly
        ``documents``) into an empty state (:meth:`reset`): what :meth:`update` with every document would store,
        without resolving them again."""
        dropped = [(graph_id, entity_id) for graph_id, ids in resolved.dropped.items() for entity_id in sorted(ids)]
        self._insert(list(documents), resolved.nodes, resolved.clusters, resolved.keys, dropped)

    def _insert(self, added: list[Document], nodes: list[EntityNode], clusters: dict[tuple[str, str], str],
                keys: dict[tuple[str, str], str], dropped: list[tuple[str, str]]) -> None:
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every node's forms
        self.db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(n.graph_id, n.entity_id, n.type, n.name, encode(n.forms), int(n.local), n.district,
                              n.content_id, clusters[n.ref], keys[n.ref]) for n in nodes])
        self.db.executemany("INSERT INTO forms VALUES (?, ?, ?)",
                            [(form, n.graph_id, n.entity_id) for n in nodes for form in n.forms])
        self.db.executemany("INSERT INTO dropped VALUES (?, ?)", dropped)
        self.db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
                            [(doc.graph_id, doc.id, doc.extractor_version, doc.source, doc.doc, doc.path)
                             for doc in added])

    def _clusters_of_documents(self, graph_ids: list[str]) -> set[str]:
        clusters: set[str] = set()
        for chunk in _chunks(graph_ids):
            clusters.update(row[0] for row in self.db.execute(
                f"SELECT DISTINCT cluster FROM nodes WHERE graph_id IN ({_marks(chunk)})", chunk))  # noqa: S608
        return clusters

    def _clusters_of_forms(self, forms: set[str]) -> set[str]:
        clusters: set[str] = set()
        for chunk in _chunks(sorted(forms)):
            clusters.update(row[0] for row in self.db.execute(
                "SELECT DISTINCT n.cluster FROM forms f JOIN nodes n ON n.graph_id = f.graph_id "
                f"AND n.entity_id = f.entity_id WHERE f.form IN ({_marks(chunk)})", chunk))  # noqa: S608
        return clusters

    def _members_with_merges(self, clusters: set[str], new_nodes: list[EntityNode],
                             curation: PreparedCuration) -> tuple[dict[tuple[str, str], EntityNode],
                                                                  dict[tuple[str, str], str]]:
        """The stored nodes of ``clusters`` and of every cluster an analyst's merge group joins to them, and their
        keys."""
        members: dict[tuple[str, str], EntityNode] = {}
        keys: dict[tuple[str, str], str] = {}
        pending, seen = set(clusters), set()
        forms = {form for node in new_nodes for form in node.forms}
        types = {node.type for node in new_nodes}
        while True:
            seen |= pending
            for chunk in _chunks(sorted(pending)):
                for row in self.db.execute(f"SELECT * FROM nodes WHERE cluster IN ({_marks(chunk)})", chunk):  # noqa: S608
                    node = EntityNode(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), bool(row[5]),
                                      row[6], row[7])
                    members[node.ref] = node
                    keys[node.ref] = row[9]
                    forms.update(node.forms)
                    types.add(node.type)
            merged = {form for entity_type in types for group in curation.merged_forms(entity_type)
                      if forms.intersection(group) for form in group}
            pending = self._clusters_of_forms(merged - forms) - seen if merged - forms else set()
            if not pending:
                break
        return members, keys

    def _delete(self, graph_ids: list[str]) -> None:
        for chunk in _chunks(graph_ids):
            for table in ("documents", "nodes", "forms", "dropped"):
                self.db.execute(f"DELETE FROM {table} WHERE graph_id IN ({_marks(chunk)})", chunk)  # noqa: S608


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _marks(chunk: list) -> str:
    return ", ".join("?" * len(chunk))
