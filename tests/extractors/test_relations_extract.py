"""How extraction assembles sentences and mentions for the relation rules, on hand-written documents."""
from extractors.extract import _offsets_in, extract_text


def _relations(nlp, text):
    doc = extract_text(nlp, text, doc="t.txt", doc_id="t").document
    names = {e.id: e.name for e in doc.entities}
    return {(names[r.source], r.type, names[r.target]) for r in doc.relations}, doc


def test_offsets_survive_a_component_that_drops_white_space():
    source = "发布时间：2025-08-16 10:57 东方医院与君实生物合作"
    changed = source.replace(" 10", "10")
    at = _offsets_in(source, changed)
    start = changed.index("东方医院")
    assert source[at[start]:at[start + 4]] == "东方医院"
    assert at[len(changed)] == len(source)


def test_a_task_list_with_lead_and_supporting_units(nlp):
    text = ("一、关于加快产业集聚的建议\n"
            "为加快建设生物医药产业园，我区将组建工作专班，由区发展改革委牵头，区商务委、区卫生健康委等单位配合，推进方案落地。\n")
    rels, doc = _relations(nlp, text)
    task = next(e for e in doc.entities if e.type == "Task")
    assert task.name == "加快建设生物医药产业园"
    assert {u for u, t, _ in rels if t == "RESPONSIBLE_FOR"} >= {"区发展改革委", "区商务委"}


def test_a_subject_carries_over_a_semicolon(nlp):
    text = "仪式上，上海星河产业基金与复旦大学签署战略合作协议；与君实生物、上海医药签署合作协议，三方将联动资源。"
    rels, _ = _relations(nlp, text)
    pairs = {frozenset((a, b)) for a, t, b in rels if t == "COOPERATES_WITH"}
    fund = next(iter({a for a, t, b in rels if t == "COOPERATES_WITH" and "基金" in a} |
                     {b for a, t, b in rels if t == "COOPERATES_WITH" and "基金" in b}))
    assert frozenset((fund, "君实生物")) in pairs and frozenset((fund, "上海医药")) in pairs
    assert frozenset(("君实生物", "上海医药")) in pairs


def test_every_place_a_recognised_name_is_written_is_a_mention():
    from extractors.entities import Org
    from extractors.extract import _every_mention
    text = "控股子公司复毓晟健拟设立基金。其中：复毓晟健出资认缴基金份额。CPE与CPEX不同。"
    orgs = [Org(name="复毓晟健", type="Company", forms={"复毓晟健"}, mentions=[(5, 9, "复毓晟健")]),
            Org(name="CPE", type="Company", forms={"CPE"}, mentions=[])]
    found = _every_mention(text, orgs, {"复毓晟健": "e1", "CPE": "e2"})
    assert [(text[s:e], eid) for s, e, eid, _ in found] == [("复毓晟健", "e1"), ("复毓晟健", "e1"), ("CPE", "e2")]


def test_evidence_is_the_stating_sentence_at_its_offsets(nlp):
    text = ("上海星河医疗科技有限公司宣布完成3亿元B轮融资。本轮融资由高瓴资本领投，礼来亚洲基金跟投。\n"
            "上海星河产业基金的被投企业包括君实生物、和黄医药等。\n"
            "复星医药的控股子公司复星凯特与瑞金医院签署战略合作协议。\n")
    rels, doc = _relations(nlp, text)
    assert ("高瓴资本", "FUNDS", "上海星河医疗科技有限公司") in rels
    assert ("复星凯特", "PART_OF", "复星医药") in rels
    for r in doc.relations:
        assert doc.text[r.evidence.start:r.evidence.end] == r.evidence.text
        assert "\n" not in r.evidence.text


def _entities(nlp, text):
    return {e.name: e for e in extract_text(nlp, text, doc="t.txt", doc_id="t").document.entities}


def test_investees_named_after_invested_in(nlp):
    rels, _ = _relations(nlp, "星河创投已投资了恒瑞达医药、傅星智能两家企业。")
    assert {("星河创投", "FUNDS", "恒瑞达医药"), ("星河创投", "FUNDS", "傅星智能")} <= rels


def test_a_firm_named_after_its_group_s_qixia(nlp):
    assert ("海川润禾生物科技有限公司", "PART_OF", "海川集团") in _relations(
        nlp, "海川集团旗下子公司海川润禾生物科技有限公司获得融资。")[0]
    assert ("润禾医疗", "PART_OF", "海川集团") in _relations(nlp, "海川集团旗下润禾医疗完成融资。")[0]


def test_group_short_form_is_an_alias(nlp):
    ents = _entities(nlp, "上海临港经济发展（集团）有限公司与东方医院合作。临港集团将支持企业。")
    assert "临港集团" in ents["上海临港经济发展（集团）有限公司"].aliases and "临港集团" not in ents


def test_an_investment_promotion_office_stays_whole(nlp):
    ents = _entities(nlp, "上海市浦东新区投资促进办公室（以下简称区投资促进办公室）将与君实生物合作。")
    office = ents["上海市浦东新区投资促进办公室"]
    assert office.type == "GovernmentAgency" and "区投资促进办公室" in office.aliases
    assert not any(name.endswith("区投资") or name.startswith("简称") for name in ents)
    assert _entities(nlp, "区投资促进办公室主任表示支持。")["区投资促进办公室"].type == "GovernmentAgency"
