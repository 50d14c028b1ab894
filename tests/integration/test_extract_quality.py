"""The real `ecokg extract` CLI on the five seeds, scored by the shared scorer against the dev gold."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "dev" / "gold"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not GOLD.exists(), reason="../shared/eval (seeds and gold) is not beside the repo")]


def _score(ecokg_cli, env, tmp_path, *flags) -> dict:
    out = tmp_path / "pred.jsonl"
    rejected = tmp_path / "rejected.jsonl"
    run = subprocess.run([ecokg_cli, "extract", str(SEEDS), "-o", str(out), "--rejected", str(rejected), *flags],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["doc"] for d in lines) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for doc in lines:  # every relation carries its evidence sentence, found at its offsets
        for rel in doc["relations"]:
            ev = rel["evidence"]
            assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
    scored = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(GOLD),
                             "--pred", str(out), "--json"], capture_output=True, text=True, check=True)
    return json.loads(scored.stdout)


def test_seed_scores_meet_the_bar(ecokg_cli, ecokg_env, tmp_path):
    result = _score(ecokg_cli, ecokg_env, tmp_path)
    assert result["missing"] == []
    assert result["entity.typed"]["f1"] >= 0.90, result["entity.typed"]
    assert result["relation.all"]["f1"] >= 0.80, result["relation.all"]


def test_rules_not_the_gazetteer_carry_recognition(ecokg_cli, ecokg_env, tmp_path):
    result = _score(ecokg_cli, ecokg_env, tmp_path, "--no-gazetteer")
    assert result["entity.typed"]["f1"] >= 0.80, result["entity.typed"]


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
