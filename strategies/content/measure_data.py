"""Read a measure's CSV time series (columns: period, value, optional breakdown and note).

Python's csv module reads the file (pandas took a second to import, and 2 ms a file, for
what is a few dozen rows); every row is then checked so that a bad row is reported as
``file:line`` with what is wrong, alongside every other problem in the same run.
"""
from __future__ import annotations

import calendar
import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Location, Problems

COLUMNS = ("period", "value", "breakdown", "note")
_YEAR = re.compile(r"([0-9]{4})")
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
# Larger values are a slip (or 1e999): charts cannot scale between such numbers, and no
# public-sector measure comes near (a thousand trillion).
MAX_VALUE = 1e15


@dataclass(frozen=True)
class Observation:
    """One value of a measure: for a period, and optionally one group (ward, age band…)."""

    period: str
    sort_key: tuple
    value: float
    breakdown: str | None = None
    note: str | None = None


def parse_period(text: str) -> tuple | None:
    """A sort key for 2019, 2019/20 (April 2019 to March 2020), 2019-07 or 2019-07-31; None if none."""
    if match := _YEAR.fullmatch(text):
        return (int(match.group(1)), 0, 0)
    if (match := _FINANCIAL_YEAR.fullmatch(text)) and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        return (int(match.group(1)), 4, 0)
    if (match := _MONTH.fullmatch(text)) and 1 <= int(match.group(2)) <= 12:
        year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
        if day is not None and not 1 <= int(day) <= calendar.monthrange(year, month)[1]:
            return None  # 2016-02-30 is no day of the calendar
        return (year, month, int(day or 0))
    return None


def _records(path: Path, name: str, problems: Problems) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header and the rows of a CSV file, each row with the line it starts on; None,
    with the problem added, if the file cannot be read as CSV."""
    data = path.read_bytes()  # read_series checked that it is a file, and its size
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(Location(name, data[:error.start].count(b"\n") + 1, 1),
                     "this file is not UTF-8 text: save it as 'CSV UTF-8'.")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    header, rows, line = None, [], 1
    try:
        for row in reader:
            if any(field.strip() for field in row) or len(row) > 1:  # blank lines are skipped
                if header is None:
                    header = row
                else:
                    rows.append((line, row))
                    if len(rows) > MAX_ROWS:
                        break
            line = reader.line_num + 1
    except csv.Error as error:
        problems.add(Location(name, line, 1), f"this file cannot be read as CSV ({error}). Check its quotes.")
        return None
    if header is None:
        problems.add(Location(name, 1, 1),
                     "this file is empty: it needs a header row 'period,value' and one row per value.")
        return None
    return header, rows


def _unreadable(path: Path, error: OSError) -> str:
    return (f"the data file {path.name} could not be read ({error.strerror}): check that it is an "
            "ordinary file you can open.")


def _readable(path: Path, at: Location, problems: Problems) -> bool:
    """True if ``path`` is a file of a size to read; else its problem is added at ``at``."""
    try:
        if not path.exists():
            problems.add(at, f"the data file {path.name} does not exist: add it, or correct the 'data:' path.")
        elif not path.is_file():
            problems.add(at, f"{path.name} is not a file (it is a folder or a device): write the path of "
                         "the measure's CSV file, e.g. data/measure.csv.")
        elif (size := path.stat().st_size) > MAX_BYTES:
            problems.add(at, f"the data file {path.name} is {size / 1024 / 1024:.1f} MB, more than the "
                         f"{MAX_BYTES // 1024 // 1024} MB a data file may be: summarise the data, or split it.")
        else:
            return True
    except OSError as error:
        problems.add(at, _unreadable(path, error))
    return False


def _number(raw: str, period: str) -> float | str:
    """The value in a cell, or what is wrong with it (a message)."""
    text = raw.strip().replace(",", "")
    if not text:
        return f"the value for {period} is empty: leave the row out when there is no figure."
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        return f"the value '{raw}' for {period} is not a number: write it like 72.4."
    if not math.isfinite(value):
        return (f"the value '{raw}' for {period} is not a finite number: write the value as a plain number, "
                "like 72.4, or leave the row out when there is no figure.")
    if abs(value) >= MAX_VALUE:
        return (f"the value '{raw}' for {period} is too large to chart (a thousand trillion or more): "
                "check it, and write it as a plain number, like 72.4.")
    return value


def read_series(path: Path, name: str, problems: Problems, source: Location | None = None) -> list[Observation]:
    """The observations in a measure's CSV file, adding a problem for each bad row. A file that
    is missing, is no file or cannot be read is reported at ``source`` (the measure's 'data:'
    line), or else at the file's first line."""
    where = Location(name, 1, 1)
    if not _readable(path, source or where, problems):
        return []
    try:
        records = _records(path, name, problems)
    except OSError as error:
        problems.add(source or where, _unreadable(path, error))
        return []
    if records is None:
        return []
    header, rows = records
    columns = [str(c).strip().lower() for c in header]
    unknown = [c for c in columns if c not in COLUMNS]
    missing = [c for c in ("period", "value") if c not in columns]
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if unknown or missing or twice:
        problem = ("it lacks " + ", ".join(missing) if missing else "it has " + ", ".join(unknown) if unknown
                   else "it names " + ", ".join(twice) + " twice")
        problems.add(where, f"the header row must name the columns period and value (and may add breakdown "
                     f"and note); {problem}.")
        return []
    if len(rows) > MAX_ROWS:
        problems.add(where, f"this file has more than {MAX_ROWS:,} rows: split it, or summarise the data.")
        return []
    observations, seen = [], {}
    for number, fields in rows:
        at = Location(name, number, 1)
        if len(fields) > len(columns):
            problems.add(at, f"this row has {len(fields)} values but the header names {len(columns)} columns: "
                         "put text containing commas in quotes.")
            continue
        row = dict(zip(columns, fields))
        period = row["period"].strip()
        key = parse_period(period)
        if key is None:
            problems.add(at, f"'{period}' is not a period: write a year (2021), a financial year (2021/22), "
                         "a month (2021-07) or a day of the calendar (2021-07-31).")
            continue
        value = _number(row.get("value", ""), period)
        if isinstance(value, str):
            problems.add(at, value)
            continue
        breakdown = row.get("breakdown", "").strip() or None
        if (key, breakdown) in seen:
            problems.add(at, f"{period}{' for ' + breakdown if breakdown else ''} already has a value "
                         f"at line {seen[(key, breakdown)]}: keep one.")
            continue
        seen[(key, breakdown)] = number
        observations.append(Observation(period, key, value, breakdown, row.get("note", "").strip() or None))
    return sorted(observations, key=lambda o: (o.sort_key, o.breakdown or ""))
