"""Load documents into the graph, one managed write transaction per document.

A :Document's ``id`` is :attr:`~ecokg.records.Document.graph_id`, derived from its ``source`` (a
corpus file's resolved path, ``upload:<name>``); ``content_hash`` is the sha256 of its bytes. Loading
a document replaces the stored document with that id, and nothing else.

Provenance model: one relationship per (source, type, target, document), keyed by ``doc`` (the
document's id) and carrying that document's ``evidence``, ``start``/``end`` offsets, ``rule``,
``confidence``, ``status``, ``date`` and ``doc_name``. A fact stated by three documents is three
parallel relationships; a Browser/Bloom user reads each one's evidence directly.

``(:Document)-[:MENTIONS]->(:Entity)`` holds the document's surface forms and offsets; an entity's
``name`` and ``aliases`` are recomputed from the documents that still mention it, so loading,
replacing and removing documents in any order gives the same graph.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import neo4j

from ecokg.errors import AmbiguousDocumentError, LoadError, NotFoundError
from ecokg.records import Document, Relation
from graph import cypher
from graph.stamp import mark_changed
from graph.store import Store

BATCH_SIZE = 1000
# Bytes of rows in one statement: far under the Bolt server's message limit (16 MiB on ArcadeDB) and quick
# enough for the embedded server's statement time limit, so a large document goes over in several statements
# of its one transaction, still all or nothing.
MAX_MESSAGE_BYTES = 1024 * 1024
# Characters of document text a statement carries: at most 4 MB of UTF-8, in few pieces (each append copies the
# text so far).
TEXT_PIECE_CHARS = 1_000_000
# Documents in one load transaction, and about how many bytes of parameters: a larger document goes alone.
DOCS_PER_TRANSACTION = 50
MAX_TRANSACTION_BYTES = 4 * MAX_MESSAGE_BYTES


@dataclass(frozen=True)
class DocumentRows:
    """Everything one document writes, as query parameters (the pure output of :func:`transform_document`)."""

    doc_id: str
    doc_name: str
    label: str  # names the document in messages (its source, else path): two documents may share a file name
    document: dict
    entities: list[dict]
    mentions: list[dict]
    relations: list[dict]
    facts_hash: str = field(default="")


@dataclass(frozen=True)
class LoadResult:
    doc_id: str
    doc: str
    source: str
    status: str  # "loaded"; "replaced" (a stored version was replaced); "unchanged" (identical facts)
    entities: int
    relations: int

    def to_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass(frozen=True)
class RemoveResult:
    doc_ids: list[str]
    docs: list[str]
    sources: list[str]
    entities_deleted: int

    def to_dict(self) -> dict:
        return self.__dict__.copy()


# --------------------------------------------------------------------------- transform (pure)


def transform_document(doc: Document) -> DocumentRows:
    """The rows one document writes; raises :class:`LoadError` naming the document for bad records."""
    label = doc.source or doc.path or doc.doc  # names the document in errors; file names are not unique
    keys: dict[str, str] = {}
    per_key: dict[str, dict] = {}
    for entity in doc.entities:
        if not entity.key:
            raise LoadError(f"{label}: entity {entity.id} ({entity.name}) has no key; resolve entities before loading")
        if entity.id in keys:
            raise LoadError(f"{label}: entity id {entity.id} is used twice")
        keys[entity.id] = entity.key
        seen = per_key.setdefault(
            entity.key, {"type": entity.type, "names": [], "forms": [], "mentions": [], "ambiguous": False}
        )
        if seen["type"] != entity.type:
            raise LoadError(f"{label}: entity key {entity.key} is given two types, {seen['type']} and {entity.type}")
        seen["names"].append(entity.name)
        seen["forms"].extend([entity.name, *entity.aliases, *(m.text for m in entity.mentions)])
        seen["mentions"].extend(entity.mentions)
        seen["ambiguous"] = seen["ambiguous"] or entity.ambiguous

    entities, mentions = [], []
    for key in sorted(per_key):
        seen = per_key[key]
        # The fullest form is the canonical name (GUIDELINE.md); ties go to the first given.
        name = max(seen["names"], key=len)
        ordered = sorted(seen["mentions"], key=lambda m: (m.start, m.end))
        entities.append({"id": key, "type": seen["type"], "name": name})
        mentions.append({
            "key": key,
            "props": {
                "name": name,
                "forms": list(dict.fromkeys(form for form in seen["forms"] if form)),
                "surface": [m.text for m in ordered],
                "starts": [m.start for m in ordered],
                "ends": [m.end for m in ordered],
                "ambiguous": seen["ambiguous"],
            },
        })

    best: dict[tuple[str, str, str], Relation] = {}
    for index, relation in enumerate(doc.relations):
        ends = []
        for end in (relation.source, relation.target):
            if end not in keys:
                raise LoadError(
                    f"{label}: relation {index} ({relation.type}) refers to entity {end}, which the document does not list"
                )
            ends.append(keys[end])
        source, target = ends
        if source == target:
            continue  # resolution merged both ends into one entity: nothing relates
        if relation.type == "COOPERATES_WITH" and source > target:
            source, target = target, source  # symmetric: one direction per pair
        fact = (source, relation.type, target)
        kept = best.get(fact)
        # One relationship per fact and document: keep the most confident statement, then the first.
        if kept is None or relation.confidence > kept.confidence:
            best[fact] = relation

    doc_id = doc.graph_id
    relations = [
        {
            "source": source, "type": rel_type, "target": target, "doc": doc_id,
            "props": {
                "evidence": relation.evidence.text, "start": relation.evidence.start, "end": relation.evidence.end,
                "rule": relation.rule, "confidence": relation.confidence, "status": relation.status,
                "date": doc.date, "doc_name": doc.doc,
            },
        }
        for (source, rel_type, target), relation in sorted(best.items())
    ]
    document = {
        "doc": doc.doc, "source": doc.source, "content_hash": doc.id, "path": doc.path, "title": doc.title,
        "issuer": doc.issuer, "number": doc.number, "date": doc.date, "district": doc.district, "text": doc.text, "extractor_version": doc.extractor_version,
    }
    facts = json.dumps([document, entities, mentions, relations], sort_keys=True, ensure_ascii=False)
    try:
        facts_hash = hashlib.sha256(facts.encode("utf-8")).hexdigest()
    except UnicodeEncodeError as exc:  # a lone surrogate (\ud800 in a .jsonl record): neither hashed nor sent over Bolt
        raise LoadError(f"{label}: holds {exc.object[exc.start:exc.end]!r}, which is not a Unicode character; "
                        "fix the record") from exc
    document["facts_hash"] = facts_hash
    return DocumentRows(doc_id, doc.doc, label, document, entities, mentions, relations, facts_hash)


def entity_names(mentions: Iterable[dict]) -> list[dict]:
    """Name, aliases and ambiguity of each entity from its documents' ``entity_mentions`` rows (pure).

    The name is the longest canonical name any document gives (ties: the first in code-point
    order), so it does not depend on loading order; the aliases are every other form, sorted.
    """
    grouped: dict[str, list[dict]] = {}
    for row in mentions:
        grouped.setdefault(row["key"], []).append(row)
    rows = []
    for key in sorted(grouped):
        views = grouped[key]
        name = min((view["name"] for view in views), key=lambda n: (-len(n), n))
        forms = {form for view in views for form in (view["forms"] or [])}
        rows.append({
            "key": key, "name": name, "aliases": sorted(forms - {name}),
            "ambiguous": any(bool(view["ambiguous"]) for view in views),
        })
    return rows


# --------------------------------------------------------------------------- load / remove


def load_document(store: Store, doc: Document, batch_size: int = BATCH_SIZE) -> LoadResult:
    """Load one document in one transaction, replacing its stored version (same ``graph_id``)."""
    return load_rows(store, transform_document(doc), batch_size)


def load_rows(store: Store, rows: DocumentRows, batch_size: int = BATCH_SIZE) -> LoadResult:
    """Write :class:`DocumentRows` in one transaction: all of it, or (on any error) nothing."""
    result = _write_alone(store, rows, batch_size)
    mark_changed(store)
    return result


def _write_alone(store: Store, rows: DocumentRows, batch_size: int) -> LoadResult:
    try:
        with store.session() as session:
            return session.execute_write(_write_documents, [rows], batch_size)[0]
    except neo4j.exceptions.Neo4jError as exc:
        raise LoadError(f"{rows.label}: {_first_line(exc)}; nothing of this document was written") from exc


def load_many(store: Store, documents: Iterable[DocumentRows], *, docs_per_transaction: int = DOCS_PER_TRANSACTION,
              batch_size: int = BATCH_SIZE) -> Iterator[LoadResult | LoadError]:
    """Load many documents, several to a transaction; yields each one's result, or its error, in order.

    A document stays atomic: a transaction holds whole documents only, and when one fails its documents
    are loaded again one per transaction, so a bad document fails alone and nothing is half-loaded."""
    group: list[DocumentRows] = []
    group_bytes = 0
    for rows in documents:
        size = _rows_bytes(rows)
        if group and (len(group) >= docs_per_transaction or group_bytes + size > MAX_TRANSACTION_BYTES):
            yield from _load_group(store, group, batch_size)
            group, group_bytes = [], 0
        group.append(rows)
        group_bytes += size
    if group:
        yield from _load_group(store, group, batch_size)


def _load_group(store: Store, group: list[DocumentRows], batch_size: int) -> list[LoadResult | LoadError]:
    results = _write_group(store, group, batch_size)
    if any(isinstance(result, LoadResult) for result in results):
        mark_changed(store)
    return results


def _write_group(store: Store, group: list[DocumentRows], batch_size: int) -> list[LoadResult | LoadError]:
    if len(group) > 1:
        try:
            with store.session() as session:
                return session.execute_write(_write_documents, group, batch_size)
        except (neo4j.exceptions.Neo4jError, LoadError):
            pass  # a document of the group failed it (rolled back whole): find which, each in its own transaction
    results: list[LoadResult | LoadError] = []
    for rows in group:
        try:
            results.append(_write_alone(store, rows, batch_size))
        except LoadError as exc:
            results.append(exc)
    return results


def _write_documents(tx: neo4j.ManagedTransaction, group: list[DocumentRows], batch_size: int) -> list[LoadResult]:
    """Replace the stored versions of the group's documents by theirs; an unchanged document is left as it is."""
    stored = _stored_versions(tx, group)
    changed = [rows for rows in group if stored.get(rows.doc_id) != [(rows.doc_id, rows.facts_hash)]]
    old_ids = sorted({version for rows in changed for version, _ in stored.get(rows.doc_id, [])})
    affected = set(_delete_documents(tx, old_ids))
    for batch in _batches([{"id": rows.doc_id, "props": {**rows.document,
                                                          "text": (rows.document["text"] or "")[:TEXT_PIECE_CHARS]}}
                           for rows in changed], batch_size):
        tx.run(cypher.load("load_documents"), rows=batch).consume()
    for rows in changed:
        text = rows.document["text"] or ""
        for start in range(TEXT_PIECE_CHARS, len(text), TEXT_PIECE_CHARS):
            tx.run(cypher.load("append_document_text"), id=rows.doc_id,
                   piece=text[start:start + TEXT_PIECE_CHARS]).consume()
    entities = list({entity["id"]: entity for rows in changed for entity in rows.entities}.values())
    mentions = [{**mention, "doc_id": rows.doc_id} for rows in changed for mention in rows.mentions]
    current = _current_names(tx, [entity["id"] for entity in entities], batch_size)
    # Entities the old versions mentioned may lose forms: recomputed from every document at the end. The others
    # only gain forms, so their names come from what they have now plus the new mentions, without reading the
    # mentions of other documents (a much-mentioned entity has thousands).
    named = {row["key"]: row for row in entity_names(
        [view for key, view in current.items() if key not in affected]
        + [{"key": mention["key"], **mention["props"]} for mention in mentions if mention["key"] not in affected])}
    new = [{**entity, **named[entity["id"]]} for entity in entities if entity["id"] not in current]
    for entity_type, typed in _by_type(new).items():
        for batch in _batches(typed, batch_size):
            tx.run(cypher.load_labelled("load_entities", entity_type), rows=batch).consume()
    for batch in _batches(mentions, batch_size):
        written = tx.run(cypher.load("load_mentions"), rows=batch).single()["written"]
        if written != len(batch):
            _raise_missing(tx, _labels(changed), [row["key"] for row in batch])
    relations = [relation for rows in changed for relation in rows.relations]
    for relation_type, typed in _by_type(relations).items():
        for batch in _batches(typed, batch_size):
            written = tx.run(cypher.load_labelled("load_relations", relation_type), rows=batch).single()["written"]
            if written != len(batch):
                _raise_missing(tx, _labels(changed), [k for row in batch for k in (row["source"], row["target"])])
    for batch in _batches([named[key] for key in sorted(current) if key not in affected], batch_size):
        tx.run(cypher.load("set_entity_names"), rows=batch).consume()
    _refresh_entities(tx, sorted(affected), batch_size)
    written = {rows.doc_id for rows in changed}
    return [LoadResult(rows.doc_id, rows.doc_name, rows.document["source"],
                       "unchanged" if rows.doc_id not in written else "replaced" if stored.get(rows.doc_id)
                       else "loaded", len(rows.entities), len(rows.relations)) for rows in group]


def _stored_versions(tx: neo4j.ManagedTransaction, group: list[DocumentRows]) -> dict[str, list[tuple[str, str]]]:
    """The stored documents each document of the group replaces, as (id, facts_hash): the same document (its id
    derives from its source), or the one an older ecokg loaded from the same file (it stored no source and keyed
    documents by file name)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for row in tx.run(cypher.load("document_versions"), ids=[rows.doc_id for rows in group]):
        found.setdefault(row["id"], []).append((row["id"], row["facts_hash"]))
    by_file = {(rows.doc_name, rows.document["path"]): rows.doc_id for rows in group}
    for row in tx.run(cypher.load("legacy_document_versions"), docs=sorted({name for name, _ in by_file})):
        doc_id = by_file.get((row["doc"], row["path"]))
        if doc_id is not None:
            found.setdefault(doc_id, []).append((row["id"], row["facts_hash"]))
    return found


def _by_type(rows: list[dict]) -> dict[str, list[dict]]:
    typed: dict[str, list[dict]] = {}
    for row in rows:
        typed.setdefault(row["type"], []).append(row)
    return typed


def _labels(group: list[DocumentRows]) -> str:
    return group[0].label if len(group) == 1 else f"one of {len(group)} documents ({group[0].label}, …)"


def _rows_bytes(rows: DocumentRows) -> int:
    """About how many bytes of parameters a document sends (its text counted by characters)."""
    return len(rows.document.get("text") or "") * 3 + 200 * (len(rows.entities) + len(rows.mentions)
                                                              + len(rows.relations))


def remove_document(store: Store, ref: str, *, path: str | None = None) -> RemoveResult:
    """Delete a document, its facts, and every entity only it mentioned (see :func:`match_documents` for ``ref``).

    ``path`` is ``ref`` read as a file path, resolved by the caller (the CLI, against its working directory)."""

    def work(tx: neo4j.ManagedTransaction) -> RemoveResult:
        refs = [ref] if path is None else [ref, path]
        found = match_documents(tx.run(cypher.load("find_documents"), refs=refs).data(), ref, refs)
        doc_ids = [row["id"] for row in found]
        affected = _delete_documents(tx, doc_ids)
        deleted = _refresh_entities(tx, affected, BATCH_SIZE)
        return RemoveResult(doc_ids, [row["doc"] for row in found], [row["source"] for row in found], deleted)

    with store.session() as session:
        removed = session.execute_write(work)
    mark_changed(store)
    return removed


def match_documents(rows: list[dict], ref: str, refs: list[str]) -> list[dict]:
    """The documents ``ref`` names among ``find_documents`` rows (pure): the one with that id, else
    those with that source or path (``refs`` holds ``ref`` and its resolved path), else the one with
    that file name; several with that name are refused, listing them."""
    for matches in ([row for row in rows if row["id"] == ref],
                    [row for row in rows if row["source"] in refs or row["path"] in refs]):
        if matches:
            return matches
    named = [row for row in rows if row["doc"] == ref]
    if len(named) > 1:
        listed = ", ".join(row["source"] or row["path"] or row["id"] for row in named)
        raise AmbiguousDocumentError(
            f"{len(named)} documents are named {ref!r} ({listed}); give the path, source or id of one", named)
    if not named:
        raise NotFoundError(f"no document {ref!r} in the graph; give its id, file name, path or source (upload:<name>)")
    return named


def _delete_documents(tx: neo4j.ManagedTransaction, doc_ids: list[str]) -> list[str]:
    """Delete documents and their facts; returns the keys of the entities they mentioned."""
    if not doc_ids:
        return []
    keys = [row["key"] for row in tx.run(cypher.load("document_entity_keys"), doc_ids=doc_ids)]
    tx.run(cypher.load("delete_document_facts"), doc_ids=doc_ids).consume()
    return keys


def _refresh_entities(tx: neo4j.ManagedTransaction, keys: list[str], batch_size: int) -> int:
    """Recompute names and aliases of the given entities; delete those no document mentions. Returns deletions."""
    deleted = 0
    for batch in _batches(keys, batch_size):
        deleted += tx.run(cypher.load("delete_orphan_entities"), keys=batch).single()["deleted"]
        views = tx.run(cypher.load("entity_mentions"), keys=batch).data()
        tx.run(cypher.load("set_entity_names"), rows=entity_names(views)).consume()
    return deleted


def _current_names(tx: neo4j.ManagedTransaction, keys: list[str], batch_size: int) -> dict[str, dict]:
    """The stored entities among ``keys``, each as an :func:`entity_names` view of what it has now."""
    current = {}
    for batch in _batches(keys, batch_size):
        for row in tx.run(cypher.load("entity_current_names"), keys=batch):
            current[row["key"]] = {"key": row["key"], "name": row["name"],
                                   "forms": [row["name"], *(row["aliases"] or [])], "ambiguous": row["ambiguous"]}
    return current


def _raise_missing(tx: neo4j.ManagedTransaction, label: str, keys: list[str]) -> None:
    present = {row["key"] for row in tx.run(cypher.load("existing_entity_keys"), keys=sorted(set(keys)))}
    missing = sorted(set(keys) - present)
    raise LoadError(
        f"{label}: refers to entity {', '.join(missing[:5])} which is not in the graph; "
        "nothing of this document was written"
    )


# one encoder for every row's size (json.dumps makes one per call: a fifth of the time over a build's ~10⁵ rows)
_ROW_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _batches(items: list, size: int, max_bytes: int = MAX_MESSAGE_BYTES) -> Iterator[list]:
    """``items`` in batches of at most ``size`` rows and about ``max_bytes`` of JSON (a larger row goes alone)."""
    batch: list = []
    batch_bytes = 0
    for item in items:
        item_bytes = len(_ROW_JSON(item).encode("utf-8", "surrogatepass"))
        if batch and (len(batch) >= size or batch_bytes + item_bytes > max_bytes):
            yield batch
            batch, batch_bytes = [], 0
        batch.append(item)
        batch_bytes += item_bytes
    if batch:
        yield batch


def _first_line(exc: neo4j.exceptions.Neo4jError) -> str:
    return (exc.message or str(exc)).strip().splitlines()[0]
