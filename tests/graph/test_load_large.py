"""A document larger than the Bolt server's message limit (16 MiB on ArcadeDB) loads in pieces, in one transaction."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from ecokg.errors import LoadError
from ecokg.records import Document, Entity, Evidence, Mention, Relation
from graph import cypher
from graph.load import MAX_MESSAGE_BYTES, _batches, load_rows, transform_document
from graph.store import Store

TEXT_CHARS = 7_000_000  # 21 MB of UTF-8: over the 16 MiB message limit in one property alone
ENTITIES = 1000


def large_document() -> Document:
    name = "复旦大学附属华山医院"
    text = "复" * (TEXT_CHARS - len(name)) + name
    entities = [Entity(id=f"e{i}", name=f"测试生物医药科技有限公司{i:05d}", type="Company", key=f"Company:测试{i:05d}",
                       mentions=[Mention(start=s, end=s + 10, text="复" * 10) for s in range(0, 400_000, 20_000)])
                for i in range(ENTITIES)]
    relations = [Relation(source=f"e{i}", target=f"e{i + 1}", type="COOPERATES_WITH",
                          evidence=Evidence(text="复" * 500, start=0, end=500), rule="test", confidence=0.9)
                 for i in range(0, ENTITIES - 1, 2)]
    return Document(doc="large.txt", id="f" * 64, source="/corpus/large.txt", path="/corpus/large.txt", text=text,
                    extractor_version="test", entities=entities, relations=relations)


@pytest.fixture()
def large_store(empty_store: Store) -> Iterator[Store]:
    """The empty store, emptied again after the test, the documents' text first: ArcadeDB reads a vertex's whole
    record again for each relationship DETACH DELETE removes, so wiping this document as it is (21 MB of text,
    1,000 mentions) takes hours, and seconds once its text is gone."""
    yield empty_store
    with empty_store.session() as session:
        session.run("MATCH (d:Document) SET d.text = ''").consume()
        session.run(cypher.load("wipe")).consume()


def test_batches_keep_to_the_row_and_byte_bounds() -> None:
    rows = [{"text": "复" * 1000} for _ in range(10_000)]
    batches = list(_batches(rows, 1000, max_bytes=100_000))
    assert [row for batch in batches for row in batch] == rows
    assert all(len(batch) <= 1000 and len(batch) * 3012 <= 100_000 + 3012 for batch in batches)
    assert list(_batches([{"text": "x" * 500}], 10, max_bytes=100)) == [[{"text": "x" * 500}]]  # a big row goes alone


@pytest.mark.slow
def test_a_document_over_the_message_limit_loads_whole_in_one_transaction(large_store: Store) -> None:
    rows = transform_document(large_document())
    assert len(rows.document["text"].encode()) > 16 * 1024 * 1024 > MAX_MESSAGE_BYTES
    result = load_rows(large_store, rows)
    assert (result.status, result.entities, result.relations) == ("loaded", ENTITIES, ENTITIES // 2)
    with large_store.session() as session:
        stored = session.run("MATCH (d:Document {id: $id}) RETURN size(d.text) AS chars, "
                             "substring(d.text, $tail, 10) AS tail", id=rows.doc_id, tail=TEXT_CHARS - 10).single()
        links = session.run("MATCH (:Document {id: $id})-[m:MENTIONS]->() RETURN count(m) AS n", id=rows.doc_id).single()
    assert (stored["chars"], stored["tail"], links["n"]) == (TEXT_CHARS, "复旦大学附属华山医院", ENTITIES)
    assert load_rows(large_store, rows).status == "unchanged"


@pytest.mark.slow
def test_a_large_document_failing_in_its_last_batch_writes_nothing(large_store: Store, graph_snapshot) -> None:
    rows = transform_document(large_document())
    broken = [*rows.relations[:-1], {**rows.relations[-1], "target": "Company:不在图中"}]
    before = graph_snapshot(large_store)
    with pytest.raises(LoadError, match=r"/corpus/large\.txt: .*not in the graph"):
        load_rows(large_store, dataclasses.replace(rows, relations=broken))
    assert graph_snapshot(large_store) == before
