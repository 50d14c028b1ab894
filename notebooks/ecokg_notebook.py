"""What every notebook here needs: the project's graph server, Cypher as DataFrames, and a CJK font for figures.

Jupyter starts a notebook's kernel in the notebook's folder, so ``./data`` there is ``notebooks/data``, which
holds no store. The data directory is therefore found from this file's place in the project: ``ECOKG_DATA_DIR``
if set (a relative one is relative to the project root, where `ecokg` runs), else ``<project>/data``. A notebook
only connects to a server that runs (`ecokg serve`, `ecokg db start`): it never starts one, so it can neither
collide with the server that holds the port nor leave a stray data directory behind.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ecokg.errors import StoreError
from ecokg.settings import Settings
from graph import store as graph_store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"  # shipped in the mplfonts wheel (test extra)


def project_data_dir(environ: dict[str, str] | None = None) -> Path:
    """``ECOKG_DATA_DIR`` resolved against the project root, or the project's ``data/``."""
    configured = (os.environ if environ is None else environ).get("ECOKG_DATA_DIR")
    path = Path(configured).expanduser() if configured else Path("data")
    return path if path.is_absolute() else PROJECT_ROOT / path


def project_settings() -> Settings:
    return Settings(data_dir=project_data_dir())


@contextmanager
def running_store(settings: Settings | None = None) -> Iterator[graph_store.Store]:
    """The store of the server that runs for the project's data directory (or ``NEO4J_URI``); never starts one."""
    settings = settings or project_settings()
    if settings.embedded and not graph_store.status(settings).running:
        raise StoreError(
            f"no ecokg graph server runs for {settings.data_dir}; start one from {PROJECT_ROOT} with "
            "`ecokg serve` or `ecokg db start` (or set ECOKG_DATA_DIR to the data directory of the one that runs)"
        )
    with graph_store.open_store(settings) as store:
        yield store


def table(store: graph_store.Store, query: str, **params) -> pd.DataFrame:
    """A read-only Cypher query's rows as a DataFrame (columns in the query's RETURN order)."""
    with store.read_session() as session:
        result = session.run(query, **params)
        return pd.DataFrame(result.data(), columns=list(result.keys()))


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with Noto Sans CJK SC from the mplfonts package; returns the family name."""
    import mplfonts
    from matplotlib import font_manager, rcParams

    path = Path(mplfonts.__file__).parent / "fonts" / CJK_FONT_FILE
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [family, *rcParams["font.sans-serif"]]
    rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus sign
    return family
