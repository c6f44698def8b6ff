"""Residents' privacy: no page makes a request to any host but the site's own.

Every browser context in these tests blocks and records requests that leave 127.0.0.1 (see
conftest.py), so this test covers every page load of the session. It runs last (pytest runs
files in name order); pages no earlier test loaded are loaded here, so it also works alone.
"""

from __future__ import annotations

import pytest

from browser_checks import OFF_SITE, OutsideRequests, fail_with, scripts_ran

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


def test_no_page_blocks_its_own_scripts_or_styles_under_its_security_policy(narrow_visit, site_pages):
    """Every page carries a Content-Security-Policy (mkdocs_adapter/csp.py): what the site
    itself needs (its scripts, inline ones by hash, its styles, images and search index) runs
    and loads under it, on every page, once the deferred scripts have run."""
    fail_with(narrow_visit["content security policy"], "the security policy blocked something", len(site_pages))


def test_a_script_the_page_did_not_ship_does_not_run(new_context):
    """The policy is live: an inline script added to a page (as injected content would be)
    is refused, while the page's own scripts ran. Search, which starts a worker and fetches the
    index, still works under it."""
    context = new_context(color_scheme="light", bypass_csp=False)
    page = context.new_page()
    page.goto("/")
    scripts_ran(page)
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.body.appendChild(script);
    }"""
    )
    page.keyboard.press("/")
    page.keyboard.type("Warrington")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    injected, violations = page.evaluate("() => [window.__injected === true, window.__cspViolations]")
    context.close()
    assert not injected
    assert len(violations) == 1 and violations[0].startswith("script-src-elem blocked inline"), violations
