"""Problems found in content, reported to officers as ``file:line:column: message``.

Every check appends to a :class:`Problems` list instead of raising, so one run reports
everything that is wrong at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


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


@dataclass(frozen=True, order=True)
class ContentWarning:
    """Something to check that never stops a build (``strategies validate`` prints it): where,
    of which kind, and what to do. Plain-English warnings (style.py) and dates outside a
    strategy's period (checks.py) are these."""

    location: Location
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def warning_summary(title: str, warnings: list[ContentWarning], kinds: dict[str, tuple[str, str]]) -> str:
    """One line counting ``warnings`` by kind, in ``kinds``' order: 'Dates: 2 warnings (2 dates
    outside their strategy's period).' ``kinds`` names each kind as counted: (one, more than one)."""
    if not warnings:
        return f"{title}: no warnings."
    counts = {kind: sum(1 for w in warnings if w.kind == kind) for kind in kinds}
    parts = ", ".join(f"{count} {kinds[kind][count != 1]}" for kind, count in counts.items() if count)
    noun = "warning" if len(warnings) == 1 else "warnings"
    return f"{title}: {len(warnings)} {noun} ({parts})."


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


def _within(a: str, b: str, allowed: int) -> bool:
    """True if at most ``allowed`` slips of the keyboard turn ``a`` into ``b``: a letter added,
    left out or changed, or two neighbouring letters swapped. (Equal letters at the start
    are matched first: each slip then tries the four ways out of the first difference.)"""
    n, i = min(len(a), len(b)), 0
    while i < n and a[i] == b[i]:
        i += 1
    a, b = a[i:], b[i:]
    if not a or not b:
        return len(a) + len(b) <= allowed
    if not allowed:
        return False
    allowed -= 1
    return (
        _within(a[1:], b[1:], allowed)
        or _within(a[1:], b, allowed)
        or _within(a, b[1:], allowed)
        or (a[:2] == b[1::-1] and _within(a[2:], b[2:], allowed))
    )


def slips(word: str, candidate: str, limit: int) -> int:
    """How many slips of the keyboard (a letter added, left out or changed, or two neighbouring
    letters swapped) turn ``word`` into ``candidate``, ignoring case; ``limit + 1`` for any
    number over ``limit``."""
    a, b = word.casefold(), candidate.casefold()
    if abs(len(a) - len(b)) > limit or not _within(a, b, limit):
        return limit + 1
    return next(count for count in range(limit + 1) if _within(a, b, count))


def slips_allowed(word: str) -> int:
    """How many slips a word can have and still be taken for a typo of another: one in a word
    of up to seven letters, two in a longer one. More would take one word for a different one
    ('pledges' is three slips from 'places')."""
    return 1 if len(word) < 8 else 2


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' Did you mean …?' hint naming the candidates ``word`` is a typo of (at most three,
    closest first), or '' if it is not a typo of any: a hint towards a different word sends an
    officer the wrong way, and the message says what is allowed anyway."""
    word = str(word)
    if len(word) > 200:  # no real typo is that long
        return ""
    limit = slips_allowed(word)
    found = {}
    for candidate in candidates:
        candidate = str(candidate)
        if candidate != word and (distance := slips(word, candidate, limit)) <= limit:
            found[candidate] = distance
    close = sorted(found, key=lambda c: (found[c], c))[:3]
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
