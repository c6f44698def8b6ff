"""`new`, `report` and `release` refuse bad arguments before writing anything, naming the argument
and what to write instead; what they do write passes `strategies validate`, whatever the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategies.commands.cli import main
from strategies.content.loader import load_site

from support import project_with_site_config, run_cli

NEW = ["new", "--organisation", "example-council"]
HOSTILE = "A Fairer Town\nstatus: adopted\r\x85\u2028 # not a comment: \"quoted\" 'too' \a\x7f 😀 é"


def _everything(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder``, with the bytes of each file."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def project(tmp_path):
    return project_with_site_config(tmp_path)


def _refused(project: Path, capsys, *args: str) -> str:
    """Run a command that must be refused: exit 1, nothing under content/ changed; its message."""
    before = _everything(project / "content")
    assert main(["--root", str(project), *args]) == 1
    assert _everything(project / "content") == before
    message = capsys.readouterr().err
    assert message.rstrip().endswith("Nothing was written."), message
    return message


@pytest.mark.parametrize(
    "strategy_id, message",
    [
        (
            "fairer-town\n",
            "strategy: 'fairer-town\\n' is not a valid id: use lower-case letters, digits and hyphens "
            "only, such as 'improve-life-expectancy'. Choose one of at most 80 characters",
        ),
        (
            "a" * 300,
            "'strategy' is longer than the 80 characters allowed here. Choose one of at most 80 characters, "
            "e.g. fairer-town-2025-30.",
        ),
        ("Fairer_Town", "strategy: 'Fairer_Town' is not a valid id"),
        ("../escape", "strategy: '../escape' is not a valid id"),
    ],
)
def test_new_refuses_an_id_the_model_would_refuse(project, capsys, strategy_id, message):
    assert message in _refused(project, capsys, *NEW, strategy_id, "--title", "T")


def test_new_refuses_a_period_that_ends_before_it_starts(project, capsys):
    message = _refused(project, capsys, *NEW, "fairer-town", "--title", "T", "--start", "2030", "--end", "2020")
    assert message == (
        "--end (2020) is before --start (2030): the period would end before it starts. Check both "
        "years. Nothing was written.\n"
    )


def test_new_names_every_bad_argument_at_once(project, capsys):
    message = _refused(project, capsys, *NEW, "fairer-town", "--title", "T", "--start", "20300", "--end", "2030-13")
    assert message.splitlines() == [
        "'--start': '20300' is not a date: write it as 2021, 2021-07 or 2021-07-31. For example: --start 2025.",
        "'--end': '2030-13' has no month 13: months run 01 to 12. For example: --end 2030. Nothing was written.",
    ]


@pytest.mark.parametrize(
    "title, message",
    [
        ("  ", "--title is empty: give the strategy's title"),
        ("x" * 2001, "'--title' is longer than the 2000 characters allowed here."),
        ("Caf\udce9", "--title: Caf\\udce9 holds bytes that are not UTF-8 text: type it again"),
    ],
)
def test_new_refuses_a_title_the_model_would_refuse(project, capsys, title, message):
    assert message in _refused(project, capsys, *NEW, "fairer-town", "--title", title)


@pytest.mark.parametrize(
    "date, message",
    [
        ("banana", "'--date': 'banana' is not a date: write it as 2021, 2021-07 or 2021-07-31."),
        ("2024-13-45", "'--date': '2024-13-45' has no month 13: months run 01 to 12."),
        ("2024-02-30", "'--date': '2024-02-30' is not a day of the calendar."),
        ("2024-01-01\nstatus: off-track", "'--date': '2024-01-01\\nstatus: off-track' is not a date"),
    ],
)
@pytest.mark.parametrize("command", ["report", "release"])
def test_report_and_release_refuse_a_date_the_model_would_refuse(project, capsys, command, date, message):
    args = ["2025-h1"] if command == "report" else ["v1", "--summary", "First."]
    assert message in _refused(project, capsys, command, "example-strategy", *args, "--date", date)


def test_release_needs_the_day(project, capsys):
    assert _refused(project, capsys, "release", "example-strategy", "v1", "--summary", "x", "--date", "2024-02") == (
        "--date: '2024-02' needs a day: write the release date in full, e.g. 2025-04-01. Nothing was written.\n"
    )


@pytest.mark.parametrize(
    "name, message",
    [
        ("2030-h1\n", "name: '2030-h1\\n' is not a valid id"),
        ("r" * 81, "'name' is longer than the 80 characters allowed here."),
    ],
)
def test_report_refuses_a_name_the_model_would_refuse(project, capsys, name, message):
    assert message in _refused(project, capsys, "report", "example-strategy", name, "--date", "2025-07-01")


def test_report_refuses_a_date_or_name_another_report_has(project, capsys):
    assert main(["--root", str(project), "report", "example-strategy", "2025-h1", "--date", "2025-07-01"]) == 0
    capsys.readouterr()
    assert _refused(project, capsys, "report", "example-strategy", "2025-h2", "--date", "2025-07-01") == (
        "another report (content/example-strategy/progress/2025-h1.yaml) is dated 2025-07-01: give each report "
        "its own date with --date. Nothing was written.\n"
    )
    (project / "content" / "example-strategy" / "progress" / "2026-h1.yml").write_text(
        "title: x\ndate: 2026-01-01\n", encoding="utf-8"
    )
    assert "2026-h1.yml already exists: choose another name." in _refused(
        project, capsys, "report", "example-strategy", "2026-h1", "--date", "2026-07-01"
    )


def test_hostile_text_is_written_so_that_it_validates_and_reads_back(project, capsys):
    """Line breaks (\\n, \\r, NEL, LS), '#', quotes and control characters in arguments, and in
    the titles and ids templates copy from content, cannot start a YAML key or break a comment."""
    strategy = project / "content" / "example-strategy" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8").replace(
        "- id: healthy-lives-2\n        title: Reduce smoking",
        '- id: "2030"\n        title: "Reduce\\nstatus: x\\r\\N\\L # smoking\\a"',
    )
    strategy.write_text(text, encoding="utf-8")
    (project / "content" / "organisations" / "yes.yaml").write_text(
        'id: "yes"\nname: "Yes\\nCouncil"\n', encoding="utf-8"
    )
    root = ["--root", str(project)]
    assert (
        main(
            [
                *root,
                "new",
                "fairer-town",
                "--organisation",
                "yes",
                "--title",
                HOSTILE,
                "--start",
                "2025-04",
                "--end",
                "2030",
            ]
        )
        == 0
    )
    assert main([*root, "report", "example-strategy", "2025-h1", "--date", "2025-07-01"]) == 0
    assert main([*root, "report", "fairer-town", "2026-h1", "--date", "2026"]) == 0
    assert (
        main([*root, "release", "example-strategy", "v1\nlabel: x", "--summary", HOSTILE, "--date", "2025-08-01"]) == 0
    )
    assert main([*root, "release", "fairer-town", "As adopted", "--summary", "x", "--date", "2025-08-01"]) == 0
    capsys.readouterr()

    assert main([*root, "validate"]) == 0, capsys.readouterr().err
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    new = site.strategies["fairer-town"]
    assert (new.title, new.model.status, new.model.organisation) == (HOSTILE.strip(), "draft", "yes")
    assert str(new.model.period.start) == "2025-04"
    example = site.strategies["example-strategy"]
    assert [u.action for u in example.reports[0].model.updates] == ["healthy-lives-1", "2030", "good-work-1"]
    [old] = example.revisions
    assert (old.revision.label, old.revision.model.summary) == ("v1 label: x", " ".join(HOSTILE.split()))
    assert list(old.revision.model.statuses) == ["healthy-lives-1", "2030", "good-work-1"]
    [old_new] = new.revisions
    assert old_new.revision.model.holders["yes"].organisation == "Yes\nCouncil"


def test_a_template_that_writes_a_value_raw_is_caught_before_writing(project, capsys):
    """A comms team may override templates: one that writes a title raw is refused, not written."""
    template = project / "macros" / "scaffold" / "strategy.yaml.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace("{{ title|quote }}", "{{ title }}"), encoding="utf-8"
    )
    message = _refused(project, capsys, *NEW, "fairer-town", "--title", "X\nstatus: adopted")
    assert message.startswith(
        "macros/scaffold/strategy.yaml.j2 makes a file that `strategies validate` would "
        "refuse:\ncontent/fairer-town/strategy.yaml:"
    )
    assert "'status' appears twice in the same block" in message
    assert message.endswith("Correct the template. Nothing was written.\n")


@pytest.mark.build
def test_the_command_line_exits_1_with_a_message_and_no_traceback(project):
    before = _everything(project / "content")
    result = run_cli(*NEW, "a" * 300, "--title", "T", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("'strategy' is longer than the 80 characters allowed here.")
    assert _everything(project / "content") == before


def test_report_names_an_unknown_strategy(project, capsys):
    assert _refused(project, capsys, "report", "example-stratgy", "2025-h1") == (
        "'example-stratgy' is not a strategy in content/. Did you mean 'example-strategy'? Nothing was written.\n"
    )
