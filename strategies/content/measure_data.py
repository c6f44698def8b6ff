"""Read a measure's time series (columns: period, value, optional breakdown and note) from a
CSV file or a sheet of a workbook (.xlsx or .ods), as officers and analysts keep them.

pandas reads every format (openpyxl for .xlsx, odfpy for .ods). It is imported the first time
a table is read, once for the whole run, not by importing this module: `strategies validate`
on a site with no data files never loads it. Every row is then checked here, so that a bad row
is reported where the officer sees it, alongside every other problem in the same run: for a
CSV file, ``file:line`` (the line a text editor shows); for a workbook, the sheet and the cell
as the spreadsheet names them (``claimant-rate.xlsx, sheet "Data", cell B14``).
"""

from __future__ import annotations

import calendar
import datetime
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .files import UnreadableFile, read_bytes
from .problems import Location, Problems, did_you_mean, shorten

COLUMNS = ("period", "value", "breakdown", "note")
WORKBOOK_ENGINES = {".xlsx": "openpyxl", ".ods": "odf"}  # the readers pandas uses for each
_YEAR = re.compile(r"([0-9]{4})")
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")
MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024
# A workbook is a zip: what it unpacks to is bounded too (a small file can unpack to gigabytes).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# A CSV row with more cells than this cannot be a measure's table.
MAX_CSV_COLUMNS = 64
# Larger values are a slip (or 1e999): charts cannot scale between such numbers, and no
# public-sector measure comes near (a thousand trillion).
MAX_VALUE = 1e15


def pandas():
    """The pandas module, imported on first use (a second the first time; Python keeps it)."""
    import pandas as pd

    return pd


def column_letter(index: int) -> str:
    """A spreadsheet's name for a column from its 1-based number: 1 is A, 27 is AA."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class CellLocation(Location):
    """A cell of a workbook's sheet: shown as a spreadsheet user finds it
    (``data/rate.xlsx, sheet "Data", cell B14``); ordered with other locations by file, row
    and column, so a sheet's problems are listed from its top."""

    __slots__ = ("sheet",)
    sheet: str

    def __init__(self, file: str, row: int, column: int, sheet: str):
        super().__init__(file, row, column)
        object.__setattr__(self, "sheet", sheet)

    def __str__(self) -> str:
        return f'{self.file}, sheet "{self.sheet}", cell {column_letter(self.column)}{self.line}'

    def __reduce__(self):
        return (CellLocation, (self.file, self.line, self.column, self.sheet))

    def _key(self) -> tuple:
        return (self.file, self.line, self.column, self.sheet)

    def __eq__(self, other):
        return isinstance(other, CellLocation) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __lt__(self, other):
        return self._key() < _key(other)

    def __le__(self, other):
        return self._key() <= _key(other)

    def __gt__(self, other):
        return self._key() > _key(other)

    def __ge__(self, other):
        return self._key() >= _key(other)


def _key(location: Location) -> tuple:
    return (location.file, location.line, location.column, getattr(location, "sheet", ""))


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


@dataclass
class Table:
    """A table as read: its header row and data rows (each with its number: the line of a
    CSV file, the row of a sheet), and how to name a cell's place."""

    header_row: int
    header: list
    rows: list[tuple[int, list]]
    name: str
    sheet: str | None = None  # None for a CSV file

    def at(self, row: int, column: int = 0) -> Location:
        """Where a cell is (``column`` 0-based): for CSV, its line."""
        if self.sheet is None:
            return Location(self.name, row, 1)
        return CellLocation(self.name, row, column + 1, self.sheet)


def is_empty(cell) -> bool:
    return (
        cell is None or (isinstance(cell, float) and math.isnan(cell)) or (isinstance(cell, str) and not cell.strip())
    )


def cell_text(cell) -> str:
    """A cell as text: a whole number without '.0', a date as written in content."""
    if is_empty(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def csv_table(data: bytes, name: str, problems: Problems) -> Table | None:
    """The header and rows of a CSV file (pandas' reader), each row with the line it starts on;
    None, with the problem added, if the file cannot be read as CSV."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(
            Location(name, data[: error.start].count(b"\n") + 1, 1),
            "this file is not UTF-8 text: save it as 'CSV UTF-8'.",
        )
        return None
    pd = pandas()
    # As many columns as the widest line could hold (each column costs pandas time: 64 for
    # every file took four times as long); a row with more, its quotes spanning lines, is read again.
    width = max(4, max((line.count(",") + 1 for line in text.splitlines()), default=1))
    try:
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                header=None,
                names=range(min(width, MAX_CSV_COLUMNS)),
                dtype=object,
                na_filter=False,
                skip_blank_lines=False,
                skipinitialspace=True,
                nrows=MAX_ROWS + 2,
            )
        except pd.errors.ParserError:
            if width >= MAX_CSV_COLUMNS:
                raise
            frame = pd.read_csv(
                io.StringIO(text),
                header=None,
                names=range(MAX_CSV_COLUMNS),
                dtype=object,
                na_filter=False,
                skip_blank_lines=False,
                skipinitialspace=True,
                nrows=MAX_ROWS + 2,
            )
    except pd.errors.EmptyDataError:
        frame = None
    except (pd.errors.ParserError, ValueError) as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else 1
        detail = str(error).split(". ", 1)[-1].strip().rstrip(".")
        if "Expected" in str(error) and "fields" in str(error):
            detail = f"a row has more than {MAX_CSV_COLUMNS} values"
        problems.add(Location(name, line, 1), f"this file cannot be read as CSV ({detail}). Check its quotes.")
        return None
    header, rows, line = None, [], 1
    for cells in [] if frame is None else frame.to_numpy().tolist():
        cells = [cell if isinstance(cell, str) else "" for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if any(cell.strip() for cell in cells) or len(cells) > 1:  # blank lines are skipped
            if header is None:
                header = (line, cells)
            else:
                rows.append((line, cells))
        # a value in quotes may hold line breaks: the next row starts that many lines further on
        line += 1 + sum(cell.count("\n") for cell in cells)
    if header is None:
        problems.add(
            Location(name, 1, 1), "this file is empty: it needs a header row 'period,value' and one row per value."
        )
        return None
    return Table(header[0], header[1], rows, name)


def _unpacked_size(data: bytes) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # not a zip: the reader says what it is not


def read_sheet(
    data: bytes,
    path: Path,
    name: str,
    sheet: str | None,
    at: Location,
    problems: Problems,
    empty: str = "it needs a header row (period, value) and one row per value",
    option: str = "sheet:",
    names_header=("period", "value"),
) -> Table | None:
    """A sheet of a workbook's bytes (.xlsx or .ods, by ``path``'s suffix) as a table: its
    header row, then the non-empty rows below it, each with its row number. The header is the
    first row naming one of ``names_header`` (rows above it, such as a title or notes, as the
    UK's guidance lays a sheet out, are not part of the table), else the first non-empty row.
    With ``sheet`` None, the workbook's only sheet. None, with the problem added (at ``at`` for
    a sheet that is missing or not named), if the workbook or the sheet cannot be read."""
    kind = "an Excel workbook (.xlsx)" if path.suffix.lower() == ".xlsx" else "an OpenDocument spreadsheet (.ods)"
    if _unpacked_size(data) > MAX_UNPACKED_BYTES:
        problems.add(
            Location(name),
            f"this workbook unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB: "
            "keep the table in a workbook of its own, or save it as CSV.",
        )
        return None
    pd = pandas()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # readers' notes on styles and extensions they skip
            book = pd.ExcelFile(io.BytesIO(data), engine=WORKBOOK_ENGINES[path.suffix.lower()])
            names = [str(sheet_name) for sheet_name in book.sheet_names]
            if sheet is None and len(names) != 1:
                listing = ", ".join(f'"{n}"' for n in names)
                example = names[0] if names else "Data"
                example = f'"{example}"' if option.startswith("-") and " " in example else example
                problems.add(
                    at,
                    f"{path.name} has {len(names)} sheets ({listing}): name the one that holds the "
                    f"table with '{option.rstrip(':')}', e.g. {option} {example}.",
                )
                return None
            chosen = names[0] if sheet is None else sheet
            if chosen not in names:
                hint = did_you_mean(chosen, names)
                problems.add(
                    at,
                    f'{path.name} has no sheet named "{shorten(chosen)}".{hint} Its sheets: '
                    + ", ".join(f'"{n}"' for n in names)
                    + ".",
                )
                return None
            frame = pd.read_excel(
                book,
                sheet_name=book.sheet_names[names.index(chosen)],
                header=None,
                dtype=object,
                keep_default_na=False,
                nrows=MAX_ROWS + 2,
            )
    except Exception as error:
        problems.add(
            Location(name),
            f"this file cannot be read as {kind} ({shorten(error, 120)}): open it "
            "in a spreadsheet and save it again in that format, or save the sheet as CSV UTF-8.",
        )
        return None
    found = []
    for number, cells in enumerate(frame.to_numpy().tolist(), start=1):
        cells = [None if is_empty(cell) else cell for cell in cells]
        while cells and cells[-1] is None:
            cells.pop()
        if cells:  # (an empty row: tables may leave some)
            found.append((number, cells))
    wanted = {name.casefold() for name in names_header}
    start = next(
        (
            index
            for index, (_, cells) in enumerate(found)
            if any(" ".join(cell_text(cell).split()).casefold() in wanted for cell in cells)
        ),
        0,
    )
    header, rows = (found[start], found[start + 1 :]) if found else (None, [])
    if header is None:
        problems.add(at, f'sheet "{chosen}" of {path.name} is empty: {empty}.')
        return None
    return Table(header[0], header[1], rows, name, chosen)


def _number(raw, period: str, in_sheet: bool) -> float | str | None:
    """The value in a cell, or what is wrong with it (a message); None for an empty cell
    of a sheet (a missing value)."""
    if isinstance(raw, (bool, datetime.date, datetime.datetime, datetime.time)):
        return f"'{cell_text(raw)}' is not a number. Leave the cell empty for a missing value."
    if isinstance(raw, (int, float)) and not is_empty(raw):
        value, shown = float(raw), cell_text(raw)
    else:
        shown = "" if is_empty(raw) else str(raw)
        text = shown.strip().replace(",", "")
        if not text:
            return None if in_sheet else f"the value for {period} is empty: leave the row out when there is no figure."
        try:
            value = float(text.rstrip("%"))
        except ValueError:
            if in_sheet:
                return f"'{shorten(shown)}' is not a number. Leave the cell empty for a missing value."
            return f"the value '{raw}' for {period} is not a number: write it like 72.4."
    if not math.isfinite(value):
        if in_sheet:
            return (
                f"'{shown}' is not a finite number: write the value as a plain number, like 72.4, or leave "
                "the cell empty for a missing value."
            )
        return (
            f"the value '{raw}' for {period} is not a finite number: write the value as a plain number, "
            "like 72.4, or leave the row out when there is no figure."
        )
    if abs(value) >= MAX_VALUE:
        where = "" if in_sheet else f" for {period}"
        return (
            f"the value '{shown}'{where} is too large to chart (a thousand trillion or more): "
            "check it, and write it as a plain number, like 72.4."
        )
    return value


def _unreadable(path: Path, error: OSError) -> str:
    return (
        f"the data file {path.name} could not be read ({error.strerror}): check that it is an "
        "ordinary file you can open."
    )


def _readable(path: Path, at: Location, problems: Problems) -> bool:
    """True if ``path`` is a file of a size to read; else its problem is added at ``at``."""
    try:
        if not path.exists():
            problems.add(at, f"the data file {path.name} does not exist: add it, or correct the 'data:' path.")
        elif not path.is_file():
            problems.add(
                at,
                f"{path.name} is not a file (it is a folder or a device): write the path of "
                "the measure's CSV file, e.g. data/measure.csv.",
            )
        elif (size := path.stat().st_size) > MAX_BYTES:
            problems.add(at, _too_large(path, size))
        else:
            return True
    except OSError as error:
        problems.add(at, _unreadable(path, error))
    return False


def _too_large(path: Path, size: int) -> str:
    return (
        f"the data file {path.name} is {size / 1024 / 1024:.1f} MB, more than the "
        f"{MAX_BYTES // 1024 // 1024} MB a data file may be: summarise the data, or split it."
    )


def read_series(
    path: Path,
    name: str,
    problems: Problems,
    source: Location | None = None,
    sheet: str | None = None,
    sheet_at: Location | None = None,
) -> list[Observation]:
    """The observations in a measure's data file (CSV, or ``sheet`` of an .xlsx or .ods
    workbook: the only one, if not named), adding a problem for each bad row. A file that is
    missing, is no file or cannot be read is reported at ``source`` (the measure's 'data:'
    line), or else at the file's first line; a sheet that is not there, at ``sheet_at``."""
    where = Location(name, 1, 1)
    if not _readable(path, source or where, problems):
        return []
    try:
        data = read_bytes(path, name, MAX_BYTES)
    except UnreadableFile as error:
        too_large = "MB, more than" in error.problem.message
        problems.add(
            source or where,
            _too_large(path, MAX_BYTES + 1) if too_large else f"the data file {path.name} {error.problem.message}",
        )
        return []
    if path.suffix.lower() in WORKBOOK_ENGINES:
        table = read_sheet(data, path, name, sheet, sheet_at or source or where, problems)
    else:
        if sheet is not None:
            problems.add(
                sheet_at or source or where,
                f"{path.name} is a CSV file, which has no sheets: remove "
                "'sheet:', or point 'data:' at the workbook (.xlsx or .ods).",
            )
        table = csv_table(data, name, problems)
    return [] if table is None else _observations(table, problems)


def read_table(
    path: Path,
    name: str,
    problems: Problems,
    sheet: str | None = None,
    empty: str = "it needs a header row and one row per item",
    option: str = "--sheet",
    names_header=(),
) -> Table | None:
    """Any table an officer hands a command (a plan, a filled progress return): a CSV file, or
    a sheet of an .xlsx or .ods workbook, read within the same limits as measure data. None,
    with the problem added, if it cannot be read."""
    where = Location(name)
    if path.suffix.lower() not in (".csv", *WORKBOOK_ENGINES):
        problems.add(where, f"{path.name} is not a CSV file (.csv) or a workbook (.xlsx or .ods): save it as one.")
        return None
    if not _readable(path, where, problems):
        return None
    try:
        data = read_bytes(path, name, MAX_BYTES)
    except UnreadableFile as error:
        problems.add(where, error.problem.message)
        return None
    if path.suffix.lower() == ".csv":
        return csv_table(data, name, problems)
    return read_sheet(data, path, name, sheet, where, problems, empty, option, names_header)


def _observations(table: Table, problems: Problems) -> list[Observation]:
    in_sheet = table.sheet is not None
    columns = [cell_text(c).lower() for c in table.header]
    unknown = [c or f"an unnamed column ({column_letter(i + 1)})" for i, c in enumerate(columns) if c not in COLUMNS]
    missing = [c for c in ("period", "value") if c not in columns]
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if unknown or missing or twice:
        problem = (
            "it lacks " + ", ".join(missing)
            if missing
            else "it has " + ", ".join(unknown)
            if unknown
            else "it names " + ", ".join(twice) + " twice"
        )
        problems.add(
            table.at(table.header_row),
            f"the header row must name the columns period and value (and may add breakdown and note); {problem}.",
        )
        return []
    if len(table.rows) > MAX_ROWS:
        problems.add(
            table.at(table.header_row),
            f"this {'sheet' if in_sheet else 'file'} has more than {MAX_ROWS:,} rows: split it, or summarise the data.",
        )
        return []
    index = {column: columns.index(column) for column in COLUMNS if column in columns}
    observations: list[Observation] = []
    seen: dict[tuple, int] = {}  # (period, breakdown) -> the row or line that gave it
    for number, cells in table.rows:
        if len(cells) > len(columns):
            extra = next(i for i in range(len(columns), len(cells)) if not is_empty(cells[i]))
            if in_sheet:
                problems.add(
                    table.at(number, extra),
                    f"this cell is outside the table: the header row names "
                    f"{len(columns)} columns. Give the column a header (breakdown or note), or empty the cell.",
                )
            else:
                problems.add(
                    table.at(number),
                    f"this row has {len(cells)} values but the header names "
                    f"{len(columns)} columns: put text containing commas in quotes.",
                )
            continue

        def cell(column: str, cells: list = cells):  # bound now: called only within this row's turn
            return cells[index[column]] if column in index and index[column] < len(cells) else None

        period = cell_text(cell("period"))  # a date with a time of day is no period: refused below
        key = parse_period(period)
        if key is None:
            problems.add(
                table.at(number, index["period"]),
                f"'{shorten(period)}' is not a period: write a year (2021), a financial year (2021/22), "
                "a month (2021-07) or a day of the calendar (2021-07-31).",
            )
            continue
        value = _number(cell("value") if in_sheet else (cell("value") or ""), period, in_sheet)
        if value is None:
            continue  # an empty cell in a sheet: no figure for this period
        if isinstance(value, str):
            problems.add(table.at(number, index["value"]), value)
            continue
        breakdown = cell_text(cell("breakdown")) or None
        if (key, breakdown) in seen:
            earlier = f"{'row' if in_sheet else 'line'} {seen[(key, breakdown)]}"
            problems.add(
                table.at(number, index["period"]),
                f"{period}{' for ' + breakdown if breakdown else ''} already has a value at {earlier}: keep one.",
            )
            continue
        seen[(key, breakdown)] = number
        observations.append(Observation(period, key, value, breakdown, cell_text(cell("note")) or None))
    return sorted(observations, key=lambda o: (o.sort_key, o.breakdown or ""))
