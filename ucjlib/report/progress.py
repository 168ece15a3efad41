"""Progress of a report (per notebook) and of a batch (per kabupaten).

On a terminal the progress is drawn with rich; otherwise (a log file, CI, a
pipe) each step is one plain line on stderr, so a log reads top to bottom.
Nothing here prints data: only region names, notebook names and timings.
"""

from __future__ import annotations

import sys
import threading
from typing import IO, Protocol

from ucjlib.text import say


class Progress(Protocol):
    """What :func:`ucjlib.report.run_report` and the batch report to."""

    def begin(self, label: str, total: int) -> None:
        """Start a job of ``total`` steps (a report: notebooks; a batch: kabupaten)."""

    def step_started(self, name: str) -> None:
        """Step ``name`` (a notebook, a kabupaten) started."""

    def step_done(self, name: str, seconds: float, ok: bool = True, note: str = "") -> None:
        """Step ``name`` finished (``ok=False``: it failed; ``note`` says why, briefly)."""

    def message(self, text: str) -> None:
        """Print a line that is not a step (writing the HTML, moving the folder ...)."""

    def end(self) -> None:
        """End the job (also after a failure)."""


def _secs(seconds: float, lang: str = "id") -> str:
    return say("progress.seconds", lang, seconds=seconds)


class QuietProgress:
    """Reports nothing (batch workers, library calls)."""

    def begin(self, label: str, total: int) -> None:  # noqa: D102
        pass

    def step_started(self, name: str) -> None:  # noqa: D102
        pass

    def step_done(self, name: str, seconds: float, ok: bool = True, note: str = "") -> None:  # noqa: D102
        pass

    def message(self, text: str) -> None:  # noqa: D102
        pass

    def end(self) -> None:  # noqa: D102
        pass


class LineProgress:
    """One plain line per step on ``stream`` (default stderr).

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> p = LineProgress(buf)
    >>> p.begin("35.22 Kabupaten Bojonegoro", 2)
    >>> p.step_started("01-coverage")
    >>> p.step_done("01-coverage", 11.24)
    >>> print(buf.getvalue(), end="")
    35.22 Kabupaten Bojonegoro: 2 langkah
    [1/2] 01-coverage ...
    [1/2] 01-coverage selesai (11,2 s)
    >>> p = LineProgress(buf, lang="en")
    >>> p.step_done("01-coverage", 11.24)
    >>> buf.getvalue().splitlines()[-1]
    '[1/0] 01-coverage done (11.2 s)'
    """

    def __init__(self, stream: IO[str] | None = None, lang: str = "id") -> None:
        self.stream = stream
        self.lang = lang
        self.total = 0
        self.index: dict[str, int] = {}
        self.lock = threading.Lock()

    def _print(self, text: str) -> None:
        stream = self.stream or sys.stderr
        with self.lock:
            stream.write(text + "\n")
            stream.flush()

    def begin(self, label: str, total: int) -> None:  # noqa: D102
        self.total, self.index = total, {}
        self._print(say("progress.steps", self.lang, label=label, total=total))

    def step_started(self, name: str) -> None:  # noqa: D102
        self.index.setdefault(name, len(self.index) + 1)
        self._print(f"[{self.index[name]}/{self.total}] {name} ...")

    def step_done(self, name: str, seconds: float, ok: bool = True, note: str = "") -> None:  # noqa: D102
        i = self.index.setdefault(name, len(self.index) + 1)
        state = say("progress.done" if ok else "progress.failed", self.lang)
        self._print(f"[{i}/{self.total}] {name} {state} ({_secs(seconds, self.lang)})"
                    + (f": {note}" if note else ""))

    def message(self, text: str) -> None:  # noqa: D102
        self._print(text)

    def end(self) -> None:  # noqa: D102
        pass


class RichProgress:
    """A rich progress bar with the steps running now, for a terminal."""

    def __init__(self, lang: str = "id") -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = Console(stderr=True)
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=self.console,
                            transient=False)
        self.task = None
        self.running: list[str] = []
        self.label = ""
        self.lang = lang
        self.lock = threading.Lock()

    def _describe(self) -> str:
        now = ", ".join(self.running)
        return f"{self.label}" + (f" — {now}" if now else "")

    def begin(self, label: str, total: int) -> None:  # noqa: D102
        self.label = label
        self.bar.start()
        self.task = self.bar.add_task(self._describe(), total=total)

    def step_started(self, name: str) -> None:  # noqa: D102
        with self.lock:
            self.running.append(name)
            self.bar.update(self.task, description=self._describe())

    def step_done(self, name: str, seconds: float, ok: bool = True, note: str = "") -> None:  # noqa: D102
        with self.lock:
            if name in self.running:
                self.running.remove(name)
            mark = ("[green]✓[/green]" if ok else
                    f"[red]✗ {say('progress.failed', self.lang)}[/red]")
            self.bar.console.print(f"{mark} {name} ({_secs(seconds, self.lang)})"
                                   + (f": {note}" if note else ""), markup=True,
                                   highlight=False)
            self.bar.update(self.task, advance=1, description=self._describe())

    def message(self, text: str) -> None:  # noqa: D102
        self.bar.console.print(text, markup=False, highlight=False)

    def end(self) -> None:  # noqa: D102
        self.bar.stop()


def default_progress(lang: str = "id") -> Progress:
    """Rich on a terminal (``sys.stderr.isatty()``), plain lines otherwise, in ``lang``."""
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        try:
            return RichProgress(lang)
        except ImportError:  # pragma: no cover - rich comes with typer
            pass
    return LineProgress(lang=lang)
