"""No script from content runs in a resident's browser.

Every page of tests/fixtures/hostile (script and markup payloads in every text field) is
loaded in Chromium; pointer and focus events are fired at every element that does not
navigate. Each payload would set window.__pwned or open a dialog if it ran.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FIRE_EVENTS = """() => {
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('a, button, label, input, form')) continue;
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click']) {
      element.dispatchEvent(new MouseEvent(type, {bubbles: true}));
    }
  }
  return window.__pwned;
}"""


def test_no_script_from_content_runs(browser, hostile_site, hostile_url):
    pages = sorted(hostile_site.rglob("*.html"))
    context = browser.new_context(base_url=hostile_url)
    ran, dialogs = [], []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for html in pages:
            path = "/" + html.relative_to(hostile_site).as_posix().removesuffix("index.html")
            page.goto(hostile_url + path, wait_until="load")
            page.wait_for_timeout(50)  # let onload/onerror handlers fire if any were live
            result = page.evaluate(FIRE_EVENTS)
            if result is not None:
                ran.append(f"{path}: window.__pwned = {result!r}")
    finally:
        context.close()
    assert len(pages) >= 10
    assert not ran and not dialogs, "\n".join(ran + dialogs)
