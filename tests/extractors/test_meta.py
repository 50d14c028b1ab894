from pathlib import Path

import pytest

from extractors.clean import clean_text
from extractors.meta import DISTRICTS, DocMeta, extract_meta

SEEDS = Path(__file__).parents[2].parent / "shared" / "corpus" / "seeds"


def meta_of(text: str) -> DocMeta:
    return extract_meta(clean_text(text).text)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", DocMeta(
            title="对浦东新区政协七届四次会议第055号提案的答复",
            issuer="上海市浦东新区科技和经济委员会",
            number="浦科经委办理〔2025〕54号",
            date="2025-04-29",
            district="浦东新区",
        )),
        ("001", DocMeta(
            title="上海市宝山区人民政府关于对市十六届人大四次会议第1206号代表建议的答复",
            issuer="上海市宝山区人民政府",
            number="宝府〔2026〕40号",
            date="2026-05-22",
            district="宝山区",
        )),
        ("002", DocMeta(
            title="对市十六届人大二次会议第0345号代表建议的答复",
            issuer="上海市科学技术委员会",
            number="沪科建复〔2024〕40号",
            date="2024-05-27",
            district=None,
        )),
        ("003", DocMeta(
            title="浦东新区人民政府办公室关于印发《浦东新区生物医药产业园区功能提升方案（2025—2027年）》的通知",
            issuer="上海市浦东新区人民政府办公室",
            number="浦府办〔2025〕28号",
            date="2025-07-17",  # signed; printed on 2025-07-18
            district="浦东新区",
        )),
        ("004", DocMeta(
            title="对浦东新区政协七届三次会议第077号提案的答复",
            issuer="上海市浦东新区科技和经济委员会",
            number="浦科经委办理〔2024〕82号",
            date="2024-05-22",
            district="浦东新区",
        )),
    ],
)
def test_meta_of_the_seeds(prefix, expected):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    assert meta_of(path.read_text(encoding="utf-8")) == expected


def test_district_notice_with_chinese_numeral_date():
    text = (
        "上海市闵行区人民政府办公室文件\n闵府办发〔2024〕12号\n\n"
        "上海市闵行区人民政府办公室关于印发《闵行区促进生物医药产业\n高质量发展行动方案》的通知\n\n"
        "各镇人民政府、街道办事处，区政府各委、办、局：\n\n"
        "现将《闵行区促进生物医药产业高质量发展行动方案》印发给你们，请认真贯彻执行。\n\n"
        "二〇二四年六月三十日\n"
    )
    assert meta_of(text) == DocMeta(
        title="上海市闵行区人民政府办公室关于印发《闵行区促进生物医药产业高质量发展行动方案》的通知",
        issuer="上海市闵行区人民政府办公室",
        number="闵府办发〔2024〕12号",
        date="2024-06-30",
        district="闵行区",
    )


def test_reply_signed_at_the_end_only():
    text = (
        "关于区政协十届二次会议第 12 号提案的答复\n\n张三委员：\n\n"
        "您提出的提案收悉。经研究，答复如下：瑞金医院将与企业加强合作。\n\n"
        "上海市嘉定区卫生健康委员会\n\n2024 年 7 月 1 日\n"
    )
    meta = meta_of(text)
    assert meta.title == "关于区政协十届二次会议第12号提案的答复"
    assert meta.issuer == "上海市嘉定区卫生健康委员会"
    assert meta.date == "2024-07-01"
    assert meta.district == "嘉定区"
    assert meta.number is None


def test_number_in_square_brackets_gives_the_district_by_its_prefix():
    meta = meta_of("徐府发 [2024] 3 号\n\n关于支持生物医药创新发展的若干意见\n\n各有关单位：\n为了……。\n")
    assert meta.number == "徐府发〔2024〕3号"
    assert meta.title == "关于支持生物医药创新发展的若干意见"
    assert meta.issuer is None
    assert meta.district == "徐汇区"


def test_a_number_cited_in_a_sentence_is_not_the_documents_number():
    meta = meta_of("关于开展试点的通知\n\n各区：\n根据《实施意见》（沪府办〔2023〕5号）要求，现通知如下。\n")
    assert meta.number is None


def test_news_page_with_date_and_source_fields():
    text = (
        "东方医院与某生物公司签署战略合作协议\n\n"
        "发布时间：2025-03-05 10:30   来源：浦东新区卫生健康委员会\n\n"
        "3月5日，上海市东方医院与上海某生物科技有限公司签署战略合作协议。\n"
    )
    assert meta_of(text) == DocMeta(
        title="东方医院与某生物公司签署战略合作协议",
        issuer="浦东新区卫生健康委员会",
        number=None,
        date="2025-03-05",
        district="浦东新区",
    )


def test_news_without_header_takes_the_date_it_opens_with():
    meta = meta_of("2025年3月5日，瑞金医院与某公司签署合作协议。双方将共建联合实验室。\n")
    assert meta.date == "2025-03-05"
    assert meta.number is None and meta.issuer is None and meta.district is None


def test_impossible_dates_are_not_reported():
    meta = meta_of("关于某事的通知\n各单位：\n现通知如下。\n2024年2月30日\n")
    assert meta.date is None


def test_city_level_issuer_has_no_district_even_when_a_district_is_named():
    meta = meta_of("上海市人民政府\n沪府发〔2024〕9号\n关于支持浦东新区生物医药产业发展的意见\n各区人民政府：\n为支持发展。\n")
    assert meta.issuer == "上海市人民政府"
    assert meta.district is None


def test_all_sixteen_districts_are_known():
    assert len(DISTRICTS) == 16
    for district in DISTRICTS:
        meta = meta_of(f"上海市{district}科学技术委员会\n关于某事的通知\n各单位：\n现通知如下。\n")
        assert meta.district == district
