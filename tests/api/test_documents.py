"""Documents: list, detail with marked evidence, delete and upload behind the token, upload checks."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import UnsupportedFile
from api.queries import mark_spans, marked_html
from api.uploads import safe_name, sniff
from ecokg.build import build_paths, uploads_dir


def test_list_and_detail_with_marked_evidence(client, fudan_graph) -> None:
    page = client.get("/documents").json()
    assert page["total"] == 2 and [d["doc"] for d in page["items"]] == ["plan_002.txt", "reply_001.txt"]
    assert client.get("/documents", params={"limit": 1, "offset": 1}).json()["items"][0]["doc"] == "reply_001.txt"
    by_name = client.get("/documents/plan_002.txt").json()
    assert client.get(f"/documents/{by_name['id']}").json() == by_name
    assert {(f["source"], f["type"], f["target"]) for f in by_name["facts"]} == {
        ("Hospital:复旦大学附属儿科医院", "AFFILIATED_WITH", "University:复旦大学"),
        ("GovernmentAgency:浦东新区人民政府", "RESPONSIBLE_FOR", "Task:细胞治疗产业集群建设"),
        ("Hospital:浦东医院", "COOPERATES_WITH", "University:复旦大学"),
        ("Platform:细胞治疗公共服务平台", "PART_OF", "Hospital:浦东医院"),
    }
    text = by_name["text"]
    for fact in by_name["facts"]:
        assert text[fact["start"]:fact["end"]] == fact["evidence"]
    # The third sentence backs two facts: one span naming both.
    assert [len(span["facts"]) for span in by_name["spans"]] == [1, 1, 2]
    assert by_name["marked_html"].count("<mark") == 3
    assert by_name["marked_html"].replace("</mark>", "").count("浦东医院与复旦大学") == 1
    mentioned = {e["id"]: e for e in by_name["entities"]}
    school = mentioned["University:复旦大学"]
    assert all(text[s:e] == form for s, e, form in zip(school["starts"], school["ends"], school["surface"]))
    missing = client.get("/documents/nope.txt")
    assert missing.status_code == 404 and "GET /documents" in missing.json()["error"]["message"]


def test_marking_is_html_safe_and_merges_spans() -> None:
    spans = mark_spans(12, [(0, 4), (2, 6), (10, 40), (None, None)])
    assert [(s.start, s.end, s.facts) for s in spans] == [(0, 2, [0]), (2, 4, [0, 1]), (4, 6, [1]), (10, 12, [2])]
    assert marked_html("<b>&", mark_spans(4, [(0, 3)])) == '<mark data-facts="0">&lt;b&gt;</mark>&amp;'


def test_delete_needs_the_token_and_removes_only_what_the_document_supported(client, fudan_graph, auth) -> None:
    assert client.delete("/documents/plan_002.txt").status_code == 401
    wrong = client.delete("/documents/plan_002.txt", headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    response = client.delete("/documents/plan_002.txt", headers=auth)
    assert response.status_code == 200
    assert response.json()["docs"] == ["plan_002.txt"] and response.json()["entities_deleted"] == 2  # task, platform
    partners = client.get("/partners", params={"org": "复旦大学", "type": "Hospital"}).json()["partners"]
    [pudong] = partners  # the affiliation only the plan stated is gone; the reply's cooperation stays
    assert pudong["id"] == "Hospital:浦东医院" and pudong["documents"] == 1
    assert client.delete("/documents/plan_002.txt", headers=auth).status_code == 404


def test_writes_are_off_without_a_configured_token(settings, store, fudan_graph, graph_snapshot) -> None:
    before = graph_snapshot(fudan_graph)
    with TestClient(create_app(settings.model_copy(update={"api_token": None}))) as client:
        for response in (client.delete("/documents/plan_002.txt", headers={"Authorization": "Bearer x"}),
                         client.post("/documents", files={"file": ("a.txt", "浦东医院。".encode())})):
            assert response.status_code == 403 and response.json()["error"]["code"] == "writes_disabled"
    assert graph_snapshot(fudan_graph) == before


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_sniffing() -> None:
    assert sniff(b"%PDF-1.7\n...") == ".pdf"
    assert sniff(docx_bytes()) == ".docx"
    assert sniff(b"  <!DOCTYPE html><html><body>x</body></html>") == ".html"
    assert sniff("关于推进生物医药产业发展的通知".encode("gb18030")) == ".txt"
    assert sniff("\ufeff通知".encode()) == ".txt"
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("a.txt", "x")
    for data in (other_zip.getvalue(), b"\x7fELF\x02\x01\x01\x00\x00\x00", b"\x89PNG\r\n\x1a\n\x00\x00"):
        with pytest.raises(UnsupportedFile):
            sniff(data)


def test_file_names_are_sanitised() -> None:
    assert safe_name("../../etc/passwd", ".txt") == "passwd.txt"
    assert safe_name("C:\\Users\\x\\关于 合作的通知.PDF", ".pdf") == "关于_合作的通知.pdf"
    assert safe_name("report.exe", ".txt") == "report.txt"  # the content decides the suffix
    assert safe_name(".bashrc", ".txt") == "bashrc.txt"
    assert safe_name("", ".html") == "upload.html"
    assert safe_name("a" * 300 + ".txt", ".txt") == "a" * 100 + ".txt"


def test_upload_refusals_load_nothing(client, api_settings, fudan_graph, graph_snapshot, auth) -> None:
    before = graph_snapshot(fudan_graph)
    unsupported = client.post("/documents", headers=auth,
                              files={"file": ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")})
    assert unsupported.status_code == 415 and unsupported.json()["error"]["code"] == "unsupported_file"
    empty = client.post("/documents", headers=auth, files={"file": ("empty.txt", b"  \n")})
    assert empty.status_code == 422 and "empty.txt" in empty.json()["error"]["message"]
    small = api_settings.model_copy(update={"max_upload_bytes": 1000})
    with TestClient(create_app(small)) as capped:
        large = capped.post("/documents", headers=auth, files={"file": ("big.txt", "通知。".encode() * 400)})
        # Declared far too large: refused before the body is read.
        declared = capped.post("/documents", headers=auth, files={"file": ("big.txt", "通知。".encode() * 30_000)})
    assert large.status_code == 413 and large.json()["error"]["code"] == "payload_too_large"
    assert declared.status_code == 413 and declared.json()["error"]["code"] == "payload_too_large"
    assert client.post("/documents", headers=auth).status_code == 422  # no file part
    assert graph_snapshot(fudan_graph) == before
    assert not list(uploads_dir(api_settings).glob("*"))


@pytest.fixture()
def uploads(api_settings) -> Iterator[Path]:
    """The uploads directory, emptied after the test."""
    folder = uploads_dir(api_settings)
    yield folder
    for file in folder.glob("*"):
        file.unlink()


def test_an_upload_named_like_a_corpus_file_is_a_document_of_its_own(client, api_settings, empty_store, uploads,
                                                                       tmp_path, auth) -> None:
    corpus_file = tmp_path / "corpus" / "report.txt"
    corpus_file.parent.mkdir()
    corpus_file.write_text("瑞金医院与复星医药签署战略合作协议。", encoding="utf-8")
    build_paths(empty_store, api_settings, [corpus_file.parent])
    [corpus] = client.get("/documents").json()["items"]

    def entity_ids(ref: str) -> list[str]:
        return sorted(e["id"] for e in client.get(f"/documents/{ref}").json()["entities"])

    corpus_entities = entity_ids(corpus["id"])
    assert "Hospital:瑞金医院" in corpus_entities

    first = client.post("/documents", headers=auth, files={"file": ("report.txt", "华山医院与复旦大学共建联合实验室。".encode())})
    assert first.status_code == 201 and first.json()["file"] == "report.txt"
    [upload_id] = first.json()["doc_ids"]
    page = client.get("/documents").json()
    assert page["total"] == 2
    assert {d["path"] for d in page["items"]} == {str(corpus_file.resolve()), str(uploads / "report.txt")}
    assert entity_ids(corpus["id"]) == corpus_entities
    assert "Hospital:华山医院" in entity_ids("upload:report.txt")
    ambiguous = client.get("/documents/report.txt")
    assert ambiguous.status_code == 409 and ambiguous.json()["error"]["code"] == "ambiguous"
    assert {d["id"] for d in ambiguous.json()["error"]["detail"]} == {corpus["id"], upload_id}

    # the same name again replaces the earlier upload, and only it
    second = client.post("/documents", headers=auth, files={"file": ("report.txt", "仁济医院与药明康德开展合作。".encode())})
    assert second.status_code == 201 and second.json()["doc_ids"] == [upload_id]
    assert second.json()["summary"]["changed"] == ["report.txt"]
    assert client.get("/documents").json()["total"] == 2
    replaced = entity_ids(upload_id)
    assert "Hospital:仁济医院" in replaced and "Hospital:华山医院" not in replaced
    assert entity_ids(corpus["id"]) == corpus_entities

    refused = client.delete("/documents/report.txt", headers=auth)
    assert refused.status_code == 409 and "give the path, source or id of one" in refused.json()["error"]["message"]
    removed = client.delete("/documents/upload:report.txt", headers=auth).json()
    assert removed["doc_ids"] == [upload_id] and removed["files_deleted"] == ["report.txt"]
    assert not list(uploads.glob("*"))
    assert [d["id"] for d in client.get("/documents").json()["items"]] == [corpus["id"]]
    assert entity_ids("report.txt") == corpus_entities  # the name is unique again
