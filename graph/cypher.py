"""Cypher queries, one ``cypher/<name>.cypher`` file each, loaded by name.

A file starts with ``//`` comment lines: what it does, then ``// params: {json}`` with sample
parameters that ``tests/graph/test_cypher_files.py`` runs it with (see cypher/README.md).
"""
from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from ecokg.errors import QueryError

PARAMS_HEADER = "// params:"
# A file whose text holds {label} takes a node label or relationship type (which cannot be a parameter) from
# load_labelled; its `// label:` header names the one its sample parameters go with.
LABEL_PLACEHOLDER = "{label}"
LABEL_HEADER = "// label:"


def _source(name: str) -> str:
    resource = files("cypher") / f"{name}.cypher"
    if not resource.is_file():
        raise QueryError(f"no query named {name!r}: expected a file cypher/{name}.cypher")
    return resource.read_text(encoding="utf-8")


@cache
def load(name: str) -> str:
    """The query in ``cypher/<name>.cypher`` with its full-line ``//`` comments removed."""
    lines = [line for line in _source(name).splitlines() if not line.lstrip().startswith("//")]
    return "\n".join(lines).strip()


def load_labelled(name: str, label: str) -> str:
    """The query ``name`` for one entity or relation type of the record schema (only those are accepted)."""
    from ecokg.records import ENTITY_TYPES, RELATION_TYPES  # noqa: PLC0415

    if label not in ENTITY_TYPES and label not in RELATION_TYPES:
        raise QueryError(f"{label!r} is not an entity or relation type of ecokg.records; cypher/{name}.cypher "
                         "takes only those")
    query = load(name)
    if LABEL_PLACEHOLDER not in query:
        raise QueryError(f"cypher/{name}.cypher has no {LABEL_PLACEHOLDER}; load it with graph.cypher.load")
    return query.replace(LABEL_PLACEHOLDER, label)


def sample_label(name: str) -> str | None:
    """The label of the file's ``// label:`` header, for a file that takes one (None otherwise)."""
    for line in _source(name).splitlines():
        if line.startswith(LABEL_HEADER):
            return line[len(LABEL_HEADER):].strip()
    return None


def statements(name: str) -> list[str]:
    """The ``;``-separated statements of a multi-statement file such as ``schema``."""
    return [part.strip() for part in load(name).split(";") if part.strip()]


def sample_params(name: str) -> dict:
    """The parameters of the file's ``// params: {...}`` header line."""
    for line in _source(name).splitlines():
        if line.startswith(PARAMS_HEADER):
            try:
                params = json.loads(line[len(PARAMS_HEADER):])
            except json.JSONDecodeError as exc:
                raise QueryError(f"cypher/{name}.cypher: the params header is not JSON: {exc}") from exc
            if not isinstance(params, dict):
                raise QueryError(f"cypher/{name}.cypher: the params header must be a JSON object")
            return params
    raise QueryError(f"cypher/{name}.cypher has no '{PARAMS_HEADER} {{...}}' header line; add one")


def names() -> list[str]:
    """Every query name in the ``cypher`` package, sorted."""
    return sorted(
        entry.name.removesuffix(".cypher") for entry in files("cypher").iterdir() if entry.name.endswith(".cypher")
    )
