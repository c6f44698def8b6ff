"""What axe cannot see: keyboard use, reflow at 320 CSS px, text resized to 200%, and the page language.

Each test checks something a resident would notice. The checks live in browser_checks.py and
are run here on the real site and, at the end, on small hand-made pages that break each rule,
to prove the checks can fail.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from browser_checks import (
    Stopwatch,
    clipped_text_problems,
    enlarge_text,
    fail_with,
    keyboard_focus_problems,
    problems_on,
    reflow_problems,
    skip_link_problems,
)

pytestmark = pytest.mark.browser

STRATEGY = "/strategies/warrington-equality-objectives-2020-24/"
PRIORITY = "/strategies/warrington-equality-objectives-2020-24/life-expectancy-and-wellbeing/"
ZOOM_PAGES = ["/", STRATEGY, PRIORITY, "/people/"]
NARROW = {"width": 320, "height": 800}


@pytest.fixture(scope="module")
def desktop(new_context):
    context = new_context(color_scheme="light")
    yield context
    context.close()


@pytest.fixture
def tab(desktop):
    """A fresh page (tab) in the desktop context."""
    page = desktop.new_page()
    yield page
    page.close()


# --- (a) skip link ------------------------------------------------------------------------------

SKIP_LINK_PAGES = ["/", STRATEGY, PRIORITY, "/people/", "/404.html"]


def test_first_tab_reaches_a_visible_skip_link_into_the_content(tab):
    found = problems_on(tab, SKIP_LINK_PAGES, skip_link_problems)
    fail_with(found, "the skip link does not work", len(SKIP_LINK_PAGES))


# --- (b) every link and button in the content reachable, with a visible focus indicator --------


def test_tab_reaches_every_link_and_button_with_a_visible_focus_indicator(tab, audit_log):
    tab.goto(PRIORITY)
    clock = Stopwatch()
    problems, stops = keyboard_focus_problems(tab)
    audit_log(f"keyboard: {stops} Tab stops on {PRIORITY} in {clock}")
    fail_with({PRIORITY: problems} if problems else {}, "keyboard focus problems", 1)


def test_focus_shows_before_the_scripts_have_run(new_context):
    """Material marks keyboard focus with a class its script adds; the script loads after the page
    (seconds later on a slow connection), and a keyboard user tabbing before then must still see
    where they are. Here the script never runs."""
    context = new_context(color_scheme="light", java_script_enabled=False)
    page = context.new_page()
    found = problems_on(page, ["/", PRIORITY], lambda page: keyboard_focus_problems(page, javascript=False)[0])
    context.close()
    fail_with(found, "keyboard focus not shown until the scripts run", 2)


# --- (c) reflow at 320 CSS px -------------------------------------------------------------------


def test_every_page_reflows_at_320_css_pixels(narrow_visit, site_pages, audit_log):
    """At NARROW (conftest.py's visit of every page at 320 px runs reflow_problems first)."""
    found = narrow_visit["reflow"]
    audit_log(f"reflow at 320px: {len(site_pages)} pages, problems on {len(found)}")
    fail_with(found, "content does not reflow at 320 CSS px (WCAG 1.4.10)", len(site_pages))


# --- (d) text resized to 200% -------------------------------------------------------------------


def test_text_resized_to_200_percent_is_not_cut_off(tab):
    found = {}
    for path in ZOOM_PAGES:
        tab.goto(path)
        before, after = enlarge_text(tab, 2.0)
        assert after == 2 * before, f"{path}: text did not double in size ({before}px to {after}px)"
        problems = clipped_text_problems(tab)
        if problems:
            found[path] = problems
    fail_with(found, "text resized to 200% is cut off or scrolls sideways (WCAG 1.4.4)", len(ZOOM_PAGES))


# --- (e) the language of every page -------------------------------------------------------------


def test_every_page_is_in_british_english(built_site):
    wrong = {}
    for html in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        lang = soup.html.get("lang") if soup.html else None
        if lang != "en-GB":
            wrong[html.relative_to(built_site).as_posix()] = lang
    assert not wrong, (
        f'<html lang> should be "en-GB" (so screen readers use a British voice) on {len(wrong)} pages: {wrong}'
    )


# --- (f) the checks can fail: hand-made pages that break each rule ------------------------------


def _serve(page, site_url: str, name: str, html: str) -> None:
    """Show a hand-made page at http://127.0.0.1:<port>/__harness__/<name>.html."""
    url = f"{site_url}/__harness__/{name}.html"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    page.goto(url)


def _page(body: str, style: str = "") -> str:
    return (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>harness</title><style>body {{ margin: 8px; }} {style}</style></head>"
        f"<body>{body}</body></html>"
    )


GOOD_SKIP = _page(
    '<a class="skip" href="#main-heading">Skip to content</a>'
    '<nav><a href="#n1">One</a> <a href="#n2">Two</a></nav>'
    '<div class="md-content"><h1 id="main-heading">Title</h1><p><a href="#x">A link</a></p></div>',
    ".skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; }",
)
NO_SKIP = _page(
    '<nav><a href="#n1">One</a> <a href="#n2">Two</a></nav>'
    '<div class="md-content"><h1 id="main-heading">Title</h1><p><a href="#x">A link</a></p></div>'
)
HIDDEN_SKIP = _page(
    '<a class="skip" href="#main-heading">Skip to content</a>'
    '<div class="md-content"><h1 id="main-heading">Title</h1><p><a href="#x">A link</a></p></div>',
    ".skip { position: absolute; left: -9999px; }",
)

GOOD_FOCUS = _page('<div class="md-content"><p><a href="#a">A link</a> <button>Save</button></p></div>')
BAD_FOCUS = _page(
    '<div class="md-content"><p><a href="#a">A link</a> <button class="bare">Save</button>'
    ' <a href="#b" tabindex="-1">Mouse only</a></p></div>',
    ".bare, .bare:focus, .bare:focus-visible { outline: none; }",
)

GOOD_REFLOW = _page(
    '<p>Short text.</p><div class="wide" role="region" aria-label="Wide table" tabindex="0">'
    '<table><tr><td style="min-width: 900px">wide cell</td></tr></table></div>',
    ".wide { overflow-x: auto; }",
)
BAD_REFLOW = _page(
    '<p>Short text.</p><div style="width: 1000px">A 1000px-wide box</div>'
    '<div class="wide"><table><tr><td style="min-width: 900px">wide cell</td></tr></table></div>'
    '<div style="position: fixed; top: 0; left: 0; width: 1000px">A fixed banner</div>',
    ".wide { overflow-x: auto; }",
)

GOOD_ZOOM = _page('<p style="width: 10em">Text sized in em grows with its box.</p>')
BAD_ZOOM = _page(
    '<p style="width: 160px; height: 1.5em; overflow: hidden; white-space: nowrap">Text in a box of fixed size</p>'
    '<span class="sr-only" style="position: absolute; width: 1px; height: 1px; overflow: hidden;'
    ' clip: rect(0 0 0 0); white-space: nowrap">Hidden on purpose, for screen readers</span>'
)


def test_skip_link_check_can_fail(tab, site_url):
    _serve(tab, site_url, "good-skip", GOOD_SKIP)
    assert skip_link_problems(tab) == []
    _serve(tab, site_url, "no-skip", NO_SKIP)
    problems = skip_link_problems(tab)
    assert len(problems) == 1 and "not a skip link" in problems[0], problems
    _serve(tab, site_url, "hidden-skip", HIDDEN_SKIP)
    problems = skip_link_problems(tab)
    assert any("cannot be seen" in p for p in problems), problems


def test_focus_check_can_fail(tab, site_url):
    _serve(tab, site_url, "good-focus", GOOD_FOCUS)
    assert keyboard_focus_problems(tab)[0] == []
    _serve(tab, site_url, "bad-focus", BAD_FOCUS)
    problems = keyboard_focus_problems(tab)[0]
    assert any(p.startswith("no visible focus indicator on button.bare") for p in problems), problems
    assert any(p.startswith("never receives focus") and "Mouse only" in p for p in problems), problems
    assert len(problems) == 2, problems


def test_reflow_check_can_fail(new_context, site_url):
    context = new_context(viewport=NARROW)
    page = context.new_page()
    _serve(page, site_url, "good-reflow", GOOD_REFLOW)
    assert reflow_problems(page) == []
    _serve(page, site_url, "bad-reflow", BAD_REFLOW)
    problems = reflow_problems(page)
    context.close()
    assert any(p.startswith("the page scrolls sideways") and "1000px-wide box" in p for p in problems), problems
    assert any("scrollable region div.wide" in p and "tabindex" in p and "accessible name" in p for p in problems), (
        problems
    )
    assert any("A fixed banner" in p and "past the right edge" in p for p in problems), problems


def test_text_zoom_check_can_fail(tab, site_url):
    _serve(tab, site_url, "good-zoom", GOOD_ZOOM)
    enlarge_text(tab, 2.0)
    assert clipped_text_problems(tab) == []
    _serve(tab, site_url, "bad-zoom", BAD_ZOOM)
    enlarge_text(tab, 2.0)
    problems = clipped_text_problems(tab)
    assert len(problems) == 1 and "Text in a box of fixed size" in problems[0], problems
