"""The data downloads: each strategy's items and measures, and the whole site's, as CSV (for
machines), JSON, and an OpenDocument spreadsheet for people; and all of it in one zip.

The spreadsheets follow the UK guidance on releasing statistics in spreadsheets: a cover sheet
(title, what the data is, its source and date, the sheets it holds), a notes sheet naming
every column in plain words, then one table per sheet, starting at A1, with no merged cells,
no blank rows and nothing said by colour. Every file is the same, byte for byte, for the same
content and "as at" date: nothing in it depends on where it was built, and each status carries
the date it was reported; what is known of progress as at the build's date (freshness.py) is
in columns of its own, with that date. Every cell, in CSV and spreadsheet alike, passes
:func:`cells.safe_cell`, so none runs as a formula; numbers stay numbers.

pandas writes the CSV files. It is imported with this module, so a build imports it once,
before pages are made in forked workers (which share it), and never once per file.
"""

from __future__ import annotations

import datetime
import json

import pandas as pd  # once per build: see the module's docstring

from strategies.content.model import ACTION_STATUS_LABELS, CHARACTERISTIC_LABELS
from strategies.content.schema import schema_files
from strategies.content.site import Site, StrategyEntry

from . import freshness
from .cells import csv_cell
from .freshness import PROGRESS_LABELS
from .spreadsheets import Heading, Sheet, ods_bytes, zip_bytes

# The whole site's downloads, published at these paths (linked from the home page and the
# Strategies page: docs/index.md and macros/strategies.md.j2 name them too).
SITE_DATA = "data/"
SITE_ITEMS_CSV = SITE_DATA + "all-strategies-items.csv"
SITE_MEASURES_CSV = SITE_DATA + "all-strategies-measures.csv"
SITE_SPREADSHEET = SITE_DATA + "all-strategies.ods"
SITE_ZIP = SITE_DATA + "all-strategies-data.zip"

# Each column of the downloads: its name in plain words (the spreadsheets' headers) and what it
# holds (the notes sheet, and the zip's README). CSV files keep the short names on the left,
# which programs use; a column without a note here fails tests/pages/test_downloads.py.
ITEM_COLUMNS = {
    "strategy": ("Strategy", "The strategy's id: the last part of its address on this site."),
    "id": ("Item id", "The item's id, unique within the strategy. Progress reports name actions by it."),
    "label": (
        "Printed label",
        "The item's number or letter as the strategy document prints it, e.g. 1.2 or (a). "
        "Empty where the document prints none.",
    ),
    "level": ("Level", "What the item is in the strategy's hierarchy, e.g. Objective, Priority or Action."),
    "parent": ("Parent item id", "The id of the item it sits under. Empty for the top level."),
    "title": ("Title", "The item's title, as the strategy words it."),
    "owners": ("Owners", "The posts or organisations who oversee it, separated by semicolons."),
    "owners_inherited_from": (
        "Owners inherited from",
        "Where the item names no owners of its own: the id of "
        "the item above it whose owners it shares. Empty where it names its own.",
    ),
    "lead_partner": ("Lead partner", "The organisation, post or service leading delivery."),
    "lead_partner_inherited_from": (
        "Lead partner inherited from",
        "Where the lead partner is that of an item above: that item's id.",
    ),
    "collaborators": ("Collaborators", "Others helping to deliver it, separated by semicolons."),
    "collaborators_inherited_from": (
        "Collaborators inherited from",
        "Where the collaborators are those of an item above: that item's id.",
    ),
    "characteristics": (
        "Protected characteristics",
        "The protected characteristics (Equality Act 2010) the item serves, separated by semicolons.",
    ),
    "communities": ("Communities", "The communities of interest the item serves, separated by semicolons."),
    "places": ("Places", "The wards, localities or towns the item serves, separated by semicolons."),
    "start": ("Start", "When the work starts: a year (2025), a month (2025-03) or a day (2025-03-31)."),
    "due": (
        "Due",
        "When it is due: a year (2025), a month (2025-03) or a day (2025-03-31), as precise as the "
        "strategy says; or ongoing, where the strategy gives the work no end date.",
    ),
    "stage": ("Stage", "adopted; proposed (put forward, not adopted); or provisional (agreed subject to conditions)."),
    "measures": ("Measures", "The measures of success that tell whether it is working, separated by semicolons."),
    "status": (
        "Status",
        "For adopted actions, the status as last reported: "
        + ", ".join(f"{key} ({label.lower()})" for key, label in ACTION_STATUS_LABELS.items())
        + ". Empty for other items.",
    ),
    "status_date": (
        "Status reported",
        "When that status was reported: the date of the progress report that gave "
        "it, or of the strategy document where the document states it. Empty where no status was "
        "reported, or the document gives no date.",
    ),
    "status_source": (
        "Reported in",
        "The title of the progress report that gave the status, or 'strategy "
        "document'. Empty where no status was reported.",
    ),
    "percent_complete": (
        "Per cent complete",
        "How complete the action is, 0 to 100, as the latest progress report gave it. Empty where no report gave one.",
    ),
    "progress": (
        "Progress as at",
        "For adopted actions, what is known of progress as at the date in the as_at "
        "column: "
        + ", ".join(f"{key} ({label.lower()})" for key, label in PROGRESS_LABELS.items())
        + ". The reported status while it is current; stale once the next report it should have been in "
        "was due (the strategy's reporting cadence), or its due date passed with no report since. Empty "
        "for other items.",
    ),
    "due_flag": (
        "Overdue or past due",
        "overdue: a progress report after the due date says the action is not "
        "complete. past-due: the due date has passed with no report since. Empty otherwise, and for an "
        "action never reported: nothing is inferred from no report.",
    ),
    "as_at": (
        "As at",
        "The date the progress and due_flag columns are worked out at: the date the site was "
        "built, unless it was built as at another date.",
    ),
}
MEASURE_COLUMNS = {
    "strategy": ("Strategy", "The strategy's id: the last part of its address on this site."),
    "measure": ("Measure id", "The measure's id, unique within the strategy."),
    "name": ("Measure", "What is measured."),
    "domain": ("Area of life", "The area of life the measure belongs to, e.g. Income or Health."),
    "unit": ("Unit", "The unit of the values, e.g. percent, years or people."),
    "better": ("Better when", "higher or lower: which way is better. Empty where the strategy does not say."),
    "baseline": ("Baseline", "The value the strategy starts from, where it gives one as a number."),
    "target": ("Target", "The value the strategy aims for, where it gives one as a number."),
    "period": (
        "Period",
        "When the value is for: a year (2021), a financial year (2021/22, April to March), a "
        "month (2021-07) or a day (2021-07-31). Empty for a measure with no values yet.",
    ),
    "breakdown": ("Breakdown", "The group the value is for (a ward, an age band). Empty for the whole area."),
    "value": ("Value", "The value, as a number."),
}


def _party_names(site: Site, refs: list[str]) -> list[str]:
    """Each post or organisation as a page names it ('Alex Rivers, Director of Public Health';
    a service with its organisation)."""
    return [party.label() for ref in refs if (party := site.party(ref)) is not None]


def item_records(site: Site, entry: StrategyEntry, as_at: datetime.date) -> list[dict]:
    """One record per item of the hierarchy: its label and title, who answers for it (its own
    or, said so, an item's above it), who and where it serves, its measures, due date, stage,
    status as reported (when and where) and its progress as at ``as_at`` (freshness.py)."""
    model = entry.model
    communities = {community.id: community.name for community in model.communities}
    places = {place.id: place.name for place in model.places}
    measures = {measure.id: measure.name for measure in model.measures}
    records = []
    for view in entry.walk():
        node = view.node
        owners, owners_from = view.effective_owners()
        lead, lead_from = view.effective_lead_partner()
        helpers, helpers_from = view.effective_collaborators()
        latest = view.latest_update() if view.is_action else None
        standing = freshness.standing(view, as_at)
        records.append(
            {
                "strategy": entry.id,
                "id": view.id,
                "label": node.label or "",
                "level": view.level.name,
                "parent": view.parent.id if view.parent else "",
                "title": node.title,
                "owners": _party_names(site, owners),
                "owners_inherited_from": owners_from.id if owners_from else "",
                "lead_partner": _party_names(site, lead),
                "lead_partner_inherited_from": lead_from.id if lead_from else "",
                "collaborators": _party_names(site, helpers),
                "collaborators_inherited_from": helpers_from.id if helpers_from else "",
                "characteristics": [CHARACTERISTIC_LABELS[c] for c in node.characteristics],
                "communities": [communities.get(ref, ref) for ref in node.communities],
                "places": [places.get(ref, ref) for ref in node.places],
                "start": node.start.iso() if node.start else "",
                "due": node.due.iso() if node.due else "",
                "stage": view.stage or "adopted",
                "measures": [measures.get(ref, ref) for ref in node.measures],
                "status": standing.status if standing else "",
                "status_date": standing.date.iso() if standing and standing.date else "",
                "status_source": _reported_in(standing),
                "percent_complete": latest[1].percent if latest and latest[1].percent is not None else None,
                "progress": standing.state if standing else "",
                "due_flag": standing.flag or "" if standing else "",
                "as_at": as_at.isoformat(),
            }
        )
    return records


def _reported_in(standing: freshness.Standing | None) -> str:
    """Where a status was reported: its progress report's title, or the strategy document."""
    if standing is None or not standing.reported:
        return ""
    if standing.report is not None:
        return standing.report.model.title
    return "strategy document" if standing.source == freshness.DOCUMENT else "version as released"


def measure_records(entry: StrategyEntry) -> list[dict]:
    """One record per measure value (or per measure, where it has no data yet)."""
    records = []
    for measure in entry.model.measures:
        base = {
            "strategy": entry.id,
            "measure": measure.id,
            "name": measure.name,
            "domain": measure.domain or "",
            "unit": measure.unit or "",
            "better": measure.better or "",
            "baseline": measure.baseline.value if measure.baseline else None,
            "target": measure.target.value if measure.target else None,
        }
        observations = entry.series.get(measure.id) or []
        if not observations:
            records.append({**base, "period": "", "breakdown": "", "value": None})
        for o in observations:
            records.append({**base, "period": o.period, "breakdown": o.breakdown or "", "value": o.value})
    return records


def _flat(records: list[dict]) -> list[dict]:
    """Records with each list (owners, places…) as one cell, its items separated by '; '."""
    return [
        {name: "; ".join(value) if isinstance(value, list) else value for name, value in record.items()}
        for record in records
    ]


def _columns(records: list[dict], known: dict | None = None) -> list[str]:
    """The fields of ``records`` in the order they first appear (or ``known``'s, if none)."""
    found = list(dict.fromkeys(field for record in records for field in record))
    return found or list(known or ())


def to_csv(records: list[dict], known: dict | None = None) -> str:
    """Records as CSV (written by pandas): a column for each field, in the order fields first
    appear; a field a record lacks, or that is None, is left empty; no cell can run as a formula."""
    columns = _columns(records, known)
    frame = pd.DataFrame(
        [[csv_cell(record.get(column)) for column in columns] for record in records],
        columns=[csv_cell(column) for column in columns],
        dtype=object,
    )
    return frame.to_csv(index=False, lineterminator="\n", na_rep="")


def _json(records: list[dict]) -> str:
    """Records as a JSON array, one record a line: easy to compare between versions, and
    written by json's C encoder (an indent makes json write in Python, five times slower)."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n]\n"


def _table_sheet(name: str, records: list[dict], known: dict) -> Sheet:
    """A sheet holding one table: plain-word headers, then one row per record."""
    columns = _columns(records, known)
    header = [known.get(column, (column.replace("_", " ").capitalize(), ""))[0] for column in columns]
    return Sheet(name, [header] + [[record.get(column) for column in columns] for record in _flat(records)])


def _notes_sheet(tables: list[tuple[str, list[dict], dict]]) -> Sheet:
    rows = [["Sheet", "Column", "Short name (CSV)", "What it holds"]]
    for sheet, records, known in tables:
        for column in _columns(records, known):
            label, note = known.get(column, (column.replace("_", " ").capitalize(), ""))
            rows.append([sheet, label, column, note])
    return Sheet("Notes", rows)


def _latest_report_date(entries: list[StrategyEntry]):
    dates = [report.model.date for entry in entries for report in entry.reports]
    return max(dates, key=lambda date: date.end_key()) if dates else None


def _cover(
    title: str,
    about: list[str],
    source: list[str],
    entries: list[StrategyEntry],
    sheets: list[tuple[str, str]],
    as_at: datetime.date,
) -> Sheet:
    """A cover sheet: title, what the data is, its source, its date and the sheets it holds,
    one line a row in column A."""
    latest = _latest_report_date(entries)
    rows: list[list] = [
        [title],
        [Heading("About this data")],
        *[[line] for line in about],
        [Heading("Source")],
        *[[line] for line in source],
        [Heading("Date")],
        [
            f"Statuses as reported, the latest in a progress report dated {latest.display()}; each "
            "gives the date it was reported."
            if latest
            else "No progress report is published here: statuses are only those the strategy document states, if any."
        ],
        [
            f"The Progress as at column says what is known as at {freshness.display_day(as_at)}, the "
            "date this file was made: a status no longer current reads stale."
        ],
        [Heading("Sheets in this file")],
        *[[f"{name}: {what}"] for name, what in sheets],
        [Heading("Empty cells")],
        [
            "An empty cell means the content does not say: the website shows 'Not stated' or "
            "'No progress reported' there. Nothing is estimated or filled in."
        ],
        [Heading("Machine-readable copies")],
        [
            "The same tables are published as CSV files (UTF-8) beside this file, with the short "
            "column names given on the Notes sheet."
        ],
    ]
    return Sheet("Cover", rows, headings=0, title=True)


def _spreadsheet(
    title: str,
    about: list[str],
    source: list[str],
    entries: list[StrategyEntry],
    items: list[dict],
    measures: list[dict],
    as_at: datetime.date,
) -> bytes:
    tables = [("Items", items, ITEM_COLUMNS), ("Measures", measures, MEASURE_COLUMNS)]
    contents = [
        ("Notes", "what each column of the other sheets holds."),
        ("Items", f"{len(items):,} rows: one for each objective, priority or action."),
        (
            "Measures",
            f"{len(measures):,} rows: one for each value of each measure (one for a measure with no values yet).",
        ),
    ]
    return ods_bytes(
        [
            _cover(title, about, source, entries, contents, as_at),
            _notes_sheet(tables),
            *(_table_sheet(name, records, known) for name, records, known in tables),
        ]
    )


def spreadsheet_name(entry: StrategyEntry) -> str:
    """The file name of a strategy's spreadsheet: its id (lower case, dashes), never a generic
    name that would be lost among a resident's downloads."""
    return f"{entry.id}.ods"


def _strategy_files(items: list[dict], measures: list[dict]) -> dict[str, str]:
    files = {"items.csv": to_csv(_flat(items), ITEM_COLUMNS), "items.json": _json(items)}
    if measures:
        files["measures.csv"] = to_csv(measures, MEASURE_COLUMNS)
        files["measures.json"] = _json(measures)
    return files


def downloads(site: Site, entry: StrategyEntry, as_at: datetime.date) -> dict[str, str | bytes]:
    """File name to content (text, or bytes for the spreadsheet), for the strategy's data folder;
    progress as at ``as_at``."""
    items, measures = item_records(site, entry, as_at), measure_records(entry)
    files: dict[str, str | bytes] = dict(_strategy_files(items, measures))
    organisation = site.party(entry.model.organisation)
    owner = organisation.label() if organisation is not None else entry.model.organisation
    source = [f"{owner}: {entry.title}."]
    if entry.model.source is not None:
        document = entry.model.source
        source.append(
            f"Transcribed from the published document: {document.title}"
            + (f" ({document.date.display()})" if document.date else "")
            + (f", {document.url}" if document.url else "")
            + "."
        )
    source.append("Progress comes from the progress reports published with the strategy.")
    about = [
        f"The objectives, priorities and actions of {entry.title} ({entry.model.period.start.display()} to "
        f"{entry.model.period.end.display()}), with who oversees each and its latest status; and its "
        "measures of success, with their values."
    ]
    files[spreadsheet_name(entry)] = _spreadsheet(
        f"{entry.title}: items and measures", about, source, [entry], items, measures, as_at
    )
    return files


def _readme(site: Site, as_at: datetime.date) -> str:
    """The zip's README: what is in it, and every column in plain words."""
    lines = [
        "Every strategy published on this site: its items and measures, in one download.",
        "",
        "strategies/<strategy>/items.csv and items.json",
        "  Every item of the strategy (objectives, priorities, actions): one row or record each.",
        "strategies/<strategy>/measures.csv and measures.json",
        "  Every value of each of its measures: one row or record each (one for a measure with no values yet).",
        "  The same files as each strategy's page offers for download.",
        "schema/",
        "  The JSON Schemas of the content files the site is built from.",
        "",
        "CSV files are UTF-8, with a header row of the short column names below. An empty cell means the",
        "content does not say. In JSON, lists (owners, places...) are lists; in CSV, their items are",
        "separated by '; '. Text that a spreadsheet would run as a formula starts with an apostrophe.",
        "",
        f"Strategies: {len(site.strategies)}.",
    ]
    latest = _latest_report_date(list(site.strategies.values()))
    lines.append(
        f"Statuses as reported, the latest in a progress report dated {latest.iso()}."
        if latest
        else "No progress report is published here."
    )
    lines.append(f"The progress and due_flag columns are as at {as_at.isoformat()}.")
    for title, known in (("Columns of items.csv", ITEM_COLUMNS), ("Columns of measures.csv", MEASURE_COLUMNS)):
        lines += ["", title, ""]
        lines += [f"{name} ({label}): {note}" for name, (label, note) in known.items()]
    return "\n".join(lines) + "\n"


def _joined(texts: list[str], header: str) -> str | None:
    """CSV texts with the same header as one CSV (the header once); None if a header differs."""
    if any(not text.startswith(header) for text in texts):
        return None
    return header + "".join(text[len(header) :] for text in texts)


def site_downloads(site: Site, as_at: datetime.date, made: dict | None = None) -> dict[str, str | bytes]:
    """The whole site's downloads, by published path: every strategy's items and measures as
    CSV and as a spreadsheet, and the zip of every strategy's CSV and JSON files with the JSON
    Schemas and a README; progress as at ``as_at``. ``made``: files already made, by published path (the generator's),
    which are taken as they are rather than made again (the zip then holds the very files the
    strategies' pages offer)."""
    from .urls import strategy_folder

    made = made or {}
    entries = list(site.strategies.values())
    items, measures, members = [], [], [("README.txt", _readme(site, as_at))]
    item_texts, measure_texts = [], []
    for entry in entries:
        strategy_items, strategy_measures = item_records(site, entry, as_at), measure_records(entry)
        items.extend(strategy_items)
        measures.extend(strategy_measures)
        folder = strategy_folder(entry.id) + "data/"
        names = ["items.csv", "items.json"] + (["measures.csv", "measures.json"] if strategy_measures else [])
        if all(isinstance(made.get(folder + name), str) for name in names):
            files = {name: made[folder + name] for name in names}
        else:
            files = _strategy_files(strategy_items, strategy_measures)
        item_texts.append(files["items.csv"])
        measure_texts.extend([files["measures.csv"]] if "measures.csv" in files else [])
        members.extend((f"strategies/{entry.id}/{name}", text) for name, text in files.items())
    members.extend((f"schema/{name}", text) for name, text in schema_files().items())
    about = [
        f"The objectives, priorities and actions of every strategy on this site ({len(entries)}), with who "
        "oversees each and its latest status; and their measures of success, with their values."
    ]
    source = [
        "The strategies' content, as published on this site: each strategy transcribed from its council's "
        "published document, and progress from the progress reports published with it."
    ]
    # The site's tables are the strategies', one after another: their CSV files joined, where
    # they name the same columns (as they do), rather than written again.
    item_header, measure_header = (to_csv([], known) for known in (ITEM_COLUMNS, MEASURE_COLUMNS))
    return {
        SITE_ITEMS_CSV: _joined(item_texts, item_header) or to_csv(_flat(items), ITEM_COLUMNS),
        SITE_MEASURES_CSV: _joined(measure_texts, measure_header) or to_csv(measures, MEASURE_COLUMNS),
        SITE_SPREADSHEET: _spreadsheet(
            "Every strategy: items and measures", about, source, entries, items, measures, as_at
        ),
        SITE_ZIP: zip_bytes(members),
    }
