"""The first guard in front of analysts' Cypher (``POST /cypher``, ``ecokg cypher`` without ``--write``).

The second guard is the database: such queries run as a user the server lets only read (see
``graph.store``), so nothing this check misses can change the graph. This check refuses early, with a
message that says why, what can never be a read: writing clauses, ``LOAD CSV``, ``CALL … IN TRANSACTIONS``,
schema and administration commands, procedures and namespaced functions outside an allow-list, several
statements, and variable-length patterns without a small upper bound.

It works on tokens, as the server's lexer makes them: string literals (with Cypher's escapes only — an
unknown escape is refused rather than guessed at), ``//`` comments ended by *any* line terminator (a
comment that ends earlier on the server would otherwise hide code from this check), ``/* */`` comments,
backtick-quoted names (``` `` ``` escapes a backtick) and parameters. Keywords are compared after NFKC
folding, with invisible characters dropped and Cyrillic/Greek look-alikes mapped to Latin, so disguised
keywords are refused as if typed plainly.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import takewhile

from ecokg.errors import QueryError

# Words that start a writing, loading or administrative clause or command, wherever they stand as code.
FORBIDDEN_WORDS = frozenset({
    "create", "merge", "set", "delete", "detach", "remove", "drop", "load", "foreach", "periodic",
    "alter", "grant", "deny", "revoke", "rename", "terminate", "show", "use", "transactions", "start",
    "stop", "enable", "deallocate", "begin", "commit", "rollback",
})
# Read-only procedures an analyst may CALL.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
})
# Namespaces of functions that only compute values; any other ``ns.fn(…)`` (apoc.*, merge.*, create.*, do.*,
# cypher.*, dbms.*, gds.* …, some of which write) is refused.
ALLOWED_FUNCTION_NAMESPACES = frozenset({
    "date", "datetime", "localdatetime", "time", "localtime", "duration", "point", "vector.similarity",
})
# The longest variable-length pattern (``[*1..6]``) a query may ask for: longer ones enumerate paths by the million.
MAX_HOPS = 6

# Everything the server's lexer may take as the end of a line (and so of a // comment).
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
LINE_TERMINATORS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
STRING_ESCAPES = set("\\'\"bBfFnNrRtT")

# Letters from other scripts that look like Latin ones (Unicode confusables, the subset that matters for keywords).
LOOKALIKES = str.maketrans({
    "А": "a", "В": "b", "С": "c", "Е": "e", "Н": "h", "І": "i", "Ј": "j", "К": "k", "М": "m", "О": "o",
    "Р": "p", "Ѕ": "s", "Т": "t", "Х": "x", "У": "y", "а": "a", "с": "c", "е": "e", "һ": "h", "і": "i",
    "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x", "у": "y", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ı": "i", "ȷ": "j",
})


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "quoted" (a `backtick` name), "string", "number", "param", "symbol"
    text: str  # for words: folded (NFKC, look-alikes mapped, lower case)
    start: int


def check_read_only(query: str) -> None:
    """Raise :class:`QueryError` naming the reason unless ``query`` is one statement that can only read."""
    tokens = tokenize(query)
    if not tokens:
        raise QueryError("the query is empty")
    if tokens[-1].text == ";":
        tokens = tokens[:-1]
    for index, token in enumerate(tokens):
        previous = tokens[index - 1].text if index else ""
        if token.text == ";":
            raise QueryError("several statements: send one query without ';'")
        if token.kind != "word" or previous in (".", "as"):
            continue  # a property key or an alias may be called `set` or `start`
        if token.text in FORBIDDEN_WORDS and not _is_map_key(tokens, index):
            raise QueryError(f"{token.text.upper()} is not allowed: these queries only read the graph")
        name, after = _qualified_name(tokens, index)
        if previous == "call":
            if name not in ALLOWED_PROCEDURES:
                raise QueryError(f"CALL {name} is not allowed; read-only procedures: "
                                 f"{', '.join(sorted(ALLOWED_PROCEDURES))}")
        elif "." in name and after < len(tokens) and tokens[after].text == "(" and previous != ":":
            namespace = name.rsplit(".", 1)[0]
            if namespace not in ALLOWED_FUNCTION_NAMESPACES:
                raise QueryError(f"{name}() is not allowed: functions outside "
                                 f"{', '.join(sorted(ALLOWED_FUNCTION_NAMESPACES))} may write or reach outside the graph")
    _check_path_lengths(tokens)


def tokenize(query: str) -> list[Token]:
    """The query's tokens without comments; raises :class:`QueryError` on an unclosed string, comment or name."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if query.startswith("//", i):
            i = _line_end(query, i)
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise QueryError("a /* comment is never closed")
            i = end + 2
        elif char in "'\"":
            end = _end_of_string(query, i)
            tokens.append(Token("string", query[i:end], i))
            i = end
        elif char == "`":
            end = _end_of_quoted_name(query, i)
            tokens.append(Token("quoted", query[i + 1:end - 1].replace("``", "`"), i))
            i = end
        elif char.isspace() or unicodedata.category(char) == "Cf":
            i += 1
        elif char == "$":
            end = _word_end(query, i + 1)
            tokens.append(Token("param", query[i + 1:end], i))
            i = max(end, i + 1)
        elif char.isdigit():
            match = NUMBER.match(query, i)
            tokens.append(Token("number", match.group(0), i))
            i = match.end()
        elif _is_word_char(char):
            end = _word_end(query, i)
            tokens.append(Token("word", fold(query[i:end]), i))
            i = end
        else:
            symbol = ".." if query.startswith("..", i) else fold(char)
            tokens.append(Token("symbol", symbol, i))
            i += len(symbol) if symbol == ".." else 1
    return tokens


def fold(code: str) -> str:
    """NFKC (full-width → ASCII), invisible format characters dropped, look-alike letters mapped, lower case."""
    normal = unicodedata.normalize("NFKC", code)
    visible = "".join(char for char in normal if unicodedata.category(char) != "Cf")
    return visible.translate(LOOKALIKES).casefold()


def _is_word_char(char: str) -> bool:
    # Format characters (zero-width space …) join a word, as they would hide inside a keyword.
    return char.isalnum() or char == "_" or unicodedata.category(char) in ("Cf", "Mn", "Mc")


def _word_end(query: str, i: int) -> int:
    while i < len(query) and _is_word_char(query[i]):
        i += 1
    return i


def _line_end(query: str, i: int) -> int:
    ends = [at for at in (query.find(t, i) for t in LINE_TERMINATORS) if at >= 0]
    return min(ends) if ends else len(query)


def _end_of_string(query: str, start: int) -> int:
    quote, i = query[start], start + 1
    while i < len(query):
        if query[i] == "\\":
            escape = query[i + 1:i + 2]
            if escape in ("u", "U"):
                digits = 4 if escape == "u" else 8
                if not re.fullmatch(r"[0-9a-fA-F]{%d}" % digits, query[i + 2:i + 2 + digits]):
                    raise QueryError(f"a string at character {start} has a bad \\{escape} escape")
                i += 2 + digits
            elif escape in STRING_ESCAPES:
                i += 2
            else:
                raise QueryError(f"a string at character {start} has an unknown escape \\{escape}; "
                                 "write a backslash as \\\\")
        elif query[i] == quote:
            return i + 1
        else:
            i += 1
    raise QueryError(f"a string starting at character {start} is never closed")


def _end_of_quoted_name(query: str, start: int) -> int:
    i = start + 1
    while i < len(query):
        if query[i] == "`":
            if query.startswith("``", i):
                i += 2
                continue
            return i + 1
        i += 1
    raise QueryError("a `quoted name` is never closed")


def _qualified_name(tokens: list[Token], index: int) -> tuple[str, int]:
    """``a.b.c`` starting at ``index`` (words and quoted names joined by dots) and the index after it."""
    parts, i = [tokens[index].text], index + 1
    while i + 1 < len(tokens) and tokens[i].text == "." and tokens[i + 1].kind in ("word", "quoted"):
        parts.append(fold(tokens[i + 1].text))
        i += 2
    return ".".join(parts), i


def _is_map_key(tokens: list[Token], index: int) -> bool:
    """``{set: 1}``: a word between ``{``/``,`` and ``:`` is a key of a map literal, not a keyword."""
    before = tokens[index - 1].text if index else ""
    after = tokens[index + 1].text if index + 1 < len(tokens) else ""
    return before in ("{", ",") and after == ":"


def _check_path_lengths(tokens: list[Token]) -> None:
    """Every ``-[… *n..m …]-`` needs an upper bound ``m`` (or exact length ``n``) of at most MAX_HOPS."""
    for index, token in enumerate(tokens):
        if token.text != "[" or index == 0 or tokens[index - 1].text != "-":
            continue
        end = next((k for k in range(index, len(tokens)) if tokens[k].text == "]"), len(tokens))
        inside = tokens[index + 1:end]
        star = next((k for k, t in enumerate(inside) if t.text == "*"), None)
        if star is None:
            continue
        bound = [t.text for t in takewhile(lambda t: t.kind == "number" or t.text == "..", inside[star + 1:])]
        upper = bound[-1] if bound and bound[-1] != ".." else None  # *, *2.. and *.. have none
        if upper is None or int(upper) > MAX_HOPS:
            raise QueryError(f"variable-length patterns need an upper bound of at most {MAX_HOPS} hops, "
                             "for example -[*1..3]-")
