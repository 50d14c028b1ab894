"""extractors/fast_pkuseg.py cuts exactly as spacy_pkuseg does: on the seed and dev2 corpora, and on texts made to
meet its edge cases (digits, Latin letters, keywords, spaces, user-dictionary words, very short fragments)."""
from __future__ import annotations

import random
from importlib import metadata
from pathlib import Path

import pytest

from extractors import fast_pkuseg
from extractors.fast_pkuseg import FastCut, LazyPkuseg
from extractors.pipeline import load_nlp
from extractors.readers import read_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPORA = [SHARED / "corpus" / "seeds", SHARED / "eval" / "dev2" / "docs"]


@pytest.fixture(scope="module")
def fast(nlp) -> FastCut:
    if metadata.version("spacy_pkuseg") != fast_pkuseg.SUPPORTED_VERSION:
        pytest.skip(f"fast_pkuseg mirrors spacy_pkuseg {fast_pkuseg.SUPPORTED_VERSION}; the package's cut runs")
    cut = nlp.tokenizer.pkuseg_seg.cut
    assert isinstance(cut.__self__, FastCut), "load_nlp did not install the fast cut"
    return cut.__self__


def corpus_texts() -> list[str]:
    files = [f for corpus in CORPORA if corpus.is_dir() for f in sorted(corpus.iterdir()) if f.is_file()]
    if not files:
        pytest.skip(f"no corpus in {CORPORA}")
    return [read_file(f).text for f in files]


def corpus_lines() -> list[str]:
    return [line for text in corpus_texts() for line in text.splitlines() if line.strip()]


def test_the_fast_cut_is_the_packages_cut_on_the_corpora(fast) -> None:
    texts = corpus_texts()  # whole, as spaCy's tokenizer hands them over (line breaks and all)
    assert [fast.cut(t) for t in texts] == [fast.original(t) for t in texts]
    lines = corpus_lines()
    differing = [line for line in lines if fast.cut(line) != fast.original(line)]
    assert len(lines) > 500 and differing == []


def test_the_fast_cut_is_the_packages_cut_at_the_edges(fast) -> None:
    made = ["", " ", "医", "医院", "2025年3月，上海市第六人民医院与Abbott签约。", "GMP车间达到1.5万平方米",
            "复旦大学附属儿科医院 与  张江药谷", "ＡＢＣ１２３医药", "市委市政府印发《实施方案》（2024—2026年）",
            "上海交通大学医学院附属瑞金医院、仁济医院和新华医院", "...", "a.b.c", "第3.5条", "\u3000上海\u3000"]
    pieces = [line[i:i + n] for line in corpus_lines()[:200] for i in (0, 3) for n in (1, 2, 7, 40)]
    rng = random.Random(5)
    alphabet = "上海市医院大学研究所生物医药公司与签约合作1２3aBＣ.。，、《》 "
    made += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    for text in made + pieces:
        assert fast.cut(text) == fast.original(text), repr(text)


def test_a_text_with_its_placeholder_characters_goes_to_the_packages_cut(fast) -> None:
    text = "上海\x00医院\x01公司"
    assert fast.cut(text) == fast.original(text)


def test_installing_twice_changes_nothing(nlp) -> None:
    assert fast_pkuseg.install(nlp) is False


def test_a_pipeline_loaded_from_its_cache_cuts_from_the_tables_without_the_packages_model(fast, nlp_cache) -> None:
    loaded = load_nlp.__wrapped__(nlp_cache, use_gazetteer=True)  # from disk, not the session's pipeline
    seg = loaded.tokenizer.pkuseg_seg
    assert isinstance(seg, LazyPkuseg)
    lines = corpus_lines()
    assert [seg.cut(line) for line in lines] == [fast.original(line) for line in lines]
    assert not seg.package_loaded
    text = "上海\x00医院\x01公司"  # the package's own cut: its model loads now
    assert seg.cut(text) == fast.original(text) and seg.package_loaded
