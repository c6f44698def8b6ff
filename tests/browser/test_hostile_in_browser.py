"""No script from content runs in a resident's browser.

Every page of tests/fixtures/hostile (script and markup payloads in every text field), and of
the hostile project made from the content model (tests/hostile.py: a payload in every field
the model marks as written, attribute lists and javascript: links included), is loaded in
Chromium; pointer and focus events are fired at every element that does not navigate. Each
payload would set window.__pwned or open a dialog if it ran. Requests to other hosts are
recorded for the whole session (test_privacy.py).
"""

from __future__ import annotations

import pytest

from browser_checks import OFF_SITE, OutsideRequests

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


@pytest.mark.parametrize("which", ["hand-written", "from the model"])
def test_no_script_from_content_runs(browser, request, which):
    hostile_site = request.getfixturevalue("hostile_site" if which == "hand-written" else "model_hostile_site")
    hostile_url = request.getfixturevalue("hostile_url" if which == "hand-written" else "model_hostile_url")
    pages = sorted(hostile_site.rglob("*.html"))
    context = browser.new_context(base_url=hostile_url)
    outside = OutsideRequests()  # this site's own record: the session's covers the shipped site
    context.route(OFF_SITE, outside.guard)
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
    assert not outside.seen, "requests to other hosts:\n" + "\n".join(outside.seen[:20])
