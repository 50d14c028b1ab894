from pathlib import Path

import pytest

from extractors.pipeline import load_nlp


@pytest.fixture(scope="session")
def nlp_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("nlp-cache")


@pytest.fixture(scope="session")
def nlp(nlp_cache):
    """The real pipeline (pkuseg CTB8, gazetteer, recogniser), initialised once per session."""
    return load_nlp(nlp_cache, use_gazetteer=True)


@pytest.fixture(scope="session")
def nlp_no_gazetteer(nlp_cache):
    return load_nlp(nlp_cache, use_gazetteer=False)

