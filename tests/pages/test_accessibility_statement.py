"""The accessibility statement has what the 2018 Regulations expect, and every page links to it."""
from __future__ import annotations

from bs4 import BeautifulSoup

from strategies.content.loader import load_site

from support import find_heading, make_project, rows, table_by_caption

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


def test_statement_has_every_required_section(page):
    soup = page("accessibility/")
    for section in REQUIRED_SECTIONS:
        assert find_heading(soup, "h2", section) or find_heading(soup, "h3", section), section
    text = soup.get_text(" ", strip=True)
    assert "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard." in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "This statement was prepared on 23 November 2026. It was last reviewed on 23 November 2026." in text


def test_alternative_formats_name_each_publishing_council(page):
    table = table_by_caption(page("accessibility/"), "How to contact each organisation for a different format")
    listed = {row[0]: row[1] for row in rows(table)}
    assert set(listed) == {"Stockton-on-Tees Borough Council", "Warrington Borough Council",
                           "Warwickshire County Council"}
    # No contact details are invented: without them, residents are sent to the council's website.
    assert listed["Warrington Borough Council"] == "Through its website, https://www.warrington.gov.uk"


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
