"""Search indexing in a worker process (parallel_search.py) must not change what residents find."""

from __future__ import annotations

import pytest

from strategies.mkdocs_adapter import parallel_search
from strategies.mkdocs_adapter.publish import build_site
from strategies.workers import forked

from support import ROOT


@pytest.fixture
def always_parallel(monkeypatch):
    """Index every site in a worker, however small, as a large site on two cores would be."""
    made = []
    real = parallel_search.ParallelSearchIndex

    def counted(*args):
        made.append(real(*args))
        return made[-1]

    monkeypatch.setenv("STRATEGIES_SPEED", "always")
    monkeypatch.setattr(forked, "usable_cores", lambda: 2)
    monkeypatch.setattr(parallel_search, "ParallelSearchIndex", counted)
    return made


@pytest.mark.parametrize("project", ["shipped", "hostile"])
def test_search_index_and_pages_are_the_same_when_indexed_in_a_worker(
    built_site, hostile_site, tmp_path, always_parallel, project
):
    # The session's builds (made before always_parallel applies) indexed in this process.
    sequential = built_site if project == "shipped" else hostile_site
    config = ROOT / "mkdocs.yml" if project == "shipped" else hostile_site.parent / "mkdocs.yml"
    site = tmp_path / "site"
    assert build_site(config, strict=True, site_dir=site) == 0
    assert len(always_parallel) == 1  # the worker really indexed this build
    index = "search/search_index.json"
    assert (site / index).read_text("utf-8") == (sequential / index).read_text("utf-8")
    pages = sorted(path.relative_to(site) for path in site.rglob("*.html"))
    assert pages == sorted(path.relative_to(sequential) for path in sequential.rglob("*.html"))
    assert [p for p in pages if (site / p).read_bytes() != (sequential / p).read_bytes()] == []


def test_small_sites_and_single_cores_keep_materials_own_index(monkeypatch):
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    search = SearchPlugin()
    search.search_index = SearchIndex(lang=["en"])
    plugins = {"material/search": search}
    assert parallel_search.index_in_parallel(plugins, 299, 300) is None
    monkeypatch.setattr(forked, "usable_cores", lambda: 1)
    assert parallel_search.index_in_parallel(plugins, 10_000, 300) is None
    assert type(search.search_index) is SearchIndex
    assert parallel_search.index_in_parallel({}, 10_000, 300) is None  # no search plugin at all
