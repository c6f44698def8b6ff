"""Progress returns, round trip: a workbook for owners to fill, read back into one progress report.

The workbook is filled as an officer would (in Excel: openpyxl keeps the file as Excel saves
it; in LibreOffice: the ODS is saved again by a spreadsheet library), with the mistakes officers
make: a misspelt status, an id that is not an action, an action returned twice with different
answers. Each is reported at its file, sheet and cell; once corrected, the report validates,
the changed statuses are published, and a new workbook shows them as the current statuses.
"""

from __future__ import annotations

import csv
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest

from strategies.commands.cli import main
from strategies.commands.returns import ANSWERS, GIVEN, action_rows
from strategies.content.loader import load_site
from strategies.mkdocs_adapter.publish import build_site

from support import project_with_site_config

STRATEGY = "example-strategy"


def _returns(project, capsys, *extra) -> tuple[int, str]:
    status = main(["--root", str(project), "returns", STRATEGY, *extra])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _made(output: str):
    from pathlib import Path

    return Path(output.split("Created ", 1)[1].split(", listing", 1)[0])


def test_the_workbook_lists_each_action_with_a_drop_down_of_statuses(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    status, output = _returns(project, capsys, "--format", "xlsx", "--by", "2025-07-14")
    assert status == 0, output
    path = _made(output)
    assert path.parent == project / "returns" and path.name.startswith(f"{STRATEGY}-") and path.suffix == ".xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Cover", "Actions"]
    cover = [row[0] for row in book["Cover"].iter_rows(values_only=True)]
    assert cover[0] == "Progress return: Example Equality Objectives" and "14 July 2025" in cover
    assert any(str(line).startswith("2. For each action you can report on, choose its status now") for line in cover)
    sheet = book["Actions"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [*GIVEN, *ANSWERS]
    assert [row[0] for row in rows[1:]] == ["healthy-lives-1", "healthy-lives-2", "good-work-1"]
    assert rows[1][3] == "Alex Example, Director of Public Health"  # the owner above it, by name
    assert all(row[6:] == [None] * 4 for row in rows[1:])  # the owner's columns are empty
    [statuses, percent] = sheet.data_validations.dataValidation
    assert statuses.type == "list" and statuses.formula1 == '"Not started,On track,At risk,Off track,Complete"'
    assert str(statuses.sqref) == "G2:G4" and percent.type == "decimal" and str(percent.sqref) == "H2:H4"


def test_the_ods_workbook_has_the_drop_down_too(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    status, output = _returns(project, capsys, "--owner", "example-director-of-growth")
    assert status == 0, output
    path = _made(output)
    assert path.name.startswith(f"{STRATEGY}-example-director-of-growth-") and path.suffix == ".ods"
    content = zipfile.ZipFile(path).read("content.xml").decode("utf-8")
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    [validation] = ElementTree.fromstring(content).iter(f"{table}content-validation")
    assert validation.get(f"{table}condition") == (
        'of:cell-content-is-in-list("Not started";"On track";"At risk";"Off track";"Complete")'
    )
    assert content.count('table:content-validation-name="status"') == 1  # one action: good-work-1
    actions = pd.read_excel(path, sheet_name="Actions", engine="odf", dtype=object, keep_default_na=False)
    assert actions["Action id"].tolist() == ["good-work-1"]


def test_returns_never_overwrite_and_refuse_an_unknown_owner(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    assert _returns(project, capsys)[0] == 0
    [path] = (project / "returns").iterdir()
    before = path.read_bytes()
    status, output = _returns(project, capsys)
    assert status == 1 and "already exists: nothing was changed" in output and path.read_bytes() == before
    status, output = _returns(project, capsys, "--owner", "example-director-of-grwoth", "--out", "x.ods")
    assert status == 1 and "Did you mean 'example-director-of-growth'?" in output
    assert "Traceback" not in output


def _fill_xlsx(path, answers: dict[int, dict], extra_rows=()):
    """Type answers into rows (2 is the first action), as an officer would in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    header = [cell.value for cell in sheet[1]]
    for row, values in answers.items():
        for name, value in values.items():
            sheet.cell(row, header.index(name) + 1).value = value
    for values in extra_rows:
        sheet.append([values.get(name) for name in header])
    book.save(path)


def _report(project, capsys, name, *files) -> tuple[int, str]:
    status = main(
        ["--root", str(project), "report", STRATEGY, name, "--date", "2025-07-01", "--from", *map(str, files)]
    )
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.build
def test_filled_returns_read_back_with_every_problem_at_its_cell_then_publish(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    before, _ = load_site(project / "content", project)
    exported = action_rows(before, before.strategies[STRATEGY])
    first = _made(_returns(project, capsys, "--format", "xlsx", "--out", str(tmp_path / "growth.xlsx"))[1])
    second = _made(_returns(project, capsys, "--format", "xlsx", "--out", str(tmp_path / "health.xlsx"))[1])
    _fill_xlsx(
        first,
        {
            2: {"New status": "Complete", "Per cent complete": 100, "Commentary": "Done.\nEarly."},
            3: {"New status": "On trak"},
            4: {"Action id": "good-work-2", "New status": "At risk"},
        },
    )
    _fill_xlsx(
        second,
        {4: {"New status": "Off track", "Milestone": "Hub opened"}},
        extra_rows=[{"Action id": "healthy-lives-1", "New status": "At risk"}],
    )
    report = project / "content" / STRATEGY / "progress" / "2025-q2.yaml"
    status, output = _report(project, capsys, "2025-q2", first, second)
    assert status == 1 and not report.exists()
    first, second = (path.relative_to(project) if path.is_relative_to(project) else path for path in (first, second))
    assert output.splitlines() == [
        f"{first}, sheet \"Actions\", cell G3: 'On trak' is not a status. Did you mean 'On track'? Choose one of: "
        "Not started, On track, At risk, Off track, Complete.",
        f"{first}, sheet \"Actions\", cell A4: 'good-work-2' is not an action of this strategy. Did you mean "
        "'good-work-1'? Copy the id back from the workbook as it came.",
        f"{second}, sheet \"Actions\", cell A5: 'healthy-lives-1' is returned twice with different answers: here "
        f'and at {first}, sheet "Actions", cell A2. Keep one of the two, and empty the other\'s new columns.',
        "Found 3 problems in the returns. Correct them, and run the command again. Nothing was written.",
    ]
    first, second = project / first, project / second
    # corrected: the owner meant on-track, row 4 of the first return was the growth director's action
    _fill_xlsx(first, {3: {"New status": "On track"}, 4: {"Action id": "good-work-1", "New status": None}})
    _fill_xlsx(second, {5: {"New status": None}})
    status, output = _report(project, capsys, "2025-q2", first, second)
    assert status == 0, output
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    entry = site.strategies[STRATEGY]
    [written] = entry.reports
    assert [(u.action, u.status, u.percent, u.milestone, u.commentary) for u in written.model.updates] == [
        ("healthy-lives-1", "complete", 100, None, "Done.\nEarly."),
        ("healthy-lives-2", "on-track", None, None, None),
        ("good-work-1", "off-track", None, "Hub opened", None),
    ]
    # the changed statuses are published
    site_dir = tmp_path / "site"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    with open(site_dir / "strategies" / STRATEGY / "data" / "items.csv", encoding="utf-8") as handle:
        published = {row["id"]: row["status"] for row in csv.DictReader(handle) if row["status"]}
    assert published == {"healthy-lives-1": "complete", "healthy-lives-2": "on-track", "good-work-1": "off-track"}
    # re-exported, the same rows, now with the reported statuses as current
    assert [row[:5] for row in action_rows(site, entry)] == [row[:5] for row in exported]
    assert [row[5] for row in exported] == ["Not yet reported"] * 3
    assert [row[5] for row in action_rows(site, entry)] == ["Complete", "On track", "Off track"]
    # and the report is never overwritten
    assert _report(project, capsys, "2025-q2", first)[0] == 1


def test_an_ods_return_saved_by_a_spreadsheet_reads_back(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    path = _made(_returns(project, capsys)[1])
    actions = pd.read_excel(path, sheet_name="Actions", engine="odf", dtype=object)
    actions["New status"] = ["at-risk", None, "Not Started"]  # ids and labels in any case are understood
    actions["Per cent complete"] = ["40%", None, 0]
    filled = tmp_path / "filled.ods"
    with pd.ExcelWriter(filled, engine="odf") as writer:
        pd.DataFrame([["A note the owner added"]]).to_excel(writer, sheet_name="Cover", index=False, header=False)
        actions.to_excel(writer, sheet_name="Actions", index=False)
    status, output = _report(project, capsys, "2025-q2", filled)
    assert status == 0, output
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    [written] = site.strategies[STRATEGY].reports
    assert [(u.action, u.status, u.percent) for u in written.model.updates] == [
        ("healthy-lives-1", "at-risk", 40),
        ("good-work-1", "not-started", 0),
    ]
    text = (project / "content" / STRATEGY / "progress" / "2025-q2.yaml").read_text(encoding="utf-8")
    assert "# Not in any return (their status stays as it was): healthy-lives-2" in text


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"Per cent complete": 50}, "cell G2: this action has answers but no new status"),
        ({"New status": "Complete", "Per cent complete": "most"}, "cell H2: 'most' is not a number"),
        (
            {"New status": "Complete", "Milestone": "x" * 2001},
            "cell I2: 'milestone' is longer than the 2000 characters",
        ),
        (
            {"Action id": "healthy-lives", "New status": "Complete"},
            "cell A2: 'healthy-lives' is not an action but an item",
        ),
    ],
)
def test_each_answer_is_checked_as_the_content_model_would(tmp_path, capsys, answers, message):
    project = project_with_site_config(tmp_path)
    path = _made(_returns(project, capsys, "--format", "xlsx")[1])
    _fill_xlsx(path, {2: answers})
    status, output = _report(project, capsys, "2025-q2", path)
    assert status == 1 and message in output and "Traceback" not in output, output


def test_a_return_that_is_not_a_workbook_is_a_problem_not_a_traceback(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    (tmp_path / "return.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "return.docx").write_bytes(b"")
    status, output = _report(
        project, capsys, "2025-q2", tmp_path / "return.xlsx", tmp_path / "return.docx", tmp_path / "missing.ods"
    )
    assert status == 1 and "Traceback" not in output
    assert "return.xlsx: this file cannot be read as an Excel workbook (.xlsx)" in output
    assert "return.docx is not a CSV file (.csv) or a workbook (.xlsx or .ods)" in output
    assert "the data file missing.ods does not exist" in output or "missing.ods does not exist" in output
    assert "Found 3 problems in the returns" in output


def test_the_workbook_cells_are_safe_from_formulas(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    strategy = project / "content" / STRATEGY / "strategy.yaml"
    strategy.write_text(
        strategy.read_text(encoding="utf-8").replace(
            "title: Promote physical activity", 'title: "=HYPERLINK(\\"https://evil.example\\",\\"x\\")"'
        ),
        encoding="utf-8",
    )
    path = _made(_returns(project, capsys, "--format", "xlsx")[1])
    cell = openpyxl.load_workbook(path)["Actions"]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
