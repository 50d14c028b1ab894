"""Places as Region entities and the LOCATED_IN relations the text states."""
from extractors.regions import find_regions, located_in


def _covered(text: str, names: list[str]) -> bytearray:
    covered = bytearray(len(text) + 1)
    for name in names:
        i = text.find(name)
        covered[i:i + len(name)] = b"\x01" * len(name)
    return covered


def _orgs(text: str, names: list[str]) -> list[tuple[int, int, str]]:
    return sorted((text.find(n), text.find(n) + len(n), n) for n in names)


def test_places_by_suffix_where_they_stand_alone():
    text = "该公司总部位于上海市浦东新区张江科学城。君实生物落户临港新片区。项目落户产业园区。"
    spans = find_regions(text, _covered(text, ["君实生物"]))
    assert [text[s:e] for s, e in spans] == ["上海市", "浦东新区", "张江科学城", "临港新片区"]


def test_a_place_opening_an_organisation_name_is_no_region():
    text = "浦东新区人民医院与新华医院奉贤院区合作，位于园区。"
    spans = find_regions(text, _covered(text, ["浦东新区人民医院", "新华医院奉贤院区"]))
    assert spans == []


def test_located_in_subject_and_place_before_organisation():
    text = "君实生物落户临港新片区，浦东新区的东方医院与复旦大学合作。"
    names = ["君实生物", "东方医院", "复旦大学"]
    spans = find_regions(text, _covered(text, names))
    pairs = [(eid, text[s:e]) for eid, (s, e), _ in located_in(text, spans, _orgs(text, names))]
    assert sorted(pairs) == [("东方医院", "浦东新区"), ("君实生物", "临港新片区")]


def test_located_in_needs_the_subject_in_the_clause():
    text = "复旦大学与君实生物合作，总部位于浦东新区。"
    names = ["复旦大学", "君实生物"]
    spans = find_regions(text, _covered(text, names))
    assert located_in(text, spans, _orgs(text, names)) == []


def test_a_district_short_form_after_a_verb_of_location_is_a_place():
    text = "推动“上海临床创新转化研究院”落地浦东，君实生物落户浦东医院旁。"
    names = ["上海临床创新转化研究院", "君实生物", "浦东医院"]
    spans = find_regions(text, _covered(text, names))
    assert [text[s:e] for s, e in spans] == ["浦东"]
    pairs = [(eid, text[s:e]) for eid, (s, e), _ in located_in(text, spans, _orgs(text, names))]
    assert pairs == [("上海临床创新转化研究院", "浦东")]


def test_extraction_writes_located_in_with_its_evidence(nlp):
    from extractors.extract import extract_text

    text = "复旦大学与君实生物开展合作。君实生物总部位于上海市浦东新区。"
    document = extract_text(nlp, text, doc="t.txt", doc_id="t").document
    names = {e.id: e for e in document.entities}
    located = [(names[r.source].name, names[r.target].name, names[r.target].type, r.evidence.text)
               for r in document.relations if r.type == "LOCATED_IN"]
    assert sorted(located) == [("君实生物", "上海市", "Region", "君实生物总部位于上海市浦东新区。"),
                               ("君实生物", "浦东新区", "Region", "君实生物总部位于上海市浦东新区。")]
    assert any(r.type == "COOPERATES_WITH" for r in document.relations)  # the other facts are unchanged
