"""The extractor's version: a digest of the extraction code and data, readable without loading spaCy.

Incremental builds re-extract a file when it changes; a build that finds nothing new never imports the
pipeline. The record schema (ecokg/records.py) is part of it: a new relation type changes what is extracted."""
from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import ecokg.records


def _extractor_version() -> str:
    h = hashlib.sha256()
    package = Path(__file__).parent
    data = Path(str(resources.files("extractors.data")))
    records = Path(ecokg.records.__file__)
    for path in sorted([*package.glob("*.py"), *data.glob("*.cfg"), *data.glob("*.yaml")]) + [records]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


EXTRACTOR_VERSION = _extractor_version()
