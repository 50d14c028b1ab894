"""api/fastpath.py: a GET answered once is sent again before routing, for as long as its graph version holds."""
from __future__ import annotations

from api import names
from graph.load import load_document
from graph.store import Store


def test_a_repeated_get_is_sent_from_the_answer_kept_for_its_path_and_query(client, fudan_graph: Store) -> None:
    params = {"org": "复旦大学", "type": "Hospital"}
    first = client.get("/partners", params=params)
    assert first.status_code == 200
    kept = names.graph_index(client.app.state.store, max_age_s=3600).sent
    assert kept.stored(("/partners", first.request.url.query)) == first.content
    again = client.get("/partners", params=params)
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-type"] == "application/json"
    assert int(again.headers["content-length"]) == len(first.content)


def test_a_write_makes_the_next_get_go_to_the_route(client, fudan_graph: Store, one_firm) -> None:
    assert client.get("/partners", params={"org": "复旦大学"}).status_code == 200
    before = client.get("/partners", params={"org": "复旦大学"}).json()
    load_document(fudan_graph, one_firm("细胞工厂科技"))  # a new partner of 复旦大学
    after = client.get("/partners", params={"org": "复旦大学"}).json()
    assert "Company:细胞工厂科技" not in str(before) and "Company:细胞工厂科技" in str(after)


def test_only_answers_a_route_gave_without_credentials_are_kept(client, fudan_graph: Store, auth) -> None:
    missing = client.get("/partners", params={"org": "不存在的机构"})
    invalid = client.get("/entities", params={"q": ""})
    health = client.get("/health")
    with_token = client.get("/entities", params={"q": "复旦"}, headers=auth)
    assert [r.status_code for r in (missing, invalid, health, with_token)] == [404, 422, 200, 200]
    kept = names.graph_index(client.app.state.store, max_age_s=3600).sent
    for response in (missing, invalid, health, with_token):
        assert kept.stored((response.request.url.path, response.request.url.query)) is None
