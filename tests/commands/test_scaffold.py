"""Officers create strategies and progress reports from templates; nothing is ever overwritten."""

from __future__ import annotations

from strategies.commands.cli import main
from strategies.content.loader import load_site

from support import project_with_site_config


def test_new_strategy_is_valid_and_never_overwrites(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    args = [
        "--root",
        str(project),
        "new",
        "fairer-town",
        "--organisation",
        "example-council",
        "--title",
        "A Fairer Town: 2025 to 2030",
        "--start",
        "2025",
        "--end",
        "2030",
    ]
    assert main(args) == 0
    created = project / "content" / "fairer-town" / "strategy.yaml"
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    assert site.strategies["fairer-town"].title == "A Fairer Town: 2025 to 2030"
    assert created.read_text().startswith("# yaml-language-server: $schema=../../schema/strategy.schema.json")
    before = created.read_bytes()
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
    assert created.read_bytes() == before


def test_new_strategy_refuses_an_unknown_organisation(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    assert main(["--root", str(project), "new", "x", "--organisation", "nobody", "--title", "X"]) == 1
    assert "'nobody' is not an organisation" in capsys.readouterr().err
    assert not (project / "content" / "x").exists()


def test_report_lists_every_action_and_never_overwrites(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    assert main(["--root", str(project), "report", "example-strategy", "2025-h1", "--date", "2025-07-01"]) == 0
    report = project / "content" / "example-strategy" / "progress" / "2025-h1.yaml"
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    entry = site.strategies["example-strategy"]
    listed = [u.action for u in entry.reports[0].model.updates]
    assert listed == [view.id for view in entry.actions()]
    before = report.read_bytes()
    assert main(["--root", str(project), "report", "example-strategy", "2025-h1"]) == 1
    assert report.read_bytes() == before


def test_field_reference_lists_every_field_of_the_model(page):
    from strategies.content.model import Node, Strategy

    from support import rows, table_by_caption

    soup = page("field-reference/")
    for model in (Strategy, Node):
        listed = [row[0] for row in rows(table_by_caption(soup, f"Fields of {model.__name__}"))]
        assert listed == list(model.model_fields), model.__name__
