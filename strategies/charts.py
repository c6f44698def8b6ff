"""Charts as deterministic SVG, each with a text summary, a data table and CSV of the same numbers.

A chart a screen-reader user cannot read, or whose numbers cannot be downloaded, does not
count: every :class:`Chart` carries its accessible name, a one-sentence summary written from
the data, and the table behind it. Series are told apart by direct labels and hatching, not
by colour alone. The same input gives byte-identical SVG, so charts can be cached and diffed.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from .model import ACTION_STATUS_LABELS, ACTION_STATUS_ORDER as STATUS_ORDER
# Each colour has at least 3:1 contrast with the white chart background (WCAG 1.4.11).
STATUS_STYLE = {
    "complete": ("#00703c", ""),
    "on-track": ("#1d70b8", "/"),
    "at-risk": ("#a35200", "|"),
    "off-track": ("#d4351c", "x"),
    "not-started": ("#505a5f", "-"),
    "not-yet-reported": ("#ffffff", "\\"),
}
INK = "#0b0c0c"       # text and axes: 19:1 on white
EDGE = "#505a5f"
BACKGROUND = "#ffffff"
SERIES_COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#6f3c97", "#a35200"]
SERIES_MARKERS = ["o", "s", "^", "D", "v"]


@dataclass
class Chart:
    """A chart ready to publish: file name, accessible name, summary and the data behind it."""

    slug: str
    title: str
    summary: str
    headers: list[str]
    rows: list[list]
    svg: str = ""
    numeric_columns: set = field(default_factory=set)

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(self.rows)
        return buffer.getvalue()


_pyplot = None


def _plt():
    """matplotlib, set up once for deterministic, text-preserving SVG (imported lazily: ~1 s)."""
    global _pyplot
    if _pyplot is None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        matplotlib.rcParams.update({
            "svg.fonttype": "none",          # real text: selectable, scalable, half the size
            "svg.hashsalt": "strategies",    # stable ids, so the same chart is the same bytes
            "font.family": ["sans-serif"],
            "font.size": 11,
            "text.color": INK, "axes.labelcolor": INK, "axes.edgecolor": EDGE,
            "xtick.color": INK, "ytick.color": INK,
            "figure.facecolor": BACKGROUND, "axes.facecolor": BACKGROUND,
            "axes.spines.top": False, "axes.spines.right": False,
            "hatch.color": EDGE, "hatch.linewidth": 0.8,
        })
        _pyplot = plt
    return _pyplot


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    _plt().close(fig)
    return buffer.getvalue()


def _count_phrase(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {ACTION_STATUS_LABELS[s].lower()}" for s in STATUS_ORDER if counts.get(s)]
    return ", ".join(parts)


def status_chart(slug: str, subject: str, counts: dict[str, int]) -> Chart:
    """Actions by status: one labelled bar per status."""
    total = sum(counts.values())
    # Complete always has a row: the summary leads with it, even when it is 0.
    statuses = [s for s in STATUS_ORDER if counts.get(s) or s == "complete"]
    counts = {"complete": 0, **counts}
    summary = (f"{counts.get('complete', 0)} of {total} actions complete"
               + (f"; {_count_phrase({s: c for s, c in counts.items() if s != 'complete'})}." if total - counts.get('complete', 0) else "."))
    chart = Chart(slug, f"Actions by status: {subject}", summary, ["Status", "Actions"],
                  [[ACTION_STATUS_LABELS[s], counts[s]] for s in statuses], numeric_columns={1})
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.45 * max(len(statuses), 1)))
    labels = [ACTION_STATUS_LABELS[s] for s in statuses]
    bars = ax.barh(labels, [counts[s] for s in statuses],
                   color=[STATUS_STYLE[s][0] for s in statuses], edgecolor=EDGE,
                   hatch=None)
    for bar, status in zip(bars, statuses):
        bar.set_hatch(STATUS_STYLE[status][1] or None)
        ax.annotate(str(counts[status]), (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(4, 0), textcoords="offset points", va="center")
    ax.invert_yaxis()
    ax.set_xlabel("Number of actions")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _finish(chart, fig)


def stacked_status_chart(slug: str, title: str, groups: list[tuple[str, dict[str, int]]],
                         summary: str, group_header: str) -> Chart:
    """Actions by status for several groups (themes, or successive reports): stacked bars."""
    statuses = [s for s in STATUS_ORDER if any(c.get(s) for _, c in groups)]
    rows = [[name, *[counts.get(s, 0) for s in statuses], sum(counts.values())] for name, counts in groups]
    chart = Chart(slug, title, summary,
                  [group_header, *[ACTION_STATUS_LABELS[s] for s in statuses], "All actions"], rows,
                  numeric_columns=set(range(1, len(statuses) + 2)))
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.2, 1.2 + 0.55 * len(groups)))
    names = [_wrap(name) for name, _ in groups]
    left = [0] * len(groups)
    for status in statuses:
        widths = [counts.get(status, 0) for _, counts in groups]
        colour, hatch = STATUS_STYLE[status]
        bars = ax.barh(names, widths, left=left, color=colour, edgecolor=EDGE, hatch=hatch or None,
                       label=ACTION_STATUS_LABELS[status])
        for bar, width in zip(bars, widths):
            if width:
                text_colour = INK if status == "not-yet-reported" else BACKGROUND
                ax.text(bar.get_x() + width / 2, bar.get_y() + bar.get_height() / 2, str(width),
                        ha="center", va="center", color=text_colour, fontweight="bold",
                        bbox=None if status != "not-yet-reported" else dict(facecolor=BACKGROUND, edgecolor="none", pad=1))
        left = [l + w for l, w in zip(left, widths)]
    ax.invert_yaxis()
    ax.set_xlabel("Number of actions")
    ax.xaxis.get_major_locator().set_params(integer=True)
    # Key above the chart, in reading order (Government Analysis Function guidance).
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=min(len(statuses), 3), frameon=False)
    return _finish(chart, fig)


def budget_chart(slug: str, lines: list[tuple[str, float]]) -> Chart:
    """Budget by financial year: labelled columns."""
    total = sum(amount for _, amount in lines)
    money = lambda v: f"£{v:,.0f}"
    summary = (f"{money(total)} over {len(lines)} financial year{'s' if len(lines) != 1 else ''}"
               + (f", from {money(lines[0][1])} in {lines[0][0]} to {money(lines[-1][1])} in {lines[-1][0]}."
                  if len(lines) > 1 else f" ({lines[0][0]})."))
    chart = Chart(slug, "Budget by financial year", summary, ["Financial year", "Amount (£)"],
                  [[year, f"{amount:.0f}"] for year, amount in lines], numeric_columns={1})
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    bars = ax.bar([year for year, _ in lines], [amount for _, amount in lines], color=SERIES_COLOURS[0], edgecolor=EDGE)
    for bar, (_, amount) in zip(bars, lines):
        ax.annotate(money(amount), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_ylabel("Pounds")
    ax.yaxis.set_major_formatter(_plt().FuncFormatter(lambda v, _: money(v)))
    return _finish(chart, fig)


def measure_chart(slug: str, measure, observations) -> Chart:
    """A measure over time, with its baseline and target drawn and labelled."""
    unit = f" ({measure.unit})" if measure.unit else ""
    groups: dict = {}
    for o in observations:
        groups.setdefault(o.breakdown or "", []).append(o)
    summary = _measure_summary(measure, groups)
    headers = ["Period", *(["Breakdown"] if any(groups) and list(groups) != [""] else []), f"Value{unit}"]
    rows = [[o.period, *([o.breakdown or ""] if len(headers) == 3 else []), _number(o.value)] for o in observations]
    chart = Chart(slug, f"{measure.name} over time", summary, headers, rows, numeric_columns={len(headers) - 1})
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7.2, 3.6))
    periods = sorted({(o.sort_key, o.period) for o in observations})
    position = {period: index for index, (_, period) in enumerate(periods)}
    for index, (group, points) in enumerate(groups.items()):
        xs = [position[o.period] for o in points]
        ys = [o.value for o in points]
        ax.plot(xs, ys, color=SERIES_COLOURS[index % 5], marker=SERIES_MARKERS[index % 5],
                linestyle=["-", "--", "-.", ":", "-"][index % 5], linewidth=2)
        if group:  # direct label at the end of each line, instead of a colour key
            ax.annotate(group, (xs[-1], ys[-1]), xytext=(6, 0), textcoords="offset points", va="center")
    for reference, style, word in ((measure.baseline, "--", "Baseline"), (measure.target, ":", "Target")):
        if reference is not None and reference.value is not None:
            ax.axhline(reference.value, color=EDGE, linestyle=style, linewidth=1.2)
            when = f" ({reference.date.display()})" if reference.date else ""
            ax.annotate(f"{word} {_number(reference.value)}{when}", (0, reference.value), xytext=(2, 3),
                        textcoords="offset points", color=INK, fontsize=9)
    ax.set_xticks(range(len(periods)), [period for _, period in periods], rotation=0)
    if len(periods) > 6:
        for label in ax.get_xticklabels()[1::2]:
            label.set_visible(False)
    ax.set_ylabel(measure.unit or "Value")
    return _finish(chart, fig)


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


def _wrap(text: str, width: int = 28) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width)[:3]) or text


def _finish(chart: Chart, fig) -> Chart:
    chart.svg = _svg(fig)
    return chart
