"""The recogniser on hand-written sentences: names it has never seen, generic mentions, boundaries."""
import pytest
from spacy.lang.zh import Chinese

from ecokg.errors import PipelineError


def orgs(nlp, text: str) -> dict[str, str]:
    """Outermost recognised names of ``text`` with their types."""
    return {e.text: e.label_ for e in nlp(text).ents}


@pytest.mark.parametrize("text, expected", [
    ("比如东方医院共启动了12个医企合作项目。", {"东方医院": "Hospital"}),
    ("周浦医院与中国科学院上海药物研究所签订战略合作协议。",
     {"周浦医院": "Hospital", "中国科学院上海药物研究所": "ResearchInstitute"}),
    ("推动承葛医药与仁济医院宝山分院合作建设。", {"承葛医药": "Company", "仁济医院宝山分院": "Hospital"}),
    ("上海市浦东新区科技和经济委员会印发通知。", {"上海市浦东新区科技和经济委员会": "GovernmentAgency"}),
    ("支持中国科学院生物与化学交叉研究中心强化源头创新。", {"中国科学院生物与化学交叉研究中心": "ResearchInstitute"}),
    ("七院聚焦创新中药转化。", {"七院": "Hospital"}),
])
def test_finds_names_never_seen(nlp_no_gazetteer, text, expected):
    found = orgs(nlp_no_gazetteer, text)
    for name, etype in expected.items():
        assert found.get(name) == etype, found


@pytest.mark.parametrize("text", [
    "各家医院围绕医产融合的核心目标开展合作。",
    "区属医疗机构承接临床试验项目。",
    "生物医药企业融资难问题。",
    "一是布局多领域创新平台。",
    "推动合成生物和数字医疗发展。",
    "引导全球研发中心集聚。",
])
def test_generic_mentions_are_not_names(nlp_no_gazetteer, text):
    assert orgs(nlp_no_gazetteer, text) == {}


def test_type_tie_breaks(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "复旦大学附属儿科医院、上海临床研究中心和张江融资服务中心。")
    assert found["复旦大学附属儿科医院"] == "Hospital"
    assert found["上海临床研究中心"] == "ResearchInstitute"
    assert found["张江融资服务中心"] == "Platform"


def test_quoted_names_keep_inner_conjunctions(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "联合组建“浦东临床研究与应用联盟”。")
    assert found == {"浦东临床研究与应用联盟": "Platform"}


def test_list_items_beside_a_known_firm_are_firms(nlp):
    found = orgs(nlp, "人民医院与西门子、透景、海每康等在数字医疗领域开展合作。")
    assert found.get("海每康") == "Company"
    assert found.get("西门子") == "Company"


def test_gazetteer_gives_canonical_name(nlp):
    doc = nlp("与交大医学院开展合作。")
    spans = [s for s in doc.spans["ecokg_orgs"] if s.text == "交大医学院"]
    assert spans and spans[0].kb_id_ == "上海交通大学医学院"


def test_sentences_split_on_chinese_punctuation(nlp):
    doc = nlp("东方医院启动项目；七院开展合作。公利医院深化合作\n二、加大金融支持")
    assert [s.text.strip() for s in doc.sents] == ["东方医院启动项目；", "七院开展合作。", "公利医院深化合作", "二、加大金融支持"]


def test_uninitialised_component_says_how_to_fix():
    import extractors.components  # noqa: F401 - registers the factories

    nlp = Chinese()
    nlp.add_pipe("ecokg_org_recognizer")
    with pytest.raises(PipelineError, match="not initialised"):
        nlp("东方医院")


def test_evidence_maps_back_to_the_file_text(nlp, tmp_path):
    from extractors.extract import extract_file

    path = tmp_path / "reply.txt"
    original = ("现将办理情况答复如下。\n比如东方医院\n\n共启动了项目；周浦医院\n"
                "与中国科学院上海药物研究所签订战略合作协议，开展人才培养。\n")
    path.write_text(original, encoding="utf-8")
    doc = extract_file(nlp, path).document
    coop = [r for r in doc.relations if r.type == "COOPERATES_WITH"]
    assert coop, doc.relations
    ev = coop[0].evidence
    assert doc.text[ev.start:ev.end] == ev.text
    shown = original[ev.source_start:ev.source_end]
    assert shown.replace("\n", "") == ev.text


def test_short_known_name_does_not_swallow_another_firm(nlp):
    doc = nlp("徐汇区中心医院与联影智能签订合作协议。")
    assert not [s for s in doc.spans["ecokg_orgs"] if s.text == "联影"]


def test_token_texts_are_read_once_and_give_the_docs_text_and_offsets():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from extractors.components import doc_text, ecokg_resegment, token_starts, token_texts

    doc = Doc(Vocab(), words=["GCP", "临床", "试验", "与", "东方医院", "\n", "合作"],
              spaces=[True, False, True, False, False, False, False])
    texts = token_texts(doc)
    assert texts == [t.text for t in doc] and token_texts(doc) is texts  # kept on the Doc
    assert doc_text(doc) == doc.text == "GCP 临床试验 与东方医院\n合作"
    assert token_starts(doc) == [t.idx for t in doc]
    glued = Doc(Vocab(), words=["会同区", "市场局", "印发"], spaces=[False, False, False])
    resegmented = ecokg_resegment(glued)
    assert resegmented is not glued and resegmented[0].text == "会同"
    assert token_texts(resegmented) == [t.text for t in resegmented]


def test_an_investors_role_word_is_no_part_of_its_name(nlp_no_gazetteer):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from extractors.components import ecokg_resegment

    glued = Doc(Vocab(), words=["以及", "老股", "东德远", "资本", "跟投"], spaces=[False] * 5)
    assert [t.text for t in ecokg_resegment(glued)] == ["以及", "老股东", "德远", "资本", "跟投"]
    found = orgs(nlp_no_gazetteer, "本轮融资由礼泰资本领投，现有股东磐谷创投追加投资。")
    assert found == {"礼泰资本": "Company", "磐谷创投": "Company"}


@pytest.mark.parametrize("text, name", [
    ("近日，英矽智能机器人宣布完成2亿元B轮融资。", "英矽智能机器人"),  # no suffix: a proper name and nouns
    ("5月8日，启衡星医疗机器人完成数亿元C轮融资。", "启衡星医疗机器人"),  # a firm's name and a noun after it
])
def test_the_firm_raising_a_round_is_named_in_whole(nlp_no_gazetteer, text, name):
    assert orgs(nlp_no_gazetteer, text) == {name: "Company"}


@pytest.mark.parametrize("text", ["区内企业完成融资。", "张伟完成了融资。", "今年以来，生物医药领域完成融资超过百起。"])
def test_who_completes_a_round_is_no_firm_unless_named(nlp_no_gazetteer, text):
    assert orgs(nlp_no_gazetteer, text) == {}


@pytest.mark.parametrize("text, expected", [
    ("发起设立长江生物医药产业美元基金。", {"长江生物医药产业美元基金": "Fund"}),
    ("浙江国际人类基因组研究院揭牌。", {"浙江国际人类基因组研究院": "ResearchInstitute"}),
    ("上海瑞影医学影像诊断中心开业。", {"上海瑞影医学影像诊断中心": "Hospital"}),
    ("中科院遗传与发育生物学研究所与周浦医院合作。",
     {"中科院遗传与发育生物学研究所": "ResearchInstitute", "周浦医院": "Hospital"}),
    ("依托肿瘤生物学国家重点实验室开展研究。", {"肿瘤生物学国家重点实验室": "ResearchInstitute"}),
    ("杭州市生物医药产业促进中心和上海市投资促进中心发布。",
     {"杭州市生物医药产业促进中心": "Platform", "上海市投资促进中心": "Platform"}),
])
def test_name_parts_that_look_like_boundaries(nlp_no_gazetteer, text, expected):
    assert orgs(nlp_no_gazetteer, text) == expected


def test_national_bodies_alone_and_as_parents(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "经国务院同意，国务院办公厅印发通知。国务院中医药工作座谈会召开。")
    assert found == {"国务院": "GovernmentAgency", "国务院办公厅": "GovernmentAgency"}


def test_a_sub_centre_named_after_its_centre_is_one_name_of_its_type(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "长三角智能诊疗创新中心之杭州市第一人民医院分中心揭牌。")
    assert found == {"长三角智能诊疗创新中心之杭州市第一人民医院分中心": "Platform"}


@pytest.mark.parametrize("text", ["重点支持实验室建设。", "建设全国重点实验室。", "搭建投资促进平台。"])
def test_compound_heads_alone_are_no_names(nlp_no_gazetteer, text):
    assert orgs(nlp_no_gazetteer, text) == {}


def test_gazetteer_matches_a_known_name_with_the_city_written_out(nlp):
    doc = nlp("上海市申康医院发展中心印发通知。")
    spans = [s for s in doc.spans["ecokg_orgs"] if s.text == "上海市申康医院发展中心"]
    assert spans and spans[0].kb_id_ == "上海申康医院发展中心" and spans[0].label_ == "GovernmentAgency"
