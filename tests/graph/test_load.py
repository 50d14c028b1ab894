from __future__ import annotations

import dataclasses

import pytest

from ecokg.errors import AmbiguousDocumentError, LoadError, NotFoundError
from ecokg.records import Relation
from graph.load import (entity_names, load_document, load_many, load_rows, match_documents, remove_document,
                        transform_document)
from graph.stats import get_stats
from graph.store import Store


# --------------------------------------------------------------------------- transform (pure)


def test_transform_keys_rows_by_entity_key_and_document(make_document) -> None:
    doc = make_document()
    rows = transform_document(doc)
    assert rows.doc_id == doc.graph_id and rows.doc_name == doc.doc
    assert (rows.document["source"], rows.document["content_hash"]) == (doc.source, doc.id)
    assert {e["id"] for e in rows.entities} == {"Hospital:东方医院", "University:同济大学", "ResearchInstitute:药物所"}
    hospital = next(m for m in rows.mentions if m["key"] == "Hospital:东方医院")["props"]
    assert hospital["forms"] == ["同济大学附属东方医院", "东方医院"]
    assert len(hospital["surface"]) == len(hospital["starts"]) == len(hospital["ends"]) == 2
    affiliated = next(r for r in rows.relations if r["type"] == "AFFILIATED_WITH")
    assert (affiliated["source"], affiliated["target"], affiliated["doc"]) == ("Hospital:东方医院", "University:同济大学", doc.graph_id)
    assert affiliated["props"]["evidence"] == "同济大学附属东方医院"
    assert affiliated["props"]["rule"] == "affiliated_hospital" and affiliated["props"]["doc_name"] == doc.doc


def test_transform_is_deterministic_and_the_hash_follows_the_facts(make_document) -> None:
    assert transform_document(make_document()) == transform_document(make_document())
    assert transform_document(make_document()).facts_hash != transform_document(make_document(version=2)).facts_hash


def test_cooperation_is_one_relation_per_pair_keeping_the_most_confident(make_document) -> None:
    doc = make_document()
    forward = doc.relations[1]
    backward = Relation(source="e3", target="e1", type="COOPERATES_WITH", evidence=forward.evidence,
                        rule="reverse", confidence=0.99)
    rows = transform_document(doc.model_copy(update={"relations": [*doc.relations, backward]}))
    cooperation = [r for r in rows.relations if r["type"] == "COOPERATES_WITH"]
    assert len(cooperation) == 1
    assert cooperation[0]["props"]["rule"] == "reverse"


def test_transform_names_the_document_for_bad_records(make_document) -> None:
    doc = make_document()
    dangling = doc.relations[0].model_copy(update={"target": "e99"})
    with pytest.raises(LoadError, match=r"pudong_001.txt: relation 2 .*e99"):
        transform_document(doc.model_copy(update={"relations": [*doc.relations, dangling]}))
    unresolved = doc.entities[0].model_copy(update={"key": None})
    with pytest.raises(LoadError, match=r"pudong_001.txt: entity e1 .* has no key"):
        transform_document(doc.model_copy(update={"entities": [unresolved, *doc.entities[1:]]}))


def test_entity_names_prefer_the_fullest_name_whatever_the_order() -> None:
    views = [
        {"key": "k", "name": "东方医院", "forms": ["东方医院"], "ambiguous": False},
        {"key": "k", "name": "同济大学附属东方医院", "forms": ["同济大学附属东方医院", "东方"], "ambiguous": True},
    ]
    expected = [{"key": "k", "name": "同济大学附属东方医院", "aliases": ["东方", "东方医院"], "ambiguous": True}]
    assert entity_names(views) == expected
    assert entity_names(list(reversed(views))) == expected


# --------------------------------------------------------------------------- load against the server


def test_load_writes_entities_documents_mentions_and_provenance(empty_store: Store, make_document) -> None:
    doc = make_document()
    result = load_document(empty_store, doc)
    assert (result.status, result.entities, result.relations) == ("loaded", 3, 2)
    with empty_store.session() as session:
        hospital = session.run("MATCH (e:Hospital {id: 'Hospital:东方医院'}) RETURN e, labels(e) AS labels").single()
        rel = session.run(
            "MATCH (:Entity {id: 'Hospital:东方医院'})-[r:COOPERATES_WITH]-(:Entity {id: 'ResearchInstitute:药物所'}) "
            "RETURN properties(r) AS props"
        ).single()["props"]
    assert sorted(hospital["labels"]) == ["Entity", "Hospital"]
    assert hospital["e"]["name"] == "同济大学附属东方医院" and hospital["e"]["aliases"] == ["东方医院"]
    assert rel["doc"] == doc.graph_id and rel["doc_name"] == doc.doc and rel["confidence"] == 0.8
    assert rel["evidence"] == doc.text[rel["start"]:rel["end"]]
    stats = get_stats(empty_store)
    assert (stats.documents, stats.entities) == (1, 3)
    assert stats.relationships == {"AFFILIATED_WITH": 1, "COOPERATES_WITH": 1, "MENTIONS": 3}


def test_loading_the_same_document_twice_changes_nothing(empty_store: Store, make_document, graph_snapshot) -> None:
    load_document(empty_store, make_document())
    before = graph_snapshot(empty_store)
    assert load_document(empty_store, make_document()).status == "unchanged"
    assert graph_snapshot(empty_store) == before


def test_a_changed_document_replaces_exactly_its_own_facts(empty_store: Store, make_document, graph_snapshot) -> None:
    load_document(empty_store, make_document("other.txt", extra_partner="透景"))
    load_document(empty_store, make_document())
    result = load_document(empty_store, make_document(version=2, extra_partner="西门子"))
    assert result.status == "replaced"
    with empty_store.session() as session:
        docs = session.run("MATCH (d:Document) RETURN d.doc AS doc, d.id AS id ORDER BY doc").data()
        facts = session.run(
            "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS type, b.id AS b, r.doc_name AS doc"
        ).data()
    assert docs == [{"doc": "other.txt", "id": make_document("other.txt", extra_partner="透景").graph_id},
                    {"doc": "pudong_001.txt", "id": make_document(version=2, extra_partner="西门子").graph_id}]
    by_doc = {}
    for fact in facts:
        by_doc.setdefault(fact["doc"], set()).add((fact["a"], fact["type"], fact["b"]))
    assert ("Company:西门子", "COOPERATES_WITH", "Hospital:东方医院") in by_doc["pudong_001.txt"]
    assert ("Company:透景", "COOPERATES_WITH", "Hospital:东方医院") in by_doc["other.txt"]
    assert len(by_doc["pudong_001.txt"]) == 3 and len(by_doc["other.txt"]) == 3

    # Going back to version 1 drops 西门子 (only version 2 mentioned it) and leaves other.txt untouched.
    expected = graph_snapshot(empty_store)
    load_document(empty_store, make_document())
    with empty_store.session() as session:
        assert session.run("MATCH (e:Entity {id: 'Company:西门子'}) RETURN count(e) AS n").single()["n"] == 0
    load_document(empty_store, make_document(version=2, extra_partner="西门子"))
    assert graph_snapshot(empty_store) == expected


def test_remove_deletes_a_document_and_what_only_it_supported(empty_store: Store, make_document, graph_snapshot) -> None:
    load_document(empty_store, make_document("other.txt"))
    only_other = graph_snapshot(empty_store)
    load_document(empty_store, make_document(extra_partner="西门子"))
    result = remove_document(empty_store, "pudong_001.txt")
    assert result.docs == ["pudong_001.txt"] and result.entities_deleted == 1
    assert graph_snapshot(empty_store) == only_other
    remove_document(empty_store, make_document("other.txt").graph_id)
    assert graph_snapshot(empty_store) == ([], [])
    with pytest.raises(NotFoundError, match="no document 'nothing.txt'"):
        remove_document(empty_store, "nothing.txt")


def in_folder(doc, folder: str):
    """``doc`` as the file of its name in ``folder`` (a source of its own)."""
    return doc.model_copy(update={"source": f"/{folder}/{doc.doc}", "path": f"/{folder}/{doc.doc}"})


def test_same_named_documents_in_two_folders_are_two_documents(empty_store: Store, make_document) -> None:
    here, there = in_folder(make_document(), "a"), in_folder(make_document(version=2, extra_partner="西门子"), "b")
    assert [load_document(empty_store, doc).status for doc in (here, there)] == ["loaded", "loaded"]
    assert [load_document(empty_store, doc).status for doc in (here, there)] == ["unchanged", "unchanged"]
    with empty_store.session() as session:
        docs = session.run("MATCH (d:Document) RETURN d.id AS id, d.source AS source, d.content_hash AS hash "
                           "ORDER BY source").data()
    assert docs == [{"id": here.graph_id, "source": "/a/pudong_001.txt", "hash": here.id},
                    {"id": there.graph_id, "source": "/b/pudong_001.txt", "hash": there.id}]
    # an edit of one replaces that one only
    edited = in_folder(make_document(version=3), "a")
    assert load_document(empty_store, edited).status == "replaced"
    assert get_stats(empty_store).documents == 2


def test_remove_takes_an_id_a_path_or_a_unique_file_name(empty_store: Store, make_document) -> None:
    here, there = in_folder(make_document(), "a"), in_folder(make_document(extra_partner="西门子"), "b")
    for doc in (here, there, in_folder(make_document("other.txt"), "a")):
        load_document(empty_store, doc)
    with pytest.raises(AmbiguousDocumentError, match=r"2 documents are named 'pudong_001.txt' \(/a/pudong_001.txt, "
                                                     r"/b/pudong_001.txt\); give the path") as refused:
        remove_document(empty_store, "pudong_001.txt")
    assert [c["source"] for c in refused.value.candidates] == ["/a/pudong_001.txt", "/b/pudong_001.txt"]
    assert get_stats(empty_store).documents == 3
    removed = remove_document(empty_store, "b/pudong_001.txt", path="/b/pudong_001.txt")  # the CLI resolves the path
    assert (removed.doc_ids, removed.sources, removed.entities_deleted) == ([there.graph_id], ["/b/pudong_001.txt"], 1)
    assert remove_document(empty_store, "pudong_001.txt").sources == ["/a/pudong_001.txt"]  # unique now
    assert remove_document(empty_store, in_folder(make_document("other.txt"), "a").graph_id).docs == ["other.txt"]
    assert get_stats(empty_store).documents == 0


def test_matching_a_reference_prefers_the_id_then_the_path_then_the_name() -> None:
    rows = [{"id": "1", "doc": "a.txt", "source": "/x/a.txt", "path": "/x/a.txt"},
            {"id": "2", "doc": "a.txt", "source": "upload:a.txt", "path": "/data/uploads/a.txt"},
            {"id": "3", "doc": "b.txt", "source": None, "path": "/old/b.txt"}]  # loaded by an older ecokg
    assert match_documents(rows, "2", ["2"]) == [rows[1]]
    assert match_documents(rows, "upload:a.txt", ["upload:a.txt"]) == [rows[1]]
    assert match_documents(rows, "/data/uploads/a.txt", ["/data/uploads/a.txt"]) == [rows[1]]
    assert match_documents(rows, "b.txt", ["b.txt", "/cwd/b.txt"]) == [rows[2]]
    with pytest.raises(AmbiguousDocumentError):
        match_documents(rows, "a.txt", ["a.txt", "/cwd/a.txt"])
    assert match_documents(rows, "a.txt", ["a.txt", "/x/a.txt"]) == [rows[0]]  # ./a.txt in /x is that file


def test_a_failing_document_is_rolled_back_whole(empty_store: Store, make_document, graph_snapshot) -> None:
    load_document(empty_store, make_document())
    before = graph_snapshot(empty_store)
    rows = transform_document(make_document(version=2, extra_partner="西门子"))
    # The first relation batch loads; the second names an entity that does not exist.
    broken = [*rows.relations[:1], {**rows.relations[1], "target": "Company:missing"}, *rows.relations[2:]]
    with pytest.raises(LoadError, match=r"corpus/pudong_001.txt: refers to entity Company:missing .*nothing"):
        load_rows(empty_store, dataclasses.replace(rows, relations=broken), batch_size=1)
    assert graph_snapshot(empty_store) == before


def test_one_key_with_two_types_in_a_document_is_refused(make_document) -> None:
    doc = make_document()
    clash = doc.entities[2].model_copy(update={"key": "Hospital:东方医院"})
    with pytest.raises(LoadError, match="pudong_001.txt: entity key Hospital:东方医院 is given two types"):
        transform_document(doc.model_copy(update={"entities": [*doc.entities[:2], clash]}))


def test_text_that_is_not_unicode_is_refused_naming_the_document(make_document) -> None:
    with pytest.raises(LoadError, match=r"corpus/pudong_001.txt: holds '\\ud800', which is not a Unicode character"):
        transform_document(make_document().model_copy(update={"title": "通知\ud800"}))


def test_many_documents_in_one_transaction_give_the_graph_one_per_transaction_gives(
        empty_store: Store, make_document, graph_snapshot) -> None:
    documents = [make_document(f"doc{i}.txt", extra_partner=partner) for i, partner in
                 enumerate(["西门子", None, "透景", "西门子"])]
    for doc in documents:
        load_document(empty_store, doc)
    one_by_one = graph_snapshot(empty_store)
    with empty_store.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    results = list(load_many(empty_store, [transform_document(doc) for doc in documents], docs_per_transaction=3))
    assert [r.status for r in results] == ["loaded"] * 4
    assert graph_snapshot(empty_store) == one_by_one
    again = list(load_many(empty_store, [transform_document(doc) for doc in documents]))
    assert [r.status for r in again] == ["unchanged"] * 4


def test_a_bad_document_in_a_bulk_transaction_fails_alone(empty_store: Store, make_document, graph_snapshot) -> None:
    good = [transform_document(make_document(f"doc{i}.txt")) for i in range(3)]
    load_document(empty_store, make_document("doc1.txt", extra_partner="西门子"))  # doc1 is replaced
    bad = transform_document(make_document("bad.txt", extra_partner="透景"))
    bad = dataclasses.replace(bad, relations=[{**bad.relations[0], "target": "Company:missing"}, *bad.relations[1:]])
    results = list(load_many(empty_store, [good[0], bad, good[1], good[2]]))
    assert [getattr(r, "status", None) for r in results] == ["loaded", None, "replaced", "loaded"]
    assert isinstance(results[1], LoadError) and "bad.txt" in str(results[1]) and "Company:missing" in str(results[1])
    with empty_store.session() as session:
        docs = session.run("MATCH (d:Document) RETURN d.doc AS doc ORDER BY doc").value()
        partners = session.run("MATCH (e:Entity) WHERE e.id IN ['Company:透景', 'Company:西门子'] RETURN e.id").value()
    assert docs == ["doc0.txt", "doc1.txt", "doc2.txt"] and partners == []  # nothing of bad.txt, doc1's old fact gone
