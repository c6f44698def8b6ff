"""Attribute lists in Markdown give headings their ids and feed links their type, nothing else."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

EXTENSIONS = ["strategies.mkdocs_adapter.safe_attr_list", "toc"]


def _html(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=EXTENSIONS), "html.parser")


def test_a_heading_keeps_its_id_and_nothing_else():
    heading = _html('## Title {: #kept tabindex=0 autofocus onfocus="alert(1)" .md-button style="x" }').h2
    assert heading.attrs == {"id": "kept"}
    assert heading.get_text() == "Title"


def test_a_link_keeps_its_type_and_nothing_else():
    link = _html('[Atom feed](feed.xml){ type="application/atom+xml" onclick="alert(1)" }').a
    assert link.attrs == {"href": "feed.xml", "type": "application/atom+xml"}


def test_paragraph_attribute_lists_add_nothing():
    paragraph = _html('Text\n{: onclick="alert(1)" tabindex=0 }').p
    assert paragraph.attrs == {}


@pytest.mark.build
def test_a_site_configured_with_attr_list_is_warned(tmp_path, capsys):
    from strategies.mkdocs_adapter.publish import build_site

    from support import project_with_site_config

    project = project_with_site_config(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - strategies.mkdocs_adapter.safe_attr_list", "  - attr_list"),
        encoding="utf-8",
    )
    assert build_site(config, strict=True, site_dir=project / "site-build") == 1
    assert "markdown_extensions lists attr_list, which lets Markdown set any attribute" in capsys.readouterr().err
