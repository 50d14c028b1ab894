"""The hostile suite (tests/api/hostile_cypher.py) against both guards of analysts' Cypher.

Layer 1, the query check, refuses every query. Layer 2, the database, is tested as if layer 1 did not
exist: each query runs straight on the store's read-only user, and afterwards the whole graph and its
schema are unchanged and no byte of the canary file or of the server's password came back.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import neo4j
import pytest

from ecokg.errors import QueryError
from graph.readonly import check_read_only
from graph.store import EmbeddedPaths
from hostile_cypher import hostile_queries


GROUP = 20  # queries run between two snapshots of the graph


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    token = f"canary-{secrets.token_hex(8)}"
    path = tmp_path_factory.mktemp("canary") / "canary.csv"
    path.write_text(f"{token},{token}\n", encoding="utf-8")
    return path, token


@pytest.fixture(scope="module")
def suite(canary, settings) -> list[str]:
    secret = EmbeddedPaths.of(settings).password_file if settings.embedded else Path("/etc/hostname")
    return hostile_queries(str(canary[0]), str(secret))


def schema(store) -> dict[str, list[str]]:
    """Labels, relationship types and property keys the database knows, and for the embedded server its files."""
    with store.session() as session:
        found = {
            "labels": sorted(row["label"] for row in session.run("CALL db.labels() YIELD label RETURN label")),
            "types": sorted(row["relationshipType"] for row in
                            session.run("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType")),
        }
    return found


def database_files(settings) -> list[str]:
    if not settings.embedded:
        return []
    database = EmbeddedPaths.of(settings).server_root / "databases" / "ecokg"
    # Buckets and indexes are files per type: a type created and rolled back would leave one behind.
    return sorted(path.name for path in database.iterdir() if not path.name.endswith((".wal", ".lck")))


def test_the_suite_is_large_and_every_query_is_refused_by_the_check(suite) -> None:
    assert len(suite) >= 150
    passed = []
    for query in suite:
        try:
            check_read_only(query)
            passed.append(query)
        except QueryError:
            pass
    assert passed == []


@pytest.mark.slow
def test_the_database_alone_refuses_every_hostile_query(fudan_graph, graph_snapshot, settings, canary) -> None:
    # Runaway reads change nothing and would each take the server's whole time limit: test_cypher_limits has them.
    secret = EmbeddedPaths.of(settings).password_file if settings.embedded else Path("/etc/hostname")
    suite = hostile_queries(str(canary[0]), str(secret), runaway=False)
    assert len(suite) >= 150
    before, schema_before, files_before = graph_snapshot(fudan_graph), schema(fudan_graph), database_files(settings)
    secrets_out = [canary[1]]
    if settings.embedded:
        secrets_out.append(EmbeddedPaths.of(settings).password_file.read_text().strip())
    leaked, changed = [], []
    for start in range(0, len(suite), GROUP):  # a whole snapshot per query would take minutes
        group = suite[start:start + GROUP]
        for query in group:
            try:
                with fudan_graph.read_session() as session:
                    answer = repr(session.run(query).data())
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError) as exc:
                answer = str(exc)
            if any(secret in answer for secret in secrets_out):
                leaked.append(query)
        if graph_snapshot(fudan_graph) != before:
            changed.append(group)
            before = graph_snapshot(fudan_graph)
    assert leaked == [] and changed == []
    assert schema(fudan_graph) == schema_before
    assert database_files(settings) == files_before


@pytest.mark.slow
def test_the_api_refuses_every_hostile_query(client, fudan_graph, graph_snapshot, suite) -> None:
    before = graph_snapshot(fudan_graph)
    answered = {}
    for query in suite:
        response = client.post("/cypher", json={"query": query})
        if response.status_code not in (400, 422) or response.json()["error"]["code"] not in (
                "query_refused", "validation_error"):
            answered[query] = response.status_code
    assert answered == {}
    assert graph_snapshot(fudan_graph) == before
