"""Read a measure's CSV time series (columns: period, value, optional breakdown and note).

pandas reads the file; every row is then checked so that a bad row is reported as
``file:row`` with what is wrong, alongside every other problem in the same run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Location, Problems

COLUMNS = ("period", "value", "breakdown", "note")
_YEAR = re.compile(r"^(\d{4})$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
MAX_ROWS = 100_000


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
    if match := _YEAR.match(text):
        return (int(match.group(1)), 0, 0)
    if (match := _FINANCIAL_YEAR.match(text)) and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        return (int(match.group(1)), 4, 0)
    if (match := _MONTH.match(text)) and 1 <= int(match.group(2)) <= 12:
        return (int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
    return None


def read_series(path: Path, name: str, problems: Problems) -> list[Observation]:
    """The observations in a measure's CSV file, adding a problem for each bad row."""
    import pandas as pd  # imported here: it costs about a second, and only measures need it

    where = Location(name, 1, 1)
    if not path.exists():
        problems.add(where, "this data file does not exist: add it, or correct the 'data:' path.")
        return []
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True,
                            encoding="utf-8-sig", nrows=MAX_ROWS + 1)
    except UnicodeDecodeError:
        problems.add(where, "this file is not UTF-8 text: save it as 'CSV UTF-8'.")
        return []
    except pd.errors.EmptyDataError:
        problems.add(where, "this file is empty: it needs a header row 'period,value' and one row per value.")
        return []
    except pd.errors.ParserError as error:
        line = re.search(r"line (\d+)", str(error))
        problems.add(Location(name, int(line.group(1)) if line else 1, 1),
                     f"this row has the wrong number of commas ({error}). Put text containing commas in quotes.")
        return []
    columns = [str(c).strip().lower() for c in frame.columns]
    unknown = [c for c in columns if c not in COLUMNS]
    missing = [c for c in ("period", "value") if c not in columns]
    if unknown or missing:
        problems.add(where, f"the header row must name the columns period and value (and may add breakdown "
                     f"and note); {'it lacks ' + ', '.join(missing) if missing else 'it has ' + ', '.join(unknown)}.")
        return []
    if len(frame) > MAX_ROWS:
        problems.add(where, f"this file has more than {MAX_ROWS:,} rows: split it, or summarise the data.")
        return []
    frame.columns = columns
    observations, seen = [], {}
    for number, row in enumerate(frame.to_dict("records"), start=2):  # row 1 is the header
        at = Location(name, number, 1)
        period = str(row["period"]).strip()
        key = parse_period(period)
        if key is None:
            problems.add(at, f"'{period}' is not a period: write a year (2021), a financial year (2021/22) "
                         "or a month (2021-07).")
            continue
        text = str(row["value"]).strip().replace(",", "")
        if not text:
            problems.add(at, f"the value for {period} is empty: leave the row out when there is no figure.")
            continue
        try:
            value = float(text.rstrip("%"))
        except ValueError:
            problems.add(at, f"the value '{row['value']}' for {period} is not a number: write it like 72.4.")
            continue
        breakdown = str(row.get("breakdown", "")).strip() or None
        if (key, breakdown) in seen:
            problems.add(at, f"{period}{' for ' + breakdown if breakdown else ''} already has a value "
                         f"at row {seen[(key, breakdown)]}: keep one.")
            continue
        seen[(key, breakdown)] = number
        observations.append(Observation(period, key, value, breakdown, str(row.get("note", "")).strip() or None))
    return sorted(observations, key=lambda o: (o.sort_key, o.breakdown or ""))
