"""The embedded server's lifecycle: pid file, second processes, stale files, ports, restarts."""
from __future__ import annotations

import json
import os
import socket
import stat
import subprocess

import pytest

from ecokg.errors import PortInUseError
from graph.load import load_document
from graph.store import EmbeddedPaths, Store, open_store, status

pytestmark = pytest.mark.usefixtures("require_embedded")


def _ecokg(cli: str, env: dict, *args: str, check: bool = True, cwd=None) -> subprocess.CompletedProcess:
    done = subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=180, cwd=cwd)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def test_the_running_server_is_recorded_and_the_password_is_private(settings, store: Store) -> None:
    paths = EmbeddedPaths.of(settings)
    info = json.loads(paths.info_file.read_text())
    assert info["pid"] == os.getpid() and info["bolt_port"] == settings.bolt_port and info["host"] == "127.0.0.1"
    assert stat.S_IMODE(paths.password_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.reader_password_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.root.stat().st_mode) == stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    assert len(paths.password_file.read_text().strip()) >= 24
    current = status(settings)
    assert (current.running, current.pid, current.mode) == (True, os.getpid(), "foreground")


def test_a_second_process_connects_over_bolt_to_the_running_server(
    settings, empty_store: Store, make_document, ecokg_cli, ecokg_env
) -> None:
    load_document(empty_store, make_document())
    done = _ecokg(ecokg_cli, ecokg_env, "stats", "--json")
    assert json.loads(done.stdout)["entities"] == 3
    # It used this process's server rather than opening the files: the pid file is still ours.
    assert json.loads(EmbeddedPaths.of(settings).info_file.read_text())["pid"] == os.getpid()
    assert "WARNING: Using incubator modules" not in done.stderr  # no JVM was started


def test_a_stale_pid_file_is_cleaned(new_embedded_settings) -> None:
    settings = new_embedded_settings()
    paths = EmbeddedPaths.of(settings)
    paths.root.mkdir(parents=True)
    gone = subprocess.Popen(["true"])
    gone.wait()
    paths.info_file.write_text(json.dumps({"pid": gone.pid, "host": "127.0.0.1", "bolt_port": settings.bolt_port,
                                           "http_port": settings.arcadedb_http_port, "mode": "background"}))
    assert status(settings).running is False
    assert not paths.info_file.exists()


def test_a_port_taken_by_another_program_is_a_clear_error(new_embedded_settings, ecokg_cli, subprocess_env) -> None:
    settings = new_embedded_settings()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", settings.bolt_port))
        squatter.listen()
        with pytest.raises(PortInUseError, match=f"port {settings.bolt_port} .* ECOKG_BOLT_PORT"):
            with open_store(settings):
                pass
        done = _ecokg(ecokg_cli, subprocess_env(settings), "stats", check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: port {settings.bolt_port} on 127.0.0.1 is taken by another program; set ECOKG_BOLT_PORT to a free port"
    ]


@pytest.mark.slow
def test_background_server_keeps_the_graph_across_restarts(
    new_embedded_settings, subprocess_env, make_document, ecokg_cli, tmp_path
) -> None:
    settings = new_embedded_settings()
    env = subprocess_env(settings)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(make_document(extra_partner="西门子").model_dump_json() + "\n", encoding="utf-8")

    started = json.loads(_ecokg(ecokg_cli, env, "db", "start", "--json").stdout)
    assert started["running"] and started["mode"] == "background" and started["pid"] != os.getpid()
    assert json.loads(_ecokg(ecokg_cli, env, "db", "start", "--json").stdout)["pid"] == started["pid"]  # idempotent
    _ecokg(ecokg_cli, env, "build", str(corpus))
    before = json.loads(_ecokg(ecokg_cli, env, "stats", "--json").stdout)
    assert json.loads(_ecokg(ecokg_cli, env, "db", "stop", "--json").stdout) == {"stopped": True}
    assert json.loads(_ecokg(ecokg_cli, env, "db", "status", "--json").stdout)["running"] is False

    _ecokg(ecokg_cli, env, "db", "start")
    try:
        after = json.loads(_ecokg(ecokg_cli, env, "stats", "--json").stdout)
    finally:
        _ecokg(ecokg_cli, env, "db", "stop")
    assert after == before and after["entities"] == 4
    assert not EmbeddedPaths.of(settings).info_file.exists()


@pytest.mark.slow
def test_a_command_without_a_running_server_starts_and_stops_its_own(
    new_embedded_settings, subprocess_env, make_document, ecokg_cli, tmp_path
) -> None:
    settings = new_embedded_settings()
    env = subprocess_env(settings)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(make_document().model_dump_json() + "\n", encoding="utf-8")
    _ecokg(ecokg_cli, env, "build", str(corpus), "--json", cwd=tmp_path)
    done = _ecokg(ecokg_cli, env, "cypher", "MATCH (e:Entity) RETURN count(e) AS n", "--json", cwd=tmp_path)
    assert json.loads(done.stdout) == [{"n": 3}]
    assert status(settings).running is False
    # ArcadeDB's logs go to the data directory, not to ./log where the command ran.
    assert not (tmp_path / "log").exists()
    assert (EmbeddedPaths.of(settings).log_dir / "arcadedb.0.log").exists()
