"""Shared fixtures: one real graph server per test session.

Without ``NEO4J_URI`` the session starts the embedded ArcadeDB Bolt server in a temporary data
directory on free ports (in this process: a subprocess given ``ecokg_env`` finds it through the pid
file and connects over Bolt). With ``NEO4J_URI`` set the same suite runs against that Neo4j; tests
that are about the embedded server skip.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx
import pytest

from ecokg.records import Document, Entity, Evidence, Mention, Relation
from ecokg.settings import Settings
from graph import cypher
from graph.schema import apply_schema
from graph.store import Store, open_store

ECOKG = str(Path(sys.executable).with_name("ecokg"))
EXTERNAL_NEO4J = bool(os.environ.get("NEO4J_URI"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def embedded_settings(data_dir: Path) -> Settings:
    """Settings for a fresh embedded store in ``data_dir`` on free ports."""
    return Settings(data_dir=data_dir, bolt_port=free_port(), arcadedb_http_port=free_port())


def env_for(settings: Settings) -> dict[str, str]:
    """The environment that makes an ``ecokg`` subprocess use ``settings``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ECOKG_")}
    env.update({
        "ECOKG_DATA_DIR": str(settings.data_dir),
        "ECOKG_BOLT_PORT": str(settings.bolt_port),
        "ECOKG_ARCADEDB_HTTP_PORT": str(settings.arcadedb_http_port),
    })
    return env


@contextmanager
def served(app) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port, in a thread, for as long as the block runs; yields its URL."""
    import uvicorn  # noqa: PLC0415

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def ecokg_serving(ecokg_cli: str, env: dict[str, str], base: str, *args: str) -> Iterator[subprocess.Popen]:
    """``ecokg serve ARGS`` in a subprocess, once ``base``/health answers; killed at the end if still running."""
    serve = subprocess.Popen([ecokg_cli, "serve", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert serve.poll() is None and time.monotonic() < deadline, "ecokg serve did not start"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield serve
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


@pytest.fixture(scope="session")
def serve_ecokg() -> Callable[..., AbstractContextManager[subprocess.Popen]]:
    """A function running ``ecokg serve`` for a ``with`` block (see :func:`ecokg_serving`)."""
    return ecokg_serving


@pytest.fixture(scope="session")
def serve_over_http() -> Callable[..., AbstractContextManager[str]]:
    """A function running an ASGI app on a real port for a ``with`` block (see :func:`served`)."""
    return served


@pytest.fixture()
def require_embedded() -> None:
    """Skip a test about the embedded server when the suite runs against NEO4J_URI."""
    if EXTERNAL_NEO4J:
        pytest.skip("about the embedded server; NEO4J_URI is set")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The session's settings: NEO4J_* from the environment, or a temporary embedded store."""
    if EXTERNAL_NEO4J:
        return Settings()
    return embedded_settings(tmp_path_factory.mktemp("ecokg-data"))


@pytest.fixture(scope="session")
def store(settings: Settings) -> Iterator[Store]:
    """The session's open store, schema applied."""
    with open_store(settings) as opened:
        apply_schema(opened)
        yield opened


@pytest.fixture()
def empty_store(store: Store) -> Store:
    """The session's store with every node and relationship deleted first."""
    with store.session() as session:
        session.run(cypher.load("wipe")).consume()
    return store


@pytest.fixture()
def ecokg_env(settings: Settings) -> dict[str, str]:
    """Environment for an ``ecokg`` subprocess that talks to the session's server."""
    return env_for(settings)


@pytest.fixture()
def ecokg_cli() -> str:
    """The installed ``ecokg`` console script."""
    return ECOKG


@pytest.fixture()
def make_document() -> Callable[..., Document]:
    """A factory of small realistic documents (see :func:`sample_document`)."""
    return sample_document


@pytest.fixture()
def graph_snapshot() -> Callable[[Store], tuple[list[str], list[str]]]:
    """A function giving the graph's whole content, sorted, to compare before and after (see :func:`snapshot`)."""
    return snapshot


@pytest.fixture()
def new_embedded_settings(tmp_path: Path) -> Callable[[], Settings]:
    """A factory of settings for a fresh embedded store (own data directory, free ports)."""
    made = []

    def make() -> Settings:
        made.append(tmp_path / f"data{len(made)}")
        return embedded_settings(made[-1])

    return make


@pytest.fixture()
def subprocess_env() -> Callable[[Settings], dict[str, str]]:
    """A function giving the environment that makes an ``ecokg`` subprocess use the given settings."""
    return env_for


def sample_document(doc: str = "pudong_001.txt", version: int = 1, *, extra_partner: str | None = None) -> Document:
    """东方医院 (affiliated with 同济大学) cooperates with 药物所; ``extra_partner`` adds a company partner.

    ``version`` changes the text and so the content hash, as an edited file would.
    """
    text = f"同济大学附属东方医院与中国科学院上海药物研究所签订战略合作协议。（第{version}版）"
    if extra_partner:
        text += f"东方医院与{extra_partner}开展合作。"
    entities = [
        _entity("e1", "同济大学附属东方医院", "Hospital", "Hospital:东方医院", text, ["东方医院"]),
        _entity("e2", "同济大学", "University", "University:同济大学", text),
        _entity("e3", "中国科学院上海药物研究所", "ResearchInstitute", "ResearchInstitute:药物所", text),
    ]
    sentence = text.split("。")[0] + "。"
    relations = [
        _relation("e1", "e2", "AFFILIATED_WITH", text, "同济大学附属东方医院", "affiliated_hospital", 0.95),
        _relation("e1", "e3", "COOPERATES_WITH", text, sentence, "cooperation_verb", 0.8),
    ]
    if extra_partner:
        entities.append(_entity("e4", extra_partner, "Company", f"Company:{extra_partner}", text))
        relations.append(_relation("e1", "e4", "COOPERATES_WITH", text, f"东方医院与{extra_partner}开展合作。",
                                   "cooperation_verb", 0.7))
    return Document(
        doc=doc, id=f"sha-{doc}-{version}-{extra_partner}", path=f"corpus/{doc}", title="关于合作的通知",
        issuer="上海市浦东新区科技和经济委员会", date="2025-03-01", district="浦东新区", text=text,
        extractor_version="test", entities=entities, relations=relations,
    )


def _entity(local_id: str, name: str, type_: str, key: str, text: str, aliases: list[str] | None = None) -> Entity:
    mentions = []
    for form in [name, *(aliases or [])]:
        start = text.find(form)
        if start >= 0:
            mentions.append(Mention(start=start, end=start + len(form), text=form))
    return Entity(id=local_id, name=name, type=type_, aliases=aliases or [], mentions=mentions, key=key)


def _relation(source: str, target: str, type_: str, text: str, evidence: str, rule: str, confidence: float) -> Relation:
    start = text.find(evidence)
    return Relation(
        source=source, target=target, type=type_, rule=rule, confidence=confidence,
        evidence=Evidence(text=evidence, start=start, end=start + len(evidence)),
    )


def snapshot(store: Store) -> tuple[list[str], list[str]]:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted: the graph's content (not
    its change stamp, new at every write)."""
    with store.session() as session:
        nodes = session.run("MATCH (n) WHERE NOT n:GraphStamp RETURN labels(n) AS labels, properties(n) AS props").data()
        rels = session.run(
            "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
        ).data()
    return (
        sorted(repr((sorted(row["labels"]), sorted(row["props"].items()))) for row in nodes),
        sorted(repr((row["source"], row["type"], row["target"], sorted(row["props"].items()))) for row in rels),
    )
