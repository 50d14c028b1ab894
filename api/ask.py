"""Questions in Chinese (and a little English) understood by slots (``GET /ask``).

A question is folded as names are (graph/resolver.py), then read for slots rather than matched whole: the entity
names in it (the name index's automaton, longest match), a type word (医院, 企业, hospitals …), an intent word
(合作 → partners, 投资/资助 → funding, 负责/牵头 → responsibility, 附属/属于 → affiliation, 下属 → units, 关系 →
connection, 文件/提到 → documents, 位于/落户 → location) with one-character typos tolerated, and the words that give a relation its
direction (谁, 被, 由, the order of name and verb). Fillers (请问, 一下, 呢, 吗) are simply no slot. ``understand``
is pure: the slots and the index in, the form and its arguments out. ``ask`` runs the form's query; the answer is
what the matching endpoint returns (``哪些医院与复旦大学合作`` gives exactly ``GET /partners?org=复旦大学&type=
Hospital``), one Chinese sentence, the names as resolved and every Cypher query that ran. A question with no form
is a 422 listing the slots found and the forms understood.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from api import names, queries
from api.errors import UnknownQuestion
from api.models import Answer, DocumentsMentioning, NameMatch, Partners, Paths, QuestionForm, Relations
from api.queries import Reader
from graph.resolver import Mention, NameIndex, Resolution, fold_question

# Type words, longest first when read; None means any organisation.
TYPE_WORDS: dict[str, str | None] = {
    "医院": "Hospital", "医疗机构": "Hospital",
    "高校": "University", "大学": "University", "高等院校": "University", "院校": "University",
    "科研院所": "ResearchInstitute", "研究所": "ResearchInstitute", "研究院": "ResearchInstitute",
    "研究机构": "ResearchInstitute", "科研机构": "ResearchInstitute",
    "企业": "Company", "公司": "Company", "药企": "Company",
    "平台": "Platform", "基金": "Fund",
    "政府部门": "GovernmentAgency", "政府机构": "GovernmentAgency", "部门": "GovernmentAgency",
    "任务": "Task", "工作": "Task", "事项": "Task",
    "机构": None, "单位": None, "组织": None,
    "hospitals": "Hospital", "hospital": "Hospital", "companies": "Company", "company": "Company",
    "firms": "Company", "firm": "Company", "universities": "University", "university": "University",
    "institutes": "ResearchInstitute", "institute": "ResearchInstitute", "platforms": "Platform",
    "agencies": "GovernmentAgency", "organisations": None, "organizations": None,
}
TYPE_NAMES = {"Hospital": "医院", "University": "高校", "ResearchInstitute": "科研院所", "Company": "企业",
              "Platform": "平台", "Fund": "基金", "GovernmentAgency": "政府部门", "Task": "任务"}

# Intent words → intent. Longer words win where they overlap (合作伙伴 before 合作, 附属医院 before 附属).
INTENT_WORDS: dict[str, str] = {
    **dict.fromkeys(("合作伙伴", "合作方", "合作", "签约", "签署", "共建", "携手", "协作", "联手", "结对"), "cooperate"),
    **dict.fromkeys(("投资方", "投资人", "投资者", "资助方", "出资方", "投资", "资助", "出资", "融资", "投了", "注资",
                     "领投", "跟投", "参投", "入股", "支持"), "fund"),
    **dict.fromkeys(("负责单位", "责任单位", "牵头单位", "负责", "牵头", "承担", "主抓"), "responsible"),
    **dict.fromkeys(("附属医院",), "affiliated_hospitals"),
    **dict.fromkeys(("附属于", "隶属于", "隶属", "属于", "归属", "附属", "上级单位", "上级"), "belongs"),
    **dict.fromkeys(("下属单位", "下属机构", "所属单位", "二级单位", "组成部分", "下属", "院系"), "units"),
    **dict.fromkeys(("关系", "联系", "关联", "连接", "相连"), "connection"),
    **dict.fromkeys(("文件", "文档", "公文", "材料", "提到", "提及", "报道"), "documents"),
    **dict.fromkeys(("位于", "坐落于", "坐落在", "坐落", "落户", "落地", "地处", "入驻", "扎根", "所在地", "总部",
                     "在哪里", "在哪儿", "哪里"), "located"),
    # English, matched as whole words
    **dict.fromkeys(("partner", "partners", "partnered", "partnering", "partnership", "partnerships", "cooperate",
                     "cooperates", "cooperated", "collaborate", "collaborates", "collaborated"), "cooperate"),
    **dict.fromkeys(("fund", "funds", "funded", "funding", "invest", "invests", "invested", "investing",
                     "investor", "investors", "backed", "backs", "financed"), "fund"),
    **dict.fromkeys(("responsible", "leads", "lead"), "responsible"),
    **dict.fromkeys(("affiliated", "affiliate", "affiliates", "belong", "belongs"), "belongs"),
    **dict.fromkeys(("units", "subsidiaries", "departments"), "units"),
    **dict.fromkeys(("connected", "connection", "connections", "relationship", "relation", "related", "linked",
                     "link"), "connection"),
    **dict.fromkeys(("documents", "document", "mention", "mentions", "mentioned"), "documents"),
    **dict.fromkeys(("located", "based", "where"), "located"),
}
# When a question has several intent words, the more specific reading wins.
INTENT_ORDER = ("documents", "connection", "affiliated_hospitals", "units", "belongs", "responsible", "fund",
                "cooperate", "located")
# Not read with a wrong character: they are short and made of common characters (哪些 is one off 哪里).
NO_TYPO_INTENTS = ("located",)
QUESTION_WORDS = ("哪些", "哪个", "哪家", "哪几家", "哪", "什么", "谁", "who", "which", "what", "whom")
# The entity is acted on (funded, given a task): 谁投资了X is also the entity after the verb, see _incoming.
PASSIVE_WORDS = ("被", "由", "获得", "得到", "获", "接受", "by")
FILLERS = ("请问", "请", "一下", "帮我", "查一下", "告诉我", "呢", "吗", "啊", "了", "的", "是", "有", "都", "与",
           "和", "同", "跟", "在", "中", "里", "之间", "分别", "目前", "现在", "存在", "过", "们",
           "哪些", "哪个", "哪家", "哪几家", "哪", "什么", "谁", "how", "is", "are", "the", "of", "in", "with",
           "and", "to", "do", "does", "did", "by", "a", "an", "has", "have")
# Standard English names of institutions and the words of names, as Chinese, so the names index finds them.
ENGLISH_NAMES: tuple[tuple[str, str], ...] = (
    ("chinese academy of sciences", "中国科学院"), ("shanghai institute of materia medica", "上海药物研究所"),
    ("jiao tong", "交通"), ("jiaotong", "交通"), ("fudan", "复旦"), ("tongji", "同济"), ("shanghai", "上海"),
    ("pudong", "浦东"), ("east china normal", "华东师范"), ("university", "大学"), ("children's hospital", "儿科医院"),
    ("hospital", "医院"),
)
_ENGLISH_PATTERNS = tuple((re.compile(rf"(?<![a-z]){re.escape(english)}s?(?![a-z])"), chinese)
                          for english, chinese in ENGLISH_NAMES)
_END_PUNCTUATION = "?？。.!！"
_LATIN = re.compile(r"[a-z][a-z']*")


@dataclass(frozen=True)
class Word:
    """A vocabulary word found in the question, at ``start`` of the folded text."""

    text: str
    start: int
    meaning: str | None


@dataclass(frozen=True)
class Slots:
    """What the question is made of; the 422 for a question with no form lists these."""

    question: str  # folded
    mentions: tuple[Mention, ...]
    intents: tuple[Word, ...]
    type: Word | None
    asks: Word | None  # 谁, 哪些, which …
    passive: Word | None
    typo: str | None = None  # the intent word a misspelt one was read as

    def summary(self) -> dict:
        return {
            "question": self.question,
            "entities": [{"text": m.surface, "ids": list(m.resolution.ids)} for m in self.mentions],
            "intents": [{"word": w.text, "intent": w.meaning} for w in self.intents],
            "type": self.type.meaning if self.type else None,
            "type_word": self.type.text if self.type else None,
            "question_word": self.asks.text if self.asks else None,
            "passive": self.passive.text if self.passive else None,
            "typo_read_as": self.typo,
        }


@dataclass(frozen=True)
class Reading:
    """A form and its arguments: the entities' mentions (resolved) and the neighbours' type."""

    form: str
    mentions: tuple[Mention, ...]
    type: str | None = None


@dataclass(frozen=True)
class Form:
    name: str
    example: str  # answered from the sample corpus (tests/integration/test_ask_sample.py asks every one)
    answer: Callable[[Reader, list[NameMatch], str | None], tuple[object, str]] = field(repr=False)


# --------------------------------------------------------------------------- reading slots (pure)


def _english(question: str) -> str:
    """Standard English names of institutions as Chinese, so an English question names entities as the graph."""
    text = fold_question(question)
    if not _LATIN.search(text):
        return text
    for pattern, chinese in _ENGLISH_PATTERNS:
        text = pattern.sub(chinese, text)
    return fold_question(text)


def _masked(question: str, mentions: list[Mention]) -> str:
    """The question with each mention blanked out (one private-use character per position): vocabulary is read
    around names, never inside them (大学 in 复旦大学 is no type word)."""
    chars = list(question)
    for mention in mentions:
        chars[mention.start:mention.end] = "\ue000" * (mention.end - mention.start)
    return "".join(chars)


def _misspelt(masked: str, word: str) -> Iterable[tuple[int, int]]:
    """Where ``word`` (four characters or more) stands with one character wrong (附属医阮)."""
    for start in range(len(masked) - len(word) + 1):
        if sum(a != b for a, b in zip(masked[start:start + len(word)], word)) == 1:
            yield start, start + len(word)


def _occurrences(text: str, word: str) -> Iterable[tuple[int, int]]:
    """Where ``word`` stands in ``text``, left to right, not overlapping (as a literal ``re.finditer``, without
    compiling a pattern per word: the vocabulary is larger than the ``re`` module's cache)."""
    start = text.find(word)
    while start >= 0:
        yield start, start + len(word)
        start = text.find(word, start + len(word))


def _find_words(masked: str, vocabulary, tolerate_typos: bool = False) -> list[Word]:
    """Vocabulary words in the masked question, longest first where they overlap; Latin ones as whole words.
    With ``tolerate_typos``, Chinese words of four characters or more also match with one character wrong."""
    taken = [False] * len(masked)
    found = []
    for word in sorted(vocabulary, key=len, reverse=True):
        spans = list(_occurrences(masked, word))
        if tolerate_typos and len(word) >= 4 and not word.isascii():
            spans += [span for span in _misspelt(masked, word) if "\ue000" not in masked[span[0]:span[1]]]
        for start, end in spans:
            if word[0].isascii() and ((start and masked[start - 1].isalpha() and masked[start - 1].isascii())
                                      or (end < len(masked) and masked[end].isascii() and masked[end].isalpha())):
                continue
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            found.append(Word(word, start, vocabulary[word] if isinstance(vocabulary, dict) else word))
    return sorted(found, key=lambda w: w.start)


def _typo_intent(masked: str) -> Word | None:
    """An intent word written with one wrong character (合做 for 合作), when no intent word is written right."""
    for word, intent in sorted(INTENT_WORDS.items(), key=lambda item: -len(item[0])):
        if word.isascii() or len(word) < 2 or intent in NO_TYPO_INTENTS:
            continue
        for start in range(len(masked) - len(word) + 1):
            window = masked[start:start + len(word)]
            if "\ue000" in window:
                continue
            if sum(a != b for a, b in zip(window, word)) == 1:
                return Word(word, start, intent)
    return None


def read_slots(question: str, index: NameIndex) -> Slots:
    """The slots of a question (pure): names, intent words, type word, question word, passive marker."""
    folded = _english(question.strip()).rstrip(_END_PUNCTUATION)
    vocabulary = set(TYPE_WORDS) | set(INTENT_WORDS) | set(QUESTION_WORDS) | set(FILLERS)
    mentions = [m for m in index.find_mentions(folded) if m.surface not in vocabulary]
    masked = _masked(folded, mentions)
    intents = _find_words(masked, INTENT_WORDS, tolerate_typos=True)
    typo = None
    if not intents:
        misspelt = _typo_intent(masked)
        if misspelt is not None:
            intents, typo = [misspelt], misspelt.text
    intent_spans = [(w.start, w.start + len(w.text)) for w in intents]
    types = [w for w in _find_words(masked, TYPE_WORDS)
             if not any(s <= w.start < e for s, e in intent_spans)]
    asks = _find_words(masked, dict.fromkeys(QUESTION_WORDS))
    passive = _find_words(masked, dict.fromkeys(PASSIVE_WORDS))
    return Slots(folded, tuple(mentions), tuple(intents), types[0] if types else None,
                 asks[0] if asks else None, passive[0] if passive else None, typo)


def _incoming(slots: Slots, intent: Word, entity: Mention) -> bool:
    """Whether the question asks who acts on the entity (谁资助了X, X由谁负责, X的投资方) rather than what it
    acts on (X资助了哪些机构): passive words, a noun for the other party, or the name after the verb."""
    if slots.passive is not None:
        return True
    if intent.text.endswith(("方", "人", "者", "单位", "investors", "investor")):
        return True
    return entity.start > intent.start


def understand(slots: Slots) -> Reading | None:
    """The form a question's slots make, or None (pure)."""
    mentions = slots.mentions
    kinds = {w.meaning: w for w in slots.intents}
    intent = next((kinds[k] for k in INTENT_ORDER if k in kinds and (k != "connection" or len(mentions) >= 2)),
                  None)
    type_ = slots.type.meaning if slots.type else None
    if len(mentions) >= 2 and (intent is None or intent.meaning in ("connection", "cooperate")):
        return Reading("connection", tuple(mentions[:2]))
    if not mentions:
        return None
    entity = mentions[0]
    if intent is None:
        return Reading("related_of_type", (entity,), type_) if slots.type else None
    meaning = intent.meaning
    if meaning == "documents":
        return Reading("documents", (entity,))
    if meaning == "cooperate":
        return Reading("partners_of_type" if slots.type and type_ else "partners", (entity,), type_)
    if meaning == "fund":
        return Reading("funders" if _incoming(slots, intent, entity) else "funded", (entity,), type_)
    if meaning == "responsible":
        return Reading("responsible_for_task" if _incoming(slots, intent, entity) else "responsibilities",
                       (entity,), type_ if type_ != "Task" else None)
    if meaning == "affiliated_hospitals":
        # X是哪个大学的附属医院 asks for the parent; X有哪些附属医院 for the hospitals.
        if slots.type and type_ not in (None, "Hospital") and slots.type.start < intent.start:
            return Reading("parent", (entity,), type_)
        return Reading("affiliated_hospitals", (entity,), "Hospital")
    if meaning == "belongs":
        # X属于哪个大学: the entity before the verb is the unit; 哪些医院属于X: after it, the parent.
        if entity.start < intent.start:
            return Reading("parent", (entity,), type_)
        return Reading("units", (entity,), type_)
    if meaning == "units":
        return Reading("units", (entity,), type_)
    if meaning == "located":
        # 哪些企业落户浦东, 浦东有哪些企业落户: what is in the place; 君实生物位于哪里: where the entity is.
        if entity.start > intent.start or slots.type:
            return Reading("in_region", (entity,), type_)
        return Reading("location", (entity,))
    return None


def by_entity_type(reading: Reading, resolved: list[NameMatch]) -> str:
    """The form once the names are resolved (pure): a Region's related entities of a type are what lies in it
    (浦东新区有哪些医院), through LOCATED_IN."""
    if reading.form == "related_of_type" and resolved[0].type == "Region":
        return "in_region"
    return reading.form


# --------------------------------------------------------------------------- answering


def _names(entities) -> str:
    names_ = [e.name for e in entities]
    shown = "、".join(names_[:10])
    return shown + (f"等{len(names_)}个" if len(names_) > 10 else "")


def _partners(reader: Reader, resolved: list[NameMatch], type_: str | None) -> tuple[Partners, str]:
    result = queries.partners(reader, resolved[0].id, type_, None, False, queries.PARTNERS_LIMIT)
    result.resolved = resolved[0]
    kind = TYPE_NAMES.get(result.type or "", "机构")
    if not result.partners:
        return result, f"图中没有{result.org.name}的{kind}合作伙伴。"
    return result, f"与{result.org.name}合作的{kind}：{_names(result.partners)}。"


def _relations(types: list[str], direction: str, sentence: str, empty: str, default_type: str | None = None):
    def answer(reader: Reader, resolved: list[NameMatch], type_: str | None) -> tuple[Relations, str]:
        entity, neighbour_type = resolved[0], type_ or default_type
        result = queries.relations(reader, entity.id, types, direction, neighbour_type)
        neighbours = list({g.neighbor.id: g.neighbor for g in result.relations}.values())
        kind = TYPE_NAMES.get(neighbour_type or "", "机构")
        if not neighbours:
            return result, empty.format(x=entity.name, kind=kind)
        return result, sentence.format(x=entity.name, names=_names(neighbours), kind=kind)

    return answer


def _paths(reader: Reader, resolved: list[NameMatch], type_: str | None) -> tuple[Paths, str]:
    result = queries.paths(reader, resolved[0].id, resolved[1].id, queries.MAX_HOPS, queries.PATHS_LIMIT)
    result.resolved = resolved
    if not result.paths:
        return result, f"{result.source.name}与{result.target.name}在{queries.MAX_HOPS}跳之内没有关联。"
    first = result.paths[0]
    chain = first.nodes[0].name + "".join(
        f" -{step.type}- {node.name}" for step, node in zip(first.steps, first.nodes[1:]))
    return result, f"{result.source.name}与{result.target.name}相距{first.hops}跳，共{len(result.paths)}条最短路径，例如：{chain}。"


def _documents(reader: Reader, resolved: list[NameMatch], type_: str | None) -> tuple[DocumentsMentioning, str]:
    result = queries.documents_mentioning(reader, resolved[0].id)
    if not result.documents:
        return result, f"没有文件提到{result.entity.name}。"
    titles = "、".join(d.title or d.doc or d.id for d in result.documents[:10])
    return result, f"提到{result.entity.name}的文件有{len(result.documents)}份：{titles}。"


FORMS: tuple[Form, ...] = (
    Form("partners_of_type", "哪些医院与复旦大学合作", _partners),
    Form("partners", "复旦大学的合作伙伴有哪些", _partners),
    Form("funders", "谁投资了科济开曼", _relations(
        ["FUNDS"], "in", "投资或资助{x}的有：{names}。", "图中没有投资或资助{x}的机构。")),
    Form("funded", "浦东科创子基金投资了哪些基金", _relations(
        ["FUNDS"], "out", "{x}投资或资助的有：{names}。", "图中没有{x}投资或资助的对象。")),
    Form("responsible_for_task", "谁负责打响张江药谷品牌", _relations(
        ["RESPONSIBLE_FOR"], "in", "负责{x}的有：{names}。", "图中没有负责{x}的单位。")),
    Form("responsibilities", "区科经委负责哪些任务", _relations(
        ["RESPONSIBLE_FOR"], "out", "{x}负责：{names}。", "图中没有{x}负责的任务。")),
    Form("affiliated_hospitals", "复旦大学有哪些附属医院", _relations(
        ["AFFILIATED_WITH"], "in", "{x}的附属医院：{names}。", "图中没有{x}的附属医院。", "Hospital")),
    Form("parent", "复旦大学附属儿科医院属于哪个大学", _relations(
        ["AFFILIATED_WITH", "PART_OF"], "out", "{x}隶属于：{names}。", "图中没有{x}所属的机构。")),
    Form("units", "中国科学院有哪些下属单位", _relations(
        ["PART_OF", "AFFILIATED_WITH"], "in", "{x}的下属单位：{names}。", "图中没有{x}的下属单位。")),
    Form("connection", "复旦大学与浦东医院有什么关系", _paths),
    Form("related_of_type", "交通大学有哪些研究院", _relations(
        [], "both", "与{x}相关的{kind}：{names}。", "图中没有与{x}相关的{kind}。")),
    Form("documents", "哪些文件提到了复旦大学", _documents),
    Form("in_region", "哪些机构落地宝山", _relations(
        ["LOCATED_IN"], "in", "位于{x}的{kind}：{names}。", "图中没有位于{x}的{kind}。")),
    Form("location", "上海临床创新转化研究院位于哪里", _relations(
        ["LOCATED_IN"], "out", "{x}位于：{names}。", "图中没有{x}所在的地区。")),
)
_BY_NAME = {form.name: form for form in FORMS}


def forms() -> list[QuestionForm]:
    return [QuestionForm(template=form.name, example=form.example) for form in FORMS]


def _not_understood(slots: Slots) -> UnknownQuestion:
    return UnknownQuestion(
        "the question names no entity with a relation to ask about; ask like one of detail.forms",
        {"slots": slots.summary(), "forms": [form.model_dump() for form in forms()]},
    )


def _separator(words) -> str:
    """A pattern matching any of ``words``: Chinese ones anywhere, Latin ones as whole words."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w) for w in ordered)


_SEPARATORS = _separator({w for w in (*TYPE_WORDS, *INTENT_WORDS, *QUESTION_WORDS, *FILLERS, *PASSIVE_WORDS)
                          if len(w) >= 2 or w.isascii()})
_EDGE_FILLERS = "".join(sorted({w for w in (*FILLERS, *PASSIVE_WORDS) if len(w) == 1 and not w.isascii()}))


def _pieces(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    """What is left of a question once its vocabulary is taken out: candidate names, longest first. One-character
    fillers go only at a piece's edges (和 inside 嘉和生物 stays)."""
    pattern = _SEPARATORS + "".join(f"|{re.escape(w)}" for w in extra)
    pieces = (p.strip().strip(_EDGE_FILLERS).strip() for p in re.split(pattern, text))
    return sorted({p for p in pieces if len(p) >= 2}, key=len, reverse=True)


def _resolved_piece(question: str, pieces: list[str], index: NameIndex,
                    types: list[str] | None = None) -> Mention | None:
    """The first piece that names some entity (a form, a piece of a name, a near match), else the longest as an
    unknown name (404 with suggestions); None when nothing is left."""
    if not pieces:
        return None
    resolutions = [index.resolve(piece, types) for piece in pieces]
    chosen = next((r for r in resolutions if r.ids), Resolution(pieces[0], ()))
    start = question.find(chosen.query)
    return Mention(start, start + len(chosen.query), chosen.query, chosen)


def _residual_mention(slots: Slots, index: NameIndex) -> Mention | None:
    """When the automaton found no name: the rest of the question, resolved as a reference."""
    typo = (slots.question[slots.intents[0].start:slots.intents[0].start + len(slots.typo)],) if slots.typo else ()
    return _resolved_piece(slots.question, _pieces(slots.question, typo), index)


def _task_mention(slots: Slots, reading: Reading, index: NameIndex) -> Mention:
    """Who is responsible for what: the task is the whole phrase the question names, not a name inside it (谁负责
    建设生物医药产业园 asks about that task, not about an entity called 生物医药)."""
    entity = reading.mentions[0]
    if entity.resolution.unique and index.entries[entity.resolution.unique].type == "Task":
        return entity
    found = _resolved_piece(slots.question, _pieces(slots.question), index, ["Task"])
    return found if found is not None else entity


def ask(reader: Reader, question: str) -> Answer:
    """Answer a question from the graph; 422 listing the slots found and the forms understood when none fits."""
    index = reader.index.names
    slots = read_slots(question, index)
    if not slots.mentions and (slots.intents or slots.type):
        mention = _residual_mention(slots, index)
        if mention is not None:
            slots = Slots(slots.question, (mention,), slots.intents, slots.type, slots.asks, slots.passive,
                          slots.typo)
    reading = understand(slots)
    if reading is None:
        raise _not_understood(slots)
    if reading.form == "responsible_for_task":
        reading = Reading(reading.form, (_task_mention(slots, reading, index),), reading.type)
    resolved = [names.require_one(index, m.resolution, ["Task"] if reading.form == "responsible_for_task" and
                                  not m.resolution.ids else None) for m in reading.mentions]
    form = _BY_NAME[by_entity_type(reading, resolved)]
    result, text = form.answer(reader, resolved, reading.type)
    return Answer(question=question, template=form.name, text=text, result=result, cypher=reader.ran,
                  resolved=resolved)
