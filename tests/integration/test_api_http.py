"""The API served by uvicorn on a real port, over real HTTP: hostile Cypher, uploads through the extraction
pipeline, and the flagship question on the graph built from the seed corpus."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from ecokg.settings import Settings
from graph.store import Store

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
TOKEN = "http-test-token"



@pytest.fixture(scope="module")
def base_url(settings: Settings, store: Store, serve_over_http) -> Iterator[str]:
    app = create_app(settings.model_copy(update={"api_token": SecretStr(TOKEN)}))
    with serve_over_http(app) as url:
        yield url


@pytest.fixture()
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=120) as client:
        yield client


def test_hostile_cypher_over_http_changes_nothing(http, empty_store, make_document, graph_snapshot) -> None:
    from graph.load import load_document

    load_document(empty_store, make_document(extra_partner="西门子"))
    before = graph_snapshot(empty_store)
    for query in ("MATCH (n) DETACH DELETE n", "MATCH (n) RETURN n /* x */ ; MATCH (n) DETACH DELETE n",
                  "MATCH (n) CALL { WITH n ＤＥＬＥＴＥ n } RETURN 1", "match (n) set n.name = 'x'"):
        response = http.post("/cypher", json={"query": query})
        assert response.status_code == 400 and response.json()["error"]["code"] == "query_refused"
    assert graph_snapshot(empty_store) == before
    rows = http.post("/cypher", json={"query": "MATCH (e:Entity) RETURN count(e) AS n"}).json()["rows"]
    assert rows == [[4]]


@pytest.mark.slow
def test_upload_extracts_loads_and_deletes(http, empty_store, graph_snapshot, settings) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = graph_snapshot(empty_store)
    blank_pdf = http.post("/documents", headers=auth, files={"file": ("blank.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert blank_pdf.status_code == 422, blank_pdf.text
    assert "blank.pdf" in blank_pdf.json()["error"]["message"]
    assert graph_snapshot(empty_store) == before
    assert not (settings.data_dir.resolve() / "uploads" / "blank.pdf").exists()

    text = ("上海市浦东新区科技和经济委员会\n关于支持医企合作的通知\n"
            "复旦大学附属华山医院与上海联影医疗科技股份有限公司签订战略合作协议，共建医学影像联合实验室。\n")
    response = http.post("/documents", headers=auth, files={"file": ("../通知 2025.txt", text.encode("gb18030"))})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["file"] == "通知_2025.txt" and len(body["doc_ids"]) == 1
    assert body["summary"]["added"] == ["通知_2025.txt"]
    detail = http.get(f"/documents/{body['doc_ids'][0]}").json()
    assert "华山医院" in detail["text"] and detail["entities"]
    assert http.get("/stats").json()["last_build"]["added"] == ["通知_2025.txt"]

    removed = http.delete(f"/documents/{body['doc_ids'][0]}", headers=auth).json()
    assert removed["docs"] == ["通知_2025.txt"] and removed["files_deleted"] == ["通知_2025.txt"]
    assert graph_snapshot(empty_store) == before


@pytest.mark.slow
def test_flagship_partners_of_fudan_on_the_seed_graph(http, empty_store, settings) -> None:
    from ecokg.build import build_paths

    summary = build_paths(empty_store, settings, [SEEDS])
    assert not summary.failed, summary.failed
    response = http.get("/partners", params={"org": "复旦大学", "type": "Hospital"})
    assert response.status_code == 200, response.text
    body = response.json()
    partners = {p["name"]: p for p in body["partners"]}
    assert "浦东医院" in partners
    evidence = [e["text"] for link in partners["浦东医院"]["links"] for e in link["evidence"]]
    assert any("依托复旦大学" in text for text in evidence)
    affiliated = {name for name, p in partners.items() if any(l["type"] == "AFFILIATED_WITH" for l in p["links"])}
    assert {"复旦大学附属眼耳鼻喉科医院", "复旦大学附属儿科医院"} <= affiliated
    assert all(e["text"] and e["doc_name"] for p in body["partners"] for l in p["links"] for e in l["evidence"])

    answer = http.get("/ask", params={"q": "哪些医院与复旦大学合作"}).json()
    assert answer["template"] == "partners_of_type" and answer["result"] == body
