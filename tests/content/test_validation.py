"""Bad content gets a clear message at the right line, and every problem comes out at once.

Each folder in fixtures/invalid/ overlays a small valid project (fixtures/base/). A line that
should be reported carries a comment '# ERROR: <text the message must contain>'.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from strategies.content.loader import load_site

from support import FIXTURES, ROOT, make_project, project_with_site_config, run_cli

CONTENT = ROOT / "content"
CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir())
MARKER = re.compile(r"#\s*ERROR:\s*(.+?)\s*$")


def expected_errors(project: Path) -> dict[tuple[str, int], str]:
    found = {}
    for path in sorted((project / "content").rglob("*")):
        if path.suffix not in (".yaml", ".md", ".csv") or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if match := MARKER.search(line):
                found[(path.relative_to(project).as_posix(), number)] = match.group(1)
    return found


def test_base_fixture_is_valid(tmp_path):
    site, problems = load_site(make_project(tmp_path) / "content", tmp_path)
    assert not problems, problems.report()
    assert len(site.strategies["example-strategy"].actions()) == 3


@pytest.mark.parametrize("case", CASES)
def test_each_problem_is_reported_at_its_line(tmp_path, case):
    project = make_project(tmp_path, case)
    expected = expected_errors(project)
    assert expected, f"fixture {case} marks no expected error"
    _, problems = load_site(project / "content", project)
    reported = {(p.location.file, p.location.line): p.message for p in problems}
    assert set(reported) == set(expected), problems.report()
    for where, text in expected.items():
        assert text in reported[where], f"{where}: {reported[where]!r} lacks {text!r}"


@pytest.mark.parametrize("case", CASES)
def test_pure_python_parser_reports_the_same_lines(tmp_path, case, monkeypatch):
    """LibYAML parses content when PyYAML has it; without it, officers get the same report."""
    from strategies.content import yaml_source

    project = make_project(tmp_path, case)
    _, with_libyaml = load_site(project / "content", project)
    monkeypatch.setattr(yaml_source, "LOADER", yaml_source.PYTHON_LOADER)
    _, pure_python = load_site(project / "content", project)
    assert [(p.location.file, p.location.line) for p in pure_python] == [
        (p.location.file, p.location.line) for p in with_libyaml
    ]


def test_both_parsers_read_shipped_content_alike(monkeypatch):
    """Values, types and text styles (which place errors inside '|' blocks) agree."""
    from strategies.content import yaml_source

    def read_all(loader):
        monkeypatch.setattr(yaml_source, "LOADER", loader)
        return {path: _plain(yaml_source.load_yaml(path, path.name)) for path in sorted(CONTENT.rglob("*.yaml"))}

    assert read_all(yaml_source.PYTHON_LOADER) == read_all(yaml_source.LOADER)


def _plain(value):
    """A loaded value with its types and styles spelled out, for comparison."""
    if isinstance(value, dict):
        return {key: (_plain(item), value.value_styles[key]) for key, item in value.items()}
    if isinstance(value, list):
        return [(_plain(item), style) for item, style in zip(value, value.item_styles)]
    return (type(value).__name__, value)


def test_every_report_line_names_file_line_and_column(tmp_path):
    project = make_project(tmp_path, "several-files")
    _, problems = load_site(project / "content", project)
    lines = problems.report().splitlines()
    assert len(lines) == 4  # three problems in two files, then the summary
    for line in lines[:-1]:
        assert re.match(r"^content/[\w/.-]+\.yaml:\d+:\d+: \S", line), line
    assert lines[-1] == "Found 3 problems in the content. Nothing was published."


def test_file_that_is_not_utf8_is_named(tmp_path):
    project = make_project(tmp_path)
    path = project / "content" / "organisations" / "example-council.yaml"
    path.write_bytes(path.read_bytes().replace(b"Example Borough", b"Caf\xe9 Borough"))
    _, problems = load_site(project / "content", project)
    [problem] = list(problems)
    assert problem.location.file == "content/organisations/example-council.yaml"
    assert problem.location.line == 3  # the line holding the bad byte
    assert "not UTF-8" in problem.message


def test_byte_order_mark_is_accepted(tmp_path):
    project = make_project(tmp_path)
    path = project / "content" / "example-strategy" / "strategy.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    _, problems = load_site(project / "content", project)
    assert not problems, problems.report()


def test_folder_without_strategy_file_is_reported(tmp_path):
    project = make_project(tmp_path)
    (project / "content" / "half-started").mkdir()
    _, problems = load_site(project / "content", project)
    assert [str(p) for p in problems] == [
        "content/half-started: this strategy folder has no strategy.yaml: add one (see the editing "
        "guide), or move the folder out of content/."
    ]


@pytest.mark.build
def test_validate_command_exits_1_with_messages_and_no_traceback(tmp_path):
    project = make_project(tmp_path, "several-files")
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "content/example-strategy/strategy.yaml:6:9: 'adoptd' is not an allowed value" in result.stderr


@pytest.mark.build
def test_validate_command_passes_good_content(tmp_path):
    result = run_cli("validate", cwd=make_project(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Content is valid: 1 strategies, 3 actions" in result.stdout


def test_names_ending_in_a_line_break_are_not_ids(tmp_path):
    """A name checked with re.match and '$' let 'id\\n' through: folder and file names become
    web addresses, so each is refused at its path."""
    project = make_project(tmp_path)
    strategy = project / "content" / "example-strategy"
    shutil.copytree(strategy, project / "content" / "copy\n", ignore=shutil.ignore_patterns("pages"))
    (strategy / "progress").mkdir()
    (strategy / "progress" / "2030-h1\n.yaml").write_text("title: x\ndate: 2030\n", encoding="utf-8")
    _, problems = load_site(project / "content", project)
    assert [(p.location.file, p.message.split(":")[0]) for p in problems] == [
        ("content/copy\n/strategy.yaml", "the folder name 'copy\n' becomes a web address"),
        ("content/example-strategy/progress/2030-h1\n.yaml", "report file names become web addresses"),
    ]


@pytest.mark.build
def test_names_too_long_for_the_files_made_from_them_are_refused_where_they_are(tmp_path):
    """A 255-character folder name passed validation, then the build failed with "File name too
    long" and no file or line: each name that becomes an id is checked for length at its path."""
    project = project_with_site_config(tmp_path)
    strategy = project / "content" / "example-strategy"
    long_name = "a" + "-long-name" * 25  # 251 characters: a folder may have it, the build's files may not
    shutil.copytree(strategy, project / "content" / long_name)
    (strategy / "progress").mkdir()
    (strategy / "progress" / ("h" * 81 + ".yaml")).write_text("title: x\ndate: 2030\n", encoding="utf-8")
    (strategy / "pages" / ("p" * 81 + ".md")).write_text("---\ntitle: Long\n---\nText.\n", encoding="utf-8")
    _, problems = load_site(project / "content", project)
    assert sorted((p.location.file, p.message.split(":")[0]) for p in problems) == sorted(
        [
            (
                f"content/{long_name}",
                f"the name '{long_name[:30]}…' is 251 characters long, and it becomes a web address and part of the names of the files the build makes",
            ),
            (
                "content/example-strategy/pages/" + "p" * 81 + ".md",
                f"the name '{'p' * 30}…' is 81 characters long, and it becomes a web address and part of the names of the files the build makes",
            ),
            (
                "content/example-strategy/progress/" + "h" * 81 + ".yaml",
                f"the name '{'h' * 30}…' is 81 characters long, and it becomes a web address and part of the names of the files the build makes",
            ),
        ]
    )
    assert all("shorten it to 80 characters or fewer" in p.message for p in problems)
    result = run_cli("build", cwd=project)  # stops at the check, naming each: no "File name too long"
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("shorten it to 80 characters or fewer") == 3, result.stderr


def test_a_file_nested_too_deeply_says_what_to_do(tmp_path):
    project = make_project(tmp_path)
    path = project / "content" / "organisations" / "example-council.yaml"
    path.write_text("name: " + "[" * 700 + "]" * 700 + "\n", encoding="utf-8")  # LibYAML stops at 1,000
    _, problems = load_site(project / "content", project)
    [problem] = list(problems)
    assert str(problem) == (
        "content/organisations/example-council.yaml:1:1: this file is nested too deeply to read: it has "
        "hundreds of lists or blocks inside one another, where content needs a few (items inside items). "
        "Look for a run of '[' or '{' that is never closed, or for lines indented further and further, and "
        "correct it."
    )
