"""Charts are drawn by matplotlib in the Analysis Function style: SVG with real text, the same
bytes from every clean build, no script and no outside reference, text from content drawn as
text, and each chart drawn once and then taken from the cache (pages/drawing.py,
pages/drawn_charts.py)."""

from __future__ import annotations

import random
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from strategies.mkdocs_adapter.publish import build_site
from strategies.pages import charts, drawing, drawn_charts

from hostile import TEXT
from support import ROOT, builds_a_site

SVG = "{http://www.w3.org/2000/svg}"
AF_PALETTE = {
    colour.lower()
    for colour in (
        drawing.AF_DARK_BLUE,
        drawing.AF_TURQUOISE,
        drawing.AF_DARK_PINK,
        drawing.AF_ORANGE,
        drawing.AF_DARK_GREY,
        drawing.AF_LIGHT_PURPLE,
    )
}
CACHE = (".cache", "strategies", "charts")


def chart_svgs(site) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.svg")) if p.parent.name == "charts"
    }


def texts_of(svg: bytes | str) -> list[str]:
    root = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def check_matplotlib_svg(where: str, svg: bytes) -> None:
    """Drawn by matplotlib (its figure and axes groups), with real text in the page's fonts,
    the Analysis Function palette, nothing that runs or loads, no date and no RDF."""
    text = svg.decode("utf-8")
    root = ET.fromstring(svg)  # well-formed
    groups = {g.get("id") for g in root.iter(f"{SVG}g")}
    assert {"figure_1", "axes_1"} <= groups, where
    assert any(t.strip() for t in texts_of(svg)), f"{where}: no text"
    assert "DejaVuSans-" not in text, f"{where}: text drawn as glyph outlines"
    assert f"font-family: {drawing.PAGE_FONTS}" in text, where
    assert set(re.findall(r"#[0-9a-f]{6}", text)) & AF_PALETTE, f"{where}: not in the Analysis Function palette"
    for tag in re.findall(r"<[^>]*>", text):
        assert not re.search(r"<\s*/?\s*(script|foreignObject|image|iframe|a)\b|\son\w+\s*=", tag, re.I), (
            f"{where}: {tag}"
        )
        for reference in re.findall(r"(?:href|src)\s*=\s*\"([^\"]*)\"|url\(([^)]*)\)", tag):
            assert "".join(reference).startswith("#"), f"{where}: {tag}"
    assert "<!DOCTYPE" not in text and "<metadata" not in text and "rdf:" not in text.lower(), where
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\dT", text), f"{where}: a date in its metadata"


def test_every_chart_in_the_shipped_site_is_drawn_by_matplotlib(built_site):
    svgs = chart_svgs(built_site)
    assert len(svgs) >= 8
    for where, svg in svgs.items():
        check_matplotlib_svg(where, svg)


def test_every_chart_in_the_hostile_sites_is_safe(hostile_site, model_hostile_site):
    for site in (hostile_site, model_hostile_site):
        for where, svg in chart_svgs(site).items():
            check_matplotlib_svg(where, svg)


@pytest.mark.parametrize("label", [TEXT, "$5 to $10", r"$\alpha$ costs {{ 7*7 }} {% raw %}", "Ward <b>&amp;</b>\x07 A"])
def test_text_from_content_is_drawn_as_text(label):
    """Text is never read as maths ("$5 to $10" stays as written), never becomes markup, and
    is drawn whole where it fits (a long label is shortened: the table has it whole)."""
    expected = drawing.shortened(label)
    lines = {
        "form": "lines",
        "unit": label,
        "periods": ["2023", label],
        "references": [[f"Target {label}", 2, ":"]],
        "series": [[label, [1, 2]], ["Other", [2, 3]]],
    }
    stacked = {
        "form": "stacked",
        "statuses": [["complete", "Complete"], ["on-track", "On track"]],
        "groups": [[label, [3, 4]], ["Other", [1, 2]]],
    }
    columns = {"form": "columns", "money": True, "columns": [[label, 1000], ["2025/26", 2000]]}
    svg = drawing.draw(lines)
    check_matplotlib_svg("lines", svg.encode())
    assert expected in texts_of(svg)
    assert drawing.shortened(label, 16) in texts_of(svg)  # the period
    for order in (stacked, columns):
        svg = drawing.draw(order)
        check_matplotlib_svg(order["form"], svg.encode())
        shown = " ".join(texts_of(svg))
        assert drawing.clean(label).split()[0][:10] in shown


def _orders() -> list[dict]:
    counts = {"complete": 12, "on-track": 30, "at-risk": 4, "off-track": 2, "not-started": 1, "not-yet-reported": 9}
    return [
        charts.status_chart("status", "A strategy", counts).order,
        charts.stacked_status_chart(
            "group", "By theme", [("Theme one", counts), ("Theme two", {"complete": 3})], "", "Theme"
        ).order,
        {
            "form": "lines",
            "unit": "years",
            "periods": [str(year) for year in range(2014, 2024)],
            "series": [
                ["Most deprived", [50 + i * 0.3 for i in range(10)]],
                ["Least deprived", [59 + i * 0.1 for i in range(10)]],
            ],
            "references": [["Baseline 50 in 2014", 50, "--"], ["Target 55 by 2030", 55, ":"]],
        },
        {"form": "lines", "unit": "", "periods": ["2022", "2023"], "series": [["", [1, None]]], "references": []},
        {"form": "columns", "money": True, "columns": [["2023/24", 450000], ["2024/25", 1200000], ["2025/26", 80000]]},
    ]


@pytest.mark.slow
def test_a_chart_is_the_same_bytes_whatever_was_drawn_before_it():
    """Each form keeps its figure and empties it for the next chart (drawing._figure): a chart
    drawn after others is byte for byte the chart drawn first in a fresh process."""
    orders = _orders()
    drawing._TOOLS = None
    fresh = []
    for order in orders:
        drawing._TOOLS = None  # a process that has drawn nothing
        fresh.append(drawing.draw(order))
    sequence = list(range(len(orders))) * 3
    random.Random(17).shuffle(sequence)
    for index in sequence:
        assert drawing.draw(orders[index]) == fresh[index], orders[index]["form"]


def test_each_chart_image_is_given_the_size_its_svg_has():
    """The page sizes a chart's image before the chart is drawn (no layout shift as it loads):
    the size found from its order is the drawn SVG's, for every form."""
    for order in _orders():
        svg = drawing.draw(order)
        width, height = (float(ET.fromstring(svg).get(side).removesuffix("pt")) for side in ("width", "height"))
        assert drawing.size(order) == (round(width * 4 / 3), round(height * 4 / 3)), order["form"]


@pytest.fixture(scope="module")
@builds_a_site
def two_clean_builds(tmp_path_factory):
    """The shipped project built twice, each in its own folder with an empty chart cache."""
    projects = []
    for number in range(2):
        project = tmp_path_factory.mktemp(f"clean-{number}")
        for name in ("content", "docs", "macros"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        assert build_site(project / "mkdocs.yml", strict=True, site_dir=project / "site") == 0
        projects.append(project)
    return projects


def test_two_clean_builds_draw_the_same_bytes(two_clean_builds):
    first, second = (chart_svgs(project / "site") for project in two_clean_builds)
    assert len(first) >= 8 and first == second
    for project in two_clean_builds:  # each drew its own, into its own cache
        cached = {path.read_bytes() for path in project.joinpath(*CACHE).glob("*.svg")}
        assert cached == set(chart_svgs(project / "site").values())
        assert (project.joinpath(*CACHE) / ".gitignore").read_text().strip().endswith("*")


def test_a_second_build_draws_no_chart(two_clean_builds, monkeypatch):
    project = two_clean_builds[0]
    cache = project.joinpath(*CACHE)
    before = {path.name: path.stat().st_mtime_ns for path in cache.glob("*.svg")}

    def refuse(order):
        raise AssertionError(f"a {order['form']} chart was drawn again")

    monkeypatch.setattr(drawing, "draw", refuse)
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=project / "again") == 0
    assert chart_svgs(project / "again") == chart_svgs(project / "site")
    assert {path.name: path.stat().st_mtime_ns for path in cache.glob("*.svg")} == before


def test_the_cache_is_keyed_by_the_chart_and_its_style(tmp_path, monkeypatch):
    chart = charts.status_chart("status", "A strategy", {"complete": 12, "on-track": 10})
    words = charts.status_chart("report-1", "A report", {"complete": 1}, draw=False)
    files = {
        "strategies/a/charts/status.svg": str(chart.figure),
        "strategies/a/charts/status.csv": chart.csv(),
        "strategies/a/charts/report-1.svg": str(words.figure),
        "strategies/a/data/items.json": "[]",
    }
    drawer = drawn_charts.ChartDrawer(tmp_path)
    first = drawer.publish(files)
    assert (drawer.charts, drawer.drawn, drawer.from_cache) == (1, 1, 0)
    assert set(first) == set(files) - {"strategies/a/charts/report-1.svg"}  # words and a table: no SVG
    assert first["strategies/a/charts/status.csv"] == chart.csv() and first["strategies/a/data/items.json"] == "[]"
    check_matplotlib_svg("status", first["strategies/a/charts/status.svg"].encode())

    again = drawn_charts.ChartDrawer(tmp_path)  # a later build
    assert again.publish(files) == first and (again.drawn, again.from_cache) == (0, 1)

    changed = charts.status_chart("status", "A strategy", {"complete": 13, "on-track": 9})
    assert again.publish({**files, "strategies/a/charts/status.svg": str(changed.figure)}) != first
    assert (again.drawn, again.from_cache) == (1, 0)

    restyled = drawn_charts.ChartDrawer(tmp_path)
    restyled.style = "another style, or another matplotlib or afcharts"
    restyled.publish(files)
    assert restyled.drawn == 1


def test_without_a_cache_every_chart_is_drawn_and_nothing_is_kept(tmp_path):
    chart = charts.status_chart("status", "A strategy", {"complete": 30})
    drawer = drawn_charts.ChartDrawer(None)
    files = {"x/charts/status.svg": str(chart.figure), "y/charts/status.svg": str(chart.figure)}
    out = drawer.publish(files)
    assert out["x/charts/status.svg"] == out["y/charts/status.svg"]
    assert (drawer.charts, drawer.drawn) == (2, 1)  # the same chart twice: drawn once


def test_a_serve_session_keeps_the_very_same_svg_text(tmp_path):
    """`serve` keeps a file whose text is the same object as last time: an unchanged chart
    must not look changed after each save."""
    chart = charts.status_chart("status", "A strategy", {"complete": 30})
    drawer = drawn_charts.ChartDrawer(tmp_path, remember=True)
    files = {"x/charts/status.svg": str(chart.figure)}
    first = drawer.publish(files)["x/charts/status.svg"]
    assert drawer.publish({"x/charts/status.svg": str(chart.figure)})["x/charts/status.svg"] is first
