"""The ``ecokg`` command line, run as the installed console script against the session's server."""
from __future__ import annotations

import json
import os
import re
import subprocess
import threading

import pytest
import typer.main
from typer.testing import CliRunner

from ecokg.cli import app
from graph.load import load_document
from graph.store import Store


def _run(cli: str, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=180)


def _off_a_terminal(env: dict) -> dict:
    """``env`` without the variables that make rich draw on a pipe anyway."""
    return {key: value for key, value in env.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE")}


def _run_on_a_terminal(cli: str, env: dict, *args: str) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal (stdout a pipe): (exit code, stdout, what the terminal showed)."""
    controller, terminal = os.openpty()
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = subprocess.run([cli, *args], env={**_off_a_terminal(env), "COLUMNS": "120"}, stdout=subprocess.PIPE,
                              stderr=terminal, text=True, timeout=180)
    finally:
        os.close(terminal)
        reader.join(timeout=10)
        os.close(controller)
    return done.returncode, done.stdout, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode(errors="replace"))


def _two_documents(make_document, folder) -> str:
    corpus = folder / "corpus.jsonl"
    corpus.write_text("\n".join(doc.model_dump_json() for doc in (
        make_document(extra_partner="西门子"), make_document("other.txt"))) + "\n", encoding="utf-8")
    return str(corpus)


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):  # a sub-group such as `db`
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help() -> None:
    runner = CliRunner()
    commands = list(_commands(typer.main.get_command(app)))
    assert {path for path, _ in commands} >= {
        ("build",), ("serve",), ("cypher",), ("stats",), ("remove",), ("db",), ("db", "start"), ("db", "stop"),
        ("db", "status"),
    }
    for path, command in commands:
        assert command.help, path
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert command.help.split()[0] in result.output


def test_cypher_prints_a_table_and_json(empty_store: Store, make_document, ecokg_cli, ecokg_env) -> None:
    load_document(empty_store, make_document())
    query = "MATCH (e:Entity {id: $key}) RETURN e.name AS name, e.aliases AS aliases"
    done = _run(ecokg_cli, ecokg_env, "cypher", query, "--param", "key=Hospital:东方医院")
    assert done.returncode == 0, done.stderr
    assert "同济大学附属东方医院" in done.stdout and "name" in done.stdout
    done = _run(ecokg_cli, ecokg_env, "cypher", "MATCH (e:Entity) WHERE e.name IN $names RETURN e.id AS id",
                "--param", 'names=["同济大学"]', "--json")
    assert json.loads(done.stdout) == [{"id": "University:同济大学"}]


def test_cypher_reads_unless_told_to_write(empty_store: Store, graph_snapshot, ecokg_cli, ecokg_env) -> None:
    before = graph_snapshot(empty_store)
    refused = _run(ecokg_cli, ecokg_env, "cypher", "CREATE (:Probe {id: 'cli'})")
    assert refused.returncode == 1 and "CREATE is not allowed" in refused.stderr
    assert graph_snapshot(empty_store) == before
    written = _run(ecokg_cli, ecokg_env, "cypher", "--write", "CREATE (p:Probe {id: 'cli'}) RETURN p.id AS id", "--json")
    assert written.returncode == 0, written.stderr
    assert json.loads(written.stdout) == [{"id": "cli"}] and graph_snapshot(empty_store) != before


def test_a_bad_query_is_a_one_line_error(store: Store, ecokg_cli, ecokg_env) -> None:
    done = _run(ecokg_cli, ecokg_env, "cypher", "MATCH (n RETURN n")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr


def test_build_stats_and_remove(empty_store: Store, make_document, ecokg_cli, ecokg_env, tmp_path) -> None:
    corpus = _two_documents(make_document, tmp_path)
    built = json.loads(_run(ecokg_cli, ecokg_env, "build", corpus, "--json").stdout)
    assert [d["status"] for d in built["documents"]] == ["loaded", "loaded"]
    assert built["stats"]["documents"] == 2 and built["stats"]["entities"] == 4
    rebuilt = json.loads(_run(ecokg_cli, ecokg_env, "build", corpus, "--json").stdout)
    assert [d["status"] for d in rebuilt["documents"]] == ["unchanged", "unchanged"]

    table = _run(ecokg_cli, ecokg_env, "stats")
    assert table.returncode == 0 and "COOPERATES_WITH" in table.stdout

    removed = json.loads(_run(ecokg_cli, ecokg_env, "remove", "pudong_001.txt", "--json").stdout)
    assert removed["docs"] == ["pudong_001.txt"] and removed["entities_deleted"] == 1
    stats = json.loads(_run(ecokg_cli, ecokg_env, "stats", "--json").stdout)
    assert stats["documents"] == 1 and stats["entities"] == 3

    missing = _run(ecokg_cli, ecokg_env, "remove", "pudong_001.txt")
    assert missing.returncode == 1 and missing.stderr.strip().startswith("error: no document 'pudong_001.txt'")


def test_build_reads_the_prediction_format(empty_store: Store, ecokg_cli, ecokg_env, tmp_path) -> None:
    prediction = {
        "doc": "001.txt",
        "entities": [
            {"id": "e1", "name": "周浦医院", "type": "Hospital", "aliases": [],
             "mentions": [{"start": 0, "end": 4, "text": "周浦医院"}]},
            {"id": "e2", "name": "中国科学院上海药物研究所", "type": "ResearchInstitute", "aliases": ["药物所"],
             "mentions": [{"start": 5, "end": 17, "text": "中国科学院上海药物研究所"}]},
        ],
        "relations": [{"source": "e1", "target": "e2", "type": "COOPERATES_WITH", "rule": "cooperation_verb",
                       "confidence": 0.8,
                       "evidence": {"text": "周浦医院与中国科学院上海药物研究所签订战略合作协议", "start": 0, "end": 25}}],
    }
    corpus = tmp_path / "pred.jsonl"
    corpus.write_text(json.dumps(prediction, ensure_ascii=False) + "\n", encoding="utf-8")
    done = _run(ecokg_cli, ecokg_env, "build", str(corpus), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stats"]["relationships"]["COOPERATES_WITH"] == 1


@pytest.mark.parametrize(("content", "message"), [
    ("{not json\n", "pred.jsonl:1: not JSON"),
    ('{"doc": "a.txt", "entities": [{"id": "e1"}]}\n', "pred.jsonl:1: field entities.0.name: Field required"),
])
def test_build_names_the_file_line_and_field_of_bad_input(store: Store, ecokg_cli, ecokg_env, tmp_path,
                                                          content, message) -> None:
    corpus = tmp_path / "pred.jsonl"
    corpus.write_text(content, encoding="utf-8")
    done = _run(ecokg_cli, ecokg_env, "build", str(corpus))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr


def test_db_status_reports_the_running_server(settings, store: Store, ecokg_cli, ecokg_env) -> None:
    current = json.loads(_run(ecokg_cli, ecokg_env, "db", "status", "--json").stdout)
    assert current["running"] is True
    if store.embedded:
        assert current["bolt_uri"] == f"bolt://127.0.0.1:{settings.bolt_port}" and current["mode"] == "foreground"
        # The server belongs to this test process, not to `ecokg db start`: stop refuses and says why.
        refused = _run(ecokg_cli, ecokg_env, "db", "stop")
        assert refused.returncode == 1 and "stop that process instead" in refused.stderr


def test_remove_takes_a_relative_path_and_lists_the_documents_sharing_a_file_name(
        empty_store: Store, make_document, ecokg_cli, ecokg_env, tmp_path) -> None:
    folder = tmp_path.resolve()
    for name in ("a", "b"):
        source = str(folder / name / "pudong_001.txt")
        load_document(empty_store, make_document().model_copy(update={"source": source, "path": source}))

    def remove(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([ecokg_cli, "remove", *args], env=ecokg_env, cwd=folder, capture_output=True, text=True,
                              timeout=180)

    shared = remove("pudong_001.txt")
    assert shared.returncode == 1 and shared.stderr.strip() == (
        f"error: 2 documents are named 'pudong_001.txt' ({folder}/a/pudong_001.txt, {folder}/b/pudong_001.txt); "
        "give the path, source or id of one")
    by_path = remove("a/pudong_001.txt", "--json")
    assert by_path.returncode == 0 and json.loads(by_path.stdout)["sources"] == [f"{folder}/a/pudong_001.txt"]
    assert json.loads(remove("pudong_001.txt", "--json").stdout)["sources"] == [f"{folder}/b/pudong_001.txt"]


def test_build_draws_each_step_on_a_terminal(empty_store: Store, make_document, ecokg_cli, ecokg_env,
                                              tmp_path) -> None:
    code, stdout, shown = _run_on_a_terminal(ecokg_cli, ecokg_env, "build", _two_documents(make_document, tmp_path))
    assert code == 0, shown
    for step in ("opening the graph store", "reading files", "resolving names", "loading documents"):
        assert step in shown
    assert re.search(r"loading documents\s+━+\s+2/2", shown)
    assert stdout.startswith("2 added, 0 changed") and "━" not in stdout  # the lines are drawn on stderr only


def test_json_and_pipes_get_no_progress(empty_store: Store, make_document, ecokg_cli, ecokg_env, tmp_path) -> None:
    corpus = _two_documents(make_document, tmp_path)
    on_a_terminal = _run_on_a_terminal(ecokg_cli, ecokg_env, "build", corpus, "--json")
    assert on_a_terminal[0] == 0 and on_a_terminal[2] == ""  # --json: silent even on a terminal
    assert json.loads(on_a_terminal[1])["stats"]["documents"] == 2
    piped = _run(ecokg_cli, _off_a_terminal(ecokg_env), "build", corpus)
    assert piped.returncode == 0 and piped.stderr == ""
    analyzed = _run(ecokg_cli, _off_a_terminal(ecokg_env), "analyze", "--json")
    assert analyzed.returncode == 0 and analyzed.stderr == "" and json.loads(analyzed.stdout)["nodes"] > 0


@pytest.mark.slow
def test_a_first_start_prints_only_the_result(ecokg_cli, tmp_path) -> None:
    """A fresh data directory: the pipeline is prepared (spacy_pkuseg converts its model) without a word on a pipe,
    and with one line saying so on a terminal."""
    text = tmp_path / "001.txt"
    text.write_text("上海交通大学医学院附属瑞金医院与复旦大学签署战略合作协议。", encoding="utf-8")
    env = {**_off_a_terminal(os.environ), "ECOKG_DATA_DIR": str(tmp_path / "fresh")}
    done = _run(ecokg_cli, env, "extract", str(text), "-o", str(tmp_path / "out.jsonl"), "--json")
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout)["documents"] == 1
    env["ECOKG_DATA_DIR"] = str(tmp_path / "fresh-on-a-terminal")
    code, _, shown = _run_on_a_terminal(ecokg_cli, env, "extract", str(text), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0 and "preparing the segmentation model once" in shown
    assert "features" not in shown and "WARNING" not in shown  # spacy_pkuseg's conversion messages


def test_build_and_serve_take_where_extraction_runs(empty_store: Store, make_document, ecokg_cli, ecokg_env,
                                                    tmp_path) -> None:
    corpus = _two_documents(make_document, tmp_path)
    refused = _run(ecokg_cli, ecokg_env, "build", corpus, "--workers", "0")  # reaches the executor, which refuses
    assert refused.returncode == 1 and refused.stderr.strip() == "error: --workers must be at least 1, not 0"
    for command in (("build", corpus), ("serve", "--build", corpus)):
        mismatched = _run(ecokg_cli, ecokg_env, *command, "--scheduler", "tcp://127.0.0.1:8786")
        assert mismatched.returncode == 1 and mismatched.stderr.strip() == (
            "error: --scheduler tcp://127.0.0.1:8786 is a Dask scheduler's address: add --executor dask")
    built = _run(ecokg_cli, ecokg_env, "build", corpus, "--workers", "1", "--executor", "local", "--json")
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["stats"]["documents"] == 2
