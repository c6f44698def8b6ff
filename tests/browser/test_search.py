"""Search works, and its index (megabytes on a large site) is only downloaded by readers who search."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _index_requests(page) -> list[str]:
    found = []
    page.on("request", lambda request: found.append(request.url) if "search_index" in request.url else None)
    return found


def test_reading_a_page_does_not_download_the_search_index(new_context):
    context = new_context(color_scheme="light")
    page = context.new_page()
    requested = _index_requests(page)
    page.goto("/strategies/", wait_until="networkidle")
    page.keyboard.press("Tab")  # moving through the page is not searching
    page.wait_for_timeout(500)
    context.close()
    assert requested == []


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
