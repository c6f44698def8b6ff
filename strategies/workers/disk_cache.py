"""Texts kept on disk between runs, each under a key that fingerprints everything it came from.

The cache is a folder anyone may delete at any time: what it holds is made again, once, by the
next run that needs it. An entry is a file named for its key, written whole or not at all
(written beside, then renamed into place), so builds running at the same time may share a
folder: the worst they do is make the same entry twice. A folder that cannot be written (a
read-only checkout) is no error: nothing is kept, and every run makes what it needs.

The folder holds a ``.gitignore`` of its own (``*``), as pytest's does, so a project that has
not listed it does not commit it, and a ``CACHEDIR.TAG``, so backup tools skip it.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path

_KEY = re.compile(r"[0-9a-f]{16,128}")
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file marks a cache folder made by strategies (see its README): it may be deleted.\n"
)


class DiskCache:
    """Texts by key (a hex digest) in the files of ``folder``, each named ``<key><suffix>``.
    With ``folder`` None, nothing is kept and nothing is found."""

    def __init__(self, folder: Path | None, suffix: str = ""):
        self.folder = Path(folder) if folder is not None else None
        self.suffix = suffix
        self._ready = False
        self.used: set[str] = set()  # keys found or stored through this object

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a cache key: {key!r}")
        assert self.folder is not None  # every caller has returned already when there is no folder
        return self.folder / f"{key}{self.suffix}"

    def get(self, key: str) -> str | None:
        """The text kept under ``key``, or None."""
        if self.folder is None:
            return None
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.used.add(key)
        return text

    def put(self, key: str, text: str) -> bool:
        """Keep ``text`` under ``key``; False if it could not be written (nothing is left half
        written either way)."""
        if self.folder is None:
            return False
        path = self._path(key)
        try:
            self._prepare()
            temporary = self.folder / f".new-{os.getpid()}-{uuid.uuid4().hex}"
            try:
                with open(temporary, "x", encoding="utf-8") as file:
                    file.write(text)
                os.replace(temporary, path)
            except BaseException:
                _unlink(temporary)
                raise
        except OSError:
            return False
        self.used.add(key)
        return True

    def _prepare(self) -> None:
        if self._ready:
            return
        assert self.folder is not None  # every caller has returned already when there is no folder
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (
            (".gitignore", "# Made by strategies: a cache, never committed.\n*\n"),
            ("CACHEDIR.TAG", _TAG),
        ):
            if not (self.folder / name).exists():
                try:
                    (self.folder / name).write_text(text, encoding="utf-8")
                except OSError:
                    pass
        self._ready = True

    def keys(self) -> set[str]:
        """Every key the folder holds now."""
        if self.folder is None:
            return set()
        try:
            names = os.listdir(self.folder)
        except OSError:
            return set()
        width = len(self.suffix)
        return {
            name[: len(name) - width]
            for name in names
            if name.endswith(self.suffix) and _KEY.fullmatch(name[: len(name) - width])
        }

    def prune(self, keep_at_most: float = 2.0) -> int:
        """Remove the entries not used through this object once they outnumber, ``keep_at_most``
        times over, those that were (so a folder shared by a few branches keeps theirs, and
        one whose content moved on does not grow for ever); return how many went. Entries
        written in the last hour stay (another build may be using them)."""
        if self.folder is None or not self.used:
            return 0
        unused = self.keys() - self.used
        if len(unused) <= keep_at_most * len(self.used):
            return 0
        removed = 0
        for key in unused:
            path = self._path(key)
            try:
                if path.stat().st_mtime > time.time() - 3600:
                    continue
                path.unlink()
                removed += 1
            except OSError:
                pass
        return removed


def _unlink(path: str | os.PathLike[str]) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
