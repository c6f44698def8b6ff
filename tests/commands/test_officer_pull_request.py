"""An officer's pull request: a council the site has not seen publishes its first strategy.

The officer writes the council's file by hand, as the editing guide shows, creates the strategy
with `strategies new`, fills in a couple of items with owners, and runs what CI runs:
`strategies validate` and a strict build. Both must pass, the new strategy must have its pages,
and the checks the shipped site's tests make (every strategy listed, every council with a
contact for other formats, every organisation and person with a page) must hold on the copy.
"""

from __future__ import annotations

import re
import shutil

import pytest

from strategies.content.loader import load_site

from support import (
    ROOT,
    builds_a_site,
    check_accessibility_statement_names_every_publisher,
    check_home_page_leads_to_every_strategy,
    check_organisations_and_people_listed,
    check_strategies_page_lists_every_strategy,
    heading_text,
    page_reader,
    published_content,
    rows,
    run_cli,
    table_by_caption,
)

# A council, post and person invented for this test: none is real.
COUNCIL = "fenwick-vale-district-council"
COUNCIL_NAME = "Fenwick Vale District Council"
POST = "fenwick-vale-head-of-communities"
STRATEGY = "fenwick-vale-equality-plan"
TITLE = "Fenwick Vale Equality Plan 2025–2029"

# Written as the editing guide shows ("Where things live", "Change who owns something").
COUNCIL_FILE = f"""\
# yaml-language-server: $schema=../../schema/organisation.schema.json
id: {COUNCIL}
name: {COUNCIL_NAME}
kind: council
website: https://www.fenwick-vale.example

contact:
  email: equalities@fenwick-vale.example
  response_time: within 10 working days

posts:
  - id: {POST}
    title: Head of Communities
    directorate: Communities and Housing
    holder: ruth-okafor

people:
  - id: ruth-okafor
    name: Ruth Okafor
"""

SUMMARY = """\
summary: |
  How Fenwick Vale District Council will make its services fairer for disabled residents.
"""

# The items the officer fills in, in place of the example ones `strategies new` writes.
ITEMS = f"""\
items:
  - id: easier-to-reach-services
    title: Make council services easier to reach for disabled residents
    owners:
      - {POST}
    items:
      - id: easier-to-reach-services-1
        title: Publish every service leaflet in easy read
        due: 2026-03
      - id: easier-to-reach-services-2
        title: Train front-line staff in British Sign Language basics
        owners:
          - {POST}
"""


def _replace_block(text: str, key: str, block: str) -> str:
    """``text`` with its top-level ``key:`` block (the key's line and the lines indented under
    it) replaced by ``block``, as an officer overwrites an example in their editor."""
    pattern = re.compile(rf"^{key}:.*\n(?:(?:[ \t].*|)\n)*", re.M)
    assert len(pattern.findall(text)) == 1, f"`strategies new` wrote no single '{key}:' block:\n{text}"
    return pattern.sub(lambda _: block, text)


@pytest.fixture(scope="module")
@builds_a_site
def pull_request(tmp_path_factory):
    """A copy of the project with the officer's change made, checked and built as CI does:
    (project, validate's result, validate's result as GitHub annotations, the build's result)."""
    project = tmp_path_factory.mktemp("officer") / "project"
    project.mkdir()
    for folder in ("content", "docs", "macros"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project)

    (project / "content" / "organisations" / f"{COUNCIL}.yaml").write_text(COUNCIL_FILE, encoding="utf-8")
    made = run_cli(
        "--root",
        str(project),
        "new",
        STRATEGY,
        "--organisation",
        COUNCIL,
        "--title",
        TITLE,
        "--start",
        "2025",
        "--end",
        "2029",
        cwd=project,
    )
    assert made.returncode == 0, made.stderr
    strategy = project / "content" / STRATEGY / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(_replace_block(_replace_block(text, "summary", SUMMARY), "items", ITEMS), encoding="utf-8")

    validate = run_cli("--root", str(project), "validate", cwd=project)
    annotations = run_cli("--root", str(project), "validate", "--format", "github", cwd=project)
    build = run_cli("--root", str(project), "build", "--strict", cwd=project)
    return project, validate, annotations, build


@pytest.fixture(scope="module")
def built(pull_request):
    """The copy's published content, and a reader of its built pages."""
    project, _, _, build = pull_request
    assert build.returncode == 0, build.stdout + build.stderr
    return published_content(project), page_reader(project / "site-build")


def test_validate_and_a_strict_build_pass(pull_request):
    project, validate, annotations, build = pull_request
    shipped, _ = load_site(ROOT / "content", ROOT)
    assert validate.returncode == 0, validate.stderr
    assert f"Content is valid: {len(shipped.strategies) + 1} strategies" in validate.stdout
    assert annotations.returncode == 0 and "::error" not in annotations.stdout, annotations.stdout
    assert build.returncode == 0, build.stdout + build.stderr
    assert "Traceback" not in build.stderr and "WARNING" not in build.stderr, build.stderr
    assert (project / "site-build" / "strategies" / STRATEGY / "index.html").is_file()


def test_the_new_strategy_has_its_pages_owners_and_downloads(pull_request, built):
    project = pull_request[0]
    _, page = built
    url = f"strategies/{STRATEGY}/"
    soup = page(url)
    assert heading_text(soup.find("h1")) == TITLE
    assert "fairer for disabled residents" in soup.get_text(" ", strip=True)

    objective = page(f"{url}easier-to-reach-services/")
    assert heading_text(objective.find("h1")) == "Make council services easier to reach for disabled residents"
    owners = rows(table_by_caption(objective, "Named owners of this"))
    assert owners[0][:2] == ["Ruth Okafor", "Head of Communities"]
    actions = {row[0]: row for row in rows(table_by_caption(objective, "Actions for"))}
    assert set(actions) == {
        "Publish every service leaflet in easy read",
        "Train front-line staff in British Sign Language basics",
    }
    assert all("Ruth Okafor" in row[1] for row in actions.values())  # the leaflet action inherits its owner

    overseen = rows(table_by_caption(page("people/ruth-okafor/"), "Everything Ruth Okafor oversees"))
    assert sorted(row[0] for row in overseen) == [  # her post is named on these two
        "Make council services easier to reach for disabled residents",
        "Train front-line staff in British Sign Language basics",
    ]

    site_dir = project / "site-build"
    assert (site_dir / url / "feed.xml").is_file()
    items = (site_dir / url / "data" / "items.csv").read_text(encoding="utf-8")
    assert "easier-to-reach-services-1" in items and "easier-to-reach-services-2" in items


def test_the_new_strategy_is_listed_and_its_council_appears_where_councils_are_listed(built):
    content, page = built
    strategies = {row[0]: row[1:] for row in rows(table_by_caption(page("strategies/"), "Strategies published"))}
    assert strategies[TITLE] == [
        COUNCIL_NAME,
        "2025 to 2029",
        "Draft",
        "None adopted yet: 2 commitments proposed or provisional, so progress is not counted.",
    ]
    organisations = [row[0] for row in rows(table_by_caption(page("organisations/"), "Organisations behind"))]
    assert COUNCIL_NAME in organisations
    contacts = {row[0]: row[1:] for row in rows(table_by_caption(page("accessibility/"), "different format"))}
    assert contacts[COUNCIL_NAME] == ["Email equalities@fenwick-vale.example", "within 10 working days"]
    # And everything the shipped site's tests check of any content holds with the new council.
    check_strategies_page_lists_every_strategy(page, content)
    check_home_page_leads_to_every_strategy(page, content)
    check_organisations_and_people_listed(page, content)
    check_accessibility_statement_names_every_publisher(page, content)


def test_the_shipped_strategies_are_all_still_listed(built):
    content, page = built
    shipped = published_content(ROOT).strategies
    assert set(content.strategies) == set(shipped) | {STRATEGY}
    listed = {row[0] for row in rows(table_by_caption(page("strategies/"), "Strategies published"))}
    assert listed == {entry.title for entry in shipped.values()} | {TITLE}
