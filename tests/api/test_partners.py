"""GET /partners on the hand-made Fudan graph: who partners with an organisation, how, and the evidence."""
from __future__ import annotations


def partner(body: dict, partner_id: str) -> dict:
    return next(p for p in body["partners"] if p["id"] == partner_id)


def test_hospital_partners_of_fudan_with_evidence(client, fudan_graph) -> None:
    response = client.get("/partners", params={"org": "复旦大学", "type": "Hospital"})
    assert response.status_code == 200
    body = response.json()
    assert body["org"]["id"] == "University:复旦大学"
    assert {p["id"] for p in body["partners"]} == {"Hospital:浦东医院", "Hospital:复旦大学附属儿科医院"}
    pudong = partner(body, "Hospital:浦东医院")
    # Stated by two documents, stored once per document; grouped into one link with both sentences.
    [link] = pudong["links"]
    assert link["type"] == "COOPERATES_WITH" and link["direction"] == "both"
    assert sorted(e["text"] for e in link["evidence"]) == [
        "浦东医院与复旦大学共建细胞治疗公共服务平台。", "浦东医院依托复旦大学在细胞治疗领域进行了非常积极的探索。"]
    assert {e["doc_name"] for e in link["evidence"]} == {"reply_001.txt", "plan_002.txt"}
    assert pudong["documents"] == 2
    children = partner(body, "Hospital:复旦大学附属儿科医院")
    assert [(l["type"], l["direction"]) for l in children["links"]] == [("AFFILIATED_WITH", "in")]
    assert children["links"][0]["evidence"][0]["text"] == "复旦大学附属儿科医院是复旦大学的附属医院。"
    assert body["partners"][0]["id"] == "Hospital:浦东医院"  # more documents first


def test_org_resolves_by_alias_and_traditional_characters(client, fudan_graph) -> None:
    by_alias = client.get("/partners", params={"org": "复旦", "type": "Hospital"}).json()
    traditional = client.get("/partners", params={"org": "復旦大學", "type": "Hospital"}).json()
    assert by_alias["org"]["id"] == traditional["org"]["id"] == "University:复旦大学"
    assert by_alias["partners"] == traditional["partners"]


def test_units_add_their_partnerships(client, fudan_graph) -> None:
    without = client.get("/partners", params={"org": "复旦大学", "type": "Company"}).json()
    assert without["partners"] == [] and without["units"] == []
    body = client.get("/partners", params={"org": "复旦大学", "type": "Company", "include_units": "true"}).json()
    assert {u["id"] for u in body["units"]} == {"University:复旦大学药学院", "Hospital:复旦大学附属儿科医院"}
    [company] = body["partners"]
    assert company["id"] == "Company:和元生物"
    assert {l["via"]["id"] for l in company["links"]} == {"University:复旦大学药学院", "Hospital:复旦大学附属儿科医院"}
    # A funder of the pharmacy school is a partner through that unit.
    agencies = client.get("/partners", params={"org": "复旦大学", "type": "GovernmentAgency",
                                                "include_units": True}).json()
    [funder] = agencies["partners"]
    assert funder["links"][0]["type"] == "FUNDS" and funder["links"][0]["direction"] == "in"


def test_relation_filter(client, fudan_graph) -> None:
    body = client.get("/partners", params={"org": "复旦大学", "relation": "AFFILIATED_WITH"}).json()
    assert body["relations"] == ["AFFILIATED_WITH"]
    assert [p["id"] for p in body["partners"]] == ["Hospital:复旦大学附属儿科医院"]
    both = client.get("/partners", params=[("org", "复旦大学"), ("relation", "AFFILIATED_WITH"),
                                           ("relation", "COOPERATES_WITH")]).json()
    assert len(both["partners"]) == 2


def test_ambiguous_name_is_409_listing_candidates(client, fudan_graph) -> None:
    response = client.get("/partners", params={"org": "人民医院"})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "ambiguous_name"
    assert {c["id"] for c in error["detail"]["candidates"]} == {"Hospital:浦东新区人民医院", "Hospital:宝山区人民医院"}


def test_unknown_org_is_404_with_suggestions(client, fudan_graph) -> None:
    response = client.get("/partners", params={"org": "复旦大学医学院"})
    assert response.status_code == 404
    suggestions = response.json()["error"]["detail"]["suggestions"]
    assert suggestions and suggestions[0]["id"].startswith("University:复旦大学")


def test_bad_parameters_are_422_in_the_error_shape(client, fudan_graph) -> None:
    for params in ({"org": "复旦大学", "type": "Hotel"}, {"org": "复旦大学", "relation": "LIKES"},
                   {"org": "复旦大学", "limit": 1001}, {"org": ""}, {}):
        response = client.get("/partners", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "validation_error"
    assert client.get("/partners", params={"org": "复旦大学", "limit": 1}).json()["truncated"] is True
