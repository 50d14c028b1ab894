"""The API over the session's real graph server, and a small hand-made Fudan graph to query.

``client`` is a TestClient whose app made its own driver in its lifespan, as in production; ``fudan_graph`` wipes
the store and loads two documents written here: Fudan, its school of pharmacy (a unit), its affiliated
children's hospital, 浦东医院 leaning on it, a funder, a task, a platform and two district 人民医院 sharing an
alias. ``located_graph`` adds a news item placing the firm and the platform in the Region 浦东新区 (LOCATED_IN).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from ecokg.records import Document, Entity, Evidence, Mention, Relation
from ecokg.settings import Settings
from graph.load import load_document
from graph.store import Store

TOKEN = "test-token-5f1c"


@pytest.fixture(scope="session")
def api_settings(settings: Settings) -> Settings:
    """The session's settings with a write token (same data directory, so the app finds the running server)."""
    return settings.model_copy(update={"api_token": SecretStr(TOKEN)})


@pytest.fixture(scope="session")
def client(api_settings: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


@pytest.fixture()
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def document(doc: str, sentences: list[str], entities: list[tuple], relations: list[tuple]) -> Document:
    """A document whose text is ``sentences``; entities are (key, name, type, aliases); relations
    (source key, type, target key, index of the sentence that is the evidence)."""
    text = "".join(sentences)
    made = []
    for number, (key, name, type_, aliases) in enumerate(entities, start=1):
        mentions = []
        for form in (name, *aliases):
            start = text.find(form)
            if start >= 0:
                mentions.append(Mention(start=start, end=start + len(form), text=form))
        made.append(Entity(id=f"e{number}", name=name, type=type_, aliases=list(aliases), mentions=mentions, key=key))
    local = {entity.key: entity.id for entity in made}
    rels = []
    for source, type_, target, sentence in relations:
        start = text.find(sentences[sentence])
        rels.append(Relation(source=local[source], target=local[target], type=type_, rule="test", confidence=0.9,
                             evidence=Evidence(text=sentences[sentence], start=start, end=start + len(sentences[sentence]))))
    return Document(doc=doc, id=f"sha-{doc}", path=f"corpus/{doc}", title=f"{doc} 标题", date="2025-05-01",
                    district="浦东新区", text=text, extractor_version="test", entities=made, relations=rels)


FUDAN = ("University:复旦大学", "复旦大学", "University", ("复旦",))
PHARMACY = ("University:复旦大学药学院", "复旦大学药学院", "University", ())
CHILDREN = ("Hospital:复旦大学附属儿科医院", "复旦大学附属儿科医院", "Hospital", ("儿科医院",))
PUDONG_HOSPITAL = ("Hospital:浦东医院", "浦东医院", "Hospital", ())
PHARMA = ("Company:和元生物", "和元生物", "Company", ())
GOVERNMENT = ("GovernmentAgency:浦东新区人民政府", "浦东新区人民政府", "GovernmentAgency", ("区政府",))
TASK = ("Task:细胞治疗产业集群建设", "细胞治疗产业集群建设", "Task", ())
PLATFORM = ("Platform:细胞治疗公共服务平台", "细胞治疗公共服务平台", "Platform", ())
PEOPLES_PUDONG = ("Hospital:浦东新区人民医院", "浦东新区人民医院", "Hospital", ("人民医院",))
PEOPLES_BAOSHAN = ("Hospital:宝山区人民医院", "宝山区人民医院", "Hospital", ("人民医院",))
PUDONG = ("Region:浦东新区", "浦东新区", "Region", ())


def fudan_documents() -> list[Document]:
    reply = document(
        "reply_001.txt",
        ["浦东医院依托复旦大学在细胞治疗领域进行了非常积极的探索。",
         "复旦大学附属儿科医院与和元生物开展合作。",
         "浦东新区人民政府支持复旦大学药学院建设。",
         "复旦大学药学院与和元生物共建联合实验室。",
         "浦东新区人民医院、宝山区人民医院参与调研。"],
        [FUDAN, PHARMACY, CHILDREN, PUDONG_HOSPITAL, PHARMA, GOVERNMENT, PEOPLES_PUDONG, PEOPLES_BAOSHAN],
        [(FUDAN[0], "COOPERATES_WITH", PUDONG_HOSPITAL[0], 0),
         (CHILDREN[0], "COOPERATES_WITH", PHARMA[0], 1),
         (GOVERNMENT[0], "FUNDS", PHARMACY[0], 2),
         (PHARMACY[0], "PART_OF", FUDAN[0], 3),
         (PHARMA[0], "COOPERATES_WITH", PHARMACY[0], 3)],
    )
    plan = document(
        "plan_002.txt",
        ["复旦大学附属儿科医院是复旦大学的附属医院。",
         "浦东新区人民政府负责细胞治疗产业集群建设。",
         "浦东医院与复旦大学共建细胞治疗公共服务平台。"],
        [FUDAN, CHILDREN, GOVERNMENT, TASK, PLATFORM, PUDONG_HOSPITAL],
        [(CHILDREN[0], "AFFILIATED_WITH", FUDAN[0], 0),
         (GOVERNMENT[0], "RESPONSIBLE_FOR", TASK[0], 1),
         (PUDONG_HOSPITAL[0], "COOPERATES_WITH", FUDAN[0], 2),
         (PLATFORM[0], "PART_OF", PUDONG_HOSPITAL[0], 2)],
    )
    return [reply, plan]


@pytest.fixture()
def fudan_graph(empty_store: Store) -> Store:
    for doc in fudan_documents():
        load_document(empty_store, doc)
    return empty_store


@pytest.fixture()
def located_graph(fudan_graph: Store) -> Store:
    news = document(
        "news_003.txt",
        ["和元生物落户浦东新区。", "细胞治疗公共服务平台位于浦东新区。"],
        [PHARMA, PLATFORM, PUDONG],
        [(PHARMA[0], "LOCATED_IN", PUDONG[0], 0), (PLATFORM[0], "LOCATED_IN", PUDONG[0], 1)],
    )
    load_document(fudan_graph, news)
    return fudan_graph


@pytest.fixture()
def restated_graph(empty_store: Store) -> int:
    """浦东医院 and 复旦大学 cooperating, stated by 13 documents (dated 2025-01-02 … 13, the first undated; stored
    one way or the other, alternately); returns how many."""
    from api.queries import EVIDENCE_PER_LINK  # noqa: PLC0415

    stated = EVIDENCE_PER_LINK + 3
    for n in range(stated):
        pair = (PUDONG_HOSPITAL[0], FUDAN[0]) if n % 2 else (FUDAN[0], PUDONG_HOSPITAL[0])
        news = document(f"news_{n:02d}.txt", [f"浦东医院与复旦大学第{n}次合作。"], [PUDONG_HOSPITAL, FUDAN],
                        [(pair[0], "COOPERATES_WITH", pair[1], 0)])
        load_document(empty_store, news.model_copy(update={"date": f"2025-01-{n + 1:02d}" if n else None}))
    return stated


@pytest.fixture()
def one_firm() -> Callable[[str], Document]:
    """A document naming one firm, which cooperates with 复旦大学: loading it changes the graph's version."""
    def make(name: str) -> Document:
        return document(f"{name}.txt", [f"{name}与复旦大学开展合作。"], [(f"Company:{name}", name, "Company", ()), FUDAN],
                        [(f"Company:{name}", "COOPERATES_WITH", FUDAN[0], 0)])

    return make
