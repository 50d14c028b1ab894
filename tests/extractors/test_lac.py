"""The LAC tagger component and its fusion with the recogniser, on hand-written sentences."""
import numpy
import pytest
from spacy.lang.zh import Chinese

from ecokg.errors import PipelineError
from extractors.components import LAC_KEY, LAC_OTHER_KEY, lac_model


def orgs(nlp, text: str) -> dict[str, str]:
    return {e.text: e.label_ for e in nlp(text).ents}


def test_lac_spans_are_aligned_to_tokens(nlp):
    doc = nlp("李明在北京参观了华为公司。")
    assert [(s.text, s.label_) for s in doc.spans[LAC_KEY]] == [("华为公司", "ORG")]
    assert {(s.text, s.label_) for s in doc.spans[LAC_OTHER_KEY]} >= {("李明", "PER"), ("北京", "LOC")}
    assert doc._.lac_words[0][:2] == (0, 2)


def test_windows_tag_every_character_once():
    model = lac_model(16, 4, 3, 1)  # small windows: a long text spans many of them
    text = "上海市第六人民医院与华为公司签署合作协议，李明出席。" * 5
    words = model.words(text)
    assert words[0][0] == 0 and words[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(words, words[1:]))
    # a stride's tags do not depend on what else is batched with it
    assert model.words(text[:26]) == lac_model(16, 4, 1, 1).words(text[:26])


@pytest.mark.parametrize("n", [1, 15, 16, 17, 31, 33, 100, 191])
def test_strides_cut_a_text_into_even_pieces_each_with_its_margins_in_one_window_width(n):
    model = lac_model(16, 4, 3, 1)
    strides, width = model.tiling(n)
    assert strides[0][0] == 0 and strides[-1][1] == n and all(a[1] == b[0] for a, b in zip(strides, strides[1:]))
    lengths = [b - a for a, b in strides]
    assert max(lengths) <= 16 and max(lengths) - min(lengths) <= 1  # no short last stride wasting a window
    assert width == min(n, max(lengths) + 2 * 4)


def full_viterbi(emissions, transitions_to):
    """The textbook Viterbi: the full max over every previous tag at every step."""
    rows, width, _ = emissions.shape
    score = emissions[:, 0]
    back = numpy.empty((width, rows, score.shape[1]), dtype=numpy.intp)
    for t in range(1, width):
        candidates = score[:, None, :] + transitions_to  # [row, to, from]
        back[t] = candidates.argmax(2)
        score = candidates.max(2) + emissions[:, t]
    paths = numpy.empty((rows, width), dtype=numpy.intp)
    paths[:, -1] = score.argmax(1)
    for t in range(width - 1, 0, -1):
        paths[:, t - 1] = back[t][numpy.arange(rows), paths[:, t]]
    return paths


def test_the_pruned_viterbi_finds_the_full_maximums_paths():
    model = lac_model(16, 4, 3, 1)
    text = "上海市第六人民医院与华为公司签署合作协议，李明出席。复旦大学附属儿科医院牵头建设临床研究平台。"
    ids = model.char_ids[[ord(ch) for ch in text[:24]]][None, :]
    real = model.session.run(None, {"token_ids": ids, "length": numpy.array([24])})[0]
    tags = real.shape[2]
    rng = numpy.random.default_rng(7)
    # flat random emissions keep many previous tags close to the best: the rows that need the full max
    flat = rng.normal(0, 0.05, size=(6, 40, tags)).astype(real.dtype)
    peaked = rng.normal(0, 8, size=(6, 40, tags)).astype(real.dtype)
    for emissions in (real, flat, peaked):
        assert (model._viterbi(emissions) == full_viterbi(emissions, model.transitions_to)).all()


def test_the_character_table_gives_each_characters_id():
    model = lac_model(16, 4, 3, 1)
    for ch in "上海Ａa1１\n。，　\u00a0\U0001f600\ud800":
        assert model.char_ids[ord(ch)] == model._char_id(ch), repr(ch)
    assert model.words("a\ud800医院") == model.words("a\ufffe医院")  # a lone surrogate is just an unknown character


def test_uninitialised_lac_says_how_to_fix():
    import extractors.components  # noqa: F401 - registers the factories

    nlp = Chinese()
    nlp.add_pipe("ecokg_lac")
    with pytest.raises(PipelineError, match="not initialised"):
        nlp("华为公司")


def test_listed_investors_without_suffix(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "本轮融资由启明创投领投，新投资者包括淡马锡、中金资本和Vivo Capital。")
    assert {"启明创投", "淡马锡", "中金资本", "Vivo Capital"} <= {n for n, t in found.items() if t == "Company"}


def test_list_headed_by_a_kind_of_organisation(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "张江集团与华泰证券、招商证券、中信建投等金融机构合作设立专项基金。")
    assert {"华泰证券", "招商证券", "中信建投"} <= set(found)


def test_tagger_name_alone_needs_a_list(nlp_no_gazetteer):
    # LAC reads slogans in quotes as firms; without a suffix or a list they stay unnamed
    assert orgs(nlp_no_gazetteer, "践行“融创”之路，推动高质量发展。") == {}


def test_name_after_the_word_describing_it(nlp_no_gazetteer):
    assert orgs(nlp_no_gazetteer, "公告称，公司参股公司云帆智药完成新一轮融资。") == {"云帆智药": "Company"}
    assert orgs(nlp_no_gazetteer, "医疗器械研发商“瑞康医疗”完成融资。") == {"瑞康医疗": "Company"}


def test_subsidiary_phrase_is_not_one_name(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "由本公司控股子公司恒信基金管理公司担任基金管理人。")
    assert found == {"恒信基金管理公司": "Company"}


@pytest.mark.parametrize("text", [
    "上述公司与目标基金均未披露具体金额。",
    "第三批子基金名单近日公布。",
    "两个平行基金由同一管理人管理。",
    "这是一家眼科医疗器械公司。",
])
def test_descriptions_are_not_names(nlp_no_gazetteer, text):
    assert orgs(nlp_no_gazetteer, text) == {}


def test_traditional_characters_are_typed(nlp_no_gazetteer):
    assert orgs(nlp_no_gazetteer, "本輪融資由德馨資本領投。") == {"德馨資本": "Company"}


def test_marks_and_titles_end_names(nlp_no_gazetteer):
    assert orgs(nlp_no_gazetteer, "■浦东创新产业基金总规模100亿元。") == {"浦东创新产业基金": "Fund"}
    assert orgs(nlp_no_gazetteer, "参会嘉宾有王建国院长（上海市第六人民医院）。") == {"上海市第六人民医院": "Hospital"}


def test_lac_left_boundary_inside_a_glued_word(nlp_no_gazetteer):
    found = orgs(nlp_no_gazetteer, "与多家社会资本合作，设立集成电路子基金。")
    assert found.get("集成电路子基金") == "Fund"


def test_registered_name_with_place_in_ascii_brackets(nlp_no_gazetteer):
    assert orgs(nlp_no_gazetteer, "医院与雅培(上海)医疗器械有限公司举行了签约仪式。") == {
        "雅培(上海)医疗器械有限公司": "Company"}
    assert orgs(nlp_no_gazetteer, "投资方包括招银资本(深圳)和德同资本。") == {
        "招银资本(深圳)": "Company", "德同资本": "Company"}


def test_short_form_in_brackets_is_an_alias_everywhere(nlp_no_gazetteer):
    from extractors.extract import extract_text

    text = "由上海银科(集团)有限公司(简称“银科集团”)牵头发起。银科集团还将设立美元基金。"
    entities = extract_text(nlp_no_gazetteer, text, doc="t.txt", doc_id="t").document.entities
    firms = [e for e in entities if e.type == "Company"]
    assert [(e.name, e.aliases) for e in firms] == [("上海银科(集团)有限公司", ["银科集团"])]


@pytest.mark.parametrize("text", [
    "创新“政策+基地+基金”联动模式。",
    "采取“母子基金”联动的运营方式。",
    "设立人工智能、智能制造等子基金。",
    "浦江创新母基金第三批子基金名单公布。",
    "请各区人民政府抓好落实。",
])
def test_slogans_counts_and_every_unit_are_not_names(nlp_no_gazetteer, text):
    found = orgs(nlp_no_gazetteer, text)
    assert not [n for n in found if n.endswith(("子基金", "+基金", "人民政府"))], found
