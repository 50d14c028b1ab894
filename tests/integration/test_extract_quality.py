"""Extraction quality through the real CLI: `ecokg eval --json` on the seeds and on dev2, against their gold."""
import json
import subprocess
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "eval" / "dev" / "gold"
DEV2_DOCS = SHARED / "eval" / "dev2" / "docs"
DEV2_GOLD = SHARED / "eval" / "dev2" / "gold"

SEED_TYPED_ENTITY_F1 = 0.90
SEED_RELATION_F1 = 0.85
SEED_NO_GAZETTEER_TYPED_ENTITY_F1 = 0.80
DEV2_TYPED_ENTITY_F1 = 0.88
DEV2_RELATION_F1 = 0.85
DEV2_NO_GAZETTEER_TYPED_ENTITY_F1 = 0.86

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (SEED_GOLD.exists() and DEV2_GOLD.exists()),
                                 reason="../shared/eval (seeds, dev2 and their gold) is not beside the repo")]


def _eval(ecokg_cli, env, docs: Path, gold: Path, *flags) -> dict:
    run = subprocess.run([ecokg_cli, "eval", "--gold", str(gold), str(docs), "--json", *flags],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["missing"] == [] and result["skipped"] == 0, result
    return result


def test_seed_scores_meet_the_bar(ecokg_cli, ecokg_env):
    result = _eval(ecokg_cli, ecokg_env, SEEDS, SEED_GOLD)
    assert result["entity.typed"]["f1"] >= SEED_TYPED_ENTITY_F1, result["entity.typed"]
    assert result["relation.all"]["f1"] >= SEED_RELATION_F1, result["relation.all"]


def test_rules_not_the_gazetteer_carry_recognition(ecokg_cli, ecokg_env):
    result = _eval(ecokg_cli, ecokg_env, SEEDS, SEED_GOLD, "--no-gazetteer")
    assert result["entity.typed"]["f1"] >= SEED_NO_GAZETTEER_TYPED_ENTITY_F1, result["entity.typed"]


def test_dev2_scores_meet_the_bar(ecokg_cli, ecokg_env):
    result = _eval(ecokg_cli, ecokg_env, DEV2_DOCS, DEV2_GOLD)
    assert result["entity.typed"]["f1"] >= DEV2_TYPED_ENTITY_F1, result["entity.typed"]
    assert result["relation.all"]["f1"] >= DEV2_RELATION_F1, result["relation.all"]


def test_dev2_rules_not_the_gazetteer_carry_recognition(ecokg_cli, ecokg_env):
    result = _eval(ecokg_cli, ecokg_env, DEV2_DOCS, DEV2_GOLD, "--no-gazetteer")
    assert result["entity.typed"]["f1"] >= DEV2_NO_GAZETTEER_TYPED_ENTITY_F1, result["entity.typed"]


def test_every_relation_carries_its_evidence_at_its_offsets(ecokg_cli, ecokg_env, tmp_path):
    out = tmp_path / "pred.jsonl"
    rejected = tmp_path / "rejected.jsonl"
    run = subprocess.run([ecokg_cli, "extract", str(SEEDS), "-o", str(out), "--rejected", str(rejected)],
                         env=ecokg_env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["doc"] for d in lines) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert sum(len(doc["relations"]) for doc in lines) > 0
    for doc in lines:
        for rel in doc["relations"]:
            ev = rel["evidence"]
            assert doc["text"][ev["start"]:ev["end"]] == ev["text"]


def test_unreadable_file_is_named_and_the_batch_goes_on(ecokg_cli, ecokg_env, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    good = tmp_path / "good.txt"
    good.write_text("周浦医院与中国科学院上海药物研究所签订战略合作协议。", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = subprocess.run([ecokg_cli, "extract", str(bad), str(good), "-o", str(out)], env=ecokg_env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1
    assert "broken.pdf" in run.stderr
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["doc"] for d in docs] == ["good.txt"]
    assert {r["type"] for r in docs[0]["relations"]} == {"COOPERATES_WITH", "PART_OF"}
