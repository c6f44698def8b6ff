"""A plan's "By when?" saying "Ongoing": `strategies import` writes ``due: ongoing``, and a
progress return lists the action as due "ongoing"."""

from __future__ import annotations

from strategies.commands.cli import main
from strategies.commands.returns import GIVEN, action_rows
from strategies.content.loader import load_site
from strategies.content.model import ONGOING, PartialDate

from support import make_project, project_with_site_config


def _import(project, capsys, plan) -> tuple[int, str]:
    status = main(
        [
            "--root",
            str(project),
            "import",
            "ongoing-plan",
            "--from",
            str(plan),
            "--organisation",
            "example-council",
            "--title",
            "An Ongoing Plan",
            "--start",
            "2025",
            "--end",
            "2028",
        ]
    )
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_an_imported_plans_ongoing_due_becomes_due_ongoing(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Objective,Action,Due\nHealthier lives,,\n,Open a hub,Ongoing\n,Run a fair, ONGOING \n"
        ",Hold a festival,2026-07\n",
        encoding="utf-8",
    )
    status, output = _import(project, capsys, plan)
    assert status == 0, output
    text = (project / "content" / "ongoing-plan" / "strategy.yaml").read_text(encoding="utf-8")
    assert text.count("due: ongoing\n") == 2 and "due: 2026-07\n" in text
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    dues = {view.node.title: view.node.due for view in site.strategies["ongoing-plan"].actions()}
    assert dues == {"Open a hub": ONGOING, "Run a fair": ONGOING, "Hold a festival": PartialDate(2026, 7)}


def test_a_due_cell_that_is_neither_says_ongoing_is_allowed(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    plan = tmp_path / "plan.csv"
    plan.write_text("Objective,Action,Due\nHealthier lives,,\n,Open a hub,Spring\n", encoding="utf-8")
    status, output = _import(project, capsys, plan)
    assert status == 1 and not (project / "content" / "ongoing-plan").exists()
    assert (
        "plan.csv:3:1: 'Spring' is not a date: write it as 2025, 2025-03 or 2025-03-31, or Ongoing where the "
        "plan says so (or leave the cell empty when the plan gives none)."
    ) in output


def test_a_progress_return_lists_an_ongoing_action_as_due_ongoing(tmp_path):
    project = make_project(tmp_path)
    path = project / "content" / "example-strategy" / "strategy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("due: 2023-07", "due: Ongoing"), encoding="utf-8")
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    rows = {row[0]: dict(zip(GIVEN, row)) for row in action_rows(site, site.strategies["example-strategy"])}
    assert rows["healthy-lives-1"]["Due"] == "ongoing"
    assert rows["healthy-lives-2"]["Due"] == ""
