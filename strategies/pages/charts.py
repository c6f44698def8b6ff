"""Charts as deterministic SVG, each with a text summary, a data table and CSV of the same numbers.

A chart a screen-reader user cannot read, or whose numbers cannot be downloaded, does not
count: every :class:`Chart` carries its accessible name, a one-sentence summary written from
the data, and the table behind it. Series are told apart by direct labels, hatching, marker
shapes and dash patterns, not by colour alone.

This module lays each chart out (scales, ticks, positions) as plain numbers; the SVG itself
comes from a template in ``macros/charts/``, which a comms team may restyle. Drawing this way
takes well under a millisecond a chart (matplotlib took 60 to 120), so a county's thousands
of charts cost nothing, and the same input always gives byte-identical SVG.
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

from strategies.content.model import ACTION_STATUS_LABELS
from strategies.content.model import ACTION_STATUS_ORDER as STATUS_ORDER

from .cells import csv_text

# Fill and hatching of each status. Each fill has at least 3:1 contrast with the white chart
# background (WCAG 1.4.11); hatching and direct labels carry the difference, not colour.
STATUS_STYLE = {
    "complete": ("#00703c", ""),
    "on-track": ("#1d70b8", "/"),
    "at-risk": ("#a35200", "|"),
    "off-track": ("#d4351c", "x"),
    "not-started": ("#505a5f", "-"),
    "not-yet-reported": ("#ffffff", "\\"),
}
HATCH_PATHS = {  # one 8 x 8 tile of each hatching
    "/": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4",
    "\\": "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4",
    "|": "M4,0 v8",
    "-": "M0,4 h8",
    "x": "M0,0 l8,8 M8,0 l-8,8",
}
INK = "#0b0c0c"       # text and axes: 19:1 on white
EDGE = "#505a5f"
BACKGROUND = "#ffffff"
SERIES_COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#6f3c97", "#a35200"]
SERIES_MARKERS = ["circle", "square", "triangle", "diamond", "triangle-down"]
SERIES_DASHES = ["", "8 4", "8 3 2 3", "2 3", "12 4"]
FONT_SIZE = 13
CHAR_WIDTH = 7.5      # a generous average width of a character at FONT_SIZE, for layout


@dataclass
class Chart:
    """A chart ready to publish: file name, accessible name, summary and the data behind it.

    ``template`` (in ``macros/charts/``) draws it from ``figure``, the laid-out geometry.
    """

    slug: str
    title: str
    summary: str
    headers: list[str]
    rows: list[list]
    template: str = ""
    figure: dict = field(default_factory=dict)
    numeric_columns: set = field(default_factory=set)

    def csv(self) -> str:
        """The chart's data table as CSV (no cell can run as a formula)."""
        return csv_text(self.headers, self.rows)


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values covering ``low`` to ``high`` (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if high < low:
        low, high = high, low
    if high == low:
        low, high = (low - 1, high + 1) if low else (0, 1)
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    if integer:
        step = max(1, round(step))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _fmt(value: float) -> str:
    """Coordinates with at most one decimal, so the SVG stays small and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _status_styles(statuses) -> list[dict]:
    """Fill, hatching and text colour of each status, for the templates' patterns and keys."""
    return [{"id": status, "label": ACTION_STATUS_LABELS[status], "fill": STATUS_STYLE[status][0],
             "hatch": HATCH_PATHS.get(STATUS_STYLE[status][1], ""),
             "stroke": EDGE if status == "not-yet-reported" else BACKGROUND,
             "text": INK if status == "not-yet-reported" else BACKGROUND} for status in statuses]


def _x_axis(ticks: list[float], left: float, width: float, y: float, label: str, text=str) -> dict:
    scale = width / (ticks[-1] - ticks[0])
    return {"y": y, "left": left, "right": left + width, "label": label,
            "ticks": [{"x": _fmt(left + (t - ticks[0]) * scale), "label": text(t)} for t in ticks]}


def _count_phrase(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {ACTION_STATUS_LABELS[s].lower()}" for s in STATUS_ORDER if counts.get(s)]
    return ", ".join(parts)


def status_chart(slug: str, subject: str, counts: dict[str, int]) -> Chart:
    """Actions by status: one labelled, hatched bar per status."""
    total = sum(counts.values())
    # Complete always has a row: the summary leads with it, even when it is 0.
    statuses = [s for s in STATUS_ORDER if counts.get(s) or s == "complete"]
    counts = {"complete": 0, **counts}
    summary = (f"{counts.get('complete', 0)} of {total} actions complete"
               + (f"; {_count_phrase({s: c for s, c in counts.items() if s != 'complete'})}." if total - counts.get('complete', 0) else "."))
    chart = Chart(slug, f"Actions by status: {subject}", summary, ["Status", "Actions"],
                  [[ACTION_STATUS_LABELS[s], counts[s]] for s in statuses], numeric_columns={1})
    left, plot, row, bar = 150, 420, 34, 22
    ticks = nice_ticks(0, max(max(counts[s] for s in statuses), 1), integer=True)
    scale = plot / ticks[-1]
    bars = [{"style": style, "y": _fmt(8 + i * row + (row - bar) / 2), "width": _fmt(counts[s] * scale),
             "value": counts[s], "label_y": _fmt(8 + i * row + row / 2),
             "label_x": _fmt(left + counts[s] * scale + 6)}
            for i, (s, style) in enumerate(zip(statuses, _status_styles(statuses)))]
    height = 8 + row * len(statuses)
    chart.template, chart.figure = "status.svg.j2", {
        "title": chart.title, "width": left + plot + 60, "height": height + 52, "left": left,
        "top": 8, "bar_height": bar, "bars": bars, "styles": _status_styles(statuses),
        "axis": _x_axis(ticks, left, plot, height, "Number of actions"),
    }
    return chart


def stacked_status_chart(slug: str, title: str, groups: list[tuple[str, dict[str, int]]],
                         summary: str, group_header: str) -> Chart:
    """Actions by status for several groups (themes, or successive reports): stacked bars."""
    statuses = [s for s in STATUS_ORDER if any(c.get(s) for _, c in groups)]
    rows = [[name, *[counts.get(s, 0) for s in statuses], sum(counts.values())] for name, counts in groups]
    chart = Chart(slug, title, summary,
                  [group_header, *[ACTION_STATUS_LABELS[s] for s in statuses], "All actions"], rows,
                  numeric_columns=set(range(1, len(statuses) + 2)))
    styles = _status_styles(statuses)
    left, plot, line = 230, 440, 16
    # The key sits above the chart, in reading order (Government Analysis Function guidance).
    key = [{"style": style, "x": 10 + (i % 3) * 220, "y": (i // 3) * 24} for i, style in enumerate(styles)]
    top = 12 + 24 * math.ceil(len(styles) / 3)
    ticks = nice_ticks(0, max(max((sum(c.values()) for _, c in groups), default=1), 1), integer=True)
    scale = plot / ticks[-1]
    bars, y = [], top
    for name, counts in groups:
        lines = textwrap.wrap(name, 28)[:3] or [name]
        height = max(34, line * len(lines) + 14)
        segments, x = [], 0.0
        for status, style in zip(statuses, styles):
            width = counts.get(status, 0) * scale
            if width:
                digits = len(str(counts[status]))
                segments.append({"style": style, "x": _fmt(left + x), "width": _fmt(width),
                                 "value": counts[status], "centre": _fmt(left + x + width / 2),
                                 "labelled": width >= 18, "badge_x": _fmt(left + x + width / 2 - 4 - 4 * digits),
                                 "badge_width": 8 + 8 * digits})
            x += width
        middle = y + height / 2
        bars.append({"y": _fmt(middle - 11), "middle": _fmt(middle), "badge_y": _fmt(middle - 8),
                     "lines": [(text, _fmt(middle + line * (i - (len(lines) - 1) / 2))) for i, text in enumerate(lines)],
                     "segments": segments})
        y += height
    chart.template, chart.figure = "stacked.svg.j2", {
        "title": title, "width": left + plot + 30, "height": y + 52, "left": left, "line": line,
        "bar_height": 22, "bars": bars, "styles": styles, "key": key,
        "axis": _x_axis(ticks, left, plot, y, "Number of actions"),
    }
    return chart


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def _y_axis(ticks: list[float], top: float, height: float, text) -> tuple[dict, callable]:
    """A vertical axis from ``ticks``, and the function placing a value on it."""
    def place(value: float) -> float:
        return top + height - (value - ticks[0]) / (ticks[-1] - ticks[0]) * height
    return {"ticks": [{"y": _fmt(place(t)), "label": text(t)} for t in ticks]}, place


def budget_chart(slug: str, lines: list[tuple[str, float]]) -> Chart:
    """Budget by financial year: labelled columns."""
    total = sum(amount for _, amount in lines)
    summary = (f"{_money(total)} over {len(lines)} financial year{'s' if len(lines) != 1 else ''}"
               + (f", from {_money(lines[0][1])} in {lines[0][0]} to {_money(lines[-1][1])} in {lines[-1][0]}."
                  if len(lines) > 1 else f" ({lines[0][0]})."))
    chart = Chart(slug, "Budget by financial year", summary, ["Financial year", "Amount (£)"],
                  [[year, f"{amount:.0f}"] for year, amount in lines], numeric_columns={1})
    ticks = nice_ticks(0, max(max(amount for _, amount in lines), 1))
    left = round(24 + max(_text_width(_money(t)) for t in ticks))
    top, plot_width, plot_height = 24, max(360, 90 * len(lines)), 220
    axis, place = _y_axis(ticks, top, plot_height, _money)
    band = plot_width / len(lines)
    columns = [{"x": _fmt(left + i * band + band * 0.2), "width": _fmt(band * 0.6),
                "centre": _fmt(left + (i + 0.5) * band), "y": _fmt(place(amount)),
                "height": _fmt(top + plot_height - place(amount)), "label": _money(amount), "year": year,
                "label_y": _fmt(place(amount) - 6)}
               for i, (year, amount) in enumerate(lines)]
    chart.template, chart.figure = "columns.svg.j2", {
        "title": chart.title, "width": left + plot_width + 16, "height": top + plot_height + 48,
        "left": left, "right": left + plot_width, "top": top, "bottom": top + plot_height,
        "axis": axis, "columns": columns, "colour": SERIES_COLOURS[0], "y_label": "Pounds",
    }
    return chart


def measure_chart(slug: str, measure, observations) -> Chart:
    """A measure over time, with its baseline and target drawn and labelled."""
    unit = f" ({measure.unit})" if measure.unit else ""
    groups: dict = {}
    for o in observations:
        groups.setdefault(o.breakdown or "", []).append(o)
    summary = _measure_summary(measure, groups)
    headers = ["Period", *(["Breakdown"] if any(groups) and list(groups) != [""] else []), f"Value{unit}"]
    value_column = len(headers) - 1
    rows = [[o.period, *([o.breakdown or ""] if len(headers) == 3 else []), _number(o.value)] for o in observations]
    if any(o.note for o in observations):  # the data file's notes, beside the values they explain
        headers.append("Note")
        for row, o in zip(rows, observations):
            row.append(o.note or "")
    chart = Chart(slug, f"{measure.name} over time", summary, headers, rows, numeric_columns={value_column})

    references = [(reference, dash, word) for reference, dash, word in
                  ((measure.baseline, "6 4", "Baseline"), (measure.target, "2 3", "Target"))
                  if reference is not None and reference.value is not None]
    values = [o.value for o in observations] + [reference.value for reference, _, _ in references]
    ticks = nice_ticks(min(values), max(values))
    left = round(40 + max(_text_width(_number(t)) for t in ticks))
    right_labels = round(max((_text_width(group) for group in groups if group), default=0))
    top, plot_width, plot_height = 16, 600, 260
    axis, place = _y_axis(ticks, top, plot_height, _number)
    periods = sorted({(o.sort_key, o.period) for o in observations})
    pad = 16
    step = (plot_width - 2 * pad) / max(len(periods) - 1, 1)
    position = {period: left + pad + (i * step if len(periods) > 1 else (plot_width - 2 * pad) / 2)
                for i, (_, period) in enumerate(periods)}
    series = []
    for index, (group, points) in enumerate(groups.items()):
        xy = [(position[o.period], place(o.value)) for o in points]
        series.append({"colour": SERIES_COLOURS[index % 5], "marker": SERIES_MARKERS[index % 5],
                       "dash": SERIES_DASHES[index % 5], "label": group,
                       "points": [(_fmt(x), _fmt(y)) for x, y in xy], "end": (_fmt(xy[-1][0] + 8), _fmt(xy[-1][1]))})
    every = 1 if len(periods) <= 6 else 2  # every other period label when they would crowd
    chart.template, chart.figure = "line.svg.j2", {
        "title": chart.title, "width": left + plot_width + 16 + right_labels, "height": top + plot_height + 56,
        "left": left, "right": left + plot_width, "top": top, "bottom": top + plot_height, "axis": axis,
        "y_label": measure.unit or "Value", "series": series,
        "periods": [{"x": _fmt(position[period]), "label": period} for i, (_, period) in enumerate(periods) if i % every == 0],
        "references": [{"y": _fmt(place(reference.value)), "label_y": _fmt(place(reference.value) - 5), "dash": dash,
                        "label": f"{word} {_number(reference.value)}"
                                 + (f" ({reference.date.display()})" if reference.date else "")}
                       for reference, dash, word in references],
    }
    return chart


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
    if measure.target is not None and measure.target.value is not None:
        when = f" by {measure.target.date.display()}" if measure.target.date else ""
        text += f". Target {_number(measure.target.value)}{when}"
    return text + "."


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
