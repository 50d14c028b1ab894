"""Scoring against gold: hand-made cases with known counts, and the same numbers as the shared score.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ecokg.errors import EvalError
from ecokg.evaluate import Prediction, load_gold, load_predictions, score

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCORE_PY = SHARED / "eval" / "score.py"
needs_shared = pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/eval/score.py is not beside the repo")


def _entity(eid: str, name: str, etype: str, *aliases: str, optional: bool = False) -> dict:
    return {"id": eid, "name": name, "type": etype, "aliases": list(aliases), **({"optional": True} if optional else {})}


def _relation(source: str, rtype: str, target: str, optional: bool = False) -> dict:
    return {"source": source, "type": rtype, "target": target, **({"optional": True} if optional else {})}


GOLD_A = {"doc": "a.txt", "entities": [
    _entity("g1", "东方医院", "Hospital", "东方"),
    _entity("g2", "同济大学", "University"),
    _entity("g3", "西门子", "Company", "西门子公司"),
    _entity("g4", "张江集团", "Company"),
    _entity("g5", "浦东新区", "Region", optional=True),
    _entity("g6", "提升创新主体密度", "Task", optional=True),
    _entity("g7", "区科经委", "GovernmentAgency"),
    _entity("g8", "生物医药母基金", "Fund", "225亿元生物医药母基金"),
    _entity("g9", "张青雷", "Person", optional=True),
    _entity("g10", "仁济医院", "Hospital"),
], "relations": [
    _relation("g1", "AFFILIATED_WITH", "g2"),
    _relation("g1", "COOPERATES_WITH", "g3"),
    _relation("g7", "RESPONSIBLE_FOR", "g6"),  # a Task end keeps the relation scored
    _relation("g8", "FUNDS", "g4"),
    _relation("g4", "LOCATED_IN", "g5"),
    _relation("g1", "COOPERATES_WITH", "g4", optional=True),
    _relation("g2", "COOPERATES_WITH", "g7"),
]}
GOLD_B = {"doc": "b.txt", "entities": [_entity("g1", "君实生物", "Company")], "relations": []}


def _pred(eid: str, name: str, etype: str, *aliases: str, mentions: tuple[str, ...] = ()) -> dict:
    return {"id": eid, "name": name, "type": etype, "aliases": list(aliases),
            "mentions": [{"start": 0, "end": len(m), "text": m} for m in mentions]}


def _rel(source: str, rtype: str, target: str) -> dict:
    return {"source": source, "type": rtype, "target": target, "evidence": {"text": "…", "start": 0, "end": 1}}


PRED_A = {"doc": "some/dir/a.txt", "entities": [
    _pred("p0", "东方医院集团", "Company", "东方医院"),  # listed first, yet p1's exact name wins 东方医院
    _pred("p1", "东方医院", "Hospital"),
    _pred("p2", "同济", "University", mentions=("同济大学",)),
    _pred("p3", "西门子公司", "Company"),
    _pred("p4", "张江集团", "Hospital"),  # right organisation, wrong type
    _pred("p5", "浦东新区", "Region"),  # matches optional gold
    _pred("p6", "张青雷", "Company"),  # matches optional gold, whatever its type
    _pred("p7", "复旦大学", "University"),  # not in gold
    _pred("p8", "上海", "Region"),  # unscored type, no gold: ignored
    _pred("p9", "区 科经委", "GovernmentAgency"),  # white space is folded away
    _pred("p10", "提升创新主体密度", "Task"),
    _pred("p11", "225亿元生物医药母基金", "Fund"),
], "relations": [
    _rel("p1", "AFFILIATED_WITH", "p2"),
    _rel("p3", "COOPERATES_WITH", "p1"),  # symmetric: either order
    _rel("p1", "COOPERATES_WITH", "p3"),  # repeated: counts once
    _rel("p9", "RESPONSIBLE_FOR", "p10"),
    _rel("p11", "FUNDS", "p4"),
    _rel("p1", "COOPERATES_WITH", "p4"),  # optional gold relation
    _rel("p1", "COOPERATES_WITH", "p5"),  # touches optional gold
    _rel("p7", "COOPERATES_WITH", "p1"),  # false alarm
    _rel("p7", "RESPONSIBLE_FOR", "p10"),  # unmatched source, optional target: left out
    _rel("p4", "LOCATED_IN", "p5"),  # unscored type
    _rel("p2", "PART_OF", "p1"),  # false alarm
]}
PRED_UNANNOTATED = {"doc": "c.txt", "entities": [_pred("p1", "复旦大学", "University")], "relations": []}


@pytest.fixture()
def hand_made(tmp_path: Path) -> tuple[Path, Path]:
    gold = tmp_path / "gold"
    gold.mkdir()
    for g in (GOLD_A, GOLD_B):
        (gold / g["doc"].replace(".txt", ".json")).write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in (PRED_A, PRED_UNANNOTATED)),
                    encoding="utf-8")
    return gold, pred


def _counts(c) -> tuple[int, int, int]:
    return c.tp, c.fp, c.fn


def test_hand_made_counts(hand_made):
    gold, pred = hand_made
    evaluation = score(load_gold(gold), load_predictions(pred))
    entity, relation = evaluation.total.entity, evaluation.total.relation
    assert evaluation.documents == ["a.txt", "b.txt"] and evaluation.missing == ["b.txt"]
    assert _counts(entity["all"]) == (6, 2, 2)  # p0 and p7 false; 仁济医院 and 君实生物 missed
    assert _counts(entity["typed"]) == (5, 3, 3)  # 张江集团 as a Hospital is a false Hospital and a missed Company
    assert _counts(entity["Company"]) == (1, 1, 2)
    assert _counts(entity["Hospital"]) == (1, 1, 1)
    assert _counts(entity["University"]) == (1, 1, 0)
    assert _counts(entity["Fund"]) == _counts(entity["GovernmentAgency"]) == (1, 0, 0)
    assert _counts(relation["all"]) == (4, 2, 1)
    assert _counts(relation["COOPERATES_WITH"]) == (1, 1, 1)
    assert _counts(relation["PART_OF"]) == (0, 1, 0)
    assert relation["RESPONSIBLE_FOR"].tp == relation["FUNDS"].tp == relation["AFFILIATED_WITH"].tp == 1
    assert entity["typed"].precision == 5 / 8 and entity["typed"].recall == 5 / 8
    assert relation["all"].f1 == pytest.approx(2 * (4 / 6) * (4 / 5) / (4 / 6 + 4 / 5))

    assert _counts(evaluation.per_document["b.txt"].entity["typed"]) == (0, 0, 1)
    assert evaluation.per_document["a.txt"] + evaluation.per_document["b.txt"] == evaluation.total
    kinds = [(m.doc, m.kind) for m in evaluation.mistakes]
    assert kinds.count(("a.txt", "false entity")) == 2 and ("a.txt", "wrong type") in kinds
    assert ("b.txt", "missing document") in kinds and ("b.txt", "missed entity") in kinds
    assert {m.detail for m in evaluation.mistakes if m.kind == "false relation"} == {
        "复旦大学 -COOPERATES_WITH-> 东方医院", "同济 -PART_OF-> 东方医院"}
    assert [m.detail for m in evaluation.mistakes if m.kind == "missed relation"] == [
        "同济大学 -COOPERATES_WITH-> 区科经委"]


@needs_shared
def test_hand_made_numbers_equal_score_py(hand_made):
    gold, pred = hand_made
    _assert_same_as_score_py(gold, pred, score(load_gold(gold), load_predictions(pred)).to_dict())


def _assert_same_as_score_py(gold: Path, pred: Path, ours: dict) -> None:
    reference = json.loads(subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(gold), "--pred", str(pred),
                                           "--json"], capture_output=True, text=True, check=True).stdout)
    assert len(reference) > 10  # documents, missing and every score
    assert {key: ours[key] for key in reference} == reference


@pytest.mark.slow
@needs_shared
@pytest.mark.parametrize(("docs", "gold"), [
    (SHARED / "corpus" / "seeds", SHARED / "eval" / "dev" / "gold"),
    (SHARED / "eval" / "dev2" / "docs", SHARED / "eval" / "dev2" / "gold"),
], ids=["seeds", "dev2"])
def test_real_extraction_scores_equal_score_py(ecokg_cli, ecokg_env, tmp_path, docs, gold):
    pred = tmp_path / "pred.jsonl"
    subprocess.run([ecokg_cli, "extract", str(docs), "-o", str(pred)], env=ecokg_env, check=True,
                   capture_output=True, timeout=600)
    _assert_same_as_score_py(gold, pred, score(load_gold(gold), load_predictions(pred)).to_dict())
    # the command extracts the same way, so it prints the same numbers
    command = subprocess.run([ecokg_cli, "eval", "--gold", str(gold), str(docs), "--json"], env=ecokg_env,
                             capture_output=True, text=True, timeout=600)
    assert command.returncode == 0, command.stderr
    _assert_same_as_score_py(gold, pred, json.loads(command.stdout))


def test_prediction_of_an_extracted_document(make_document):
    document = make_document()
    prediction = Prediction.of(document)
    assert prediction.doc == document.doc
    assert [(e.id, e.name, e.type) for e in prediction.entities] == [(e.id, e.name, e.type) for e in document.entities]
    assert [(r.source, r.type, r.target) for r in prediction.relations] == [
        (r.source, r.type, r.target) for r in document.relations]


def test_entities_without_ids_are_numbered_by_position(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(json.dumps(GOLD_A, ensure_ascii=False), encoding="utf-8")
    prediction = Prediction.model_validate({"doc": "a.txt", "entities": [{"name": "东方医院", "type": "Hospital"},
                                                                         {"name": "同济大学", "type": "University"}],
                                            "relations": [{"source": "p0", "target": "p1", "type": "AFFILIATED_WITH"}]})
    assert score(load_gold(gold), [prediction]).total.relation["AFFILIATED_WITH"].tp == 1


def test_a_prediction_reusing_an_entity_id_is_an_error(hand_made):
    gold, _ = hand_made
    twice = Prediction.model_validate({"doc": "a.txt", "entities": [_pred("e1", "东方医院", "Hospital"),
                                                                    _pred("e1", "同济大学", "University")]})
    with pytest.raises(EvalError, match="prediction of a.txt: entity id e1 is used twice"):
        score(load_gold(gold), [twice])


@pytest.mark.parametrize(("files", "message"), [
    ({}, "holds no gold files"),
    ({"a.json": "{not json"}, "a.json: not a JSON gold file"),
    ({"a.json": {"doc": "a.txt", "entities": [{"id": "e1", "name": "东方医院"}]}}, "a.json: field entities.0.type"),
    ({"a.json": {"doc": "a.txt", "entities": [_entity("e1", "东方医院", "Hospital")],
                 "relations": [_relation("e1", "COOPERATES_WITH", "e2")]}}, "a.json: relations.0 refers to entity e2"),
    ({"a.json": {"doc": "a.txt", "entities": [_entity("e1", "东方医院", "Hospital"), _entity("e1", "七院", "Hospital")]}},
     "a.json: entity id e1 is used twice"),
    ({"a.json": GOLD_B, "b.json": GOLD_B}, "b.json: annotates b.txt, which"),
])
def test_malformed_gold_is_named(tmp_path, files, message):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        (gold / name).write_text(text, encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        load_gold(gold)


def test_gold_for_none_of_the_predictions_is_an_error(hand_made):
    gold, _ = hand_made
    with pytest.raises(EvalError, match=r"gold: no gold for any predicted document \(c\.txt\)"):
        score(load_gold(gold), [Prediction.model_validate(PRED_UNANNOTATED)])
    with pytest.raises(EvalError, match="no such gold directory"):
        load_gold(gold / "absent")


def test_bad_prediction_lines_are_named(tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(PRED_UNANNOTATED) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(EvalError, match="pred.jsonl:2: not JSON"):
        load_predictions(pred)
    pred.write_text('{"entities": []}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="pred.jsonl:1: field doc: Field required"):
        load_predictions(pred)


def test_eval_command_reports_bad_gold_in_one_line(ecokg_cli, ecokg_env, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "broken.json").write_text("{", encoding="utf-8")
    done = subprocess.run([ecokg_cli, "eval", "--gold", str(gold), str(tmp_path)], env=ecokg_env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "broken.json" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_eval_command_refuses_files_without_gold(ecokg_cli, ecokg_env, hand_made, tmp_path):
    gold, _ = hand_made
    (tmp_path / "other.txt").write_text("东方医院与同济大学合作。", encoding="utf-8")
    done = subprocess.run([ecokg_cli, "eval", "--gold", str(gold), str(tmp_path / "other.txt")], env=ecokg_env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: {gold}: no gold for any of the 1 files given"
