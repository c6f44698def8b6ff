"""Links between pages are relative, so the site works under any base URL."""

import itertools
import posixpath

from strategies.pages.urls import _relpath, relative_file, relative_url

PATHS = ["", "a", "a/b", "a/b/c", "a/c", "b", "strategies/x/y", "strategies/x", "strategies/y/x"]


def test_fast_relative_path_agrees_with_posixpath():
    for target, base in itertools.product(PATHS, PATHS):
        assert _relpath(target, base) == posixpath.relpath(target or ".", base or "."), (target, base)


def test_links_between_pages_and_to_files():
    assert relative_url("strategies/a/x/index.md", "strategies/a/index.md") == "../"
    assert relative_url("strategies/a/index.md", "people/p/index.md", "post-1") == "../../people/p/#post-1"
    assert relative_url("index.md", "index.md") == "./"
    assert relative_url("strategies/a/index.md", "strategies/b/index.md", directory_urls=False) == "../b/index.html"
    assert relative_file("strategies/a/index.md", "strategies/a/charts/s.svg") == "charts/s.svg"
    assert relative_file("index.md", "strategies/a/charts/s.svg") == "strategies/a/charts/s.svg"
