"""Entity search, detail and relations on the hand-made Fudan graph."""
from __future__ import annotations


def test_search_ranks_exact_then_prefix_then_contains(client, fudan_graph) -> None:
    body = client.get("/entities", params={"q": "复旦大学"}).json()
    matches = [(hit["id"], hit["match"]) for hit in body["items"]]
    assert matches[0] == ("University:复旦大学", "exact")
    assert {m for _, m in matches[1:]} == {"prefix"}
    assert body["total"] == 3
    # The two 人民医院 start with it through their alias; the government only contains it.
    hits = client.get("/entities", params={"q": "人民"}).json()["items"]
    assert [(hit["id"], hit["match"]) for hit in hits] == [
        ("Hospital:宝山区人民医院", "prefix"), ("Hospital:浦东新区人民医院", "prefix"),
        ("GovernmentAgency:浦东新区人民政府", "contains")]


def test_search_matches_aliases_traditional_and_type(client, fudan_graph) -> None:
    alias = client.get("/entities", params={"q": "区政府"}).json()["items"]
    assert alias[0]["id"] == "GovernmentAgency:浦东新区人民政府" and alias[0]["match"] == "exact"
    traditional = client.get("/entities", params={"q": "兒科醫院"}).json()["items"]
    assert [hit["id"] for hit in traditional] == ["Hospital:复旦大学附属儿科医院"]
    hospitals = client.get("/entities", params={"q": "复旦", "type": "Hospital"}).json()["items"]
    assert [hit["id"] for hit in hospitals] == ["Hospital:复旦大学附属儿科医院"]


def test_search_pages(client, fudan_graph) -> None:
    everything = client.get("/entities", params={"q": "医院"}).json()
    assert everything["total"] == 4
    pages = [client.get("/entities", params={"q": "医院", "limit": 3, "offset": offset}).json()["items"]
             for offset in (0, 3, 6)]
    assert [len(page) for page in pages] == [3, 1, 0]
    assert [hit["id"] for page in pages for hit in page] == [hit["id"] for hit in everything["items"]]
    assert client.get("/entities", params={"q": "医院", "offset": -1}).status_code == 422
    assert client.get("/entities", params={"q": "没有这个机构"}).json() == {
        "query": "没有这个机构", "total": 0, "offset": 0, "limit": 20, "items": []}


def test_entity_detail(client, fudan_graph) -> None:
    body = client.get("/entities/University:复旦大学").json()
    assert body["name"] == "复旦大学" and body["aliases"] == ["复旦"]
    assert body["labels"] == ["Entity", "University"]
    degree = {d["type"]: (d["neighbours"], d["statements"]) for d in body["degree"]}
    assert degree == {"COOPERATES_WITH": (1, 2), "AFFILIATED_WITH": (1, 1), "PART_OF": (1, 1)}
    assert {d["doc"] for d in body["documents"]} == {"reply_001.txt", "plan_002.txt"}
    assert all("复旦大学" in d["surface"] for d in body["documents"])


def test_unknown_entity_is_404_with_close_matches(client, fudan_graph) -> None:
    response = client.get("/entities/University:复旦大")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and "University:复旦大" in error["message"]
    assert error["detail"]["suggestions"][0]["id"] == "University:复旦大学"


def test_relations_with_evidence_and_filters(client, fudan_graph) -> None:
    body = client.get("/entities/Hospital:浦东医院/relations").json()
    groups = {(g["type"], g["direction"], g["neighbor"]["id"]): g for g in body["relations"]}
    assert set(groups) == {("COOPERATES_WITH", "both", "University:复旦大学"),
                           ("PART_OF", "in", "Platform:细胞治疗公共服务平台")}
    assert len(groups[("COOPERATES_WITH", "both", "University:复旦大学")]["evidence"]) == 2
    outgoing = client.get("/entities/GovernmentAgency:浦东新区人民政府/relations", params={"direction": "out"}).json()
    assert {(g["type"], g["neighbor"]["id"]) for g in outgoing["relations"]} == {
        ("FUNDS", "University:复旦大学药学院"), ("RESPONSIBLE_FOR", "Task:细胞治疗产业集群建设")}
    incoming = client.get("/entities/GovernmentAgency:浦东新区人民政府/relations", params={"direction": "in"}).json()
    assert incoming["relations"] == []
    funds = client.get("/entities/GovernmentAgency:浦东新区人民政府/relations",
                       params={"type": "FUNDS", "neighbor_type": "University"}).json()["relations"]
    assert [g["evidence"][0]["text"] for g in funds] == ["浦东新区人民政府支持复旦大学药学院建设。"]
    assert client.get("/entities/Hospital:不存在/relations").status_code == 404
    assert client.get("/entities/Hospital:浦东医院/relations", params={"direction": "up"}).status_code == 422


def test_a_link_many_documents_restate_carries_its_count_and_newest_evidence(client, restated_graph) -> None:
    from api.queries import EVIDENCE_PER_LINK

    stated = restated_graph
    body = client.get("/entities/Hospital:浦东医院/relations").json()
    [link] = body["relations"]
    assert (link["type"], link["direction"], link["statements"], link["documents"]) == (
        "COOPERATES_WITH", "both", stated, stated)
    # newest first; the one undated statement is not among them
    assert [e["date"] for e in link["evidence"]] == [f"2025-01-{n:02d}" for n in range(stated, stated - EVIDENCE_PER_LINK, -1)]
    [partner] = client.get("/partners", params={"org": "浦东医院"}).json()["partners"]
    assert partner["documents"] == stated and partner["links"] == [link]
