"""Relation rules on hand-written sentences, and the domain checks."""
from extractors.relations import M, check, sentence_relations, tasks


def _rel(text, names_types):
    ms, pos = [], 0
    for name, etype in names_types:
        start = text.index(name, pos)
        ms.append(M(start, start + len(name), name, etype))
        pos = start + len(name)
    return {(c.source, c.type, c.target) for c in sentence_relations(text, 0, ms)}


def test_lists_distribute():
    rels = _rel("人民医院与西门子、透景、海每康等在数字医疗领域开展合作",
                [("人民医院", "Hospital"), ("西门子", "Company"), ("透景", "Company"), ("海每康", "Company")])
    assert rels == {("人民医院", "COOPERATES_WITH", x) for x in ("西门子", "透景", "海每康")}


def test_joint_and_relies_on():
    assert _rel("中山医院、华山医院联合美生医疗完成手术",
                [("中山医院", "Hospital"), ("华山医院", "Hospital"), ("美生医疗", "Company")]) == {
        ("中山医院", "COOPERATES_WITH", "美生医疗"), ("华山医院", "COOPERATES_WITH", "美生医疗")}
    assert _rel("浦东医院依托复旦大学在细胞治疗领域进行了探索", [("浦东医院", "Hospital"), ("复旦大学", "University")]) \
        == {("浦东医院", "COOPERATES_WITH", "复旦大学")}


def test_no_cooperation_without_a_trigger():
    assert _rel("吴淞中心医院和罗店医院规范开展药物临床试验", [("吴淞中心医院", "Hospital"), ("罗店医院", "Hospital")]) == set()


def test_funds_from_a_project_taken_on():
    assert _rel("浦南医院承担了上海交通大学医工交叉研究基金的重症肌无力临床转化项目",
                [("浦南医院", "Hospital"), ("上海交通大学医工交叉研究基金", "Fund")]) == {
        ("上海交通大学医工交叉研究基金", "FUNDS", "浦南医院")}


def test_investment():
    assert _rel("张江资本领投君实生物", [("张江资本", "Company"), ("君实生物", "Company")]) == {
        ("张江资本", "FUNDS", "君实生物")}


def test_domain_checks_give_reasons():
    assert check("AFFILIATED_WITH", "Hospital", "University") is None
    assert "Hospital" in check("AFFILIATED_WITH", "Company", "University")
    assert check("RESPONSIBLE_FOR", "Company", "Task")
    assert check("COOPERATES_WITH", "Region", "Hospital")


def test_tasks_and_responsible_units():
    text = ("1. 提升创新主体密度。实施规划。（责任单位：区科经委、区发改委、相关管理局）\n"
            "2. 打造科学家创业首站。布局专区。（牵头单位：区卫生健康委）\n")
    found = tasks(text)
    assert [t.title for t in found] == ["提升创新主体密度", "打造科学家创业首站"]
    assert [u for u, _, _ in found[0].units] == ["区科经委", "区发改委"]
    unit, start, end = found[1].units[0]
    assert text[start:end] == unit == "区卫生健康委"
    assert text[found[1].start:found[1].end] == "打造科学家创业首站"
    assert "2. 打造科学家创业首站" in found[1].aliases


def test_intent_is_kept_as_planned_not_dropped():
    text = "龙华医院与和黄医药达成合作意向，拟在中药创新药领域开展临床研究"
    ms = [M(0, 4, "龙华医院", "Hospital"), M(5, 9, "和黄医药", "Company")]
    (found,) = sentence_relations(text, 0, ms)
    assert found.type == "COOPERATES_WITH" and found.planned
    signed = "东方医院与君实生物签订战略合作协议，双方将共建联合实验室"
    (found,) = sentence_relations(signed, 0, [M(0, 4, "东方医院", "Hospital"), M(5, 9, "君实生物", "Company")])
    assert not found.planned


def test_clause_opening_with_joint_continues_the_subject():
    text = "复旦大学附属肿瘤医院牵头成立长三角肿瘤专科联盟，联合江苏省人民医院共同推进多中心临床研究"
    ms = [M(0, 10, "肿瘤医院", "Hospital"), M(14, 23, "联盟", "Platform"), M(26, 33, "江苏省人民医院", "Hospital")]
    rels = {(c.source, c.type, c.target) for c in sentence_relations(text, 0, ms)}
    assert ("肿瘤医院", "COOPERATES_WITH", "江苏省人民医院") in rels


def test_tasks_under_chinese_numbered_headings_with_unbracketed_units():
    text = ("（一）加快推进重大项目建设。支持医院建设临床研究中心。\n责任单位：区科委、区卫生健康委\n"
            "（二）优化产业金融服务。发挥基金作用。\n牵头单位：区财政局；配合单位：区国资委\n")
    found = tasks(text)
    # supporting units (配合单位) are responsible too
    assert [(t.title, [u for u, _, _ in t.units]) for t in found] == [
        ("加快推进重大项目建设", ["区科委", "区卫生健康委"]), ("优化产业金融服务", ["区财政局", "区国资委"])]


def test_backers_fund_what_they_found():
    text = "母基金由上海国有资本投资有限公司、上海国际集团有限公司共同出资设立"
    ms = [M(0, 3, "母基金", "Fund"), M(4, 16, "国投", "Company"), M(17, 27, "国际集团", "Company")]
    rels = {(c.source, c.type, c.target) for c in sentence_relations(text, 0, ms)}
    assert rels == {("国投", "FUNDS", "母基金"), ("国际集团", "FUNDS", "母基金")}


def test_planned_needs_an_intention_in_the_clause_and_no_past_marker():
    from extractors.relations import intended
    assert intended("拟与复旦大学合作")
    assert intended("双方将共建联合实验室")
    assert not intended("已与复旦大学签约合作")
    assert not intended("在细胞治疗领域进行了非常积极的探索")
    assert not intended("获批建设国家级平台")
    assert not intended("为了加强合作")  # 为了 is no past
    assert intended("为了加强合作，计划共建")


def test_a_future_marker_elsewhere_in_the_sentence_does_not_make_a_relation_planned():
    text = "东方医院和君实生物共同开展临床研究，明年将扩大规模"
    ms = [M(0, 4, "东方医院", "Hospital"), M(5, 9, "君实生物", "Company")]
    (found,) = sentence_relations(text, 0, ms)
    assert found.type == "COOPERATES_WITH" and not found.planned
    text = "浦东医院依托复旦大学在细胞治疗领域进行了非常积极的探索"
    (found,) = sentence_relations(text, 0, [M(0, 4, "浦东医院", "Hospital"), M(6, 10, "复旦大学", "University")])
    assert not found.planned
    text = "东方医院与君实生物拟开展合作，去年已签约"
    (found,) = sentence_relations(text, 0, ms)
    assert found.planned
