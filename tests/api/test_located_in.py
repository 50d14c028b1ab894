"""LOCATED_IN through the API: loaded beside the Fudan graph, read by /entities/{id}/relations and /ask, and kept
out of partners and paths (an organisation's district is where it is, not whom it works with)."""
from __future__ import annotations

import pytest

from api.ask import read_slots, understand
from graph.resolver import NameIndex

PHARMA, PLATFORM, PUDONG = "Company:和元生物", "Platform:细胞治疗公共服务平台", "Region:浦东新区"


def ask(client, question: str) -> dict:
    response = client.get("/ask", params={"q": question})
    assert response.status_code == 200, response.text
    return response.json()


def test_located_in_loads_with_its_evidence(client, located_graph) -> None:
    response = client.get("/entities/Region:浦东新区/relations", params={"type": "LOCATED_IN"})
    assert response.status_code == 200, response.text
    groups = response.json()["relations"]
    assert {(g["neighbor"]["id"], g["direction"]) for g in groups} == {
        (PHARMA, "in"), (PLATFORM, "in")}
    assert {e["text"] for g in groups for e in g["evidence"]} == {"和元生物落户浦东新区。", "细胞治疗公共服务平台位于浦东新区。"}
    stats = client.get("/stats").json()
    assert stats["relationships"]["LOCATED_IN"] == 2


@pytest.mark.parametrize(("question", "template", "expected"), [
    ("浦东新区有哪些企业", "in_region", {PHARMA}),
    ("浦东新区有哪些平台", "in_region", {PLATFORM}),
    ("哪些机构落户浦东新区", "in_region", {PHARMA, PLATFORM}),
    ("位于浦东新区的平台有哪些", "in_region", {PLATFORM}),
    ("和元生物位于哪里", "location", {PUDONG}),
    ("Where is 和元生物 located?", "location", {PUDONG}),
])
def test_ask_answers_where_through_located_in(client, located_graph, question, template, expected) -> None:
    answer = ask(client, question)
    assert answer["template"] == template
    groups = answer["result"]["relations"]
    assert {g["neighbor"]["id"] for g in groups} == expected
    assert {g["type"] for g in groups} == {"LOCATED_IN"} and all(g["evidence"] for g in groups)
    assert answer["cypher"][-1]["params"]["types"] == ["LOCATED_IN"]


def test_an_empty_region_answer_says_so(client, located_graph) -> None:
    answer = ask(client, "浦东新区有哪些医院")
    assert answer["template"] == "in_region" and answer["result"]["relations"] == []
    assert answer["text"] == "图中没有位于浦东新区的医院。"


def test_partners_and_paths_leave_out_where_organisations_are(client, located_graph) -> None:
    partners = client.get("/partners", params={"org": "和元生物"}).json()
    assert PUDONG not in {p["id"] for p in partners["partners"]}
    paths = client.get("/paths", params={"from": "和元生物", "to": "细胞治疗公共服务平台"}).json()
    # Through the district they would be two hops apart; their real connection runs through Fudan.
    assert paths["paths"] and {p["hops"] for p in paths["paths"]} == {4}
    assert all(PUDONG not in [n["id"] for n in p["nodes"]] for p in paths["paths"])


def test_questions_of_other_forms_are_not_read_as_location() -> None:
    index = NameIndex.build([
        {"id": "ResearchInstitute:中国科学院", "name": "中国科学院", "type": "ResearchInstitute", "aliases": []},
        {"id": "Region:浦东新区", "name": "浦东新区", "type": "Region", "aliases": []},
    ])
    # 哪些 is one character off 哪里: a location word is never read with a typo.
    assert understand(read_slots("中科院有哪些研究所", index)).form == "related_of_type"
    assert understand(read_slots("浦东新区有哪些企业落户", index)).form == "in_region"
    assert understand(read_slots("中科院总部在哪里", index)).form == "location"
