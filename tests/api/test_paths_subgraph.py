"""GET /paths, /subgraph and /viz on the hand-made Fudan graph."""
from __future__ import annotations

import json
import re


def test_shortest_paths_with_evidence_per_hop(client, fudan_graph) -> None:
    body = client.get("/paths", params={"from": "和元生物", "to": "浦东医院"}).json()
    assert body["from"]["id"] == "Company:和元生物" and body["to"]["id"] == "Hospital:浦东医院"
    assert {p["hops"] for p in body["paths"]} == {3}
    routes = {tuple(n["id"] for n in p["nodes"]) for p in body["paths"]}
    assert routes == {
        ("Company:和元生物", "University:复旦大学药学院", "University:复旦大学", "Hospital:浦东医院"),
        ("Company:和元生物", "Hospital:复旦大学附属儿科医院", "University:复旦大学", "Hospital:浦东医院"),
    }
    for path in body["paths"]:
        for step, (left, right) in zip(path["steps"], zip(path["nodes"], path["nodes"][1:])):
            assert {step["source"], step["target"]} == {left["id"], right["id"]}
            assert step["evidence"] and all(left["name"][:2] in e["text"] or right["name"][:2] in e["text"]
                                            for e in step["evidence"])
    last = body["paths"][0]["steps"][-1]
    assert last["type"] == "COOPERATES_WITH" and len(last["evidence"]) == 2  # both documents


def test_max_hops_bounds_and_validation(client, fudan_graph) -> None:
    assert client.get("/paths", params={"from": "和元生物", "to": "浦东医院", "max_hops": 2}).json()["paths"] == []
    for bad in (0, 7):
        response = client.get("/paths", params={"from": "和元生物", "to": "浦东医院", "max_hops": bad})
        assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"
    same = client.get("/paths", params={"from": "复旦", "to": "复旦大学"})
    assert same.status_code == 400 and "same entity" in same.json()["error"]["message"]
    assert client.get("/paths", params={"from": "人民医院", "to": "复旦大学"}).status_code == 409


def test_subgraph_shape_depth_and_types(client, fudan_graph) -> None:
    body = client.get("/subgraph", params={"center": "浦东医院", "depth": 1}).json()
    assert body["center"] == "Hospital:浦东医院"
    assert {n["id"] for n in body["nodes"]} == {"Hospital:浦东医院", "University:复旦大学", "Platform:细胞治疗公共服务平台"}
    edge = next(e for e in body["edges"] if e["type"] == "COOPERATES_WITH")
    assert edge["id"] == f"{edge['source']}|COOPERATES_WITH|{edge['target']}" and len(edge["evidence"]) == 2
    assert all(n["documents"] for n in body["nodes"])
    wider = client.get("/subgraph", params={"center": "浦东医院", "depth": 2}).json()
    assert len(wider["nodes"]) > len(body["nodes"])
    universities = client.get("/subgraph", params=[("center", "浦东医院"), ("depth", 2), ("types", "University")]).json()
    assert {n["type"] for n in universities["nodes"]} == {"Hospital", "University"}  # the centre stays
    capped = client.get("/subgraph", params={"center": "浦东医院", "depth": 4, "limit": 3}).json()
    assert len(capped["nodes"]) == 3 and capped["truncated"] is True
    assert client.get("/subgraph", params={"center": "浦东医院", "depth": 5}).status_code == 422
    assert client.get("/subgraph", params={"center": "浦东医院", "limit": 1001}).status_code == 422


def test_viz_page_and_its_assets(client, fudan_graph) -> None:
    response = client.get("/viz", params={"center": "浦东医院", "depth": 1})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>',
                                response.text, flags=re.S).group(1))
    assert data == {k: v for k, v in client.get("/subgraph", params={"center": "浦东医院", "depth": 1}).json().items()
                    if k != "truncated"}
    for asset in re.findall(r'(?:src|href)="(/viz/static/[^"]+)"', response.text):
        assert client.get(asset).status_code == 200
    unknown = client.get("/viz", params={"center": "没有这个"})
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")
    assert "没有这个" in unknown.text
