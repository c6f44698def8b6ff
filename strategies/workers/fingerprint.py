"""Fingerprints of texts and files, to tell what changed between two builds of a `serve` session."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from pathlib import Path
from stat import S_ISREG


def digest(*parts) -> str:
    """A short fingerprint of texts, bytes and JSON-able values."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        if isinstance(part, str):
            part = part.encode("utf-8")
        elif not isinstance(part, bytes):
            part = json.dumps(part, sort_keys=True, default=str).encode("utf-8")
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()


_FILE_DIGESTS: dict[str, tuple[int, int, str]] = {}  # path -> (mtime, size, digest)


def file_digest(path: Path) -> str | None:
    """A fingerprint of a file's bytes (None if it cannot be read, or is not an ordinary file:
    a pipe or a device would never end). A file whose time and size are unchanged since it was
    last fingerprinted is not read again: `serve` looks at thousands of files after each save,
    and an edit changes both (as `make` relies on)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    known = _FILE_DIGESTS.get(str(path))
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    try:
        with open(path, "rb") as file:  # read a piece at a time, however large
            found = hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return None
    _FILE_DIGESTS[str(path)] = (stat.st_mtime_ns, stat.st_size, found)
    return found


def package_version(package: str) -> str:
    """An installed package's version, or "absent": part of what a cached result depends on
    (a chart drawn by another matplotlib, a PDF typeset by another WeasyPrint)."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"
