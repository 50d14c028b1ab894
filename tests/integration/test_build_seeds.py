"""`ecokg build` on the seeds: one node per organisation, context-sensitive abbreviations, incremental builds."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.query import run_cypher

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
BAOSHAN = "001_ecd96f040428c031.txt"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")]


def _build(ecokg_cli, env, *args) -> dict:
    run = subprocess.run([ecokg_cli, "build", *map(str, args), "--json"], env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _rows(store, query, **params):
    result = run_cypher(store, query, params)
    return [dict(zip(result.columns, row)) for row in result.rows]


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def test_one_node_per_organisation(empty_store, ecokg_cli, ecokg_env, corpus):
    summary = _build(ecokg_cli, ecokg_env, corpus)
    assert len(summary["added"]) == 5 and summary["failed"] == []

    def named(name):
        return _rows(empty_store, "MATCH (e:Entity) WHERE e.name = $n OR $n IN e.aliases "
                                  "RETURN e.id AS id, e.name AS name, e.aliases AS aliases", n=name)

    assert len(named("复旦大学")) == 1
    (jiaoda,) = named("上海交通大学医学院")
    assert "交大医学院" in jiaoda["aliases"]
    (kjw,) = named("上海市浦东新区科技和经济委员会")
    assert "区科经委" in kjw["aliases"]
    assert named("区科经委") == [kjw]
    # the plan (003) names only 区科经委; it lands on the committee's node
    docs = _rows(empty_store, "MATCH (d:Document)-[:MENTIONS]->(e:Entity {id: $id}) RETURN d.doc AS doc", id=kjw["id"])
    assert {d["doc"][:3] for d in docs} == {"000", "003", "004"}


def test_baoshan_agencies_stay_apart_from_pudong(empty_store, ecokg_cli, ecokg_env, corpus):
    _build(ecokg_cli, ecokg_env, corpus)
    shared = _rows(empty_store,
                   "MATCH (b:Document {doc: $baoshan})-[:MENTIONS]->(e:Entity)<-[:MENTIONS]-(p:Document) "
                   "WHERE p.district = '浦东新区' RETURN DISTINCT e.name AS name, e.id AS id", baoshan=BAOSHAN)
    for row in shared:
        assert not row["name"].startswith("区"), row  # district-relative names never cross districts
    relative = _rows(empty_store, "MATCH (:Document {doc: $baoshan})-[:MENTIONS]->(e:Entity) "
                                  "WHERE e.id CONTAINS '|' RETURN e.id AS id", baoshan=BAOSHAN)
    assert all("宝山区|" in row["id"] for row in relative)


def test_rebuild_is_a_no_op_and_only_changed_files_are_extracted(empty_store, ecokg_cli, ecokg_env, corpus):
    first = _build(ecokg_cli, ecokg_env, corpus)
    ids = _rows(empty_store, "MATCH (e:Entity) RETURN e.id AS id ORDER BY id")
    again = _build(ecokg_cli, ecokg_env, corpus)
    assert again["added"] == again["changed"] == again["extracted"] == [] and len(again["unchanged"]) == 5
    assert again["stats"] == first["stats"]
    assert _rows(empty_store, "MATCH (e:Entity) RETURN e.id AS id ORDER BY id") == ids

    edited = corpus / "002_c43d31b1c5cc3d0c.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n复星医药与瑞金医院签署战略合作协议。\n", encoding="utf-8")
    (corpus / "004_8365621d3f79dd87.txt").touch()
    third = _build(ecokg_cli, ecokg_env, corpus)
    assert [Path(p).name for p in third["extracted"]] == ["002_c43d31b1c5cc3d0c.txt"]
    assert third["changed"] == ["002_c43d31b1c5cc3d0c.txt"]
    partners = _rows(empty_store, "MATCH (a:Entity {name: '复星医药'})-[r:COOPERATES_WITH]-(b:Entity) "
                                  "RETURN b.name AS name")
    assert {"name": "瑞金医院"} in partners

    (corpus / "003_52a5bab9509efbf1.txt").unlink()
    fourth = _build(ecokg_cli, ecokg_env, "--sync", corpus)
    assert fourth["removed"] == ["003_52a5bab9509efbf1.txt"]
    assert _rows(empty_store, "MATCH (d:Document) RETURN count(d) AS n") == [{"n": 4}]
