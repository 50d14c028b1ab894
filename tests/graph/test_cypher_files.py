"""Every query in cypher/ runs against the real server with its header's sample parameters, so none rots."""
from __future__ import annotations

import pytest

from graph import cypher
from graph.load import load_document
from graph.store import Store


@pytest.mark.parametrize("name", cypher.names())
def test_query_file_runs(empty_store: Store, make_document, name: str) -> None:
    load_document(empty_store, make_document(extra_partner="西门子"))
    params = cypher.sample_params(name)
    label = cypher.sample_label(name)
    with empty_store.session() as session:
        for statement in [cypher.load_labelled(name, label)] if label else cypher.statements(name):
            session.run(statement, params).consume()


def test_every_query_file_has_a_description_and_params_header() -> None:
    for name in cypher.names():
        source = (cypher.files("cypher") / f"{name}.cypher").read_text(encoding="utf-8")
        first = source.splitlines()[0]
        assert first.startswith("// ") and not first.startswith(cypher.PARAMS_HEADER), f"{name}: no description line"
        assert isinstance(cypher.sample_params(name), dict)


def test_load_strips_comments_and_unknown_names_fail() -> None:
    assert "//" not in cypher.load("wipe")
    assert cypher.load("wipe").startswith("MATCH")
    with pytest.raises(cypher.QueryError, match="cypher/no_such_query.cypher"):
        cypher.load("no_such_query")


def test_labelled_files_take_only_record_types() -> None:
    assert ":Entity:Fund {" in cypher.load_labelled("load_entities", "Fund")
    assert "[r:FUNDS {" in cypher.load_labelled("load_relations", "FUNDS")
    with pytest.raises(cypher.QueryError, match="not an entity or relation type"):
        cypher.load_labelled("load_entities", "Fund {id: 1}) DETACH DELETE (x")
    with pytest.raises(cypher.QueryError, match="has no {label}"):
        cypher.load_labelled("wipe", "Fund")
    for name in cypher.names():
        assert (cypher.sample_label(name) is None) == (cypher.LABEL_PLACEHOLDER not in cypher.load(name)), name
