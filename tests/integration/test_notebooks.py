"""The notebooks run top to bottom against the session's graph server, built from the seeds."""
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")]


@pytest.fixture(scope="module")
def seed_graph(store, settings, tmp_path_factory):
    from ecokg.build import build_paths

    with store.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    build_paths(store, settings, [SEEDS])
    return store


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, seed_graph, ecokg_env, monkeypatch, tmp_path):
    for key, value in ecokg_env.items():
        if key.startswith("ECOKG_"):
            monkeypatch.setenv(key, value)  # the kernel inherits them and finds the session's server
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for cell in book.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert any(cell.get("outputs") for cell in book.cells if cell.cell_type == "code")
