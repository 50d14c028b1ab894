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
    with empty_store.session() as session:
        for statement in cypher.statements(name):
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
