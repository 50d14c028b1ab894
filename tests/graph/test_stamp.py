"""graph/stamp.py: every ecokg write sets a new change stamp after it commits; a failed write sets none."""
from __future__ import annotations

import dataclasses
import logging

import pytest
from neo4j import GraphDatabase

from ecokg.errors import LoadError
from graph.analytics import write_metrics
from graph.load import load_document, load_many, load_rows, remove_document, transform_document
from graph.query import run_cypher
from graph.stamp import mark_changed, read_stamp
from graph.store import Store


def stamp(store: Store) -> str | None:
    with store.read_session() as session:
        return read_stamp(session)


def test_each_write_sets_a_new_stamp(empty_store: Store, make_document) -> None:
    assert stamp(empty_store) is None  # nothing stamped the wiped graph yet
    seen = []
    load_document(empty_store, make_document())
    seen.append(stamp(empty_store))
    list(load_many(empty_store, [transform_document(make_document("pudong_002.txt"))]))
    seen.append(stamp(empty_store))
    write_metrics(empty_store, {"Hospital:东方医院": {"degree": 1}})
    seen.append(stamp(empty_store))
    run_cypher(empty_store, "MATCH (e:Entity {id: 'Hospital:东方医院'}) SET e.note = 'checked'", write=True)
    seen.append(stamp(empty_store))
    remove_document(empty_store, "pudong_002.txt")
    seen.append(stamp(empty_store))
    assert None not in seen and len(set(seen)) == len(seen)
    with empty_store.read_session() as session:
        assert session.run("MATCH (v:GraphStamp) RETURN count(v) AS n").single()["n"] == 1


def test_a_write_that_fails_sets_no_stamp(empty_store: Store, make_document) -> None:
    load_document(empty_store, make_document())
    before = stamp(empty_store)
    rows = transform_document(make_document("pudong_002.txt"))
    broken = dataclasses.replace(rows, relations=[{**rows.relations[0], "target": "Company:missing"}])
    assert isinstance(list(load_many(empty_store, [broken]))[0], LoadError)
    with pytest.raises(LoadError):
        load_rows(empty_store, broken)
    assert stamp(empty_store) == before


def test_a_stamp_that_cannot_be_set_is_logged_not_raised(empty_store: Store, caplog) -> None:
    unreachable = GraphDatabase.driver("bolt://127.0.0.1:1", max_transaction_retry_time=0)  # nothing listens
    caplog.set_level(logging.WARNING, logger="graph.stamp")
    try:
        mark_changed(dataclasses.replace(empty_store, driver=unreachable))
    finally:
        unreachable.close()
    assert "ECOKG_API_CONTENT_CHECK_S" in caplog.text
