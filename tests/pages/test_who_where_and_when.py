"""Views across strategies: who and where each item serves, when information was last updated,
what is overdue (as at a stated date) and who answers for it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from strategies.content.loader import load_site
from strategies.content.model import CHARACTERISTIC_LABELS
from strategies.mkdocs_adapter.plugin import AS_AT_VARIABLE
from strategies.mkdocs_adapter.publish import build_site
from strategies.pages import browse

from support import FIXTURES, ROOT, benchmark_generator, build_with_site_config, heading_text, page_reader

AS_AT = "2030-01-01"


def _tidy(text: str) -> str:
    return re.sub(r" ([,;:.)])", r"\1", " ".join(text.split()))


@pytest.fixture(scope="module")
def complete(complete_build_2030):
    """tests/fixtures/complete built as at 1 January 2030 (AS_AT: the session's one build)."""
    return page_reader(complete_build_2030), complete_build_2030


def _listed(read, first_page: str) -> list[tuple[str, str]]:
    """(strategy, item) for every row of a characteristic's pages, following its page links."""
    soup = read(first_page)
    pages = [first_page] + [
        first_page + a["href"].strip("./").split("/")[-1] + "/" for a in soup.select("nav.pagination a")
    ]
    rows = []
    for path in pages:
        for heading in read(path).select("article h2"):
            table = heading.find_next("table")
            rows.extend((heading_text(heading), row.th.a.get_text(strip=True)) for row in table.select("tbody tr"))
    return rows


def _check_characteristic_pages(content: Path, root: Path, read) -> int:
    """Every one of the nine has a page listing exactly the items that name it or sit under
    one that does (following its numbered pages); returns how many rows were listed."""
    site, problems = load_site(content, root)
    assert not problems
    total = 0
    for key in CHARACTERISTIC_LABELS:
        expected = []
        for entry in site.strategies.values():
            for view in entry.walk():
                if key in view.node.characteristics or any(key in a.node.characteristics for a in view.ancestors()):
                    expected.append((entry.title, view.title))
        listed = _listed(read, f"characteristics/{key}/") if expected else []
        assert sorted(listed) == sorted(expected), key
        if not expected:
            assert (
                "No strategy on this site names this protected characteristic"
                in read(f"characteristics/{key}/").get_text()
            )
        total += len(listed)
    return total


def test_each_characteristic_page_lists_exactly_the_items_that_name_it(built_site, page):
    """Shipped content, whatever it holds."""
    _check_characteristic_pages(ROOT / "content", ROOT, page)


@pytest.mark.build
def test_the_benchmarks_synthetic_content_lists_exactly_too(tmp_path, monkeypatch):
    """The benchmark's small project, with pages of 10 rows so that long lists run to numbered
    pages (60 rows in the real site): every row is on exactly one of them."""
    monkeypatch.setattr(browse, "ROWS_PER_PAGE", 10)
    project = benchmark_generator().generate("small", tmp_path / "small")
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    read = page_reader(site_dir)
    assert _check_characteristic_pages(project / "content", project, read) > 0
    assert any(read(f"characteristics/{key}/").select("nav.pagination a") for key in CHARACTERISTIC_LABELS)


def test_who_and_where_lists_every_characteristic_with_counts(page):
    rows = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in page("who-and-where/").select("table")[0].select("tbody tr")
    }
    assert list(rows) == list(CHARACTERISTIC_LABELS.values())


def test_item_pages_link_to_who_and_where(complete):
    read, _ = complete
    tags = read("strategies/fair-city/start-well/").select("p.tags a")
    hrefs = {a.get_text(): a["href"] for a in tags}
    assert hrefs["Pregnancy and maternity"].endswith("characteristics/pregnancy-and-maternity/")
    assert hrefs["Hollybank Larch ward"].endswith("places/fair-city-council-hollybank-larch-ward/")


def test_items_under_an_item_that_names_it_are_listed_and_marked(complete):
    read, _ = complete
    rows = {
        row.th.a.get_text(strip=True): _tidy(row.th.get_text(" ", strip=True))
        for row in read("characteristics/age/").select("tbody tr")
    }
    assert "P1 Start well in Aspen" in rows and "under" not in rows["P1 Start well in Aspen"]
    assert "under priority area P1 Start well in Aspen, which names it" in rows["(a) Expand the Elm family hubs"]


@pytest.mark.build
def test_places_of_different_councils_with_the_same_name_stay_apart(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "complete", project)
    other = project / "content" / "other-plan"
    other.mkdir()
    (project / "content" / "organisations" / "other-council.yaml").write_text(
        "id: other-council\nname: Other District Council\n", encoding="utf-8"
    )
    (other / "strategy.yaml").write_text(
        "title: Other plan\norganisation: other-council\nperiod: {start: 2027, end: 2030}\nstatus: adopted\n"
        "summary: Another council's plan.\nlevels:\n  - name: Action\nplaces:\n  - id: hollybank\n"
        "    name: Hollybank Larch ward\nitems:\n  - id: other-action\n    title: Mend the Hollybank roads\n"
        "    places: [hollybank]\n",
        encoding="utf-8",
    )
    read = page_reader(build_with_site_config(project))
    ours = [row.th.a.get_text() for row in read("places/fair-city-council-hollybank-larch-ward/").select("tbody tr")]
    theirs = [row.th.a.get_text() for row in read("places/other-council-hollybank-larch-ward/").select("tbody tr")]
    assert "Mend the Hollybank roads" in theirs and "Mend the Hollybank roads" not in ours
    assert ours and "P1 Start well in Aspen" in ours


def test_an_action_past_its_due_date_is_shown_so_on_its_page_its_owners_page_and_the_accountability_page(complete):
    """live-well-a: at risk as the strategy document (March 2027) says, due March 2029, no report
    since: as at 1 January 2030, out of date and past its due date, never "Overdue" (no report
    after its due date says it is not complete). tests/pages/test_honest_progress.py has every case."""
    read, _ = complete
    row = read("strategies/fair-city/live-well/").find("tr", id="live-well-a")
    assert _tidy(row.find_all("td")[-1].get_text(" ", strip=True)) == (
        "At risk in March 2027, as the strategy document says; no update since "
        "Past its due date (March 2029), with no report since"
    )
    done = read("strategies/fair-city/start-well/").find("tr", id="start-well-a")  # complete: never late
    assert _tidy(done.find_all("td")[-1].get_text(" ", strip=True)) == "Complete, reported October 2028"
    person = read("people/robin-quarry/")
    assert (
        "As owner, as at 1 January 2030: 1 of 2 adopted actions complete: 1 out of date. 1 past its due date "
        "with no report since."
    ) in _tidy(person.get_text(" "))
    item_row = next(r for r in person.select("tbody tr") if "Open the Ivy health kiosks" in r.get_text())
    assert "Past its due date" in item_row.get_text() and "Overdue" not in item_row.get_text()
    owners = {
        _tidy(r.th.get_text(" ", strip=True)): _tidy(r.get_text(" ", strip=True))
        for r in read("accountability/").select("tbody tr")
    }
    assert (
        "1 past its due date with no report since: Open the Ivy health kiosks"
        in owners["Robin Quarry, Director of Public Health"]
    )
    assert "as at 1 January 2030" in read("accountability/").get_text()


@pytest.mark.build
def test_nothing_is_late_before_its_due_date(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "complete", project)
    os.environ[AS_AT_VARIABLE] = "2029-01-01"
    try:
        read = page_reader(build_with_site_config(project))
    finally:
        del os.environ[AS_AT_VARIABLE]
    status = read("strategies/fair-city/live-well/").find("tr", id="live-well-a").find_all("td")[-1].get_text()
    assert "Overdue" not in status and "Past its due date" not in status


def test_freshness_is_stated_on_strategy_item_and_person_pages(complete):
    read, _ = complete
    line = _tidy(read("strategies/fair-city/").select_one("p.progress-line").get_text(" ", strip=True))
    assert line == (
        "Progress: 1 of 2 adopted actions complete, as at 1 January 2030. Last progress report: "
        "15 October 2028. Next report was due April 2029: overdue."
    )
    facts = {
        dt.get_text(strip=True): _tidy(dt.find_next("dd").get_text(" ", strip=True))
        for dt in read("strategies/fair-city/").select("dl.key-facts dt")
    }
    assert facts["Progress reports"] == "Every 6 months, to The Bluebell Scrutiny Committee"
    item = {
        dt.get_text(strip=True): _tidy(dt.find_next("dd").get_text(" ", strip=True))
        for dt in read("strategies/fair-city/start-well/").select("dl.key-facts dt")
    }
    assert item["Last reported"] == "15 October 2028, in Progress report of Acacia, April to September 2028"
    assert item["Next progress report"] == "Was due 15 April 2029: overdue as at 1 January 2030"
    never = {
        dt.get_text(strip=True): _tidy(dt.find_next("dd").get_text(" ", strip=True))
        for dt in read("strategies/fair-city/live-well/").select("dl.key-facts dt")
    }
    assert never["Last reported"] == "No progress report has mentioned this priority area or anything under it"
    assert "The latest report on their items was 15 October 2028" in _tidy(read("people/robin-quarry/").get_text(" "))


def test_strategy_pages_lead_with_the_roll_up_in_words(complete):
    read, _ = complete
    rollup = _tidy(read("strategies/fair-city/").select_one("p.rollup").get_text(" ", strip=True))
    assert rollup == (
        "1 of 2 adopted actions complete: 1 out of date. 1 past its due date with no report since. "
        "As at 1 January 2030. 2 proposed or provisional commitments, not counted."
    )
    item = {
        dt.get_text(strip=True): _tidy(dt.find_next("dd").get_text(" ", strip=True))
        for dt in read("strategies/fair-city/start-well/").select("dl.key-facts dt")
    }
    assert item["Progress"].startswith("1 of 1 adopted action complete. As at 1 January 2030.")


@pytest.mark.build
def test_the_as_at_date_must_be_a_date(tmp_path):
    from support import run_cli

    result = run_cli("--root", str(ROOT), "build", "--as-at", "2026-02-30", cwd=tmp_path)
    assert result.returncode == 2 and "'2026-02-30' is not a date: write it as YYYY-MM-DD" in result.stderr
    assert not any(Path(tmp_path).iterdir())
