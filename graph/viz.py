"""The interactive HTML network view: a subgraph around one entity, drawn with vis-network (vendored in ``static/``).

The page is built from a *subgraph* dict — what :func:`get_subgraph` returns and ``GET /subgraph`` serves::

    {
      "center": "Hospital:东方医院",                    # entity id the view is centred on
      "nodes": [{
          "id": "Hospital:东方医院", "name": "东方医院", "type": "Hospital",
          "aliases": ["同济大学附属东方医院"],
          "pagerank": 0.12,                            # optional: present once `ecokg analyze` has run
          "documents": [{"id": "<sha256>", "doc": "pudong_001.txt", "title": "…", "date": "2025-03-01"}],
      }],
      "edges": [{
          "id": "Hospital:东方医院|COOPERATES_WITH|ResearchInstitute:药物所",   # source|type|target
          "source": "Hospital:东方医院", "target": "ResearchInstitute:药物所", "type": "COOPERATES_WITH",
          "evidence": [{"doc": "<sha256>", "doc_name": "pudong_001.txt", "text": "…签订战略合作协议。",
                        "date": "2025-03-01"}],         # one item per document stating the relation
      }],
    }

Parallel relations of one type between two entities are one edge whose evidence lists every document; for
``COOPERATES_WITH``, which is symmetric, A→B and B→A are the same edge (ends in id order) and it is drawn without
an arrow. The page is in Chinese: it colours nodes by type and sizes them by PageRank, labels an edge with its
relation and, past one document, the count (the centre's relations only; further out colour tells them); it shows evidence (document titles) and source documents on click, and
has a search box and type filters. The centre sits fixed in the middle; a node shows at most
:data:`NEIGHBOUR_CAP` neighbours at first (others a quarter as many), the rest behind a "+N 更多" node that reveals them a batch at a time, so
a hub's labels do not pile up. Once drawn it sets ``data-rendered="true"`` on ``#network`` and writes the number of
visible entities into ``#node-count`` (headless tests read both). ``standalone=True`` inlines the scripts and styles
so the file works on its own; otherwise they load from ``asset_url`` (the API serves :data:`STATIC_DIR` there).
Nothing loads from the network: labels use the CJK fonts the system has (:data:`CJK_FONTS`, see README).
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ecokg.errors import NotFoundError
from ecokg.records import RELATION_TYPES
from graph import cypher
from graph.store import Store

STATIC_DIR = Path(__file__).with_name("static")
SCRIPTS = ("vis-network.min.js", "ecokg-viz.js")
STYLES = ("ecokg-viz.css",)
# One colour per entity type (Neo4j Browser's palette, extended), shared with the Bloom perspective and GraSS.
TYPE_COLORS = {
    "Hospital": "#F16667", "University": "#4C8EDA", "ResearchInstitute": "#8DCC93", "Company": "#FFC454",
    "Platform": "#C990C0", "Fund": "#F79767", "GovernmentAgency": "#57C7E3", "Person": "#DA7194",
    "Product": "#569480", "Region": "#D9C8AE", "Program": "#ECB5C9", "Event": "#A5ABB6", "Task": "#6DCE9E",
}
RELATION_COLORS = {
    "COOPERATES_WITH": "#4C8EDA", "FUNDS": "#F79767", "RESPONSIBLE_FOR": "#57C7E3",
    "AFFILIATED_WITH": "#8DCC93", "PART_OF": "#A5ABB6", "LOCATED_IN": "#D9C8AE",  # a Region's colour
}
# The interface is in Chinese, as the documents and their readers are.
TYPE_NAMES = {
    "Hospital": "医院", "University": "大学", "ResearchInstitute": "研究机构", "Company": "企业", "Platform": "平台",
    "Fund": "基金", "GovernmentAgency": "政府部门", "Person": "人物", "Product": "产品", "Region": "地区",
    "Program": "项目", "Event": "活动", "Task": "任务",
}
RELATION_NAMES = {
    "COOPERATES_WITH": "合作", "FUNDS": "投资", "RESPONSIBLE_FOR": "负责", "AFFILIATED_WITH": "附属",
    "PART_OF": "隶属", "LOCATED_IN": "位于",
}
DOCUMENT_COLOR = "#848484"
UNDIRECTED_RELATIONS = ("COOPERATES_WITH",)
DEFAULT_DEPTH = 2
DEFAULT_LIMIT = 200
# Neighbours a node shows before "+N 更多": 12 labels fit around a node without overlapping.
NEIGHBOUR_CAP = 12
# No CJK web font is bundled (Noto Sans CJK SC is 16 MB): the page asks for the system's, in this order.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei")


def render_page(subgraph: dict[str, Any], *, standalone: bool, asset_url: str = "/viz/static") -> str:
    """The HTML page drawing ``subgraph``; standalone pages carry their scripts and styles inline."""
    center = next((n for n in subgraph["nodes"] if n["id"] == subgraph.get("center")), None)
    title = f"ecokg · {center['name'] if center else '关系网络'}"
    config = {"typeColors": TYPE_COLORS, "relationColors": RELATION_COLORS, "typeNames": TYPE_NAMES,
              "relationNames": RELATION_NAMES, "undirected": list(UNDIRECTED_RELATIONS),
              "neighbourCap": NEIGHBOUR_CAP, "fonts": list(CJK_FONTS)}
    styles, scripts = _assets(STYLES, SCRIPTS, standalone, asset_url)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
{styles}</head>
<body>
<header>
  <h1>{html.escape(title)}</h1>
  <input id="search" type="search" placeholder="搜索名称或别名" aria-label="搜索名称或别名">
  <span class="count"><span id="node-count">0</span> 个机构 · <span id="edge-count">0</span> 条关系</span>
</header>
<main>
  <aside id="filters" aria-label="机构类型"></aside>
  <div id="network" data-rendered="false"></div>
  <aside id="details" aria-live="polite"><p class="hint">点击机构或关系，查看证据与来源文档。</p></aside>
</main>
<script type="application/json" id="graph-data">{_json_in_html(subgraph)}</script>
<script type="application/json" id="viz-config">{_json_in_html(config)}</script>
{scripts}</body>
</html>
"""


def render_not_found(query: str, suggestions: list[dict[str, Any]], *, asset_url: str = "/viz/static") -> str:
    """The page for a centre no entity has: says so in Chinese and links the close matches' views."""
    styles, _ = _assets(STYLES, (), False, asset_url)
    items = "".join(
        f'<li><a href="?center={quote(s["id"])}">{html.escape(s["name"])}</a> '
        f'<span class="muted">{html.escape(TYPE_NAMES.get(s["type"], s["type"]))}</span></li>'
        for s in suggestions
    )
    hint = f"<p>您是不是要找：</p><ul>{items}</ul>" if items else "<p>没有相近的名称。</p>"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>ecokg · 未找到“{html.escape(query)}”</title>
{styles}</head>
<body class="not-found">
<main id="not-found">
  <h1>图中没有名为“{html.escape(query)}”的机构</h1>
  {hint}
  <form method="get"><input name="center" type="search" placeholder="输入机构名称、别名或编号" aria-label="机构名称">
  <button type="submit">查看</button></form>
</main>
</body>
</html>
"""


def _assets(styles: tuple[str, ...], scripts: tuple[str, ...], standalone: bool, asset_url: str) -> tuple[str, str]:
    """The <style>/<link> and <script> elements: inline for a standalone file, else links to ``asset_url``."""
    if standalone:
        return ("".join(f"<style>\n{_asset(name)}\n</style>\n" for name in styles),
                "".join(f"<script>\n{_script_text(_asset(name))}\n</script>\n" for name in scripts))
    base = html.escape(asset_url.rstrip("/"), quote=True)
    return ("".join(f'<link rel="stylesheet" href="{base}/{name}">\n' for name in styles),
            "".join(f'<script src="{base}/{name}"></script>\n' for name in scripts))


def _asset(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def _script_text(source: str) -> str:
    """A script body that cannot close its own <script> element early."""
    return source.replace("</script", "<\\/script")


def _json_in_html(value: Any) -> str:
    """JSON safe inside a <script> element: with every '<' escaped, no '</script' or '<!--' can end it."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


# --- store-facing -------------------------------------------------------------------------------------------


def get_subgraph(store: Store, center_id: str, depth: int = DEFAULT_DEPTH, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """Entities up to ``depth`` relations from ``center_id`` (breadth first, at most ``limit`` of them) and the
    relations among them, in the shape the module docstring describes."""
    relation_types = list(RELATION_TYPES)

    def work(tx) -> dict[str, Any]:
        seen, frontier = [center_id], [center_id]
        for _ in range(depth):
            if not frontier or len(seen) >= limit:
                break
            rows = tx.run(cypher.load("viz_neighbours"), ids=frontier, relation_types=relation_types,
                          limit=limit).data()
            known = set(seen)
            frontier = [row["id"] for row in rows if row["id"] not in known][: limit - len(seen)]
            seen.extend(frontier)
        node_rows = tx.run(cypher.load("viz_subgraph_nodes"), ids=seen).data()
        edge_rows = tx.run(cypher.load("viz_subgraph_edges"), ids=seen, relation_types=relation_types).data()
        return {"center": center_id, "nodes": _nodes(node_rows), "edges": _edges(edge_rows)}

    with store.read_session() as session:
        subgraph = session.execute_read(work)
    if not any(node["id"] == center_id for node in subgraph["nodes"]):
        raise NotFoundError(f"no entity with id {center_id!r}; ids are '<Type>:<name>', e.g. 'Hospital:东方医院'")
    return subgraph


def _nodes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for row in rows:
        node = nodes.get(row["id"])
        if node is None:
            node = nodes[row["id"]] = {
                "id": row["id"], "name": row["name"], "type": row["type"], "aliases": row["aliases"] or [],
                **{k: row[k] for k in ("pagerank", "betweenness", "community") if row[k] is not None},
                "documents": [],
            }
        if row["doc_id"] is not None:
            node["documents"].append({"id": row["doc_id"], "doc": row["doc"], "title": row["title"], "date": row["date"]})
    for node in nodes.values():
        node["documents"].sort(key=lambda d: (d["date"] or "", d["doc"] or ""))
    return sorted(nodes.values(), key=lambda n: n["id"])


def _edges(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One edge per (source, type, target) — per unordered pair for symmetric types — with every document's evidence."""
    edges: dict[str, dict[str, Any]] = {}
    for row in rows:
        source, target = row["source"], row["target"]
        if row["type"] in UNDIRECTED_RELATIONS:
            source, target = sorted((source, target))
        key = f"{source}|{row['type']}|{target}"
        edge = edges.setdefault(key, {"id": key, "source": source, "target": target, "type": row["type"],
                                      "evidence": []})
        edge["evidence"].append({"doc": row["doc"], "doc_name": row["doc_name"], "text": row["evidence"],
                                 "date": row["date"]})
    for edge in edges.values():
        edge["evidence"].sort(key=lambda e: (e["date"] or "", e["doc_name"] or ""))
    return sorted(edges.values(), key=lambda e: e["id"])
