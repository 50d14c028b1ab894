"""Network analytics over organisations and their relations: degree, PageRank, betweenness, Louvain communities.

The pure part works on plain rows, the shapes :func:`get_graph` returns::

    nodes: [{"id", "name", "type", "aliases", ...}]
    edges: [{"source", "target", "type", "doc", ...}]   # one row per (source, type, target, document)

:func:`to_networkx` builds a ``MultiDiGraph`` that keeps every row, :func:`collapse` folds it into an undirected
``Graph`` whose edge ``weight`` is the number of distinct documents behind a pair (so a partnership stated in
five documents weighs five, not one per relation type), and :func:`compute_metrics` computes per node::

    {"degree": int, "pagerank": float, "betweenness": float, "community": int}

The graph model is networkx; the three costly computations run on igraph's C core over the collapsed graph
(networkx's pure-Python Louvain and betweenness take minutes at 50k nodes, igraph seconds). Betweenness is
normalised as networkx does (fraction of all pairs' shortest paths); Louvain runs with a fixed seed and
communities are numbered by size, largest first (ties by smallest member id), so numbers are stable between runs.
The store-facing functions at the end read the graph and write the metrics back as node properties, so Bloom
and Browser can size and colour by them.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Any

import igraph as ig
import networkx as nx

from ecokg.errors import QueryError
from ecokg.records import ENTITY_TYPES, ORG_TYPES, RELATION_TYPES
from graph import cypher
from graph.stamp import mark_changed
from graph.store import Store

METRICS = ("degree", "pagerank", "betweenness")
SEED = 42
# Above this many nodes betweenness is estimated from a sample of source nodes: exact betweenness is O(n·m)
# (hours at 50k nodes), while a few hundred sources rank the brokers the same way.
EXACT_BETWEENNESS_MAX_NODES = 5_000
BETWEENNESS_SAMPLES = 500
WRITE_BATCH = 5_000
# The relations that tie organisations into one network. LOCATED_IN is not among them: an organisation's district
# is where it is, not whom it works with, and a district joined to all its organisations would be the network's
# top broker.
NETWORK_RELATION_TYPES: tuple[str, ...] = tuple(rel for rel in RELATION_TYPES if rel != "LOCATED_IN")


def to_networkx(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """Every node row becomes a node keyed by its ``id``; every edge row a directed edge carrying its properties.

    Edges whose endpoints are not among the nodes are dropped: they point outside the selected types."""
    G = nx.MultiDiGraph()
    for row in nodes:
        G.add_node(row["id"], **{k: v for k, v in row.items() if k != "id"})
    for row in edges:
        if row["source"] in G and row["target"] in G:
            G.add_edge(row["source"], row["target"], **{k: v for k, v in row.items() if k not in ("source", "target")})
    return G


def collapse(G: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per connected pair; ``weight`` = distinct documents, ``types`` = relation types seen.

    Self-loops are dropped: an organisation part of itself says nothing about its position in the network."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    docs: dict[tuple, set] = {}
    types: dict[tuple, set] = {}
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        pair = (u, v) if (u, v) in docs or (v, u) not in docs else (v, u)
        # An edge row without a document still counts once.
        docs.setdefault(pair, set()).add(data.get("doc") or (data.get("type"), u, v))
        types.setdefault(pair, set()).add(data.get("type"))
    for (u, v), pair_docs in docs.items():
        H.add_edge(u, v, weight=len(pair_docs), types=sorted(t for t in types[(u, v)] if t))
    return H


def compute_metrics(G: nx.MultiDiGraph | nx.Graph) -> dict[str, dict[str, Any]]:
    """Degree (distinct neighbours), weighted PageRank, betweenness (hops, sampled above 5k nodes), Louvain community."""
    H = collapse(G) if G.is_multigraph() or G.is_directed() else G
    # Sorted, so the same graph gives the same communities whatever order its rows came in.
    ids = sorted(H.nodes, key=str)
    n = len(ids)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(ids)}
    pairs = sorted((min(index[u], index[v]), max(index[u], index[v]), w) for u, v, w in H.edges(data="weight", default=1))
    g = ig.Graph(n=n, edges=[(u, v) for u, v, _ in pairs])
    g.es["weight"] = [w for _, _, w in pairs]
    pagerank = g.pagerank(weights="weight")
    betweenness = _betweenness(g)
    rng = random.Random(SEED)
    ig.set_random_number_generator(rng)
    try:
        communities = g.community_multilevel(weights="weight")
    finally:
        ig.set_random_number_generator(random)
    ordered = sorted(communities, key=lambda members: (-len(members), min(str(ids[i]) for i in members)))
    community = {i: c for c, members in enumerate(ordered) for i in members}
    degree = g.degree()
    return {
        node: {"degree": degree[i], "pagerank": pagerank[i], "betweenness": betweenness[i], "community": community[i]}
        for i, node in enumerate(ids)
    }


def _betweenness(g: ig.Graph) -> list[float]:
    """Normalised like networkx: raw pair counts × 2 / ((n-1)(n-2)); estimated from sampled sources on big graphs."""
    n = g.vcount()
    if n < 3:
        return [0.0] * n
    if n > EXACT_BETWEENNESS_MAX_NODES:
        sources = random.Random(SEED).sample(range(n), BETWEENNESS_SAMPLES)
        raw = [b * n / BETWEENNESS_SAMPLES for b in g.betweenness(sources=sources, directed=False)]
    else:
        raw = g.betweenness(directed=False)
    scale = 2 / ((n - 1) * (n - 2))
    return [b * scale for b in raw]


def top(
    metrics: dict[str, dict[str, Any]],
    nodes: Iterable[dict[str, Any]],
    metric: str,
    type: str | None = None,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """The ``limit`` nodes (optionally of one ``type``) with the highest ``metric``, ties broken by id.

    Each row is ``{id, name, type, degree, pagerank, betweenness, community}``."""
    if metric not in METRICS:
        raise QueryError(f"unknown metric {metric!r}: use one of {', '.join(METRICS)}")
    if type is not None and type not in ENTITY_TYPES:
        raise QueryError(f"unknown entity type {type!r}: use one of {', '.join(ENTITY_TYPES)}")
    if limit < 1:
        raise QueryError(f"limit must be at least 1, got {limit}")
    rows = [
        {"id": node["id"], "name": node.get("name"), "type": node.get("type"), **metrics[node["id"]]}
        for node in nodes
        if node["id"] in metrics and (type is None or node.get("type") == type)
    ]
    rows.sort(key=lambda row: (-row[metric], row["id"]))
    return rows[:limit]


# --- store-facing -------------------------------------------------------------------------------------------


def get_graph(store: Store, types: Sequence[str] = ORG_TYPES,
              relation_types: Sequence[str] = NETWORK_RELATION_TYPES) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entities of ``types`` and the ``relation_types`` among them, one edge row per document; absent properties
    omitted. The defaults are the partner network the metrics are about; an export asks for every relation."""
    params = {"types": list(types), "relation_types": list(relation_types)}

    def work(tx) -> tuple[list[dict], list[dict]]:
        nodes = tx.run(cypher.load("analytics_nodes"), params).data()
        edges = tx.run(cypher.load("analytics_edges"), params).data()
        return [_present(row) for row in nodes], [_present(row) for row in edges]

    with store.session() as session:
        return session.execute_read(work)


def write_metrics(store: Store, metrics: dict[str, dict[str, Any]], batch_size: int = WRITE_BATCH) -> int:
    """Set ``degree``, ``pagerank``, ``betweenness``, ``community`` on each entity, one transaction per batch.

    Returns how many entities were written (ids no longer in the graph are skipped)."""
    rows = [{"id": node, **values} for node, values in metrics.items()]
    query = cypher.load("analytics_write")
    written = 0
    with store.session() as session:
        for start in range(0, len(rows), batch_size):
            batch = rows[start:start + batch_size]
            written += session.execute_write(lambda tx, batch=batch: tx.run(query, rows=batch).single()["written"])
    mark_changed(store)
    return written


def _present(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}
