"""Residents' privacy: no page makes a request to any host but the site's own.

Every browser context in these tests blocks and records requests that leave 127.0.0.1 (see
conftest.py), so this test covers every page load of the session. It runs last (pytest runs
files in name order); pages no earlier test loaded are loaded here, so it also works alone.
"""

from __future__ import annotations

import pytest

from browser_checks import OFF_SITE, OutsideRequests

pytestmark = pytest.mark.browser


def test_no_page_asks_a_third_party_for_anything(new_context, site_pages, outside_requests, audit_log):
    unvisited = [path for path in site_pages if path not in outside_requests.loaded]
    if unvisited:
        context = new_context(color_scheme="light")
        page = context.new_page()
        for path in unvisited:
            page.goto(path)
            page.wait_for_timeout(100)  # a moment for late requests (fonts, analytics) to start
        context.close()
    missing = [path for path in site_pages if path not in outside_requests.loaded]
    assert not missing, f"pages that never finished loading: {missing}"
    audit_log(
        f"privacy: {len(site_pages)} pages loaded ({len(unvisited)} by this test), "
        f"{len(outside_requests.seen)} requests to other hosts"
    )
    assert not outside_requests.seen, (
        f"{len(outside_requests.seen)} requests to other hosts (blocked in the tests, but a resident's "
        "browser would make them):\n" + "\n".join(sorted(set(outside_requests.seen)))
    )


def test_requests_to_other_hosts_are_blocked_and_recorded(browser, site_url):
    """The guard works: a hand-made page asking another host (127.0.0.2, so nothing leaves this
    machine even if the guard failed) for a stylesheet and an image is caught twice."""
    recorder = OutsideRequests()
    context = browser.new_context(base_url=site_url)
    context.route(OFF_SITE, recorder.guard)
    page = context.new_page()
    html = (
        '<!doctype html><html lang="en-GB"><head><title>tracker</title>'
        '<link rel="stylesheet" href="http://127.0.0.2:9/font.css"></head>'
        '<body><img src="http://127.0.0.2:9/pixel.gif" alt=""><img src="/favicon.png" alt=""></body></html>'
    )
    page.route(
        f"{site_url}/__harness__/tracker.html",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto("/__harness__/tracker.html")
    context.close()
    assert len(recorder.seen) == 2, recorder.seen
    assert all("127.0.0.2:9" in entry and entry.startswith("/__harness__/tracker.html") for entry in recorder.seen)
