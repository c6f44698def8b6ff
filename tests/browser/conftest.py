"""Browser fixtures: the built site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

Nothing here downloads a browser: Playwright drives /usr/bin/chromium (Debian's package, which
`make test` installs when it is missing). axe-core and the Nu HTML Checker come from
node_modules (`npm ci`, also run by `make test`).

Without those tools the browser tests skip on a developer's machine, and fail under CI (where
the environment variable CI is set), so a green CI run always means the pages were checked.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from browser_checks import CSP_LISTENER, OFF_SITE, OutsideRequests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))  # GitHub runners: google-chrome
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
SETUP_HINT = "run `make test`, which installs it (as root for Debian's packages)"


def require(condition: bool, what: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail under CI, where it must be there."""
    if condition:
        return
    message = f"{what} is missing: {SETUP_HINT}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- a summary of the browser checks, printed at the end of the run --------------------------

_SUMMARY: list[str] = []


@pytest.fixture(scope="session")
def audit_log():
    """Append one line per check (pages, time taken): printed in the terminal summary."""
    return _SUMMARY.append


def pytest_terminal_summary(terminalreporter):
    if _SUMMARY:
        terminalreporter.section("browser checks")
        for line in _SUMMARY:
            terminalreporter.write_line(line)


# --- the site, served over http --------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser hangs up mid-response when a test navigates on: not a problem


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The shipped site (built strictly, once) served at the root of http://127.0.0.1:<free port>/.

    At the root, because with site_url set the 404 page uses root-absolute asset paths.
    """
    yield from _serve(built_site)


@pytest.fixture(scope="session")
def hostile_url(hostile_site) -> str:
    """The hostile fixture's site (tests/fixtures/hostile), served like the shipped one."""
    yield from _serve(hostile_site)


@pytest.fixture(scope="session")
def model_hostile_url(model_hostile_site) -> str:
    """The hostile site made from the content model (tests/hostile.py), served likewise."""
    yield from _serve(model_hostile_site)


def _serve(directory):
    """Serve a built site at the root of a free port on 127.0.0.1 until the session ends."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_pages(built_site, request) -> list[str]:
    """The URL path of every built HTML page (all of them, 404.html included), sorted."""
    paths = []
    for html in sorted(built_site.rglob("*.html")):
        relative = html.relative_to(built_site).as_posix()
        if relative == "index.html":
            paths.append("/")
        elif relative.endswith("/index.html"):
            paths.append("/" + relative[: -len("index.html")])
        else:
            paths.append("/" + relative)
    assert "/404.html" in paths and "/" in paths, paths
    wanted = [text for text in request.config.getoption("--pages").split(",") if text]
    if wanted:  # one page's audit while fixing it; make test and CI always audit every page
        paths = [path for path in paths if any(text in path for text in wanted)]
        assert paths, f"--pages matched no page: {wanted}"
    return paths


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, started once for the session."""
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM}; Debian package `chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "The Python package playwright (the [test] extra)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def outside_requests() -> OutsideRequests:
    return OutsideRequests()


@pytest.fixture(scope="session")
def new_context(browser, site_url, outside_requests):
    """Make a browser context on the served site; every request off 127.0.0.1 is blocked and recorded.

    Options are Playwright's new_context options (viewport, color_scheme, ...). Contexts are
    closed at the end of the session; close one earlier with .close() to free memory. Pages'
    Content-Security-Policy is bypassed (so that tests may add axe-core, and wait with
    Playwright's eval) unless ``bypass_csp=False``: the tests of the policy, and the phone visit
    of every page, load pages under it.
    """
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("bypass_csp", True)
        context = browser.new_context(base_url=site_url, **options)
        context.set_default_timeout(15_000)
        context.route(OFF_SITE, outside_requests.guard)
        context.add_init_script(CSP_LISTENER)
        context.on("page", outside_requests.watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        try:
            context.close()
        except Exception:  # already closed
            pass


NARROW = {"width": 320, "height": 800}  # the narrowest phone: WCAG 1.4.10's 320 CSS px


def page_html(built_site: Path, path: str) -> str:
    """The built HTML of the page at URL path ``path`` ("" if there is none)."""
    file = built_site / path.strip("/") / "index.html" if path.endswith("/") else built_site / path.lstrip("/")
    return file.read_text(encoding="utf-8") if file.is_file() else ""


@pytest.fixture(scope="session")
def narrow_visit(new_context, site_pages, built_site, audit_log) -> dict:
    """Every page loaded once at 320 x 800 CSS px, light, for four checks in turn: reflow
    (test_keyboard_and_reflow.py), then every table cell on screen, then card tables on the pages
    that have them (test_tables_on_phones.py), then what the page's Content-Security-Policy
    blocked once its scripts ran (test_privacy.py). The first reads the page; the next two open
    every <details> before they read it, as each did on a visit of its own. Returns the problems
    each found by path ("reflow", "table cells", "card tables", "content security policy"), and
    the pages with card tables."""
    from browser_checks import (
        Stopwatch,
        card_table_problems,
        csp_problems,
        problems_on_one_visit,
        reflow_problems,
        table_cells_off_screen,
    )

    card_pages = [path for path in site_pages if "table-region--cards" in page_html(built_site, path)]
    context = new_context(viewport=NARROW, color_scheme="light", bypass_csp=False)
    page = context.new_page()
    clock = Stopwatch()
    found = problems_on_one_visit(
        page,
        site_pages,
        {
            "reflow": (reflow_problems, site_pages),
            "table cells": (table_cells_off_screen, site_pages),
            "card tables": (lambda page: card_table_problems(page, cards=True), card_pages),
            "content security policy": (csp_problems, site_pages),
        },
    )
    context.close()
    audit_log(
        f"at 320px, one visit a page for reflow, table cells, card tables and the security policy: {len(site_pages)} pages "
        f"({len(card_pages)} with card tables) in {clock}"
    )
    return {**found, "card pages": card_pages}


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE_JS.exists(), f"axe-core ({AXE_JS.relative_to(ROOT)}; `npm ci`)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    require(VNU_JAR.exists(), f"The Nu HTML Checker ({VNU_JAR.relative_to(ROOT)}; `npm ci`)")
    java = shutil.which("java")
    require(java is not None, "Java (Debian package `default-jre-headless`)")
    return [java, "-jar", str(VNU_JAR)]
