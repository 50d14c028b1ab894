"""pkuseg's segmentation (spacy_pkuseg, CTB8, no part-of-speech), computed the same way at a third of the cost.

spacy_pkuseg builds every character's features as strings (~90 concatenations and dictionary look-ups per
character in its Cython extractor): 15 of its ~19 µs per character. :class:`FastCut` computes the same node
scores — the same features, their weights added in the same order, so the same floating-point sums — from
per-character and per-word feature indexes gathered once, then runs the package's own Viterbi and
post-processing (dictionary merges). ``tests/extractors/test_fast_pkuseg.py`` checks it cuts the dev corpora and
hand-made stress cases exactly as the package does.

It relies on how spacy_pkuseg 1.0.2 extracts features (checked by :func:`install`, which leaves the package's own
``cut`` in place when anything differs): feature names ``c.X``, ``c-1.X`` … ``ww.l.A*B``, words of 2 to 6
characters, five tags, digits and Latin letters normalised to ``**Num`` / ``**Letter``.
"""
from __future__ import annotations

import logging
from importlib import metadata

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


def install(nlp: Language) -> bool:
    """Make the pipeline's pkuseg segmenter cut with :class:`FastCut`, when the installed spacy_pkuseg is the one
    it mirrors; whether it did."""
    seg = getattr(nlp.tokenizer, "pkuseg_seg", None)
    if seg is None or isinstance(getattr(seg.cut, "__self__", None), FastCut):
        return False
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
    seg.cut = FastCut(seg).cut
    return True


class FastCut:
    """``seg.cut`` of a spacy_pkuseg ``pkuseg`` (postag off), computed from feature indexes."""

    def __init__(self, seg) -> None:
        from spacy_pkuseg import inference  # noqa: PLC0415
        from spacy_pkuseg.feature_extractor import FeatureExtractor  # noqa: PLC0415

        self.seg, self.original = seg, seg.cut
        self._viterbi = inference.run_viterbi
        extractor, model = seg.feature_extractor, seg.model
        self.features = features = extractor.feature_to_idx
        self.weights = model.w[: model.n_feature * model.n_tag].reshape(model.n_feature, model.n_tag)
        # a feature whose weights are all zero stands for "no such feature": adding it changes no sum
        self.none = none = int(numpy.flatnonzero(~self.weights.any(1))[0])
        _, self.transitions = inference.getLogYY([], model.n_tag, model.n_feature * model.n_tag, model.w, 1.0)
        # FeatureExtractor.normalize_text to one character per character: keywords renamed first (so '.', a
        # keyword and a digit, becomes '&'), then digits and letters to their placeholders
        table = dict(FeatureExtractor.keywords_translate_table)
        table.update({ord(ch): NUM for ch in FeatureExtractor.num})
        table.update({ord(ch): LETTER for ch in FeatureExtractor.letter})
        table.update({ord(ch): "&" for ch in FeatureExtractor.keywords})
        self.normalise = table
        self.names = {NUM: "**Num", LETTER: "**Letter"}
        # word → (index of "w-1.word", index of "w1.word")
        self.words = {w: (features.get("w-1." + w, none), features.get("w1." + w, none)) for w in extractor.unigram}
        # every proper prefix (2–5 characters) of a word of 3–6: a search from a start stops at a non-prefix
        self.prefixes = {w[:n] for w in extractor.unigram if 3 <= len(w) <= 6 for n in range(2, len(w))}
        self._characters: dict[str, tuple[int, ...]] = {}
        self.begins = numpy.array(["B" in seg.idx_to_tag[i] for i in range(model.n_tag)])

    def _character(self, ch: str) -> tuple[int, ...]:
        """Indexes of c., c-1., c1., c-2., c2. of a character (normalised), remembered."""
        name = self.names.get(ch, ch)
        f, none = self.features, self.none
        found = (f.get("c." + name, none), f.get("c-1." + name, none), f.get("c1." + name, none),
                 f.get("c-2." + name, none), f.get("c2." + name, none))
        self._characters[ch] = found
        return found

    def _scores(self, fragments: list[str]) -> numpy.ndarray:
        """Node scores [characters, tags] of the normalised fragments one after another, as getLogYY sums them."""
        f, none, words, prefixes = self.features, self.none, self.words, self.prefixes
        characters, names = self._characters, self.names
        total = sum(map(len, fragments))
        dense = numpy.full((8, total), none, dtype=numpy.intp)  # c., c-1., c-1c., c1., cc1., c-2., c-2c-1., c2.
        sparse: list[list[tuple[int, int]]] = [[] for _ in range(_SPARSE_ROWS)]
        offset = 0
        for text in fragments:
            n = len(text)
            per_char = [characters.get(ch) or self._character(ch) for ch in text]
            named = [names.get(ch, ch) for ch in text] if (NUM in text or LETTER in text) else text
            rows = dense[:, offset:offset + n]
            rows[0] = [c[0] for c in per_char]
            if n > 1:
                pairs = [named[j] + "." + named[j + 1] for j in range(n - 1)]
                rows[1, 1:] = [c[1] for c in per_char[:-1]]
                rows[2, 1:] = [f.get("c-1c." + p, none) for p in pairs]
                rows[3, :-1] = [c[2] for c in per_char[1:]]
                rows[4, :-1] = [f.get("cc1." + p, none) for p in pairs]
                if n > 2:
                    rows[5, 2:] = [c[3] for c in per_char[:-2]]
                    rows[6, 2:] = [f.get("c-2c-1." + p, none) for p in pairs[:-1]]
                    rows[7, :-2] = [c[4] for c in per_char[2:]]
            # dictionary words by start and by end: (6 - length, word), longest first as the package lists them
            starting: list[list[tuple[int, str]]] = [[] for _ in range(n)]
            ending: list[list[tuple[int, str]]] = [[] for _ in range(n)]
            for j in range(n - 1):
                found = []
                for length in WORD_LENGTHS:
                    if j + length > n:
                        break
                    word = text[j:j + length]
                    indexes = words.get(word)
                    if indexes is not None:
                        found.append((length, word, indexes))
                    if length == 6 or word not in prefixes:
                        break
                for length, word, (before, after) in reversed(found):
                    k, end = 6 - length, j + length - 1
                    starting[j].append((k, word))
                    ending[end].append((k, word))
                    sparse[k].append((offset + end, before))  # w-1.word: the word ends here
                    sparse[5 + k].append((offset + j, after))  # w1.word: the word starts here
            for i in range(n):
                # ww.l at i: a word ending at i-1, then one starting at i; ww.r at i: ending at i, starting at i+1
                if i > 0 and starting[i]:
                    for ka, a in ending[i - 1]:
                        for kb, b in starting[i]:
                            index = f.get("ww.l." + a + "*" + b)
                            if index is not None:
                                sparse[10 + ka * 5 + kb].append((offset + i, index))
                if i + 1 < n and ending[i]:
                    for ka, a in ending[i]:
                        for kb, b in starting[i + 1]:
                            index = f.get("ww.r." + a + "*" + b)
                            if index is not None:
                                sparse[35 + ka * 5 + kb].append((offset + i, index))
            offset += n
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
        seg = self.seg
        text = text.strip()
        if not text:
            return []
        if NUM in text or LETTER in text:
            return self.original(text)
        pieces: list[tuple[bool, str]] = []  # (a user-dictionary word, text)
        for chunk in text.split():
            parts, is_word, _ = seg.preprocesser.solve(chunk)
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
        post = self.seg.postprocesser
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
        post = self.seg.postprocesser
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
