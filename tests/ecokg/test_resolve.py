"""Cross-document resolution on hand-made records."""
from ecokg.records import Document, Entity, Mention
from ecokg.resolve import Curation, Resolution, apply, duplicate_candidates, normalize
from ecokg.resolve import resolve as resolve_by_graph_id


def _doc(doc_id: str, district: str | None, *entities: tuple[str, str, list[str]], folder: str = "/corpus") -> Document:
    return Document(doc=f"{doc_id}.txt", id=doc_id, source=f"{folder}/{doc_id}.txt", district=district, entities=[
        Entity(id=f"e{i}", name=name, type=etype, aliases=aliases, mentions=[Mention(start=0, end=len(name), text=name)])
        for i, (name, etype, aliases) in enumerate(entities, start=1)])


def resolve(docs: list[Document], curation: Curation | None = None) -> dict[str, Resolution]:
    """Resolutions by the documents' ids here (each test document has its own)."""
    by_graph_id = resolve_by_graph_id(docs, curation)
    return {doc.id: by_graph_id[doc.graph_id] for doc in docs}


def test_documents_are_told_apart_by_source_not_by_name_or_content():
    here = _doc("report", "浦东新区", ("复旦大学", "University", []), ("区科经委", "GovernmentAgency", []))
    there = _doc("report", None, ("复旦大学", "University", []), ("人民医院", "Hospital", []), folder="/other")
    assert (here.doc, here.id) == (there.doc, there.id) and here.graph_id != there.graph_id
    resolutions = resolve_by_graph_id([here, there])
    assert set(resolutions) == {here.graph_id, there.graph_id}
    assert resolutions[here.graph_id].keys == {"e1": "University:复旦大学", "e2": "GovernmentAgency:浦东新区|区科经委"}
    assert resolutions[there.graph_id].keys["e1"] == "University:复旦大学"
    assert resolutions[there.graph_id].ambiguous == {"e2"}


def test_normalize_folds_width_script_and_city_prefix():
    assert normalize("上海市浦东新区科技和经济委员会") == "浦东新区科技和经济委员会"
    assert normalize("復旦大學") == "复旦大学"
    assert normalize("“上海大学”") == "上海大学"  # too short to lose its prefix


def test_district_abbreviation_joins_only_within_its_district():
    pudong_full = _doc("a", "浦东新区", ("上海市浦东新区科技和经济委员会", "GovernmentAgency", ["区科经委"]))
    pudong_short = _doc("b", "浦东新区", ("区科经委", "GovernmentAgency", []))
    baoshan = _doc("c", "宝山区", ("区科经委", "GovernmentAgency", []), ("区科委", "GovernmentAgency", []))
    res = resolve([pudong_full, pudong_short, baoshan])
    assert res["a"].keys["e1"] == res["b"].keys["e1"]
    assert res["c"].keys["e1"] != res["a"].keys["e1"]
    assert res["c"].keys["e2"] != res["a"].keys["e1"]


def test_same_corpus_gives_same_ids_in_any_order():
    docs = [_doc("a", None, ("复旦大学", "University", ["复旦"])), _doc("b", None, ("复旦", "University", []))]
    first = resolve(docs)
    second = resolve(list(reversed(docs)))
    assert first["a"].keys == second["a"].keys and first["b"].keys == second["b"].keys
    assert first["a"].keys["e1"] == first["b"].keys["e1"] == "University:复旦大学"


def test_relative_names_without_a_district_stay_apart_and_ambiguous():
    docs = [_doc("a", None, ("人民医院", "Hospital", [])), _doc("b", None, ("人民医院", "Hospital", []))]
    res = resolve(docs)
    assert res["a"].keys["e1"] != res["b"].keys["e1"]
    assert "e1" in res["a"].ambiguous


def test_curation_merge_reject_retype_split():
    docs = [_doc("a", None, ("莫德纳", "Company", []), ("四医联动", "Platform", []), ("申康", "Company", [])),
            _doc("b", None, ("Moderna", "Company", []), ("复旦", "University", [])),
            _doc("c", None, ("复旦大学", "University", ["复旦"]))]
    curation = Curation(merge=[["莫德纳", "Moderna"]], reject=["四医联动"], retype={"申康": "GovernmentAgency"},
                        split=[["复旦"]])
    res = resolve(docs, curation)
    assert res["a"].keys["e1"] == res["b"].keys["e1"]
    assert "e2" in res["a"].dropped
    assert res["a"].keys["e3"].startswith("GovernmentAgency:")
    assert res["b"].keys["e2"] != res["c"].keys["e1"]
    resolved = apply(docs[0], res["a"], curation)
    assert [e.name for e in resolved.entities] == ["莫德纳", "申康"]
    assert resolved.entities[1].type == "GovernmentAgency"


def test_duplicate_candidates_skip_known_hierarchy():
    nodes = [{"id": "1", "name": "国家药品监督管理局", "type": "GovernmentAgency"},
             {"id": "2", "name": "国家药品监管局", "type": "GovernmentAgency"},
             {"id": "3", "name": "仁济医院", "type": "Hospital"},
             {"id": "4", "name": "仁济医院宝山分院", "type": "Hospital"}]
    edges = [{"source": "4", "target": "3", "type": "PART_OF"}]
    pairs = duplicate_candidates(nodes, edges)
    assert [(p["a_id"], p["b_id"]) for p in pairs] == [("1", "2")]
