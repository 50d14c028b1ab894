"""How the API's Reader takes rows from the driver: as ``Result.data()`` gives them, plain rows without its walk."""
from __future__ import annotations

from api.queries import _plain_rows
from graph.store import Store

# Nested lists and maps, as api_relations.cypher returns its evidence lists, and a row holding a node.
PLAIN = ("UNWIND [1, 2] AS n RETURN n, 'x' + toString(n) AS text, null AS nothing, n > 1 AS flag, n * 0.5 AS half, "
         "[{doc: 'd' + toString(n), spans: [n, n + 1], inner: {deep: [true, null]}}] AS evidence")
WITH_NODE = "CREATE (e:Entity {id: 'Company:行读取测试', name: '行读取测试'}) RETURN e AS node, [e] AS nodes, e.id AS id"


def test_plain_rows_are_the_rows_data_gives(store: Store) -> None:
    with store.session() as session:
        expected = session.run(PLAIN).data()
        taken = _plain_rows(session.run(PLAIN))
    assert taken == expected
    assert taken[1]["evidence"][0] == {"doc": "d2", "spans": [2, 3], "inner": {"deep": [True, None]}}


def test_a_row_with_a_node_goes_through_data(empty_store: Store) -> None:
    with empty_store.session() as session:
        rows = _plain_rows(session.run(WITH_NODE))
    # the node's properties as a dict, as data() turns it into (a Node would answer ["name"] too)
    assert type(rows[0]["node"]) is dict and rows[0]["node"]["name"] == "行读取测试"
    assert type(rows[0]["nodes"][0]) is dict and rows[0]["nodes"][0]["id"] == "Company:行读取测试"
    assert rows[0]["id"] == "Company:行读取测试"
