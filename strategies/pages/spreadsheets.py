"""OpenDocument spreadsheets (.ods) for people: the downloads' workbooks and the progress
returns officers fill in.

The UK's guidance on releasing statistics in spreadsheets asks for ODS for people (CSV for
machines), one table per sheet, no merged cells and no meaning carried by colour. Each sheet
here is one block of rows starting at A1; text cells are text, numbers are numbers, and every
cell passes :func:`cells.safe_cell`, so none can run as a formula.

Written here rather than through pandas' ``odf`` engine (odfpy): that took 0.2 to 0.4 s for a
strategy's 125 items and 19 s for the medium benchmark's 5,000, where this takes milliseconds.
The file is the same for the same rows, byte for byte: its parts go into the zip in a fixed
order, with a fixed time, and hold no date of their own.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from .cells import safe_cell

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
# Every part of every file is dated the same (the earliest time a zip can hold).
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_SPACES = re.compile(r"  +")

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)

# Column widths in centimetres: one style per width used.
_WIDTHS = (2.5, 4.0, 6.0, 9.0, 14.0)
_STYLES = "".join(
    f'<style:style style:name="co{number}" style:family="table-column">'
    f'<style:table-column-properties style:column-width="{width}cm"/></style:style>'
    for number, width in enumerate(_WIDTHS)
) + (
    '<style:style style:name="heading" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="title" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold" fo:font-size="14pt"/></style:style>'
    '<style:style style:name="wrap" style:family="table-cell">'
    '<style:table-cell-properties fo:wrap-option="wrap"/></style:style>'
)


class Heading(str):
    """Text for a cover sheet's heading row (shown in bold)."""


@dataclass
class DropDown:
    """A list of allowed values for the cells of one column (below its header): spreadsheets
    show it as a drop-down, and refuse anything else typed there."""

    name: str
    values: list[str]
    title: str
    help: str
    error: str


@dataclass
class Sheet:
    """One sheet: its name and rows, the first ``headings`` rows in bold (the column names),
    and drop-down lists for some columns (column index to list)."""

    name: str
    rows: list[list]
    headings: int = 1
    title: bool = False  # the first row is the sheet's title (a cover sheet)
    drop_downs: dict[int, DropDown] = field(default_factory=dict)


def _text(value) -> str:
    return _NOT_XML.sub("", str(value))


def _paragraphs(text: str) -> str:
    """Text as ODF paragraphs: one per line, runs of spaces and tabs kept."""
    parts = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = escape(line)
        line = _SPACES.sub(lambda m: f' <text:s text:c="{len(m.group()) - 1}"/>', line)
        parts.append("<text:p>" + line.replace("\t", "<text:tab/>") + "</text:p>")
    return "".join(parts)


def number_text(value) -> str:
    """A number as a cell's value attribute and the text shown for it (61.2, 7654321)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


_PLAIN = re.compile("[\x00-\x1f\ufffe\uffff]|  ")  # text needing more than escaping: breaks, tabs, runs of spaces
_EMPTY = "<table:table-cell/>"


def _cell(value, style: str | None = None, validation: str | None = None) -> str:
    attributes = (f' table:style-name="{style}"' if style else "") + (
        f' table:content-validation-name="{validation}"' if validation else ""
    )
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return f"<table:table-cell{attributes}/>" if attributes else _EMPTY
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        shown = number_text(value)
        return (
            f'<table:table-cell{attributes} office:value-type="float" office:value="{shown}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    text = safe_cell(str(value))
    if style is None and len(text) > 60:
        attributes += ' table:style-name="wrap"'
    if _PLAIN.search(text):  # line breaks, tabs, runs of spaces, characters XML cannot hold
        paragraphs = _paragraphs(_text(text))
    else:
        paragraphs = f"<text:p>{escape(text)}</text:p>"
    return f'<table:table-cell{attributes} office:value-type="string">{paragraphs}</table:table-cell>'


def _width_style(cells: list) -> str:
    longest = max((len(str(cell)) for cell in cells if cell is not None), default=0)
    for number, width in enumerate(_WIDTHS):
        if longest <= width * 5:  # about five characters a centimetre
            return f"co{number}"
    return f"co{len(_WIDTHS) - 1}"


def _table(sheet: Sheet) -> str:
    columns = max((len(row) for row in sheet.rows), default=1) or 1
    parts = [f"<table:table table:name={quoteattr(_text(sheet.name))}>"]
    for column in range(columns):
        cells = [row[column] for row in sheet.rows[:200] if column < len(row)]
        parts.append(f'<table:table-column table:style-name="{_width_style(cells)}"/>')
    if sheet.headings:
        parts.append("<table:table-header-rows>")
    for number, row in enumerate(sheet.rows):
        if sheet.headings and number == sheet.headings:
            parts.append("</table:table-header-rows>")
        style = (
            "title"
            if sheet.title and number == 0
            else "heading"
            if number < sheet.headings
            else "heading"
            if sheet.title and len(row) == 1 and isinstance(row[0], Heading)
            else None
        )
        checked = {} if number < sheet.headings else sheet.drop_downs
        cells = [
            _cell(value, style, checked[index].name if index in checked else None) for index, value in enumerate(row)
        ]
        cells.extend(_cell(None, None, checked[index].name) for index in sorted(checked) if index >= len(row))
        parts.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    if sheet.headings and len(sheet.rows) <= sheet.headings:
        parts.append("</table:table-header-rows>")
    parts.append("</table:table>")
    return "".join(parts)


def _validations(sheets: list[Sheet]) -> str:
    found = {drop.name: drop for sheet in sheets for drop in sheet.drop_downs.values()}
    if not found:
        return ""
    parts = ["<table:content-validations>"]
    for name, drop in sorted(found.items()):
        listed = ";".join('"' + value.replace('"', '""') + '"' for value in drop.values)
        parts.append(
            f"<table:content-validation table:name={quoteattr(name)} "
            f"table:condition={quoteattr('of:cell-content-is-in-list(' + listed + ')')} "
            'table:allow-empty-cell="true" table:display-list="unsorted">'
            f'<table:help-message table:title={quoteattr(drop.title)} table:display="true">'
            f"{_paragraphs(drop.help)}</table:help-message>"
            f'<table:error-message table:title={quoteattr(drop.title)} table:display="true" '
            f'table:message-type="stop">{_paragraphs(drop.error)}</table:error-message>'
            "</table:content-validation>"
        )
    parts.append("</table:content-validations>")
    return "".join(parts)


def content_xml(sheets: list[Sheet]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {_NAMESPACES} office:version="1.3">'
        f"<office:automatic-styles>{_STYLES}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{_validations(sheets)}"
        + "".join(_table(sheet) for sheet in sheets)
        + "</office:spreadsheet></office:body></office:document-content>"
    )


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<office:document-styles {_NAMESPACES} office:version="1.3"><office:styles/>'
    "</office:document-styles>"
)


def zip_bytes(members: Sequence[tuple[str, bytes | str]], stored_first: bool = False) -> bytes:
    """A zip of ``members`` (name, content) in the order given, each dated FIXED_TIME, so
    that the same members make the same bytes; the first stored uncompressed if asked (an
    ODF file's mimetype)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number, (name, content) in enumerate(members):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if stored_first and number == 0 else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system made it
            archive.writestr(
                info,
                content.encode("utf-8") if isinstance(content, str) else content,
                compresslevel=6 if info.compress_type == zipfile.ZIP_DEFLATED else None,
            )
    return out.getvalue()


def ods_bytes(sheets: list[Sheet]) -> bytes:
    """The .ods file holding ``sheets``, in order."""
    return zip_bytes(
        [
            ("mimetype", MIMETYPE),
            ("META-INF/manifest.xml", _MANIFEST),
            ("styles.xml", _STYLES_XML),
            ("content.xml", content_xml(sheets)),
        ],
        stored_first=True,
    )
