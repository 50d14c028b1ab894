"""Chinese questions mapped to query templates (``GET /ask``).

A question is NFKC-normalised, converted to simplified characters and stripped of spaces and end punctuation,
then matched against each template's patterns in order; the first match names the entities (``x``, ``y``) and,
for some templates, an entity type. The answer is what the matching endpoint returns for the same question
(``哪些医院与复旦大学合作`` gives exactly ``GET /partners?org=复旦大学&type=Hospital``), plus one Chinese
sentence and every Cypher query that was run.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from api import queries
from api.errors import EntityNotFound, UnknownQuestion
from api.models import Answer, DocumentsMentioning, Partners, Paths, QuestionForm, Relations
from api.queries import Reader

# Chinese words for entity types; None means any organisation.
TYPE_WORDS: dict[str, str | None] = {
    "医院": "Hospital", "医疗机构": "Hospital",
    "高校": "University", "大学": "University", "高等院校": "University", "院校": "University",
    "科研院所": "ResearchInstitute", "研究所": "ResearchInstitute", "研究院": "ResearchInstitute",
    "研究机构": "ResearchInstitute", "科研机构": "ResearchInstitute",
    "企业": "Company", "公司": "Company",
    "平台": "Platform", "基金": "Fund",
    "政府部门": "GovernmentAgency", "政府机构": "GovernmentAgency", "部门": "GovernmentAgency",
    "机构": None, "单位": None, "组织": None,
}
TYPE_NAMES = {"Hospital": "医院", "University": "高校", "ResearchInstitute": "科研院所", "Company": "企业",
              "Platform": "平台", "Fund": "基金", "GovernmentAgency": "政府部门"}
_T = "(?P<type>" + "|".join(sorted(TYPE_WORDS, key=len, reverse=True)) + ")"
_X = "(?P<x>.+?)"
_Y = "(?P<y>.+?)"
_WITH = "(?:与|和|同|跟)"
_COOPERATE = "(?:有|开展|进行|建立|开展了|进行了|建立了)?(?:合作|合作关系)"
_WHICH = "(?:哪些|哪个|哪家|哪几家|什么)"
_END_PUNCTUATION = "?？。.!！"


@dataclass(frozen=True)
class Template:
    name: str
    example: str
    patterns: tuple[str, ...]
    answer: Callable[[Reader, dict[str, str | None]], tuple[object, str]]

    def match(self, question: str) -> dict[str, str | None] | None:
        for pattern in self.patterns:
            found = re.fullmatch(pattern, question)
            if found:
                slots = found.groupdict()
                if "type" in slots:
                    slots["type"] = TYPE_WORDS[slots["type"]]
                return slots
        return None


def _names(entities) -> str:
    names = [e.name for e in entities]
    shown = "、".join(names[:10])
    return shown + (f"等{len(names)}个" if len(names) > 10 else "")


def _partners(reader: Reader, slots: dict) -> tuple[Partners, str]:
    result = queries.partners(reader, slots["x"], slots.get("type"), None, False, queries.PARTNERS_LIMIT)
    kind = TYPE_NAMES.get(result.type or "", "机构")
    if not result.partners:
        return result, f"图中没有{result.org.name}的{kind}合作伙伴。"
    return result, f"与{result.org.name}合作的{kind}：{_names(result.partners)}。"


def _relations(types: list[str], direction: str, neighbor_type: str | None, sentence: str, empty: str):
    def answer(reader: Reader, slots: dict) -> tuple[Relations, str]:
        entity = queries.resolve(reader, slots["x"])
        result = queries.relations(reader, entity.id, types, direction, neighbor_type)
        neighbours = list({g.neighbor.id: g.neighbor for g in result.relations}.values())
        if not neighbours:
            return result, empty.format(x=entity.name)
        return result, sentence.format(x=entity.name, names=_names(neighbours))

    return answer


def _paths(reader: Reader, slots: dict) -> tuple[Paths, str]:
    result = queries.paths(reader, slots["x"], slots["y"], queries.MAX_HOPS, queries.PATHS_LIMIT)
    if not result.paths:
        return result, f"{result.source.name}与{result.target.name}在{queries.MAX_HOPS}跳之内没有关联。"
    first = result.paths[0]
    chain = first.nodes[0].name + "".join(
        f" -{step.type}- {node.name}" for step, node in zip(first.steps, first.nodes[1:]))
    return result, f"{result.source.name}与{result.target.name}相距{first.hops}跳，共{len(result.paths)}条最短路径，例如：{chain}。"


def _documents(reader: Reader, slots: dict) -> tuple[DocumentsMentioning, str]:
    result = queries.documents_mentioning(reader, slots["x"])
    if not result.documents:
        return result, f"没有文件提到{result.entity.name}。"
    titles = "、".join(d.title or d.doc or d.id for d in result.documents[:10])
    return result, f"提到{result.entity.name}的文件有{len(result.documents)}份：{titles}。"


TEMPLATES: tuple[Template, ...] = (
    Template("partners_of_type", "哪些医院与复旦大学合作", (
        f"(?:有)?{_WHICH}{_T}{_WITH}{_X}{_COOPERATE}",
        f"{_X}{_WITH}{_WHICH}{_T}{_COOPERATE}",
        f"{_X}的{_T}合作伙伴(?:有哪些|是谁|是哪些|有什么)?",
        f"{_X}的合作{_T}(?:有哪些|是哪些)?",
    ), _partners),
    Template("partners", "复旦大学的合作伙伴有哪些", (
        f"{_X}的合作伙伴(?:有哪些|是谁|是哪些|有什么)?",
        f"{_X}有哪些合作伙伴",
        f"(?:谁|哪些){_WITH}{_X}{_COOPERATE}",
        f"{_X}{_WITH}(?:谁|哪些){_COOPERATE}",
    ), _partners),
    Template("funders", "谁资助了复旦大学附属儿科医院", (
        f"(?:谁|{_WHICH}(?:机构|单位|部门|基金))(?:资助|支持|投资)(?:了)?{_X}",
        f"{_X}(?:由谁资助|受到哪些资助|获得了?哪些资助|的资助方(?:有哪些|是谁)?)",
    ), _relations(["FUNDS"], "in", None, "资助{x}的有：{names}。", "图中没有资助{x}的机构。")),
    Template("funded", "上海市浦东新区人民政府资助了哪些机构", (
        f"{_X}(?:资助|支持|投资)了?(?:哪些|什么)(?:机构|单位|项目|企业|医院|高校)?",
    ), _relations(["FUNDS"], "out", None, "{x}资助的有：{names}。", "图中没有{x}资助的对象。")),
    Template("responsible_for_task", "谁负责建设生物医药产业园", (
        f"(?:谁|{_WHICH}(?:单位|部门|机构))负责{_X}",
        f"{_X}(?:由谁|由哪些单位|由哪个单位|由哪个部门|由哪些部门)(?:牵头)?负责",
        f"{_X}的(?:负责单位|责任单位|牵头单位)(?:是谁|是哪些|有哪些)?",
    ), _relations(["RESPONSIBLE_FOR"], "in", None, "负责{x}的有：{names}。", "图中没有负责{x}的单位。")),
    Template("responsibilities", "区科经委负责哪些任务", (
        f"{_X}负责(?:哪些|什么)(?:任务|工作|事项)?",
    ), _relations(["RESPONSIBLE_FOR"], "out", None, "{x}负责：{names}。", "图中没有{x}负责的任务。")),
    Template("affiliated_hospitals", "复旦大学有哪些附属医院", (
        f"{_X}(?:有)?哪些附属医院",
        f"{_X}的附属医院(?:有哪些|是哪些)?",
        f"哪些医院(?:隶属于|附属于|是){_X}(?:的附属医院)?",
    ), _relations(["AFFILIATED_WITH"], "in", "Hospital", "{x}的附属医院：{names}。", "图中没有{x}的附属医院。")),
    Template("units", "复旦大学有哪些下属单位", (
        f"{_X}(?:有哪些|的)(?:下属|所属|二级)(?:单位|部门|院系|学院|机构)(?:有哪些)?",
        f"{_X}(?:有哪些|的)(?:院系|学院|组成部分)(?:有哪些)?",
        f"哪些(?:单位|机构|学院|部门)(?:隶属于|属于){_X}",
    ), _relations(["PART_OF", "AFFILIATED_WITH"], "in", None, "{x}的下属单位：{names}。", "图中没有{x}的下属单位。")),
    Template("connection", "复旦大学与浦东医院有什么关系", (
        f"{_X}{_WITH}{_Y}(?:之间)?(?:有|存在)?(?:什么|何种|哪些|怎样的)?(?:关系|联系|关联)",
        f"{_X}{_WITH}{_Y}(?:是)?(?:如何|怎样|怎么)(?:关联|联系|连接)(?:起来)?的?",
    ), _paths),
    Template("platforms", "浦东新区有哪些平台", (
        f"{_X}(?:有哪些|的|建设了?哪些|参与了?哪些)(?:创新|公共服务|研发)?平台(?:有哪些)?",
    ), _relations([], "both", "Platform", "与{x}相关的平台：{names}。", "图中没有与{x}相关的平台。")),
    Template("documents", "哪些文件提到了复旦大学", (
        f"{_WHICH}(?:文件|文档|公文|材料)(?:提到|提及|涉及|出现)了?{_X}",
        f"{_X}(?:出现在|在)哪些(?:文件|文档)(?:中|里)?(?:出现|被提到|被提及)?",
        f"(?:提到|提及){_X}的(?:文件|文档)(?:有哪些)?",
    ), _documents),
)


def fold_question(question: str) -> str:
    """NFKC, simplified characters, no spaces, no end punctuation."""
    text = "".join(unicodedata.normalize("NFKC", question).split())
    return queries.opencc("t2s").convert(text).rstrip(_END_PUNCTUATION)


def forms() -> list[QuestionForm]:
    return [QuestionForm(template=t.name, example=t.example) for t in TEMPLATES]


def ask(reader: Reader, question: str) -> Answer:
    """Answer a Chinese question from the graph; 422 listing the supported forms when no template matches."""
    folded = fold_question(question)
    for template in TEMPLATES:
        slots = template.match(folded)
        if slots is None:
            continue
        if template.name == "connection":
            slots = _split_pair(reader, folded, slots)
        result, text = template.answer(reader, slots)
        return Answer(question=question, template=template.name, text=text, result=result, cypher=reader.ran)
    raise UnknownQuestion(
        "no question form matches; ask like one of detail.forms",
        {"forms": [form.model_dump() for form in forms()]},
    )


def _split_pair(reader: Reader, question: str, slots: dict) -> dict:
    """The first split at a 与/和/同/跟 whose two sides both name entities: names may contain 和 themselves."""
    tail = question[len(slots["x"]) + 1 + len(slots["y"]):]
    body = question[: len(question) - len(tail)]
    for at, char in enumerate(body):
        if char in "与和同跟" and 0 < at < len(body) - 1:
            left, right = body[:at], body[at + 1:]
            try:
                queries.resolve(reader, left)
                queries.resolve(reader, right)
            except EntityNotFound:
                continue
            return {"x": left, "y": right}
    return slots
