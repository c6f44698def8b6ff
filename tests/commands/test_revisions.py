"""Old versions: `strategies release` keeps a strategy online as it was, and says what changed since."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from strategies.commands.cli import main
from strategies.content.loader import load_site
from strategies.content.model import ACTION_STATUS_LABELS
from strategies.mkdocs_adapter.publish import build_site

from support import ROOT, builds_a_site, project_with_site_config, rows, table_by_caption, tree_digest

WARRINGTON = "warrington-equality-objectives-2020-24"
CHANGED_OWNER = "life-expectancy-and-wellbeing"  # a priority: owned by the Director of Public Health
CHANGED_ACTION = "life-expectancy-1"


def _shipped_copy(tmp_path: Path, strategy: str) -> Path:
    """A temporary copy of the project holding one shipped strategy and every organisation."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    for folder in ("docs", "macros"):
        shutil.copytree(ROOT / folder, project / folder)
    content = project / "content"
    shutil.copytree(ROOT / "content" / "organisations", content / "organisations")
    shutil.copy(ROOT / "content" / "site.yaml", content)
    shutil.copytree(ROOT / "content" / strategy, content / strategy)
    return project


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _release_as_adopted(project: Path) -> int:
    """`strategies release example-strategy "As adopted"`, dated 10 January 2023."""
    return main(
        ["--root", str(project), "release", "example-strategy", "As adopted", "--summary", "x", "--date", "2023-01-10"]
    )


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _resolve(url: str, href: str) -> str:
    """The site-relative URL a link on page ``url`` leads to."""
    return urljoin(f"http://site/{url}", href).removeprefix("http://site/")


@pytest.fixture(scope="module")
@builds_a_site
def released(tmp_path_factory):
    """Warrington released as '2021 refresh', then one owner and one action title changed, built."""
    project = _shipped_copy(tmp_path_factory.mktemp("released"), WARRINGTON)
    assert (
        main(
            [
                "--root",
                str(project),
                "release",
                WARRINGTON,
                "2021 refresh",
                "--date",
                "2021-06-14",
                "--summary",
                "The objectives after the 2021 review.",
            ]
        )
        == 0
    )
    strategy = project / "content" / WARRINGTON / "strategy.yaml"
    _replace_once(
        strategy,
        f"- id: {CHANGED_OWNER}\n        title: Improve life expectancy and health and wellbeing\n"
        "        owners:\n          - warrington-director-of-public-health",
        f"- id: {CHANGED_OWNER}\n        title: Improve life expectancy and health and wellbeing\n"
        "        owners:\n          - warrington-director-of-childrens-social-care",
    )
    _replace_once(
        strategy,
        "title: Promote good health, management of health, healthy choices and physical activity",
        "title: Promote good health, healthy choices and physical activity in every ward",
    )
    site = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site) == 0
    return project, site


def test_release_writes_revision_and_copies(released):
    project, _ = released
    folder = project / "content" / WARRINGTON / "revisions" / "2021-refresh"
    assert sorted(p.name for p in folder.iterdir()) == ["revision.yaml", "strategy.yaml"]
    text = (folder / "revision.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../schema/revision.schema.json\n")
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    [old] = site.strategies[WARRINGTON].revisions
    assert (old.revision.label, old.revision.model.date.iso()) == ("2021 refresh", "2021-06-14")
    public_health = old.revision.model.holders["warrington-director-of-public-health"]
    assert (public_health.post, public_health.person) == ("Director of Public Health", "Thara Raj")
    assert set(old.revision.model.statuses.values()) == {"not-yet-reported"}  # nothing was ever reported
    assert old.nodes[CHANGED_ACTION].node.title.startswith("Promote good health, management of health")


def test_both_versions_are_online_and_the_old_one_says_it_is_superseded(released):
    _, site = released
    current = f"strategies/{WARRINGTON}/"
    old = f"{current}revisions/2021-refresh/"
    assert _soup(site, current).find("h1").get_text(strip=True).startswith("Equality Objectives")
    assert _soup(site, current).select_one(".revision-notice") is None
    old_pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / old).rglob("index.html"))
    assert (
        len(old_pages) == 1 + 3 + 17 + 1 + 1
    )  # the strategy, its objectives and priorities, what changed, all on one page
    for url in old_pages:
        soup = _soup(site, url)
        notice = soup.select_one(".revision-notice[role=region]")
        assert notice is not None, url
        assert "This is an old version: ‘2021 refresh’, released 14 June 2021." in notice.get_text(" ", strip=True)
        assert "superseded" in notice.get_text(), url
        assert "(old version: 2021 refresh)" in soup.title.get_text() or url.endswith("changes/"), url
        link = notice.find("a", string=lambda s: s and s.startswith("Read the current version"))
        target = _resolve(url, link["href"])
        same_page = url.replace("revisions/2021-refresh/", "")
        assert target == (current if url.endswith("changes/") else same_page), url
        assert (site / target / "index.html").exists(), url
    # The old priority page shows the owner it had, the changed one the new owner.
    assert "Thara Raj" in table_by_caption(_soup(site, f"{old}{CHANGED_OWNER}/"), "Named owners").get_text()
    assert "Thara Raj" not in table_by_caption(_soup(site, f"{current}{CHANGED_OWNER}/"), "Named owners").get_text()


def test_current_page_lists_every_version(released):
    _, site = released
    table = table_by_caption(_soup(site, f"strategies/{WARRINGTON}/"), "Versions of this strategy")
    assert rows(table) == [
        [
            "Current version (this page)",
            "Kept up to date",
            "The strategy as it stands now, with the latest progress.",
            "This is the latest version",
        ],
        ["2021 refresh", "14 June 2021", "The objectives after the 2021 review.", "What changed since ‘2021 refresh’"],
    ]
    links = [a["href"] for a in table.find_all("a")]
    assert links == ["revisions/2021-refresh/", "revisions/2021-refresh/changes/"]


def test_what_changed_lists_exactly_the_two_changes(released):
    _, site = released
    url = f"strategies/{WARRINGTON}/revisions/2021-refresh/changes/"
    soup = _soup(site, url)
    tables = soup.select("article table")
    assert [t.caption.get_text(strip=True) for t in tables] == [
        "Items reworded: before and after",
        "Items whose owners changed",
    ]
    assert rows(tables[0]) == [
        [
            "Promote good health, healthy choices and physical activity in every ward",
            "Action",
            "Title",
            "Promote good health, management of health, healthy choices and physical activity",
            "Promote good health, healthy choices and physical activity in every ward",
        ]
    ]
    assert rows(tables[1]) == [
        [
            "Improve life expectancy and health and wellbeing",
            "Priority",
            "Thara Raj, Director of Public Health",
            "Amanda Amesbury, Director of Children’s Social Care",
        ]
    ]
    # Each change links to the item in the current version.
    assert (
        _resolve(url, tables[0].find("a")["href"])
        == f"strategies/{WARRINGTON}/life-expectancy-and-wellbeing/#{CHANGED_ACTION}"
    )
    assert _resolve(url, tables[1].find("a")["href"]) == f"strategies/{WARRINGTON}/{CHANGED_OWNER}/"
    assert "2 changes in all" in soup.select_one("article").get_text(" ", strip=True)


def test_old_versions_are_left_out_of_search_and_navigation(released):
    _, site = released
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert f"strategies/{WARRINGTON}/{CHANGED_OWNER}/" in locations
    assert not [loc for loc in locations if "/revisions/" in loc]
    nav = _soup(site, f"strategies/{WARRINGTON}/").select_one("nav.md-nav--primary")
    assert not [a["href"] for a in nav.find_all("a", href=True) if "revisions" in a["href"]]
    # People's pages list what they oversee now, never items of old versions.
    person = _soup(site, "people/thara-raj/").select_one("article")
    assert person.find("a", href=lambda h: h and "life-expectancy-and-wellbeing" in h) is None
    assert not person.find_all("a", href=lambda h: h and "/revisions/" in h)


def test_release_refuses_an_existing_label_and_writes_nothing(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    release = ["--root", str(project), "release", "example-strategy"]
    assert main([*release, "First version", "--summary", "As adopted.", "--date", "2023-01-10"]) == 0
    before = tree_digest(project / "content")
    capsys.readouterr()
    assert main([*release, "FIRST  version", "--summary", "Again.", "--date", "2024-01-10"]) == 1
    assert (
        "content/example-strategy/revisions/first-version already exists: choose another label. "
        "Nothing was written." in capsys.readouterr().err
    )
    assert tree_digest(project / "content") == before
    # A later date is refused too: versions are listed in date order.
    assert main([*release, "Second version", "--summary", "Too early.", "--date", "2022-12-31"]) == 1
    assert "must be dated after it" in capsys.readouterr().err
    assert tree_digest(project / "content") == before
    assert not [
        p for p in (project / "content" / "example-strategy" / "revisions").iterdir() if p.name.startswith(".")
    ], "a staging folder was left behind"


def test_release_refuses_the_same_label_in_another_folder(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    release = ["--root", str(project), "release", "example-strategy"]
    assert main([*release, "First version", "--summary", "As adopted.", "--date", "2023-01-10"]) == 0
    folder = project / "content" / "example-strategy" / "revisions"
    (folder / "first-version").rename(folder / "v1")  # an officer renamed the folder
    before = tree_digest(project / "content")
    assert main([*release, "First Version", "--summary", "Again.", "--date", "2024-01-10"]) == 1
    assert "a revision labelled 'First version' already exists" in capsys.readouterr().err
    assert tree_digest(project / "content") == before


def test_release_names_an_unknown_strategy(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    before = tree_digest(project / "content")
    assert main(["--root", str(project), "release", "example-stratgy", "2021", "--summary", "x"]) == 1
    assert capsys.readouterr().err.strip() == (
        "'example-stratgy' is not a strategy in content/. Did you mean 'example-strategy'? Nothing was written."
    )
    assert tree_digest(project / "content") == before


def test_release_refuses_content_with_problems(tmp_path, capsys):
    project = project_with_site_config(tmp_path, "unknown-owner")
    assert main(["--root", str(project), "release", "example-strategy", "v1", "--summary", "x"]) == 1
    assert "run `strategies validate`" in capsys.readouterr().err
    assert not (project / "content" / "example-strategy" / "revisions").exists()


@pytest.mark.build
def test_old_version_keeps_its_names_after_a_post_is_deleted(tmp_path):
    """Owners of an old version come from its own record, so a post can go without breaking it."""
    project = project_with_site_config(tmp_path)
    assert _release_as_adopted(project) == 0
    organisation = project / "content" / "organisations" / "example-council.yaml"
    _replace_once(
        organisation, "  - id: example-director-of-growth\n    title: Director of Growth\n    holder: sam-example\n", ""
    )
    _replace_once(organisation, "  - id: sam-example\n    name: Sam Example\n", "")
    _replace_once(
        project / "content" / "example-strategy" / "strategy.yaml",
        "owners: [example-director-of-growth]",
        "owners: [example-director-of-public-health]",
    )
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    old = "strategies/example-strategy/revisions/as-adopted/"
    owners = table_by_caption(_soup(site_dir, f"{old}good-work/"), "Named owners")
    assert rows(owners) == [["Sam Example", "Director of Growth", "Not stated", "Example Borough Council", "Owner"]]
    assert owners.find("a") is None  # Sam Example has no page any more: the name is text
    assert not (site_dir / "people" / "sam-example").exists()
    changes = table_by_caption(_soup(site_dir, f"{old}changes/"), "Items whose owners changed")
    assert rows(changes) == [
        ["Good work", "Objective", "Sam Example, Director of Growth", "Alex Example, Director of Public Health"]
    ]


@pytest.mark.build
def test_item_links_in_an_old_version_lead_within_it(tmp_path):
    project = project_with_site_config(tmp_path)
    assert _release_as_adopted(project) == 0
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    page = _soup(site_dir, "strategies/example-strategy/revisions/as-adopted/background/")
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("article a")}
    assert links["the healthy lives objective"] == "../healthy-lives/"
    assert links["one of its actions"] == "../healthy-lives/#healthy-lives-1"
    assert links["Read the current version of this page"] == "../../../background/"


def test_an_owner_missing_from_the_record_is_reported_at_its_line(tmp_path):
    project = project_with_site_config(tmp_path)
    assert _release_as_adopted(project) == 0
    revision = project / "content" / "example-strategy" / "revisions" / "as-adopted" / "revision.yaml"
    text = revision.read_text(encoding="utf-8")
    start = text.index("  example-director-of-growth:")
    revision.write_text(text[:start] + text[text.index("statuses:") :], encoding="utf-8")
    _, problems = load_site(project / "content", project)
    [problem] = list(problems)
    assert str(problem).startswith(
        "content/example-strategy/revisions/as-adopted/strategy.yaml:26:14: "
        "'example-director-of-growth' is not listed under 'holders' in "
        "content/example-strategy/revisions/as-adopted/revision.yaml."
    )


def test_a_revision_folder_without_its_files_is_named(tmp_path):
    project = project_with_site_config(tmp_path)
    (project / "content" / "example-strategy" / "revisions" / "half-made").mkdir(parents=True)
    (project / "content" / "example-strategy" / "revisions" / ".v2.new-abc").mkdir()  # a release under way
    _, problems = load_site(project / "content", project)
    assert [str(p) for p in problems] == [
        "content/example-strategy/revisions/half-made: this revision folder has no revision.yaml or "
        "strategy.yaml: make revisions with `strategies release` (see the editing guide), or delete the folder."
    ]


def test_demonstration_strategy_ships_an_old_version_with_its_changes(page):
    demo = "strategies/demo-fairer-futures/"
    versions = table_by_caption(page(demo), "Versions of this strategy")
    assert [row[0] for row in rows(versions)] == ["Current version (this page)", "As adopted in 2023"]
    soup = page(f"{demo}revisions/as-adopted-in-2023/changes/")
    found = {t.caption.get_text(strip=True): rows(t) for t in soup.select("article table")}
    # Statuses change with every progress report: each change shows the status at release and the
    # status now, with the month of the report that gave it.
    statuses = found.pop("Items whose status changed")
    site, problems = load_site(ROOT / "content", ROOT)
    current = site.strategies["demo-fairer-futures"]
    released = current.revisions[0].revision.model
    expected = []
    for view in current.actions():
        before = released.statuses.get(view.id, "not-yet-reported")
        if before != view.status():
            report = view.latest_update()[0].model.date
            expected.append(
                [
                    view.title,
                    "Action",
                    f"{ACTION_STATUS_LABELS[before]}, at release ({released.date.display()})",
                    f"{ACTION_STATUS_LABELS[view.status()]}, reported {report.month_display()}",
                ]
            )
    assert statuses == expected and expected
    assert found == {
        "Items reworded: before and after": [
            [
                "Run English language courses with local employers, linked to job interviews",
                "Action",
                "Title",
                "Run English language courses linked to guaranteed job interviews",
                "Run English language courses with local employers, linked to job interviews",
            ]
        ],
        "Items whose owners changed": [
            [
                "Guarantee a suitable home to every care leaver",
                "Action",
                "Jordan Brightwater, Director of Children's Services",
                "Rowan Pellow, Head of Housing",
            ]
        ],
        "Items whose due date changed": [
            [
                "Run English language courses with local employers, linked to job interviews",
                "Action",
                "March 2025",
                "March 2026",
            ]
        ],
    }
    # Old versions show no charts (those show progress now) and offer no downloads.
    old = page(f"{demo}revisions/as-adopted-in-2023/")
    assert not old.select("figure.chart") and "Download this strategy's data" not in old.get_text()


def test_reserved_names_cannot_be_page_names(tmp_path):
    project = project_with_site_config(tmp_path)
    pages = project / "content" / "example-strategy" / "pages"
    (pages / "background.md").rename(pages / "revisions.md")
    _, problems = load_site(project / "content", project)
    from strategies.content.checks import RESERVED_NAMES

    assert [str(p) for p in problems] == [
        "content/example-strategy/pages/revisions.md: 'revisions' cannot be used as a page file name: the site "
        f"uses it in web addresses for its own pages ({', '.join(RESERVED_NAMES)}). Choose another name."
    ]


@pytest.mark.build
def test_each_old_version_is_compared_with_the_next_one(tmp_path):
    project = project_with_site_config(tmp_path)
    strategy = project / "content" / "example-strategy" / "strategy.yaml"
    release = ["--root", str(project), "release", "example-strategy"]
    assert main([*release, "First", "--summary", "x", "--date", "2023-01-10"]) == 0
    _replace_once(strategy, "title: Reduce smoking", "title: Reduce smoking in pregnancy")
    assert main([*release, "Second", "--summary", "y", "--date", "2024-01-10"]) == 0
    _replace_once(
        strategy, "    owners: [example-director-of-growth]", "    owners: [example-director-of-public-health]"
    )
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    old = "strategies/example-strategy/revisions/"
    first = _soup(site_dir, f"{old}first/changes/")
    assert [t.caption.get_text() for t in first.select("article table")] == ["Items reworded: before and after"]
    assert "to the next version, ‘Second’ , released 10 January 2024" in first.get_text(" ", strip=True)
    assert first.find("a", string="‘Second’")["href"] == "../../second/"
    second = _soup(site_dir, f"{old}second/changes/")
    assert [t.caption.get_text() for t in second.select("article table")] == ["Items whose owners changed"]
    versions = table_by_caption(_soup(site_dir, "strategies/example-strategy/"), "Versions of this strategy")
    assert [row[0] for row in rows(versions)] == ["Current version (this page)", "Second", "First"]


@pytest.mark.build
def test_an_item_gone_from_the_current_version_leads_to_the_strategy(tmp_path):
    project = project_with_site_config(tmp_path)
    assert _release_as_adopted(project) == 0
    strategy = project / "content" / "example-strategy" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(text[: text.index("  - id: good-work\n")] + text[text.index("budget:") :], encoding="utf-8")
    _replace_once(strategy, "See [good work](item:good-work-1).", "")
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    url = "strategies/example-strategy/revisions/as-adopted/good-work/"
    notice = _soup(site_dir, url).select_one(".revision-notice")
    assert "This page is not in the current version." in notice.get_text(" ", strip=True)
    link = notice.find("a", string="Read the current version of the strategy")
    assert _resolve(url, link["href"]) == "strategies/example-strategy/"
    changes = "strategies/example-strategy/revisions/as-adopted/changes/"
    removed = table_by_caption(_soup(site_dir, changes), "Items removed")
    assert rows(removed) == [
        ["Good work", "Objective", "Top level of the strategy"],
        ["Support people into employment", "Action", "Objective: Good work"],
    ]
    assert _resolve(changes, removed.find("a")["href"]) == url  # a removed item links to the old version
