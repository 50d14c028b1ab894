"""The HTML network view: page structure and assets, and the subgraph read from the real store."""
from __future__ import annotations

import json
import re

import pytest

from ecokg.errors import NotFoundError
from ecokg.records import Document, Entity, Evidence, Mention, Relation
from graph import viz
from graph.load import load_document
from graph.store import Store

SUBGRAPH = {
    "center": "Hospital:东方医院",
    "nodes": [
        {"id": "Hospital:东方医院", "name": "东方医院", "type": "Hospital", "aliases": ["同济大学附属东方医院"],
         "pagerank": 0.5, "documents": [{"id": "d1", "doc": "a.txt", "title": "通知", "date": "2025-03-01"}]},
        {"id": "Company:x", "name": "</script><script>alert(1)</script>", "type": "Company", "aliases": [],
         "documents": []},
    ],
    "edges": [{"id": "Hospital:东方医院|COOPERATES_WITH|Company:x", "source": "Hospital:东方医院",
               "target": "Company:x", "type": "COOPERATES_WITH",
               "evidence": [{"doc": "d1", "doc_name": "a.txt", "text": "合作<!--", "date": "2025-03-01"}]}],
}


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, flags=re.S)
    return json.loads(match.group(1))


def test_served_page_loads_its_assets_from_the_asset_url() -> None:
    page = viz.render_page(SUBGRAPH, standalone=False, asset_url="/viz/static/")
    for name in (*viz.SCRIPTS, *viz.STYLES):
        assert f'"/viz/static/{name}"' in page
        assert (viz.STATIC_DIR / name).is_file()
    assert "vis.Network" not in page  # the library is not inlined
    assert not re.search(r'(src|href)="(https?:)?//', page)
    for element in ('id="network" data-rendered="false"', 'id="node-count"', 'id="search"', 'id="filters"',
                    'id="details"'):
        assert element in page
    assert "<title>ecokg · 东方医院</title>" in page


def test_standalone_page_inlines_everything() -> None:
    page = viz.render_page(SUBGRAPH, standalone=True)
    assert "<script src=" not in page and "<link " not in page
    assert "vis-network" in page and "afterDrawing" in page and "#filters" in page
    assert not re.search(r"https?://[^\s\"']*\.(js|css)\b", page.split("/**")[0])


def test_data_cannot_break_out_of_its_script_element() -> None:
    page = viz.render_page(SUBGRAPH, standalone=False)
    assert "</script><script>alert(1)" not in page and "<!--" not in page
    assert embedded_data(page) == SUBGRAPH  # the element ends where it should, with the data intact


def test_vendored_library_has_its_licence() -> None:
    licence = (viz.STATIC_DIR / "vis-network.LICENSE").read_text(encoding="utf-8")
    assert "MIT" in licence and "Apache" in licence
    assert "@version 9." in (viz.STATIC_DIR / "vis-network.min.js").read_text(encoding="utf-8")[:400]


def test_every_type_and_relation_has_a_colour() -> None:
    from ecokg.records import ENTITY_TYPES, RELATION_TYPES

    assert set(viz.TYPE_COLORS) == set(ENTITY_TYPES) and set(viz.RELATION_COLORS) == set(RELATION_TYPES)
    assert len(set(viz.TYPE_COLORS.values())) == len(ENTITY_TYPES)


# --- subgraph from the store --------------------------------------------------------------------------------


def partner_document() -> Document:
    """药物所 cooperates with 复星医药: two hops from 东方医院 in the sample documents."""
    text = "中国科学院上海药物研究所与复星医药开展合作。"
    entities = [
        Entity(id="e1", name="中国科学院上海药物研究所", type="ResearchInstitute", key="ResearchInstitute:药物所",
               mentions=[Mention(start=0, end=12, text="中国科学院上海药物研究所")]),
        Entity(id="e2", name="复星医药", type="Company", key="Company:复星医药",
               mentions=[Mention(start=13, end=17, text="复星医药")]),
    ]
    relation = Relation(source="e1", target="e2", type="COOPERATES_WITH", rule="cooperation_verb", confidence=0.8,
                        evidence=Evidence(text=text, start=0, end=len(text)))
    return Document(doc="fosun.txt", id="sha-fosun", title="合作", date="2025-05-01", text=text,
                    entities=entities, relations=[relation])


@pytest.fixture()
def partner_graph(empty_store: Store, make_document) -> Store:
    load_document(empty_store, make_document("a.txt", extra_partner="西门子"))
    load_document(empty_store, make_document("b.txt"))
    load_document(empty_store, partner_document())
    return empty_store


def test_subgraph_within_one_and_two_hops(partner_graph: Store) -> None:
    one = viz.get_subgraph(partner_graph, "Hospital:东方医院", depth=1)
    assert one["center"] == "Hospital:东方医院"
    assert [n["id"] for n in one["nodes"]] == [
        "Company:西门子", "Hospital:东方医院", "ResearchInstitute:药物所", "University:同济大学"]
    two = viz.get_subgraph(partner_graph, "Hospital:东方医院", depth=2)
    assert "Company:复星医药" in [n["id"] for n in two["nodes"]]
    assert len(two["edges"]) == len(one["edges"]) + 1


def test_subgraph_carries_evidence_per_document_and_source_documents(partner_graph: Store) -> None:
    subgraph = viz.get_subgraph(partner_graph, "Hospital:东方医院", depth=1)
    affiliation = next(e for e in subgraph["edges"] if e["type"] == "AFFILIATED_WITH")
    assert affiliation["id"] == f"{affiliation['source']}|AFFILIATED_WITH|{affiliation['target']}"
    assert sorted(ev["doc_name"] for ev in affiliation["evidence"]) == ["a.txt", "b.txt"]
    assert all(ev["text"] == "同济大学附属东方医院" and ev["date"] == "2025-03-01" for ev in affiliation["evidence"])
    hospital = next(n for n in subgraph["nodes"] if n["id"] == "Hospital:东方医院")
    assert hospital["name"] == "同济大学附属东方医院" and hospital["type"] == "Hospital"
    assert sorted(d["doc"] for d in hospital["documents"]) == ["a.txt", "b.txt"]
    assert all(d["title"] == "关于合作的通知" for d in hospital["documents"])
    assert "pagerank" not in hospital  # not analysed yet
    page = viz.render_page(subgraph, standalone=False)
    assert embedded_data(page) == subgraph


def test_subgraph_is_capped_by_limit(partner_graph: Store) -> None:
    subgraph = viz.get_subgraph(partner_graph, "Hospital:东方医院", depth=2, limit=2)
    assert len(subgraph["nodes"]) == 2 and subgraph["nodes"][0]["id"] != subgraph["nodes"][1]["id"]
    ids = {n["id"] for n in subgraph["nodes"]}
    assert "Hospital:东方医院" in ids
    assert all(e["source"] in ids and e["target"] in ids for e in subgraph["edges"])


def test_unknown_center_is_a_not_found_error(partner_graph: Store) -> None:
    with pytest.raises(NotFoundError, match="no entity with id 'Hospital:不存在'"):
        viz.get_subgraph(partner_graph, "Hospital:不存在")


def reverse_partner_document() -> Document:
    """药物所 → 东方医院, the reverse of the sample documents' 东方医院 → 药物所: one partnership, not two."""
    text = "中国科学院上海药物研究所与同济大学附属东方医院共建联合实验室。"
    entities = [
        Entity(id="e1", name="中国科学院上海药物研究所", type="ResearchInstitute", key="ResearchInstitute:药物所",
               mentions=[Mention(start=0, end=12, text="中国科学院上海药物研究所")]),
        Entity(id="e2", name="同济大学附属东方医院", type="Hospital", key="Hospital:东方医院",
               mentions=[Mention(start=13, end=23, text="同济大学附属东方医院")]),
    ]
    relation = Relation(source="e1", target="e2", type="COOPERATES_WITH", rule="cooperation_verb", confidence=0.8,
                        evidence=Evidence(text=text, start=0, end=len(text)))
    return Document(doc="lab.txt", id="sha-lab", title="联合实验室揭牌", date="2025-07-01", text=text,
                    entities=entities, relations=[relation])


def test_parallel_and_reverse_cooperations_are_one_edge_with_every_documents_title(partner_graph: Store) -> None:
    load_document(partner_graph, reverse_partner_document())
    subgraph = viz.get_subgraph(partner_graph, "Hospital:东方医院", depth=1)
    cooperations = [e for e in subgraph["edges"]
                    if e["type"] == "COOPERATES_WITH" and "ResearchInstitute:药物所" in (e["source"], e["target"])]
    assert len(cooperations) == 1
    edge = cooperations[0]
    assert (edge["source"], edge["target"]) == ("Hospital:东方医院", "ResearchInstitute:药物所")  # ends in id order
    # The page names each document by its title, found among the documents mentioning the edge's ends.
    titles = {d["id"]: d["title"] for n in subgraph["nodes"] for d in n["documents"]}
    assert sorted((ev["doc_name"], titles[ev["doc"]]) for ev in edge["evidence"]) == [
        ("a.txt", "关于合作的通知"), ("b.txt", "关于合作的通知"), ("lab.txt", "联合实验室揭牌")]
    # Directed relations keep their direction.
    assert any(e["type"] == "AFFILIATED_WITH" and e["source"] == "Hospital:东方医院" for e in subgraph["edges"])


def test_page_speaks_chinese_and_configures_the_cap_and_undirected_drawing() -> None:
    page = viz.render_page(SUBGRAPH, standalone=False)
    assert 'lang="zh-CN"' in page and 'placeholder="搜索名称或别名"' in page and "个机构" in page
    config = json.loads(re.search(r'<script type="application/json" id="viz-config">(.*?)</script>', page).group(1))
    assert config["undirected"] == ["COOPERATES_WITH"] and config["neighbourCap"] == viz.NEIGHBOUR_CAP
    assert config["typeNames"]["GovernmentAgency"] == "政府部门" and config["relationNames"]["FUNDS"] == "投资"
    assert set(config["typeNames"]) == set(viz.TYPE_COLORS) and set(config["relationNames"]) == set(viz.RELATION_COLORS)
    assert config["fonts"][0] == "Noto Sans CJK SC"
    script = (viz.STATIC_DIR / "ecokg-viz.js").read_text(encoding="utf-8")
    assert "更多" in script and "documentTitle[ev.doc]" in script  # "show more"; evidence named by title


def test_unknown_centre_page_suggests_close_names() -> None:
    page = viz.render_not_found("复旦大学<附属>", [{"id": "University:复旦大学", "name": "复旦大学", "type": "University"}])
    assert "图中没有名为“复旦大学&lt;附属&gt;”的机构" in page
    assert '<a href="?center=University%3A%E5%A4%8D%E6%97%A6%E5%A4%A7%E5%AD%A6">复旦大学</a>' in page and "大学" in page
    assert "没有相近的名称" in viz.render_not_found("x", [])
