"""The name resolver (graph/resolver.py) on a small hand-made list of names: what a reader types → the entity."""
from __future__ import annotations

import pytest

from api.names import AmbiguousName, require_one
from api.errors import EntityNotFound
from graph.resolver import NameIndex, derived_forms, fold, fold_question

NAMES = [
    ("University:复旦大学", "复旦大学", "University", []),
    ("Hospital:复旦大学附属儿科医院", "复旦大学附属儿科医院", "Hospital", ["儿科医院"]),
    ("ResearchInstitute:药物所", "中国科学院上海药物研究所", "ResearchInstitute", []),
    ("ResearchInstitute:中国科学院", "中国科学院", "ResearchInstitute", []),
    ("University:上海交通大学", "上海交通大学", "University", []),
    ("GovernmentAgency:浦东新区科技和经济委员会", "上海市浦东新区科技和经济委员会", "GovernmentAgency", []),
    ("GovernmentAgency:浦东新区人民政府", "浦东新区人民政府", "GovernmentAgency", []),
    ("GovernmentAgency:上海市卫生健康委员会", "上海市卫生健康委员会", "GovernmentAgency", []),
    ("Hospital:浦东新区人民医院", "浦东新区人民医院", "Hospital", ["人民医院"]),
    ("Hospital:宝山区人民医院", "宝山区人民医院", "Hospital", ["人民医院"]),
    ("Company:和元生物", "和元生物", "Company", ["和元生物技术（上海）股份有限公司"]),
    ("Company:ABC生物", "ABC生物", "Company", []),
    ("Company:嘉和生物药业", "嘉和生物药业", "Company", []),
]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.build({"id": i, "name": n, "type": t, "aliases": a} for i, n, t, a in NAMES)


def resolved(index: NameIndex, text: str, types: list[str] | None = None) -> tuple[tuple[str, ...], str | None]:
    resolution = index.resolve(text, types)
    return resolution.ids, resolution.how


def test_fold_is_width_script_quote_case_and_space_blind() -> None:
    assert fold("ＡＢＣ “生物”") == "abc生物"
    assert fold("復旦大學附屬兒科醫院") == "复旦大学附属儿科医院"
    assert fold("「和元生物」") == fold("《和元生物》") == "和元生物"
    # An English question keeps the space between its words; Chinese loses it.
    assert fold_question("Fudan  University 与 浦东医院") == "fudan university与浦东医院"


@pytest.mark.parametrize(("query", "expected", "how"), [
    # the city, the district and 区 a reader drops or shortens
    ("浦东新区科技和经济委员会", "GovernmentAgency:浦东新区科技和经济委员会", "variant"),
    ("科技和经济委员会", "GovernmentAgency:浦东新区科技和经济委员会", "variant"),
    ("卫生健康委员会", "GovernmentAgency:上海市卫生健康委员会", "variant"),
    ("市卫生健康委员会", "GovernmentAgency:上海市卫生健康委员会", "variant"),
    ("浦东政府", "GovernmentAgency:浦东新区人民政府", "variant"),
    # 人民政府 ↔ 政府, 委员会 ↔ 委, on names and queries alike
    ("浦东新区政府", "GovernmentAgency:浦东新区人民政府", "variant"),
    ("浦东新区科技和经济委", "GovernmentAgency:浦东新区科技和经济委员会", "variant"),
    ("浦东新区科技和经济委員會", "GovernmentAgency:浦东新区科技和经济委员会", "variant"),
    # standard abbreviations, when one entity fits
    ("复旦", "University:复旦大学", "abbreviation"),
    ("中科院", "ResearchInstitute:中国科学院", "abbreviation"),
    ("药物所", "ResearchInstitute:药物所", "abbreviation"),
    ("中科院上海药物所", "ResearchInstitute:药物所", "abbreviation"),
    ("交大", "University:上海交通大学", "abbreviation"),
    ("上海交大", "University:上海交通大学", "abbreviation"),
    ("浦东科经委", "GovernmentAgency:浦东新区科技和经济委员会", "abbreviation"),
    ("区科经委", "GovernmentAgency:浦东新区科技和经济委员会", "abbreviation"),
    ("市卫健委", "GovernmentAgency:上海市卫生健康委员会", "abbreviation"),
    ("卫健委", "GovernmentAgency:上海市卫生健康委员会", "abbreviation"),
    # quotation marks, traditional characters, full and half width, case
    ("“和元生物”", "Company:和元生物", "exact"),
    ("「和元生物」", "Company:和元生物", "exact"),
    ("復旦大學", "University:复旦大学", "exact"),
    ("ＡＢＣ生物", "Company:ABC生物", "exact"),
    ("abc 生物", "Company:ABC生物", "exact"),
    # an id, an alias, the piece of a long firm name a reader keeps
    ("Hospital:浦东新区人民医院", "Hospital:浦东新区人民医院", "id"),
    ("儿科医院", "Hospital:复旦大学附属儿科医院", "exact"),
    ("嘉和生物", "Company:嘉和生物药业", "partial"),
])
def test_a_reader_s_form_resolves_to_the_one_entity(index, query, expected, how) -> None:
    assert resolved(index, query) == ((expected,), how)


def test_a_name_beats_a_derived_form_of_another() -> None:
    """中国科学院 is itself, though 中国科学院上海药物研究所 loses its prefix to a form 上海药物研究所."""
    index = NameIndex.build([
        {"id": "ResearchInstitute:中国科学院", "name": "中国科学院", "type": "ResearchInstitute", "aliases": []},
        {"id": "ResearchInstitute:上海药物研究所", "name": "上海药物研究所", "type": "ResearchInstitute", "aliases": []},
        {"id": "ResearchInstitute:药物所", "name": "中国科学院上海药物研究所", "type": "ResearchInstitute", "aliases": []},
    ])
    assert resolved(index, "上海药物研究所") == (("ResearchInstitute:上海药物研究所",), "exact")
    assert resolved(index, "中国科学院") == (("ResearchInstitute:中国科学院",), "exact")


def test_a_district_the_reader_wrote_must_match(index) -> None:
    """Prefixes are dropped from names, never from queries: 宝山区政府 is no form of 浦东新区人民政府."""
    assert resolved(index, "宝山区政府") == ((), None)
    assert "政府" not in derived_forms(fold("浦东新区人民政府"))  # too short to name one body


def test_types_narrow_the_candidates(index) -> None:
    assert resolved(index, "复旦", ["Hospital"]) == ((), None)
    assert resolved(index, "人民医院", ["GovernmentAgency"]) == ((), None)


def test_ambiguity_is_an_error_listing_the_candidates(index) -> None:
    for query in ("人民医院", "区人民医院"):
        resolution = index.resolve(query)
        assert resolution.ids == ("Hospital:宝山区人民医院", "Hospital:浦东新区人民医院") and resolution.unique is None
        with pytest.raises(AmbiguousName) as raised:
            require_one(index, resolution)
        assert raised.value.code == "ambiguous_name" and "ids" in str(raised.value)
        assert [c["id"] for c in raised.value.detail["candidates"]] == list(resolution.ids)


def test_a_typo_is_a_near_match(index) -> None:
    assert resolved(index, "复旦大雪") == (("University:复旦大学",), "near")
    assert resolved(index, "和元生吴") == (("Company:和元生物",), "near")
    match = require_one(index, index.resolve("复旦大雪"))
    assert (match.id, match.how, match.matched) == ("University:复旦大学", "near", "复旦大学")


def test_no_near_match_for_a_unit_nobody_recorded(index) -> None:
    """复旦大学医学院 holds the whole name 复旦大学: an unknown unit, not a typo; the 404 suggests close names."""
    assert resolved(index, "复旦大学医学院") == ((), None)
    with pytest.raises(EntityNotFound) as raised:
        require_one(index, index.resolve("复旦大学医学院"))
    suggested = [s["id"] for s in raised.value.detail["suggestions"]]
    assert suggested[0] == "University:复旦大学" and "Hospital:复旦大学附属儿科医院" in suggested
    assert "GET /entities?q=" in str(raised.value)


def test_suggestions_are_typed_and_capped(index) -> None:
    assert [e.id for e in index.suggestions("复旦大学附属儿童医院", ["Hospital"])] == ["Hospital:复旦大学附属儿科医院"]
    assert len(index.suggestions("医院", n=2)) <= 2
    # an id's name part is what looks like a name
    assert index.suggestions("Hospital:复旦大学附属儿科医阮")[0].id == "Hospital:复旦大学附属儿科医院"


def test_names_in_a_question_longest_first(index) -> None:
    mentions = index.find_mentions(fold_question("复旦大学附属儿科医院与和元生物合作吗"))
    assert [(m.surface, m.resolution.ids) for m in mentions] == [
        ("复旦大学附属儿科医院", ("Hospital:复旦大学附属儿科医院",)), ("和元生物", ("Company:和元生物",))]
