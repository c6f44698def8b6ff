"""An item due "ongoing" (tests/fixtures/complete's start-well-b, as a real plan's "By when?
Ongoing") reads "Ongoing" wherever its due date shows, never "Not stated", and "ongoing" in the
downloads."""

from __future__ import annotations

import csv
import io
import re

import pytest

from support import page_reader

ONGOING_ITEM = "start-well-b"  # Pledge the Fir breakfast clubs


def _tidy(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def complete(complete_build):
    """tests/fixtures/complete, built once a session (tests/conftest.py)."""
    project = complete_build.parent
    text = (project / "content" / "fair-city" / "strategy.yaml").read_text(encoding="utf-8")
    assert re.search(rf"- id: {ONGOING_ITEM}\n(?:        .*\n)*?        due: ongoing", text), (
        f"tests/fixtures/complete should give {ONGOING_ITEM} 'due: ongoing'"
    )
    return page_reader(complete_build), complete_build


def test_an_ongoing_actions_row_reads_ongoing(complete):
    read, _ = complete
    row = read("strategies/fair-city/start-well/").find("tr", id=ONGOING_ITEM)
    assert row is not None
    due = row.find("td", attrs={"data-label": "Due"})
    assert _tidy(due.get_text(" ", strip=True)) == "Ongoing"
    assert "Not stated" not in row.get_text()


def test_the_whole_strategy_says_due_ongoing(complete):
    read, _ = complete
    whole = read("strategies/fair-city/whole/")
    heading = whole.find(id=f"item-{ONGOING_ITEM}")
    listed = {
        div.dt.get_text(strip=True): _tidy(div.dd.get_text(" ", strip=True))
        for div in heading.find_next_sibling("dl").find_all("div")
    }
    assert listed["Due"] == "Ongoing"


def test_the_downloads_say_ongoing(complete):
    _, site_dir = complete
    [items] = [path for path in site_dir.rglob("items.csv") if "fair-city" in path.as_posix()]
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(items.read_text(encoding="utf-8-sig")))}
    assert rows[ONGOING_ITEM]["due"] == "ongoing"
    assert rows["start-well-a"]["due"] == "2028-11"


def test_a_due_date_becoming_ongoing_is_a_change_and_ongoing_again_is_none():
    from strategies.content.model import Strategy
    from strategies.content.site import StrategyEntry
    from strategies.pages.changes import compare

    def version(due: str) -> StrategyEntry:
        data = {
            "title": "A strategy",
            "organisation": "council",
            "period": {"start": 2022, "end": 2026},
            "status": "adopted",
            "summary": "Text.",
            "levels": [{"name": "Action"}],
            "items": [{"id": "a-1", "title": "An action", "due": due}],
        }
        entry = StrategyEntry("s", Strategy.model_validate(data), "strategy.yaml", [])
        assert not entry.build_tree()
        return entry

    names = lambda version, refs: list(refs)  # noqa: E731
    found = compare(version("2024-03"), version("Ongoing"), names)
    assert [(c.kind, c.field, c.before, c.after) for c in found.items] == [("due", "Due", "March 2024", "Ongoing")]
    assert len(compare(version("ongoing"), version("ONGOING"), names)) == 0
