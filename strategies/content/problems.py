"""Problems found in content, reported to officers as ``file:line:column: message``.

Every check appends to a :class:`Problems` list instead of raising, so one run reports
everything that is wrong at once.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a content file: path (relative to the project), 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an officer must fix: where, what is wrong, and what to do."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Problems:
    """An ordered collection of problems found in one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, location: Location, message: str) -> None:
        problem = Problem(location, message)
        if problem not in self.items:
            self.items.append(problem)

    def extend(self, other: Iterable[Problem]) -> None:
        for problem in other:
            self.add(problem.location, problem.message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(sorted(self.items))

    def report(self) -> str:
        """All problems, one per line, in file and line order, with a count at the end."""
        lines = [str(p) for p in self]
        count = len(lines)
        noun = "problem" if count == 1 else "problems"
        lines.append(f"Found {count} {noun} in the content. Nothing was published.")
        return "\n".join(lines)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' Did you mean …?' hint naming the closest candidates, or '' if none is close."""
    if len(str(word)) > 200:  # no real typo is that long; difflib on megabytes costs gigabytes
        return ""
    close = difflib.get_close_matches(str(word), list(candidates), n=3, cutoff=0.6)
    if not close:
        return ""
    quoted = " or ".join(f"'{c}'" for c in close)
    return f" Did you mean {quoted}?"


def shorten(value, limit: int = 80) -> str:
    """A value as it can be shown in a message: long values are cut short."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def relative_name(path: Path, root: Path) -> str:
    """The path as an officer sees it in the repository (relative to the project root)."""
    if path.is_absolute() and root.is_absolute() and ".." not in path.parts:
        try:  # the usual case, without asking the file system (thousands of files)
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
