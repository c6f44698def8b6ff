"""Search works, and its index (megabytes on a large site) is only downloaded by readers who search."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _index_requests(page) -> list[str]:
    found = []
    page.on("request", lambda request: found.append(request.url) if "search_index" in request.url else None)
    return found


@pytest.mark.parametrize("path", ["/", "/strategies/demo-fairer-futures/"])
def test_reading_a_page_downloads_no_index_of_the_whole_site(new_context, path):
    """Neither the search index nor the sitemap (each grows with the site), nor the search
    worker's script, comes with a visit. (Material fetches a sitemap.xml beside every
    link[rel=alternate], taking feed links for other languages of the site.)"""
    context = new_context(color_scheme="light")
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path, wait_until="networkidle")
    page.keyboard.press("Tab")  # moving through the page is not searching
    page.wait_for_timeout(500)
    context.close()
    assert (
        requested
        and [url for url in requested if "search_index" in url or "sitemap" in url or "/workers/search" in url] == []
    )


@pytest.mark.parametrize("how", ["click", "phone", "shortcut", "address"])
def test_search_finds_pages_once_a_reader_starts_to_search(new_context, how):
    options = {"viewport": {"width": 375, "height": 800}} if how == "phone" else {}
    context = new_context(color_scheme="light", **options)
    page = context.new_page()
    requested = _index_requests(page)
    page.goto("/?q=Warrington" if how == "address" else "/", wait_until="networkidle")
    if how == "click":
        page.click("input[data-md-component=search-query]")
    elif how == "phone":  # the magnifier button in the header opens search
        page.click(".md-header label[for=__search]")
    elif how == "shortcut":
        page.keyboard.press("/")
    if how != "address":
        page.keyboard.type("Warrington")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    titles = page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
    context.close()
    assert len(requested) == 1
    assert any("Warrington" in title for title in titles), titles
