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

from . import drawing
from .cells import csv_text
from .freshness import PROGRESS_LABELS as STATUS_LABELS
from .freshness import PROGRESS_ORDER as STATUS_ORDER
from .freshness import count_words

# What the generator publishes in place of a chart's SVG: this line, then the order as JSON.
ORDER_MARK = "<!-- strategies: a chart for pages/drawn_charts.py to draw -->\n"

# Below these, a chart only restates a handful of numbers: the page says them in words and
# shows the table instead.
STATUS_CHART_FROM_ACTIONS = 20  # a status chart for 20 adopted actions or more
BUDGET_CHART_FROM_YEARS = 3  # two amounts are one comparison, which the sentence makes
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
        if self.order is None:
            raise ValueError(f"the chart '{self.slug}' is not drawn, so it has no size")
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
    return count_words((s, counts[s]) for s in STATUS_ORDER if counts.get(s))


def status_chart(slug: str, subject: str, counts: dict[str, int], draw: bool | None = None) -> Chart:
    """Actions by status: one labelled, hatched bar per status. Drawn for
    STATUS_CHART_FROM_ACTIONS actions or more unless ``draw`` says otherwise."""
    total = sum(counts.values())
    # Complete always has a row: the summary leads with it, even when it is 0.
    statuses = [s for s in STATUS_ORDER if counts.get(s) or s == "complete"]
    counts = {"complete": 0, **counts}
    rest = {s: c for s, c in counts.items() if s != "complete"}
    summary = f"{counts['complete']} of {total} actions complete" + (
        f"; {_count_phrase(rest)}." if total - counts["complete"] else "."
    )
    draw = total >= STATUS_CHART_FROM_ACTIONS if draw is None else draw
    order = (
        {"form": "status", "axis": "Number of actions", "bars": [[s, STATUS_LABELS[s], counts[s]] for s in statuses]}
        if draw
        else None
    )
    return Chart(
        slug,
        f"Actions by status: {subject}",
        summary,
        ["Status", "Actions"],
        [[STATUS_LABELS[s], counts[s]] for s in statuses],
        numeric_columns={1},
        order=order,
    )


def stacked_status_chart(
    slug: str, title: str, groups: list[tuple[str, dict[str, int]]], summary: str, group_header: str, draw: bool = True
) -> Chart:
    """Actions by status for several groups (themes, or successive reports): stacked bars,
    with the key above them."""
    statuses = [s for s in STATUS_ORDER if any(c.get(s) for _, c in groups)]
    rows = [[name, *[counts.get(s, 0) for s in statuses], sum(counts.values())] for name, counts in groups]
    order = (
        {
            "form": "stacked",
            "axis": "Number of actions",
            "statuses": [[s, STATUS_LABELS[s]] for s in statuses],
            "groups": [[name, [counts.get(s, 0) for s in statuses]] for name, counts in groups],
        }
        if draw
        else None
    )
    return Chart(
        slug,
        title,
        summary,
        [group_header, *[STATUS_LABELS[s] for s in statuses], "All actions"],
        rows,
        numeric_columns=set(range(1, len(statuses) + 2)),
        order=order,
    )


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def budget_chart(slug: str, lines: list[tuple[str, float]]) -> Chart:
    """Budget by financial year: labelled columns, from BUDGET_CHART_FROM_YEARS years."""
    total = sum(amount for _, amount in lines)
    summary = f"{_money(total)} over {len(lines)} financial year{'s' if len(lines) != 1 else ''}" + (
        f", from {_money(lines[0][1])} in {lines[0][0]} to {_money(lines[-1][1])} in {lines[-1][0]}."
        if len(lines) > 1
        else f" ({lines[0][0]})."
    )
    order = (
        {
            "form": "columns",
            "money": True,
            "axis": "Financial year",
            "columns": [[year, amount] for year, amount in lines],
        }
        if len(lines) >= BUDGET_CHART_FROM_YEARS
        else None
    )
    return Chart(
        slug,
        "Budget by financial year",
        summary,
        ["Financial year", "Amount (£)"],
        [[year, f"{amount:.0f}"] for year, amount in lines],
        numeric_columns={1},
        order=order,
    )


def measure_chart(slug: str, measure, observations) -> Chart:
    """A measure over time: a line for each breakdown, labelled at its end, with the baseline
    and target drawn and labelled. Its title states the latest finding (:func:`measure_finding`)."""
    unit = f" ({measure.unit})" if measure.unit else ""
    groups = _by_breakdown(observations)
    headers = ["Period", *(["Breakdown"] if any(groups) and list(groups) != [""] else []), f"Value{unit}"]
    value_column = len(headers) - 1
    rows = [[o.period, *([o.breakdown or ""] if len(headers) == 3 else []), _number(o.value)] for o in observations]
    if any(o.note for o in observations):  # the data file's notes, beside the values they explain
        headers.append("Note")
        for row, o in zip(rows, observations):
            row.append(o.note or "")
    periods = [period for _, period in sorted({(o.sort_key, o.period) for o in observations})]
    references = [
        [
            f"{word} {_number(reference.value)}" + (f" {joint} {reference.date.display()}" if reference.date else ""),
            reference.value,
            style,
        ]
        for reference, word, joint, style in (
            (measure.baseline, "Baseline", "in", "--"),
            (measure.target, "Target", "by", ":"),
        )
        if reference is not None and reference.value is not None
    ]
    order = None
    if len(periods) >= MEASURE_CHART_FROM_PERIODS:
        index = {period: i for i, period in enumerate(periods)}
        series = []
        for group, points in groups.items():
            values = [None] * len(periods)
            for o in points:
                values[index[o.period]] = o.value
            series.append([group, values])
        order = {
            "form": "lines",
            "unit": measure.unit or "",
            "periods": periods,
            "series": series,
            "references": references,
        }
    finding = measure_finding(measure, observations)
    return Chart(slug, finding.title, finding.summary, headers, rows, numeric_columns={value_column}, order=order)


@dataclass(frozen=True)
class Finding:
    """What a measure's values show: the chart's title (its accessible name) and its one-sentence
    summary. :func:`measure_finding` makes both from the same comparison, so they cannot disagree."""

    title: str
    summary: str


def measure_finding(measure, observations) -> Finding:
    """The title and summary of a measure's chart, true to its data and to its baseline.

    Change is told from the measure's baseline where the strategy gives one as a number ("the
    baseline of 14.9 in 2022"), else from the series' first value. A baseline dated no earlier
    than the latest value leaves no change to tell: the words say the latest value and that.
    With several breakdowns, the finding is how the gap between the highest and the lowest
    changed. A single-number baseline is for the whole area, so it is never set against a gap:
    the gap is measured from the baseline's period (where the data reach back to it), so the
    words tell the change since the baseline, and the baseline is stated beside them.
    Each value appears once in a phrase; the target and baseline end the summary as the chart
    marks them (a baseline already stated is not repeated)."""
    groups = _by_breakdown(observations)
    baseline = measure.baseline if measure.baseline is not None and measure.baseline.value is not None else None
    named = {group: points for group, points in groups.items() if group}
    if len(named) >= 2:
        title, parts, stated = _gap_finding(measure, groups, named, baseline)
    else:
        title, parts, stated = _level_finding(measure, groups, baseline)
    marks = []
    if measure.target is not None and measure.target.value is not None:
        when = f" by {measure.target.date.display()}" if measure.target.date else ""
        marks.append(f"Target {_number(measure.target.value)}{when}")
    if baseline is not None and not stated:
        when = f" in {baseline.date.display()}" if baseline.date else ""
        marks.append(f"{'baseline' if marks else 'Baseline'} {_number(baseline.value)}{when}")
    summary = parts + (". " + "; ".join(marks) if marks else "")
    return Finding(title, summary + ".")


def _by_breakdown(observations) -> dict:
    """The observations of each breakdown ('' for none), in period order, breakdowns in the
    order they first appear."""
    groups: dict = {}
    for o in observations:
        groups.setdefault(o.breakdown or "", []).append(o)
    return groups


def _unit_words(measure, gap: bool = False) -> str:
    unit = (measure.unit or "").strip()
    if gap and unit.lower() in ("percent", "per cent", "%"):
        return " percentage points"
    if unit in ("%",):
        return "%"
    return f" {unit}" if unit else ""


def _span(period: str, key: tuple) -> tuple[tuple, tuple]:
    """The first and last day a period covers, as (year, month, day): 2019 is the calendar
    year, 2019/20 April 2019 to March 2020, 2019-07 the month, 2019-07-31 the day."""
    year, month, day = key
    if "/" in period:
        return (year, 4, 1), (year + 1, 3, 31)
    if day:
        return (year, month, day), (year, month, day)
    if month:
        return (year, month, 1), (year, month, 31)
    return (year, 1, 1), (year, 12, 31)


def _baseline_start(baseline) -> tuple:
    day = baseline.date.first_day()
    return (day.year, day.month, day.day)


def _baseline_against(baseline, period: str, key: tuple) -> str:
    """Where a dated baseline falls against a period: 'before' it starts, 'during' it (it starts
    within the period: there is no later value to compare), or 'after' it ends."""
    start, end = _span(period, key)
    begins = _baseline_start(baseline)
    if begins > end:
        return "after"
    return "during" if begins >= start else "before"


def _movement(measure, start: float, end: float) -> tuple[str, str]:
    """The verb for a change from ``start`` to ``end``: improved/worsened where the measure says
    which way is better, else rose/fell; and its -ing form for the summary."""
    if measure.better:
        better = (end > start) == (measure.better == "higher")
        return ("improved", "improving") if better else ("worsened", "worsening")
    return ("rose", "rising") if end > start else ("fell", "falling")


def _level_finding(measure, groups: dict, baseline) -> tuple[str, str, bool]:
    """One series (the measure's, without breakdowns): (title, summary, whether the baseline is
    stated in them)."""
    name = measure.name
    series: list = groups.get("") or next(iter(groups.values()), [])
    if not series:
        return f"{name} over time", "No values yet", False
    units = _unit_words(measure)
    last = series[-1]
    latest = f"{_number(last.value)}{units} in {last.period}"
    others = [_group_phrase(measure, group, points, None) for group, points in groups.items() if points is not series]
    label = next(group for group, points in groups.items() if points is series)
    prefix = f"{label}: " if label else ""

    def summary(text: str) -> str:
        return "; ".join([prefix + text, *others])

    if baseline is not None:
        value = _number(baseline.value)
        when = f" in {baseline.date.display()}" if baseline.date else ""
        against = _baseline_against(baseline, last.period, last.sort_key) if baseline.date else "before"
        if against == "after":
            return (
                f"{name}: {latest}, earlier than its baseline ({baseline.date.display()})",
                summary(
                    f"{latest}. The baseline of {value}{units}{when} is later than the latest value, "
                    "so no change from it can be shown yet"
                ),
                True,
            )
        if against == "during":
            return (
                f"{name}: {latest}, with no value yet after its baseline",
                summary(f"{latest}. No value is yet available after the baseline of {value}{units}{when}"),
                True,
            )
        undated = "" if baseline.date else " (the strategy gives no date for its baseline)"
        if last.value == baseline.value:
            return (
                f"{name} was {latest}, the same as its baseline{when}",
                summary(f"{latest}, the same as the baseline{when}{undated}"),
                True,
            )
        verb, verbing = _movement(measure, baseline.value, last.value)
        return (
            f"{name} {verb} from the baseline of {value}{when} to {latest}",
            summary(f"{latest}, {verbing} from the baseline of {value}{when}{undated}"),
            True,
        )
    first = series[0]
    if len(series) == 1:
        return f"{name}: {latest}", summary(latest), False
    if last.value == first.value:
        return (
            f"{name} was {_number(last.value)}{units} in {first.period} and in {last.period}",
            summary(f"{latest}, the same as in {first.period}"),
            False,
        )
    verb, verbing = _movement(measure, first.value, last.value)
    return (
        f"{name} {verb} from {_number(first.value)} in {first.period} to {latest}",
        summary(f"{latest}, {verbing} from {_number(first.value)} in {first.period}"),
        False,
    )


def _group_phrase(measure, group: str, points: list, since: tuple | None) -> str:
    """One breakdown in a summary: its latest value and, if it has an earlier one from the
    period ``since`` (a sort key; None for its first), how it changed since then."""
    units = _unit_words(measure)
    last = points[-1]
    text = f"{group + ': ' if group else ''}{_number(last.value)}{units} in {last.period}"
    first = next((o for o in points if since is None or o.sort_key >= since), None)
    if first is None or first is last:
        return text
    if first.value == last.value:
        return f"{text}, the same as in {first.period}"
    return f"{text}, {_movement(measure, first.value, last.value)[1]} from {_number(first.value)} in {first.period}"


def _gap_finding(measure, groups: dict, named: dict, baseline) -> tuple[str, str, bool]:
    """Several breakdowns: (title, summary, whether the baseline is stated in them). The title
    tells how the gap between the highest and lowest changed; the summary, each breakdown."""
    name = measure.name
    by_period: dict = {}
    for group, points in named.items():
        for o in points:
            by_period.setdefault((o.sort_key, o.period), []).append((o.value, group))
    shared = [(key, period, sorted(values)) for (key, period), values in sorted(by_period.items()) if len(values) >= 2]
    if not shared:
        return (
            f"{name}: no period has values for more than one breakdown, so no gap can be shown",
            "; ".join(_group_phrase(measure, g, p, None) for g, p in groups.items()),
            False,
        )
    last_key, last_period, last_values = shared[-1]
    later = None  # a baseline dated after the latest values: no change to tell
    start = 0
    if baseline is not None and baseline.date:
        if _baseline_against(baseline, last_period, last_key) == "after":
            later = baseline
            start = len(shared) - 1
        else:  # from the period the baseline falls in (or the first, if the data start later)
            begins = _baseline_start(baseline)
            start = max([i for i, (key, period, _) in enumerate(shared) if _span(period, key)[0] <= begins], default=0)
    first_key, first_period, first_values = shared[start]

    def gap(values):
        (low, low_group), (high, high_group) = values[0], values[-1]
        return round(high - low, 9), high_group, low_group

    last_gap, high, low = gap(last_values)
    units = _unit_words(measure, gap=True)
    parts = "; ".join(
        _group_phrase(measure, group, points[-1:] if later else points, first_key) for group, points in groups.items()
    )
    if later is not None:
        when = later.date.display()
        return (
            f"{name}: the gap between {high} and {low} was {_number(last_gap)}{units} in {last_period}, "
            f"earlier than its baseline ({when})",
            f"{parts}. The baseline of {_number(later.value)}{_unit_words(measure)} in {when} is later than "
            "the latest values, so no change from it can be shown yet",
            True,
        )
    if start == len(shared) - 1:
        return (
            f"{name}: the gap between {high} and {low} was {_number(last_gap)}{units} in {last_period}",
            parts,
            False,
        )
    first_gap, first_high, first_low = gap(first_values)
    between = (
        f"between {high} and {low}" if (first_high, first_low) == (high, low) else "between the highest and lowest"
    )
    if last_gap == first_gap:
        return (
            f"{name}: the gap {between} was {_number(last_gap)}{units} in {first_period} and in {last_period}",
            parts,
            False,
        )
    verb = "narrowed" if abs(last_gap) < abs(first_gap) else "widened"
    return (
        f"{name}: the gap {between} {verb} from {_number(first_gap)} to {_number(last_gap)}{units} "
        f"between {first_period} and {last_period}",
        parts,
        False,
    )


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
