"""Draw charts with matplotlib, in the Government Analysis Function's style (the ``afcharts``
package), as SVG with real text.

A chart arrives as a *drawing order* (charts.py): a small JSON-able dict naming its form
(``"status"``, ``"stacked"``, ``"lines"``, ``"columns"``) and holding every number and label it
shows. Each form is one function here, registered with ``@form``. matplotlib does the scales,
ticks, text measuring and rendering; this module chooses what to draw and where the labels go.

Residents never depend on colour alone: each status has its own hatching as well as its
colour (from the Analysis Function's categorical palette), bars are labelled with their
counts, a measure's lines each have a marker shape and dash pattern and are labelled at their
ends, and the baseline and target are labelled lines.

The SVG is the same bytes every time for the same order: matplotlib's ids come from a fixed
hash salt, and no date, creator or RDF block is written. Text stays text (``svg.fonttype``
``none``), set in the page's own font stack: no font is embedded or fetched. Text from content
is never read as maths (``text.parse_math`` is off), so "$5 to $10" is drawn as written, and
matplotlib escapes it for XML. Every SVG is checked for script and outside references before
it is returned.

matplotlib takes a second to import: only the processes that draw import it (a build whose
charts are all in the cache never does).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import math
import re
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

from strategies.workers.fingerprint import package_version

# ---------------------------------------------------------------------------------------
# Style: the Analysis Function's, and what this site adds to it
# ---------------------------------------------------------------------------------------

# The Analysis Function categorical palette (afcharts/config/af_colours.yaml), in its order.
AF_DARK_BLUE, AF_TURQUOISE, AF_DARK_PINK, AF_ORANGE, AF_DARK_GREY, AF_LIGHT_PURPLE = (
    "#12436D",
    "#28A197",
    "#801650",
    "#F46A25",
    "#3D3D3D",
    "#A285D1",
)
INK = "#0b0c0c"
# Each status: fill, hatching and the edge that outlines it (3:1 against white, WCAG 1.4.11).
STATUS_STYLE = {
    "complete": (AF_DARK_BLUE, ""),
    "on-track": (AF_TURQUOISE, "//"),
    "at-risk": (AF_ORANGE, "\\\\"),
    "off-track": (AF_DARK_PINK, "xx"),
    "not-started": (AF_DARK_GREY, "--"),
    "stale": ("#ffffff", ".."),  # a status no longer current (freshness.py): dotted, on white
    "not-yet-reported": ("#ffffff", ""),
}
SERIES_COLOURS = [AF_DARK_BLUE, AF_ORANGE, AF_TURQUOISE, AF_DARK_PINK, AF_DARK_GREY, AF_LIGHT_PURPLE]
SERIES_MARKERS = ["o", "s", "^", "D", "v", "P"]
SERIES_DASHES = ["-", "--", "-.", ":", (0, (6, 2)), (0, (3, 1, 1, 1))]
REFERENCE_COLOUR = AF_DARK_GREY
# The page's font stack (Material's with `font: false`): the SVG names it, and the browser
# draws the text in the reader's own fonts. matplotlib measures text with the DejaVu Sans it
# ships, the same on every machine, and wider than these, so labels never run into each other.
PAGE_FONTS = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
FONT_SIZE = 10  # points: 13.3 pixels, as the page's tables
SMALL = 9
SALT = "strategies-charts"  # matplotlib's ids (clip paths, markers) come from this, not at random
# What this site sets over the afcharts style sheet.
OVERRIDES = {
    "svg.fonttype": "none",  # text as <text>, not outlines
    "svg.hashsalt": SALT,
    "text.usetex": False,
    "text.parse_math": False,  # "$5 to $10" is text, never mathtext
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": SMALL,
    "axes.unicode_minus": False,
    "hatch.linewidth": 1.0,
    "path.simplify": True,
    "figure.dpi": 72,
    "savefig.dpi": 72,
    "figure.facecolor": "#ffffff",
    "savefig.facecolor": "#ffffff",
    "axes.facecolor": "#ffffff",
}
LINES_HEIGHT = 3.3  # inches: a measure's chart
WIDTH = 6.8  # inches at 72 points an inch: 490 pt, 653 pixels, scaled to the column by the page's CSS

# ---------------------------------------------------------------------------------------
# The forms
# ---------------------------------------------------------------------------------------

FORMS: dict[str, Callable] = {}
HEIGHTS: dict[str, Callable[[dict], float]] = {}


def form(name: str, height: Callable[[dict], float]):
    """Register a function drawing one form of chart, ``function(order, tools) -> Figure``, and
    ``height(order)``, the figure's height in points, found from the order alone (the page gives
    each chart image its size before the chart is drawn: no layout shift as it loads)."""

    def register(function):
        FORMS[name] = function
        HEIGHTS[name] = height
        return function

    return register


def size(order: dict) -> tuple[int, int]:
    """The chart's size in CSS pixels (width, height), as its SVG will say in points."""
    return round(WIDTH * 96), round(HEIGHTS[order["form"]](order) * 96 / 72)


def fingerprint() -> str:
    """What the drawing depends on besides the order: this module's code, the afcharts style
    sheet, and the versions of matplotlib and afcharts. Found without importing matplotlib."""
    spec = importlib.util.find_spec("afcharts")
    folder = Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None
    style = (folder / "afcharts.mplstyle").read_bytes() if folder else b""
    h = hashlib.blake2b(digest_size=16)
    for part in (
        Path(__file__).read_bytes(),
        style,
        package_version("matplotlib").encode(),
        package_version("afcharts").encode(),
    ):
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()


class _Tools:
    """matplotlib, imported and set up once in a process that draws."""

    # (__init__ is left unchecked: matplotlib's types name every rcParams key)
    _widths: dict[tuple[str, float], float]
    figures: dict[str, tuple]  # form -> (figure, axes), kept and emptied for each chart

    def __init__(self):
        import matplotlib

        matplotlib.use("Agg")  # no window, no interactive backend
        from matplotlib import rc_params_from_file
        from matplotlib.backends.backend_agg import RendererAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
        from matplotlib.patches import Rectangle
        from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

        spec = importlib.util.find_spec("afcharts")
        sheet = Path(next(iter(spec.submodule_search_locations))) / "afcharts.mplstyle"
        self.matplotlib = matplotlib
        self.style = {**rc_params_from_file(str(sheet), use_default_template=False), **OVERRIDES}
        self.Figure, self.Rectangle = Figure, Rectangle
        self.FixedLocator, self.FuncFormatter, self.MaxNLocator, self.NullLocator = (
            FixedLocator,
            FuncFormatter,
            MaxNLocator,
            NullLocator,
        )
        self._renderer = RendererAgg(10, 10, 72)
        self._widths = {}
        self.figures = {}
        with matplotlib.rc_context(self.style):
            self._font = FontProperties(family="sans-serif", size=FONT_SIZE)
            self.text_width("0")  # finds the font now, inside the style

    def text_width(self, text: str, size: float = FONT_SIZE) -> float:
        """The width in points of one line of ``text`` (matplotlib's own measure)."""
        key = (text, size)
        if key not in self._widths:
            font = self._font.copy()
            font.set_size(size)
            width, _, _ = self._renderer.get_text_width_height_descent(text, font, ismath=False)
            self._widths[key] = width
        return self._widths[key]


_TOOLS: _Tools | None = None
_PREPARING = threading.Lock()


def prepare() -> _Tools:
    """Import and set up matplotlib now (before forking workers that will draw); the tools."""
    global _TOOLS
    with _PREPARING:
        if _TOOLS is None:
            _TOOLS = _Tools()
        return _TOOLS


def prepare_soon() -> None:
    """Import matplotlib in a background thread, if no chart has been drawn yet: `serve`
    calls this once its first build is done, so the first edit that changes a chart does not
    wait a second for the import."""
    if _TOOLS is None and not _PREPARING.locked():
        threading.Thread(target=prepare, name="strategies-chart-tools", daemon=True).start()


def draw(order: dict) -> str:
    """The SVG of one chart, from its drawing order."""
    tools = prepare()
    with tools.matplotlib.rc_context(tools.style):
        figure = FORMS[order["form"]](order, tools)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _finish(buffer.getvalue())


_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*")
_TAGS = re.compile(r"<[^>]*>")  # text is escaped (&lt;), so every "<" opens a real tag
_STYLES = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_UNSAFE_TAG = re.compile(
    r"<\s*/?\s*(?:script|foreignObject|image|iframe|object|embed|a)\b"
    r"|\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"'](?!#)|url\(\s*(?!#)",
    re.IGNORECASE,
)
_UNSAFE_STYLE = re.compile(r"@import|url\(\s*(?!#)|expression\(", re.IGNORECASE)


def _finish(svg: str) -> str:
    """matplotlib's SVG, without the DOCTYPE (it names an outside DTD), the text in the page's
    font stack, the indentation gone; checked to hold no script and no outside reference."""
    svg = _DOCTYPE.sub("", svg, count=1)
    svg = svg.replace("font-family: 'DejaVu Sans', sans-serif", f"font-family: {PAGE_FONTS}")
    svg = re.sub(r"\n[ \t]+", "\n", svg)
    unsafe = [tag for tag in _TAGS.findall(svg) if _UNSAFE_TAG.search(tag)]
    unsafe += [style for style in _STYLES.findall(svg) if _UNSAFE_STYLE.search(style)]
    if unsafe:  # cannot come from matplotlib's writer, which escapes text: refuse if it does
        raise ValueError(f"a drawn chart holds {unsafe[0][:80]!r}: refused")
    return svg


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text) -> str:
    """Text from content as matplotlib should draw it: no control characters (XML has no
    place for them)."""
    return _CONTROL.sub("", str(text))


def shortened(text, width: int = 40) -> str:
    """One line of text from content, at most ``width`` characters (the table has it whole)."""
    text = " ".join(clean(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrapped(text: str, width: int = 28, lines: int = 3) -> str:
    parts = textwrap.wrap(clean(text), width) or [clean(text)]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "\n".join(parts)


def number(value: float) -> str:
    if value == int(value) and abs(value) >= 1e4:
        return f"{value:,.0f}"
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def money(value: float) -> str:
    return f"£{value:,.0f}"


def _widest(tools: _Tools, labels, size: float = FONT_SIZE) -> float:
    return max((tools.text_width(line, size) for label in labels for line in str(label).split("\n")), default=0)


def _figure(tools: _Tools, form: str, height: float, left: float, right: float, top: float, bottom: float):
    """A figure WIDTH inches wide and ``height`` tall, with one axes inside margins given in
    points: the one this process keeps for ``form``, emptied (making a figure and its axes, and
    their ticks, was half the time of drawing a chart). Each form sets everything it draws
    with on every chart, so a chart's SVG is the same bytes whatever was drawn before it
    (tests/pages/test_drawing.py draws charts in turn and each afresh)."""
    width_pt, height_pt = WIDTH * 72, height * 72
    place = (left / width_pt, bottom / height_pt, 1 - (left + right) / width_pt, 1 - (top + bottom) / height_pt)
    kept = tools.figures.get(form)
    if kept is None:
        figure = tools.Figure(figsize=(WIDTH, height))
        axes = figure.add_axes(place)
        tools.figures[form] = figure, axes
        return figure, axes
    figure, axes = kept
    for artist in [
        *axes.patches,
        *axes.lines,
        *axes.texts,
        *axes.collections,
        *axes.images,
        *figure.texts,
        *figure.artists,
        *figure.patches,
        *figure.lines,
    ]:
        artist.remove()
    axes.containers.clear()
    figure.set_size_inches(WIDTH, height)
    axes.set_position(place)
    return figure, axes


def _status_patch(status: str) -> dict:
    """Fill, hatching and edges of a status: white hatching on the Analysis Function colour;
    "no progress reported" left white with a dashed outline, as its tag is on the page, and
    "out of date" the same, dotted."""
    fill, hatch = STATUS_STYLE[status]
    blank = fill == "#ffffff"
    return dict(
        facecolor=fill,
        hatch=hatch or None,
        edgecolor=INK if blank else fill,
        hatchcolor=INK if blank else "#ffffff",
        linestyle="--" if blank else "-",
        linewidth=1,
    )


def _value_axis(axes, tools: _Tools, integer: bool, text=None) -> None:
    axes.xaxis.set_major_locator(tools.MaxNLocator(nbins=5, integer=integer, min_n_ticks=2))
    axes.xaxis.set_major_formatter(tools.FuncFormatter(lambda value, _: (text or number)(value)))
    axes.grid(True, axis="x")
    axes.grid(False, axis="y")
    axes.tick_params(axis="y", length=0)


# ---------------------------------------------------------------------------------------
# Status: one hatched, labelled bar per status
# ---------------------------------------------------------------------------------------

STATUS_ROW = 24  # points a bar


def _status_height(order: dict) -> float:
    return STATUS_ROW * len(order["bars"]) + 46


@form("status", _status_height)
def _status(order: dict, tools: _Tools):
    bars = order["bars"]  # [[status, label, count], ...], best first
    labels = [clean(label) for _, label, _ in bars]
    counts = [count for _, _, count in bars]
    left = _widest(tools, labels) + 14
    figure, axes = _figure(tools, "status", _status_height(order) / 72, left, 32, 6, 40)
    high = max(max(counts), 1) * 1.08
    offset = 4 * high / (WIDTH * 72 - left - 32)  # 5 points, in counts
    positions = list(range(len(bars)))[::-1]  # best at the top, as in the table
    for position, (status, _, count) in zip(positions, bars):
        if count:
            axes.add_artist(tools.Rectangle((0, position - 0.34), count, 0.68, **_status_patch(status)))
        axes.text(count + offset, position, str(count), va="center", ha="left", color=INK)
    axes.yaxis.set_major_locator(tools.FixedLocator(positions))
    axes.set_yticklabels(labels)
    axes.set_ylim(-0.6, len(bars) - 0.4)
    axes.set_xlim(0, high)
    _value_axis(axes, tools, integer=True)
    axes.set_xlabel(order.get("axis", "Number of actions"))
    return figure


# ---------------------------------------------------------------------------------------
# Stacked: status for each of several groups (themes, or successive reports)
# ---------------------------------------------------------------------------------------

KEY_PER_ROW = 3  # statuses in each row of a stacked chart's key


def _stacked_rows(order: dict) -> tuple[list[str], list[float], float]:
    """A stacked chart's wrapped group names, each row's height and the key's, in points."""
    names = [wrapped(name) for name, _ in order["groups"]]
    heights: list[float] = [max(24, 12 * name.count("\n") + 24) for name in names]
    top: float = 8 + 18 * math.ceil(len(order["statuses"]) / KEY_PER_ROW)
    return names, heights, top


def _stacked_height(order: dict) -> float:
    _, heights, top = _stacked_rows(order)
    return sum(heights) + top + 42


@form("stacked", _stacked_height)
def _stacked(order: dict, tools: _Tools):
    statuses = order["statuses"]  # [[status, label], ...], best first
    groups = order["groups"]  # [[name, [count for each status]], ...], in reading order
    names, heights, top = _stacked_rows(order)
    per_row = KEY_PER_ROW
    left = _widest(tools, names) + 14
    height_pt = _stacked_height(order)
    figure, axes = _figure(tools, "stacked", height_pt / 72, left, 18, top, 40)
    # Rows from the top in reading order; each as tall as its wrapped name needs.
    centres, y = [], 0.0
    for h in heights:
        centres.append(-(y + h / 2))
        y += h
    totals = [sum(counts) for _, counts in groups]
    scale_max = max(max(totals, default=0), 1)
    axes.set_xlim(0, scale_max * 1.02)
    axes.set_ylim(-y, 0)
    points_per_unit = (WIDTH * 72 - left - 18) / (scale_max * 1.02)
    for centre, h, (_, counts) in zip(centres, heights, groups):
        start, bar = 0, min(17, h - 7)
        for (status, _), count in zip(statuses, counts):
            if count:
                axes.add_artist(tools.Rectangle((start, centre - bar / 2), count, bar, **_status_patch(status)))
                label = str(count)
                width = tools.text_width(label, SMALL) + 5  # points
                if count * points_per_unit >= width + 3:  # the count on a white badge, over the hatching
                    middle = start + count / 2
                    axes.add_artist(
                        tools.Rectangle(
                            (middle - width / 2 / points_per_unit, centre - 6.5),
                            width / points_per_unit,
                            13,
                            facecolor="#ffffff",
                            edgecolor="none",
                            linewidth=0,
                        )
                    )
                    axes.text(middle, centre, label, ha="center", va="center", fontsize=SMALL, color=INK)
            start += count
    axes.yaxis.set_major_locator(tools.FixedLocator(centres))
    axes.set_yticklabels(names)
    _value_axis(axes, tools, integer=True)
    axes.set_xlabel(order.get("axis", "Number of actions"))
    # The key above the chart, in reading order (Analysis Function guidance): a swatch and a
    # name for each status, three to a row.
    width_pt = WIDTH * 72
    for index, (status, label) in enumerate(statuses):
        x, y = 6 + (index % per_row) * 150, height_pt - 6 - 18 * (index // per_row)
        figure.add_artist(
            tools.Rectangle(
                (x / width_pt, (y - 11) / height_pt),
                24 / width_pt,
                11 / height_pt,
                transform=figure.transFigure,
                **_status_patch(status),
            )
        )
        figure.text(
            (x + 30) / width_pt, (y - 5.5) / height_pt, clean(label), va="center", ha="left", fontsize=SMALL, color=INK
        )
    return figure


# ---------------------------------------------------------------------------------------
# Lines: a measure over time, each breakdown labelled at its end, baseline and target marked
# ---------------------------------------------------------------------------------------


@form("lines", lambda order: LINES_HEIGHT * 72)
def _lines(order: dict, tools: _Tools):
    periods = [shortened(period, 16) for period in order["periods"]]
    series = order["series"]  # [[label, [value or None for each period]], ...]
    references = order.get("references", [])  # [[label, value, style], ...]: baseline, target
    labels = [shortened(label) for label, _ in series if label]
    right = (
        max(
            _widest(tools, labels) if labels else 0,
            _widest(tools, [shortened(label) for label, _, _ in references], SMALL),
        )
        + 12
    )
    values = [v for _, points in series for v in points if v is not None] + [value for _, value, _ in references]
    ticks_text = [number(v) for v in values]
    left = _widest(tools, ticks_text + ["0000"]) + 32
    figure, axes = _figure(tools, "lines", LINES_HEIGHT, left, right, 10, 40)
    xs = list(range(len(periods)))
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1
    axes.set_ylim(low - span * 0.08, high + span * 0.12)
    axes.set_xlim(-0.3, max(len(periods) - 1, 0) + 0.3)
    ends = []  # [x, y, label, colour, font size]: the names in the right margin
    for index, (label, points) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        present = [(x, v) for x, v in zip(xs, points) if v is not None]
        axes.plot(
            [x for x, _ in present],
            [v for _, v in present],
            color=colour,
            linewidth=2.2,
            linestyle=SERIES_DASHES[index % len(SERIES_DASHES)],
            marker=SERIES_MARKERS[index % len(SERIES_MARKERS)],
            markersize=6,
            markeredgecolor="#ffffff",
            markeredgewidth=0.8,
            clip_on=False,
        )
        if label and present:
            ends.append([present[-1][0], present[-1][1], shortened(label), INK, FONT_SIZE])
    # Baseline and target: grey lines across the chart, each named with its value (and date).
    for label, value, style in references:
        axes.axhline(value, color=REFERENCE_COLOUR, linewidth=1.4, linestyle=style, zorder=1.5)
        ends.append([xs[-1], value, shortened(label), REFERENCE_COLOUR, SMALL])
    # Each name at the right, level with where its line ends, moved apart where they would meet.
    bottom, top = axes.get_ylim()
    per_point = (top - bottom) / (LINES_HEIGHT * 72 - 10 - 40)
    for x, y, label, colour, size in _spread(ends, 12 * per_point):
        axes.annotate(
            label,
            (x, y),
            xytext=(7, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            color=colour,
            fontsize=size,
            annotation_clip=False,
        )
    # Every period named where the names fit, up to six, else every other (or third…), the
    # latest always: the table names them all.
    plot_width = WIDTH * 72 - left - right
    spacing = plot_width / max(len(periods) - 0.4, 1)
    widest = _widest(tools, periods) + 8
    every = max(1, math.ceil(widest / spacing), math.ceil(len(periods) / 6))
    shown = [x for x in xs if (len(xs) - 1 - x) % every == 0]
    axes.xaxis.set_major_locator(tools.FixedLocator(shown))
    axes.set_xticklabels([periods[x] for x in shown])
    axes.yaxis.set_major_locator(tools.MaxNLocator(nbins=5))
    axes.yaxis.set_major_formatter(tools.FuncFormatter(lambda value, _: number(round(value, 10))))
    axes.tick_params(axis="y", length=0)
    axes.set_ylabel(shortened(order.get("unit") or "Value", 30))
    return figure


def _spread(ends: list, gap: float) -> list:
    """Labels [x, y, …] moved up or down as little as keeps them ``gap`` apart."""
    if len(ends) < 2:
        return ends
    ends = sorted(ends, key=lambda end: end[1])
    wanted = [end[1] for end in ends]
    ys = list(wanted)
    for _ in range(len(ys)):  # push apart, then centre each cluster on what it wanted
        moved = False
        for i in range(1, len(ys)):
            if ys[i] - ys[i - 1] < gap:
                middle = (ys[i] + ys[i - 1]) / 2
                ys[i - 1], ys[i] = middle - gap / 2, middle + gap / 2
                moved = True
        if not moved:
            break
    for i in range(1, len(ys)):  # whatever overlap is left, from the bottom up
        ys[i] = max(ys[i], ys[i - 1] + gap)
    return [[end[0], y, *end[2:]] for end, y in zip(ends, ys)]


# ---------------------------------------------------------------------------------------
# Columns: an amount for each of several years (a budget)
# ---------------------------------------------------------------------------------------

COLUMNS_HEIGHT = 3.2  # inches: a budget's chart


@form("columns", lambda order: COLUMNS_HEIGHT * 72)
def _columns(order: dict, tools: _Tools):
    columns = order["columns"]  # [[label, amount], ...]
    text = money if order.get("money") else number
    labels = [shortened(label, 16) for label, _ in columns]
    amounts = [amount for _, amount in columns]
    high = max(max(amounts), 1)
    left = _widest(tools, [text(high * 1.2)]) + 20
    figure, axes = _figure(tools, "columns", COLUMNS_HEIGHT, left, 12, 18, 40)
    xs = list(range(len(columns)))
    for x, amount in zip(xs, amounts):
        axes.add_artist(tools.Rectangle((x - 0.3, 0), 0.6, amount, facecolor=AF_DARK_BLUE, edgecolor=AF_DARK_BLUE))
    for x, amount in zip(xs, amounts):
        axes.annotate(
            text(amount), (x, amount), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom", color=INK
        )
    axes.set_ylim(0, high * 1.15)
    axes.set_xlim(-0.6, len(columns) - 0.4)
    axes.xaxis.set_major_locator(tools.FixedLocator(xs))
    axes.set_xticklabels(labels)
    axes.yaxis.set_major_locator(tools.MaxNLocator(nbins=5))
    axes.yaxis.set_major_formatter(tools.FuncFormatter(lambda value, _: text(value)))
    axes.tick_params(axis="y", length=0)
    axes.set_xlabel(clean(order.get("axis", "")))
    return figure
