"""The first screen of a strategy on a phone answers "is it on track, and since when?".

On a 375 x 667 CSS px phone (the smallest common one in use), the one-line progress summary of
every strategy page, current and old versions aside, ends within the first screen: below the
header, the title and any notice, before a resident has scrolled.
"""

from __future__ import annotations

import pytest

from browser_checks import fail_with

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}


def test_each_strategy_gives_its_progress_on_the_first_screen_of_a_phone(new_context, site_pages):
    strategies = [
        path
        for path in site_pages
        if path.count("/") == 3 and path.startswith("/strategies/") and "/revisions/" not in path
    ]
    assert strategies, "no strategy pages"
    context = new_context(viewport=PHONE, color_scheme="light")
    page = context.new_page()
    found = {}
    for path in strategies:
        page.goto(path)
        line = page.locator("p.progress-line")
        if line.count() != 1:
            found[path] = [f"{line.count()} progress lines, not one"]
            continue
        box = line.bounding_box()
        text = line.inner_text().strip()
        if not text.startswith("Progress:"):
            found[path] = [f"the progress line reads {text!r}"]
        elif box["y"] + box["height"] > PHONE["height"]:
            found[path] = [
                f"the progress line ends {box['y'] + box['height']:.0f}px down, below the first "
                f"{PHONE['height']}px: {text!r}"
            ]
    context.close()
    fail_with(found, "strategy pages whose progress is not on a phone's first screen", len(strategies))
