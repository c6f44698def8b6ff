"""WCAG 2.2 AA with axe-core: every built page, in Chromium, light and dark, desktop and mobile.

One browser context per palette; each test loops over every page and collects every violation
before its single assertion, so one run lists everything that needs fixing.
"""

from __future__ import annotations

import pytest

from browser_checks import Stopwatch, format_axe_violations

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# name: (browser context options, the data-md-color-scheme Material must show)
PROFILES = {
    "light": ({"color_scheme": "light", "viewport": {"width": 1280, "height": 900}}, "default"),
    "dark": ({"color_scheme": "dark", "viewport": {"width": 1280, "height": 900}}, "slate"),
    "mobile-light": (
        {"color_scheme": "light", "viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
        "default",
    ),
}

SHOWS_SCHEME = "scheme => document.body.getAttribute('data-md-color-scheme') === scheme"

RUN_AXE = """async (tags) => {
  // Two frames for Material's scripts to finish setting up (e.g. tabindex on wide code blocks).
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary || ''})),
  }));
}"""


@pytest.mark.parametrize("profile", list(PROFILES))
def test_every_page_has_no_axe_violations(profile, new_context, site_pages, axe_source, audit_log):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    options, scheme = PROFILES[profile]
    context = new_context(**options)
    context.add_init_script(axe_source)
    page = context.new_page()
    clock = Stopwatch()
    found: dict[str, list[dict]] = {}
    not_tested: list[str] = []
    for path in site_pages:
        response = page.goto(path)
        if response is None or not response.ok:
            not_tested.append(f"{path}: did not load (HTTP {response.status if response else 'no response'})")
            continue
        # Material's palette script runs after load, and may first restore a palette stored by
        # an earlier page: audit only once the page shows the scheme this profile is for.
        try:
            page.wait_for_function(SHOWS_SCHEME, arg=scheme, timeout=5_000)
        except PlaywrightTimeout:
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            not_tested.append(f"{path}: data-md-color-scheme is {shown!r}, expected {scheme!r}")
            continue
        violations = page.evaluate(RUN_AXE, WCAG_TAGS)
        if violations:
            found[path] = violations
    context.close()
    viewport = options["viewport"]
    audit_log(
        f"axe {profile} ({viewport['width']}x{viewport['height']}): {len(site_pages)} pages audited "
        f"in {clock}, {sum(len(v) for v in found.values())} violations on {len(found)} pages"
    )
    report = []
    if not_tested:
        report.append(f"pages not tested in the {profile} palette:\n" + "\n".join(not_tested))
    if found:
        report.append(
            f"axe ({', '.join(WCAG_TAGS)}) found violations on {len(found)} of {len(site_pages)} "
            f"pages in the {profile} palette at {viewport['width']}px:\n" + format_axe_violations(found)
        )
    if report:
        pytest.fail("\n".join(report), pytrace=False)
