"""Content is read only from ordinary files inside the project, and never beyond a size limit.

Whatever is under ``content/`` is published. A symbolic link there that points outside the
project (at a file in someone's home folder, or at ``/etc``) would publish that file; a link to
``/dev/zero`` would be read without end, and a named pipe would never finish being read. So:

- :func:`unsafe_paths` walks ``content/`` once, without following links, and names every link
  that leaves the project or leads nowhere, and every entry that is neither a folder nor an
  ordinary file; the loader reports each at its path and reads nothing through it;
- :func:`read_bytes` opens a file without waiting (a pipe cannot hold it up), refuses anything
  but an ordinary file, and reads at most the limit, whatever the file claims its size is.

Links that stay inside the project are allowed: they are content like any other.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .problems import Location, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024


class UnreadableFile(Exception):
    """A content file that cannot be read safely; ``problem`` says where and what to do."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _problem_with(path: Path, real_root: Path) -> str | None:
    """What is wrong with one entry under content/ (not following it if it is a link), or None."""
    try:
        info = path.lstat()
    except OSError as error:
        return f"could not be read ({error.strerror})."
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "this is a link to something that does not exist: delete the link, or put the file itself here."
        if not _inside(target, real_root):
            return (
                "this is a link to a file outside the project, which would be published: copy what "
                "you need into content/ instead, and delete the link."
            )
        info = target.stat()
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return (
            "this is not an ordinary file or folder (it is a device, pipe or socket): content can only "
            "be read from files. Delete it."
        )
    return None


def unsafe_paths(content_dir: Path, root: Path) -> dict[Path, Problem]:
    """Every entry under ``content_dir`` that must not be read, with the problem to report.

    Paths are as found (``content_dir / ...``, links not followed); a folder listed here is not
    to be read at all. Hidden entries (names starting with '.', such as editors' lock files)
    are neither checked nor ever read."""
    real_root = root.resolve()
    found: dict[Path, Problem] = {}
    for folder, folders, files in os.walk(content_dir, followlinks=False):
        base = Path(folder)
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in folders + files:
            if name.startswith("."):
                continue
            path = base / name
            message = _problem_with(path, real_root)
            if message:
                found[path] = Problem(Location(_display(path, root)), message)
        folders[:] = [name for name in folders if base / name not in found]
    return found


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def is_blocked(path: Path, unsafe: dict[Path, Problem] | set) -> bool:
    """True when ``path``, or a folder it is in, is one of ``unsafe``'s paths."""
    return bool(unsafe) and (path in unsafe or any(parent in unsafe for parent in path.parents))


def read_bytes(path: Path, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an ordinary file, at most ``limit`` of them; raise UnreadableFile (naming
    ``name``) for anything else, or for a file over the limit."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UnreadableFile(Problem(Location(name), f"could not be read ({error.strerror}).")) from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise UnreadableFile(
                Problem(
                    Location(name),
                    "this is not an ordinary file (it is a device, pipe "
                    "or socket): content can only be read from files. Delete it.",
                )
            )
        data = file.read(limit + 1)
    if len(data) > limit:
        size = max(os.stat(path).st_size, len(data))
        raise UnreadableFile(
            Problem(
                Location(name, 1, 1),
                f"this file is {size / 1024 / 1024:.1f} MB, more than the {limit // 1024 // 1024} MB a content "
                "file may be: split it, or move long text into pages/.",
            )
        )
    return data
