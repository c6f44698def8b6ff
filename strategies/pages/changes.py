"""What changed between two versions of a strategy, worked out from its structure, not a text diff.

Items are matched by id. An item is added or removed; reworded (title or summary); moved (it
has a different parent); its owners, lead partner, due date or status changed. The strategy's
own title, status and period are compared too. Everything here is a pure function of the two
versions, so it can be tested without building a site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from strategies.content.model import ACTION_STATUS_LABELS, STAGE_LABELS, STRATEGY_STATUS_LABELS
from strategies.content.site import NodeView, StrategyEntry

from .text import plain_text

# The kinds of change, in the order a "what changed" page lists them.
KINDS = ("strategy", "added", "removed", "reworded", "stage", "moved", "owners", "lead-partner", "due", "status")

# Names of the owners a reference list stands for in one version: (version, refs) -> names.
Names = Callable[[StrategyEntry, list[str]], list[str]]


@dataclass
class Change:
    """One change. ``old`` and ``new`` are the item in each version (None where it is not)."""

    kind: str
    field: str  # what changed, in words: "Title", "Summary", "Owners", "Due", ...
    before: str
    after: str
    old: NodeView | None = None
    new: NodeView | None = None

    @property
    def view(self) -> NodeView | None:
        """The item as it is now, or as it was if it was removed (None for the strategy)."""
        return self.new or self.old


@dataclass
class Changes:
    """Every change from one version to the next, in page order within each kind."""

    items: list[Change]

    def of(self, kind: str) -> list[Change]:
        return [change for change in self.items if change.kind == kind]

    def kinds(self) -> list[tuple[str, int]]:
        """The kinds that have changes, with how many, in KINDS order."""
        return [(kind, len(self.of(kind))) for kind in KINDS if self.of(kind)]

    def __len__(self) -> int:
        return len(self.items)


def _period(entry: StrategyEntry) -> str:
    period = entry.model.period
    return f"{period.start.display()} to {period.end.display()}"


def _strategy_changes(old: StrategyEntry, new: StrategyEntry) -> list[Change]:
    fields = [
        ("Title", old.model.title, new.model.title),
        ("Status", STRATEGY_STATUS_LABELS[old.model.status], STRATEGY_STATUS_LABELS[new.model.status]),
        ("Period", _period(old), _period(new)),
    ]
    return [Change("strategy", name, before, after) for name, before, after in fields if before != after]


def _stage_label(stage: str | None) -> str:
    return STAGE_LABELS.get(stage, "Adopted") if stage else "Adopted"


def _place(view: NodeView) -> str:
    """Where an item sits, for 'moved': under which item, named with its level."""
    if view.parent is None:
        return "Top level of the strategy"
    return f"{view.parent.level.name}: {view.parent.title}"


def _item_changes(old: NodeView, new: NodeView, names: Names) -> list[Change]:
    found = []
    for field, was, now in (
        ("Title", old.title, new.title),
        ("Summary", plain_text(old.node.summary), plain_text(new.node.summary)),
    ):
        if was != now:
            found.append(Change("reworded", field, was or "No summary", now or "No summary", old, new))
    if old.stage != new.stage:
        found.append(
            Change(
                "stage",
                "Standing",
                _stage_label(old.stage),
                _stage_label(new.stage),
                old,
                new,
            )
        )
    if (old.parent.id if old.parent else None) != (new.parent.id if new.parent else None):
        found.append(Change("moved", "Place", _place(old), _place(new), old, new))
    before = names(old.strategy, old.node.owners)
    after = names(new.strategy, new.node.owners)
    if sorted(before) != sorted(after):
        found.append(
            Change(
                "owners",
                "Owners",
                "; ".join(before) or "None of its own",
                "; ".join(after) or "None of its own",
                old,
                new,
            )
        )
    before = names(old.strategy, [old.node.lead_partner] if old.node.lead_partner else [])
    after = names(new.strategy, [new.node.lead_partner] if new.node.lead_partner else [])
    if before != after:
        found.append(
            Change(
                "lead-partner",
                "Lead partner",
                "; ".join(before) or "None named",
                "; ".join(after) or "None named",
                old,
                new,
            )
        )
    if old.node.due != new.node.due:
        found.append(
            Change(
                "due",
                "Due",
                old.node.due.display() if old.node.due else "Not stated",
                new.node.due.display() if new.node.due else "Not stated",
                old,
                new,
            )
        )
    if old.is_action and new.is_action and old.status() != new.status():
        found.append(Change("status", "Status", _status_when(old), _status_when(new), old, new))
    return found


def _status_when(view: NodeView) -> str:
    """A status with when it was given: at an old version's release, or by the latest report
    that updated it ("On track, reported July 2026")."""
    label = ACTION_STATUS_LABELS[view.status()]
    if view.strategy.revision is not None:
        return f"{label}, at release ({view.strategy.revision.model.date.display()})"
    latest = view.latest_update()
    return f"{label}, reported {latest[0].model.date.month_display()}" if latest else label


def compare(old: StrategyEntry, new: StrategyEntry, names: Names) -> Changes:
    """Every change from version ``old`` to version ``new`` of a strategy.

    ``names(version, refs)`` gives the owners' names as that version shows them (an old
    version keeps the names it was released with), so a post changing hands counts as a
    change of owner, and an unchanged owner never does.
    """
    found = _strategy_changes(old, new)
    for view in new.walk():
        before = old.nodes.get(view.id)
        if before is None:
            found.append(Change("added", "Item", "", view.title, None, view))
        else:
            found.extend(_item_changes(before, view, names))
    found.extend(
        Change("removed", "Item", view.title, "", view, None) for view in old.walk() if view.id not in new.nodes
    )
    return Changes(found)
