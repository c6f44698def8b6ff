"""What is known of progress, as at when it was known: each action's standing, and a
strategy's progress in one line. Nothing here reads the clock: the "as at" date is given
(``strategies build --as-at YYYY-MM-DD``, else the build's date), and every page that uses
it says so.

An adopted action's **standing**, as at a date:

- its **status as last reported**, with the date and the source of that report: a progress
  report (``content/<strategy>/progress/``), else the strategy document itself (a ``status``
  in strategy.yaml, dated by the source document, if its date is given), else nothing: "No
  progress reported". An old version's statuses are as they were when it was released.
- its **state**, one of :data:`PROGRESS_LABELS`: the reported status while it is current, or
  ``stale`` ("Out of date") once it is not. A status stops being current when the next
  report it should have appeared in is due (its date plus the strategy's reporting cadence,
  ``governance.cadence``), when the action's due date has passed with no report since, or
  when its date is not known; and "on track" is never current past the due date (on track
  for a date already gone). A status of complete stays complete. The states are one
  partition of the adopted actions: every count, chart and sentence adds up to the whole.
- a **flag** across that partition: ``overdue`` where a report dated after the due date says
  the action is not complete; ``past-due`` where the due date has passed with no report since.
  An action never reported is neither: nothing is inferred from silence. A due date of
  ``ongoing`` (or none) is never passed.

A strategy **publishes progress** when it has a progress report, or its document states a
status. Until then, no action of it is counted as late, and no owner is charged with it.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from strategies.content.model import PartialDate
from strategies.content.site import NodeView, ReportEntry, StrategyEntry

# An adopted action's state as at a date: one partition, best first (see the module's docstring).
PROGRESS_LABELS = {
    "complete": "Complete",
    "on-track": "On track",
    "at-risk": "At risk",
    "off-track": "Off track",
    "not-started": "Not started",
    "stale": "Out of date",
    "not-yet-reported": "No progress reported",
}
PROGRESS_ORDER = list(PROGRESS_LABELS)
# How a count of each reads in a sentence: "3 on track, 2 out of date".
_COUNTED = {"stale": "out of date", "not-yet-reported": "with no progress reported"}


def count_words(counts: Iterable[tuple[str, int]]) -> str:
    """Counts of states as words, in the order given: '3 complete, 2 on track, 1 out of date'."""
    return ", ".join(f"{count} {_COUNTED.get(state) or PROGRESS_LABELS[state].lower()}" for state, count in counts)


# Where a status came from (Standing.source).
REPORT, DOCUMENT, RELEASE = "report", "document", "release"


@dataclass(frozen=True)
class Update:
    """When something was last updated, and by what (a report's or a version's title)."""

    date: PartialDate
    what: str
    path: str | None = None  # the page of the report, for a link


@dataclass(frozen=True)
class Standing:
    """What is known of one adopted action's progress, as at a date."""

    status: str  # as last reported (an action status), "not-yet-reported" if never
    state: str  # its place in the partition (PROGRESS_ORDER)
    date: PartialDate | None  # when that status was reported (None: never, or not known)
    source: str | None  # REPORT, DOCUMENT or RELEASE; None if never reported
    report: ReportEntry | None  # the progress report that gave it
    flag: str | None = None  # "overdue", "past-due" or None
    due: PartialDate | None = None  # the due date the flag is about

    @property
    def reported(self) -> bool:
        return self.status != "not-yet-reported"

    @property
    def current(self) -> bool:
        """True while the reported status still stands (a current report, or complete)."""
        return self.reported and self.state == self.status


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or the month's last day, where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _cadence(entry: StrategyEntry) -> int | None:
    governance = entry.model.governance
    return governance.cadence.months if governance and governance.cadence else None


def _reported(view: NodeView) -> tuple[str, PartialDate | None, str | None, ReportEntry | None]:
    """(status, date, source, report) as last reported for an action."""
    entry = view.strategy
    if entry.revision is not None:  # an old version: as it stood when released
        status = view.status()
        return status, entry.revision.model.date, (RELEASE if status != "not-yet-reported" else None), None
    latest = view.latest_update()
    if latest is not None:
        report, update = latest
        return update.status, report.model.date, REPORT, report
    if view.node.status:
        source = entry.model.source
        return view.node.status, source.date if source else None, DOCUMENT, None
    return "not-yet-reported", None, None, None


def standing(view: NodeView, as_at: datetime.date) -> Standing | None:
    """An adopted action's standing as at ``as_at``; None for other items (and for proposed or
    provisional commitments, whose progress is not counted)."""
    if not view.is_action or view.stage is not None:
        return None
    status, date, source, report = _reported(view)
    due = view.node.due if isinstance(view.node.due, PartialDate) else None
    if status == "not-yet-reported":
        return Standing("not-yet-reported", "not-yet-reported", None, None, None)
    if source == RELEASE:  # an old version's snapshot: its statuses are as released, no more
        return Standing(status, status, date, source, None)
    if status == "complete":
        return Standing(status, status, date, source, report)
    past_due = due is not None and due.last_day() < as_at
    # A report is after the due date only when all of it is (2025 is not after 2025-03).
    reported_after_due = past_due and due is not None and date is not None and date.first_day() > due.last_day()
    cadence = _cadence(view.strategy)
    stale = (
        date is None
        or (past_due and not reported_after_due)
        or (reported_after_due and status == "on-track")
        or (cadence is not None and add_months(date.last_day(), cadence) < as_at)
    )
    flag = ("overdue" if reported_after_due else "past-due") if past_due else None
    return Standing(status, "stale" if stale else status, date, source, report, flag, due if flag else None)


@dataclass
class Progress:
    """The standing of a set of adopted actions, as at a date: one partition, and the flags."""

    adopted: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # (state, count), best first, none empty
    overdue: list[NodeView] = field(default_factory=list)
    past_due: list[NodeView] = field(default_factory=list)
    not_counted: int = 0  # proposed or provisional commitments

    def count(self, state: str) -> int:
        return dict(self.counts).get(state, 0)

    @property
    def complete(self) -> int:
        return self.count("complete")

    @property
    def reported(self) -> bool:
        """True when any of the actions has a reported status."""
        return self.adopted > self.count("not-yet-reported")


def progress_of(views: Iterable[NodeView], as_at: datetime.date) -> Progress:
    """The standing of the actions among ``views`` (items count the actions under them)."""
    actions = list({id(action): action for view in views for action in view.actions()}.values())
    result = Progress()
    tally: dict[str, int] = {}
    for action in actions:
        found = standing(action, as_at)
        if found is None:
            result.not_counted += 1
            continue
        result.adopted += 1
        tally[found.state] = tally.get(found.state, 0) + 1
        if found.flag == "overdue":
            result.overdue.append(action)
        elif found.flag == "past-due":
            result.past_due.append(action)
    result.counts = [(state, tally[state]) for state in PROGRESS_ORDER if tally.get(state)]
    return result


def publishes_progress(entry: StrategyEntry) -> bool:
    """True when the strategy has a progress report, or its document states a status: until
    then, nothing of it is counted as late, and no owner is charged with it."""
    if entry.revision is not None:
        return bool(entry.revision.model.statuses)
    return bool(entry.reports) or entry.states_statuses()


@dataclass
class StrategyProgress:
    """A strategy's progress in a line: its actions' standing, its reports and its period."""

    progress: Progress
    publishes: bool  # see publishes_progress
    latest: ReportEntry | None  # the latest progress report
    final: ReportEntry | None  # the final report, once published
    next_due: datetime.date | None  # when the next report is due (with a cadence; none after the final one)
    report_overdue: bool  # the next report's due date has passed
    ended: bool  # the strategy's period has ended


@dataclass(frozen=True)
class ReportSchedule:
    """A strategy's reports: the final one, once published, or when the next is due."""

    final: ReportEntry | None
    next_due: datetime.date | None  # with a cadence, until the final report
    overdue: bool  # the next report's due date has passed


def report_schedule(entry: StrategyEntry, as_at: datetime.date) -> ReportSchedule:
    """The final report, or when the next one is due and whether that date has passed."""
    final = next((report for report in reversed(entry.reports) if report.model.final), None)
    next_due = None if final is not None or entry.revision is not None else next_report_due(entry)
    return ReportSchedule(final, next_due, next_due is not None and next_due < as_at)


def strategy_progress(entry: StrategyEntry, as_at: datetime.date) -> StrategyProgress:
    """What the top of a strategy's page, and its row in the list of strategies, say of progress."""
    schedule = report_schedule(entry, as_at)
    return StrategyProgress(
        progress_of(entry.roots, as_at),
        publishes_progress(entry),
        entry.latest_report(),
        schedule.final,
        schedule.next_due,
        schedule.overdue,
        entry.model.period.end.last_day() < as_at,
    )


def last_updated(view: NodeView) -> Update | None:
    """The latest progress report updating this item or one of its actions; None if none has."""
    entry = view.strategy
    ids = {action.id for action in view.actions()} | {view.id}
    # Each id's updates, oldest report first (StrategyEntry.index_reports): the last of each.
    latest = [updates[-1][0] for updates in map(entry.updates_for, ids) if updates]
    if not latest:
        return None
    report = max(latest, key=lambda r: (r.model.date._key(), r.id))  # the reports' own order
    return Update(report.model.date, report.model.title, report.id)


def next_report_due(entry: StrategyEntry) -> datetime.date | None:
    """When the next progress report is due, where governance gives a cadence: the last report
    (else the approval, else the start of the period) plus the cadence."""
    months = _cadence(entry)
    if months is None:
        return None
    if entry.reports:
        since = entry.reports[-1].model.date.last_day()
    elif entry.model.approval and entry.model.approval.date and not entry.model.approval.pending:
        since = entry.model.approval.date.last_day()
    else:
        since = entry.model.period.start.first_day()
    return add_months(since, months)


def display_day(day: datetime.date) -> str:
    """A day as residents read it: 28 November 2026."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def display_month(day: datetime.date) -> str:
    """A month as residents read it: November 2026."""
    return f"{calendar.month_name[day.month]} {day.year}"
