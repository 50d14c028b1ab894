"""The Bloom perspective has the structure Bloom exports and names the whole schema; the GraSS sheet styles it."""
from __future__ import annotations

import json
import re

from ecokg.records import ENTITY_TYPES, RELATION_TYPES
from graph import bloom
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
    assert hospital["styleRules"][0]["basedOn"] == "pagerank" and hospital["styleRules"][0]["applySize"]


def test_perspective_covers_what_a_loaded_graph_holds(empty_store: Store, make_document) -> None:
    load_document(empty_store, make_document(extra_partner="西门子"))
    stats = get_stats(empty_store)
    perspective = bloom.bloom_perspective()
    assert set(stats.labels) <= set(perspective["labels"])
    assert set(stats.relationships) <= {r["name"] for r in perspective["relationshipTypes"]}


def test_search_phrases_declare_the_parameters_their_cypher_uses() -> None:
    templates = bloom.bloom_perspective()["templates"]
    texts = [t["text"] for t in templates]
    assert "Hospitals partnering with $org" in texts
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
