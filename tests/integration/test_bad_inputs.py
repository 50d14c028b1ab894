"""The bad-input corpus (issue 13): each bad file fails alone with one line naming it, the good documents of the
same build load, and no other document's entities change (the graph equals a build of the good ones alone).

Every file is generated here in tmp_path; the large ones are marked slow and bound the peak memory of the
``ecokg`` process that reads them (ru_maxrss of the child)."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from graph import cypher
from graph.store import Store

pytestmark = pytest.mark.slow  # starts the pipeline in a subprocess

GOOD_TEXT = ("上海市宝山区人民政府\n关于推进生物医药产业合作的通知\n"
             "上海交通大学医学院附属瑞金医院与复旦大学签订战略合作协议，双方将在临床研究等方面开展合作。\n"
             "宝山区人民政府与上海交通大学共建生物医药创新平台。\n")
OTHER_TEXT = "复旦大学附属华山医院与中国科学院上海药物研究所开展合作研究。\n"
TRADITIONAL_TEXT = "上海交通大學醫學院附屬瑞金醫院與復旦大學簽訂戰略合作協議，雙方將在臨床研究等方面開展合作。\n" * 3
MAX_RSS_BYTES = 1536 * 1024 * 1024


def write_docx(path: Path, text: str) -> None:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))


def zip_bomb_docx(path: Path) -> None:
    """A valid .docx whose extra member unpacks from about 1 MB to 1 GiB."""
    write_docx(path, GOOD_TEXT)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(1024):
                member.write(zeros)


@pytest.fixture()
def good_dir(tmp_path: Path) -> Path:
    """Good documents, odd only in name or encoding: they must load, in every build, the same."""
    good = tmp_path / "good"
    (good / "a").mkdir(parents=True)
    (good / "b").mkdir()
    (good / "宝山 通知 一.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (good / "-leading dash.txt").write_text(OTHER_TEXT, encoding="utf-8")
    (good / "new\nline.txt").write_text(OTHER_TEXT + "新闻一则。", encoding="utf-8")
    (good / "a" / "report.txt").write_text(GOOD_TEXT + "（甲）", encoding="utf-8")
    (good / "b" / "report.txt").write_text(OTHER_TEXT + "（乙）", encoding="utf-8")
    (good / "gb18030.txt").write_bytes((OTHER_TEXT + "（国标）").encode("gb18030"))
    (good / "utf16.txt").write_bytes((GOOD_TEXT + "（十六）").encode("utf-16"))
    (good / "big5.txt").write_bytes(TRADITIONAL_TEXT.encode("big5"))
    deep = "<html><body>" + "<div>" * 2000 + f"<p>{OTHER_TEXT}（深）</p>" + "</div>" * 2000 + "</body></html>"
    (good / "deep.html").write_text(deep, encoding="utf-8")
    return good


@pytest.fixture()
def bad_dir(tmp_path: Path) -> dict[str, Path]:
    """Bad documents, each with the words its one-line error must say."""
    bad = tmp_path / "bad"
    bad.mkdir()
    files = {
        "empty.txt": (b"", "is empty"),
        "binary.txt": (bytes(range(256)) * 64, "binary"),
        "truncated.pdf": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "not a readable PDF"),
        "fake.pdf": (b"this is no pdf at all", "not a readable PDF"),
        "not-a-zip.docx": (b"plain text pretending to be Word", "not a ZIP archive"),
        "script-only.html": (b"<html><head><script>var a = '\xe4\xb8\x8a';</script></head><body></body></html>",
                             "holds no text"),
        "mojibake.txt": ((GOOD_TEXT * 5).encode("utf-8").decode("latin-1").encode("utf-8"), "mojibake"),
        "big5-read-as-gbk.txt": (TRADITIONAL_TEXT.encode("big5").decode("gb18030").encode("utf-8"), "mojibake"),
    }
    out = {}
    for name, (data, said) in files.items():
        (bad / name).write_bytes(data)
        out[name] = (bad / name, said)
    zip_bomb_docx(bad / "bomb.docx")
    out["bomb.docx"] = (bad / "bomb.docx", "ZIP bomb")
    return out


def build(cli: str, env: dict[str, str], *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([cli, "build", *map(str, paths)], env=env, capture_output=True, text=True, timeout=1800)


# Runs one command and prints the peak resident memory of it alone: this test process's own RUSAGE_CHILDREN
# would be the largest of every child the session ever waited for.
MEASURE = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, file=sys.stderr); "
           "sys.exit(done.returncode)")


def measured_build(cli: str, env: dict[str, str], *paths: Path) -> tuple[subprocess.CompletedProcess, int]:
    """``ecokg build`` and its peak resident memory in bytes."""
    done = subprocess.run([sys.executable, "-c", MEASURE, cli, "build", *map(str, paths)], env=env,
                          capture_output=True, text=True, timeout=1800)
    *messages, peak = done.stderr.rstrip("\n").split("\n")
    done.stderr = "\n".join(messages) + "\n" if messages else ""
    return done, int(peak)


def mentioned_keys(store: Store, doc_ids: list[str] | None = None) -> dict[str, list[str]]:
    """The entity keys each document mentions, by document id (all documents, or ``doc_ids``)."""
    with store.session() as session:
        rows = session.run("MATCH (d:Document)-[:MENTIONS]->(e:Entity) RETURN d.id AS doc, e.id AS key").data()
    keys: dict[str, list[str]] = {}
    for row in rows:
        if doc_ids is None or row["doc"] in doc_ids:
            keys.setdefault(row["doc"], []).append(row["key"])
    return {doc: sorted(found) for doc, found in keys.items()}


def wipe(store: Store) -> None:
    with store.session() as session:
        session.run(cypher.load("wipe")).consume()


def test_bad_inputs_fail_alone_and_change_no_other_document(empty_store, ecokg_cli, ecokg_env, good_dir, bad_dir,
                                                              graph_snapshot) -> None:
    alone = build(ecokg_cli, ecokg_env, good_dir)
    assert alone.returncode == 0, alone.stderr
    good_only = graph_snapshot(empty_store)
    with empty_store.session() as session:
        docs = {row["doc"] for row in session.run("MATCH (d:Document) RETURN d.doc AS doc").data()}
        names = {row["name"] for row in session.run("MATCH (e:Entity) RETURN e.name AS name").data()}
    assert docs == {"宝山 通知 一.txt", "-leading dash.txt", "new\nline.txt", "report.txt", "gb18030.txt",
                    "utf16.txt", "big5.txt", "deep.html"}
    assert {"上海交通大学", "复旦大学"} <= names and any("宝山区人民政府" in name for name in names)
    assert all(len(name) <= 40 for name in names)
    with empty_store.session() as session:
        traditional = {row["name"] for row in session.run(
            "MATCH (:Document {doc: 'big5.txt'})-[:MENTIONS]->(e:Entity) RETURN e.name AS name").data()}
    assert {"上海交通大学", "复旦大学"} <= traditional  # 上海交通大學 of the Big5 page is the one organisation

    wipe(empty_store)
    mixed = build(ecokg_cli, ecokg_env, good_dir, bad_dir["empty.txt"][0].parent)
    assert mixed.returncode == 1
    errors = [line for line in mixed.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad_dir), mixed.stderr
    for name, (path, said) in bad_dir.items():
        (line,) = [line for line in errors if str(path) in line]
        assert said in line, line
    after = graph_snapshot(empty_store)
    assert (sorted(set(after[0]) ^ set(good_only[0])), sorted(set(after[1]) ^ set(good_only[1]))) == ([], [])


@pytest.mark.parametrize("case", ["50mb", "5mb-line"])
def test_large_inputs_are_bounded_in_memory_and_change_no_other_document(empty_store, ecokg_cli, ecokg_env, good_dir,
                                                                          tmp_path, graph_snapshot, case) -> None:
    """A 50 MB text is over the size limit (refused before it is read); a 5 MB line without punctuation is read in
    bounded sentences, loads, and re-keys nothing. Either way the ``ecokg`` process stays under 1.5 GB."""
    assert build(ecokg_cli, ecokg_env, good_dir).returncode == 0
    before = graph_snapshot(empty_store)
    good_ids = sorted(mentioned_keys(empty_store))
    keys_before = mentioned_keys(empty_store, good_ids)
    large = tmp_path / "large"
    large.mkdir()
    if case == "50mb":
        path = large / "fifty.txt"
        with path.open("w", encoding="utf-8") as out:
            for _ in range(50):
                out.write(OTHER_TEXT * (1024 * 1024 // len(OTHER_TEXT.encode())))
    else:
        path = large / "line.txt"
        piece = "上海交通大学医学院附属瑞金医院与复旦大学开展合作研究"
        path.write_text(piece * (5 * 1024 * 1024 // len(piece.encode())), encoding="utf-8")
    result, peak = measured_build(ecokg_cli, ecokg_env, large)
    if case == "50mb":
        assert result.returncode == 1 and "fifty.txt" in result.stderr and "ECOKG_MAX_UPLOAD_BYTES" in result.stderr
        assert graph_snapshot(empty_store) == before
    else:
        assert result.returncode == 0, result.stderr
        with empty_store.session() as session:
            long_names = session.run("MATCH (e:Entity) WHERE size(e.name) > 40 RETURN e.name AS name").data()
        assert not long_names
        assert mentioned_keys(empty_store, good_ids) == keys_before  # no good document's entity was re-keyed
    assert 0 < peak < MAX_RSS_BYTES
