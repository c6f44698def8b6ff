"""What the site says of progress: only what a report said, as at when it said it.

tests/fixtures/progress holds one action for each case, built as at 7 December 2026: a current
status, one out of date by the reporting cadence, one a report after its due date calls not
complete (overdue), one past its due date with no report since, one never reported, complete,
ongoing, "on track" reported after the due date, a proposed one, and an action owned by a
council's service. Beside it: a strategy with no progress report published here (its period
ended), one whose final report is published, and one whose document states a status.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import shutil
from pathlib import Path

import pytest

from strategies.content.loader import load_site
from strategies.mkdocs_adapter.plugin import AS_AT_VARIABLE
from strategies.pages import freshness

from support import FIXTURES, ROOT, build_with_site_config, builds_a_site, page_reader, published_content

AS_AT = datetime.date(2026, 12, 7)
PROGRESS = FIXTURES / "progress"


def _tidy(text: str) -> str:
    return re.sub(r" ([,;:.)])", r"\1", " ".join(text.split()))


@pytest.fixture(scope="module")
def site():
    loaded, problems = load_site(PROGRESS / "content", PROGRESS)
    assert not problems, problems.report()
    return loaded


@pytest.fixture(scope="module")
@builds_a_site
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("progress")
    shutil.copytree(PROGRESS, project, dirs_exist_ok=True)
    os.environ[AS_AT_VARIABLE] = AS_AT.isoformat()
    try:
        site_dir = build_with_site_config(project)
    finally:
        del os.environ[AS_AT_VARIABLE]
    return page_reader(site_dir), site_dir


def _status_cells(read, path: str) -> dict[str, str]:
    """Each action row's status cell, by the row's id, as a resident reads it."""
    return {
        row["id"]: _tidy(row.select_one("td.status-cell").get_text(" ", strip=True))
        for row in read(path).select("tr[id]")
        if row.select_one("td.status-cell")
    }


# --- each action's standing ------------------------------------------------------------------

EXPECTED = {  # action: (status as reported, state as at 7 December 2026, flag)
    "current-action": ("on-track", "on-track", None),
    "cadence-stale": ("on-track", "stale", None),
    "reported-overdue": ("at-risk", "at-risk", "overdue"),
    "past-due": ("on-track", "stale", "past-due"),
    "never-reported": ("not-yet-reported", "not-yet-reported", None),
    "done": ("complete", "complete", None),
    "ongoing-work": ("on-track", "on-track", None),
    "on-track-after-due": ("on-track", "stale", "overdue"),
    "service-action": ("at-risk", "at-risk", None),
}


def test_each_actions_standing_follows_the_rules(site):
    entry = site.strategies["reported"]
    found = {
        view.id: (s.status, s.state, s.flag)
        for view in entry.actions()
        if (s := freshness.standing(view, AS_AT)) is not None
    }
    assert found == EXPECTED
    assert freshness.standing(entry.nodes["proposed-idea"], AS_AT) is None  # not adopted: not counted


def test_a_status_goes_out_of_date_when_the_next_report_was_due(site):
    view = site.strategies["reported"].nodes["cadence-stale"]  # reported 10 July 2025, every 6 months
    assert freshness.standing(view, datetime.date(2026, 1, 10)).state == "on-track"
    assert freshness.standing(view, datetime.date(2026, 1, 11)).state == "stale"


def test_nothing_is_late_before_its_due_date_and_ongoing_work_never_is(site):
    entry = site.strategies["reported"]
    early = freshness.standing(entry.nodes["reported-overdue"], datetime.date(2026, 3, 31))
    assert early.flag is None and early.state == "at-risk"
    assert freshness.standing(entry.nodes["past-due"], datetime.date(2026, 9, 30)).flag is None
    assert freshness.standing(entry.nodes["ongoing-work"], datetime.date(2099, 1, 1)).flag is None


def test_counts_are_one_partition_with_the_flags_across_it(site):
    progress = freshness.progress_of(site.strategies["reported"].roots, AS_AT)
    assert sum(count for _, count in progress.counts) == progress.adopted == 9
    assert progress.not_counted == 1
    assert dict(progress.counts) == {"complete": 1, "on-track": 2, "at-risk": 2, "stale": 3, "not-yet-reported": 1}
    assert {v.id for v in progress.overdue} == {"reported-overdue", "on-track-after-due"}
    assert [v.id for v in progress.past_due] == ["past-due"]


def test_a_strategy_with_no_report_publishes_no_progress(site):
    assert not freshness.publishes_progress(site.strategies["silent"])
    assert freshness.publishes_progress(site.strategies["stated"])  # its document states a status
    silent = freshness.progress_of(site.strategies["silent"].roots, AS_AT)
    assert silent.overdue == silent.past_due == [] and dict(silent.counts) == {"not-yet-reported": 2}


# --- what the pages say ----------------------------------------------------------------------------


def test_every_status_says_when_it_was_reported_and_what_is_late(built):
    read, _ = built
    cells = _status_cells(read, "strategies/reported/healthier/")
    assert cells["current-action"] == "On track, reported July 2026"
    assert cells["cadence-stale"] == "On track in July 2025; no update since"
    assert cells["reported-overdue"] == (
        "At risk, reported July 2026 Overdue: due March 2026, not complete when reported in July 2026"
    )
    assert cells["past-due"] == (
        "On track in July 2026; no update since Past its due date (September 2026), with no report since"
    )
    assert cells["never-reported"] == "No progress reported"
    assert cells["done"] == "Complete, reported July 2025"
    assert cells["ongoing-work"] == "On track, reported July 2026"
    assert cells["on-track-after-due"] == (
        "On track in July 2026, after its due date Overdue: due January 2026, not complete when reported in July 2026"
    )
    assert cells["proposed-idea"] == "Proposed, not adopted"


def test_no_positive_status_is_shown_current_beside_overdue(built):
    """The check the issue asks for, on every page of the fixture's site."""
    _, site_dir = built
    _assert_no_positive_status_beside_overdue(site_dir)


def _assert_no_positive_status_beside_overdue(site_dir: Path) -> int:
    from bs4 import BeautifulSoup

    seen = 0
    for path in site_dir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select(".overdue-tag"):
            cell = tag.find_parent(["td", "dd", "li", "p"])
            seen += 1
            current = cell.select(".status-tag--on-track, .status-tag--complete")
            assert not current, f"{path}: {cell.get_text(' ', strip=True)}"
    return seen


def test_due_dates_ongoing_read_as_such(built):
    read, _ = built
    row = read("strategies/reported/healthier/").find("tr", id="ongoing-work")
    assert row.find("td", attrs={"data-label": "Due"}).get_text(strip=True) == "Ongoing"


def test_the_top_of_each_strategy_gives_its_progress_in_one_line(built):
    read, _ = built

    def line(strategy: str) -> str:
        return _tidy(read(f"strategies/{strategy}/").select_one("p.progress-line").get_text(" ", strip=True))

    assert line("reported") == (
        "Progress: 1 of 9 adopted actions complete, as at 7 December 2026. Last progress "
        "report: 14 July 2026. Next report due January 2027."
    )
    assert line("silent") == (
        "Progress: No progress report is published here: the progress of its 2 adopted "
        "actions is not known. Its period ended in 2024; no final report is published here."
    )
    assert line("finished") == (
        "Progress: 1 of 1 adopted action complete, as at 7 December 2026. Last progress "
        "report: 1 March 2025. The final report is published. Its period ended in 2024."
    )
    assert line("stated") == (
        "Progress: 0 of 1 adopted action complete, as at 7 December 2026. Statuses as the "
        "strategy document states them (October 2026); no progress report is published here."
    )
    facts = {
        dt.get_text(strip=True): _tidy(dt.find_next("dd").get_text(" ", strip=True))
        for dt in read("strategies/silent/").select("dl.key-facts dt")
    }
    assert facts["Approval stage"] == "Adopted" and facts["Period"] == "2020 to 2024 (ended)"
    assert "Status" not in facts and "Last updated" not in facts


def test_the_list_of_strategies_has_their_progress(built):
    read, _ = built
    rows = {
        row.th.get_text(strip=True): _tidy(row.find("td", attrs={"data-label": "Progress"}).get_text(" ", strip=True))
        for row in read("strategies/").select("tbody tr")
    }
    assert rows["Reported Plan 2024 to 2027"] == (
        "1 of 9 adopted actions complete. Last progress report: 14 July 2026. Next report due January 2027."
    )
    assert rows["Silent Plan 2020 to 2024"].startswith("No progress report is published here")
    assert "7 December 2026" in read("strategies/").select_one("article").get_text()


def test_no_one_is_charged_with_what_was_never_reported(built):
    read, _ = built
    owners = {
        _tidy(r.th.get_text(" ", strip=True)): _tidy(r.get_text(" ", strip=True))
        for r in read("accountability/").select("tbody tr")
    }
    morgan = owners["Morgan Ash, Director of Health"]
    assert "2 overdue: Open the Hazel kiosks; Build the Alder ramps" in morgan
    assert "1 past its due date with no report since: Run the Willow programme" in morgan
    robin = owners["Robin Elm, Head of Housing"]  # silent (ended, never reported), finished and stated
    assert "overdue" not in robin.lower() and "past" not in robin.lower()
    assert "2 adopted actions with no progress report published here" in robin
    person = _tidy(read("people/robin-elm/").get_text(" "))
    assert "overdue" not in person.lower() and "never" not in person.lower()
    assert "2 adopted actions where no progress report is published here" in person


def test_a_service_is_named_with_its_council_everywhere(built):
    read, _ = built
    accountability = read("accountability/")
    headings = [h.get_text(" ", strip=True) for h in accountability.select("article h2")]
    assert not any(h.startswith("Public Health") for h in headings)
    owners = [_tidy(r.th.get_text(" ", strip=True)) for r in accountability.select("tbody tr")]
    assert "Public Health, Pine Borough Council" in owners
    listed = [_tidy(r.th.get_text(" ", strip=True)) for r in read("organisations/").select("tbody tr")]
    assert "Public Health, Pine Borough Council" in listed and "Public Health" not in listed
    assert (
        read("organisations/pine-public-health/")
        .find("h1")
        .get_text(" ", strip=True)
        .startswith("Public Health, Pine Borough Council")
    )


def test_an_items_own_who_and_where_and_measures_lead_its_page(built):
    read, _ = built
    article = read("strategies/reported/healthier/").select_one("article")
    text = _tidy(article.get_text(" ", strip=True))
    top = text[: text.index("Who oversees this objective")]
    for words in (
        "Protected characteristics: Age",
        "Communities: Unpaid carers",
        "Places: North Ward",
        "Progress 1 of 8 adopted actions complete",
    ):
        assert words in top, words
    row = _tidy(article.find("tr", id="current-action").th.get_text(" ", strip=True))
    assert "Measured by: Adults who smoke" in row


def test_who_and_where_and_the_whole_strategy_carry_the_dates_too(built):
    read, _ = built
    age = {
        _tidy(r.th.a.get_text(" ", strip=True)): _tidy(r.select_one("td.status-cell").get_text(" ", strip=True))
        for r in read("characteristics/age/").select("tbody tr")
        if r.select_one("td.status-cell")
    }
    assert age["Open the Birch clinic"] == "On track, reported July 2026"
    whole = read("strategies/reported/whole/")
    item = whole.find(id="item-cadence-stale").find_next("dl")
    assert "On track in July 2025; no update since" in _tidy(item.get_text(" ", strip=True))


def test_downloads_carry_each_status_with_its_report_and_date(built):
    _, site_dir = built
    rows = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO((site_dir / "strategies/reported/data/items.csv").read_text(encoding="utf-8"))
        )
    }
    current = rows["current-action"]
    assert (
        current["status"],
        current["status_date"],
        current["status_source"],
        current["progress"],
        current["due_flag"],
        current["as_at"],
        current["measures"],
    ) == (
        "on-track",
        "2026-07-14",
        "Progress report, January to June 2026",
        "on-track",
        "",
        "2026-12-07",
        "Adults who smoke",
    )
    assert (rows["cadence-stale"]["progress"], rows["cadence-stale"]["status_date"]) == ("stale", "2025-07-10")
    assert rows["reported-overdue"]["due_flag"] == "overdue" and rows["past-due"]["due_flag"] == "past-due"
    never = rows["never-reported"]
    assert (never["status"], never["status_date"], never["progress"], never["due_flag"]) == (
        "not-yet-reported",
        "",
        "not-yet-reported",
        "",
    )
    assert rows["ongoing-work"]["due"] == "ongoing"


def test_a_final_report_says_so(built):
    read, _ = built
    facts = {
        dt.get_text(strip=True): _tidy(dt.find_next("dd").get_text(" ", strip=True))
        for dt in read("strategies/finished/progress/2025-final/").select("dl.key-facts dt")
    }
    assert facts["Final report"] == "The final report on the strategy's whole period, 2021 to 2024"


# --- the shipped site, whatever it holds ------------------------------------------------------


def test_shipped_site_shows_no_positive_status_beside_overdue(built_site):
    _assert_no_positive_status_beside_overdue(built_site)


def test_shipped_site_gives_every_reported_status_its_date(built_site):
    """Wherever an action's standing shows (rows, cards, item and people's pages, who and where,
    the whole strategy), a reported status says when it was reported."""
    from bs4 import BeautifulSoup

    month_year = re.compile(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|"
        r"December) \d{4}\b|\b\d{4}\b"
    )
    shown = 0
    for path in built_site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for standing in soup.select(".standing"):
            said = _tidy(standing.get_text(" ", strip=True))
            if said != "No progress reported":
                shown += 1
                assert month_year.search(said), f"{path}: {said}"
    assert shown or not any(freshness.publishes_progress(e) for e in published_content(ROOT).strategies.values())


def test_shipped_strategies_without_reports_charge_no_one(built_site, page):
    content = published_content(ROOT)
    silent = [
        entry
        for entry in content.strategies.values()
        if not freshness.publishes_progress(entry) and freshness.progress_of(entry.roots, datetime.date.today()).adopted
    ]
    owners = {ref for entry in silent for view in entry.walk() for ref in view.node.owners}
    rows = {}
    for row in page("accountability/").select("tbody tr"):
        rows[_tidy(row.th.get_text(" ", strip=True))] = row
    for entry in silent:
        assert "No progress report is published here" in page(f"strategies/{entry.id}/").select_one(
            "p.progress-line"
        ).get_text(" ", strip=True)
    for ref in owners:
        party = content.site.party(ref)
        only_silent = all(
            not freshness.publishes_progress(r.view.strategy)
            for r in content.site.responsibilities_of(ref)
            if r.role == "owner"
        )
        row = next((r for name, r in rows.items() if name.startswith(party.label().split(",")[0])), None)
        if row is not None and only_silent:
            text = row.get_text(" ", strip=True).lower()
            assert "overdue" not in text and "past" not in text and "never" not in text, text
