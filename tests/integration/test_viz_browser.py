"""The standalone network view really draws in a browser: headless Chromium (Debian's `chromium`) loads the file,
the page reports its node count and ``data-rendered``, and a screenshot shows more than a blank page. On the seed
graph, 复旦大学's and 区科经委's views show the centre and a capped, labelled neighbourhood; their screenshots are
the ones in docs/ (ECOKG_UPDATE_SCREENSHOTS=1 writes them there).

Chromium draws Chinese with Noto Sans CJK SC from the mplfonts package (test extra), made known to it through a
fontconfig file, so the screenshots need no system CJK font."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from graph.viz import NEIGHBOUR_CAP, TYPE_COLORS, TYPE_NAMES, get_subgraph, render_page

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DOCS = ROOT / "docs"

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--virtual-time-budget=30000",
]


def entity(node_id: str, name: str, type_: str, pagerank: float) -> dict:
    return {"id": node_id, "name": name, "type": type_, "aliases": [], "pagerank": pagerank,
            "documents": [{"id": "d1", "doc": "pudong_001.txt", "title": "关于合作的通知", "date": "2025-03-01"}]}


def link(source: str, type_: str, target: str) -> dict:
    return {"id": f"{source}|{type_}|{target}", "source": source, "target": target, "type": type_,
            "evidence": [{"doc": "d1", "doc_name": "pudong_001.txt", "text": "签订战略合作协议", "date": "2025-03-01"}]}


SUBGRAPH = {
    "center": "Hospital:东方医院",
    "nodes": [
        entity("Hospital:东方医院", "东方医院", "Hospital", 0.4),
        entity("University:同济大学", "同济大学", "University", 0.2),
        entity("ResearchInstitute:药物所", "药物所", "ResearchInstitute", 0.2),
        entity("Company:西门子", "西门子", "Company", 0.1),
        entity("Fund:浦东基金", "浦东基金", "Fund", 0.1),
    ],
    "edges": [
        link("Hospital:东方医院", "AFFILIATED_WITH", "University:同济大学"),
        link("Hospital:东方医院", "COOPERATES_WITH", "ResearchInstitute:药物所"),
        link("Company:西门子", "COOPERATES_WITH", "Hospital:东方医院"),
        link("Fund:浦东基金", "FUNDS", "Hospital:东方医院"),
    ],
}


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium); the browser test needs it")
    return CHROMIUM


@pytest.fixture()
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "network.html"
    path.write_text(render_page(SUBGRAPH, standalone=True), encoding="utf-8")
    return path


def fontconfig(tmp_path: Path) -> dict[str, str]:
    """An environment whose fontconfig knows mplfonts' CJK fonts besides the system's."""
    import mplfonts

    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f'<dir>{Path(mplfonts.__file__).parent / "fonts"}</dir><cachedir>{tmp_path / "fontcache"}</cachedir>'
        '</fontconfig>', encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def run_chromium(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args], env=fontconfig(tmp_path),
                          capture_output=True, text=True, timeout=120, check=True)


def rendered_dom(chromium: str, tmp_path: Path, page: Path, attempts: int = 3) -> str:
    """The page's DOM once the network is drawn. Headless Chromium sometimes dumps before the first
    animation frame (its virtual time ends when the page goes idle), so wait by asking again."""
    dom = ""
    for _ in range(attempts):
        dom = run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri()).stdout
        if re.search(r'id="network"[^>]*data-rendered="true"', dom):
            break
    return dom


def test_page_reports_every_node_drawn(chromium: str, page_file: Path, tmp_path: Path) -> None:
    dom = rendered_dom(chromium, tmp_path, page_file)
    assert re.search(r'id="network"[^>]*data-rendered="true"', dom), "the network was never drawn"
    assert re.search(r'<span id="node-count">(\d+)</span>', dom).group(1) == str(len(SUBGRAPH["nodes"]))
    assert re.search(r'<span id="edge-count">(\d+)</span>', dom).group(1) == str(len(SUBGRAPH["edges"]))
    filters = re.search(r'<aside id="filters"[^>]*>(.*?)</aside>', dom, flags=re.S).group(1)
    assert filters.count('type="checkbox"') == len({n["type"] for n in SUBGRAPH["nodes"]})
    assert "<canvas" in dom


def test_screenshot_shows_the_coloured_nodes(chromium: str, page_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    run_chromium(chromium, tmp_path, "--window-size=1200,800", f"--screenshot={shot}", page_file.as_uri())
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50, "the screenshot is blank"
    # The network pane (between the filters and the details panel) holds the node fills in their type colours.
    pane = image.crop((200, 60, 880, 780))
    present = {rgb for _, rgb in pane.getcolors(maxcolors=1_000_000)}
    drawn = [t for t in ("Hospital", "University", "Company") if _rgb(TYPE_COLORS[t]) in present]
    assert drawn == ["Hospital", "University", "Company"]


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def test_a_hub_shows_its_strongest_neighbours_and_keeps_the_rest_behind_show_more(chromium: str, tmp_path: Path) -> None:
    """65 tasks around one agency (what buried 区科经委): the centre and NEIGHBOUR_CAP of them are drawn."""
    tasks = [entity(f"Task:任务{i:02d}", f"任务{i:02d}", "Task", 0.01) for i in range(65)]
    hub = {"center": "GovernmentAgency:区科经委",
           "nodes": [entity("GovernmentAgency:区科经委", "区科经委", "GovernmentAgency", 0.3), *tasks],
           "edges": [link("GovernmentAgency:区科经委", "RESPONSIBLE_FOR", t["id"]) for t in tasks]}
    page = tmp_path / "hub.html"
    page.write_text(render_page(hub, standalone=True), encoding="utf-8")
    dom = rendered_dom(chromium, tmp_path, page)
    assert re.search(r'<span id="node-count">(\d+)</span>', dom).group(1) == str(1 + NEIGHBOUR_CAP)
    assert re.search(r'<span id="edge-count">(\d+)</span>', dom).group(1) == str(NEIGHBOUR_CAP)

# --- real neighbourhoods from the seed graph ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_graph(store, settings):
    if not SEEDS.exists():
        pytest.skip("../shared/corpus/seeds is missing")
    from ecokg.build import build_paths

    with store.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    build_paths(store, settings, [SEEDS])
    return store


@pytest.mark.parametrize(("center", "shot"), [
    ("University:复旦大学", "viz-fudan.png"),
    ("GovernmentAgency:浦东新区科技和经济委员会", "viz-district-agency.png"),
])
def test_real_neighbourhood_shows_the_centre_and_a_capped_labelled_view(
        chromium: str, seed_graph, tmp_path: Path, center: str, shot: str) -> None:
    subgraph = get_subgraph(seed_graph, center)
    page = tmp_path / "view.html"
    page.write_text(render_page(subgraph, standalone=True), encoding="utf-8")
    dom = rendered_dom(chromium, tmp_path, page)
    assert re.search(r'id="network"[^>]*data-rendered="true"', dom), "the network was never drawn"
    shown = int(re.search(r'<span id="node-count">(\d+)</span>', dom).group(1))
    # The centre, at most NEIGHBOUR_CAP of its neighbours and a quarter as many behind each of those.
    assert 2 <= shown <= 1 + NEIGHBOUR_CAP + NEIGHBOUR_CAP * (NEIGHBOUR_CAP // 4)
    assert shown <= len(subgraph["nodes"])
    filters = re.search(r'<aside id="filters"[^>]*>(.*?)</aside>', dom, flags=re.S).group(1)
    for type_ in {n["type"] for n in subgraph["nodes"]}:  # every type named whole, in Chinese and as stored
        assert f"{TYPE_NAMES[type_]}（" in filters and f">{type_}</small>" in filters
    target = DOCS / shot if os.environ.get("ECOKG_UPDATE_SCREENSHOTS") else tmp_path / shot
    target.parent.mkdir(exist_ok=True)
    run_chromium(chromium, tmp_path, "--window-size=1400,900", f"--screenshot={target}", page.as_uri())
    image = Image.open(target).convert("RGB")
    # The centre is drawn in the middle of the network pane, in its type's colour with a dark border.
    center_type = center.split(":", 1)[0]
    middle = image.crop((image.width // 2 - 200, 150, image.width // 2 + 120, 750))
    assert _rgb(TYPE_COLORS[center_type]) in {rgb for _, rgb in middle.getcolors(maxcolors=1_000_000)}
    # Labels are glyphs, not tofu boxes: dark text pixels of many shades (anti-aliased strokes).
    dark = {rgb for _, rgb in image.getcolors(maxcolors=1_000_000) if sum(rgb) < 300}
    assert len(dark) > 40
