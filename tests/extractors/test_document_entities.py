"""Document-level grouping: embedded parents, abbreviations, short forms."""
from extractors.entities import Found, embedded_parents, group, is_abbreviation


def test_embedded_parents_of_affiliated_hospital():
    assert embedded_parents("上海交通大学医学院附属第九人民医院", "Hospital")[:2] == [
        ("上海交通大学医学院", "University", "AFFILIATED_WITH"), ("上海交通大学", "University", "PART_OF")]


def test_embedded_parent_never_splits_a_suffix():
    assert embedded_parents("上海市浦东新区科技和经济委员会办公室", "GovernmentAgency")[0][0] == \
        "上海市浦东新区科技和经济委员会"
    names = [p for p, _, _ in embedded_parents("市人大常委会代表工作委员会", "GovernmentAgency")]
    assert names == ["市人大常委会", "市人大"]


def test_district_abbreviations_need_the_district():
    full = "上海市浦东新区科技和经济委员会"
    assert is_abbreviation("区科经委", full, "浦东新区")
    assert is_abbreviation("浦科经委", full, "浦东新区")
    assert not is_abbreviation("宝科经委", full, "浦东新区")
    assert is_abbreviation("交大医学院", "上海交通大学医学院", None)
    assert not is_abbreviation("区委", "区委金融办", "浦东新区")
    assert not is_abbreviation("市人大常委会", "市人大常委会代表工作委员会", None)


def test_group_merges_short_forms_into_fullest_name():
    found = [Found(0, 15, "上海市浦东新区科技和经济委员会", "GovernmentAgency"),
             Found(20, 24, "区科经委", "GovernmentAgency"),
             Found(30, 47, "上海交通大学医学院附属第九人民医院", "Hospital"),
             Found(50, 52, "九院", "Hospital")]
    orgs = {o.name: o for o in group(found, "浦东新区")}
    assert "区科经委" in orgs["上海市浦东新区科技和经济委员会"].forms
    assert "九院" in orgs["上海交通大学医学院附属第九人民医院"].forms
    assert ("AFFILIATED_WITH", "上海交通大学医学院") in orgs["上海交通大学医学院附属第九人民医院"].parents
    assert "上海交通大学" in orgs


def test_city_agency_is_not_the_districts():
    assert not is_abbreviation("上海市卫生健康委员会", "上海市徐汇区卫生健康委员会", "徐汇区")
    assert is_abbreviation("区卫健委", "上海市徐汇区卫生健康委员会", "徐汇区")


def test_body_named_after_hospitals_has_no_hospital_parent():
    assert not [p for p, t, _ in embedded_parents("上海市医院发展中心", "Platform") if t == "Hospital"]
    assert embedded_parents("仁济医院宝山分院", "Hospital")[0][:2] == ("仁济医院", "Hospital")


def test_short_firm_name_matches_registered_name_with_ascii_brackets():
    from extractors.entities import same_firm

    assert same_firm("维康生物", "维康生物科技(上海)有限公司")
    assert same_firm("维康生物", "维康生物科技（上海）有限公司")


def test_group_parent_is_no_abbreviation_of_its_subsidiary():
    # the group's registered name opens the subsidiary's name: a parent, not a short form
    assert not is_abbreviation("上海医药集团股份有限公司", "上海医药集团青岛国风药业股份有限公司", None)
    assert not is_abbreviation("复星医药集团有限公司", "复星医药集团苏州药业有限公司", None)
    found = [Found(0, 12, "上海医药集团股份有限公司", "Company"),
             Found(20, 38, "上海医药集团青岛国风药业股份有限公司", "Company")]
    orgs = {o.name: o for o in group(found, None)}
    assert {"上海医药集团股份有限公司", "上海医药集团青岛国风药业股份有限公司"} <= set(orgs)
    # a bracketed variant of the same registered name still is one firm
    assert is_abbreviation("上海微创医疗器械（集团）有限公司", "上海微创医疗器械（集团）股份有限公司", None)


def test_city_and_district_government_short_forms():
    found = [Found(0, 7, "上海市人民政府", "GovernmentAgency"),
             Found(10, 21, "上海市浦东新区人民政府", "GovernmentAgency"),
             Found(30, 33, "市政府", "GovernmentAgency"),
             Found(40, 43, "区政府", "GovernmentAgency")]
    orgs = {o.name: o for o in group(found, None)}
    assert set(orgs) == {"上海市人民政府", "上海市浦东新区人民政府"}
    assert "市政府" in orgs["上海市人民政府"].forms
    assert "区政府" in orgs["上海市浦东新区人民政府"].forms


def test_district_government_short_form_needs_one_district():
    found = [Found(0, 8, "奉贤区人民政府", "GovernmentAgency"),
             Found(10, 18, "闵行区人民政府", "GovernmentAgency"),
             Found(30, 33, "区政府", "GovernmentAgency")]
    orgs = {o.name for o in group(found, None)}
    assert "区政府" in orgs  # two districts: which one is not clear


def test_group_short_form_drops_place_and_generic_middle():
    from extractors.entities import group_short_form
    assert group_short_form("临港集团", "上海临港经济发展（集团）有限公司")
    assert group_short_form("张江集团", "上海张江（集团）有限公司")
    assert not group_short_form("复星集团", "上海复星医药（集团）股份有限公司")  # 医药 is part of the name
    assert not group_short_form("临港集团", "上海临港经济发展集团投资管理有限公司")  # a unit of the group


def test_national_bodies_are_parents_of_the_units_named_after_them():
    assert embedded_parents("国务院办公厅", "GovernmentAgency") == [("国务院", "GovernmentAgency", "PART_OF")]
    assert embedded_parents("中央军委联合参谋部作战局", "GovernmentAgency")[:2] == [
        ("中央军委联合参谋部", "GovernmentAgency", "PART_OF"), ("中央军委", "GovernmentAgency", "PART_OF")]
    # 部际 is inter-ministerial, no ministry; the standing conference is the office's parent
    assert embedded_parents("国务院深化医改部际联席会议办公室", "GovernmentAgency")[:2] == [
        ("国务院深化医改部际联席会议", "GovernmentAgency", "PART_OF"), ("国务院", "GovernmentAgency", "PART_OF")]


def test_a_sub_centre_belongs_to_the_centre_before_its_of():
    name = "长三角智能诊疗创新中心之杭州市第一人民医院分中心"
    assert embedded_parents(name, "Platform") == [("长三角智能诊疗创新中心", "Platform", "PART_OF")]


def test_a_party_committee_is_no_abbreviation_of_an_agency():
    assert not is_abbreviation("省委", "省发改委", None)
    assert not is_abbreviation("市委", "上海市经济和信息化委员会", None)
