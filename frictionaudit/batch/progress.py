"""What a batch shows while it runs: sites done, running and failed, and the time left.

On a terminal, a rich progress bar; in a CI log (not a terminal), one plain line per site.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from frictionaudit.batch.index import SiteEntry


class BatchProgress:
    def __init__(self, console: Console, total: int, workers: int, already: int = 0):
        self.console = console
        self.total, self.workers = total, max(1, workers)
        self.done = already
        self.failed = 0
        self._start = time.monotonic()
        self._ran = 0
        self._bar: Progress | None = None
        self._task = None
        if console.is_terminal:
            self._bar = Progress(TextColumn("[bold]sites[/]"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.description}"),
                                 console=console, transient=False)

    def __enter__(self) -> BatchProgress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task(self._status(), total=self.total,
                                            completed=self.done)
        elif self.done:
            self.console.print(f"resuming: {self.done} of {self.total} sites already audited")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def started(self, name: str) -> None:
        if self._bar is None:
            self.console.print(f"[{self.done + 1}/{self.total}] {escape(name)}: auditing…",
                               highlight=False)

    def finished(self, entry: SiteEntry) -> None:
        self.done += 1
        self._ran += 1
        self.failed += entry.status == "failed"
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done, description=self._status())
            if entry.status == "failed":
                self._bar.console.print(f"[red]failed[/] {escape(f'{entry.name}: {entry.reason}')}",
                                        highlight=False)
            return
        said = escape(f"{entry.name}: {_outcome(entry)}")
        self.console.print(f"[{self.done}/{self.total}] {said} ({entry.seconds:.1f} s) · "
                           f"{self._status()}", highlight=False)

    def _status(self) -> str:
        left = self.total - self.done
        running = min(self.workers, left)
        text = f"{self.done} done · {running} running · {self.failed} failed"
        if self._ran and left:
            per_site = (time.monotonic() - self._start) / self._ran
            text += f" · about {_duration(per_site * left)} left"
        return text


def _outcome(entry: SiteEntry) -> str:
    if entry.status != "audited" or entry.scores is None:
        return f"failed: {entry.reason}"
    gate = "within budget" if entry.gate_passed else "over budget"
    return f"score {entry.scores.overall}, {gate}"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
