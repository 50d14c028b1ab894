"""Refuse Cypher that is never read-only, before it reaches the server (``POST /cypher``).

This is the first of two guards: ``api.routes.cypher`` also runs what passes in a transaction it always rolls
back and refuses any result whose summary reports updates, because the embedded ArcadeDB server ignores READ
access mode. The check works on the query as the server tokenises it: comments and string literals are removed
first (they cannot hold keywords), then the code is NFKC-folded, stripped of invisible characters and mapped
from Cyrillic/Greek look-alikes to Latin, so full-width or disguised keywords are refused as if typed plainly.
"""
from __future__ import annotations

import re
import unicodedata

from ecokg.errors import QueryError

# Clauses and commands that write, load external data or administer the server, as whole words.
FORBIDDEN_WORDS = (
    "create", "merge", "set", "delete", "detach", "remove", "drop", "load", "foreach", "periodic",
    "alter", "grant", "deny", "revoke", "rename", "terminate", "show", "use", "transactions",
)
# Admin commands whose first word is also a common name (`r.start`, `WITH x AS start`).
FORBIDDEN_PHRASES = (r"start\s+database", r"stop\s+database", r"enable\s+server", r"deallocate\s+databases")
# Read-only procedures an analyst may CALL; anything else named after CALL is refused.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
})
# Namespaces of procedures and functions that can write or reach outside the graph (apoc.cypher.run…,
# apoc.create…, dbms.…, gds.… write modes); refused wherever they appear, even as functions.
FORBIDDEN_NAMESPACES = ("apoc", "dbms", "gds")

# Letters from other scripts that look like Latin ones (Unicode confusables, the subset that matters for keywords).
LOOKALIKES = str.maketrans({
    "А": "a", "В": "b", "С": "c", "Е": "e", "Н": "h", "І": "i", "Ј": "j", "К": "k", "М": "m", "О": "o",
    "Р": "p", "Ѕ": "s", "Т": "t", "Х": "x", "У": "y", "а": "a", "с": "c", "е": "e", "һ": "h", "і": "i",
    "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x", "у": "y", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o",
    "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ı": "i", "ȷ": "j",
})

# Not after `.` or `$`: a property key or parameter may be called `set` or `start`.
_WORDS = re.compile(r"(?<![\w$.])(" + "|".join(FORBIDDEN_WORDS + FORBIDDEN_PHRASES) + r")(?!\w)")
_NAMESPACES = re.compile(r"(?<![\w$])(" + "|".join(FORBIDDEN_NAMESPACES) + r")\s*\.")
_CALL = re.compile(r"(?<![\w$.])call(?!\w)\s*([^\s({][^\s(]*)?")


def check_read_only(query: str) -> None:
    """Raise :class:`QueryError` naming the reason if ``query`` could write, administer or run several statements."""
    code = fold(strip_literals(query))
    if not code.strip():
        raise QueryError("the query is empty")
    statement = code.rstrip().removesuffix(";")
    if ";" in statement:
        raise QueryError("several statements: send one query without ';'")
    found = _WORDS.search(statement)
    if found:
        raise QueryError(f"{' '.join(found.group(1).upper().split())} is not allowed: this endpoint only reads the graph")
    found = _NAMESPACES.search(statement)
    if found:
        raise QueryError(f"{found.group(1)}.* procedures and functions are not allowed: this endpoint only reads the graph")
    for call in _CALL.finditer(statement):
        procedure = "".join((call.group(1) or "").split())
        if procedure and procedure not in ALLOWED_PROCEDURES:
            raise QueryError(
                f"CALL {procedure} is not allowed; read-only procedures: {', '.join(sorted(ALLOWED_PROCEDURES))}"
            )


def strip_literals(query: str) -> str:
    """The query with comments and string literals blanked, tokenised as Cypher does (backslash escapes).

    Backtick-quoted names are kept: they are code to the server, and a quote inside one starts no string."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end < 0 else end
            out.append(" ")
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise QueryError("a /* comment is never closed")
            i = end + 2
            out.append(" ")
        elif char in "'\"":
            i = _end_of_string(query, i)
            out.append(" '' ")
        elif char == "`":
            end = query.find("`", i + 1)
            if end < 0:
                raise QueryError("a `quoted name` is never closed")
            out.append(query[i:end + 1])
            i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _end_of_string(query: str, start: int) -> int:
    quote, i = query[start], start + 1
    while i < len(query):
        if query[i] == "\\":
            i += 2
        elif query[i] == quote:
            return i + 1
        else:
            i += 1
    raise QueryError(f"a string starting at character {start} is never closed")


def fold(code: str) -> str:
    """NFKC (full-width → ASCII), invisible format characters dropped, look-alike letters mapped, lower case."""
    normal = unicodedata.normalize("NFKC", code)
    visible = "".join(char for char in normal if unicodedata.category(char) != "Cf")
    return visible.translate(LOOKALIKES).casefold()
