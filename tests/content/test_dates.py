"""Due dates as real action plans give them, and dates outside a strategy's period.

A plan's "By when?" column may say "Ongoing": that is ``due: ongoing`` (any case), shown as
"Ongoing", never as "Not stated". A date before or after the strategy's period is a warning from
``strategies validate`` (strategies/content/checks.py), at its file, line and column: never a
problem, and never for an old version, which is kept as it was released."""

from __future__ import annotations

import pickle
import shutil

import jsonschema
import pytest

from strategies.commands.cli import main
from strategies.content.checks import DATE_KINDS, check_dates, date_summary
from strategies.content.loader import load_site
from strategies.content.model import ONGOING, Node, Ongoing, PartialDate, parse_due
from strategies.content.schema import json_schema

from support import ROOT, make_project, run_cli

STRATEGY = "content/example-strategy/strategy.yaml"  # period 2022 to 2026; healthy-lives-1 is due 2023-07


def _project(tmp_path, due: str = "2023-07", start: str | None = None):
    project = make_project(tmp_path)
    path = project / STRATEGY
    text = path.read_text(encoding="utf-8")
    assert text.count("        due: 2023-07\n") == 1
    lines = f"        due: {due}\n" + (f"        start: {start}\n" if start else "")
    path.write_text(text.replace("        due: 2023-07\n", lines), encoding="utf-8")
    return project


def _load(project):
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    return site


def _line_of(project, text: str) -> int:
    lines = (project / STRATEGY).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.strip() == text)


# --- due: ongoing -------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["ongoing", "Ongoing", "ONGOING"])
def test_ongoing_loads_in_any_case(tmp_path, written):
    site = _load(_project(tmp_path, written))
    due = site.strategies["example-strategy"].nodes["healthy-lives-1"].node.due
    assert due is ONGOING
    assert not isinstance(due, PartialDate)
    assert (due.iso(), due.display(), str(due)) == ("ongoing", "Ongoing", "ongoing")


def test_ongoing_round_trips_and_is_one_value():
    node = Node(id="a", title="A", due="Ongoing")
    dumped = node.model_dump(mode="json")
    assert dumped["due"] == "ongoing"
    assert Node.model_validate(dumped).due == node.due == ONGOING
    assert Ongoing() is ONGOING and pickle.loads(pickle.dumps(ONGOING)) is ONGOING
    assert hash(Ongoing()) == hash(ONGOING)
    assert PartialDate(2025) != ONGOING and PartialDate(2025) != ONGOING
    assert {ONGOING, Ongoing()} == {ONGOING}
    assert parse_due("2025-03") == PartialDate(2025, 3) and parse_due(" ongoing ") is ONGOING
    assert Node(id="a", title="A", due="2025-03").model_dump(mode="json")["due"] == "2025-03"


def test_the_json_schema_takes_a_date_or_ongoing():
    schema = json_schema("strategy")
    item = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/Node"})
    for due in ("ongoing", "2025", 2025, "2025-03-31"):
        assert not list(item.iter_errors({"id": "a", "title": "A", "due": due})), due
    assert list(item.iter_errors({"id": "a", "title": "A", "due": "soon"}))
    description = schema["$defs"]["Node"]["properties"]["due"]["description"]
    assert "ongoing" in description and "2022-07" in description


def test_a_bad_due_date_names_both_forms_at_its_line(tmp_path):
    project = _project(tmp_path, "soon")
    _, problems = load_site(project / "content", project)
    [problem] = list(problems)
    assert (problem.location.file, problem.location.line) == (STRATEGY, _line_of(project, "due: soon"))
    assert problem.message == (
        "'due': 'soon' is not a due date: write a date, as 2021, 2021-07 or 2021-07-31, "
        "or the word ongoing where the document says the work is ongoing."
    )


def test_a_date_shaped_due_keeps_the_dates_own_message(tmp_path):
    project = _project(tmp_path, "2023-13")
    _, problems = load_site(project / "content", project)
    assert [p.message for p in problems] == ["'due': '2023-13' has no month 13: months run 01 to 12."]


def test_start_is_a_date_not_ongoing(tmp_path):
    project = _project(tmp_path, "2024", start="ongoing")
    _, problems = load_site(project / "content", project)
    assert [p.message for p in problems] == [
        "'start': 'ongoing' is not a date: write it as 2021, 2021-07 or 2021-07-31."
    ]


def test_ongoing_is_never_due_before_it_starts(tmp_path):
    _load(_project(tmp_path, "ongoing", start="2025"))  # no "due before it starts" problem


# --- dates outside the strategy's period ---------------------------------------------------


def test_a_due_date_before_the_period_is_a_warning_at_its_line(tmp_path):
    project = _project(tmp_path, "2021-12")
    [warning] = check_dates(_load(project))
    line = _line_of(project, "due: 2021-12")
    assert (warning.location.file, warning.location.line, warning.location.column) == (STRATEGY, line, 14)
    assert warning.kind == "outside-period"
    assert warning.message == (
        "the due date, December 2021, is before the strategy's period (2022 to 2026): check it against the "
        "document, in case of a slip in typing or copying. If the document really says so, leave it as it is."
    )


def test_a_start_date_after_the_period_is_a_warning(tmp_path):
    project = _project(tmp_path, "ongoing", start="2027-01")
    [warning] = check_dates(_load(project))
    assert warning.location.line == _line_of(project, "start: 2027-01")
    assert warning.message.startswith("the start date, January 2027, is after the strategy's period (2022 to 2026)")


@pytest.mark.parametrize("due", ["2022", "2022-01-01", "2026-12-31", "2024-06", "ongoing", "Ongoing"])
def test_no_warning_for_a_date_inside_the_period_or_ongoing(tmp_path, due):
    assert check_dates(_load(_project(tmp_path, due))) == []


def test_a_partial_date_is_outside_only_when_all_of_it_is(tmp_path):
    project = _project(tmp_path, "2024")
    path = project / STRATEGY
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("period:\n  start: 2022\n  end: 2026\n", "period:\n  start: 2021-04\n  end: 2024-03\n"),
        encoding="utf-8",
    )
    assert check_dates(_load(project)) == []  # 2024 reaches into a period ending March 2024
    path.write_text(path.read_text(encoding="utf-8").replace("due: 2024\n", "due: 2024-04\n"), encoding="utf-8")
    [warning] = check_dates(_load(project))
    assert "April 2024, is after the strategy's period (April 2021 to March 2024)" in warning.message


def test_old_versions_are_left_as_released(tmp_path, capsys):
    project = _project(tmp_path, "2021-12")
    shutil.copytree(ROOT / "macros", project / "macros")  # `release` writes from macros/scaffold/
    assert (
        main(
            [
                "--root",
                str(project),
                "release",
                "example-strategy",
                "First edition",
                "--summary",
                "The first edition.",
                "--date",
                "2022-06-01",
            ]
        )
        == 0
    )
    capsys.readouterr()
    path = project / STRATEGY
    path.write_text(path.read_text(encoding="utf-8").replace("due: 2021-12\n", "due: 2023-07\n"), encoding="utf-8")
    site = _load(project)
    [old] = site.strategies["example-strategy"].revisions
    assert old.nodes["healthy-lives-1"].node.due == PartialDate(2021, 12)  # outside its period, as released
    assert check_dates(site) == []


def test_summary_counts_date_warnings_by_kind():
    assert date_summary([]) == "Dates: no warnings."
    assert set(DATE_KINDS) == {"outside-period"}


@pytest.mark.build
def test_validate_prints_date_warnings_with_file_and_line_and_still_passes(tmp_path):
    project = _project(tmp_path, "2021-12")
    line = _line_of(project, "due: 2021-12")
    result = run_cli("validate", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        f"{STRATEGY}:{line}:14: warning: the due date, December 2021, is before the strategy's period" in result.stdout
    )
    assert lines[-2] == (
        "Dates: 1 warning (1 date outside its strategy's period). Warnings do not stop the site being published."
    )
    assert lines[-1].startswith("Content is valid: 1 strategies")


@pytest.mark.build
def test_date_warnings_are_github_warnings_even_with_strict_style(tmp_path):
    project = _project(tmp_path, "2021-12")
    line = _line_of(project, "due: 2021-12")
    for extra in ((), ("--strict-style",)):
        result = run_cli("validate", "--format", "github", *extra, cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith(
            f"::warning file={STRATEGY},line={line},col=14,title=Date outside period::the due date, December 2021"
        )


@pytest.mark.build
def test_date_and_plain_english_warnings_share_one_summary_line(tmp_path):
    project = _project(tmp_path, "2021-12")
    long = (
        "This sentence goes on and on with one word after another until it has far more than the "
        "twenty five words a reader can easily hold in mind at once."
    )
    (project / "content" / "example-strategy" / "pages" / "notes.md").write_text(
        f"---\ntitle: Notes\norder: 5\n---\n\n{long}\n", encoding="utf-8"
    )
    result = run_cli("validate", cwd=project)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert [w.split(":")[0] for w in warnings] == ["content/example-strategy/pages/notes.md", STRATEGY]
    assert result.stdout.splitlines()[-2] == (
        "Plain English: 1 warning (1 sentence over 25 words). Dates: 1 warning (1 date outside its strategy's "
        "period). Warnings do not stop the site being published."
    )
    strict = run_cli("validate", "--strict-style", cwd=project)
    assert strict.returncode == 1
    assert f"{STRATEGY}:" in strict.stdout and ": warning: the due date" in strict.stdout
    assert "--strict-style makes the plain-English warnings errors" in strict.stdout
