"""Charts, progress reports and data downloads, as residents meet them in the built site."""

from __future__ import annotations

import calendar
import csv
import datetime
import re

import yaml
from bs4 import BeautifulSoup

from strategies.mkdocs_adapter.publish import build_site

from support import ROOT, rows, shipped_project, table_by_caption

DEMO = "strategies/demo-fairer-futures/"


def _figures(site):
    for html in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select("figure.chart"):
            yield html, figure


def _numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def test_every_chart_has_name_summary_table_and_matching_csv(built_site):
    figures = list(_figures(built_site))
    assert len(figures) >= 10
    drawn = 0
    for html, figure in figures:
        where = f"{html.relative_to(built_site)} {figure['id']}"
        image = figure.find("img")
        title = figure.select_one(".chart__title").get_text(strip=True)
        if "chart--words" in figure["class"]:  # a handful of counts: the words and the table, shown
            assert image is None and figure.find("details") is None, where
        else:
            drawn += 1
            assert image["alt"] == f"Chart: {title}", where
            assert (html.parent / image["src"]).resolve().exists(), where
        table = figure.find("table")
        table_rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
        headers = [th.get_text(strip=True) for th in table.select("thead th")]
        # The CSV download holds exactly the table's numbers.
        link = figure.select_one(".chart__download a")
        with open((html.parent / link["href"]).resolve(), encoding="utf-8") as handle:
            csv_rows = list(csv.reader(handle))
        assert csv_rows[0] == headers, where
        assert csv_rows[1:] == table_rows, where
        # Every number the summary states is in the table (a cell, a row total or a column total),
        # but for a measure's target and baseline, which the measures table above it gives. (A
        # measure's change is now told from its baseline, "improving from the baseline of 14.9 in
        # 2022", which need not be a value in the data: that phrase is the baseline's, too.)
        summary = re.split(r"\. (?:Target|Baseline) ", figure.select_one(".chart__summary").get_text(" ", strip=True))[
            0
        ]
        summary = re.sub(
            r"[Tt]he baseline of -?[\d,]+(?:\.\d+)?%?(?: (?!in\b)[a-z]+)*(?: in (?:[A-Z][a-z]+ )?\d{4})?", "", summary
        )
        cells = [
            [float(c.replace(",", "")) for c in re.findall(r"-?\d[\d,]*(?:\.\d+)?", cell)]
            for row in table_rows
            for cell in row
        ]
        known = {n for numbers in cells for n in numbers}
        numeric_rows = [[float(c) for c in row[1:] if re.fullmatch(r"-?\d+(\.\d+)?", c)] for row in table_rows]
        known |= {sum(r) for r in numeric_rows} | {sum(col) for col in zip(*numeric_rows)}
        known |= {sum(r[:-1]) for r in numeric_rows if len(r) > 1}
        known |= {sum(col) for col in zip(*[r[:-1] for r in numeric_rows])}
        # Counts such as "at risk or off track" add two columns.
        known |= {a + b for r in numeric_rows for a in r for b in r}
        missing = _numbers(summary) - known - {float(len(table_rows))}
        assert not missing, f"{where}: summary {summary!r} states {missing} not in its table"
    assert drawn >= 8


def test_a_handful_of_counts_is_said_in_words_and_a_table(built_site, page):
    """An item with a few actions, and a progress report (whose counts the strategy's chart of
    progress over time draws beside the others'), have no chart image: the sentence, the table
    and the CSV say it all, and no SVG is published for them."""
    soup = page(f"{DEMO}progress/2024-h2/")
    figure = soup.select_one("figure.chart")
    assert "chart--words" in figure["class"] and figure.find("img") is None
    assert figure.find("table") is not None and figure.select_one(".chart__download a")
    assert not list((built_site / DEMO / "charts").glob("report-*.svg"))
    assert list((built_site / DEMO / "charts").glob("report-*.csv"))
    drawn = {svg.stem for svg in (built_site / DEMO / "charts").glob("*.svg")}
    assert {"status", "status-by-group", "progress-over-time", "budget"} <= drawn
    assert len([name for name in drawn if name.startswith("measure-")]) >= 4


def test_a_measure_chart_title_states_its_latest_finding(page):
    """Residents read what the chart shows in its title; the summary gives the target and
    baseline the chart marks."""
    soup = page(DEMO)
    figure = soup.select_one("figure#chart-measure-claimant-rate-by-ward")
    title = figure.select_one(".chart__title").get_text(strip=True)
    assert re.search(
        r": the gap between .+ and .+ (narrowed|widened) from [\d.]+ to [\d.]+ percentage points "
        r"between \d{4} and \d{4}$",
        title,
    ), title
    single = soup.select_one("figure#chart-measure-healthy-life-expectancy-gap .chart__title").get_text(strip=True)
    # Told from the measure's baseline (14.9 in 2022), not from the data's first value: the old
    # title "improved from 14.2 in 2016 to 14.1" was the bug (issue 26).
    assert re.search(r" (improved|worsened) from the baseline of 14\.9 in 2022 to [\d.]+ years in \d{4}$", single), (
        single
    )
    summary = figure.select_one(".chart__summary").get_text(" ", strip=True)
    assert re.search(r"Target [\d.]+ by .+; baseline [\d.]+ in .+\.$", summary), summary


def test_status_chart_summary_counts_match_its_table(page):
    figure = page(DEMO).select_one("figure#chart-status")
    counts = {row[0]: int(row[1]) for row in rows(figure.find("table"))}
    summary = figure.select_one(".chart__summary").get_text()
    total = sum(counts.values())
    assert summary.startswith(f"{counts.get('Complete', 0)} of {total} actions complete")
    # each status as a sentence says it: "2 out of date", "3 with no progress reported"
    phrases = {"No progress reported": "with no progress reported"}
    for label, count in counts.items():
        if label != "Complete":
            assert f"{count} {phrases.get(label, label.lower())}" in summary


def test_building_twice_gives_identical_charts(built_site, tmp_path):
    again = tmp_path / "again"
    assert build_site(ROOT / "mkdocs.yml", strict=True, site_dir=again) == 0
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*.svg") if "charts" in p.parts}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.svg") if "charts" in p.parts}
    assert first and first == second


DEMO_CONTENT = ROOT / "content" / "demo-fairer-futures"


def _demo_reports() -> list[tuple[str, dict]]:
    """The demonstration's progress reports, oldest first, each with its name (its file's)."""
    reports = [(p.stem, yaml.safe_load(p.read_text())) for p in sorted((DEMO_CONTENT / "progress").glob("*.yaml"))]
    return sorted(reports, key=lambda named: str(named[1]["date"]))


def _demo_strategy() -> dict:
    return yaml.safe_load((DEMO_CONTENT / "strategy.yaml").read_text())


def _items(node: dict):
    """Every item under ``node``, at any depth."""
    for item in node.get("items", []):
        yield item
        yield from _items(item)


def test_latest_report_sets_status_and_earlier_ones_stay_as_history(page):
    reports = [report for _, report in _demo_reports()]
    history: dict[str, list[str]] = {}
    for report in reports:
        for update in report["updates"]:
            history.setdefault(update["action"], []).append(update["status"])
    strategy = _demo_strategy()
    labels = {
        "complete": "Complete",
        "on-track": "On track",
        "at-risk": "At risk",
        "off-track": "Off track",
        "not-started": "Not started",
    }
    reported = {}  # action id: the month of the latest report with an update on it
    for report in reports:
        date = datetime.date.fromisoformat(str(report["date"]))
        for update in report["updates"]:
            reported[update["action"]] = f"{calendar.month_name[date.month]} {date.year}"
    checked = 0
    for theme in strategy["items"]:
        for objective in theme["items"]:
            soup = page(f"{DEMO}{objective['id']}/")
            # the status as last reported, and when: "On track, reported July 2026", "On track in July
            # 2025; no update since" (out of date as at the build's date); a late flag may follow
            standings = {tr["id"]: tr.find_all("td")[-1].select_one(".standing") for tr in soup.select("tr[id]")}
            for action in objective["items"]:
                standing = standings[action["id"]]
                tag = standing.select_one(".status-tag").get_text(" ", strip=True)
                if action["id"] in history:
                    assert tag.startswith(labels[history[action["id"]][-1]]), action["id"]
                    assert reported[action["id"]] in standing.get_text(" ", strip=True), action["id"]
                else:
                    assert tag == "No progress reported", action["id"]
                checked += 1
            if any(a["id"] in history for a in objective["items"]):
                updates = rows(table_by_caption(soup, "Progress updates for each action"))
                assert len(updates) == sum(len(history.get(a["id"], [])) for a in objective["items"])
    assert checked and checked == sum(1 for item in _items(strategy) if not item.get("items"))  # every action


def test_each_report_has_a_page_listing_its_updates(page):
    reports = _demo_reports()
    assert reports
    for slug, report in reports:
        soup = page(f"{DEMO}progress/{slug}/")
        updates = rows(table_by_caption(soup, f"Updates in {report['title']}"))
        assert len(updates) == len(report["updates"])


def test_downloads_hold_every_item_with_its_status(built_site, page):
    with open(built_site / DEMO / "data" / "items.csv", encoding="utf-8") as handle:
        items = list(csv.DictReader(handle))
    strategy = _demo_strategy()
    assert sorted(row["id"] for row in items) == sorted(item["id"] for item in _items(strategy))
    statuses = {row["id"]: row["status"] for row in items if row["level"] == "Action"}
    actions = [item["id"] for item in _items(strategy) if not item.get("items")]
    assert sorted(statuses) == sorted(actions) and "not-yet-reported" in statuses.values()
    with open(built_site / DEMO / "data" / "measures.csv", encoding="utf-8") as handle:
        measures = list(csv.DictReader(handle))
    expected = []  # a row per value in each measure's data file, or one row where it has none
    for measure in strategy["measures"]:
        values = []
        if measure.get("data"):
            with open(DEMO_CONTENT / measure["data"], encoding="utf-8") as handle:
                values = [
                    (row["period"], row.get("breakdown") or "", float(row["value"])) for row in csv.DictReader(handle)
                ]
        expected.extend([(measure["id"], *value) for value in values] or [(measure["id"], "", "", None)])
    shown = [
        (row["measure"], row["period"], row["breakdown"], float(row["value"]) if row["value"] else None)
        for row in measures
    ]
    assert measures and sorted(shown) == sorted(expected)
    links = [a["href"] for a in page(DEMO).find_all("a", download=True)]
    assert "data/items.json" in links and "data/measures.csv" in links


def test_demonstration_content_is_labelled_and_can_be_switched_off(tmp_path, page):
    for url in (DEMO, f"{DEMO}healthier-lives/", f"{DEMO}progress/2024-h2/", f"{DEMO}about-this-demonstration/"):
        assert "Demonstration content." in page(url).select_one(".demonstration-notice").get_text(), url
    config = (ROOT / "mkdocs.yml").read_text().replace("demonstration: true", "demonstration: false")
    project = shipped_project(tmp_path / "project", config)
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=project / "site") == 0
    assert not (project / "site" / DEMO).exists()
    assert not list((project / "site" / "people").glob("demo-*"))
    home = (project / "site" / "index.html").read_text()
    assert "Fairer Futures" not in home and "Demo Borough" not in home


def test_search_index_skips_chart_data_and_repeated_history_but_finds_each_update(built_site):
    """Chart tables repeat their summary and item pages repeat reports' updates: the index
    (downloaded by everyone who searches) holds each once."""
    import json

    entries = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [e["location"] for e in entries if "Show the data as a table" in e["text"]]
    assert not [
        e["location"] for e in entries if "/progress/" not in e["location"] and "Progress updates for each" in e["text"]
    ]
    commentary = "Midwives trained to make referrals"  # an update in the demonstration's reports
    assert [e["location"] for e in entries if commentary in e["text"] and "/progress/" in e["location"]]
