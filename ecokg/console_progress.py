"""The CLI's drawing of :class:`ecokg.progress.Progress`: one transient line per step on stderr.

Each step shows what it does in plain words, how many of how many items are done, characters per second
while reading and the time it has taken. Nothing is drawn (and nothing costs) under ``--json`` or when
stderr is not a terminal, so scripts and pipes see only the command's output."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Self

from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, Task, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.text import Text

STEP_DESCRIPTIONS = {
    "store": "opening the graph store",
    "pipeline": "loading the extraction pipeline",
    "read": "reading files",
    "resolve": "resolving names",
    "load": "loading documents",
    "analytics": "computing analytics",
}
# Loggers whose INFO lines are news for the person waiting (the one-time model preparation), shown above the steps.
NOTICE_LOGGERS = ("extractors.pipeline",)


class _CountColumn(ProgressColumn):
    """``M/N`` done; nothing for a step whose size is unknown (resolving)."""

    def render(self, task: Task) -> Text:
        if task.fields.get("unsized"):
            return Text("")
        return Text(f"{int(task.completed)}/{int(task.total)}")


class _CharsPerSecondColumn(ProgressColumn):
    """Characters of text extracted per second; nothing while none were (cache hits, non-reading steps)."""

    def render(self, task: Task) -> Text:
        chars, elapsed = task.fields.get("chars", 0), task.elapsed
        if not chars or not elapsed:
            return Text("")
        return Text(f"{chars / elapsed:,.0f} chars/s")


@dataclass
class _Step:
    task_id: TaskID
    unsized: bool  # started without a total
    items: int = 0
    chars: int = 0


class _NoticeHandler(logging.Handler):
    def __init__(self, console: Console) -> None:
        super().__init__(logging.INFO)
        self._console = console

    def emit(self, record: logging.LogRecord) -> None:
        self._console.print(record.getMessage(), markup=False, highlight=False)


class ConsoleProgress:
    """A :class:`ecokg.progress.Progress` that draws on ``console`` (default: stderr) while used as a context manager.

    ``quiet`` (``--json``) or a console that is not a terminal: it draws nothing."""

    def __init__(self, console: Console | None = None, *, quiet: bool = False) -> None:
        console = console or Console(stderr=True)
        self._bars = None if quiet or not console.is_terminal else RichProgress(
            TextColumn("{task.description}"), BarColumn(bar_width=24), _CountColumn(), _CharsPerSecondColumn(),
            TimeElapsedColumn(), console=console, transient=True)
        self._steps: dict[str, _Step] = {}
        self._notices = _NoticeHandler(console)
        self._notice_levels: dict[str, int] = {}

    def __enter__(self) -> Self:
        if self._bars is not None:
            self._bars.start()
            for name in NOTICE_LOGGERS:
                logger = logging.getLogger(name)
                self._notice_levels[name] = logger.level
                logger.setLevel(min(logger.getEffectiveLevel(), logging.INFO))
                logger.addHandler(self._notices)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._bars is not None:
            for name, level in self._notice_levels.items():
                logger = logging.getLogger(name)
                logger.removeHandler(self._notices)
                logger.setLevel(level)
            self._notice_levels.clear()
            self._bars.stop()

    def start(self, step: str, total: int | None = None) -> None:
        if self._bars is None:
            return
        if step in self._steps:  # a step run again (resolving after a document failed to load) starts afresh
            self._bars.remove_task(self._steps.pop(step).task_id)
        task_id = self._bars.add_task(STEP_DESCRIPTIONS.get(step, step), total=total, chars=0, unsized=total is None)
        self._steps[step] = _Step(task_id, unsized=total is None)

    def advance(self, step: str, items: int = 1, chars: int = 0, item: str | None = None) -> None:
        if self._bars is None:
            return
        if step not in self._steps:
            self.start(step)
        current = self._steps[step]
        current.items += items
        current.chars += chars
        self._bars.update(current.task_id, completed=current.items, chars=current.chars)

    def finish(self, step: str) -> None:
        if self._bars is None or step not in self._steps:
            return
        current = self._steps[step]
        if current.unsized:  # a step of unknown size shows a full bar once it is over
            self._bars.update(current.task_id, total=max(current.items, 1), completed=max(current.items, 1))
        self._bars.stop_task(current.task_id)
