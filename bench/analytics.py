"""Analytics time on synthetic partner networks of 10k, 50k and 200k organisations (~3 relations each).

    .venv/bin/python bench/analytics.py [--sizes 10000 50000 200000] [--store-max 50000] [--batch-size 5000]

Each graph is clustered like a real partner network (groups of ~50 with 80% of relations inside the group),
with relation rows per document (a third of the pairs stated in two documents). Reported per size:
building + collapsing the networkx graph, compute_metrics, and — for sizes up to --store-max — reading the
graph back from a fresh embedded store (get_graph) and writing the metrics back (write_metrics).
Goal: 50k nodes / 150k relations under 60 s including write-back.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load as load_bench  # noqa: E402  (bench/load.py: the loader's queries in bulk)

from ecokg.records import ORG_TYPES  # noqa: E402
from ecokg.settings import Settings  # noqa: E402
from graph import analytics, cypher  # noqa: E402
from graph.schema import apply_schema  # noqa: E402
from graph.store import Store, open_store  # noqa: E402

GROUP = 50
INSIDE = 0.8


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def synthetic(n: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    nodes = [{"id": f"{t}:机构{i}", "name": f"机构{i}", "type": t, "aliases": []}
             for i, t in ((i, rng.choice(ORG_TYPES)) for i in range(n))]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 3 * n:
        u = rng.randrange(n)
        v = min(n - 1, (u // GROUP) * GROUP + rng.randrange(GROUP)) if rng.random() < INSIDE else rng.randrange(n)
        if u != v:
            pairs.add((min(u, v), max(u, v)))
    edges = []
    for i, (u, v) in enumerate(sorted(pairs)):
        for doc in range(2 if i % 3 == 0 else 1):
            edges.append({"source": nodes[u]["id"], "target": nodes[v]["id"], "type": "COOPERATES_WITH",
                          "doc": f"doc{(i + doc) % 5000}", "doc_name": f"doc{(i + doc) % 5000}.txt",
                          "evidence": f"{nodes[u]['name']}与{nodes[v]['name']}签订战略合作协议", "start": 0, "end": 20,
                          "rule": "synthetic", "confidence": 0.8, "status": "asserted", "date": "2025-01-01"})
    return nodes, edges


def load_into(store: Store, nodes: list[dict], edges: list[dict], batch_size: int) -> None:
    """The loader's own bulk queries, as bench/load.py uses them."""
    entity_rows = [{"id": n["id"], "type": n["type"], "name": n["name"]} for n in nodes]
    relation_rows = [{"source": e["source"], "target": e["target"], "type": e["type"], "doc": e["doc"],
                      "props": {k: e[k] for k in ("doc_name", "evidence", "start", "end", "rule", "confidence",
                                                  "status", "date")}} for e in edges]
    for name, rows in (("load_entities", entity_rows), ("load_relations", relation_rows)):
        load_bench.write_batches(store, name, rows, batch_size)


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def bench(n: int, store: Store | None, batch_size: int) -> dict:
    nodes, edges = synthetic(n)
    report = {"nodes": n, "edge_rows": len(edges)}
    if store is not None:
        with store.session() as session:
            session.run(cypher.load("wipe")).consume()
        _, report["load_s"] = timed(load_into, store, nodes, edges, batch_size)
        (nodes, edges), report["read_s"] = timed(analytics.get_graph, store)
        report.update(_compute(nodes, edges))
        written, report["write_s"] = timed(analytics.write_metrics, store, report.pop("metrics"))
        assert written == n, (written, n)
        report["total_s"] = report["read_s"] + report["build_s"] + report["metrics_s"] + report["write_s"]
    else:
        report.update(_compute(nodes, edges))
        report.pop("metrics")
        report["total_s"] = report["build_s"] + report["metrics_s"]
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in report.items()}


def _compute(nodes: list[dict], edges: list[dict]) -> dict:
    G, build_s = timed(analytics.to_networkx, nodes, edges)
    metrics, metrics_s = timed(analytics.compute_metrics, G)
    return {"metrics": metrics, "build_s": build_s, "metrics_s": metrics_s,
            "communities": len({m["community"] for m in metrics.values()})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--store-max", type=int, default=50_000,
                        help="also load into the embedded store, read back and write back up to this size")
    parser.add_argument("--batch-size", type=int, default=5_000)
    args = parser.parse_args()
    # One embedded server for every size: the JVM it runs in starts once per process.
    with tempfile.TemporaryDirectory(prefix="ecokg-bench-") as data_dir:
        settings = Settings(data_dir=Path(data_dir), bolt_port=free_port(), arcadedb_http_port=free_port())
        with open_store(settings) as store:
            apply_schema(store)
            for n in args.sizes:
                print(json.dumps(bench(n, store if n <= args.store_max else None, args.batch_size)), flush=True)

if __name__ == "__main__":
    main()
