"""Which charts each page has: the registry.

Each chart is one function here, taking what its page shows and returning its charts (none,
one, or several), and one line in ``CHARTS`` saying on which kind of page it appears. The page's
template shows each chart by its slug (``macros/strategy.md.j2``, ``node.md.j2``, ``report.md.j2``,
with ``chart_figure`` in ``components.html.j2``). To add a chart: write its function (making a
:class:`charts.Chart`: title, summary, table and a drawing order in one of ``drawing.py``'s forms),
add its line below, and show its slug in the page's template.

A chart earns its place by showing what the page's words and tables do not: how the status of
many actions divides, how groups compare, how things change over time. Where it would only
restate a handful of counts (an item with six actions), its chart says it in words and the
table instead (``Chart.order`` is None). Progress counts only adopted commitments: proposed and
provisional ones are not progress (``NodeView.stage``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from strategies.content.site import NodeView, StrategyEntry

from . import charts, freshness


def _counts(views, as_at: datetime.date) -> dict[str, int]:
    """The standing of the adopted actions among ``views`` as at a date, one partition
    (freshness.py): proposed and provisional commitments are not progress."""
    return dict(freshness.progress_of(views, as_at).counts)


def _reported(views) -> bool:
    return any(view.stage is None and view.status() != "not-yet-reported" for view in views)


def _adopted(views) -> list:
    return [view for view in views if view.stage is None]


# ---------------------------------------------------------------------------------------
# The charts, one function each
# ---------------------------------------------------------------------------------------


def status_of_actions(entry: StrategyEntry, as_at: datetime.date):
    """How the strategy's adopted actions stand, once any has a reported status."""
    actions = entry.actions()
    if actions and _reported(actions):
        return charts.status_chart("status", entry.nav_title, _counts(actions, as_at))
    return None


def status_by_group(entry: StrategyEntry, as_at: datetime.date):
    """How each top-level item (theme, objective…) is doing, side by side."""
    actions = entry.actions()
    if not (actions and _reported(actions)):
        return None
    groups = [(view.title, _counts([view], as_at)) for view in entry.roots if _adopted(view.actions())]
    if len(groups) < 2:
        return None
    level = entry.model.levels[0]
    complete = "; ".join(f"{name}: {c.get('complete', 0)} of {sum(c.values())} complete" for name, c in groups)
    return charts.stacked_status_chart(
        "status-by-group",
        f"Actions by status for each {level.name.lower()}",
        groups,
        f"Actions complete in each {level.name.lower()}: {complete}.",
        level.name,
        draw=sum(sum(c.values()) for _, c in groups) >= charts.STATUS_CHART_FROM_ACTIONS,
    )


def progress_over_time(entry: StrategyEntry, as_at: datetime.date):
    """Status counts after each successive report, as each report left them: is it getting better?"""
    if len(entry.reports) < 2:
        return None
    groups = [(f"{report.model.date.display()}", dict(entry.status_counts_at(report))) for report in entry.reports]
    first, last = groups[0], groups[-1]
    total = sum(last[1].values())
    trouble = lambda counts: counts.get("at-risk", 0) + counts.get("off-track", 0)  # noqa: E731
    summary = (
        f"Between the reports of {first[0]} and {last[0]}, complete actions went from "
        f"{first[1].get('complete', 0)} to {last[1].get('complete', 0)} of {total}, and actions at risk "
        f"or off track from {trouble(first[1])} to {trouble(last[1])}."
    )
    return charts.stacked_status_chart(
        "progress-over-time", "Actions by status in each progress report", groups, summary, "Report"
    )


def budget_by_year(entry: StrategyEntry, as_at: datetime.date):
    if not entry.model.budget:
        return None
    return charts.budget_chart("budget", sorted((line.year, line.amount) for line in entry.model.budget))


def measures_over_time(entry: StrategyEntry, as_at: datetime.date):
    """Each measure with data: its values over time, baseline and target."""
    found = []
    for measure in entry.model.measures:
        observations = entry.series.get(measure.id)
        if observations:
            found.append(charts.measure_chart(f"measure-{measure.id}", measure, observations))
    return found


def status_of_item(view: NodeView, as_at: datetime.date):
    """An item's actions by status: for a large item with parts, how each part is doing; for
    a few actions, the words and the table (its page lists every action's status)."""
    actions = view.actions()
    if len(actions) < 2 or not _reported(actions):
        return None
    adopted = len(_adopted(actions))
    parts = [(child.title, _counts([child], as_at)) for child in view.children if _adopted(child.actions())]
    if adopted >= charts.STATUS_CHART_FROM_ACTIONS and len(parts) >= 2 and not view.children[0].is_action:
        level = view.children[0].level.name.lower()
        complete = "; ".join(f"{name}: {c.get('complete', 0)} of {sum(c.values())} complete" for name, c in parts)
        counts = _counts([view], as_at)
        return charts.stacked_status_chart(
            f"status-{view.id}",
            f"Actions by status for each {level}: {view.title}",
            parts,
            f"{counts.get('complete', 0)} of {adopted} actions complete. In each {level}: {complete}.",
            view.children[0].level.name,
        )
    return charts.status_chart(f"status-{view.id}", view.title, _counts([view], as_at))


def status_after_report(entry: StrategyEntry, report):
    """The status counts a report leaves: the words and the table (the strategy's page draws
    every report's counts side by side, in progress over time)."""
    return charts.status_chart(
        f"report-{report.id}", report.model.title, dict(entry.status_counts_at(report)), draw=False
    )


# ---------------------------------------------------------------------------------------
# Where each appears: one line a chart
# ---------------------------------------------------------------------------------------

CHARTS: list[tuple[str, Callable]] = [
    ("strategy", status_of_actions),  # slug "status"
    ("strategy", status_by_group),  # "status-by-group"
    ("strategy", progress_over_time),  # "progress-over-time"
    ("strategy", budget_by_year),  # "budget"
    ("strategy", measures_over_time),  # "measure-<id>", one for each measure with data
    ("item", status_of_item),  # "status"
    ("report", status_after_report),  # "status"
]


def _charts_for(page: str, *subject) -> list[charts.Chart]:
    found = []
    for where, make in CHARTS:
        if where == page:
            made = make(*subject)
            found.extend(made if isinstance(made, list) else [made] if made is not None else [])
    return found


def strategy_charts(entry: StrategyEntry, as_at: datetime.date) -> dict[str, charts.Chart]:
    """Charts for a strategy's own page, by slug: the actions' standing as at ``as_at``."""
    return {chart.slug: chart for chart in _charts_for("strategy", entry, as_at)}


def node_chart(view: NodeView, as_at: datetime.date) -> charts.Chart | None:
    """The status chart of an item's page, if any of its actions has a reported status."""
    found = _charts_for("item", view, as_at)
    return found[0] if found else None


def report_chart(entry: StrategyEntry, report) -> charts.Chart:
    """The status a progress report leaves, for its page."""
    return _charts_for("report", entry, report)[0]
