"""Indexed reads: /entities?q= from the in-process index gives what the Cypher search gives, the index and the
answer cache follow the graph's version, /paths is anchored on the ids the index resolved."""
from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from api import names, queries
from api.cache import ResponseCache
from api.queries import MATCH_KINDS, Reader, forms
from api.search import SearchIndex
from graph import cypher
from graph.load import load_document
from graph.store import Store

# exact, prefix and substring matches, aliases, traditional characters, Latin case, a type filter, pages
QUERIES = [
    ("复旦大学", None, 0, 20), ("复旦", None, 0, 20), ("医院", None, 0, 20), ("医院", "Hospital", 0, 20),
    ("医院", None, 1, 2), ("人民医院", None, 0, 20), ("儿科", None, 0, 20), ("復旦大學", None, 0, 20),
    ("区政府", None, 0, 20), ("细胞治疗", None, 0, 20), ("细胞治疗产业集群建设", "Task", 0, 20), ("浦东", None, 0, 20),
    ("生", None, 0, 20), ("和元", "Hospital", 0, 20), ("不存在的机构", None, 0, 20), ("药学院", None, 0, 1),
]


def cypher_search(store: Store, q: str, type: str | None, offset: int, limit: int) -> dict:
    """The search as cypher/api_entity_search.cypher runs it, in the API's response shape."""
    with store.read_session() as session:
        row = session.run(cypher.load("api_entity_search"), forms=[f.lower() for f in forms(q)], type=type,
                          offset=offset, limit=limit).single()
    items = [{"id": hit["id"], "name": hit["name"], "type": hit["type"], "aliases": hit["aliases"] or [],
              "match": MATCH_KINDS[hit["rank"]]} for hit in row["page"]]
    return {"query": q, "total": row["total"], "offset": offset, "limit": limit, "items": items}


@pytest.mark.parametrize(("q", "type_", "offset", "limit"), QUERIES)
def test_search_from_the_index_equals_the_cypher_search(client, located_graph, q, type_, offset, limit) -> None:
    params = {"q": q, "offset": offset, "limit": limit, **({"type": type_} if type_ else {})}
    response = client.get("/entities", params=params)
    assert response.status_code == 200, response.text
    assert response.json() == cypher_search(located_graph, q, type_, offset, limit)


def test_search_index_ranks_and_pages_on_its_own() -> None:
    index = SearchIndex.build([
        {"id": "c", "name": "上海复旦大学科技园", "type": "Platform", "aliases": []},
        {"id": "b", "name": "复旦大学附属儿科医院", "type": "Hospital", "aliases": ["儿科医院"]},
        {"id": "a", "name": "复旦大学", "type": "University", "aliases": ["复旦"]},
        {"id": "d", "name": "ABC Biotech", "type": "Company", "aliases": []},
    ])
    page = index.search(["复旦"], None, 0, 10)
    assert page.total == 3 and [(h.id, h.rank) for h in page.hits] == [("a", 0), ("b", 1), ("c", 2)]
    assert [h.id for h in index.search(["复旦大学附"], None, 0, 10).hits] == ["b"]  # longer than a trigram
    assert [h.id for h in index.search(["科医"], None, 0, 10).hits] == ["b"]
    assert [h.id for h in index.search(["biotech"], None, 0, 10).hits] == ["d"]  # names are lower-cased
    assert index.search(["复旦"], "Hospital", 0, 10).total == 1
    assert [h.id for h in index.search(["复旦"], None, 1, 1).hits] == ["b"]
    assert index.search([""], None, 0, 10).total == 0


def test_the_index_follows_the_graph_version(client, fudan_graph: Store, one_firm) -> None:
    assert client.get("/entities", params={"q": "细胞工厂"}).json()["total"] == 0
    before = names.graph_index(client.app.state.store)  # the app's own store, as it made it in its lifespan
    load_document(fudan_graph, one_firm("细胞工厂科技"))
    found = client.get("/entities", params={"q": "细胞工厂"}).json()
    assert [item["id"] for item in found["items"]] == ["Company:细胞工厂科技"]
    assert client.get("/partners", params={"org": "细胞工厂科技"}).status_code == 200  # resolved by the new index
    after = names.graph_index(client.app.state.store)
    assert after.version != before.version and after is not before


def test_other_processes_writes_are_seen_at_the_next_version_check(fudan_graph: Store, one_firm) -> None:
    index = names.graph_index(fudan_graph, max_age_s=3600)
    # What another process's build does: a write that this process's Store did not make.
    with fudan_graph.driver.session(database=fudan_graph.database) as session:
        session.run("CREATE (:Entity:Company {id: 'Company:外来公司', name: '外来公司', aliases: []})").consume()
    assert names.graph_index(fudan_graph, max_age_s=3600) is index  # trusted until its check is that old
    fresh = names.graph_index(fudan_graph, max_age_s=0)
    assert fresh is not index and fresh.names.resolve("外来公司").unique == "Company:外来公司"
    load_document(fudan_graph, one_firm("细胞工厂科技"))  # a write in this process: the version is asked at once
    assert names.graph_index(fudan_graph, max_age_s=3600).names.resolve("细胞工厂科技").unique is not None


def test_answers_are_cached_per_version(client, fudan_graph: Store, one_firm) -> None:
    first = client.get("/partners", params={"org": "复旦大学"}).json()
    index = names.graph_index(client.app.state.store)
    cached = len(index.answers)
    assert cached >= 1
    assert client.get("/partners", params={"org": "复旦大学"}).json() == first
    assert len(index.answers) == cached  # answered from the cache
    client.get("/partners", params={"org": "复旦大学", "type": "Hospital"})
    assert len(index.answers) == cached + 1  # other parameters, another answer
    # A 404 is not kept: the next build may add the entity.
    assert client.get("/partners", params={"org": "不存在的机构"}).status_code == 404
    assert len(index.answers) == cached + 1
    load_document(fudan_graph, one_firm("细胞工厂科技"))
    client.get("/partners", params={"org": "复旦大学"})
    assert len(names.graph_index(client.app.state.store).answers) == 1  # a new version starts empty


def test_an_answer_held_at_the_current_version_is_sent_without_computing_it(fudan_graph: Store, one_firm) -> None:
    def partners(reader: Reader):
        return lambda: queries.partners(reader, "复旦大学", None, None, False, 100)

    def never():
        raise AssertionError("computed again")

    first = Reader(fudan_graph, version_max_age_s=3600)
    sent = asyncio.run(first.respond("partners", ("复旦大学",), partners(first)))
    again = Reader(fudan_graph, version_max_age_s=3600)
    assert again.index_is_current()
    assert asyncio.run(again.respond("partners", ("复旦大学",), never)).body == sent.body
    load_document(fudan_graph, one_firm("细胞工厂科技"))  # a write here: the version must be asked again
    after = Reader(fudan_graph, version_max_age_s=3600)
    assert not after.index_is_current()
    with pytest.raises(AssertionError, match="computed again"):  # a new version: nothing held, computed anew
        asyncio.run(after.respond("partners", ("复旦大学",), never))


def test_the_version_check_reads_every_document_only_when_the_stamp_moved(fudan_graph: Store, one_firm) -> None:
    def unstamped(query: str) -> None:
        """A write as another process or tool makes it: not counted as this process's (graph.store)."""
        with fudan_graph.driver.session(database=fudan_graph.database) as session:
            session.run(query, stamp="from-another-process").consume()

    load_document(fudan_graph, one_firm("细胞工厂科技"))  # stamps the graph
    first = names.graph_index(fudan_graph, content_max_age_s=3600)
    # Another tool adds an entity and sets no stamp: trusted unchanged until the documents are read again.
    unstamped("CREATE (:Entity:Company {id: 'Company:外来科技', type: 'Company', name: '外来科技', aliases: []})")
    assert names.graph_index(fudan_graph, content_max_age_s=3600) is first
    second = names.graph_index(fudan_graph, content_max_age_s=0)
    assert second is not first and second.version[1] == first.version[1] + 1
    # Another ecokg process stamps its write: seen at the next check, however recent the documents' read.
    unstamped(cypher.load("graph_stamp_set"))
    third = names.graph_index(fudan_graph, content_max_age_s=3600)
    assert third is not second and third.version[0] == "from-another-process"
    assert third.version[1:] == second.version[1:]


def test_the_cache_drops_the_least_recently_used() -> None:
    cache = ResponseCache(size=2)
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert cache.answer("a", lambda: compute(1)) == 1
    assert cache.answer("b", lambda: compute(2)) == 2
    assert cache.answer("a", lambda: compute(9)) == 1  # a is used again, b is now the oldest
    assert cache.answer("c", lambda: compute(3)) == 3
    assert cache.answer("b", lambda: compute(4)) == 4
    assert calls == [1, 2, 3, 4] and len(cache) == 2


def test_requests_missing_one_answer_at_once_compute_it_once() -> None:
    cache = ResponseCache()
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> str:
        calls.append("slow")
        started.set()
        release.wait(10)
        return "answer"

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(cache.answer, "q", slow)
        assert started.wait(10)
        waiting = [pool.submit(cache.answer, "q", lambda: calls.append("again") or "other") for _ in range(3)]
        time.sleep(0.2)  # the three reach the cache while the first is computing
        assert not any(f.done() for f in waiting)
        release.set()
        assert first.result(10) == "answer" and [f.result(10) for f in waiting] == ["answer"] * 3
    assert calls == ["slow"]


def test_a_failed_computation_leaves_the_waiting_requests_to_compute_their_own() -> None:
    cache = ResponseCache()
    started, release = threading.Event(), threading.Event()

    def failing() -> str:
        started.set()
        release.wait(10)
        raise LookupError("no such entity")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.answer, "q", failing)
        assert started.wait(10)
        second = pool.submit(cache.answer, "q", lambda: "computed here")
        time.sleep(0.2)
        release.set()
        with pytest.raises(LookupError):
            first.result(10)
        assert second.result(10) == "computed here"
    assert len(cache) == 0  # neither the error nor the waiter's own answer is kept


def test_paths_are_anchored_on_the_resolved_ids(client, fudan_graph) -> None:
    answer = client.get("/paths", params={"from": "复旦药学院", "to": "浦东医院"}).json()
    ran = {m["query"]: m["id"] for m in answer["resolved"]}
    assert ran == {"复旦药学院": "University:复旦大学药学院", "浦东医院": "Hospital:浦东医院"}
    assert [n["id"] for n in answer["paths"][0]["nodes"]] == [
        "University:复旦大学药学院", "University:复旦大学", "Hospital:浦东医院"]
    too_far = client.get("/paths", params={"from": "复旦药学院", "to": "浦东医院", "max_hops": 1}).json()
    assert too_far["paths"] == []
