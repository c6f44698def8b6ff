"""Helpers shared by the tests: the project root and fixtures, projects made from them, the
seeds, the command line, and reading built pages."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
REQUIRE_SEEDS = "STRATEGIES_REQUIRE_SEEDS"  # "1": a missing seed fails its test (see seed())
FIXTURES = ROOT / "tests" / "fixtures"


def make_project(tmp_path: Path, case: str | None = None) -> Path:
    """A project folder holding the base content, with a case's files laid over it."""
    shutil.copytree(FIXTURES / "base", tmp_path, dirs_exist_ok=True)
    if case:
        shutil.copytree(FIXTURES / "invalid" / case, tmp_path, dirs_exist_ok=True)
    return tmp_path


def project_with_site_config(tmp_path: Path, case: str | None = None) -> Path:
    """:func:`make_project` with the site's own mkdocs.yml, docs/ and macros/: ready to build."""
    project = make_project(tmp_path, case)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "macros", project / "macros")
    return share_chart_cache(project)


def shipped_project(folder: Path, config: str | None = None) -> Path:
    """A copy of this repository's content/, docs/ and macros/ in ``folder``, with its mkdocs.yml
    (or ``config``, the text of another), sharing the session's chart cache: ready to build."""
    for name in ("content", "docs", "macros"):
        shutil.copytree(ROOT / name, folder / name)
    if config is None:
        shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    else:
        (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return share_chart_cache(folder)


def share_chart_cache(project: Path) -> Path:
    """Point ``project``'s chart cache (.cache/strategies/charts, the plugin's default) at the
    folder every build of the test session shares (tests/conftest.py sets it), so a chart an
    earlier build drew is not drawn again; returns ``project``. The cache's own tests build
    without it (tests/pages/test_drawing.py). Charts are keyed by everything that makes them:
    a cached chart is byte for byte the chart drawn anew."""
    shared = os.environ.get("STRATEGIES_TEST_CHART_CACHE")
    link = project / ".cache" / "strategies" / "charts"
    if shared and not link.exists():
        Path(shared).mkdir(parents=True, exist_ok=True)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(shared, target_is_directory=True)
    return project


def builds_a_site(fixture_function):
    """Mark a fixture function as one that builds a site: every test using it is marked
    ``build`` (tests/conftest.py). Put it under ``@pytest.fixture``."""
    fixture_function.builds_a_site = True
    return fixture_function


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, by relative path, with a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The ``strategies`` command run in a fresh interpreter, as an officer runs it."""
    return subprocess.run(
        [sys.executable, "-m", "strategies.commands.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def seed(name: str) -> str:
    """The text of a seed document, or skip the test where ../shared is not present (a
    council's clone on GitHub never has it). STRATEGIES_REQUIRE_SEEDS=1 makes a missing
    seed a failure instead, for a machine that must check the transcriptions."""
    path = SEEDS / name
    if not path.exists():
        if os.environ.get(REQUIRE_SEEDS) == "1":
            pytest.fail(f"seed document {path} is missing ({REQUIRE_SEEDS}=1 says it must be there)")
        pytest.skip(f"seed document {path} is not available")
    # The seeds are copied from PDFs: fold non-breaking spaces so patterns match.
    return path.read_text(encoding="utf-8").replace("\u00a0", " ")


def table_by_caption(soup: BeautifulSoup, caption_text: str):
    """The table whose caption contains the given text."""
    for table in soup.find_all("table"):
        caption = table.find("caption")
        if caption and caption_text in caption.get_text(" ", strip=True):
            return table
    raise AssertionError(f"no table captioned {caption_text!r}")


def rows(table) -> list[list[str]]:
    """The body rows of a table as lists of cell texts (header cell first)."""
    body = table.find("tbody") or table
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in body.find_all("tr")]


def heading_text(tag) -> str:
    """A heading's text without its permalink anchor."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    return copy.get_text(" ", strip=True)


def find_heading(soup: BeautifulSoup, level: str, text: str):
    """The first heading of the given level (e.g. 'h3') whose text is exactly ``text``."""
    for tag in soup.find_all(level):
        if heading_text(tag) == text:
            return tag
    return None


def processes_marked(marker: str) -> list[int]:
    """The processes still running (zombies aside) whose environment holds ``marker``: a
    command started with it in its environment, and every worker process that command started,
    forked or fresh, even once the command has gone."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state not in ("Z", "X"):
                        found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                pass
    return found


def wait_for(condition, timeout: float = 60.0, what: str = "the condition") -> None:
    """Wait until ``condition()`` is true, checking every 20 ms; fail after ``timeout`` seconds
    (generous: a loaded machine is slow, and the wait ends as soon as the condition holds)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.02)


# --------------------------------------------------------------------------------------
# What a site must show whatever content it holds: however many strategies, organisations
# and people. The shipped site's tests run these checks, and so does the officer's pull
# request (tests/commands/test_officer_pull_request.py) on a copy with a new council.
# --------------------------------------------------------------------------------------


class Published:
    """The content a project publishes: its loaded ``Site``, whose attributes it passes on. A
    failing test's report shows its arguments, and a Site's own repr takes minutes to make."""

    def __init__(self, site, project: Path):
        self.site, self.project = site, project

    def __getattr__(self, name: str):
        return getattr(self.site, name)

    def __repr__(self) -> str:
        return f"<content published from {self.project}: {len(self.site.strategies)} strategies>"


def published_content(project: Path) -> Published:
    """The content ``project`` publishes, loaded and checked: as its mkdocs.yml publishes it,
    without the fictional demonstration where ``demonstration: false`` turns it off."""
    import yaml

    from strategies.content.loader import load_site

    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    options = (
        next((p["strategies"] for p in config.get("plugins", []) if isinstance(p, dict) and "strategies" in p), None)
        or {}
    )
    if not options.get("demonstration", True):
        site.drop_demonstration()
    return Published(site, project)


def page_reader(site_dir: Path):
    """A function parsing a built page by its URL path, e.g. read('strategies/x/'), as the
    ``page`` fixture does for the shipped site."""
    cache: dict[str, BeautifulSoup] = {}

    def read(url_path: str) -> BeautifulSoup:
        if url_path not in cache:
            path = site_dir / url_path
            if url_path == "" or url_path.endswith("/"):
                path = path / "index.html"
            assert path.is_file(), f"no page at /{url_path}"
            cache[url_path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return cache[url_path]

    return read


def followed(url_path: str, href: str) -> str:
    """The site-relative URL path a link on page ``url_path`` leads to."""
    from urllib.parse import urljoin

    target = urljoin(f"https://site.invalid/{url_path}", href)
    assert target.startswith("https://site.invalid/"), f"{href} on /{url_path} leaves the site"
    return target.removeprefix("https://site.invalid/").split("#")[0]


def _linked_rows(page, url_path: str, caption: str) -> dict[str, list[str]]:
    """The rows of a table on page ``url_path``, by the page each row's heading links to (two
    councils may well publish strategies of the same title, but each has its own page)."""
    found = {}
    for tr in table_by_caption(page(url_path), caption).find("tbody").find_all("tr"):
        cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        link = tr.th.find("a") if tr.th else None
        assert link is not None, f"/{url_path}: {cells[0]!r} under {caption!r} links nowhere"
        target = followed(url_path, link["href"])
        assert target not in found, f"/{url_path}: /{target} is listed twice under {caption!r}"
        assert heading_text(page(target).find("h1")) == cells[0], f"/{url_path}: {cells[0]!r} opens /{target}"
        found[target] = cells
    return found


def check_strategies_page_lists_every_strategy(page, site) -> None:
    """The Strategies page lists every published strategy once, with its organisation, period
    (ended, once it has), approval stage and progress, and each row opens the strategy's own
    page. Progress is as at the build's date (today): a strategy with adopted actions and no
    progress published says so, never a count of what is late."""
    import datetime

    from strategies.content.model import STRATEGY_STATUS_LABELS
    from strategies.pages import freshness

    today = datetime.date.today()
    listed = _linked_rows(page, "strategies/", "Strategies published on this site")
    expected = {
        f"strategies/{entry.id}/": [
            entry.title,
            site.organisations[entry.model.organisation].name,
            f"{entry.model.period.start.display()} to {entry.model.period.end.display()}"
            + (" (ended)" if entry.model.period.end.last_day() < today else ""),
            STRATEGY_STATUS_LABELS[entry.model.status],
        ]
        for entry in site.strategies.values()
    }
    assert sorted(listed) == sorted(expected), "the Strategies page lists other strategies than content/ holds"
    for target, cells in listed.items():
        assert cells[:4] == expected[target], f"/{target}: the list shows {cells}, content says {expected[target]}"
        entry = site.strategies[target.split("/")[1]]
        progress = freshness.progress_of(entry.roots, today)
        if progress.adopted and not freshness.publishes_progress(entry):
            assert cells[4].startswith("No progress report is published here"), (target, cells[4])
        elif progress.adopted:
            assert cells[4].startswith(f"{progress.complete} of {progress.adopted} adopted action"), (target, cells[4])
        assert "overdue" not in cells[4].lower() or freshness.publishes_progress(entry), (target, cells[4])


def _organisations_with_strategies(site) -> dict:
    """Each organisation that leads or is a partner in a published strategy, with those strategies."""
    found: dict = {}
    for entry in site.strategies.values():
        for org_id in dict.fromkeys([entry.model.organisation, *entry.model.partners]):
            found.setdefault(org_id, []).append(entry)
    return found


def check_home_page_leads_to_every_strategy(page, site) -> None:
    """The home page lists every published strategy or, on a site with many, every organisation
    with strategies (with how many it has) and a link to the list of all of them."""
    soup = page("")
    captions = [c.get_text(" ", strip=True) for c in soup.select("table caption")]
    if any("Strategies published on this site" in c for c in captions):
        listed = _linked_rows(page, "", "Strategies published on this site")
        assert sorted(listed) == sorted(f"strategies/{entry.id}/" for entry in site.strategies.values())
        return
    listed = _linked_rows(page, "", "Organisations with strategies on this site")
    expected = {
        f"organisations/{org_id}/": len(entries) for org_id, entries in _organisations_with_strategies(site).items()
    }
    assert {target: int(cells[1]) for target, cells in listed.items()} == expected
    everything = soup.find("a", string=f"all {len(site.strategies)} strategies in one list")
    assert everything is not None and followed("", everything["href"]) == "strategies/"


def check_organisations_and_people_listed(page, site) -> None:
    """The Organisations page lists every organisation, whose page lists the strategies it leads
    or is a partner in; the People page lists every person, each with a page of their own."""
    listed = _linked_rows(page, "organisations/", "Organisations behind the strategies on this site")
    assert sorted(listed) == sorted(f"organisations/{org_id}/" for org_id in site.organisations)
    strategies = _organisations_with_strategies(site)
    for org in site.organisations.values():
        target = f"organisations/{org.id}/"
        expected = sorted(f"strategies/{entry.id}/" for entry in strategies.get(org.id, []))
        assert int(listed[target][2]) == len(expected), f"/{target}: the count of its strategies"
        heading = find_heading(page(target), "h2", "Strategies")
        links = [li.a for li in heading.find_next("ul").find_all("li")] if heading else []
        shown = sorted(followed(target, a["href"]) for a in links)
        assert shown == expected, f"/{target} lists {shown}, content gives {expected}"

    people = _linked_rows(page, "people/", "Named people and their posts")
    assert sorted(people) == sorted(f"people/{person_id}/" for person_id in site.people)


def expected_contact(org) -> str:
    """How the accessibility statement tells residents to reach ``org``: what its file gives,
    and nothing invented."""
    contact = org.contact
    ways = []
    if contact and contact.email:
        ways.append(f"Email {contact.email}")
    if contact and contact.phone:
        ways.append(f"Call {contact.phone}")
    if contact and contact.url:
        ways.append("Contact page")
    if ways:
        return " ".join(ways)
    if org.website:
        return f"Through its website, {org.website}"
    return "Contact details not yet published"


def check_accessibility_statement_names_every_publisher(page, site) -> None:
    """Every real organisation that publishes a strategy (leads one) is named in the statement
    and has a row of how to ask it for a different format, giving what its file says and
    nothing more; no other organisation, and no fictional one, is offered."""
    leaders = {entry.model.organisation for entry in site.strategies.values()}
    publishers = [org for org in site.organisations.values() if org.id in leaders and not org.demonstration]
    opening = page("accessibility/").select_one("article p").get_text(" ", strip=True)
    for org in publishers:
        assert org.name in opening, f"the statement does not say it covers {org.name}'s strategies"
    listed = _linked_rows(page, "accessibility/", "How to contact each organisation for a different format")
    assert sorted(listed) == sorted(f"organisations/{org.id}/" for org in publishers)
    for org in publishers:
        reply = org.contact.response_time if org.contact and org.contact.response_time else "No reply time published"
        shown = listed[f"organisations/{org.id}/"]
        assert shown[1:] == [expected_contact(org), reply], (
            f"{org.name}: the statement says {shown[1:]}, its file gives {[expected_contact(org), reply]}"
        )


def build_with_site_config(project: Path) -> Path:
    """``project``'s content built strictly with the site's own mkdocs.yml, docs/ and macros/;
    returns the built site."""
    from strategies.mkdocs_adapter.publish import build_site

    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "macros", project / "macros")
    share_chart_cache(project)
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    return site_dir


def benchmark_generator():
    """benchmarks/generate.py as a module (it is a script, not part of the package)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return module


def give_example_contacts(project: Path) -> None:
    """Example contact routes for ``project``'s accessibility statement and every organisation
    file without a contact: what a build for a public address (site_url) asks for. Tests only:
    the shipped content has no real ones yet, and none are invented for it."""
    with open(project / "content" / "site.yaml", "a", encoding="utf-8") as settings:
        settings.write("  contact:\n    email: access@example.org\n    response_time: within 10 working days\n")
    for path in sorted((project / "content" / "organisations").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if not any(line.startswith("contact:") for line in text.splitlines()):
            path.write_text(
                text.rstrip("\n") + '\ncontact:\n  phone: "0100 555 0199"\n  response_time: within 5 working days\n',
                encoding="utf-8",
            )
