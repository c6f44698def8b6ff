"""A measure's CSV file: every bad row is reported at the line an officer sees it on."""
from __future__ import annotations

import pytest

from strategies.content.measure_data import read_series
from strategies.content.problems import Problems


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
