"""A measure's CSV file: every bad row is reported at the line an officer sees it on."""

from __future__ import annotations

import pytest

from strategies.content.measure_data import read_series
from strategies.content.problems import Location, Problems


def _read(tmp_path, content: bytes | str):
    path = tmp_path / "data.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    problems = Problems()
    observations = read_series(path, "content/s/data.csv", problems)
    return [(o.period, o.value, o.breakdown, o.note) for o in observations], [
        (p.location.line, p.message) for p in problems
    ]


def test_lines_count_blank_lines_and_notes_that_span_lines(tmp_path):
    found, problems = _read(tmp_path, 'period,value,note\n\n2019,61.2,"first line\nsecond line"\n\n2020,abc,\n')
    assert found == [("2019", 61.2, None, "first line\nsecond line")]
    [(line, message)] = problems
    assert line == 6 and "'abc' for 2020 is not a number" in message


def test_a_row_whose_quotes_span_lines_is_read_whole_however_many_values_it_has(tmp_path):
    found, problems = _read(tmp_path, 'period,value,note\n2019,"1\n",a\n2020,"2\n",b,c,d,e\n2021,3,"x\ny"\n')
    assert found == [("2019", 1.0, None, "a"), ("2021", 3.0, None, "x\ny")]
    assert problems == [
        (4, "this row has 6 values but the header names 3 columns: put text containing commas in quotes.")
    ]


def test_a_row_with_too_many_values_is_reported_and_the_others_kept(tmp_path):
    found, problems = _read(tmp_path, "period,value\n2019,1,5\n2020,2\n2021,3,4\n")
    assert found == [("2020", 2.0, None, None)]
    assert [line for line, _ in problems] == [2, 4]
    assert all("put text containing commas in quotes" in message for _, message in problems)


def test_quoted_values_with_commas_spaces_and_a_byte_order_mark(tmp_path):
    found, problems = _read(tmp_path, '\ufeffperiod, value, breakdown\n2019/20, "1,204", "North, east"\n')
    assert problems == []
    assert found == [("2019/20", 1204.0, "North, east", None)]


@pytest.mark.parametrize(
    "content, line, text",
    [
        ("", 1, "this file is empty"),
        ("\n\n", 1, "this file is empty"),
        ("period,value,value\n2019,1,2\n", 1, "it names value twice"),
        ("period,amount\n2019,1\n", 1, "it lacks value"),
        (b"period,value\n2019,1\n2020,caf\xe9\n", 3, "not UTF-8"),
        ("period,value\n2019,1\n2019,2\n", 3, "already has a value at line 2"),
    ],
)
def test_file_level_problems_say_where_and_what_to_do(tmp_path, content, line, text):
    _, problems = _read(tmp_path, content)
    assert [(where, text in message) for where, message in problems] == [(line, True)], problems


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999"])
def test_a_value_that_is_not_a_finite_number_is_refused(tmp_path, value):
    """Such values once passed validate and then stopped the build while charting."""
    found, problems = _read(tmp_path, f"period,value\n2019,1\n2020,{value}\n")
    assert found == [("2019", 1.0, None, None)]
    assert problems == [
        (
            3,
            f"the value '{value}' for 2020 is not a finite number: write the value as a plain "
            "number, like 72.4, or leave the row out when there is no figure.",
        )
    ]


def test_a_value_too_large_to_chart_is_refused(tmp_path):
    found, problems = _read(tmp_path, "period,value\n2019,-1e308\n2020,1e308\n2021,999999999999999\n")
    assert found == [("2021", 999999999999999.0, None, None)]
    assert [line for line, _ in problems] == [2, 3]
    assert all("is too large to chart" in message for _, message in problems)


@pytest.mark.parametrize(
    "period", ["2016-02-45", "2016-02-30", "2015-02-29", "2016-02-00", "2016-04-31", "\u0662\u0660\u0661\u0669"]
)
def test_a_day_that_is_not_in_the_calendar_is_not_a_period(tmp_path, period):
    found, problems = _read(tmp_path, f"period,value\n2016-02-29,1\n{period},2\n")
    assert found == [("2016-02-29", 1.0, None, None)]
    assert problems == [
        (
            3,
            f"'{period}' is not a period: write a year (2021), a financial year (2021/22), "
            "a month (2021-07) or a day of the calendar (2021-07-31).",
        )
    ]


def test_a_folder_named_as_the_data_file_is_reported_at_the_data_line(tmp_path):
    (tmp_path / "data.csv").mkdir()
    problems = Problems()
    data_line = Location("content/s/strategy.yaml", 40, 11)
    assert read_series(tmp_path / "data.csv", "content/s/data.csv", problems, data_line) == []
    assert [str(p) for p in problems] == [
        "content/s/strategy.yaml:40:11: data.csv is not a file (it is a folder or a device): write the path "
        "of the measure's CSV file, e.g. data/measure.csv."
    ]


def test_a_missing_or_oversized_data_file_is_reported_at_the_data_line(tmp_path, monkeypatch):
    from strategies.content import measure_data

    problems = Problems()
    data_line = Location("content/s/strategy.yaml", 40, 11)
    read_series(tmp_path / "gone.csv", "content/s/gone.csv", problems, data_line)
    (tmp_path / "big.csv").write_text("period,value\n" + "2019,1\n" * 20, encoding="utf-8")
    monkeypatch.setattr(measure_data, "MAX_BYTES", 100)
    assert read_series(tmp_path / "big.csv", "content/s/big.csv", problems, data_line) == []
    gone, big = [str(p) for p in problems.items]
    assert gone == (
        "content/s/strategy.yaml:40:11: the data file gone.csv does not exist: add it, or correct the 'data:' path."
    )
    assert big.startswith("content/s/strategy.yaml:40:11: the data file big.csv is 0.0 MB, more than the")
    assert big.endswith("a data file may be: summarise the data, or split it.")


# --- workbooks: .xlsx and .ods, read through pandas ------------------------------------------


def _xlsx(path, sheets: dict[str, list[list]]):
    """A workbook as Excel saves it (openpyxl): each sheet's rows from A1."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _ods(path, sheets: dict[str, list[list]]):
    """A workbook as LibreOffice saves it (pandas' odf writer, the reader's own library)."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            width = max(len(row) for row in rows)
            pd.DataFrame([row + [None] * (width - len(row)) for row in rows], dtype=object).to_excel(
                writer, sheet_name=name, index=False, header=False
            )
    return path


def _read_book(path, sheet=None):
    problems = Problems()
    found = read_series(
        path,
        f"content/s/data/{path.name}",
        problems,
        Location("content/s/strategy.yaml", 40, 11),
        sheet,
        Location("content/s/strategy.yaml", 41, 12) if sheet else None,
    )
    return [(o.period, o.value, o.breakdown, o.note) for o in found], [str(p) for p in problems]


@pytest.mark.parametrize("make", [_xlsx, _ods], ids=["xlsx", "ods"])
def test_a_workbook_sheet_is_read_and_every_bad_cell_named_as_the_spreadsheet_names_it(tmp_path, make):
    import datetime

    rows = [
        ["Claimant rate, as sent by the analysts"],  # a title above the table: not the header
        [],
        ["Period", "Value", "Breakdown", "Note"],
        [2019, 4.5, None, "Before the pandemic"],
        ["2020/21", "n/a", None, None],
        ["2021-07", None, "North ward", None],  # an empty value: no figure for that period
        [datetime.datetime(2022, 3, 31), "1,204", None, None],
        ["2023-02-30", 5, None, None],
        [2024, 5.5, None, None, "stray"],
        [2019, 4.75, None, None],
    ]
    path = make(tmp_path / ("claimant-rate" + (".xlsx" if make is _xlsx else ".ods")), {"Data": rows})
    found, problems = _read_book(path)
    assert found == [("2019", 4.5, None, "Before the pandemic"), ("2022-03-31", 1204.0, None, None)]
    name = f'content/s/data/{path.name}, sheet "Data"'
    assert problems == [  # every problem in one run, from the top of the sheet
        f"{name}, cell B5: 'n/a' is not a number. Leave the cell empty for a missing value.",
        f"{name}, cell A8: '2023-02-30' is not a period: write a year (2021), a financial year (2021/22), a month "
        "(2021-07) or a day of the calendar (2021-07-31).",
        f"{name}, cell E9: this cell is outside the table: the header row names 4 columns. Give the column a header "
        "(breakdown or note), or empty the cell.",
        f"{name}, cell A10: 2019 already has a value at row 4: keep one.",
    ]


def test_cell_problems_are_listed_in_row_order_not_text_order(tmp_path):
    rows = [["period", "value"], *[[2000 + n, 1] for n in range(9)], [2009, "x"], [2010, "y"]]  # rows 11, 12
    rows[8][1] = "z"  # row 9
    path = _xlsx(tmp_path / "rate.xlsx", {"Data": rows})
    problems = Problems()
    read_series(path, "content/s/data/rate.xlsx", problems)
    assert [str(p.location).rsplit(" ", 1)[1] for p in problems] == ["B9", "B11", "B12"]


def test_the_sheet_is_named_when_a_workbook_has_several(tmp_path):
    sheets = {"Cover": [["period", "value"], [2019, 99]], "Data": [["period", "value"], [2019, 1]]}
    path = _xlsx(tmp_path / "rate.xlsx", sheets)
    assert _read_book(path, "Data")[0] == [("2019", 1.0, None, None)]
    assert _read_book(path)[1] == [
        'content/s/strategy.yaml:40:11: rate.xlsx has 2 sheets ("Cover", "Data"): name the one that holds the table '
        "with 'sheet', e.g. sheet: Cover."
    ]
    assert _read_book(path, "Dta")[1] == [
        "content/s/strategy.yaml:41:12: rate.xlsx has no sheet named \"Dta\". Did you mean 'Data'? Its sheets: "
        '"Cover", "Data".'
    ]
    (tmp_path / "rate.csv").write_text("period,value\n2019,1\n", encoding="utf-8")
    found, problems = _read_book(tmp_path / "rate.csv", "Data")
    assert found == [("2019", 1.0, None, None)]
    assert problems == [
        "content/s/strategy.yaml:41:12: rate.csv is a CSV file, which has no sheets: remove 'sheet:', "
        "or point 'data:' at the workbook (.xlsx or .ods)."
    ]


def test_a_damaged_or_oversized_workbook_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    from strategies.content import measure_data

    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    (tmp_path / "text.ods").write_text("period,value\n2019,1\n", encoding="utf-8")
    for name in ("broken.xlsx", "text.ods"):
        found, [problem] = _read_book(tmp_path / name)
        assert found == [] and problem.startswith(f"content/s/data/{name}: this file cannot be read as ")
        assert problem.endswith(
            "open it in a spreadsheet and save it again in that format, or save the sheet as CSV UTF-8."
        )
    path = _xlsx(tmp_path / "big.xlsx", {"Data": [["period", "value"], *[[2000 + n % 20, n] for n in range(2000)]]})
    monkeypatch.setattr(measure_data, "MAX_UNPACKED_BYTES", 20_000)  # what the workbook unpacks to is bounded too
    assert _read_book(path) == (
        [],
        [
            "content/s/data/big.xlsx: this workbook unpacks to more than 0 MB: keep the "
            "table in a workbook of its own, or save it as CSV."
        ],
    )
    monkeypatch.setattr(measure_data, "MAX_BYTES", 100)
    assert _read_book(path)[1][0].startswith("content/s/strategy.yaml:40:11: the data file big.xlsx is ")


def test_a_site_with_a_workbook_measure_loads_its_values_and_every_problem(tmp_path):
    from strategies.content.loader import load_site

    from support import make_project

    project = make_project(tmp_path)
    strategy = project / "content" / "example-strategy" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    assert "measures:" not in text
    _ods(
        project / "content" / "example-strategy" / "rate.ods",
        {"Notes": [["About"]], "Figures": [["period", "value"], ["2019/20", 12.5], ["2020/21", "twelve"]]},
    )
    strategy.write_text(
        text + "measures:\n  - id: rate\n    name: A rate\n    data: rate.ods\n    sheet: Figures\n"
        "  - id: other\n    name: Another\n    data: rate.xls\n",
        encoding="utf-8",
    )
    site, problems = load_site(project / "content", project)
    assert site.strategies["example-strategy"].series["rate"][0].value == 12.5
    messages = [str(p) for p in problems]
    assert (
        "content/example-strategy/rate.ods, sheet \"Figures\", cell B3: 'twelve' is not a number. Leave the cell "
        "empty for a missing value." in messages
    )
    assert any("'rate.xls' is not the path of a data file" in m for m in messages), messages


def test_pandas_is_imported_only_when_a_table_is_read(tmp_path):
    """`strategies validate` on content without data files never pays for importing pandas."""
    import subprocess
    import sys

    from support import ROOT, make_project

    project = make_project(tmp_path)
    code = (
        "import sys; from pathlib import Path; from strategies.content.loader import load_site; "
        f"load_site(Path({str(project / 'content')!r}), Path({str(project)!r})); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
