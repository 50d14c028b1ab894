"""Resolution time for synthetic mentions: 10k, 30k and 100k (goal: 100k under 10 s, about n log n).

    python bench/resolve.py

Each synthetic document names organisations by full name, by a district abbreviation or
by a short alias, so clusters really form across documents."""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecokg.records import Document, Entity, Mention  # noqa: E402
from ecokg.resolve import resolve  # noqa: E402

DISTRICTS = ["浦东新区", "宝山区", "徐汇区", "闵行区", "嘉定区"]
SYLLABLES = "华康瑞宁泰安德恒信源达明睿博嘉佳远景和新辰联中科创"


def corpus(mentions: int, per_doc: int = 20, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    orgs = max(50, mentions // 8)
    names = ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(orgs)]
    docs = []
    for d in range(mentions // per_doc):
        district = rng.choice(DISTRICTS + [None])
        entities = []
        for i in range(per_doc):
            n = rng.randrange(orgs)
            kind = rng.random()
            if kind < 0.4:
                name, aliases, etype = f"上海{names[n]}生物科技有限公司", [f"{names[n]}生物"], "Company"
            elif kind < 0.7:
                name, aliases, etype = f"{names[n]}生物", [], "Company"
            elif kind < 0.9:
                name, aliases, etype = f"{district or '上海市'}{names[n]}委员会", [f"区{names[n][:2]}委"], "GovernmentAgency"
            else:
                name, aliases, etype = "人民医院", [], "Hospital"
            entities.append(Entity(id=f"e{i}", name=name, type=etype, aliases=aliases,
                                   mentions=[Mention(start=0, end=len(name), text=name)]))
        docs.append(Document(doc=f"d{d}.txt", id=f"{d:064x}", district=district, entities=entities))
    return docs


def main() -> None:
    print(f"{'mentions':>10s} {'seconds':>9s} {'µs/mention':>11s}")
    for n in (10_000, 30_000, 100_000):
        docs = corpus(n)
        start = time.perf_counter()
        resolve(docs)
        seconds = time.perf_counter() - start
        print(f"{n:10d} {seconds:9.2f} {seconds / n * 1e6:11.1f}")


if __name__ == "__main__":
    main()
