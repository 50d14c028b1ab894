"""Health, stats, analytics rankings, the one error shape, and the OpenAPI text."""
from __future__ import annotations

from graph.analytics import compute_metrics, get_graph, to_networkx, write_metrics


def test_health_and_stats(client, fudan_graph) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["store"].startswith("bolt://")
    stats = client.get("/stats").json()
    assert stats["documents"] == 2 and stats["entities"] == 10
    assert stats["labels"]["Hospital"] == 4
    assert stats["relationships"]["COOPERATES_WITH"] == 4 and stats["relationships"]["MENTIONS"] == 14


def test_analytics_top_reads_stored_metrics(client, fudan_graph) -> None:
    missing = client.get("/analytics/top")
    assert missing.status_code == 409 and "ecokg analyze" in missing.json()["error"]["message"]
    nodes, edges = get_graph(fudan_graph)
    metrics = compute_metrics(to_networkx(nodes, edges))
    write_metrics(fudan_graph, metrics)
    body = client.get("/analytics/top", params={"metric": "degree", "limit": 3}).json()
    expected = sorted(metrics, key=lambda node: (-metrics[node]["degree"], node))[:3]
    assert [item["id"] for item in body["items"]] == expected
    hospitals = client.get("/analytics/top", params={"metric": "pagerank", "type": "Hospital"}).json()["items"]
    assert hospitals and {item["type"] for item in hospitals} == {"Hospital"}
    assert [i["pagerank"] for i in hospitals] == sorted((i["pagerank"] for i in hospitals), reverse=True)
    assert client.get("/analytics/top", params={"metric": "fame"}).status_code == 422


def test_every_error_has_one_shape(client, fudan_graph) -> None:
    responses = [
        client.get("/no/such/route"),
        client.post("/health"),
        client.get("/entities"),
        client.get("/entities/Hospital:不存在"),
        client.post("/cypher", content=b"not json", headers={"content-type": "application/json"}),
        client.delete("/documents/x"),
    ]
    assert [r.status_code for r in responses] == [404, 405, 422, 404, 422, 401]
    assert responses[-1].headers["www-authenticate"] == "Bearer"
    for response in responses:
        body = response.json()
        assert list(body) == ["error"] and {"code", "message"} <= set(body["error"]) <= {"code", "message", "detail"}
        assert body["error"]["message"]


def test_openapi_documents_every_route(client) -> None:
    spec = client.get("/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert len(operations) >= 16
    assert all(op.get("description") for op in operations)
    assert "/partners" in spec["paths"] and client.get("/docs").status_code == 200
