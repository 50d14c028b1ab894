"""Relation rules for financing news, fund launches, signings and task lists, on hand-written sentences."""
from extractors.relations import (
    M, both_parties, financing_round, prefixed_units, round_investors, sentence_relations, simplified, sub_funds,
    subject, tasks,
)


def _ms(text, names_types):
    ms, pos = [], 0
    for name, etype in names_types:
        start = text.index(name, pos)
        ms.append(M(start, start + len(name), name, etype))
        pos = start + len(name)
    return ms


def _rel(text, names_types, **kw):
    return {(c.source, c.type, c.target) for c in sentence_relations(text, 0, _ms(text, names_types), **kw)}


# financing rounds

def test_the_raiser_is_the_firm_right_before_the_round():
    text = "3月2日，星河生物（以下简称“星河”）于近日宣布完成2亿元B轮融资"
    ms = _ms(text, [("星河生物", "Company"), ("星河", "Company")])
    assert financing_round(text, 0, ms).entity == "星河"
    assert financing_round("本月融资项目是：医疗服务商“云帆医疗”。", 0,
                           _ms("本月融资项目是：医疗服务商“云帆医疗”。", [("云帆医疗", "Company")])).entity == "云帆医疗"
    assert financing_round("星河生物的A轮融资由北辰资本领投", 0,
                           _ms("星河生物的A轮融资由北辰资本领投", [("星河生物", "Company"), ("北辰资本", "Company")])
                           ).entity == "星河生物"


def test_firms_listed_as_having_raised_before_are_no_raiser():
    text = "继甲生物、乙医疗分别完成融资后，又一家公司获得融资"
    assert financing_round(text, 0, _ms(text, [("甲生物", "Company"), ("乙医疗", "Company")])) is None
    text = "晨星对获得新一轮融资的企业进行了梳理"
    assert financing_round(text, 0, _ms(text, [("晨星", "Company")])) is None


def test_every_investor_of_the_round_funds_the_raiser():
    raiser = M(0, 4, "星河生物", "Company")
    text = "本轮融资由北辰资本领投，南山创投、东方基金以及老股东西岭资本跟投，现有股东远山投资继续追加投资"
    ms = _ms(text, [("北辰资本", "Company"), ("南山创投", "Company"), ("东方基金", "Fund"), ("西岭资本", "Company"),
                    ("远山投资", "Company")])
    shifted = [M(m.start + 1000, m.end + 1000, m.entity, m.type) for m in ms]  # the sentence starts at 1000
    found = {(c.source, c.target) for c in round_investors(text, 1000, shifted, raiser)}
    assert found == {(x, "星河生物") for x in ("北辰资本", "南山创投", "东方基金", "西岭资本", "远山投资")}


def test_investor_clauses_name_investors_but_sources_and_agencies_do_not_invest():
    raiser = M(100, 104, "星河生物", "Company")
    text = "据鲸数APP数据显示，此次融资引入包括北辰资本在内的战略投资者，区科委表示支持"
    ms = _ms(text, [("鲸数", "Company"), ("北辰资本", "Company"), ("区科委", "GovernmentAgency")])
    assert [c.source for c in round_investors(text, 0, ms, raiser)] == ["北辰资本"]


def test_traditional_characters_read_as_simplified_at_the_same_offsets():
    text = "本輪融資由北辰資本領投"
    assert simplified(text) == "本轮融资由北辰资本领投"
    assert len(simplified("臺灣")) == 2


def test_simplified_reading_is_opencc_t2s_though_only_pieces_it_can_change_are_converted():
    from opencc import OpenCC

    t2s = OpenCC("t2s")
    texts = [
        "复旦大学与上海医药签署战略合作协议，共建联合实验室。",  # simplified: nothing to change
        "本輪融資由北辰資本領投，復星醫藥跟投。",  # one-character keys
        "一目瞭然的乾隆年間，著名的於是乎",  # phrase keys, starting with characters simplified text writes too
        "A-B：乾坤；\n  后来\t於 ",  # separators of every kind around them
    ]
    for text in texts:
        assert simplified(text) == t2s.convert(text)


# stakes and subsidiaries

def test_equity_stakes_and_subsidiaries():
    text = "财经网讯，青禾药业发布公告，称孙公司青禾创新参股公司星河生物已完成融资"
    rels = _rel(text, [("财经网", "Company"), ("青禾药业", "Company"), ("青禾创新", "Company"), ("星河生物", "Company")])
    assert rels == {("青禾创新", "PART_OF", "青禾药业"), ("青禾创新", "FUNDS", "星河生物")}
    assert _rel("星河机器人仍为星河医疗控股子公司", [("星河机器人", "Company"), ("星河医疗", "Company")]) == {
        ("星河机器人", "PART_OF", "星河医疗")}
    assert _rel("并购了北岸集团旗下晨光公司的远景医疗", [("北岸集团", "Company"), ("晨光公司", "Company"),
                                                 ("远景医疗", "Company")]) >= {
        ("晨光公司", "PART_OF", "北岸集团"), ("远景医疗", "PART_OF", "晨光公司")}
    assert _rel("南山资本已成为星河生物第二大股东", [("南山资本", "Company"), ("星河生物", "Company")]) == {
        ("南山资本", "FUNDS", "星河生物")}


def test_a_filing_speaks_for_its_own_firm():
    own = M(0, 6, "东岳医药集团", "Company")
    text = "1、控股子公司甲健、乙瀛拟与其他投资人共同设立星辰基金。"
    rels = _rel(text, [("甲健", "Company"), ("乙瀛", "Company"), ("星辰基金", "Fund")], own=own)
    assert {("甲健", "PART_OF", "东岳医药集团"), ("乙瀛", "PART_OF", "东岳医药集团"),
            ("甲健", "COOPERATES_WITH", "乙瀛")} <= rels
    text = "拟聘任本公司控股子公司东岳基金管理公司担任管理人"
    assert _rel(text, [("东岳基金管理公司", "Company")], own=own) == {("东岳基金管理公司", "PART_OF", "东岳医药集团")}


def test_names_opening_with_a_parent_as_the_document_writes_it():
    forms = {"星河医药": {"星河医药"}, "星河医药中央研究院": {"星河医药中央研究院"},
             "东岳集团有限公司": {"东岳集团有限公司", "东岳集团"}, "东岳集团上海制药有限公司": {"东岳集团上海制药有限公司"},
             "北辰医药": {"北辰医药"}, "北辰医药商业集团": {"北辰医药商业集团"}, "海川": {"海川"}, "海川大中华区": {"海川大中华区"}}
    types = {"星河医药": "Company", "星河医药中央研究院": "ResearchInstitute", "东岳集团有限公司": "Company",
             "东岳集团上海制药有限公司": "Company", "北辰医药": "Company", "北辰医药商业集团": "Company",
             "海川": "Company", "海川大中华区": "Company"}
    kinds = {"中央研究院": "ResearchInstitute", "上海制药有限公司": "Company", "商业集团": "Company"}
    assert set(prefixed_units(forms, types, kinds.get)) == {
        ("星河医药中央研究院", "星河医药"), ("东岳集团上海制药有限公司", "东岳集团有限公司"), ("海川大中华区", "海川")}


# funds

def test_fund_backers_and_subscriptions():
    text = "星河产业基金总规模100亿元，主要出资者包括东岳集团、北辰医药、长宁区、南山资本等"
    rels = _rel(text, [("星河产业基金", "Fund"), ("东岳集团", "Company"), ("北辰医药", "Company"), ("南山资本", "Company")])
    assert rels == {(x, "FUNDS", "星河产业基金") for x in ("东岳集团", "北辰医药", "南山资本")}
    text = "星辰基金计划募集7亿元，其中：甲健（作为GP）、乙瀛（作为LP）拟分别出资100万元、2亿元认缴星辰基金的份额"
    rels = _rel(text, [("星辰基金", "Fund"), ("甲健", "Company"), ("乙瀛", "Company"), ("星辰基金", "Fund")])
    assert rels == {("甲健", "FUNDS", "星辰基金"), ("乙瀛", "FUNDS", "星辰基金")}


def test_a_funds_portfolio():
    text = "星河产业基金的被投企业包括甲生物、乙医疗"
    assert _rel(text, [("星河产业基金", "Fund"), ("甲生物", "Company"), ("乙医疗", "Company")]) == {
        ("星河产业基金", "FUNDS", "甲生物"), ("星河产业基金", "FUNDS", "乙医疗")}


def test_a_mother_fund_backs_the_sub_funds_named_after_it():
    text = ("东岳母基金首期规模50亿元，设立若干子基金。其中，甲集团与乙证券合作，设立东岳生命健康专项子基金；"
            "丙集团与丁资本、戊基金合作，设立东岳航空基金。北岸资本发起的北岸医疗基金则依托北岸集团。批子基金已落地。")
    names = {x: x for x in ("东岳母基金", "东岳生命健康专项子基金", "戊基金", "东岳航空基金", "北岸医疗基金", "批子基金")}
    ms = [M(text.index(x), text.index(x) + len(x), x, "Fund") for x in names]
    assert {s.entity for _, s in sub_funds(text, ms, names)} == {"东岳生命健康专项子基金", "东岳航空基金", "北岸医疗基金"}


# cooperation

def test_a_fund_and_its_sponsor():
    assert _rel("北岸医疗基金背靠北岸集团，聚焦创新药", [("北岸医疗基金", "Fund"), ("北岸集团", "Company")]) == {
        ("北岸医疗基金", "COOPERATES_WITH", "北岸集团")}
    assert _rel("星辰基金联合全球药企海川，推动技术转移", [("星辰基金", "Fund"), ("海川", "Company")]) == {
        ("星辰基金", "COOPERATES_WITH", "海川")}
    assert _rel("东院区将携手妇幼中心医院开展服务", [("东院区", "Hospital"), ("妇幼中心医院", "Hospital")]) == {
        ("东院区", "COOPERATES_WITH", "妇幼中心医院")}


def test_a_clause_with_an_omitted_subject_cooperates_with_the_sentence_subject():
    text = "近年来，甲集团、乙医药作为龙头企业，与星河大学携手前行"
    assert _rel(text, [("甲集团", "Company"), ("乙医药", "Company"), ("星河大学", "University")]) == {
        ("甲集团", "COOPERATES_WITH", "星河大学"), ("乙医药", "COOPERATES_WITH", "星河大学")}
    text = "与丙生物、丁医药签署合作协议，三方将联动资源。"
    fund = [M(-10, -6, "星河基金", "Fund")]
    assert _rel(text, [("丙生物", "Company"), ("丁医药", "Company")], carried=fund) == {
        ("星河基金", "COOPERATES_WITH", "丙生物"), ("星河基金", "COOPERATES_WITH", "丁医药"),
        ("丙生物", "COOPERATES_WITH", "丁医药")}
    first = "仪式上，星河基金与甲大学签署战略合作协议；"
    assert [m.entity for m in subject(first, 0, _ms(first, [("星河基金", "Fund"), ("甲大学", "University")]))] == [
        "星河基金"]


def test_pairs_in_one_sentence_stay_pairs():
    text = "甲药业集团与星河大学，甲药业上海公司与周浦镇人民政府战略合作签约仪式举行"
    rels = _rel(text, [("甲药业集团", "Company"), ("星河大学", "University"), ("甲药业上海公司", "Company"),
                       ("周浦镇人民政府", "GovernmentAgency")])
    assert rels == {("甲药业集团", "COOPERATES_WITH", "星河大学"), ("甲药业上海公司", "COOPERATES_WITH", "周浦镇人民政府")}


def test_no_cooperation_from_a_conjunction_inside_a_clause_or_a_modifier():
    text = "丙集团围绕机场优势和乙飞机产业优势，与丁资本合作"
    assert ("丙集团", "COOPERATES_WITH", "乙飞机") not in _rel(
        text, [("丙集团", "Company"), ("乙飞机", "Company"), ("丁资本", "Company")])
    text = "企业通过区商务委搭建的平台与区中心医院达成合作"
    assert _rel(text, [("区商务委", "GovernmentAgency"), ("区中心医院", "Hospital")]) == set()
    text = "本轮融资由星河生物医药与器械基金、南山资本共同参与"
    assert _rel(text, [("星河生物医药与器械基金", "Fund"), ("南山资本", "Company")]) == set()


def test_paired_names_and_both_parties():
    text = "星河大学医学院-海川医学集团战略合作签约仪式举行"
    assert _rel(text, [("星河大学医学院", "University"), ("海川医学集团", "Company")]) == {
        ("星河大学医学院", "COOPERATES_WITH", "海川医学集团")}
    before = _ms("感谢星河大学和甲药业的贡献", [("星河大学", "University"), ("甲药业", "Company")])
    found = both_parties("他期待双方的合作早结硕果", 100, [], before)
    assert [(c.source, c.target) for c in found] == [("星河大学", "甲药业")]


# task lists

def test_responsible_units_listed_with_fu_ze():
    text = ("1. 完善服务网络。每千人床位数达到0.5张。（甲局、乙委、丙部负责。列第一位者为牵头部门）\n"
            "2. 合理配置资源，设置医院。（甲局、乙委、丙部")
    found = tasks(text, lambda unit: unit.endswith(("局", "委", "部")))
    assert [(t.title, [u for u, _, _ in t.units]) for t in found] == [
        ("完善服务网络", ["甲局", "乙委", "丙部"]), ("合理配置资源", ["甲局", "乙委", "丙部"])]
    assert "2. 合理配置资源，设置医院" in found[1].aliases


def test_a_list_cut_off_by_the_page_counts_only_when_every_item_is_a_unit():
    text = "1. 合理配置资源。（甲局、乙委、一些别的"
    assert tasks(text, lambda unit: unit.endswith(("局", "委"))) == []


def test_lead_and_supporting_units_in_running_text():
    text = ("一、关于政策扶持的建议\n为加快建设中医药产业园，区里拟组建专班，由街区管委会牵头，区发改委、区商务委等单位相关单位配合，"
            "认真推进方案落地。")
    (task,) = tasks(text, lambda unit: unit.endswith(("委", "管委会")))
    assert task.title == "加快建设中医药产业园"
    assert [u for u, _, _ in task.units] == ["街区管委会", "区发改委", "区商务委"]
    assert {"关于政策扶持的建议", "认真推进方案落地"} <= set(task.aliases)


def test_a_task_is_its_first_clause():
    text = "（一）依托高水平医院，构建临床研究体系。（责任单位：市卫生健康委、市科委）"
    (task,) = tasks(text)
    assert task.title == "依托高水平医院"
    assert "（一）依托高水平医院，构建临床研究体系" in task.aliases


def test_lists_run_on_over_items_that_are_no_recognised_name():
    text = "星河基金与东方表型组研究院、复旦大学医学院、长宁区、上海医药等伙伴共同签署战略合作协议，打造平台"
    rels = _rel(text, [("星河基金", "Fund"), ("复旦大学医学院", "University"), ("上海医药", "Company")])
    assert rels == {("星河基金", "COOPERATES_WITH", "复旦大学医学院"), ("星河基金", "COOPERATES_WITH", "上海医药")}
    text = "东院区将携手国妇中心、儿科医院，建设医学高地"
    assert _rel(text, [("东院区", "Hospital"), ("儿科医院", "Hospital")]) == {("东院区", "COOPERATES_WITH", "儿科医院")}


def test_a_carried_subject_needs_a_sentence_that_goes_on_without_one():
    fund = [M(-10, -6, "星河基金", "Fund")]
    text = "科创集团围绕机场优势，与丁资本合作。"  # 科创集团 unrecognised: the sentence still has its own subject
    assert _rel(text, [("丁资本", "Company")], carried=fund) == set()
    text = "围绕集成电路优势，与丁资本合作。"
    assert _rel(text, [("丁资本", "Company")], carried=fund) == {("星河基金", "COOPERATES_WITH", "丁资本")}


def test_no_unit_from_a_name_that_runs_on_into_a_clause():
    forms = {"区科经委": {"区科经委"}, "区科经委会同区卫健委": {"区科经委会同区卫健委"}}
    types = {"区科经委": "GovernmentAgency", "区科经委会同区卫健委": "GovernmentAgency"}
    assert prefixed_units(forms, types, lambda rest: "GovernmentAgency") == []


def test_a_units_sentence_ending_in_fu_ze():
    text = "（一）发挥引导基金作用，设立产业基金。区财政局、区国资委负责。\n（二）加强服务。由企业自行负责。\n"
    found = tasks(text, lambda unit: unit.endswith(("局", "委")))
    assert [(t.title, [u for u, _, _ in t.units]) for t in found] == [("发挥引导基金作用", ["区财政局", "区国资委"])]


def test_backers_of_the_fund_a_sentence_refers_back_to():
    funds = {"星河母基金": M(-40, -35, "星河母基金", "Fund"), "星河航空基金": M(-20, -14, "星河航空基金", "Fund")}

    def last_fund(head):
        return next((m for name, m in reversed(funds.items()) if head in name), None)
    text = "该母基金出资人包括东岳集团、北辰投资等"
    assert _rel(text, [("东岳集团", "Company"), ("北辰投资", "Company")], last_fund=last_fund) == {
        ("东岳集团", "FUNDS", "星河母基金"), ("北辰投资", "FUNDS", "星河母基金")}


def test_labelled_units_with_notes_and_a_lead_without_you():
    text = "1. 建设平台。（责任单位：区科委（牵头）、区财政局）\n2. 推进项目。区发改委牵头，区商务委配合，做好服务。\n"
    found = tasks(text, lambda unit: unit.endswith(("局", "委")))
    assert [(t.title, [u for u, _, _ in t.units]) for t in found] == [
        ("建设平台", ["区科委", "区财政局"]), ("推进项目", ["区发改委", "区商务委"])]


def test_partners_listed_together_then_signing():
    text = "东方医院和君实生物签署战略合作协议"
    assert _rel(text, [("东方医院", "Hospital"), ("君实生物", "Company")]) == {
        ("东方医院", "COOPERATES_WITH", "君实生物")}
    text = "市科委、市财政局签署文件"  # a list without 和/与 is no pair of partners
    assert _rel(text, [("市科委", "GovernmentAgency"), ("市财政局", "GovernmentAgency")]) == set()


def test_a_sentence_about_the_round_named_earlier():
    from extractors.relations import ROUND_REFERENCE
    assert ROUND_REFERENCE.search("天眼查资料显示，该公司的C轮融资由北辰资本领投")
    assert ROUND_REFERENCE.search("本轮融资由北辰资本领投")
    assert not ROUND_REFERENCE.search("北辰资本表示看好行业前景")


def test_a_unit_of_an_unrecognised_parent_is_not_the_subjects():
    text = "金桥股份与中车金控、上海科创投下属知识产权基金等合作"
    rels = _rel(text, [("金桥股份", "Company"), ("中车金控", "Company"), ("上海科创", "Company"), ("知识产权基金", "Fund")])
    assert not {r for r in rels if r[1] == "PART_OF"}


def test_taking_part_in_something_else_is_no_investment():
    raiser = M(100, 104, "星河生物", "Company")
    text = "公司参与了国家重大专项，与复星医药开展合作，老股东北辰资本都参与其中"
    ms = _ms(text, [("复星医药", "Company"), ("北辰资本", "Company")])
    assert [c.source for c in round_investors(text, 0, ms, raiser)] == ["北辰资本"]


def test_co_leads_do_not_cooperate_and_earlier_rounds_fund():
    text = "本轮融资由国信创新和东方基金联合领投"
    assert _rel(text, [("国信创新", "Company"), ("东方基金", "Fund")]) == set()
    text = "此前，星河生物曾获得北辰资本的A轮投资"
    assert _rel(text, [("星河生物", "Company"), ("北辰资本", "Company")]) == {("北辰资本", "FUNDS", "星河生物")}
    text = "东方基金已完成对星河生物的战略投资"
    assert _rel(text, [("东方基金", "Fund"), ("星河生物", "Company")]) == {("东方基金", "FUNDS", "星河生物")}


def test_the_portfolio_of_the_fund_a_sentence_refers_back_to():
    fund = M(-20, -14, "星河医药基金", "Fund")
    text = "北辰资本负责人表示，该基金的被投企业包括甲生物、乙医疗等"
    rels = _rel(text, [("北辰资本", "Company"), ("甲生物", "Company"), ("乙医疗", "Company")],
                last_fund=lambda head: fund)
    assert rels == {("星河医药基金", "FUNDS", "甲生物"), ("星河医药基金", "FUNDS", "乙医疗")}


def test_planned_only_where_an_intention_governs_the_verb():
    text = "星辰基金计划募集7亿元，其中：甲健、乙瀛拟分别出资认缴星辰基金的份额"
    found = sentence_relations(text, 0, _ms(text, [("星辰基金", "Fund"), ("甲健", "Company"), ("乙瀛", "Company"),
                                                   ("星辰基金", "Fund")]))
    assert {(c.source, c.planned) for c in found if c.rule == "subscribes"} == {("甲健", True), ("乙瀛", True)}
    text = "近年来，甲集团已与星河大学签约合作，并将与海川医院携手推进研究"
    found = sentence_relations(text, 0, _ms(text, [("甲集团", "Company"), ("星河大学", "University"),
                                                   ("海川医院", "Hospital")]))
    assert {(c.target, c.planned) for c in found} == {("星河大学", False), ("海川医院", True)}


def test_a_regional_office_names_its_firm():
    from extractors.relations import regional_office_of
    assert regional_office_of("海川医疗大中华区") == "海川医疗"
    assert regional_office_of("海川医疗") is None


def test_without_numbered_headings_the_paragraph_or_the_action_is_the_task():
    text = "支持企业开展临床试验，完善服务。（责任单位：区卫健委、区科委）\n由区发改委牵头，区商务委配合，推进园区二期建设。\n"
    found = tasks(text, lambda unit: unit.endswith("委"))
    assert [(t.title, [u for u, _, _ in t.units]) for t in found] == [
        ("支持企业开展临床试验", ["区卫健委", "区科委"]), ("推进园区二期建设", ["区发改委", "区商务委"])]
    assert text[found[1].start:found[1].end] == "推进园区二期建设"


def test_a_list_that_counts_its_parties():
    text = "张江高科、星河大学、中国科学院上海药物研究所三方签署协议，共建研发平台"
    rels = _rel(text, [("张江高科", "Company"), ("星河大学", "University"), ("中国科学院上海药物研究所", "ResearchInstitute")])
    assert len({frozenset((a, b)) for a, t, b in rels if t == "COOPERATES_WITH"}) == 3
    assert _rel("北辰资本参股的星河生物", [("北辰资本", "Company"), ("星河生物", "Company")]) == {
        ("北辰资本", "FUNDS", "星河生物")}


def test_a_task_table():
    text = ("附件：任务分工表\n| 序号 | 主要任务 | 牵头单位 | 配合单位 |\n|---|---|---|---|\n"
            "| 1 | 建设临床研究平台，提升能力。 | 区卫健委 | 区科委、区财政局 |\n| 2 | 优化金融服务 | 区财政局 | 相关部门 |\n"
            "以上任务请抓好落实。\n| 名称 | 地址 |\n| 区科委 | 某路1号 |\n")
    found = tasks(text)
    assert [(t.title, [u for u, _, _ in t.units]) for t in found] == [
        ("建设临床研究平台", ["区卫健委", "区科委", "区财政局"]), ("优化金融服务", ["区财政局"])]
    unit, start, end = found[0].units[1]
    assert text[start:end] == unit


def test_more_ways_to_say_cooperation():
    assert _rel("星河医院牵手海川医疗，推进智慧医疗", [("星河医院", "Hospital"), ("海川医疗", "Company")]) == {
        ("星河医院", "COOPERATES_WITH", "海川医疗")}
    assert _rel("星河区政府与东方医院签订备忘录", [("星河区政府", "GovernmentAgency"), ("东方医院", "Hospital")]) == {
        ("星河区政府", "COOPERATES_WITH", "东方医院")}


def test_investors_brought_in():
    text = "星河生物成功引入北辰资本、东方基金作为战略投资者"
    assert _rel(text, [("星河生物", "Company"), ("北辰资本", "Company"), ("东方基金", "Fund")]) == {
        ("北辰资本", "FUNDS", "星河生物"), ("东方基金", "FUNDS", "星河生物")}
    text = "星河生物引入北辰资本的技术团队"
    assert _rel(text, [("星河生物", "Company"), ("北辰资本", "Company")]) == set()


def test_a_donor_funds_the_fund_it_sets_up():
    assert _rel("海川医学集团捐资设立星河大学医学教育基金", [("海川医学集团", "Company"), ("星河大学医学教育基金", "Fund")]) == {
        ("海川医学集团", "FUNDS", "星河大学医学教育基金")}
    assert _rel("星河教育基金由海川医学集团捐赠设立", [("星河教育基金", "Fund"), ("海川医学集团", "Company")]) == {
        ("海川医学集团", "FUNDS", "星河教育基金")}


def test_lead_and_support_in_brackets():
    text = "3. 加快人才引育，完善政策。（市科委牵头，市卫生健康委、市发展改革委配合）\n"
    (task,) = tasks(text, lambda unit: unit.endswith("委"))
    assert (task.title, [u for u, _, _ in task.units]) == ("加快人才引育", ["市科委", "市卫生健康委", "市发展改革委"])


def test_a_subject_after_a_colon():
    text = "本次论坛开启了院企融合新进程：星河医院和海川大学举行了签约仪式，同时还与东岳医疗举行了合作签约仪式"
    rels = _rel(text, [("星河医院", "Hospital"), ("海川大学", "University"), ("东岳医疗", "Company")])
    assert ("星河医院", "COOPERATES_WITH", "东岳医疗") in rels


def test_a_groups_hospital_is_part_of_it():
    assert _rel("东岳医疗集团旗下星河医院与海川大学合作", [("东岳医疗集团", "Company"), ("星河医院", "Hospital"),
                                                 ("海川大学", "University")]) >= {("星河医院", "PART_OF", "东岳医疗集团")}
    from extractors.relations import check
    assert check("PART_OF", "Hospital", "Company") is None and check("PART_OF", "Hospital", "University")


def test_a_portfolio_belongs_to_the_investor_the_sentence_is_about():
    text = "星河母基金已投资子基金12只，被投企业包括甲生物、乙医疗等"
    rels = _rel(text, [("星河母基金", "Fund"), ("投资子基金", "Fund"), ("甲生物", "Company"), ("乙医疗", "Company")])
    assert rels == {("星河母基金", "FUNDS", "甲生物"), ("星河母基金", "FUNDS", "乙医疗")}
