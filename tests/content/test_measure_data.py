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
    return [(o.period, o.value, o.breakdown, o.note) for o in observations], \
        [(p.location.line, p.message) for p in problems]


def test_lines_count_blank_lines_and_notes_that_span_lines(tmp_path):
    found, problems = _read(tmp_path, 'period,value,note\n\n2019,61.2,"first line\nsecond line"\n\n2020,abc,\n')
    assert found == [("2019", 61.2, None, "first line\nsecond line")]
    [(line, message)] = problems
    assert line == 6 and "'abc' for 2020 is not a number" in message


def test_a_row_with_too_many_values_is_reported_and_the_others_kept(tmp_path):
    found, problems = _read(tmp_path, "period,value\n2019,1,5\n2020,2\n2021,3,4\n")
    assert found == [("2020", 2.0, None, None)]
    assert [line for line, _ in problems] == [2, 4]
    assert all("put text containing commas in quotes" in message for _, message in problems)


def test_quoted_values_with_commas_spaces_and_a_byte_order_mark(tmp_path):
    found, problems = _read(tmp_path, '\ufeffperiod, value, breakdown\n2019/20, "1,204", "North, east"\n')
    assert problems == []
    assert found == [("2019/20", 1204.0, "North, east", None)]


@pytest.mark.parametrize("content, line, text", [
    ("", 1, "this file is empty"),
    ("\n\n", 1, "this file is empty"),
    ("period,value,value\n2019,1,2\n", 1, "it names value twice"),
    ("period,amount\n2019,1\n", 1, "it lacks value"),
    (b"period,value\n2019,1\n2020,caf\xe9\n", 3, "not UTF-8"),
    ("period,value\n2019,1\n2019,2\n", 3, "already has a value at line 2"),
])
def test_file_level_problems_say_where_and_what_to_do(tmp_path, content, line, text):
    _, problems = _read(tmp_path, content)
    assert [(where, text in message) for where, message in problems] == [(line, True)], problems


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999"])
def test_a_value_that_is_not_a_finite_number_is_refused(tmp_path, value):
    """Such values once passed validate and then stopped the build while charting."""
    found, problems = _read(tmp_path, f"period,value\n2019,1\n2020,{value}\n")
    assert found == [("2019", 1.0, None, None)]
    assert problems == [(3, f"the value '{value}' for 2020 is not a finite number: write the value as a plain "
                            "number, like 72.4, or leave the row out when there is no figure.")]


def test_a_value_too_large_to_chart_is_refused(tmp_path):
    found, problems = _read(tmp_path, "period,value\n2019,-1e308\n2020,1e308\n2021,999999999999999\n")
    assert found == [("2021", 999999999999999.0, None, None)]
    assert [line for line, _ in problems] == [2, 3]
    assert all("is too large to chart" in message for _, message in problems)


@pytest.mark.parametrize("period", ["2016-02-45", "2016-02-30", "2015-02-29", "2016-02-00", "2016-04-31",
                                    "\u0662\u0660\u0661\u0669"])
def test_a_day_that_is_not_in_the_calendar_is_not_a_period(tmp_path, period):
    found, problems = _read(tmp_path, f"period,value\n2016-02-29,1\n{period},2\n")
    assert found == [("2016-02-29", 1.0, None, None)]
    assert problems == [(3, f"'{period}' is not a period: write a year (2021), a financial year (2021/22), "
                            "a month (2021-07) or a day of the calendar (2021-07-31).")]


def test_a_folder_named_as_the_data_file_is_reported_at_the_data_line(tmp_path):
    (tmp_path / "data.csv").mkdir()
    problems = Problems()
    data_line = Location("content/s/strategy.yaml", 40, 11)
    assert read_series(tmp_path / "data.csv", "content/s/data.csv", problems, data_line) == []
    assert [str(p) for p in problems] == [
        "content/s/strategy.yaml:40:11: data.csv is not a file (it is a folder or a device): write the path "
        "of the measure's CSV file, e.g. data/measure.csv."]


def test_a_missing_or_oversized_data_file_is_reported_at_the_data_line(tmp_path, monkeypatch):
    from strategies.content import measure_data

    problems = Problems()
    data_line = Location("content/s/strategy.yaml", 40, 11)
    read_series(tmp_path / "gone.csv", "content/s/gone.csv", problems, data_line)
    (tmp_path / "big.csv").write_text("period,value\n" + "2019,1\n" * 20, encoding="utf-8")
    monkeypatch.setattr(measure_data, "MAX_BYTES", 100)
    assert read_series(tmp_path / "big.csv", "content/s/big.csv", problems, data_line) == []
    gone, big = [str(p) for p in problems.items]
    assert gone == ("content/s/strategy.yaml:40:11: the data file gone.csv does not exist: add it, or correct "
                    "the 'data:' path.")
    assert big.startswith("content/s/strategy.yaml:40:11: the data file big.csv is 0.0 MB, more than the")
    assert big.endswith("a data file may be: summarise the data, or split it.")
