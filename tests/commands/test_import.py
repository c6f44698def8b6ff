"""An action plan kept as a spreadsheet becomes a strategy: the hierarchy rebuilt from its level
columns, owners matched to posts (never invented), every row that cannot be placed listed, and
nothing written until the plan is right. What is written validates, and is never overwritten."""

from __future__ import annotations

import datetime

import openpyxl
import pandas as pd

from strategies.commands.cli import main
from strategies.content.loader import load_site

from support import project_with_site_config


def _import(project, capsys, plan, *extra, strategy="imported-plan") -> tuple[int, str]:
    status = main(
        [
            "--root",
            str(project),
            "import",
            strategy,
            "--from",
            str(plan),
            "--organisation",
            "example-council",
            "--title",
            "An Imported Plan",
            "--start",
            "2025",
            "--end",
            "2028",
            *extra,
        ]
    )
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _xlsx(path, rows, title="Action plan", more_sheets=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name in more_sheets:
        book.create_sheet(name)
    book.save(path)
    return path


# As a council's officer might keep it: a title above the table, the objective written once (or in a
# merged cell) above its actions, owners by their post titles, dates typed as dates, a notes column.
PLAN = [
    ["Example Council equality action plan 2025-28"],
    [],
    ["Ref", "Objective", "Action", "Lead officer", "Due date", "Status", "Notes"],
    ["1", "Healthier lives", None, "Director of Public Health", None, None, "Board lead"],
    [
        "1.1",
        None,
        "Open two wellbeing hubs",
        "example-director-of-public-health",
        datetime.datetime(2026, 3, 31),
        "On track",
        None,
    ],
    ["1.2", "Healthier lives", "Halve smoking in pregnancy", "Director of Public Health", 2027, "not-started", None],
    ["2", "Good work", None, "Director of Growth", None, None, None],
    ["2.1", None, "Run a jobs fair", "Director of Growth; Director of Public Health", "2025-09", None, None],
]


def test_a_plan_with_level_columns_becomes_a_valid_strategy(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    plan = _xlsx(tmp_path / "plan.xlsx", PLAN)
    status, output = _import(project, capsys, plan)
    assert status == 0, output
    assert "with 5 items. Columns not imported: Notes." in output
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    entry = site.strategies["imported-plan"]
    assert [level.name for level in entry.model.levels] == ["Objective", "Action"]
    tree = [
        (
            view.depth,
            view.node.label,
            view.node.title,
            view.node.owners,
            view.node.due and view.node.due.iso(),
            view.node.status,
        )
        for view in entry.walk()
    ]
    assert tree == [
        (0, "1", "Healthier lives", ["example-director-of-public-health"], None, None),
        (1, "1.1", "Open two wellbeing hubs", ["example-director-of-public-health"], "2026-03-31", "on-track"),
        (1, "1.2", "Halve smoking in pregnancy", ["example-director-of-public-health"], "2027", "not-started"),
        (0, "2", "Good work", ["example-director-of-growth"], None, None),
        (
            1,
            "2.1",
            "Run a jobs fair",
            ["example-director-of-growth", "example-director-of-public-health"],
            "2025-09",
            None,
        ),
    ]
    assert [view.id for view in entry.walk()][:2] == ["1-healthier-lives", "1-1-open-two-wellbeing-hubs"]
    # never overwritten
    written = (project / "content" / "imported-plan" / "strategy.yaml").read_bytes()
    status, output = _import(project, capsys, plan)
    assert status == 1 and "content/imported-plan already exists" in output
    assert (project / "content" / "imported-plan" / "strategy.yaml").read_bytes() == written


def test_every_row_that_cannot_be_placed_and_every_unknown_owner_is_listed(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    rows = [
        ["Objective", "Action", "Owner", "Due", "Status"],
        [None, "An action before any objective", "Director of Growth", None, None],
        ["Healthier lives", None, "Director of Pubic Health", None, None],
        [None, "Open a hub", "example-director-of-grwoth", "2025-13", "Green"],
        [None, None, "Director of Growth", None, None],
    ]
    plan = _xlsx(tmp_path / "plan.xlsx", rows, more_sheets=["Notes"])
    status, output = _import(project, capsys, plan, "--sheet", "Action plan")
    assert status == 1 and not (project / "content" / "imported-plan").exists()
    name = 'plan.xlsx, sheet "Action plan"'
    assert output.splitlines() == [
        f"{name}, cell B2: 'An action before any objective' is an Action with no Objective above it, so it cannot "
        "be placed: give the Objective in the row, or in a row above it.",
        f"{name}, cell C3: 'Director of Pubic Health' is not a known post or organisation. Did you mean 'Director of "
        "Public Health'? Write a post's id or title from content/organisations/, or add the post there first.",
        f"{name}, cell C4: 'example-director-of-grwoth' is not a known post or organisation. Did you mean "
        "'example-director-of-growth'? Write a post's id or title from content/organisations/, or add the post "
        "there first.",
        f"{name}, cell D4: '2025-13' is not a date: write it as 2025, 2025-03 or 2025-03-31 (or leave the cell "
        "empty when the plan gives none).",
        f"{name}, cell E4: 'Green' is not a status. Use one of: Not started, On track, At risk, Off track, "
        "Complete; or leave the cell empty when nothing is reported.",
        f"{name}, cell A5: this row has no title in any level column (Objective, Action), so it cannot be placed: "
        "give its title in its level's column, or delete the row.",
        "Found 6 problems in the plan. Correct them, and run the command again. Nothing was written.",
    ]
    status, output = _import(project, capsys, plan)
    assert status == 1 and 'plan.xlsx has 2 sheets ("Action plan", "Notes")' in output


def test_a_level_and_title_layout_from_an_ods_or_csv_file(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    rows = [
        ["Level", "Label", "Title", "Owners", "Id"],
        ["Priority", "P1", "Start well", "example-director-of-public-health", "start-well"],
        ["Commitment", "P1.a", "Free breakfast clubs", None, None],
        ["Commitment", "P1.b", "=cmd|' /C calc'!A0", None, None],
        ["Priority", "P2", "Work well", None, None],
    ]
    plan = tmp_path / "plan.ods"
    with pd.ExcelWriter(plan, engine="odf") as writer:
        pd.DataFrame(rows[1:], columns=rows[0]).to_excel(writer, sheet_name="Plan", index=False)
    status, output = _import(project, capsys, plan, "--levels", "Priority,Commitment")
    assert status == 0, output
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    entry = site.strategies["imported-plan"]
    assert [(view.id, view.depth, view.node.title) for view in entry.walk()] == [
        ("start-well", 0, "Start well"),
        ("p1-a-free-breakfast-clubs", 1, "Free breakfast clubs"),
        ("p1-b-cmd-c-calc-a0", 1, "=cmd|' /C calc'!A0"),
        ("p2-work-well", 0, "Work well"),
    ]
    (tmp_path / "plan.csv").write_text("Level,Title\nPriority,One\nPledge,Two\n", encoding="utf-8")
    status, output = _import(
        project, capsys, tmp_path / "plan.csv", "--levels", "Priority,Commitment", strategy="from-csv"
    )
    assert status == 1 and "plan.csv:3:1: 'Pledge' is not one of the levels (Priority, Commitment)" in output


def test_a_plan_without_level_columns_says_how_to_name_them(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    plan = _xlsx(tmp_path / "plan.xlsx", [["Theme", "Task", "Owner"], ["A", "B", "C"]])
    status, output = _import(project, capsys, plan)
    assert status == 1 and "names no level columns (Objective, Action)" in output
    assert "or give --levels the plan's level names, top first" in output and "Traceback" not in output
    status, output = _import(project, capsys, plan, "--levels", "Theme,Task")
    assert status == 1 and "cell C2: 'C' is not a known post or organisation" in output
