"""bench/scale.py's corpus generator: deterministic, distinct files, about 60% of names varied, suffixes kept."""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

SCALE_PY = Path(__file__).resolve().parents[2] / "bench" / "scale.py"

# Two seeds naming organisations of every varied type, one nested in another (复旦大学 in 复旦大学附属儿科医院),
# one without a known suffix (复星) and one government agency, neither of which is ever varied.
SEEDS = {
    "a.txt": "复旦大学附属儿科医院与复旦大学、上海交通大学医学院签订协议。浦东医院、周浦医院参与。"
             "君实生物与莫德纳公司合作。浦东科创母基金投资复星。区科经委牵头。",
    "b.txt": "中国科学院上海药物研究所与瑞金医院、华山医院共建浦东新区医产融合创新策源平台。"
             "生物医药并购基金资助上海理工大学。上海市浦东新区科技和经济委员会负责。",
}
ORGANISATIONS = {
    "a.txt": ["复旦大学附属儿科医院", "复旦大学", "上海交通大学医学院", "浦东医院", "周浦医院", "君实生物",
              "莫德纳公司", "浦东科创母基金", "复星"],
    "b.txt": ["中国科学院上海药物研究所", "瑞金医院", "华山医院", "浦东新区医产融合创新策源平台", "生物医药并购基金",
              "上海理工大学"],
}


@pytest.fixture(scope="module")
def scale():
    spec = importlib.util.spec_from_file_location("bench_scale", SCALE_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def test_same_arguments_give_the_same_corpus(scale) -> None:
    assert scale.scaled_corpus(SEEDS, ORGANISATIONS, 5) == scale.scaled_corpus(SEEDS, ORGANISATIONS, 5)
    assert scale.scaled_corpus(SEEDS, ORGANISATIONS, 5, seed=1) != scale.scaled_corpus(SEEDS, ORGANISATIONS, 5, seed=2)


def test_a_smaller_scale_is_the_first_copies_of_a_larger_one(scale) -> None:
    assert scale.scaled_corpus(SEEDS, ORGANISATIONS, 10) == scale.scaled_corpus(SEEDS, ORGANISATIONS, 30)[:20]


def test_every_file_is_distinct_and_copy_zero_is_the_seeds(scale) -> None:
    corpus = scale.scaled_corpus(SEEDS, ORGANISATIONS, 20)
    assert len(corpus) == 40
    assert len({d.name for d in corpus}) == 40
    assert len({hashlib.sha256(d.text.encode()).hexdigest() for d in corpus}) == 40
    assert {d.name: d.text for d in corpus if d.copy == 0} == SEEDS


def test_about_sixty_percent_of_the_variable_names_are_varied(scale) -> None:
    varied = [d for d in scale.scaled_corpus(SEEDS, ORGANISATIONS, 50) if d.copy]
    assert {d.variable for d in varied if d.seed == "a.txt"} == {8}  # 复星 has no suffix
    assert all(len(d.renamed) == round(0.6 * d.variable) for d in varied)
    share = sum(len(d.renamed) for d in varied) / sum(d.variable for d in varied)
    assert 0.55 <= share <= 0.65
    # which names vary differs from copy to copy
    assert len({frozenset(d.renamed) for d in varied if d.seed == "a.txt"}) > 10


def test_varied_names_keep_their_suffix_and_appear_in_the_text(scale) -> None:
    corpus = scale.scaled_corpus(SEEDS, ORGANISATIONS, 30)
    new_names = [new for d in corpus for new in d.renamed.values()]
    assert len(new_names) == len(set(new_names))  # every generated organisation is new
    for document in corpus:
        for old, new in document.renamed.items():
            place, _, suffix = scale.split_name(old)
            assert new != old and new.startswith(place) and new.endswith(suffix)
            assert new in document.text
        if document.seed == "a.txt":
            assert "复星" in document.text and "区科经委" in document.text


def test_a_longer_name_that_stays_keeps_the_varied_name_inside_it(scale) -> None:
    for document in scale.scaled_corpus(SEEDS, ORGANISATIONS, 40):
        if "复旦大学" in document.renamed and "复旦大学附属儿科医院" not in document.renamed:
            assert "复旦大学附属儿科医院" in document.text
            return
    pytest.fail("no copy varies 复旦大学 alone")


@pytest.mark.parametrize(("name", "parts"), [
    ("上海交通大学医学院", ("上海", "交通大学", "医学院")),
    ("浦东医院", ("", "浦东", "医院")),  # the place is the distinctive part
    ("中国科学院上海药物研究所", ("中国", "科学院上海药物", "研究所")),
    ("复星", None),
    ("医院", None),
])
def test_split_name(scale, name: str, parts: tuple[str, str, str] | None) -> None:
    assert scale.split_name(name) == parts
