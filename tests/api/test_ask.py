"""GET /ask: Chinese questions answered from the hand-made Fudan graph, with the Cypher that ran."""
from __future__ import annotations

import pytest

from api.ask import FORMS
from graph import cypher


def ask(client, question: str) -> dict:
    response = client.get("/ask", params={"q": question})
    assert response.status_code == 200, response.text
    return response.json()


def test_partner_question_answers_exactly_as_partners(client, fudan_graph) -> None:
    answer = ask(client, "哪些医院与复旦大学合作？")
    assert answer["template"] == "partners_of_type"
    assert answer["result"] == client.get("/partners", params={"org": "复旦大学", "type": "Hospital"}).json()
    assert "浦东医院" in answer["text"] and "复旦大学附属儿科医院" in answer["text"]
    ran = {query["name"]: query for query in answer["cypher"]}
    assert ran["api_relations"]["params"]["neighbor_types"] == ["Hospital"]
    assert ran["api_relations"]["cypher"] == cypher.load("api_relations")
    # The same question in other words, and in traditional characters.
    for question in ("复旦大学与哪些医院合作", "复旦大学的医院合作伙伴有哪些", "哪些醫院與復旦大學合作"):
        assert ask(client, question)["result"] == answer["result"], question


@pytest.mark.parametrize(("question", "template", "expected"), [
    ("复旦大学的合作伙伴有哪些", "partners", {"Hospital:浦东医院", "Hospital:复旦大学附属儿科医院"}),
    ("谁资助了复旦大学药学院", "funders", {"GovernmentAgency:浦东新区人民政府"}),
    ("浦东新区人民政府资助了哪些机构", "funded", {"University:复旦大学药学院"}),
    ("谁负责细胞治疗产业集群建设", "responsible_for_task", {"GovernmentAgency:浦东新区人民政府"}),
    ("区政府负责哪些任务", "responsibilities", {"Task:细胞治疗产业集群建设"}),
    ("复旦大学有哪些附属医院", "affiliated_hospitals", {"Hospital:复旦大学附属儿科医院"}),
    ("复旦大学有哪些下属单位", "units", {"University:复旦大学药学院", "Hospital:复旦大学附属儿科医院"}),
    ("浦东医院有哪些平台", "related_of_type", {"Platform:细胞治疗公共服务平台"}),
    ("复旦大学附属儿科医院属于哪个大学", "parent", {"University:复旦大学"}),
    ("复旦药学院被谁资助了", "funders", {"GovernmentAgency:浦东新区人民政府"}),
    ("和元生物与哪些高校合做", "partners_of_type", {"University:复旦大学药学院"}),
])
def test_templates_answer_from_the_graph(client, fudan_graph, question, template, expected) -> None:
    answer = ask(client, question)
    assert answer["template"] == template
    result = answer["result"]
    links = [link for p in result["partners"] for link in p["links"]] if "partners" in result else result["relations"]
    assert {link["neighbor"]["id"] for link in links} == expected
    assert all(e["text"] and e["doc_name"] for link in links for e in link["evidence"])
    assert answer["cypher"] and answer["text"]


def test_connection_question_gives_paths_with_evidence(client, fudan_graph) -> None:
    answer = ask(client, "复旦大学药学院与浦东医院有什么关系")
    assert answer["template"] == "connection"
    assert answer["result"] == client.get("/paths", params={"from": "复旦大学药学院", "to": "浦东医院"}).json()
    [path] = answer["result"]["paths"]
    assert [n["id"] for n in path["nodes"]] == ["University:复旦大学药学院", "University:复旦大学", "Hospital:浦东医院"]
    assert all(step["evidence"] for step in path["steps"])
    # A name holding 和 itself: the question splits at the connector where both sides name entities.
    assert ask(client, "和元生物和复旦大学药学院是如何关联的")["result"]["paths"][0]["hops"] == 1


def test_documents_question(client, fudan_graph) -> None:
    answer = ask(client, "哪些文件提到了和元生物")
    assert answer["template"] == "documents"
    assert [d["doc"] for d in answer["result"]["documents"]] == ["reply_001.txt"]


def test_unknown_question_is_422_with_the_forms(client, fudan_graph) -> None:
    response = client.get("/ask", params={"q": "今天天气怎么样"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_question"
    assert [f["template"] for f in error["detail"]["forms"]] == [form.name for form in FORMS]
    assert error["detail"]["slots"]["entities"] == [] and error["detail"]["slots"]["intents"] == []
    assert client.get("/ask/forms").json() == error["detail"]["forms"]


def test_every_example_is_understood(client, fudan_graph) -> None:
    for form in FORMS:
        response = client.get("/ask", params={"q": form.example})
        # Examples name entities of the sample corpus; here they may be missing (404), never misunderstood (422).
        assert response.status_code in (200, 404), (form.example, response.text)
        if response.status_code == 200:
            assert response.json()["template"] == form.name


def test_unknown_entity_in_a_question_is_404(client, fudan_graph) -> None:
    response = client.get("/ask", params={"q": "哪些医院与北京大学合作"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
