"""The CLI's progress lines: drawn on a terminal, one per step; nothing at all under --json or off a terminal."""
from __future__ import annotations

import io
import logging
import re
import time

from rich.console import Console

from ecokg.console_progress import ConsoleProgress

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _terminal() -> tuple[Console, io.StringIO]:
    screen = io.StringIO()
    return Console(file=screen, force_terminal=True, width=120), screen


def _last_frame(screen: io.StringIO) -> list[str]:
    """The lines of the last drawing before the display erased itself (each redraw starts with a carriage return)."""
    return [frame for frame in ANSI.sub("", screen.getvalue()).split("\r") if frame.strip()][-1].splitlines()


def _drive(progress: ConsoleProgress) -> None:
    """A build's steps as ecokg.build reports them: reading two files (one extracted), resolving, loading."""
    with progress:
        progress.start("read", 2)
        time.sleep(0.05)  # elapsed time for a rate
        progress.advance("read", chars=12_000, item="a.txt")
        progress.advance("read", chars=0, item="b.txt")  # a cache hit
        progress.finish("read")
        progress.start("resolve")
        progress.finish("resolve")
        progress.start("load", 2)
        progress.advance("load", item="a.txt")
        progress.advance("load", item="b.txt")
        progress.finish("load")


def test_each_step_is_a_line_in_plain_words_with_counts_and_chars_per_second() -> None:
    console, screen = _terminal()
    _drive(ConsoleProgress(console))
    lines = _last_frame(screen)
    assert [line.split("━")[0].strip() for line in lines] == ["reading files", "resolving names", "loading documents"]
    assert "2/2" in lines[0] and re.search(r"\d[\d,]* chars/s", lines[0])
    assert "2/2" in lines[2] and "chars/s" not in lines[2]
    assert all(re.search(r"\d:\d\d:\d\d", line) for line in lines)  # elapsed


def test_the_lines_are_gone_when_the_command_ends() -> None:
    console, screen = _terminal()
    _drive(ConsoleProgress(console))
    console.print("done")
    # a transient display erases its lines: what stays on the screen is the command's own output
    assert ANSI.sub("", screen.getvalue()).rstrip().endswith("done")
    assert "\x1b[2K" in screen.getvalue()  # erase line


def test_a_step_run_again_starts_afresh() -> None:
    console, screen = _terminal()
    progress = ConsoleProgress(console)
    with progress:
        progress.start("load", 3)
        progress.advance("load")
        progress.start("load", 2)  # loading again after a document failed
        progress.advance("load")
        progress.advance("load")
    [line] = _last_frame(screen)
    assert line.startswith("loading documents") and "2/2" in line


def test_pipeline_notices_show_above_the_steps_only_while_drawing() -> None:
    logger = logging.getLogger("extractors.pipeline")
    console, screen = _terminal()
    with ConsoleProgress(console):
        logger.info("preparing the segmentation model once (~10 s)")
    assert "preparing the segmentation model once (~10 s)\n" in ANSI.sub("", screen.getvalue())
    assert not logger.handlers and not logger.isEnabledFor(logging.INFO)  # restored


def test_json_output_and_non_terminals_get_nothing() -> None:
    for console, quiet in ((_terminal()[0], True), (Console(file=io.StringIO()), False)):
        _drive(ConsoleProgress(console, quiet=quiet))
        with ConsoleProgress(console, quiet=quiet):
            logging.getLogger("extractors.pipeline").info("preparing the segmentation model once (~10 s)")
        assert console.file.getvalue() == ""
