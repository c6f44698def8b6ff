"""Shared fixtures: each fixture site built once a session (the shipped site, the hostile ones,
tests/fixtures/complete), its pages parsed, and the caches every build of the session shares;
and the markers that say what a test costs.

What a test costs (`make check` runs the tests marked none of ``browser``, ``build`` and ``slow``;
`make test` runs them all):

- ``browser``: drives a built site in Chromium, or checks it with the Nu HTML Checker; every
  test under tests/browser/ is marked so here.
- ``build``: builds a site, or runs the ``strategies`` command in a fresh interpreter. A test is
  marked so here when it uses a fixture that builds (those in ``BUILDING_FIXTURES``, and any
  fixture made with :func:`support.builds_a_site`); a module whose every test builds says
  ``pytestmark = pytest.mark.build``; a test that builds by itself is marked by hand. A test that
  builds a site, or runs the command, without the mark fails (see ``_builds_unmarked``), so no
  such test is ever counted as fast by mistake.
- ``slow``: takes seconds without building (property-based tests that try many cases, fresh
  interpreters). Any other test that takes over ``FAST_LIMIT`` seconds is named at the end of
  the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from support import FIXTURES, ROOT, build_with_site_config, page_reader, published_content

# The fixtures here that build a site: a test using any of them (or a fixture that does) is
# marked ``build``.
BUILDING_FIXTURES = {"built_site", "hostile_site", "model_hostile_site", "complete_build", "complete_build_2030"}
FAST_LIMIT = 5.0  # seconds: a test marked neither build, browser nor slow that takes longer is named


# --- the caches every build of the session shares -----------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def shared_caches(tmp_path_factory):
    """Typeset PDFs (STRATEGIES_PDF_CACHE, strategies/mkdocs_adapter/pdf.py) and drawn charts
    (support.share_chart_cache) kept in one folder for the whole session: a build of content
    an earlier build of the session typeset or drew takes them from there. Tests of the caches
    themselves keep their own (test_pdf.py removes the variable; test_drawing.py builds its
    own projects)."""
    folder = tmp_path_factory.mktemp("caches")
    before = {name: os.environ.get(name) for name in ("STRATEGIES_PDF_CACHE", "STRATEGIES_TEST_CHART_CACHE")}
    os.environ["STRATEGIES_PDF_CACHE"] = str(folder / "pdf")
    os.environ["STRATEGIES_TEST_CHART_CACHE"] = str(folder / "charts")
    yield folder
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


# --- the sites, each built once a session ------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built once, strictly, into a temporary folder."""
    from strategies.mkdocs_adapter.publish import build_site

    site_dir = tmp_path_factory.mktemp("site") / "site-build"
    assert build_site(ROOT / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    return site_dir


@pytest.fixture(scope="session")
def page(built_site):
    """Parse a built page by its URL path, e.g. page('strategies/x/')."""
    return page_reader(built_site)


@pytest.fixture(scope="session")
def shipped():
    """The content this repository publishes, as its mkdocs.yml publishes it."""
    return published_content(ROOT)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile fixture (a payload in every text field) built strictly with the site's config."""
    project = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURES / "hostile", project, dirs_exist_ok=True)
    return build_with_site_config(project)


@pytest.fixture(scope="session")
def model_hostile_site(tmp_path_factory) -> Path:
    """A hostile project made from the content model (tests/hostile.py: a payload in every
    field an officer writes) built strictly with the site's config."""
    from hostile import hostile_project

    project, _ = hostile_project(tmp_path_factory.mktemp("model-hostile"))
    return build_with_site_config(project)


def _complete(tmp_path_factory, as_at: str | None = None) -> Path:
    from strategies.mkdocs_adapter.plugin import AS_AT_VARIABLE

    project = tmp_path_factory.mktemp("complete") / "complete"
    shutil.copytree(FIXTURES / "complete", project)
    if as_at is None:
        return build_with_site_config(project)
    os.environ[AS_AT_VARIABLE] = as_at
    try:
        return build_with_site_config(project)
    finally:
        del os.environ[AS_AT_VARIABLE]


@pytest.fixture(scope="session")
def complete_build(tmp_path_factory) -> Path:
    """tests/fixtures/complete (every field set) built strictly with the site's config, as at
    the build's date. Read it only: every module that needs it shares this one build."""
    return _complete(tmp_path_factory)


@pytest.fixture(scope="session")
def complete_build_2030(tmp_path_factory) -> Path:
    """tests/fixtures/complete built as at 1 January 2030 (the golden snapshot's date). Read only."""
    return _complete(tmp_path_factory, "2030-01-01")


def pytest_addoption(parser):
    parser.addoption(
        "--pages",
        default="",
        help="browser tests: audit only pages whose URL path contains one of these comma-separated "
        "texts, e.g. --pages=/strategies/stockton-fairer-stockton/ (default: every page)",
    )


# --- what a test costs -------------------------------------------------------------------------

BROWSER_TESTS = Path(__file__).parent / "browser"


def _builds(item) -> bool:
    """Does ``item`` use a fixture that builds a site (at any depth)?"""
    if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    info = getattr(item, "_fixtureinfo", None)
    for definitions in info.name2fixturedefs.values() if info else ():
        if any(getattr(definition.func, "builds_a_site", False) for definition in definitions):
            return True
    return False


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if _builds(item):
            item.add_marker(pytest.mark.build)


_RUNNING: list = []  # the test running now (its setup, call and teardown)
_UNMARKED: dict[str, str] = {}  # test id -> what it ran without the build mark
_SLOW_UNMARKED: dict[str, float] = {}


def _marked_costly(item) -> bool:
    return any(item.get_closest_marker(name) for name in ("build", "browser"))


def _note_build(what: str) -> None:
    if _RUNNING and not _marked_costly(_RUNNING[-1]):
        _UNMARKED.setdefault(_RUNNING[-1].nodeid, what)


def _runs_the_command(args) -> bool:
    words = [str(arg) for arg in args] if isinstance(args, (list, tuple)) else [str(args)]
    text = " ".join(words)
    return (
        "strategies.commands.cli" in text
        or "build_site(" in text
        or any(word == "strategies" or word.endswith("/bin/strategies") for word in words)
    )


def pytest_configure(config):
    """Watch for builds: MkDocs' build in this process, and the strategies command (or a script
    that builds) in another."""
    from mkdocs.commands import build as mkdocs_build

    original_build = mkdocs_build.build

    def build(*args, **kwargs):
        _note_build("builds a site")
        return original_build(*args, **kwargs)

    mkdocs_build.build = build

    original_init = subprocess.Popen.__init__

    def init(self, args, *rest, **kwargs):
        if _runs_the_command(args):
            _note_build("runs the strategies command (or a build) in another process")
        original_init(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = init


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _RUNNING.append(item)
    started = time.perf_counter()
    try:
        return (yield)
    finally:
        _RUNNING.pop()
        took = time.perf_counter() - started
        if took > FAST_LIMIT and not _marked_costly(item) and not item.get_closest_marker("slow"):
            _SLOW_UNMARKED[item.nodeid] = took


@pytest.fixture(autouse=True)
def _builds_unmarked(request):
    """Fail a test that builds a site, or runs the strategies command, without the build mark
    (its module-scoped fixtures are built while it is being set up, and count as its own)."""
    yield
    what = _UNMARKED.get(request.node.nodeid)
    if what:
        pytest.fail(
            f"{request.node.nodeid} {what} but is not marked build: mark it @pytest.mark.build (or its "
            "module, pytestmark = pytest.mark.build; or its fixture, @builds_a_site from support.py), "
            "so that `make check` leaves it out",
            pytrace=False,
        )


def pytest_terminal_summary(terminalreporter):
    if _SLOW_UNMARKED:
        terminalreporter.section(f"tests marked neither build, browser nor slow that took over {FAST_LIMIT:.0f} s")
        for nodeid, took in sorted(_SLOW_UNMARKED.items(), key=lambda kv: -kv[1]):
            terminalreporter.write_line(f"{took:6.1f} s  {nodeid}  (mark it slow or build: `make check` runs it)")
