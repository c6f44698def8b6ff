"""The accessibility statement has what the 2018 Regulations expect, and every page links to it.

The checks hold for whatever content/ holds: a pull request adding a council or a strategy, or
reviewing the statement's settings in content/site.yaml, must pass them.
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from strategies.content.loader import load_site

from support import (
    ROOT,
    check_accessibility_statement_names_every_publisher,
    find_heading,
    make_project,
    published_content,
)

REQUIRED_SECTIONS = [
    "How accessible this website is",
    "What to do if you need a strategy in a different format",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Compliance status",
    "Non-accessible content",
    "How we tested this website",
    "Preparation of this accessibility statement",
]


COMPLIANCE = {  # the regulations' wording for each value of 'compliance' in content/site.yaml
    "full": "This website is fully compliant with",
    "partial": "This website is partially compliant with",
    "not": "This website is not compliant with",
}


@pytest.fixture(scope="module")
def shipped():
    """The content this repository publishes, as its mkdocs.yml publishes it."""
    return published_content(ROOT)


def test_statement_has_every_required_section(page, shipped):
    soup = page("accessibility/")
    for section in REQUIRED_SECTIONS:
        assert find_heading(soup, "h2", section) or find_heading(soup, "h3", section), section
    text = soup.get_text(" ", strip=True)
    settings = shipped.settings.accessibility
    assert (f"{COMPLIANCE[settings.compliance]} the Web Content Accessibility Guidelines version 2.2 AA standard"
            in text)
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert (f"This statement was prepared on {settings.prepared.display()}. "
            f"It was last reviewed on {settings.reviewed.display()}.") in text


def test_every_council_publishing_a_strategy_has_a_contact_for_other_formats(page, shipped):
    # No contact details are invented: without them, residents are sent to the council's website.
    check_accessibility_statement_names_every_publisher(page, shipped)


def test_every_page_links_to_the_statement(built_site):
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        footer = soup.find("footer")
        assert footer is not None, html
        assert any(a.get_text(strip=True) == "Accessibility statement" for a in footer.find_all("a")), html


def test_missing_settings_file_is_an_error(tmp_path):
    project = make_project(tmp_path)
    (project / "content" / "site.yaml").unlink()
    _, problems = load_site(project / "content", project)
    [problem] = list(problems)
    assert str(problem).startswith("content/site.yaml: the site settings file is missing")
