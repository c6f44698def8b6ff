"""Closed branches of the navigation drawn once per folder (nav_memo.py) must give exactly the
pages drawing them for every page gives: same bytes, with folder addresses and with file
addresses, and on pages whose navigation links into their own folder."""

from __future__ import annotations

import pytest

from strategies.mkdocs_adapter import nav_memo
from strategies.mkdocs_adapter.publish import build_site

from support import benchmark_generator, tree_digest


def _pages(site) -> dict[str, str]:
    return {path: digest for path, digest in tree_digest(site).items() if path.endswith(".html")}


@pytest.mark.build
@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_memo_changes_no_page(tmp_path, monkeypatch, directory_urls):
    project = benchmark_generator().generate("small", tmp_path / "small")  # the site's mkdocs.yml, docs/, macros/
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("use_directory_urls: true", f"use_directory_urls: {str(directory_urls).lower()}")
    )
    used = []
    real_call = nav_memo.NavMemo.__call__

    def counted(self, *args):
        used.append(1)
        return real_call(self, *args)

    monkeypatch.setattr(nav_memo.NavMemo, "__call__", counted)
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "with") == 0
    assert used, "the navigation template did not use the memo"
    monkeypatch.setattr(nav_memo, "VARIABLE", "strategies_no_nav_memo")  # the template finds none
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "without") == 0
    with_memo, without = _pages(tmp_path / "with"), _pages(tmp_path / "without")
    assert len(with_memo) > 100
    assert with_memo == without, sorted(path for path in with_memo if with_memo[path] != without.get(path))[:10]


def test_a_memo_never_reuses_links_that_start_from_another_page():
    """Two pages in one folder share closed items; an item linking into a page's own folder
    (the index of an open section) is drawn for that page, not taken from memory."""

    class Item:
        def __init__(self, url=None, children=(), active=False):
            self.url, self.children, self.active = url, list(children), active

    class Page:
        def __init__(self, url):
            self.url = url

    drawn = []

    def render_item(item, path, level, parent):  # addresses relative to the page being drawn
        drawn.append(item)
        return f"{item.url} from {current.url}"

    memo = nav_memo.NavMemo()
    other = Item("s/b/")
    inside = Item(children=[Item("s/a/items/x/")])  # within page s/a/'s folder
    for current in (Page("s/a/"), Page("s/c/"), Page("s/d/")):
        memo(render_item, other, "__nav_1", 2, None, current)
        memo(render_item, inside, "__nav_2", 2, None, current)
    assert drawn.count(other) == 1  # s/a/, s/c/ and s/d/ link to s/b/ alike: "../b/"
    assert drawn.count(inside) == 2  # for s/a/ itself ("items/x/"), then once for s/c/ and s/d/
