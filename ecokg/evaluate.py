"""Extraction scored against gold by the rules of GUIDELINE.md "Scoring" (the numbers of ``shared/eval/score.py``).

Pure functions over typed records: :func:`load_gold` reads a directory of gold files, :func:`load_predictions`
a prediction file, :func:`score` compares the two and returns P/R/F1 counts per entity type, typed and untyped,
per relation type and per document, with every miss and false alarm. Nothing here extracts; ``ecokg eval``
extracts first and passes the documents in (:meth:`Prediction.of`)."""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ecokg.errors import EvalError
from ecokg.records import Document

# The guideline's scored types; everything else (Person, Region, Task, LOCATED_IN, …) is optional.
SCORED_ENTITY_TYPES = ("Company", "Fund", "GovernmentAgency", "Hospital", "Platform", "ResearchInstitute",
                       "University")
SCORED_RELATION_TYPES = ("AFFILIATED_WITH", "COOPERATES_WITH", "FUNDS", "PART_OF", "RESPONSIBLE_FOR")
SYMMETRIC_RELATION_TYPES = ("COOPERATES_WITH",)
ENTITY_KEYS = ("all", "typed", *SCORED_ENTITY_TYPES)  # "all" is the untyped score
RELATION_KEYS = ("all", *SCORED_RELATION_TYPES)

_MARKS = str.maketrans("", "", "“”‘’\"'「」《》〈〉『』 \t\r\n\u3000")


def normalize_name(name: str) -> str:
    """NFKC, without white space and quote/title marks, Latin letters lower-cased."""
    return unicodedata.normalize("NFKC", name or "").translate(_MARKS).lower()


# --------------------------------------------------------------------------- records


class MentionText(BaseModel):
    text: str = ""


class _Named(BaseModel):
    name: str = ""
    aliases: list[str] = []
    mentions: list[MentionText] = []

    def names(self) -> set[str]:
        """Every normalized form that can match: name, aliases and mention texts."""
        forms = {self.name, *self.aliases, *(m.text for m in self.mentions)}
        return {normalize_name(f) for f in forms if f and normalize_name(f)}


class GoldEntity(_Named):
    id: str
    name: str
    type: str
    optional: bool = False

    @property
    def scored(self) -> bool:
        return not self.optional and self.type in SCORED_ENTITY_TYPES

    @property
    def optional_end(self) -> bool:
        """Makes a relation optional: an unscored entity, except a Task (the target of RESPONSIBLE_FOR)."""
        return not self.scored and self.type != "Task"


class GoldRelation(BaseModel):
    source: str
    type: str
    target: str
    optional: bool = False


class GoldDocument(BaseModel):
    doc: str
    entities: list[GoldEntity] = []
    relations: list[GoldRelation] = []


@dataclass(frozen=True)
class GoldSet:
    directory: Path
    documents: dict[str, GoldDocument]  # by document file name, in file-name order of the gold files

    def only(self, keep: Callable[[str], bool]) -> GoldSet:
        """The gold of the documents whose name ``keep`` accepts (e.g. one genre of a set)."""
        return GoldSet(self.directory, {doc: g for doc, g in self.documents.items() if keep(doc)})


class PredictedEntity(_Named):
    id: str | None = None  # score.py numbers id-less entities p0, p1, … by position
    type: str | None = None


class PredictedRelation(BaseModel):
    source: str | None = None
    target: str | None = None
    type: str = ""


class Prediction(BaseModel):
    """One document of the prediction format; only what scoring reads."""

    doc: str
    entities: list[PredictedEntity] = []
    relations: list[PredictedRelation] = []

    @classmethod
    def of(cls, document: Document) -> Prediction:
        return cls.model_validate(document.model_dump(include={"doc", "entities", "relations"}))


# --------------------------------------------------------------------------- loading


def load_gold(directory: Path) -> GoldSet:
    """Every ``*.json`` gold file of ``directory``, one document each; malformed files are named."""
    directory = Path(directory)
    if not directory.is_dir():
        raise EvalError(f"{directory}: no such gold directory")
    files = sorted(directory.glob("*.json"))
    if not files:
        raise EvalError(f"{directory}: holds no gold files (*.json, one a document)")
    documents: dict[str, GoldDocument] = {}
    source: dict[str, Path] = {}
    for file in files:
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EvalError(f"{file}: not a JSON gold file ({exc})") from None
        gold = _validated(GoldDocument, raw, str(file))
        problem = _gold_problem(gold)
        if problem:
            raise EvalError(f"{file}: {problem}")
        if gold.doc in documents:
            raise EvalError(f"{file}: annotates {gold.doc}, which {source[gold.doc]} already annotates")
        documents[gold.doc], source[gold.doc] = gold, file
    return GoldSet(directory, documents)


def _gold_problem(gold: GoldDocument) -> str | None:
    ids = Counter(e.id for e in gold.entities)
    twice = sorted(i for i, n in ids.items() if n > 1)
    if twice:
        return f"entity id {twice[0]} is used twice"
    for n, relation in enumerate(gold.relations):
        for end in (relation.source, relation.target):
            if end not in ids:
                return f"relations.{n} refers to entity {end}, which the file does not define"
    return None


def load_predictions(path: Path) -> list[Prediction]:
    """A JSON Lines prediction file (what ``ecokg extract`` writes); bad lines are named by number."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read the predictions ({exc})") from None
    predictions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            raise EvalError(f"{path}:{number}: not JSON") from None
        predictions.append(_validated(Prediction, raw, f"{path}:{number}"))
    return predictions


def _validated(model: type[BaseModel], raw: Any, where: str):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(map(str, first["loc"]))
        raise EvalError(f"{where}: {f'field {field}: ' if field else ''}{first['msg']}") from None


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict:
        """score.py's JSON form: rates rounded to three places."""
        return {"p": round(self.precision, 3), "r": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True)
class Scores:
    """Counts of a document or a set: ``entity`` by :data:`ENTITY_KEYS`, ``relation`` by :data:`RELATION_KEYS`."""

    entity: dict[str, Counts]
    relation: dict[str, Counts]

    @classmethod
    def zero(cls) -> Scores:
        return cls({k: Counts() for k in ENTITY_KEYS}, {k: Counts() for k in RELATION_KEYS})

    def __add__(self, other: Scores) -> Scores:
        return Scores({k: self.entity[k] + other.entity[k] for k in ENTITY_KEYS},
                      {k: self.relation[k] + other.relation[k] for k in RELATION_KEYS})

    def to_dict(self) -> dict:
        """score.py's keys: ``entity.all``, ``entity.typed``, ``entity.<Type>``, ``relation.all``, …"""
        return {**{f"entity.{k}": c.to_dict() for k, c in self.entity.items()},
                **{f"relation.{k}": c.to_dict() for k, c in self.relation.items()}}


MistakeKind = Literal["missing document", "false entity", "missed entity", "wrong type", "false relation",
                      "missed relation"]


@dataclass(frozen=True)
class Mistake:
    doc: str
    kind: MistakeKind
    detail: str


@dataclass(frozen=True)
class Evaluation:
    documents: list[str]  # the gold documents scored, in gold order
    missing: list[str]  # gold documents without a prediction: every gold entity and relation of them is missed
    total: Scores  # micro-averaged: counts summed over the documents
    per_document: dict[str, Scores]
    mistakes: list[Mistake]

    def to_dict(self, mistakes: bool = False) -> dict:
        """score.py's JSON (same keys and numbers), plus the scores of each document and, if asked, the mistakes."""
        result = {"documents": len(self.documents), "missing": self.missing, **self.total.to_dict(),
                  "per_document": {doc: s.to_dict() for doc, s in self.per_document.items()}}
        if mistakes:
            result["mistakes"] = [{"doc": m.doc, "kind": m.kind, "detail": m.detail} for m in self.mistakes]
        return result


def score(gold: GoldSet, predictions: Iterable[Prediction]) -> Evaluation:
    """Score every gold document against the prediction of the same file name (the last one, if repeated)."""
    by_doc = {Path(p.doc).name: p for p in predictions}
    if not by_doc.keys() & gold.documents.keys():
        raise EvalError(f"{gold.directory}: no gold for any predicted document "
                        f"({_some(by_doc) or 'there are none'}); it annotates {_some(gold.documents)}")
    per_document: dict[str, Scores] = {}
    mistakes: list[Mistake] = []
    for doc, gold_doc in gold.documents.items():
        if doc not in by_doc:
            mistakes.append(Mistake(doc, "missing document", "no prediction"))
        per_document[doc] = _score_document(gold_doc, by_doc.get(doc, Prediction(doc=doc)), mistakes)
    total = sum(per_document.values(), Scores.zero())
    return Evaluation(list(gold.documents), sorted(gold.documents.keys() - by_doc.keys()), total, per_document,
                      mistakes)


def _some(names: Iterable[str], shown: int = 3) -> str:
    names = sorted(names)
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def match_entities(gold: list[GoldEntity], predicted: list[PredictedEntity]) -> dict[str, str]:
    """Predicted entity id → gold entity id, each gold entity matched at most once.

    Predictions whose canonical name equals a gold name are matched first, so that an alias two
    entities share cannot steal the better match."""
    gold_names = {g.id: g.names() for g in gold}
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for exact in (True, False):
        for p in predicted:
            if p.id in mapping:
                continue
            keys = {normalize_name(p.name)} if exact else p.names()
            for g in gold:
                if g.id not in used and keys & gold_names[g.id]:
                    mapping[p.id] = g.id
                    used.add(g.id)
                    break
    return mapping


def _score_document(gold: GoldDocument, prediction: Prediction, mistakes: list[Mistake]) -> Scores:
    doc = gold.doc
    entities = [e if e.id is not None else e.model_copy(update={"id": f"p{i}"})
                for i, e in enumerate(prediction.entities)]
    if len({e.id for e in entities}) < len(entities):
        twice = Counter(e.id for e in entities).most_common(1)[0][0]
        raise EvalError(f"prediction of {prediction.doc}: entity id {twice} is used twice")
    gents = {g.id: g for g in gold.entities}
    mapping = match_entities(gold.entities, entities)
    tp, fp, fn = Counter(), Counter(), Counter()

    for p in entities:
        g = gents.get(mapping.get(p.id, ""))
        if g is not None and not g.scored:
            continue  # matches optional gold: neither a hit nor a false alarm
        if g is None and p.type not in SCORED_ENTITY_TYPES:
            continue  # an unscored type (Person, Region, Program, …) that matches no scored gold
        if g is None:
            fp.update(("all", "typed", p.type))
            mistakes.append(Mistake(doc, "false entity", f"{p.type} {p.name}"))
        elif p.type == g.type:
            tp.update(("all", "typed", g.type))
        else:
            tp["all"] += 1
            fp.update(("typed", p.type))
            fn.update(("typed", g.type))
            mistakes.append(Mistake(doc, "wrong type", f"{p.type} vs gold {g.type} {g.name}"))
    matched = set(mapping.values())
    for g in gold.entities:
        if g.scored and g.id not in matched:
            fn.update(("all", "typed", g.type))
            mistakes.append(Mistake(doc, "missed entity", f"{g.type} {g.name}"))
    entity = {k: Counts(tp[k], fp[k], fn[k]) for k in ENTITY_KEYS}

    def key(rtype: str, a: str, b: str) -> tuple:
        return (rtype, *sorted((a, b))) if rtype in SYMMETRIC_RELATION_TYPES else (rtype, a, b)

    scored_gold: dict[tuple, GoldRelation] = {}
    optional_gold: set[tuple] = set()
    for r in gold.relations:
        k = key(r.type, r.source, r.target)
        if r.optional or r.type not in SCORED_RELATION_TYPES or gents[r.source].optional_end \
                or gents[r.target].optional_end:
            optional_gold.add(k)
        else:
            scored_gold[k] = r
    tp, fp, fn = Counter(), Counter(), Counter()
    seen: set[tuple] = set()
    names = {p.id: p.name for p in entities}
    for r in prediction.relations:
        a, b = mapping.get(r.source), mapping.get(r.target)
        k = key(r.type, a, b) if a and b else None
        if k is not None:
            if k in seen:
                continue  # a repeated prediction of one relation counts once
            seen.add(k)
            if k in optional_gold or gents[a].optional_end or gents[b].optional_end:
                continue
        elif any(x and not gents[x].scored for x in (a, b)):
            continue  # one end unknown, the other optional gold (a Task included, as score.py has it)
        if r.type not in SCORED_RELATION_TYPES:
            continue
        if k in scored_gold:
            tp.update(("all", r.type))
        else:
            fp.update(("all", r.type))
            mistakes.append(Mistake(doc, "false relation",
                                    f"{names.get(r.source)} -{r.type}-> {names.get(r.target)}"))
    for k, r in scored_gold.items():
        if k not in seen:
            fn.update(("all", r.type))
            mistakes.append(Mistake(doc, "missed relation",
                                    f"{gents[r.source].name} -{r.type}-> {gents[r.target].name}"))
    relation = {k: Counts(tp[k], fp[k], fn[k]) for k in RELATION_KEYS}
    return Scores(entity, relation)
