"""POST /cypher: read-only Cypher. Hostile queries are refused up front; a write that got past the check would be
rolled back and refused; the graph is unchanged either way."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ecokg.errors import QueryError
from graph.query import run_cypher
from graph.readonly import check_read_only

HOSTILE = [
    "CREATE (n:Entity {id: 'x'})",
    "create (n:Entity {id: 'x'})",
    "MATCH (e:Entity) SET e.name = 'x'",
    "MATCH (e:Entity) sEt e.name = 'x'",
    "MATCH (e:Entity) DETACH DELETE e",
    "MATCH (e:Entity) REMOVE e.name",
    "MERGE (n:Entity {id: 'x'}) RETURN n",
    "MATCH (e:Entity) /* only reading */ DELETE e",
    "MATCH (e:Entity) // comment\nDELETE e",
    "MATCH (e:Entity) RETURN e.name AS n // harmless\n; MATCH (e) DETACH DELETE e",
    "MATCH (e:Entity) RETURN e; CREATE (x:Entity {id: 'y'})",
    "MATCH (e:Entity) CALL { WITH e SET e.name = 'x' } RETURN count(*)",
    "CALL { CREATE (x:Entity {id: 'y'}) } RETURN 1",
    "MATCH (e:Entity) CALL (e) { DETACH DELETE e } RETURN 1",
    "ＣＲＥＡＴＥ (n:Entity {id: 'x'})",  # full-width letters
    "MATCH (e:Entity) ＳＥＴ e.name = 'x'",
    "MATCH (e:Entity) ЅET e.name = 'x'",  # Cyrillic Ѕ
    "MATCH (e:Entity) DE\u200bLETE e",  # zero-width space inside the keyword
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "UNWIND [1, 2] AS x FOREACH (i IN [x] | CREATE (:Entity {id: toString(i)}))",
    "USING PERIODIC COMMIT 10 LOAD CSV FROM 'x' AS row RETURN row",
    "MATCH (e) CALL { WITH e DELETE e } IN TRANSACTIONS RETURN 1",
    "CALL apoc.create.node(['Entity'], {id: 'x'})",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})",
    "CALL dbms.security.createUser('x', 'y', false)",
    "CALL db.createLabel('X')",
    "CALL db.index.fulltext.drop('x')",
    "DROP CONSTRAINT entity_id",
    "CREATE INDEX x IF NOT EXISTS FOR (n:Entity) ON (n.x)",
    "SHOW USERS",
    "USE system SHOW DATABASES",
    "STOP DATABASE ecokg",
    "GRANT ROLE admin TO x",
    "MATCH (e:Entity) WHERE e.name = 'it\\'s' DELETE e",
    "MATCH (e:`Entity`) WITH e, 'a' AS s DELETE e",
    "",
    "   // only a comment",
]

READS = [
    ("MATCH (e:Entity) RETURN e.name AS name ORDER BY name", None),
    ("MATCH (e:Entity) WHERE e.name = 'CREATE SET DELETE' RETURN count(e) AS n", [[0]]),  # keywords in a string
    ("MATCH (e:Entity) // DELETE e\nRETURN count(e) AS n", [[10]]),
    ("MATCH (a)-[r:COOPERATES_WITH]-(b) RETURN r.start AS start, r.end AS end LIMIT 1", None),
    ("MATCH (e:University) WHERE e.name STARTS WITH $prefix RETURN e.id AS id", [["University:复旦大学"],
                                                                                  ["University:复旦大学药学院"]]),
    ("CALL { MATCH (e:Entity) RETURN e } RETURN count(e) AS n;", [[10]]),
    ("CALL db.labels()", None),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_is_refused_and_changes_nothing(client, fudan_graph, graph_snapshot, query) -> None:
    before = graph_snapshot(fudan_graph)
    response = client.post("/cypher", json={"query": query or " "})
    assert response.status_code in (400, 422), response.text
    error = response.json()["error"]
    assert set(error) <= {"code", "message", "detail"} and error["code"] in ("query_refused", "validation_error")
    assert graph_snapshot(fudan_graph) == before


@pytest.mark.parametrize(("query", "rows"), READS)
def test_reads_are_answered(client, fudan_graph, query, rows) -> None:
    response = client.post("/cypher", json={"query": query, "params": {"prefix": "复旦大学"}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"] and body["truncated"] is False
    if rows is not None:
        assert sorted(body["rows"]) == rows


def test_nodes_become_maps(client, fudan_graph) -> None:
    body = client.post("/cypher", json={"query": "MATCH (e:University {id: $id}) RETURN e",
                                        "params": {"id": "University:复旦大学"}}).json()
    [[node]] = body["rows"]
    assert node["labels"] == ["Entity", "University"] and node["properties"]["name"] == "复旦大学"


def test_a_write_past_the_check_is_refused_by_the_database(fudan_graph, graph_snapshot, monkeypatch) -> None:
    before = graph_snapshot(fudan_graph)
    monkeypatch.setattr("graph.query.check_read_only", lambda query: None)  # as if the first guard missed it
    with pytest.raises(QueryError, match="refused|rolled back"):
        run_cypher(fudan_graph, "MATCH (e:Entity) SET e.name = 'changed' RETURN count(e)", timeout_s=5.0)
    assert graph_snapshot(fudan_graph) == before


def test_row_cap_and_bad_cypher(client, fudan_graph) -> None:
    body = client.post("/cypher", json={"query": "UNWIND range(1, 1500) AS x RETURN x"}).json()
    assert len(body["rows"]) == 1000 and body["truncated"] is True
    broken = client.post("/cypher", json={"query": "MATCH (e:Entity RETURN e"})
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "query_refused"
    assert client.post("/cypher", json={"params": {}}).status_code == 422


def test_slow_query_times_out(api_settings, store) -> None:
    quick = api_settings.model_copy(update={"cypher_timeout_s": 0.2})
    with TestClient(create_app(quick)) as client:
        # 10^10 rows: no machine finishes it inside the 0.2 s limit plus the API's grace; the server stops it later
        response = client.post("/cypher", json={"query": "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
                                                          "RETURN count(*) AS n"})
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "query_timeout"


def test_checker_names_the_reason() -> None:
    with pytest.raises(QueryError, match="several statements"):
        check_read_only("RETURN 1; RETURN 2")
    with pytest.raises(QueryError, match="CREATE is not allowed"):
        check_read_only("ｃｒｅａｔｅ (n)")
    with pytest.raises(QueryError, match="upper bound"):
        check_read_only("MATCH p = (a)-[*]-(b) RETURN count(p)")
    with pytest.raises(QueryError, match="CALL db.createlabel is not allowed"):
        check_read_only("CALL db.createLabel('X')")
    with pytest.raises(QueryError, match="never closed"):
        check_read_only("RETURN 'open")
    check_read_only("MATCH (n) WITH n.set AS value, $delete AS p RETURN value, p")  # property and parameter names
