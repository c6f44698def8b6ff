"""Charts: what each one says, in words, as a table and CSV, and as an order for matplotlib.

A chart a screen-reader user cannot read, or whose numbers cannot be downloaded, does not
count: every :class:`Chart` carries its accessible name, a one-sentence summary written from
the data, and the table behind it. Where a picture would add nothing to the sentence and the
table (a handful of counts: an item with six actions), the chart has no drawing order and the
page shows the words and the table alone (``macros/components.html.j2``'s ``chart_figure``).

A drawn chart's *order* is a small JSON-able dict: its form and every number and label it
shows. matplotlib draws it in the Analysis Function style (``drawing.py``), in worker
processes, and each SVG is kept in a cache keyed by its order (``drawn_charts.py``). The page
generator publishes the order where the SVG will go (``macros/charts/chart.svg.j2``), and the
SVG takes its place before the site is written.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import ClassVar

from markupsafe import Markup

from strategies.content.model import ACTION_STATUS_LABELS
from strategies.content.model import ACTION_STATUS_ORDER as STATUS_ORDER

from . import drawing
from .cells import csv_text

# What the generator publishes in place of a chart's SVG: this line, then the order as JSON.
ORDER_MARK = "<!-- strategies: a chart for pages/drawn_charts.py to draw -->\n"

# Below these, a chart only restates a handful of numbers: the page says them in words and
# shows the table instead.
STATUS_CHART_FROM_ACTIONS = 20  # a status chart for 20 adopted actions or more
BUDGET_CHART_FROM_YEARS = 3     # two amounts are one comparison, which the sentence makes
MEASURE_CHART_FROM_PERIODS = 2  # a line needs two points


@dataclass
class Chart:
    """A chart ready to publish: file name, accessible name, summary and the data behind it,
    and what matplotlib draws (``order``), or None where the words and the table say it all."""

    slug: str
    title: str
    summary: str
    headers: list[str]
    rows: list[list]
    numeric_columns: set = field(default_factory=set)
    order: dict | None = None

    template: ClassVar[str] = "chart.svg.j2"  # in macros/charts/: writes the order (see ORDER_MARK)

    @property
    def drawn(self) -> bool:
        return self.order is not None

    @property
    def size(self) -> tuple[int, int]:
        """The drawn chart's width and height in CSS pixels, for its image's attributes."""
        return drawing.size(self.order)

    @property
    def figure(self) -> Markup:
        """What the generator publishes where the SVG goes: the order, or nothing (no SVG)."""
        if self.order is None:
            return Markup("")
        return Markup(ORDER_MARK + json.dumps(self.order, sort_keys=True, ensure_ascii=True, separators=(",", ":")))

    def csv(self) -> str:
        """The chart's data table as CSV (no cell can run as a formula)."""
        return csv_text(self.headers, self.rows)


def _count_phrase(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {ACTION_STATUS_LABELS[s].lower()}" for s in STATUS_ORDER if counts.get(s)]
    return ", ".join(parts)


def status_chart(slug: str, subject: str, counts: dict[str, int], draw: bool | None = None) -> Chart:
    """Actions by status: one labelled, hatched bar per status. Drawn for
    STATUS_CHART_FROM_ACTIONS actions or more unless ``draw`` says otherwise."""
    total = sum(counts.values())
    # Complete always has a row: the summary leads with it, even when it is 0.
    statuses = [s for s in STATUS_ORDER if counts.get(s) or s == "complete"]
    counts = {"complete": 0, **counts}
    rest = {s: c for s, c in counts.items() if s != "complete"}
    summary = (f"{counts['complete']} of {total} actions complete"
               + (f"; {_count_phrase(rest)}." if total - counts["complete"] else "."))
    draw = total >= STATUS_CHART_FROM_ACTIONS if draw is None else draw
    order = {"form": "status", "axis": "Number of actions",
             "bars": [[s, ACTION_STATUS_LABELS[s], counts[s]] for s in statuses]} if draw else None
    return Chart(slug, f"Actions by status: {subject}", summary, ["Status", "Actions"],
                 [[ACTION_STATUS_LABELS[s], counts[s]] for s in statuses], numeric_columns={1}, order=order)


def stacked_status_chart(slug: str, title: str, groups: list[tuple[str, dict[str, int]]],
                         summary: str, group_header: str, draw: bool = True) -> Chart:
    """Actions by status for several groups (themes, or successive reports): stacked bars,
    with the key above them."""
    statuses = [s for s in STATUS_ORDER if any(c.get(s) for _, c in groups)]
    rows = [[name, *[counts.get(s, 0) for s in statuses], sum(counts.values())] for name, counts in groups]
    order = {"form": "stacked", "axis": "Number of actions",
             "statuses": [[s, ACTION_STATUS_LABELS[s]] for s in statuses],
             "groups": [[name, [counts.get(s, 0) for s in statuses]] for name, counts in groups]} if draw else None
    return Chart(slug, title, summary, [group_header, *[ACTION_STATUS_LABELS[s] for s in statuses], "All actions"],
                 rows, numeric_columns=set(range(1, len(statuses) + 2)), order=order)


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def budget_chart(slug: str, lines: list[tuple[str, float]]) -> Chart:
    """Budget by financial year: labelled columns, from BUDGET_CHART_FROM_YEARS years."""
    total = sum(amount for _, amount in lines)
    summary = (f"{_money(total)} over {len(lines)} financial year{'s' if len(lines) != 1 else ''}"
               + (f", from {_money(lines[0][1])} in {lines[0][0]} to {_money(lines[-1][1])} in {lines[-1][0]}."
                  if len(lines) > 1 else f" ({lines[0][0]})."))
    order = {"form": "columns", "money": True, "axis": "Financial year",
             "columns": [[year, amount] for year, amount in lines]} if len(lines) >= BUDGET_CHART_FROM_YEARS else None
    return Chart(slug, "Budget by financial year", summary, ["Financial year", "Amount (£)"],
                 [[year, f"{amount:.0f}"] for year, amount in lines], numeric_columns={1}, order=order)


def measure_chart(slug: str, measure, observations) -> Chart:
    """A measure over time: a line for each breakdown, labelled at its end, with the baseline
    and target drawn and labelled. Its title states the latest finding."""
    unit = f" ({measure.unit})" if measure.unit else ""
    groups: dict = {}
    for o in observations:
        groups.setdefault(o.breakdown or "", []).append(o)
    headers = ["Period", *(["Breakdown"] if any(groups) and list(groups) != [""] else []), f"Value{unit}"]
    value_column = len(headers) - 1
    rows = [[o.period, *([o.breakdown or ""] if len(headers) == 3 else []), _number(o.value)] for o in observations]
    if any(o.note for o in observations):  # the data file's notes, beside the values they explain
        headers.append("Note")
        for row, o in zip(rows, observations):
            row.append(o.note or "")
    periods = [period for _, period in sorted({(o.sort_key, o.period) for o in observations})]
    references = [[f"{word} {_number(reference.value)}"
                   + (f" {joint} {reference.date.display()}" if reference.date else ""), reference.value, style]
                  for reference, word, joint, style in ((measure.baseline, "Baseline", "in", "--"),
                                                        (measure.target, "Target", "by", ":"))
                  if reference is not None and reference.value is not None]
    order = None
    if len(periods) >= MEASURE_CHART_FROM_PERIODS:
        index = {period: i for i, period in enumerate(periods)}
        series = []
        for group, points in groups.items():
            values = [None] * len(periods)
            for o in points:
                values[index[o.period]] = o.value
            series.append([group, values])
        order = {"form": "lines", "unit": measure.unit or "", "periods": periods, "series": series,
                 "references": references}
    return Chart(slug, _measure_finding(measure, groups), _measure_summary(measure, groups), headers, rows,
                 numeric_columns={value_column}, order=order)


def _unit_words(measure, gap: bool = False) -> str:
    unit = (measure.unit or "").strip()
    if gap and unit.lower() in ("percent", "per cent", "%"):
        return " percentage points"
    if unit in ("%",):
        return "%"
    return f" {unit}" if unit else ""


def _measure_finding(measure, groups: dict) -> str:
    """The chart's title: the measure's name and what its latest values show. For several
    breakdowns, how the gap between the highest and lowest changed (the gap is the point of
    an inequalities strategy); for one, how the value changed since the first period."""
    name = measure.name
    named = {group: points for group, points in groups.items() if group}
    if len(named) >= 2:
        by_period: dict = {}
        for group, points in named.items():
            for o in points:
                by_period.setdefault((o.sort_key, o.period), []).append((o.value, group))
        shared = [(period, sorted(values)) for (_, period), values in sorted(by_period.items()) if len(values) >= 2]
        if shared:
            def gap(values):
                (low, low_group), (high, high_group) = values[0], values[-1]
                return round(high - low, 9), high_group, low_group
            last_period, last_values = shared[-1]
            last_gap, high, low = gap(last_values)
            units = _unit_words(measure, gap=True)
            if len(shared) == 1:
                return f"{name}: the gap between {high} and {low} was {_number(last_gap)}{units} in {last_period}"
            first_period, first_values = shared[0]
            first_gap, first_high, first_low = gap(first_values)
            between = (f"between {high} and {low}" if (first_high, first_low) == (high, low)
                       else "between the highest and lowest")
            if last_gap == first_gap:
                return (f"{name}: the gap {between} was {_number(last_gap)}{units} in {first_period} "
                        f"and in {last_period}")
            verb = "narrowed" if abs(last_gap) < abs(first_gap) else "widened"
            return (f"{name}: the gap {between} {verb} from {_number(first_gap)} to {_number(last_gap)}{units} "
                    f"between {first_period} and {last_period}")
    points = next(iter(groups.values()), [])
    if not points:
        return f"{name} over time"
    first, last = points[0], points[-1]
    units = _unit_words(measure)
    if len(points) == 1:
        return f"{name}: {_number(last.value)}{units} in {last.period}"
    if last.value == first.value:
        return f"{name} was {_number(last.value)}{units} in {first.period} and in {last.period}"
    if measure.better:
        better = (last.value > first.value) == (measure.better == "higher")
        verb = "improved" if better else "worsened"
    else:
        verb = "rose" if last.value > first.value else "fell"
    return f"{name} {verb} from {_number(first.value)} in {first.period} to {_number(last.value)}{units} in {last.period}"


def _measure_summary(measure, groups) -> str:
    parts = []
    for group, points in groups.items():
        first, last = points[0], points[-1]
        trend = ""
        if measure.better and len(points) > 1 and last.value != first.value:
            better = (last.value > first.value) == (measure.better == "higher")
            trend = f", {'improving' if better else 'worsening'} from {_number(first.value)} in {first.period}"
        elif len(points) > 1 and last.value == first.value:
            trend = f", the same as in {first.period}"
        parts.append(f"{group + ': ' if group else ''}{_number(last.value)} in {last.period}{trend}")
    text = "; ".join(parts)
    # The target and baseline, as the chart marks them (their values are in the measures table).
    marks = []
    if measure.target is not None and measure.target.value is not None:
        when = f" by {measure.target.date.display()}" if measure.target.date else ""
        marks.append(f"Target {_number(measure.target.value)}{when}")
    if measure.baseline is not None and measure.baseline.value is not None:
        when = f" in {measure.baseline.date.display()}" if measure.baseline.date else ""
        marks.append(f"{'baseline' if marks else 'Baseline'} {_number(measure.baseline.value)}{when}")
    if marks:
        text += ". " + "; ".join(marks)
    return text + "."


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
