"""Load a synthetic graph into a fresh embedded store and report entities/s and relations/s.

    .venv/bin/python bench/load.py [--entities 50000] [--relations 100000] [--batch-size 5000]

The bulk path: the loader's own queries (cypher/load_entities.cypher, cypher/load_relations.cypher)
in larger batches, one managed write transaction per batch. Goal on a 2-core machine: >= 10,000/s each.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecokg.records import ENTITY_TYPES, RELATION_TYPES  # noqa: E402
from ecokg.settings import Settings  # noqa: E402
from graph import cypher  # noqa: E402
from graph.schema import apply_schema  # noqa: E402
from graph.stats import get_stats  # noqa: E402
from graph.store import Store, open_store  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def synthetic(entities: int, relations: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    entity_rows = [
        {"id": f"{t}:实体{i}", "type": t, "name": f"实体{i}"}
        for i, t in ((i, rng.choice(ENTITY_TYPES)) for i in range(entities))
    ]
    relation_rows = []
    for i in range(relations):
        source, target = rng.sample(entity_rows, 2)
        relation_rows.append({
            "source": source["id"], "target": target["id"], "type": rng.choice(RELATION_TYPES), "doc": f"doc{i % 1000}",
            "props": {"evidence": f"{source['name']}与{target['name']}签订战略合作协议", "start": 0, "end": 20,
                      "rule": "synthetic", "confidence": 0.8, "status": "asserted", "date": "2025-01-01",
                      "doc_name": f"doc{i % 1000}.txt"},
        })
    return entity_rows, relation_rows


def write_batches(store: Store, query_name: str, rows: list[dict], batch_size: int) -> None:
    """``rows`` through the loader's labelled query, each type's rows apart (as the loader sends them)."""
    typed: dict[str, list[dict]] = {}
    for row in rows:
        typed.setdefault(row["type"], []).append(row)
    with store.session() as session:
        for label, of_type in typed.items():
            query = cypher.load_labelled(query_name, label)
            for start in range(0, len(of_type), batch_size):
                batch = of_type[start:start + batch_size]
                session.execute_write(lambda tx, batch=batch, query=query: tx.run(query, rows=batch).consume())


def timed_batches(store: Store, query_name: str, rows: list[dict], batch_size: int) -> float:
    started = time.perf_counter()
    write_batches(store, query_name, rows, batch_size)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    args = parser.parse_args()
    entity_rows, relation_rows = synthetic(args.entities, args.relations)
    with tempfile.TemporaryDirectory(prefix="ecokg-bench-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), bolt_port=free_port(), arcadedb_http_port=free_port())
        with open_store(settings) as store:
            apply_schema(store)
            entity_s = timed_batches(store, "load_entities", entity_rows, args.batch_size)
            relation_s = timed_batches(store, "load_relations", relation_rows, args.batch_size)
            stats = get_stats(store)
    assert stats.entities == args.entities, stats
    assert sum(stats.relationships.values()) == args.relations, stats
    report = {
        "entities": args.entities, "relations": args.relations, "batch_size": args.batch_size,
        "entity_seconds": round(entity_s, 2), "entities_per_s": round(args.entities / entity_s),
        "relation_seconds": round(relation_s, 2), "relations_per_s": round(args.relations / relation_s),
    }
    print(f"entities:  {args.entities:>7} in {entity_s:6.1f}s = {report['entities_per_s']:>6}/s")
    print(f"relations: {args.relations:>7} in {relation_s:6.1f}s = {report['relations_per_s']:>6}/s")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
