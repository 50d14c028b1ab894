"""Extraction throughput and quality, beside a jieba baseline, in one run.

    python bench/extract.py [--seeds ../shared/corpus/seeds] [--gold ../shared/eval/dev/gold] [--mb 2]

Reports load time, chars/s end-to-end after the model is loaded (on the seed corpus
repeated to at least --mb megabytes of text) and peak memory, then scores ecokg and
a baseline (organisation spans from ``jieba.posseg``, tag ``nt``) with the shared scorer."""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.clean import clean_text  # noqa: E402
from extractors.components import type_of  # noqa: E402
from extractors.extract import extract_file, extract_text  # noqa: E402
from extractors.pipeline import load_nlp  # noqa: E402
from extractors.readers import iter_paths, read_file  # noqa: E402


def score(gold: Path, predictions: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for p in predictions:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    out = subprocess.run([sys.executable, str(gold.parent.parent / "score.py"), "--gold", str(gold),
                          "--pred", f.name, "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def jieba_baseline(path: Path) -> dict:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    raw = read_file(path)
    text = clean_text(raw.text).text
    entities, seen = [], {}
    pos = 0
    for word, flag in jieba.posseg.cut(text):
        start = text.find(word, pos)
        pos = start + len(word) if start >= 0 else pos
        if flag == "nt":
            if word not in seen:
                seen[word] = {"id": f"b{len(seen) + 1}", "name": word, "type": type_of(word) or "Company",
                              "aliases": [], "mentions": []}
                entities.append(seen[word])
            seen[word]["mentions"].append({"start": start, "end": start + len(word), "text": word})
    return {"doc": raw.doc, "entities": entities, "relations": []}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "dev" / "gold")
    ap.add_argument("--cache", type=Path, default=ROOT / "data" / "cache")
    ap.add_argument("--mb", type=float, default=2.0)
    args = ap.parse_args()

    t0 = time.perf_counter()
    nlp = load_nlp(args.cache)
    load_s = time.perf_counter() - t0

    paths = list(iter_paths([args.seeds]))
    texts = [clean_text(read_file(p).text).text for p in paths]
    corpus = "\n".join(texts)
    big = "\n".join([corpus] * max(1, int(args.mb * 1024 * 1024 / len(corpus.encode("utf-8"))) + 1))
    t0 = time.perf_counter()
    result = extract_text(nlp, big, doc="bench.txt", doc_id="bench")
    run_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    ours = [json.loads(extract_file(nlp, p).document.model_dump_json()) for p in paths]
    baseline = [jieba_baseline(p) for p in paths]
    s_ours, s_base = score(args.gold, ours), score(args.gold, baseline)

    print(f"pipeline load            {load_s:8.2f} s")
    print(f"text                     {len(big):8d} chars ({len(big.encode('utf-8')) / 1e6:.1f} MB)")
    print(f"throughput               {len(big) / run_s:8.0f} chars/s  (goal ≥ 12,000 on one core, LAC included)")
    print(f"entities / relations     {len(result.document.entities):8d} / {len(result.document.relations)}")
    print(f"peak memory (RSS)        {peak_mb:8.0f} MB")
    print()
    print(f"{'':24s} {'ecokg':>8s} {'jieba nt':>9s}")
    for key in ("entity.all", "entity.typed", "relation.all"):
        print(f"{key + ' F1':24s} {s_ours[key]['f1']:8.3f} {s_base[key]['f1']:9.3f}")


if __name__ == "__main__":
    main()
