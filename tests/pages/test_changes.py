"""What changed between two versions, worked out from their structure (strategies/pages/changes.py)."""

from __future__ import annotations

import copy

from strategies.content.model import Strategy
from strategies.content.site import StrategyEntry
from strategies.pages.changes import compare

BASE = {
    "title": "A strategy",
    "organisation": "council",
    "period": {"start": 2022, "end": 2026},
    "status": "adopted",
    "summary": "Text.",
    "levels": [{"name": "Objective"}, {"name": "Action"}],
    "items": [
        {
            "id": "a",
            "title": "Objective A",
            "owners": ["p1"],
            "items": [
                {"id": "a-1", "title": "First action", "due": "2024-03", "status": "on-track"},
                {"id": "a-2", "title": "Second action", "summary": "Why it matters."},
            ],
        },
        {"id": "b", "title": "Objective B", "items": [{"id": "b-1", "title": "Third action"}]},
    ],
}


def _version(data: dict) -> StrategyEntry:
    entry = StrategyEntry("s", Strategy.model_validate(data), "strategy.yaml", [])
    assert not entry.build_tree()
    return entry


def _names(version: StrategyEntry, refs: list[str]) -> list[str]:
    return [f"holder of {ref}" for ref in refs]


def _changed(edit) -> list[tuple]:
    """(kind, item id, field, before, after) for each change an edit of BASE makes."""
    data = copy.deepcopy(BASE)
    edit(data)
    found = compare(_version(BASE), _version(data), _names)
    return [(c.kind, c.view.id if c.view else None, c.field, c.before, c.after) for c in found.items]


def _item(data: dict, item_id: str) -> dict:
    stack = list(data["items"])
    while stack:
        item = stack.pop()
        if item["id"] == item_id:
            return item
        stack.extend(item.get("items", []))
    raise KeyError(item_id)


def test_nothing_changed():
    assert len(compare(_version(BASE), _version(copy.deepcopy(BASE)), _names)) == 0


def test_added_and_removed_items():
    def edit(data):
        _item(data, "b")["items"] = [{"id": "b-2", "title": "New action"}]

    assert _changed(edit) == [
        ("added", "b-2", "Item", "", "New action"),
        ("removed", "b-1", "Item", "Third action", ""),
    ]


def test_reworded_title_and_summary_show_before_and_after():
    def edit(data):
        _item(data, "a-2").update(title="Second action, reworded", summary="Why it matters now.")

    assert _changed(edit) == [
        ("reworded", "a-2", "Title", "Second action", "Second action, reworded"),
        ("reworded", "a-2", "Summary", "Why it matters.", "Why it matters now."),
    ]


def test_moved_to_another_parent():
    def edit(data):
        moved = data["items"][0]["items"].pop()
        data["items"][1]["items"].append(moved)

    assert _changed(edit) == [("moved", "a-2", "Place", "Objective: Objective A", "Objective: Objective B")]


def test_reordering_within_a_parent_is_not_a_change():
    def edit(data):
        data["items"][0]["items"].reverse()
        _item(data, "a")["owners"] = ["p1"]

    assert _changed(edit) == []


def test_owners_due_dates_and_statuses():
    def edit(data):
        _item(data, "a")["owners"] = ["p2", "p1"]
        _item(data, "a-1").update(due="2025", status="complete")
        _item(data, "b-1")["lead_partner"] = "partner"

    assert _changed(edit) == [
        ("owners", "a", "Owners", "holder of p1", "holder of p2; holder of p1"),
        ("due", "a-1", "Due", "March 2024", "2025"),
        ("status", "a-1", "Status", "On track", "Complete"),
        ("lead-partner", "b-1", "Lead partner", "None named", "holder of partner"),
    ]


def test_a_post_changing_hands_is_a_change_of_owner():
    old, new = _version(BASE), _version(copy.deepcopy(BASE))

    def names(version, refs):
        return [("Alex" if version is old else "Sam") + f", {ref}" for ref in refs]

    found = compare(old, new, names)
    assert [(c.kind, c.view.id, c.before, c.after) for c in found.items] == [("owners", "a", "Alex, p1", "Sam, p1")]


def test_strategy_title_status_and_period():
    def edit(data):
        data.update(title="A refreshed strategy", status="superseded", period={"start": 2022, "end": 2028})

    assert _changed(edit) == [
        ("strategy", None, "Title", "A strategy", "A refreshed strategy"),
        ("strategy", None, "Status", "Adopted", "Superseded"),
        ("strategy", None, "Period", "2022 to 2026", "2022 to 2028"),
    ]


def test_kinds_are_counted_in_page_order():
    def edit(data):
        _item(data, "a-1")["title"] = "Renamed"
        _item(data, "b")["items"].append({"id": "b-2", "title": "New"})

    data = copy.deepcopy(BASE)
    edit(data)
    assert compare(_version(BASE), _version(data), _names).kinds() == [("added", 1), ("reworded", 1)]
