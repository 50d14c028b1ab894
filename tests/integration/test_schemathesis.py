"""Schemathesis checks the API against its own OpenAPI over real HTTP (uvicorn on a free port, the session's graph
server): every built-in check, on examples, coverage cases and generated requests for every operation."""
from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings as hypothesis_settings
from pydantic import SecretStr

from api.app import create_app
from ecokg.settings import Settings
from graph.load import load_document
from graph.store import Store

pytestmark = pytest.mark.slow



@pytest.fixture(scope="module")
def base_url(settings: Settings, store: Store, serve_over_http) -> Iterator[str]:
    # A token is configured but schemathesis never sends it: writes are checked up to their refusal (401), so random
    # uploads do not run extraction into the session's graph; tests/api/test_documents.py covers accepted writes.
    app = create_app(settings.model_copy(update={"api_token": SecretStr("schemathesis-unsent-token")}))
    with serve_over_http(app) as url:
        yield url


# The schema the app serves, read from the app itself at collection (the served copy is compared below): generating
# the test cases needs it before any fixture runs.
SPEC = create_app(Settings()).openapi()
# Every built-in check is on by default (the CLI's --checks all); call_and_validate runs them all. Schema-valid input
# the API may still refuse, since no JSON schema says what valid Cypher or a known question form is, or that from
# and to must differ: those statuses join schemathesis's default list for accepted input on these operations.
POSITIVE_DATA_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
SEMANTIC_REFUSALS = {"/cypher": ["400", "504"], "/ask": ["400", "422"], "/paths": ["400"]}
CONFIG = schemathesis.Config.from_dict({
    # 15 generated requests per operation on top of the coverage cases: about 30 s on two cores.
    "generation": {"max-examples": 15, "deterministic": True, "database": "none"},
    "operations": [
        {"include-path": path, "checks": {"positive_data_acceptance": {
            "expected-statuses": [*POSITIVE_DATA_STATUSES, *statuses]}}}
        for path, statuses in SEMANTIC_REFUSALS.items()
    ],
})
schema = schemathesis.openapi.from_dict(SPEC, config=CONFIG)


@pytest.fixture()
def sample_graph(empty_store: Store, make_document) -> Store:
    # 东方医院, 同济大学, 药物所 and 西门子: lookups of generated names mostly miss, examples can hit
    load_document(empty_store, make_document(extra_partner="西门子"))
    return empty_store


def test_served_openapi_is_the_one_checked(base_url: str) -> None:
    assert httpx.get(f"{base_url}/openapi.json").json() == SPEC


@schema.parametrize()
@hypothesis_settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case: schemathesis.Case, base_url: str, sample_graph: Store) -> None:
    case.call_and_validate(base_url=base_url)
