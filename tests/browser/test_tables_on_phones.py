"""Tables on a phone: every cell on screen at 320 and 375 CSS px, with no sideways scrolling.

Row-per-item tables (actions, owners, measures, updates...) are made with
table_open(..., cards=true) (macros/components.html.j2): below 45em each row reads as a card,
its title first, its status next, then each value after its column's name (data-label). Wide
screens keep the table, and screen readers get a table at every width. The checks live in
browser_checks.py; the last tests here show on hand-made pages that they can fail.
"""

from __future__ import annotations

import pytest

from browser_checks import Stopwatch, card_table_problems, fail_with, problems_on, table_cells_off_screen

pytestmark = pytest.mark.browser

PHONES = [320, 375]
PRIORITY = "/strategies/warrington-equality-objectives-2020-24/life-expectancy-and-wellbeing/"
CARD_PAGES = [PRIORITY, "/strategies/demo-fairer-futures/warm-accessible-homes/", "/people/", "/field-reference/"]


@pytest.mark.parametrize("width", PHONES)
def test_every_table_cell_is_on_screen_on_a_phone(request, new_context, site_pages, audit_log, width):
    """Status, owner and due date are read without scrolling sideways, on every page. At 320 px
    (320 x 800, as here) on conftest.py's one visit of every page at that width."""
    if width == 320:
        found = request.getfixturevalue("narrow_visit")["table cells"]
        audit_log(f"table cells at {width}px: {len(site_pages)} pages, problems on {len(found)}")
    else:
        context = new_context(viewport={"width": width, "height": 800}, color_scheme="light")
        page = context.new_page()
        clock = Stopwatch()
        found = problems_on(page, site_pages, table_cells_off_screen)
        context.close()
        audit_log(f"table cells at {width}px: {len(site_pages)} pages in {clock}, problems on {len(found)}")
    fail_with(found, f"table cells outside a {width}px viewport", len(site_pages))


def test_card_tables_label_every_value_with_the_title_and_status_first(narrow_visit):
    """At 320 x 800 (conftest.py's one visit of every page at that width), on every page with a
    table made with table_open(..., cards=true)."""
    paths = narrow_visit["card pages"]
    assert paths, "no page has a table made with table_open(..., cards=true)"
    found = narrow_visit["card tables"]
    fail_with(found, "card tables that do not read as labelled cards at 320px", len(paths))


def test_wide_screens_keep_the_tables(new_context):
    context = new_context(color_scheme="light")  # 1280 px
    page = context.new_page()
    found = {}
    for path in CARD_PAGES:
        page.goto(path)
        problems = card_table_problems(page, cards=False)
        layout = page.evaluate("""() => [...document.querySelectorAll('.table-region--cards tbody tr')]
            .map(tr => getComputedStyle(tr).display).filter(display => display !== 'table-row')""")
        if layout:
            problems.append(f"{len(layout)} rows of card tables are not table rows at 1280px: {sorted(set(layout))}")
        if problems:
            found[path] = problems
    context.close()
    fail_with(found, "card tables that are not tables on a wide screen", len(CARD_PAGES))


def test_card_tables_are_still_tables_to_screen_readers(new_context):
    """In Chromium's accessibility tree at 320px: the table, named by its caption, with its
    column headers, row headers and cells; a cell's name is its value, not its label too."""
    context = new_context(viewport={"width": 320, "height": 800}, color_scheme="light")
    page = context.new_page()
    page.goto(PRIORITY)
    caption = page.locator(".table-region--cards caption").first.inner_text().strip()
    headers = page.locator(".table-region--cards").first.locator("thead th").count()
    cdp = context.new_cdp_session(page)
    nodes = [node for node in cdp.send("Accessibility.getFullAXTree")["nodes"] if not node.get("ignored")]
    context.close()
    roles = [(node["role"]["value"], node.get("name", {}).get("value", "")) for node in nodes]
    assert ("table", caption) in roles, f"no table named {caption!r}: {[r for r in roles if r[0] == 'table']}"
    assert sum(role == "columnheader" for role, _ in roles) >= headers
    assert any(role == "rowheader" for role, _ in roles)
    cells = [name for role, name in roles if role == "cell"]
    assert cells, "no cells in the accessibility tree"
    labelled = [name for name in cells if name.startswith(("Owner:", "Post:", "Status:", "Due:"))]
    assert not labelled, f"cells read out with their visual label as well as their header: {labelled[:3]}"


def test_tables_fit_a_phone_without_javascript(new_context):
    context = new_context(viewport={"width": 320, "height": 800}, color_scheme="light", java_script_enabled=False)
    page = context.new_page()
    found = problems_on(
        page,
        CARD_PAGES,
        lambda page: (
            table_cells_off_screen(page, javascript=False) + card_table_problems(page, cards=True, javascript=False)
        ),
    )
    context.close()
    fail_with(found, "tables that do not fit a 320px phone without JavaScript", len(CARD_PAGES))


# --- the checks can fail: hand-made pages ------------------------------------------------------


def _serve(page, site_url: str, name: str, html: str) -> None:
    url = f"{site_url}/__harness__/{name}.html"
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    page.goto(url)


def _page(body: str) -> str:
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>harness</title>'
        "<style>body { margin: 8px; } .wide { overflow-x: auto; } td { min-width: 200px; }</style>"
        f"</head><body>{body}</body></html>"
    )


WIDE_TABLE = _page(
    '<div class="wide" role="region" aria-label="Wide" tabindex="0"><table><caption>Wide</caption>'
    '<tr><th scope="row">Title</th><td>one</td><td>two</td></tr></table></div>'
)
UNLABELLED_CARDS = _page(
    '<div class="table-region table-region--cards"><table><caption>Cards</caption>'
    '<tbody><tr><th scope="row">Title</th><td>one</td></tr></tbody></table></div>'
)


def test_table_checks_can_fail(new_context, site_url):
    context = new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    _serve(page, site_url, "wide-table", WIDE_TABLE)
    problems = table_cells_off_screen(page)
    assert len(problems) == 1 and problems[0].startswith('table "Wide": ') and "cells lie outside" in problems[0], (
        problems
    )
    assert "no data-label" in problems[0]
    _serve(page, site_url, "unlabelled-cards", UNLABELLED_CARDS)
    problems = card_table_problems(page, cards=True)
    context.close()
    assert any("1 cells have no data-label" in problem for problem in problems), problems
    assert any('has no role="table"' in problem for problem in problems), problems
    assert any("rows are not cards" in problem for problem in problems), problems
