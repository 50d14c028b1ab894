from __future__ import annotations

import neo4j
import pytest

from ecokg.records import ENTITY_TYPES
from graph.schema import apply_schema
from graph.store import Store


def _schema(store: Store) -> tuple[list, list]:
    with store.session() as session:
        constraints = session.run("SHOW CONSTRAINTS").data()
        indexes = session.run("SHOW INDEXES").data()
    return sorted(map(_schema_key, constraints)), sorted(map(_schema_key, indexes))


def _schema_key(row: dict) -> tuple:
    return row["name"], tuple(row["labelsOrTypes"] or ()), tuple(row["properties"] or ())


def test_applying_the_schema_twice_changes_nothing(store: Store) -> None:
    before = _schema(store)
    apply_schema(store)
    apply_schema(store)
    assert _schema(store) == before


def test_schema_has_unique_ids_and_a_name_index_per_type(store: Store) -> None:
    constraints, indexes = _schema(store)
    assert {(labels, props) for _, labels, props in constraints} >= {(("Entity",), ("id",)), (("Document",), ("id",))}
    indexed = {(labels, props) for _, labels, props in indexes}
    for entity_type in ENTITY_TYPES:
        assert ((entity_type,), ("name",)) in indexed, entity_type


@pytest.mark.parametrize("label", ["Entity", "Document"])
def test_duplicate_ids_are_refused(empty_store: Store, label: str) -> None:
    with empty_store.session() as session:
        session.run(f"CREATE (:{label} {{id: 'same'}})").consume()
        with pytest.raises(neo4j.exceptions.ConstraintError):
            session.run(f"CREATE (:{label} {{id: 'same'}})").consume()
        assert session.run(f"MATCH (n:{label} {{id: 'same'}}) RETURN count(n) AS n").single()["n"] == 1


def test_entity_id_is_unique_across_type_labels(empty_store: Store) -> None:
    with empty_store.session() as session:
        session.run("CREATE (:Entity:Hospital {id: 'k'})").consume()
        with pytest.raises(neo4j.exceptions.ConstraintError):
            session.run("CREATE (:Entity:Company {id: 'k'})").consume()


def test_only_what_the_graph_lacks_is_created(store: Store) -> None:
    assert apply_schema(store) == []  # the fixture applied it: the graph has every name
    with store.session() as session:
        session.run("DROP INDEX fund_name").consume()
    assert "fund_name" not in {name for name, _, _ in _schema(store)[1]}
    assert apply_schema(store) == ["CREATE INDEX fund_name IF NOT EXISTS FOR (e:Fund) ON (e.name)"]
    assert (("Fund",), ("name",)) in {(labels, props) for _, labels, props in _schema(store)[1]}
