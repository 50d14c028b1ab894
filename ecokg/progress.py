"""What long steps report while they run: the library calls a :class:`Progress`, the CLI draws it.

Steps are named ("read", "resolve", "load", "analytics"); a step starts (with its total when known),
advances (by items and, for reading, characters), and finishes. The library never prints."""
from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, step: str, total: int | None = None) -> None:
        """``step`` begins; ``total`` items are expected (None: unknown)."""

    def advance(self, step: str, items: int = 1, chars: int = 0, item: str | None = None) -> None:
        """``items`` more of ``step`` are done (``chars`` characters of text among them; ``item`` names the last)."""

    def finish(self, step: str) -> None:
        """``step`` is over."""


class NoProgress:
    """Reports nothing: the default for library callers."""

    def start(self, step: str, total: int | None = None) -> None:
        return None

    def advance(self, step: str, items: int = 1, chars: int = 0, item: str | None = None) -> None:
        return None

    def finish(self, step: str) -> None:
        return None
