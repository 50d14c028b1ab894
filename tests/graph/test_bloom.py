"""The Bloom perspective has the structure Bloom exports and names the whole schema; the GraSS sheet styles it."""
from __future__ import annotations

import json
import re

from ecokg.records import ENTITY_TYPES, RELATION_TYPES
from graph import bloom
from graph import analytics, cypher
from graph.load import load_document
from graph.stats import get_stats
from graph.store import Store

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def test_perspective_has_the_structure_bloom_exports() -> None:
    perspective = json.loads(json.dumps(bloom.bloom_perspective()))  # plain JSON, as written to a file
    assert {"name", "id", "version", "categories", "labels", "relationshipTypes", "palette", "templates",
            "hiddenRelationshipTypes", "hiddenCategories", "hideUncategorisedData"} <= perspective.keys()
    ids = [c["id"] for c in perspective["categories"]]
    assert len(set(ids)) == len(ids) and all(isinstance(i, int) for i in ids)
    for category in perspective["categories"]:
        assert {"id", "name", "labels", "properties", "captionKeys", "color", "icon", "size"} <= category.keys()
        assert HEX.match(category["color"]) and category["icon"] and category["size"] > 0
        names = [p["name"] for p in category["properties"]]
        assert category["captionKeys"][0] in names
        assert [p["name"] for p in category["properties"] if p["isCaption"]] == category["captionKeys"]
    for rel in perspective["relationshipTypes"]:
        assert {"id", "name", "color"} <= rel.keys() and rel["id"] == rel["name"] and HEX.match(rel["color"])
    for label, properties in perspective["labels"].items():
        assert all(p["type"] == label and p["propertyKey"] and p["dataType"] for p in properties)


def test_perspective_names_every_label_and_relationship_type_of_the_schema() -> None:
    perspective = bloom.bloom_perspective()
    category_labels = [c["labels"][0] for c in perspective["categories"]]
    assert sorted(category_labels) == sorted([*ENTITY_TYPES, "Document"])
    assert set(perspective["labels"]) == {"Entity", "Document", *ENTITY_TYPES}
    assert {r["name"] for r in perspective["relationshipTypes"]} == {*RELATION_TYPES, "MENTIONS"}
    hospital = next(c for c in perspective["categories"] if c["name"] == "Hospital")
    assert hospital["captionKeys"] == ["name"]
    assert hospital["styleRules"] == []  # no range given: no size rule that would draw every node alike


def test_size_rule_spans_the_pagerank_range_the_graph_holds(empty_store: Store, make_document) -> None:
    load_document(empty_store, make_document(extra_partner="西门子"))
    assert bloom.metric_range(empty_store) is None  # not analysed yet
    nodes, edges = analytics.get_graph(empty_store)
    metrics = analytics.compute_metrics(analytics.to_networkx(nodes, edges))
    analytics.write_metrics(empty_store, metrics)
    low, high = bloom.metric_range(empty_store)
    assert (low, high) == (min(m["pagerank"] for m in metrics.values()), max(m["pagerank"] for m in metrics.values()))
    assert 0 < low < high < 1
    perspective = bloom.bloom_perspective(size_range=(low, high))
    for category in perspective["categories"]:
        if category["name"] == "Document":
            assert category["styleRules"] == []
            continue
        rule = category["styleRules"][0]
        assert rule["basedOn"] == "pagerank" and rule["applySize"]
        assert (rule["minValue"], rule["maxValue"]) == (low, high)


def test_perspective_covers_what_a_loaded_graph_holds(empty_store: Store, make_document) -> None:
    load_document(empty_store, make_document(extra_partner="西门子"))
    stats = get_stats(empty_store)
    perspective = bloom.bloom_perspective()
    assert set(stats.labels) <= set(perspective["labels"])
    assert set(stats.relationships) <= {r["name"] for r in perspective["relationshipTypes"]}


def test_search_phrases_declare_the_parameters_their_cypher_uses() -> None:
    templates = bloom.bloom_perspective()["templates"]
    texts = [t["text"] for t in templates]
    assert "与 $org 合作的医院" in texts
    assert all(re.search(r"[\u4e00-\u9fff]", t["text"]) and re.search(r"[\u4e00-\u9fff]", t["name"])
               for t in templates)  # Chinese, as analysts search
    for template in templates:
        used = set(re.findall(r"\$\w+", template["cypher"]))
        declared = {p["name"] for p in template["params"]}
        assert used == declared == set(re.findall(r"\$\w+", template["text"])), template["text"]
        assert "//" not in template["cypher"] and template["cypher"].startswith("MATCH")
        assert all(p["dataType"] == "String" and p["suggestionLabel"] for p in template["params"])


def test_perspective_is_stable_between_runs() -> None:
    assert bloom.bloom_perspective() == bloom.bloom_perspective()


def test_grass_styles_every_label_and_relationship_type() -> None:
    sheet = bloom.grass()
    blocks = dict(re.findall(r"^(\S+) \{\n(.*?)^\}", sheet, flags=re.S | re.M))
    for label in ENTITY_TYPES:
        body = blocks[f"node.{label}"]
        assert re.search(r"color: #[0-9A-F]{6};", body) and "caption: '{name}';" in body and "diameter: 50px;" in body
    assert "caption: '{title}';" in blocks["node.Document"]
    for rel in (*RELATION_TYPES, "MENTIONS"):
        assert "caption: '<type>';" in blocks[f"relationship.{rel}"]
    assert sheet.count("{\n") == sheet.count("\n}")  # balanced blocks


def test_hospital_phrase_follows_affiliation_and_cooperation_as_the_api_does(empty_store: Store, make_document) -> None:
    """同济大学's hospital is affiliated, not a cooperation partner: the phrase finds it, as GET /partners does."""
    load_document(empty_store, make_document(extra_partner="西门子"))
    template = next(t for t in bloom.bloom_perspective()["templates"] if t["text"] == "与 $org 合作的医院")
    assert template["cypher"] == cypher.load("viz_bloom_hospital_partners")
    with empty_store.read_session() as session:
        rows = session.run(template["cypher"], org="同济大学").data()
        hospitals = {row["h"]["name"] for row in rows}
        research = session.run(template["cypher"], org="中国科学院上海药物研究所").data()
    assert hospitals == {"同济大学附属东方医院"}
    assert {row["h"]["name"] for row in research} == {"同济大学附属东方医院"}
