"""The on-disk cache: texts by key, written whole or not at all, in a folder anyone may delete."""

from __future__ import annotations

import os
import time

import pytest

from strategies.workers.disk_cache import DiskCache

KEY, OTHER = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"


def test_keeps_and_finds_texts_by_key(tmp_path):
    folder = tmp_path / "cache" / "charts"
    cache = DiskCache(folder, suffix=".svg")
    assert cache.get(KEY) is None
    assert cache.put(KEY, "<svg>é</svg>")
    assert DiskCache(folder, suffix=".svg").get(KEY) == "<svg>é</svg>"  # a later run finds it
    assert (folder / f"{KEY}.svg").exists() and cache.keys() == {KEY}
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"  # never committed
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert not [name for name in os.listdir(folder) if name.startswith(".new-")]  # nothing half written


def test_a_key_is_a_digest_never_a_path(tmp_path):
    cache = DiskCache(tmp_path)
    for bad in ("../escape", "abc", "ZZ" * 16, ""):
        with pytest.raises(ValueError):
            cache.put(bad, "x")


def test_no_folder_keeps_nothing_and_a_read_only_folder_is_no_error(tmp_path):
    assert DiskCache(None).put(KEY, "x") is False and DiskCache(None).get(KEY) is None
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = DiskCache(blocked / "cache")
    assert cache.put(KEY, "x") is False and cache.get(KEY) is None


def test_prune_drops_old_unused_entries_once_they_outnumber_the_used(tmp_path):
    cache = DiskCache(tmp_path, suffix=".svg")
    old = time.time() - 7200
    unused = [f"{n:032x}" for n in range(1, 6)]
    for key in unused:
        cache.put(key, "old")
        os.utime(tmp_path / f"{key}.svg", (old, old))
    recent = f"{99:032x}"
    DiskCache(tmp_path, suffix=".svg").put(recent, "another build's, just written")
    build = DiskCache(tmp_path, suffix=".svg")
    build.put(KEY, "used")
    assert build.prune(keep_at_most=2.0) == 5  # 6 unused against 1 used: the old ones go
    assert build.keys() == {KEY, recent}
    few = DiskCache(tmp_path, suffix=".svg")
    few.get(KEY)
    assert few.prune(keep_at_most=2.0) == 0  # 1 unused against 1 used: kept
