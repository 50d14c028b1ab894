"""Extraction executors: in this process, in worker processes, on a local Dask cluster — the same documents, in order."""
from __future__ import annotations

from pathlib import Path

import pytest

from ecokg.build import build_paths
from ecokg.errors import ConfigError
from ecokg.executors import ExtractionJob, extract_all, extract_job

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEV2 = SHARED / "eval" / "dev2" / "docs"
needs_corpus = pytest.mark.skipif(not (SEEDS.exists() and DEV2.exists()), reason="../shared corpus is missing")


def corpus_files(tmp_path: Path) -> list[Path]:
    """Three short documents and one that cannot be read, in a fixed order."""
    texts = ["瑞金医院与复星医药签署战略合作协议。", "", "华山医院与复旦大学共建联合实验室。", "仁济医院与药明康德开展合作。"]
    paths = []
    for number, text in enumerate(texts):
        path = tmp_path / f"{number}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def comparable(results) -> list[tuple]:
    return [(r.path, r.failure is None, r.document.model_dump_json() if r.document else None) for r in results]


@pytest.mark.slow
def test_worker_processes_give_what_this_process_gives_in_job_order(tmp_path, settings) -> None:
    jobs = [ExtractionJob(str(path)) for path in corpus_files(tmp_path)]
    cache = settings.data_dir / "cache"
    here = list(extract_all(jobs, cache, workers=1))
    pooled = list(extract_all(jobs, cache, workers=2))
    assert [r.path for r in pooled] == [job.path for job in jobs]
    assert comparable(pooled) == comparable(here)
    (empty,) = [r for r in pooled if r.document is None]
    assert empty.path.endswith("1.txt") and "1.txt" in empty.failure and "empty" in empty.failure
    assert {e.name for r in pooled if r.document for e in r.document.entities} >= {"瑞金医院", "复旦大学", "药明康德"}


def test_a_job_with_bytes_is_extracted_from_them_and_named_after_the_file(tmp_path, settings) -> None:
    gone = tmp_path / "elsewhere" / "report.txt"  # a cluster worker cannot read the submitting machine's files
    text = "华山医院与复旦大学共建联合实验室。".encode()
    result = extract_job(ExtractionJob(str(gone), len(text), text), settings.data_dir / "cache")
    assert result.failure is None and result.document.path == str(gone) and result.document.doc == "report.txt"
    assert {e.name for e in result.document.entities} == {"华山医院", "复旦大学"}


def test_bad_executor_settings_are_refused(tmp_path) -> None:
    with pytest.raises(ConfigError, match="unknown executor 'spark'"):
        extract_all([ExtractionJob("a.txt")], tmp_path, executor="spark")
    with pytest.raises(ConfigError, match="at least 1"):
        extract_all([ExtractionJob("a.txt")], tmp_path, workers=0)


def graph_facts(store) -> tuple[list, list]:
    with store.session() as session:
        entities = session.run("MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.aliases AS aliases "
                               "ORDER BY id").data()
        relations = session.run("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS source, type(r) AS type, "
                                "b.id AS target, r.doc AS doc, r.evidence AS evidence "
                                "ORDER BY source, type, target, doc").data()
    return entities, relations


@pytest.mark.slow
@needs_corpus
def test_a_local_dask_cluster_builds_the_graph_the_local_build_builds(empty_store, settings, tmp_path) -> None:
    pytest.importorskip("distributed")
    local = settings.model_copy(update={"data_dir": tmp_path / "local"})
    summary = build_paths(empty_store, local, [SEEDS, DEV2], workers=1)
    assert len(summary.extracted) == 29 and summary.failed == []
    expected = graph_facts(empty_store)
    with empty_store.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    clustered = settings.model_copy(update={"data_dir": tmp_path / "dask"})  # its own cache: every file extracted
    summary = build_paths(empty_store, clustered, [SEEDS, DEV2], executor="dask", workers=2)
    assert len(summary.extracted) == 29 and summary.failed == []
    assert graph_facts(empty_store) == expected
    assert len(expected[0]) > 200 and len(expected[1]) > 100
