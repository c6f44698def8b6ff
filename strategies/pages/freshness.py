"""How fresh each page's information is, and what is late, "as at" a stated date.

- *Last updated*: the latest progress report that updated an item (or one of its actions), else
  the latest released version of its strategy; for a strategy, its latest report or release.
  Only dates from content: never the build's clock.
- *Next report due*: the strategy's last report (else its approval, else the start of its
  period) plus the reporting cadence its governance gives (``governance.cadence``); none
  without a cadence.
- *Overdue*: an adopted action whose due date has passed by the "as at" date and whose latest
  status is not complete. No due date, no overdue: nothing is inferred. A strategy's report is
  overdue once its next report's due date has passed.

The "as at" date is the build's date unless given (``strategies build --as-at YYYY-MM-DD``), and
every page that says what is overdue says as at when.
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Optional

from strategies.content.model import PartialDate
from strategies.content.site import NodeView, StrategyEntry


@dataclass(frozen=True)
class Update:
    """When something was last updated, and by what (a report's or a version's title)."""

    date: PartialDate
    what: str
    path: Optional[str] = None  # the page of the report, for a link


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_overdue(view: NodeView, as_at: datetime.date) -> bool:
    """True for an adopted action past its due date (by ``as_at``) and not complete."""
    due = view.node.due
    return (view.is_action and view.stage is None and due is not None and due.last_day() < as_at
            and view.status() != "complete")


def overdue_actions(views, as_at: datetime.date) -> list[NodeView]:
    """The overdue actions among ``views`` (actions, or items whose actions count)."""
    return [action for view in views for action in view.actions() if is_overdue(action, as_at)]


def last_updated(view: NodeView) -> Optional[Update]:
    """The latest progress report updating this item or one of its actions; else the latest
    released version of its strategy; None if neither."""
    entry = view.strategy
    ids = {action.id for action in view.actions()} | {view.id}
    # Each id's updates, oldest report first (StrategyEntry.index_reports): the last of each.
    latest = [updates[-1][0] for updates in map(entry.updates_for, ids) if updates]
    if latest:
        report = max(latest, key=lambda r: (r.model.date._key(), r.id))  # the reports' own order
        return Update(report.model.date, report.model.title, report.id)
    return strategy_last_release(entry)


def strategy_last_release(entry: StrategyEntry) -> Optional[Update]:
    """The latest released (old) version of a strategy, as an update."""
    current = entry.current or entry
    if current.revisions:
        revision = current.revisions[-1].revision
        return Update(revision.model.date, f"version ‘{revision.model.label}’")
    return None


def strategy_last_updated(entry: StrategyEntry) -> Optional[Update]:
    """A strategy's latest progress report or released version, whichever is later."""
    found = [Update(r.model.date, r.model.title, r.id) for r in entry.reports]
    if (release := strategy_last_release(entry)) is not None:
        found.append(release)
    return max(found, key=lambda update: update.date.end_key(), default=None)


def next_report_due(entry: StrategyEntry) -> Optional[datetime.date]:
    """When the next progress report is due, where governance gives a cadence."""
    governance = entry.model.governance
    if governance is None or governance.cadence is None:
        return None
    if entry.reports:
        since = entry.reports[-1].model.date.last_day()
    elif entry.model.approval and entry.model.approval.date and not entry.model.approval.pending:
        since = entry.model.approval.date.last_day()
    else:
        since = entry.model.period.start.first_day()
    return _add_months(since, governance.cadence.months)


def report_overdue(entry: StrategyEntry, as_at: datetime.date) -> bool:
    """True when the next progress report's due date has passed by ``as_at``."""
    due = next_report_due(entry)
    return due is not None and due < as_at


def display_day(day: datetime.date) -> str:
    """A day as residents read it: 28 November 2026."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
