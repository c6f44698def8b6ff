"""Which charts each strategy and item gets, computed from its content and progress reports.

Charts are drawn only where there is something to show: a status chart once any action has
a reported status, progress over time from two reports on, budget and measure charts where
there is data.
"""
from __future__ import annotations

from strategies.content.site import NodeView, StrategyEntry, count_statuses

from . import charts


def _counts(views) -> dict[str, int]:
    """Status counts of the adopted commitments among ``views`` (proposed ones are not progress)."""
    return dict(count_statuses(view.status() for view in views if view.stage is None))


def _reported(views) -> bool:
    return any(view.stage is None and view.status() != "not-yet-reported" for view in views)


def strategy_charts(entry: StrategyEntry) -> dict[str, charts.Chart]:
    """Charts for a strategy's own page, by slug."""
    found: dict[str, charts.Chart] = {}
    actions = entry.actions()
    if actions and _reported(actions):
        found["status"] = charts.status_chart("status", entry.nav_title, _counts(actions))
        groups = [(view.title, _counts(view.actions())) for view in entry.roots if view.actions()]
        if len(groups) > 1:
            level = entry.model.levels[0]
            complete = "; ".join(f"{name}: {c.get('complete', 0)} of {sum(c.values())} complete" for name, c in groups)
            found["status-by-group"] = charts.stacked_status_chart(
                "status-by-group", f"Actions by status for each {level.name.lower()}", groups,
                f"Actions complete in each {level.name.lower()}: {complete}.", level.name)
    if len(entry.reports) > 1:
        found["progress-over-time"] = progress_over_time(entry)
    if entry.model.budget:
        lines = sorted((line.year, line.amount) for line in entry.model.budget)
        found["budget"] = charts.budget_chart("budget", lines)
    for measure in entry.model.measures:
        observations = entry.series.get(measure.id)
        if observations:
            found[f"measure-{measure.id}"] = charts.measure_chart(f"measure-{measure.id}", measure, observations)
    return found


def progress_over_time(entry: StrategyEntry) -> charts.Chart:
    """Status counts after each successive report: is it getting better?"""
    groups = [(f"{report.model.date.display()}", dict(entry.status_counts_at(report))) for report in entry.reports]
    first, last = groups[0], groups[-1]
    total = sum(last[1].values())
    trouble = lambda counts: counts.get("at-risk", 0) + counts.get("off-track", 0)
    summary = (f"Between the reports of {first[0]} and {last[0]}, complete actions went from "
               f"{first[1].get('complete', 0)} to {last[1].get('complete', 0)} of {total}, and actions at risk "
               f"or off track from {trouble(first[1])} to {trouble(last[1])}.")
    return charts.stacked_status_chart("progress-over-time", "Actions by status in each progress report",
                                       groups, summary, "Report")


def node_chart(view: NodeView) -> charts.Chart | None:
    """A status chart for an item's page, if any of its actions has a reported status."""
    actions = view.actions()
    if len(actions) < 2 or not _reported(actions):
        return None
    return charts.status_chart(f"status-{view.id}", view.title, _counts(actions))


def report_chart(entry: StrategyEntry, report) -> charts.Chart:
    counts = dict(entry.status_counts_at(report))
    return charts.status_chart(f"report-{report.id}", report.model.title, counts)
