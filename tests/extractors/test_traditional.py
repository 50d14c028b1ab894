"""Traditional-script text is recognised in simplified characters and written back in its own:
the real pipeline on hand-written sentences."""
from pathlib import Path

import opencc
import pytest

from ecokg.resolve import resolve
from extractors.extract import extract_text, simplified_reading

SIMPLIFIED = ("复旦大学附属中山医院与上海交通大学签署合作协议。\n"
              "星河生物科技有限公司完成2亿元B轮融资，本轮融资由德联资本领投，北辰资本跟投。\n"
              "上海市浦东新区科技和经济委员会与上海市卫生健康委员会联合发布通知。")
TRADITIONAL = ("復旦大學附屬中山醫院與上海交通大學簽署合作協議。\n"
               "星河生物科技有限公司完成2億元B輪融資，本輪融資由德聯資本領投，北辰資本跟投。\n"
               "上海市浦東新區科技和經濟委員會與上海市衛生健康委員會聯合發佈通知。")


def _extract(nlp, text):
    return extract_text(nlp, text, doc="t.txt", doc_id="t").document


def _graph(document):
    names = {e.id: e.name for e in document.entities}
    return ({(e.name, e.type) for e in document.entities},
            {(names[r.source], r.type, names[r.target]) for r in document.relations})


def _assert_points_into(document, text):
    assert document.text == text
    for entity in document.entities:
        assert entity.mentions
        for m in entity.mentions:
            assert text[m.start:m.end] == m.text
    for relation in document.relations:
        ev = relation.evidence
        assert text[ev.start:ev.end] == ev.text


def test_the_reading_is_one_character_for_one():
    assert simplified_reading(TRADITIONAL) == SIMPLIFIED
    # offsets into the reading are offsets into the text only while every conversion keeps the length
    for table in ("TSPhrases.txt", "TSCharacters.txt"):
        lines = (Path(opencc.__file__).parent / "dictionary" / table).read_text(encoding="utf-8").splitlines()
        changed = [line for line in lines if len(line.split("\t")[0]) != len(line.split("\t")[1].split()[0])]
        assert changed == [], table


@pytest.mark.parametrize("pipeline", ["nlp", "nlp_no_gazetteer"])
def test_traditional_text_yields_what_its_simplified_twin_does(pipeline, request):
    nlp = request.getfixturevalue(pipeline)
    traditional, simplified = _extract(nlp, TRADITIONAL), _extract(nlp, SIMPLIFIED)
    entities, relations = _graph(traditional)
    assert (entities, relations) == _graph(simplified)
    assert {("复旦大学", "University"), ("上海交通大学", "University"), ("德联资本", "Company"),
            ("上海市浦东新区科技和经济委员会", "GovernmentAgency")} <= entities
    assert {("上海交通大学", "COOPERATES_WITH"), ("复旦大学", "AFFILIATED_WITH"),
            ("星河生物科技有限公司", "FUNDS")} <= {(t, r) for _, r, t in relations}
    _assert_points_into(traditional, TRADITIONAL)
    fudan = next(e for e in traditional.entities if e.name == "复旦大学")
    assert [m.text for m in fudan.mentions] == ["復旦大學"] and "復旦大學" in fudan.aliases
    assert {r.evidence.text for r in traditional.relations if r.type == "COOPERATES_WITH"} == \
        {"復旦大學附屬中山醫院與上海交通大學簽署合作協議。"}


def test_mixed_text_reads_its_traditional_lines_in_simplified(nlp):
    simplified_line = "上海交通大学医学院与北辰资本签署协议，举办“春昇杯”医学创新人才大赛。\n"
    mixed = simplified_line + "復旦大學附屬中山醫院與德聯資本簽署合作協議。\n上海交通大学与復旦大學附屬中山醫院签署协议。"
    twin = simplified_line + "复旦大学附属中山医院与德联资本签署合作协议。\n上海交通大学与复旦大学附属中山医院签署协议。"
    # a simplified line keeps even the traditional character of a brand (昇)
    assert simplified_reading(mixed) == twin
    document = _extract(nlp, mixed)
    assert _graph(document) == _graph(_extract(nlp, twin))
    _assert_points_into(document, mixed)
    sjtu = next(e for e in document.entities if e.name == "上海交通大学")
    assert {m.text for m in sjtu.mentions} == {"上海交通大学"}
    hospital = next(e for e in document.entities if e.type == "Hospital")
    assert {m.text for m in hospital.mentions} == {"復旦大學附屬中山醫院"}


def test_a_simplified_text_is_read_as_it_is(nlp):
    text = "上海交通大学医学院与北辰资本签署协议，举办“春昇杯”医学创新人才大赛，推动颠覆性技术研究。"
    assert simplified_reading(text) is text  # the pipeline reads the very text: results stay as they were
    document = _extract(nlp, text)
    _assert_points_into(document, text)
    assert {(e.name, tuple(e.aliases)) for e in document.entities} >= {("上海交通大学医学院", ()), ("北辰资本", ())}


def test_resolution_links_a_traditional_documents_names_to_the_simplified_ones(nlp):
    traditional = extract_text(nlp, TRADITIONAL, doc="trad.txt", doc_id="trad").document
    simplified = extract_text(nlp, SIMPLIFIED, doc="simp.txt", doc_id="simp").document
    resolution = resolve([traditional, simplified])

    def key(document, name):
        entity = next(e for e in document.entities if e.name == name)
        return resolution[document.graph_id].keys[entity.id]

    for name in ("复旦大学", "上海交通大学", "德联资本"):
        assert key(traditional, name) == key(simplified, name)
