"""How a failed query becomes a domain error: the server's time limit, the read-only user's refusal, the rest."""
from __future__ import annotations

import neo4j
import pytest

from ecokg.errors import QueryError, QueryTimeoutError
from graph.query import query_error


def server_error(code: str, message: str) -> neo4j.exceptions.Neo4jError:
    # As the driver builds it from the server's FAILURE message.
    return neo4j.exceptions.Neo4jError._hydrate_neo4j(code=code, message=message)  # noqa: SLF001


@pytest.mark.parametrize("code", ["Neo.ClientError.Transaction.TransactionTimedOut",  # the embedded server
                                  "Neo.TransientError.Transaction.Terminated"])  # Neo4j
def test_a_stopped_query_is_a_timeout(code) -> None:
    error = query_error(server_error(code, "the command exceeded the arcadedb.command.timeout of 10000ms"), 10)
    assert isinstance(error, QueryTimeoutError) and "10s" in str(error)


def test_the_read_only_users_refusal_and_other_failures_are_query_errors() -> None:
    refused = query_error(server_error("Neo.ClientError.Security.Forbidden", "not allowed to update schema"))
    assert type(refused) is QueryError and "read-only user" in str(refused) and "update schema" in str(refused)
    syntax = query_error(server_error("Neo.ClientError.Statement.SyntaxError", "Invalid input\n  'MATCH (n'"))
    assert type(syntax) is QueryError and "\n" not in str(syntax)
