"""A progress line for long builds: what is being done, and how many of how many.

Shown only to a person at a terminal. In CI (the CI environment variable is set), in a pipe
or a log file, or with TERM=dumb, it writes nothing, so logs stay clean.
"""

from __future__ import annotations

import os
import sys
import time

BAR_WIDTH = 24


def wanted(stream) -> bool:
    """True when ``stream`` is a terminal a person is watching (not CI, not a pipe)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Progress:
    """One self-overwriting line: ``Rendering pages [######      ] 912/1,817``."""

    def __init__(self, stream=None, interval: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream)
        self.interval = interval
        self.task, self.total, self.done, self._drawn_at = "", 0, 0, 0.0

    def start(self, task: str, total: int) -> None:
        """Begin a counted step, such as ("Drawing charts", 2080)."""
        self.task, self.total, self.done = task, total, 0
        self._draw(force=True)

    def note(self, task: str) -> None:
        """Say what is happening when there is nothing to count yet, such as ("Reading content")."""
        self.task, self.total, self.done = task, 0, 0
        if self.enabled:
            self.stream.write(f"\r\x1b[K{task}…")
            self.stream.flush()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw(force=self.done >= self.total)

    def update(self, done: int) -> None:
        """Set how many are done (when other processes share the work)."""
        self.done = done
        self._draw(force=self.done >= self.total)

    def finish(self) -> None:
        """Clear the line, so the next message starts on a clean one."""
        if self.enabled and self.task:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self.task = ""

    def _draw(self, force: bool = False) -> None:
        if not self.enabled or not self.total:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < self.interval:
            return
        self._drawn_at = now
        filled = BAR_WIDTH * min(self.done, self.total) // self.total
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        self.stream.write(f"\r\x1b[K{self.task} [{bar}] {self.done:,}/{self.total:,}")
        self.stream.flush()
