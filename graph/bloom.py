"""Neo4j Bloom perspective and Neo4j Browser style sheet (GraSS), generated from the schema.

:func:`bloom_perspective` has the structure of a perspective Bloom exports (Bloom 2.x, "Export perspective"):
top-level ``name``, ``id``, ``categories`` (one per label: ``labels``, ``properties``, caption, ``color``, ``icon``,
``size``, a ``styleRules`` entry sizing nodes by ``pagerank`` over the range the graph holds), ``labels`` (the
schema's property keys per label), ``relationshipTypes``, ``palette``, and the search phrases, which Bloom stores
under ``templates`` (``text`` such as "与 $org 合作的医院", ``cypher``, ``params``). Import it in Bloom: Perspective
gallery → Import. Search-phrase Cypher lives in ``cypher/viz_bloom_*.cypher`` like every other query; partner
phrases follow ``COOPERATES_WITH|AFFILIATED_WITH`` as ``GET /partners`` does, so an affiliated hospital counts.

PageRank sums to 1 over the graph, so real values are small (0.01–0.03 on the seeds): a size rule over 0–1 would
draw every node at the smallest size. :func:`metric_range` reads the graph's range; without one (not analysed)
the perspective has no size rule.

:func:`grass` is a style sheet for Browser: drag the file onto Browser, or ``:style`` and paste it.
Colours are those of the HTML network view (:data:`graph.viz.TYPE_COLORS`).
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from ecokg.records import ENTITY_TYPES, RELATION_TYPES
from graph import cypher
from graph.store import Store
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
# (name, phrase text, cypher file, parameters: (name without $, label suggested from, property suggested from))
SEARCH_PHRASES = [
    ("合作医院", "与 $org 合作的医院", "viz_bloom_hospital_partners", [("org", "Entity", "name")]),
    ("合作伙伴", "$org 的合作伙伴", "viz_bloom_partners", [("org", "Entity", "name")]),
    ("资助方", "资助 $org 的机构", "viz_bloom_funders", [("org", "Entity", "name")]),
    ("所在社区", "$org 所在的社区", "viz_bloom_community", [("org", "Entity", "name")]),
    ("桥梁机构", "$type 中的桥梁机构", "viz_bloom_brokers", [("type", "Entity", "type")]),
    ("提及文档", "提及 $org 的文档", "viz_bloom_documents", [("org", "Entity", "name")]),
]
SIZE_METRIC = "pagerank"


def bloom_perspective(
    entity_types: Sequence[str] = ENTITY_TYPES, relation_types: Sequence[str] = RELATION_TYPES,
    size_range: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """A Bloom perspective: a category per entity type and for documents, every relationship type, search phrases.

    ``size_range`` (the graph's lowest and highest :data:`SIZE_METRIC`, see :func:`metric_range`) spans the
    entity categories' size rule; without it they have none."""
    categories = [
        _category(i, label, TYPE_COLORS[label], TYPE_ICONS[label], ENTITY_PROPERTIES, size_range=size_range)
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
            "id": f"phrase:{query}", "name": name, "text": text, "cypher": cypher.load(query),
            "isUpdateQuery": False, "hasCypherErrors": False,
            "params": [
                {"name": f"${name}", "dataType": "String", "suggestionLabel": label, "suggestionProp": prop,
                 "collapsed": False, "suggestionBoolean": False, "cypher": None}
                for name, label, prop in params
            ],
        }
        for name, text, query, params in SEARCH_PHRASES
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


def metric_range(store: Store, metric: str = SIZE_METRIC) -> tuple[float, float] | None:
    """The lowest and highest value of ``metric`` on any entity, or ``None`` when no entity has it."""
    with store.read_session() as session:
        row = session.run(cypher.load("export_metric_range"), metric=metric).single()
    if row is None or row["low"] is None:
        return None
    return float(row["low"]), float(row["high"])


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
    caption: str = "name", size_range: tuple[float, float] | None = None,
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
        "styleRules": [] if size_range is None else [{
            "id": f"{label}-{SIZE_METRIC}", "type": "range", "basedOn": SIZE_METRIC, "dataType": "number",
            "minValue": size_range[0], "maxValue": size_range[1], "minSize": 1, "maxSize": 4,
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
