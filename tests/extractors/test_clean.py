import json
import re
from pathlib import Path

import pytest

from extractors.clean import clean_text

SHARED = Path(__file__).parents[2].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def lines_of(text: str) -> list[str]:
    return clean_text(text).text.split("\n")


# --- the seeds -------------------------------------------------------------------------------


def test_seed_000_sentences_and_names_are_whole_again():
    cleaned = clean_text(seed("000")).text
    for joined in [
        "比如东方医院共启动了12个医企合作项目",
        "浦东医院依托复旦大学在细胞治疗领域进行了非常积极的探索",
        "七院聚焦创新中药转化与上海中医药大学进行了战略合作",
        "现将办理情况答复如下：",
        "（第055号）收悉",
    ]:
        assert joined in cleaned
    assert "— 2 —" not in cleaned and "—2—" not in cleaned


def test_seed_000_headings_and_header_lines_stay_on_their_own_line():
    lines = lines_of(seed("000"))
    assert lines[:6] == [
        "办理结果：解决或采纳",
        "公开属性：主动公开",
        "上海市浦东新区科技和经济委员会",
        "浦科经委办理〔2025〕54号",
        "对浦东新区政协七届四次会议第055号提案的答复",
        "张青雷委员：",
    ]
    # A heading wrapped across lines (and a page break) is one line, and the item after it is not
    # glued to it.
    heading = lines.index("一、强化资源要素耦合，优化创新工作机制，助推临床试验加速")
    assert lines[heading + 1].startswith("一是强化医企合作，构建“四医联动”。")
    assert "3、持续推进产医融合，打造服务对接平台，提升融合质量效率" in lines
    assert lines[-11:] == [
        "上海市浦东新区科技和经济委员会",
        "2025年4月29日",
        "联系人姓名：黄斌",
        "联系电话：021-28282783",
        "联系地址：世纪大道2001号4号楼",
        "邮政编码：200135",
        "信息公开属性：主动公开",
        "抄送：区府办、区政协提案委",
        "上海市浦东新区科技和经济委员会办公室",
        "2025-04-29印发",
        "（共印5份）",
    ]


def test_seed_001_letterhead_fragment_is_gone():
    cleaned = clean_text(seed("001")).text
    assert "公报" not in cleaned
    lines = cleaned.split("\n")
    assert not any(len(CJK.findall(line)) <= 2 and line.strip() for line in lines)
    heading = lines.index("（一）聚焦产医协同研发，推动医药领域科技创新")
    assert lines[heading + 1].startswith("完善产医协同双向研发机制，推动医疗技术攻关和成果转化。")
    assert "复旦大学附属儿科医院“智能化儿科临床决策支持系统”" in cleaned
    assert "上海市宝山区人民政府关于对市十六届人大四次会议第1206号代表建议的答复" in lines


def test_seed_002_markdown_marks_are_removed():
    lines = lines_of(seed("002"))
    assert "上海市科学技术委员会" in lines
    assert "对市十六届人大二次会议第0345号代表建议的答复" in lines
    assert not any(line.startswith("#") or "**" in line or line == "---" for line in lines)
    assert any(line.startswith("一是强化政策顶层设计。近年来，上海市制定了") for line in lines)


def test_seed_003_numbered_tasks_are_lines_and_the_subtitle_stands_alone():
    lines = lines_of(seed("003"))
    assert "浦东新区生物医药产业园区功能提升方案(2025—2027年)" in lines
    assert "（此件公开发布）" in lines
    tasks = [line for line in lines if re.match(r"\d{1,2}\.", line)]
    assert [int(line.split(".")[0]) for line in tasks] == list(range(1, 18))
    assert any(line.startswith("7.加强大企业大品种培育。培育引领行业发展、竞逐国际市场的") for line in lines)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_every_gold_evidence_sentence_is_found_in_the_cleaned_seed(path):
    gold = json.loads((SHARED / "eval" / "dev" / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    # Gold quotes the source text, spaces included; cleaning removes those spaces.
    cleaned = re.sub(r"\s", "", clean_text(path.read_text(encoding="utf-8")).text)
    evidence = [relation["evidence"] for relation in gold["relations"]]
    evidence = [item["text"] if isinstance(item, dict) else item for item in evidence]
    assert evidence
    missing = [sentence for sentence in evidence if re.sub(r"\s", "", sentence) not in cleaned]
    assert missing == []


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_offsets_map_back_to_the_original(path):
    original = path.read_text(encoding="utf-8")
    cleaned = clean_text(original)
    assert cleaned.original is original
    for i, char in enumerate(cleaned.text):
        if CJK.match(char) or char.isdigit() or char in "，。：；（）“”、":
            assert original[cleaned.to_original(i)] == char, (i, char)
    assert cleaned.to_original(len(cleaned.text)) == len(original)
    # Offsets only move forward.
    positions = [cleaned.to_original(i) for i in range(len(cleaned.text))]
    assert positions == sorted(positions)


def test_span_of_a_name_broken_across_lines_maps_to_the_original_span():
    original = seed("000")
    cleaned = clean_text(original)
    start = cleaned.text.index("七院聚焦创新中药转化")
    o_start, o_end = cleaned.span_to_original(start, start + len("七院聚焦"))
    assert original[o_start:o_end] == "七院聚\n\n焦"
    assert cleaned.span_to_original(start, start) == (o_start, o_start)


# --- hand-written cases ----------------------------------------------------------------------


def clean_body(text: str) -> str:
    """Clean ``text`` as it would be inside a document's body, after its header block."""
    cleaned = clean_text("上文结束于此。\n" + text).text
    assert cleaned.startswith("上文结束于此。\n")
    return cleaned[len("上文结束于此。\n"):]


def test_the_header_block_keeps_a_title_apart_from_the_first_sentence():
    text = "东方医院与某生物公司签署战略合作协议\n3月5日，东方医院与某生物公司签署协议。"
    assert clean_text(text).text == text
    # …but a title wrapped onto a second line is joined.
    assert clean_text("对浦东新区政协七届四次会议\n第 055号提案的答复\n张青雷委员：").text == (
        "对浦东新区政协七届四次会议第055号提案的答复\n张青雷委员："
    )


def test_blank_lines_inside_a_name_are_removed():
    assert clean_body("比如东方医院\n\n共启动了项目。") == "比如东方医院共启动了项目。"
    assert clean_body("比如东方\n医院共启动了项目。") == "比如东方医院共启动了项目。"


@pytest.mark.parametrize("marker", ["— 2 —", "- 2 -", "—2—", "－ 12 －", "第 3 页", "第3页 共10页", "2/10"])
def test_page_markers_are_dropped_and_the_sentence_joined(marker):
    text = f"各家医院与高校开展了\n\n{marker}\n\n联动合作。"
    assert clean_body(text) == "各家医院与高校开展了联动合作。"


def test_a_line_that_merely_ends_with_a_number_is_kept():
    assert clean_body("区属医疗机构承接临床试验项目数量达 287\n\n项，较上年增长。") == (
        "区属医疗机构承接临床试验项目数量达287项，较上年增长。"
    )


def test_letterhead_runs_go_but_short_lines_alone_stay():
    text = "推动医疗技术攻关和成果\n上海\n市宝\n山区\n人民\n政府\n公报\n转化。"
    assert clean_body(text) == "推动医疗技术攻关和成果转化。"
    assert clean_body("提升融合质量\n\n效率\n\n显著。") == "提升融合质量效率显著。"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("第 055号", "第055号"),
        ("2025年 4月 29日", "2025年4月29日"),
        ("建立 GCP 临床试验基地", "建立GCP临床试验基地"),
        ("mRNA 疫苗", "mRNA疫苗"),
        ("Hello   world", "Hello world"),
        ("Phase II trial, first cohort", "Phase II trial, first cohort"),
        ("抄  送：区府办", "抄送：区府办"),
        ("ＡＢＣ１２３％", "ABC123%"),
        ("全角　空格", "全角空格"),
        ("（第一），。：；！？“引号”、《书名》", "（第一），。：；！？“引号”、《书名》"),
        ("\u2f8f业", "行业"),  # Kangxi radical 行 from a PDF font
        ("零\u200b宽", "零宽"),
    ],
)
def test_spaces_and_width_variants(raw, cleaned):
    assert clean_text(raw).text == cleaned


def test_a_column_gap_becomes_a_line_break():
    text = "联系人姓名：黄 斌                 联系电话：021-\n\n28282783\n"
    assert clean_text(text).text == "联系人姓名：黄斌\n联系电话：021-28282783"


def test_markdown_artifacts():
    text = "# 上海市科学技术委员会\n\n---\n\n## 一、工作进展\n\n**一是强化设计。**近年来开展了工作。\n"
    assert clean_text(text).text == "上海市科学技术委员会\n一、工作进展\n一是强化设计。近年来开展了工作。"


@pytest.mark.parametrize("heading", ["一、主要做法", "（一）聚焦产医协同研发", "(二)实施创新行动", "1. 提升创新主体密度", "第三章 保障措施"])
def test_headings_keep_their_own_line(heading):
    text = f"上文结束于此。\n{heading}\n完善产医协同双向研发机制，推动医疗技术攻关。"
    lines = clean_text(text).text.split("\n")
    assert len(lines) == 3
    assert lines[2] == "完善产医协同双向研发机制，推动医疗技术攻关。"


def test_a_heading_never_runs_into_an_item_but_an_item_may_continue_a_paragraph():
    text = "上文结束于此。\n二、加大金融支持，创新政策供给\n一是发挥资本市场股权融资功能。"
    assert clean_text(text).text.split("\n")[1:] == ["二、加大金融支持，创新政策供给", "一是发挥资本市场股权融资功能。"]
    # "一是" inside a paragraph wrapped by the converter joins the line before it.
    assert clean_text("上文结束于此。完善产医协同机制\n一是支持技术研究。").text == "上文结束于此。完善产医协同机制一是支持技术研究。"


def test_dates_numbers_fields_and_parenthesised_lines_stand_alone():
    text = "上海市浦东新区科技和经济委员会\n2025年4月29日\n抄送：区府办\n（共印5份）\n上海市某某办公室\n2025-04-29印发"
    assert clean_text(text).text.split("\n") == text.split("\n")


def test_crlf_and_form_feed_are_line_breaks():
    assert clean_body("东方医院\r\n共启动。\f第二页开始了。\r") == "东方医院共启动。\n第二页开始了。"


def test_empty_and_blank_input():
    for text in ["", " \n\n \t"]:
        cleaned = clean_text(text)
        assert cleaned.text == ""
        assert cleaned.to_original(0) == len(text)


def test_out_of_range_offsets_are_refused():
    cleaned = clean_text("东方医院。")
    with pytest.raises(IndexError):
        cleaned.to_original(6)
    with pytest.raises(ValueError):
        cleaned.span_to_original(3, 1)


def test_a_large_input_keeps_a_compact_consistent_map():
    original = "".join(path.read_text(encoding="utf-8") for path in SEED_FILES) * 40  # ~1.9 MB
    cleaned = clean_text(original)
    single = sum(len(clean_text(path.read_text(encoding="utf-8")).text) for path in SEED_FILES)
    assert len(cleaned.text) >= single * 40
    # The map holds segments, not one entry per character.
    assert len(cleaned._clean_starts) < len(cleaned.text) / 10
    for i in range(0, len(cleaned.text), 997):
        char = cleaned.text[i]
        if CJK.match(char):
            assert original[cleaned.to_original(i)] == char
