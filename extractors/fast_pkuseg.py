"""pkuseg's segmentation (spacy_pkuseg, CTB8, no part-of-speech), computed the same way at a third of the cost.

spacy_pkuseg builds every character's features as strings (~90 concatenations and dictionary look-ups per
character in its Cython extractor): 15 of its ~19 µs per character. :class:`FastCut` computes the same node
scores — the same features, their weights added in the same order, so the same floating-point sums — from
per-character and per-word feature indexes gathered once, then runs the package's own Viterbi and
post-processing (dictionary merges). ``tests/extractors/test_fast_pkuseg.py`` checks it cuts the dev corpora and
hand-made stress cases exactly as the package does.

Its tables (feature indexes keyed by code points and word ids, :func:`save_tables`) live in the pipeline cache and
load in milliseconds; the package's own 1.6M-feature table takes seconds to unpack in every process (the build's
workers each pay it), so :class:`LazyPkuseg` loads it only when something needs the package itself.

It relies on how spacy_pkuseg 1.0.2 extracts features (checked by :func:`install`, which leaves the package's own
``cut`` in place when anything differs): feature names ``c.X``, ``c-1.X`` … ``ww.l.A*B``, words of 2 to 6
characters, five tags, digits and Latin letters normalised to ``**Num`` / ``**Letter``.
"""
from __future__ import annotations

import logging
from importlib import metadata
from pathlib import Path

import numpy
from spacy.language import Language

_log = logging.getLogger(__name__)

SUPPORTED_VERSION = "1.0.2"
_CONFIG = {"wordMax": 6, "wordMin": 2, "nLabel": 5, "delimInFeature": ".", "numLetterNorm": True, "order": 1}
# Placeholders for a normalised digit / Latin letter: one character each, so positions stay those of the text.
# A text that holds either itself goes to the package's own cut.
NUM, LETTER = "\x00", "\x01"
WORD_LENGTHS = (2, 3, 4, 5, 6)
# sparse feature rows: w-1 and w1 of each word length (5 + 5), ww.l and ww.r of each pair of lengths (25 + 25)
_SPARSE_ROWS = 60


TABLES_DIR = "fast_pkuseg"  # beside the pipeline's components in its cache
TABLES_FORMAT = 1
_PAIR_KINDS = ("c-1c.", "cc1.", "c-2c-1.")
_CHAR_KINDS = ("c.", "c-1.", "c1.", "c-2.", "c2.")
_WORD_BITS = 17  # word ids of the ww.l / ww.r keys (CTB8: 68,366 words)
_PLACEHOLDER_CODES = {"**Num": ord(NUM), "**Letter": ord(LETTER)}


def supported(seg) -> bool:
    """Whether ``seg`` (a spacy_pkuseg ``pkuseg``) is the one :class:`FastCut` mirrors."""
    try:
        from spacy_pkuseg.config import config  # noqa: PLC0415
        version = metadata.version("spacy_pkuseg")
    except (ImportError, metadata.PackageNotFoundError):
        return False
    differs = [k for k, v in _CONFIG.items() if getattr(config, k, None) != v]
    if version != SUPPORTED_VERSION or differs or seg.postag or seg.model.n_tag != 5:
        _log.info("spacy_pkuseg %s (settings %s) is not the one extractors/fast_pkuseg.py mirrors: its own "
                  "segmentation runs", version, differs)
        return False
    return True


def install(nlp: Language, tables: dict | None = None) -> bool:
    """Make the pipeline's pkuseg segmenter cut with :class:`FastCut` (from ``tables``, else its own, made now),
    when the installed spacy_pkuseg is the one it mirrors; whether it did."""
    seg = getattr(nlp.tokenizer, "pkuseg_seg", None)
    if seg is None or isinstance(getattr(seg.cut, "__self__", None), FastCut) or not supported(seg):
        return False
    seg.cut = FastCut(tables or _tables(seg), seg.preprocesser, seg.postprocesser, seg.cut).cut
    return True


def save_tables(seg, directory: Path) -> dict | None:
    """Write :class:`FastCut`'s tables of ``seg`` to ``directory`` and return them, when it is the pkuseg FastCut
    mirrors. Loading them (:func:`load_tables`) takes milliseconds where the package's feature table takes seconds."""
    if not supported(seg):
        return None
    directory.mkdir(parents=True, exist_ok=True)
    tables = _tables(seg)
    arrays = {k: v for k, v in tables.items() if k not in ("weights", "words")}
    numpy.save(directory / "weights.npy", tables["weights"])
    (directory / "words.txt").write_text("\n".join(tables["words"]), encoding="utf-8")
    numpy.savez(directory / "tables.npz", format=TABLES_FORMAT, **arrays)
    return tables


def load_tables(directory: Path) -> dict | None:
    """The tables :func:`save_tables` wrote, or None when there are none of this format."""
    try:
        with numpy.load(directory / "tables.npz") as stored:
            if int(stored["format"]) != TABLES_FORMAT:
                return None
            tables = {k: stored[k] for k in stored.files if k != "format"}
        tables["weights"] = numpy.load(directory / "weights.npy", mmap_mode="r")  # pages shared by every worker
        tables["words"] = (directory / "words.txt").read_text(encoding="utf-8").split("\n")
    except (OSError, KeyError, ValueError):
        return None
    return tables


def _code(name: str) -> int | None:
    """The normalised character whose feature name is ``name`` (one character, **Num or **Letter), as a code."""
    if name in _PLACEHOLDER_CODES:
        return _PLACEHOLDER_CODES[name]
    if len(name) == 1 and ord(name) not in _PLACEHOLDER_CODES.values():
        return ord(name)
    return None


def _split_pair(rest: str) -> list[tuple[int, int]]:
    """Every (code, code) whose names joined by '.' give ``rest``."""
    splits = [(_code(rest[:i]), _code(rest[i + 1:])) for i, ch in enumerate(rest) if ch == "."]
    return [(a, b) for a, b in splits if a is not None and b is not None]


def _tables(seg) -> dict:
    """FastCut's look-up tables of a loaded spacy_pkuseg ``pkuseg``: feature indexes keyed by integers."""
    from spacy_pkuseg import inference  # noqa: PLC0415

    extractor, model = seg.feature_extractor, seg.model
    features = extractor.feature_to_idx
    weights = model.w[: model.n_feature * model.n_tag].reshape(model.n_feature, model.n_tag)
    # a feature whose weights are all zero stands for "no such feature": adding it changes no sum
    none = int(numpy.flatnonzero(~weights.any(1))[0])
    _, transitions = inference.getLogYY([], model.n_tag, model.n_feature * model.n_tag, model.w, 1.0)
    chars: dict[int, list[int]] = {}
    pairs: list[dict[int, int]] = [{} for _ in _PAIR_KINDS]
    words = sorted(extractor.unigram)
    word_ids = {w: i for i, w in enumerate(words)}
    crossings: dict[str, dict[int, int]] = {"l": {}, "r": {}}  # ww.l. and ww.r. features
    char_kinds = {kind: k for k, kind in enumerate(_CHAR_KINDS)}
    pair_kinds = {kind: k for k, kind in enumerate(_PAIR_KINDS)}
    for name, index in features.items():
        head, _, rest = name.partition(".")
        kind = head + "."
        if kind == "ww.":
            side, _, rest = rest.partition(".")
            table = crossings.get(side)
            if table is None:
                continue
            for cut in (i for i, ch in enumerate(rest) if ch == "*"):
                a, b = word_ids.get(rest[:cut]), word_ids.get(rest[cut + 1:])
                if a is not None and b is not None:
                    table[a << _WORD_BITS | b] = index
        elif kind in pair_kinds:
            for a, b in _split_pair(rest):
                pairs[pair_kinds[kind]][a << 21 | b] = index
        elif kind in char_kinds:
            code = _code(rest)
            if code is not None:
                chars.setdefault(code, [none] * 5)[char_kinds[kind]] = index
    assert len(words) < 1 << _WORD_BITS

    def sorted_table(table: dict[int, int]) -> tuple[numpy.ndarray, numpy.ndarray]:
        keys = numpy.array(sorted(table), dtype=numpy.int64)
        return keys, numpy.array([table[k] for k in keys.tolist()], dtype=numpy.intp)

    tables = {"weights": weights, "words": words, "none": numpy.array(none), "transitions": transitions,
              "begins": numpy.array(["B" in seg.idx_to_tag[i] for i in range(model.n_tag)]),
              "before": numpy.array([features.get("w-1." + w, none) for w in words], dtype=numpy.intp),
              "after": numpy.array([features.get("w1." + w, none) for w in words], dtype=numpy.intp)}
    char_codes = sorted(chars)
    tables["char_codes"] = numpy.array(char_codes, dtype=numpy.int64)
    tables["char_features"] = numpy.array([chars[c] for c in char_codes], dtype=numpy.intp).reshape(-1, 5)
    for k, table in enumerate(pairs):
        tables[f"pair{k}_keys"], tables[f"pair{k}_values"] = sorted_table(table)
    for side, table in crossings.items():
        tables[f"{side}_keys"], tables[f"{side}_values"] = sorted_table(table)
    return tables


def _lookup(keys: numpy.ndarray, values: numpy.ndarray, wanted: numpy.ndarray, missing: int) -> numpy.ndarray:
    """values[keys == w] (a row of ``values``) for each w of ``wanted``, ``missing`` where a key is absent."""
    at = numpy.searchsorted(keys, wanted)
    at[at == len(keys)] = 0
    found = keys[at] == wanted
    return numpy.where(found.reshape(found.shape + (1,) * (values.ndim - 1)), values[at], missing)


class LazyPkuseg:
    """The tokenizer's ``pkuseg_seg``: cuts with :class:`FastCut` from its tables, and loads the package's model
    (seconds) only when something needs it — a text :class:`FastCut` hands to the package, or spaCy saving it."""

    def __init__(self, tables: dict, model_dir: Path, processors) -> None:
        from spacy_pkuseg import Postprocesser, Preprocesser  # noqa: PLC0415

        user_dict, do_process, common_words, other_words = processors
        self.model_dir, self.preprocesser = model_dir, Preprocesser(user_dict)
        self.postprocesser = Postprocesser(None, None)
        self.postprocesser.do_process = do_process
        self.postprocesser.common_words, self.postprocesser.other_words = set(common_words), set(other_words)
        self._package = None
        self.cut = FastCut(tables, self.preprocesser, self.postprocesser, self._package_cut).cut

    def package(self):
        """The package's own segmenter, with this one's dictionaries."""
        if self._package is None:
            import spacy_pkuseg  # noqa: PLC0415

            package = spacy_pkuseg.pkuseg(str(self.model_dir))
            package.preprocesser, package.postprocesser = self.preprocesser, self.postprocesser
            self._package = package
        return self._package

    @property
    def package_loaded(self) -> bool:
        return self._package is not None

    def _package_cut(self, text: str) -> list[str]:
        return self.package().cut(text)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.package(), name)


class FastCut:
    """``seg.cut`` of a spacy_pkuseg ``pkuseg`` (postag off), computed from its tables (:func:`_tables`)."""

    def __init__(self, tables: dict, preprocesser, postprocesser, original) -> None:
        from spacy_pkuseg import inference  # noqa: PLC0415
        from spacy_pkuseg.feature_extractor import FeatureExtractor  # noqa: PLC0415

        self.preprocesser, self.postprocesser, self.original = preprocesser, postprocesser, original
        self._viterbi = inference.run_viterbi
        self.tables, self.weights = tables, tables["weights"]
        self.none, self.transitions, self.begins = int(tables["none"]), tables["transitions"], tables["begins"]
        # FeatureExtractor.normalize_text to one character per character: keywords renamed first (so '.', a
        # keyword and a digit, becomes '&'), then digits and letters to their placeholders
        table = dict(FeatureExtractor.keywords_translate_table)
        table.update({ord(ch): NUM for ch in FeatureExtractor.num})
        table.update({ord(ch): LETTER for ch in FeatureExtractor.letter})
        table.update({ord(ch): "&" for ch in FeatureExtractor.keywords})
        self.normalise = table
        words = tables["words"]
        # word → (its id, index of "w-1.word", index of "w1.word")
        self.words = dict(zip(words, zip(range(len(words)), tables["before"].tolist(), tables["after"].tolist())))
        # every proper prefix (2–5 characters) of a word of 3–6: a search from a start stops at a non-prefix
        self.prefixes = {w[:n] for w in words if 3 <= len(w) <= 6 for n in range(2, len(w))}

    def _scores(self, fragments: list[str]) -> numpy.ndarray:
        """Node scores [characters, tags] of the normalised fragments one after another, as getLogYY sums them."""
        t, none, words, prefixes = self.tables, self.none, self.words, self.prefixes
        joined = "".join(fragments)
        total = len(joined)
        codes = numpy.frombuffer(joined.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.int64)
        # position of each character in its fragment, and characters left after it
        lengths = numpy.array([len(f) for f in fragments])
        starts = numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)
        position = numpy.arange(total) - starts
        left = numpy.repeat(lengths, lengths) - position - 1
        chars = _lookup(t["char_codes"], t["char_features"], codes, none)  # [characters, c. … c2.]
        pair_keys = codes[:-1] << 21 | codes[1:]  # the pair starting at each position
        pair = [_lookup(t[f"pair{k}_keys"], t[f"pair{k}_values"], pair_keys, none) for k in range(3)]
        dense = numpy.full((8, total), none, dtype=numpy.intp)  # c., c-1., c-1c., c1., cc1., c-2., c-2c-1., c2.
        dense[0] = chars[:, 0]
        has1, has2, more1, more2 = position >= 1, position >= 2, left >= 1, left >= 2
        dense[1, 1:] = chars[:-1, 1]
        dense[2, 1:] = pair[0]
        dense[3, :-1] = chars[1:, 2]
        dense[4, :-1] = pair[1]
        dense[5, 2:] = chars[:-2, 3]
        dense[6, 2:] = pair[2][:-1]
        dense[7, :-2] = chars[2:, 4]
        for rows, present in (((1, 2), has1), ((3, 4), more1), ((5, 6), has2), ((7,), more2)):
            for row in rows:
                dense[row][~present] = none
        sparse: list[list[tuple[int, int]]] = [[] for _ in range(_SPARSE_ROWS)]
        crossings: dict[str, list[tuple[int, int, int]]] = {"l": [], "r": []}  # (row, position, key)
        offset = 0
        for text in fragments:
            n = len(text)
            # dictionary words by start and by end: (6 - length, word id), longest first as the package lists them
            starting: list[list[tuple[int, int]]] = [[] for _ in range(n)]
            ending: list[list[tuple[int, int]]] = [[] for _ in range(n)]
            for j in range(n - 1):
                found = []
                for length in WORD_LENGTHS:
                    if j + length > n:
                        break
                    word = text[j:j + length]
                    indexes = words.get(word)
                    if indexes is not None:
                        found.append((length, indexes))
                    if length == 6 or word not in prefixes:
                        break
                for length, (word_id, before, after) in reversed(found):
                    k, end = 6 - length, j + length - 1
                    starting[j].append((k, word_id))
                    ending[end].append((k, word_id))
                    sparse[k].append((offset + end, before))  # w-1.word: the word ends here
                    sparse[5 + k].append((offset + j, after))  # w1.word: the word starts here
            for i in range(n):
                # ww.l at i: a word ending at i-1, then one starting at i; ww.r at i: ending at i, starting at i+1
                if i > 0 and starting[i]:
                    for ka, a in ending[i - 1]:
                        for kb, b in starting[i]:
                            crossings["l"].append((10 + ka * 5 + kb, offset + i, a << _WORD_BITS | b))
                if i + 1 < n and ending[i]:
                    for ka, a in ending[i]:
                        for kb, b in starting[i + 1]:
                            crossings["r"].append((35 + ka * 5 + kb, offset + i, a << _WORD_BITS | b))
            offset += n
        for side, listed in crossings.items():
            if listed:
                found = _lookup(t[f"{side}_keys"], t[f"{side}_values"],
                                numpy.array([key for _, _, key in listed], dtype=numpy.int64), -1).tolist()
                for (row, i, _), index in zip(listed, found):
                    if index >= 0:
                        sparse[row].append((i, index))
        weights = self.weights
        scores = numpy.zeros((total, weights.shape[1]))
        scores += weights[0]  # the package adds feature 0 to every character first
        for row in dense:
            scores += weights[row]
        for listed in sparse:
            if listed:
                at = numpy.array(listed, dtype=numpy.intp)
                scores[at[:, 0]] += weights[at[:, 1]]
        return scores

    def cut(self, text: str) -> list[str]:
        """The words of ``text``, as ``pkuseg.cut``."""
        text = text.strip()
        if not text:
            return []
        if NUM in text or LETTER in text:
            return self.original(text)
        pieces: list[tuple[bool, str]] = []  # (a user-dictionary word, text)
        for chunk in text.split():
            parts, is_word, _ = self.preprocesser.solve(chunk)
            pieces.extend(zip(is_word, parts))
        raw = [part for is_word, part in pieces if not is_word]
        if not raw:
            return [part for _, part in pieces]
        scores = self._scores([part.translate(self.normalise) for part in raw])
        words, offset = [], 0
        for is_word, part in pieces:
            if is_word:
                words.append(part)
                continue
            _, tags = self._viterbi(scores[offset:offset + len(part)], self.transitions)
            offset += len(part)
            cuts = [0, *(numpy.flatnonzero(self.begins[tags[1:]]) + 1).tolist(), len(part)]
            words.extend(self._merged(part, cuts))
        return words

    def _merged(self, part: str, cuts: list[int]) -> list[str]:
        """The package's post-processing (dictionary merges of 7 down to 2 words); window sizes whose merged
        strings are in neither dictionary are skipped without its list surgery."""
        post = self.postprocesser
        words = [part[cuts[k]:cuts[k + 1]] for k in range(len(cuts) - 1)]
        if not post.do_process:
            return words
        for size in range(7, 1, -1):
            if len(words) < size:
                continue
            merged = [part[cuts[i]:cuts[i + size]] for i in range(len(words) - size + 1)]
            if post.other_words.isdisjoint(merged) and post.common_words.isdisjoint(merged):
                continue
            return post.post_process(words, check_seperated=True) if size == 7 else self._merge_from(words, size)
        return words

    def _merge_from(self, words: list[str], largest: int) -> list[str]:
        """``post_process``'s loop from window size ``largest`` down to 2 (larger windows merged nothing)."""
        post = self.postprocesser
        for size in range(largest, 1, -1):
            end = len(words) - size
            i = 0
            while i < end + 1:
                merged = "".join(words[i:i + size])
                if merged in post.common_words:
                    merge = True
                elif merged in post.other_words:
                    merge = not all(w in post.common_words or w in post.other_words for w in words[i:i + size])
                else:
                    merge = False
                if merge:
                    words[i:i + size] = [merged]
                    end = len(words) - size
                i += 1
        return words
