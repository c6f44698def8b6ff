"""Read the content's YAML files in a forked worker as well as here, while this process
checks what has been read.

Reading YAML (LibYAML's events built into values that remember their lines) was the larger
part of loading, on one core while the machine's others sat idle. The loader says first
which files it will read, in the order it will ask for them, grouped by strategy folder; a
worker forked from this process reads groups from the end of that list while this process
reads (and checks) from the start, so each file is read once. A file this process asks for
that the worker has not started is read here. The values travel back packed (see
yaml_source._Placed), so receiving a file's values costs a small part of reading it.

Used for one-off builds: in a `serve` session, files that did not change are not read again
(loader.remembered), and forking is not safe beside the web server's threads.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from strategies.workers.forked import forked_map

from .yaml_source import YAMLProblem, load_yaml

Group = list[tuple[Path, str]]  # files (path, name for messages) read as one job


def _outcome(path: Path, name: str) -> tuple[str, Any]:
    """What reading a file gave, in a form that crosses processes: its values or its problem
    (what the second item is depends on the first)."""
    try:
        return "values", load_yaml(path, name)
    except YAMLProblem as error:
        return "problem", error.problem
    except OSError as error:
        return "unreadable", (error.errno, error.strerror)


def _read_group(group: Group) -> list[tuple[str, Any]]:
    return [_outcome(path, name) for path, name in group]


class ParallelReader:
    """YAML files read ahead, in the order given, by this process and a forked worker."""

    def __init__(self, groups: list[Group]):
        self._keys = [[(str(path), name) for path, name in group] for group in groups]
        self._group_of = {key: index for index, keys in enumerate(self._keys) for key in keys}
        self._made: Generator[list, None, None] = forked_map(_read_group, groups)
        self._next = 0  # the first group not yet taken from _made
        self._ready: dict[tuple[str, str], tuple[str, Any]] = {}

    def load(self, path: Path, name: str):
        """``yaml_source.load_yaml(path, name)``, read ahead where the file was listed."""
        key = (str(path), name)
        index = self._group_of.get(key)
        if index is None or (index < self._next and key not in self._ready):
            return load_yaml(path, name)  # not listed, or asked for twice: read it now
        while self._next <= index:
            self._ready.update(zip(self._keys[self._next], next(self._made)))
            self._next += 1
        kind, value = self._ready.pop(key)
        if kind == "problem":
            raise YAMLProblem(value)
        if kind == "unreadable":
            raise OSError(*value)
        return value

    def close(self) -> None:
        """Stop the worker (files not asked for are not needed)."""
        self._made.close()
