"""Entity search by name or alias from memory (``GET /entities?q=``), built beside the name index once per graph
version (api/names.py).

It answers exactly what ``cypher/api_entity_search.cypher`` answers — an entity whose lower-cased name or alias
equals one of the query's forms ranks 0 (exact), starts with one 1 (prefix), contains one 2 (contains); ties by
name length, name, id — without reading every entity per request. Substrings are found through a character
n-gram index: each distinct lower-cased name or alias is posted under every 1-, 2- and 3-character piece of it; a
query form of more than three characters is looked up in the shortest posting of its trigrams, each string there
checked. Pure: rows in, pages out.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

GRAM = 3  # the longest piece indexed; a longer form intersects the postings of its pieces


@dataclass(frozen=True)
class Hit:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    rank: int  # 0 exact, 1 prefix, 2 contains (api.queries.MATCH_KINDS)


@dataclass(frozen=True)
class Page:
    total: int
    hits: list[Hit]


@dataclass
class SearchIndex:
    """Every entity's lower-cased name and aliases, and the n-gram postings of those strings."""

    entities: list[tuple[str, str, str, tuple[str, ...]]]  # (id, name, type, aliases), in result order
    strings: list[str] = field(repr=False, default_factory=list)  # distinct lower-cased names and aliases
    owners: list[list[int]] = field(repr=False, default_factory=list)  # string → entities (positions) holding it
    postings: dict[str, list[int]] = field(repr=False, default_factory=dict)  # piece → strings containing it

    @classmethod
    def build(cls, rows: Iterable[dict]) -> SearchIndex:
        """From rows with ``id``, ``name``, ``aliases`` and ``type`` (as ``cypher/entity_names.cypher`` returns)."""
        entities = sorted(
            ((row["id"], row.get("name") or "", row.get("type") or "", tuple(row.get("aliases") or ()))
             for row in rows),
            key=lambda e: (len(e[1]), e[1], e[0]))  # the Cypher search's order within a rank
        index = cls(entities)
        position: dict[str, int] = {}
        for owner, (_, name, _, aliases) in enumerate(entities):
            for text in dict.fromkeys(t.lower() for t in (name, *aliases) if t):
                at = position.get(text)
                if at is None:
                    at = position[text] = len(index.strings)
                    index.strings.append(text)
                    index.owners.append([])
                    index._post(text, at)
                index.owners[at].append(owner)
        return index

    def _post(self, text: str, at: int) -> None:
        pieces = {text[i:i + n] for n in range(1, GRAM + 1) for i in range(len(text) - n + 1)}
        for piece in pieces:
            self.postings.setdefault(piece, []).append(at)

    def _containing(self, form: str) -> Iterable[int]:
        """The strings that contain ``form``."""
        if len(form) <= GRAM:
            return self.postings.get(form, ())
        # The fewest strings any of its pieces is in, each checked: intersecting the postings walked every list, and
        # a common piece's (实体, 医院) holds most strings, where the rarest piece holds a few.
        fewest = min((self.postings.get(form[i:i + GRAM], ()) for i in range(len(form) - GRAM + 1)), key=len)
        return [at for at in fewest if form in self.strings[at]]

    def search(self, forms: Iterable[str], type: str | None, offset: int, limit: int) -> Page:
        """One page of the entities matching any of ``forms`` (already lower-cased), best first, and their total."""
        best: dict[int, int] = {}
        for form in dict.fromkeys(forms):
            if not form:
                continue
            for at in self._containing(form):
                text = self.strings[at]
                rank = 0 if text == form else 1 if text.startswith(form) else 2
                for owner in self.owners[at]:
                    if best.get(owner, 3) > rank:
                        best[owner] = rank
        matched = sorted((rank, owner) for owner, rank in best.items()
                         if type is None or self.entities[owner][2] == type)
        page = [Hit(*self.entities[owner], rank) for rank, owner in matched[offset:offset + limit]]
        return Page(len(matched), page)
