"""A fast first view on a slow phone, however the site is hosted: the parts of Lighthouse's
mobile audit that do not vary from run to run.

Lighthouse's scores do (with the machine's load), so they are measured by
benchmarks/lighthouse.py, not here. What makes them is checked here on every page:

- nothing holds up the first view: every style is in the page (Material's stylesheets cut to
  the rules the page uses, strategies/mkdocs_adapter/inline_css.py; the brand colours and
  macros/theme/assets/strategies.css, macros/theme/main.html), a stylesheet linked is for
  print only, and every script is fetched after the page has loaded;
- the cut stylesheets change nothing: each page looks exactly as it does with Material's whole
  stylesheets, on a phone and a desktop, with search open;
- Material's scripts still run once the page has loaded;
- every image says its size (no layout shift as charts arrive), and every dialog has a name
  (Lighthouse's aria-dialog-name: the search dialog).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/strategies/warrington-equality-objectives-2020-24/",
    "/strategies/warrington-equality-objectives-2020-24/life-expectancy-and-wellbeing/",
    "/strategies/demo-fairer-futures/",
    "/people/",
    "/404.html",
]
JAVASCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def _pages(built_site):
    for html in sorted(built_site.rglob("*.html")):
        yield html.relative_to(built_site).as_posix(), BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


def test_no_page_waits_for_a_stylesheet_or_a_script(built_site):
    found = {}
    for name, soup in _pages(built_site):
        problems = []
        for link in soup.find_all("link", rel="stylesheet"):
            if link.get("media") != "print":
                problems.append(f"a stylesheet every screen waits for: {link}")
        for script in soup.find_all("script", src=True):
            if script.get("type", "") in JAVASCRIPT_TYPES and not (
                script.has_attr("defer") or script.has_attr("async")
            ):
                problems.append(f"a script that holds up the page: {script}")
        if not any(".md-header{" in style.get_text() for style in soup.head.find_all("style")):
            problems.append("Material's styles are not in the page")
        if problems:
            found[name] = problems
    assert not found, "\n".join(f"{name}: {'; '.join(problems)}" for name, problems in sorted(found.items()))


def test_every_image_says_its_size(built_site):
    """An image without width and height moves the page when it arrives (Lighthouse: unsized-images)."""
    found = {}
    for name, soup in _pages(built_site):
        unsized = [str(img)[:140] for img in soup.find_all("img") if not (img.get("width") and img.get("height"))]
        if unsized:
            found[name] = unsized
    assert not found, f"images without width and height on {len(found)} pages:\n" + "\n".join(
        f"{name}: {images[0]}" + (f" (+{len(images) - 1} more)" if len(images) > 1 else "")
        for name, images in sorted(found.items())
    )


def test_every_dialog_has_a_name(built_site):
    found = {}
    for name, soup in _pages(built_site):
        unnamed = [
            str(el)[:120]
            for el in soup.find_all(attrs={"role": re.compile(r"^(alert)?dialog$")})
            if not (el.get("aria-label", "").strip() or el.get("aria-labelledby", "").strip())
        ]
        if unnamed:
            found[name] = unnamed
    assert not found, found


def test_scripts_are_fetched_after_the_page_has_loaded_and_still_run(new_context):
    """Each script's fetch starts after the load event began (the browser's own timings:
    Playwright's request and load events arrive by different channels, in either order), and
    Material's script still runs (its palette toggle works)."""
    context = new_context(color_scheme="light")
    page = context.new_page()
    page.goto("/", wait_until="networkidle")
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=10_000)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()  # Material's palette toggle
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== {scheme!r}", timeout=5_000)
    scripts = page.evaluate("""() => {
      const loaded = performance.getEntriesByType('navigation')[0].loadEventStart;
      return performance.getEntriesByType('resource').filter(r => r.initiatorType === 'script')
        .map(r => ({url: r.name, early: r.startTime < loaded}));
    }""")
    context.close()
    early = [script["url"] for script in scripts if script["early"]]
    assert not early, f"scripts fetched before the page had loaded: {early}"
    assert any("bundle" in script["url"] for script in scripts), scripts


# Every element's box and the styles a reader sees, and its ::before and ::after: the same with
# the page's cut stylesheets and with Material's whole ones.
_LOOK = """() => {
  const props = ['display', 'visibility', 'position', 'color', 'background-color', 'font-size', 'font-weight',
                 'font-style', 'text-decoration-line', 'border-top-width', 'border-top-color', 'border-left-width',
                 'outline-style', 'opacity', 'transform', 'mask-image', 'content', 'cursor', 'box-shadow'];
  const out = [];
  document.querySelectorAll('body *').forEach((el, index) => {
    const r = el.getBoundingClientRect();
    const row = [index, el.tagName, el.className && el.className.baseVal === undefined ? el.className : '',
                 [r.x, r.y, r.width, r.height].map(v => Math.round(v * 10) / 10).join(',')];
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      row.push(props.map(p => cs.getPropertyValue(p)).join('|'));
    }
    out.push(row);
  });
  return out;
}"""


def _whole_stylesheets(html: str) -> str:
    """The page with each of Material's cut stylesheets replaced by a link to the whole file."""
    base = re.search(r'__md_scope=new URL\("([^"]*)"', html)[1]
    return re.sub(
        r'<style data-href="(assets/stylesheets/[^"]+)">.*?</style>',
        lambda found: f'<link rel="stylesheet" href="{base.rstrip("/")}/{found[1]}">',
        html,
        flags=re.S,
    )


def _look(page, url: str, state: str) -> list:
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=10_000)
    if state == "searching":
        page.keyboard.press("/")
        page.keyboard.type("Warrington")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        page.wait_for_timeout(300)
    elif state == "menu open":
        page.click(".md-header label[for=__drawer]")
        page.wait_for_timeout(300)
    page.evaluate("() => { for (const a of document.getAnimations()) { try { a.finish(); } catch (e) {} } }")
    return page.evaluate(_LOOK)


@pytest.mark.parametrize("width, scheme", [(320, "light"), (1280, "light"), (320, "dark")])
def test_cut_stylesheets_change_nothing_a_reader_sees(new_context, site_url, width, scheme):
    context = new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in PAGES:
        states = ["as loaded"] + (["searching"] + (["menu open"] if width < 1220 else []) if path == "/" else [])
        for state in states:
            as_built = _look(page, path, state)
            url = f"{site_url}{path}"
            # The same address, so that the page's relative links (and search) work as before.
            body = _whole_stylesheets(page.request.get(url).text())
            # body keyword-only: Playwright passes a handler as many positional arguments as it takes
            page.route(
                url,
                lambda route, *, body=body: route.fulfill(
                    status=200, content_type="text/html; charset=utf-8", body=body
                ),
            )
            with_whole = _look(page, path, state)
            page.unroute(url)
            differences = [
                f"{a[1].lower()}.{a[2]}: {a[3:]} != {b[3:]}"[:300] for a, b in zip(as_built, with_whole) if a != b
            ]
            if len(as_built) != len(with_whole):
                differences.insert(0, f"{len(as_built)} elements as built, {len(with_whole)} with whole stylesheets")
            if differences:
                found[f"{path} ({state})"] = differences[:5]
    context.close()
    assert not found, f"at {width}px ({scheme}), pages look different with Material's whole stylesheets:\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items()
    )
