"""Neo4j Bloom perspective and Neo4j Browser style sheet (GraSS), generated from the schema.

:func:`bloom_perspective` has the structure of a perspective Bloom exports (Bloom 2.x, "Export perspective"):
top-level ``name``, ``id``, ``categories`` (one per label: ``labels``, ``properties``, caption, ``color``, ``icon``,
``size``, a ``styleRules`` entry sizing nodes by ``pagerank``), ``labels`` (the schema's property keys per label),
``relationshipTypes``, ``palette``, and the search phrases, which Bloom stores under ``templates`` (``text`` such
as "Hospitals partnering with $org", ``cypher``, ``params``). Import it in Bloom: Perspective gallery → Import.
Search-phrase Cypher lives in ``cypher/viz_bloom_*.cypher`` like every other query.

:func:`grass` is a style sheet for Browser: drag the file onto Browser, or ``:style`` and paste it.
Colours are those of the HTML network view (:data:`graph.viz.TYPE_COLORS`).
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from ecokg.records import ENTITY_TYPES, RELATION_TYPES
from graph import cypher
from graph.viz import DOCUMENT_COLOR, RELATION_COLORS, TYPE_COLORS

PERSPECTIVE_NAME = "ecokg: Shanghai biomedicine partner networks"
# Stable, so re-importing replaces the perspective instead of adding a copy.
PERSPECTIVE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "ecokg/bloom-perspective"))
BLOOM_VERSION = "2.3.0"
# Icon names from Bloom's icon library; Bloom draws a plain circle for a name it does not know.
TYPE_ICONS = {
    "Hospital": "hospital", "University": "school", "ResearchInstitute": "flask", "Company": "business",
    "Platform": "layers", "Fund": "money", "GovernmentAgency": "account_balance", "Person": "person",
    "Product": "medication", "Region": "place", "Program": "assignment", "Event": "event", "Task": "task",
}
ENTITY_PROPERTIES = [
    ("name", "string"), ("id", "string"), ("type", "string"), ("aliases", "array"), ("ambiguous", "boolean"),
    ("degree", "number"), ("pagerank", "number"), ("betweenness", "number"), ("community", "number"),
]
DOCUMENT_PROPERTIES = [
    ("title", "string"), ("doc", "string"), ("id", "string"), ("date", "string"), ("issuer", "string"),
    ("number", "string"), ("district", "string"), ("path", "string"),
]
RELATION_PROPERTIES = [
    ("doc_name", "string"), ("doc", "string"), ("evidence", "string"), ("rule", "string"),
    ("confidence", "number"), ("status", "string"), ("date", "string"), ("start", "number"), ("end", "number"),
]
# (phrase text, cypher file, parameters: (name without $, label suggested from, property suggested from))
SEARCH_PHRASES = [
    ("Hospitals partnering with $org", "viz_bloom_hospital_partners", [("org", "Entity", "name")]),
    ("Partners of $org", "viz_bloom_partners", [("org", "Entity", "name")]),
    ("Funders of $org", "viz_bloom_funders", [("org", "Entity", "name")]),
    ("Community of $org", "viz_bloom_community", [("org", "Entity", "name")]),
    ("Brokers among $type", "viz_bloom_brokers", [("type", "Entity", "type")]),
    ("Documents mentioning $org", "viz_bloom_documents", [("org", "Entity", "name")]),
]


def bloom_perspective(
    entity_types: Sequence[str] = ENTITY_TYPES, relation_types: Sequence[str] = RELATION_TYPES
) -> dict[str, Any]:
    """A Bloom perspective: a category per entity type and for documents, every relationship type, search phrases."""
    categories = [
        _category(i, label, TYPE_COLORS[label], TYPE_ICONS[label], ENTITY_PROPERTIES, size_by="pagerank")
        for i, label in enumerate(entity_types, start=1)
    ]
    categories.append(
        _category(len(categories) + 1, "Document", DOCUMENT_COLOR, "description", DOCUMENT_PROPERTIES, caption="title")
    )
    labels = {label: _schema_properties(label, ENTITY_PROPERTIES) for label in ("Entity", *entity_types)}
    labels["Document"] = _schema_properties("Document", DOCUMENT_PROPERTIES)
    relationship_types = [
        {
            "id": rel, "name": rel, "color": RELATION_COLORS[rel], "size": 1, "captionKeys": ["0_REL_TYPE_CAPTION_KEY"],
            "properties": _schema_properties(rel, RELATION_PROPERTIES),
        }
        for rel in relation_types
    ]
    relationship_types.append({
        "id": "MENTIONS", "name": "MENTIONS", "color": DOCUMENT_COLOR, "size": 1,
        "captionKeys": ["0_REL_TYPE_CAPTION_KEY"], "properties": [],
    })
    templates = [
        {
            "id": f"phrase:{query}", "name": text.split(" $")[0], "text": text, "cypher": cypher.load(query),
            "isUpdateQuery": False, "hasCypherErrors": False,
            "params": [
                {"name": f"${name}", "dataType": "String", "suggestionLabel": label, "suggestionProp": prop,
                 "collapsed": False, "suggestionBoolean": False, "cypher": None}
                for name, label, prop in params
            ],
        }
        for text, query, params in SEARCH_PHRASES
    ]
    return {
        "name": PERSPECTIVE_NAME,
        "id": PERSPECTIVE_ID,
        "version": BLOOM_VERSION,
        "type": "STANDARD_PERSPECTIVE",
        "categories": categories,
        "labels": labels,
        "relationshipTypes": relationship_types,
        "palette": {"colors": [*TYPE_COLORS.values()], "currentIndex": len(categories) % len(TYPE_COLORS)},
        "templates": templates,
        "sceneActions": [],
        "hiddenRelationshipTypes": [],
        "hiddenCategories": [],
        "hideUncategorisedData": False,
        "parentPerspectiveId": None,
        "metadata": {"pathSegments": [], "indexes": [], "stats": {"labels": {}, "relationshipTypes": {}}},
    }


def grass(entity_types: Sequence[str] = ENTITY_TYPES, relation_types: Sequence[str] = RELATION_TYPES) -> str:
    """A Neo4j Browser style sheet: a colour and ``{name}`` caption per label, the type as caption per relationship."""
    blocks = ["node {\n  diameter: 40px;\n  color: #A5ABB6;\n  caption: '{name}';\n}"]
    for label in entity_types:
        blocks.append(_grass_block(f"node.{label}", {
            "color": TYPE_COLORS[label], "border-color": _darker(TYPE_COLORS[label]), "text-color-internal": "#FFFFFF",
            "diameter": "50px", "caption": "'{name}'",
        }))
    blocks.append(_grass_block("node.Document", {
        "color": DOCUMENT_COLOR, "border-color": _darker(DOCUMENT_COLOR), "text-color-internal": "#FFFFFF",
        "diameter": "35px", "caption": "'{title}'",
    }))
    for rel in (*relation_types, "MENTIONS"):
        color = RELATION_COLORS.get(rel, DOCUMENT_COLOR)
        blocks.append(_grass_block(f"relationship.{rel}", {
            "color": color, "shaft-width": "2px", "font-size": "8px", "caption": "'<type>'",
        }))
    return "\n".join(blocks) + "\n"


def _category(
    cid: int, label: str, color: str, icon: str, properties: list[tuple[str, str]],
    caption: str = "name", size_by: str | None = None,
) -> dict[str, Any]:
    return {
        "id": cid,
        "name": label,
        "labels": [label],
        "properties": [
            {"name": name, "exclude": False, "isCaption": name == caption, "dataType": kind}
            for name, kind in properties
        ],
        "captionKeys": [caption],
        "captions": [{"key": caption, "type": "property", "isCaption": True, "inTooltip": True, "styles": []}],
        "color": color,
        "icon": icon,
        "size": 1,
        "textSize": 1,
        "styleRules": [] if size_by is None else [{
            "id": f"{label}-{size_by}", "type": "range", "basedOn": size_by, "dataType": "number",
            "minValue": 0, "maxValue": 1, "minSize": 1, "maxSize": 4,
            "applyColor": False, "applySize": True, "applyCaption": False,
        }],
        "hiddenLabels": [],
    }


def _schema_properties(owner: str, properties: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"propertyKey": name, "type": owner, "dataType": kind} for name, kind in properties]


def _grass_block(selector: str, styles: dict[str, str]) -> str:
    return selector + " {\n" + "".join(f"  {key}: {value};\n" for key, value in styles.items()) + "}"


def _darker(color: str) -> str:
    """The colour at 80% brightness: Browser draws borders a shade darker than the fill."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(c * 0.8):02X}" for c in rgb)
