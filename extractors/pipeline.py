"""Build, cache and load the spaCy pipeline (zh + pkuseg CTB8 + ecokg components).

The first load initialises the pipeline from ``data/pipeline.cfg`` (converting the
pkuseg CTB8 model shipped in the ``pkuseg`` wheel, loading the gazetteer and the
part-of-speech lexicon) and saves it with ``nlp.to_disk``; later loads read that
cache. The cache key covers everything the initialised pipeline depends on."""
from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
import srsly
from spacy.language import Language

import extractors.components  # noqa: F401 - registers the ecokg_* factories
from ecokg.errors import PipelineError
from extractors import fast_pkuseg
from extractors import lexicon as L
from extractors.version import EXTRACTOR_VERSION

DATA = Path(str(resources.files("extractors.data")))
CONFIG_PATH = DATA / "pipeline.cfg"
GAZETTEER_PATH = DATA / "organisations.yaml"
PREPARE_ESTIMATE_S = 10  # initialising the pipeline from the config, measured on a 2-core machine

_log = logging.getLogger(__name__)


def _pkuseg_model_dir() -> Path:
    try:
        import pkuseg  # noqa: PLC0415
    except ImportError as exc:
        raise PipelineError("the pkuseg==0.0.12 wheel (CTB8 model) is not installed: "
                            "pip install 'pkuseg==0.0.12'") from exc
    model = Path(pkuseg.__file__).parent / "models" / "ctb8"
    if not (model / "features.pkl").exists() and not any(model.glob("featureIndex*")) \
            and not (model / "weights.npz").exists():
        raise PipelineError(f"no CTB8 model in {model}: reinstall pkuseg==0.0.12")
    return model


def cache_key(gazetteer: Path | None) -> str:
    h = hashlib.sha256()
    h.update(EXTRACTOR_VERSION.encode())
    h.update(spacy.__version__.encode())
    h.update(b"gazetteer" if gazetteer else b"no-gazetteer")
    h.update(f"fast-pkuseg-{fast_pkuseg.TABLES_FORMAT}".encode())
    return h.hexdigest()[:16]


def _user_dict(gazetteer: Path | None, path: Path) -> Path:
    """Words pkuseg must keep whole: known names and multi-character suffixes."""
    words = {s for s in L.SUFFIX_TYPES if len(s) > 1 and s not in L.COMPANY_WEAK} | set(L.SEGMENT_WORDS)
    if gazetteer:
        # short names stay out: a forced 强生 would split 加强生物 wrongly
        for org in extractors.components.load_gazetteer(gazetteer):
            words.update(f for f in [org["name"], *(org.get("aliases") or [])] if len(f) >= 4)
    path.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    return path


def build_nlp(target: Path, gazetteer: Path | None) -> Language:
    """Initialise the pipeline from the committed config and save it to ``target``.

    The build happens in a private directory beside ``target`` and is renamed into
    place in one step, so processes building the same cache at once never touch each
    other's files; when another one finished first, its pipeline is loaded instead."""
    _log.info("preparing the segmentation model once (~%d s)", PREPARE_ESTIMATE_S)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=target.name + ".build-", dir=target.parent))
    try:
        model = work / "pkuseg-ctb8"
        # spacy_pkuseg converts the old model format in place: work on a copy.
        shutil.copytree(_pkuseg_model_dir(), model, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        config = spacy.util.load_config(CONFIG_PATH)
        config["components"]["ecokg_gazetteer"]["enabled"] = gazetteer is not None
        config["initialize"]["tokenizer"]["pkuseg_model"] = str(model)
        config["initialize"]["tokenizer"]["pkuseg_user_dict"] = str(_user_dict(gazetteer, work / "user_dict.txt"))
        config["initialize"]["components"]["ecokg_gazetteer"]["path"] = str(gazetteer) if gazetteer else None
        nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
        # spacy_pkuseg narrates its one-time conversion of the old model format ("WARNING: features.msgpack does
        # not exist, try loading features.pkl", ...) on stdout/stderr: nothing anyone has to act on.
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            nlp.initialize()
        nlp.to_disk(work / "nlp")
        tables = fast_pkuseg.save_tables(nlp.tokenizer.pkuseg_seg, work / "nlp" / fast_pkuseg.TABLES_DIR)
        if tables:
            fast_pkuseg.install(nlp, tables)  # the tables just made, not made again
        if target.exists() and not (target / "config.cfg").exists():
            shutil.rmtree(target, ignore_errors=True)  # a broken leftover, not a rival's result
        try:
            os.rename(work / "nlp", target)  # atomic; fails when the target exists
        except OSError:
            if (target / "config.cfg").exists():
                return _load_with_tables(target) or spacy.load(target)  # another process won the race: use theirs
            raise
        return nlp
    finally:
        shutil.rmtree(work, ignore_errors=True)


@lru_cache(maxsize=4)
def load_nlp(cache_dir: Path, use_gazetteer: bool = True) -> Language:
    """The initialised pipeline, from the on-disk cache when it is current; pkuseg cuts with
    extractors/fast_pkuseg.py (the same words, a third of the time) when the installed spacy_pkuseg is its model."""
    nlp = _load(cache_dir, use_gazetteer)
    fast_pkuseg.install(nlp)
    return nlp


def _load_with_tables(target: Path) -> Language | None:
    """The cached pipeline with pkuseg cutting from extractors/fast_pkuseg.py's tables (the package's own feature
    table, seconds to unpack, loads only if something needs it), or None when the cache has no such tables."""
    tables = fast_pkuseg.load_tables(target / fast_pkuseg.TABLES_DIR)
    if tables is None:
        return None
    # spacy.load's steps, with the tokenizer's segmenter set before the components load (they cut their patterns)
    nlp = spacy.util.load_model_from_config(spacy.util.load_config(target / "config.cfg"),
                                            meta=spacy.util.get_model_meta(target))
    tokenizer = target / "tokenizer"
    nlp.tokenizer.pkuseg_seg = fast_pkuseg.LazyPkuseg(tables, tokenizer / "pkuseg_model",
                                                      srsly.read_msgpack(tokenizer / "pkuseg_processors"))
    return nlp.from_disk(target, exclude=["tokenizer"])


def _load(cache_dir: Path, use_gazetteer: bool) -> Language:
    gazetteer = GAZETTEER_PATH if use_gazetteer else None
    target = Path(cache_dir) / f"nlp-{cache_key(gazetteer)}"
    if (target / "config.cfg").exists():
        try:
            return _load_with_tables(target) or spacy.load(target)
        except Exception:  # noqa: BLE001 - a corrupt cache is rebuilt, not fatal
            shutil.rmtree(target, ignore_errors=True)
    return build_nlp(target, gazetteer)
