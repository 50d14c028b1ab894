"""The notebooks run top to bottom where Jupyter runs them — the kernel in ``notebooks/`` — against the session's
graph server built from the seeds, and show what they are for: figures and tables, not text dumps."""
import base64
import io
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from PIL import Image

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
# What each notebook must show: images (matplotlib figures) and DataFrame tables at least.
EXPECTED = {"explore": (1, 3), "partner_network": (1, 1), "communities_and_brokers": (1, 2)}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")]


@pytest.fixture(scope="module")
def seed_graph(store, settings):
    from ecokg.build import build_paths

    with store.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    build_paths(store, settings, [SEEDS])
    return store


def run_notebook(path: Path, cwd: Path) -> nbformat.NotebookNode:
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return book


def outputs(book: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in book.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_figures_and_tables(path, seed_graph, ecokg_env, monkeypatch):
    for key, value in ecokg_env.items():
        if key.startswith("ECOKG_"):
            monkeypatch.setenv(key, value)  # the kernel inherits them and finds the session's server
    book = run_notebook(path, NOTEBOOK_DIR)
    shown = outputs(book)
    assert [o for o in shown if o["output_type"] == "error"] == []
    images = [o["data"]["image/png"] for o in shown if "image/png" in o.get("data", {})]
    tables = [o for o in shown if 'class="dataframe"' in o.get("data", {}).get("text/html", "")]
    least_images, least_tables = EXPECTED[path.stem]
    assert len(images) >= least_images and len(tables) >= least_tables
    for png in images:  # a real picture, not an empty canvas
        image = Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB")
        assert image.width >= 600 and len(image.getcolors(maxcolors=1_000_000)) > 100
    results = [o["data"].get("text/plain") for o in shown if o["output_type"] == "execute_result"]
    assert "False" not in results and "True" not in results
    assert not (NOTEBOOK_DIR / "data").exists()  # the project's data directory was found, none was made here


def test_notebook_without_a_running_server_says_so_and_starts_none(seed_graph, ecokg_env, monkeypatch, tmp_path):
    """The session's server holds the port: pointed at another data directory, the notebook must not try to start
    a second server there but say that none runs for it."""
    for key, value in ecokg_env.items():
        if key.startswith("ECOKG_"):
            monkeypatch.setenv(key, value)
    monkeypatch.setenv("ECOKG_DATA_DIR", str(tmp_path / "elsewhere"))
    book = nbformat.read(NOTEBOOK_DIR / "explore.ipynb", as_version=4)
    client = NotebookClient(book, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    with pytest.raises(Exception, match="no ecokg graph server runs for"):
        client.execute()
    assert not (tmp_path / "elsewhere").exists() and not (NOTEBOOK_DIR / "data").exists()


def test_relative_data_dir_is_the_projects(monkeypatch):
    import sys

    monkeypatch.syspath_prepend(str(NOTEBOOK_DIR))
    from ecokg_notebook import PROJECT_ROOT, project_data_dir

    assert PROJECT_ROOT == NOTEBOOK_DIR.parent
    assert project_data_dir({"ECOKG_DATA_DIR": "./data"}) == PROJECT_ROOT / "data"
    assert project_data_dir({}) == PROJECT_ROOT / "data"
    assert project_data_dir({"ECOKG_DATA_DIR": "/srv/ecokg"}) == Path("/srv/ecokg")
    assert "ecokg_notebook" in sys.modules
