"""A narrative page says where it comes from (who wrote it, when, who first published it, and
the original's address) and, when it is not part of the strategy document, says so instead of
"Part of". Only what the front matter says is shown; a page without provenance is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from strategies.commands.cli import main
from strategies.content.loader import load_site
from strategies.content.model import PageMeta
from strategies.mkdocs_adapter.publish import build_site
from strategies.pages.generator import PageGenerator
from strategies.pages.hosts import link_host

from support import ROOT, builds_a_site, heading_text, make_project, project_with_site_config, rows, table_by_caption

STRATEGY = "example-strategy"
TITLE = "Example Equality Objectives"  # the base fixture's strategy
ORIGINAL = "https://www.warrington.gov.uk/news/why-equality-matters?from=blog#top"
BLOG = f"""---
title: Why equality matters to public health
order: 5
kind: commentary
author: Thara Raj
role: Director of Public Health
date: 2024-03-12
publisher: Warrington Borough Council
url: {ORIGINAL}
---

A blog post about the strategy.
"""
EASY_READ = """---
title: Easy read
order: 6
kind: summary
date: 2024-05
---

The strategy in easy words.
"""


@pytest.fixture(scope="module")
@builds_a_site
def built(tmp_path_factory) -> Path:
    """The base project with a commentary page (every provenance field) and an easy read
    summary, released as an old version too, built strictly."""
    project = project_with_site_config(tmp_path_factory.mktemp("provenance"))
    pages = project / "content" / STRATEGY / "pages"
    (pages / "why-equality-matters.md").write_text(BLOG, encoding="utf-8")
    (pages / "easy-read.md").write_text(EASY_READ, encoding="utf-8")
    assert (
        main(
            [
                "--root",
                str(project),
                "release",
                STRATEGY,
                "As adopted",
                "--date",
                "2024-06-01",
                "--summary",
                "The strategy as adopted.",
            ]
        )
        == 0
    )
    site = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site) == 0
    return site


def _article(site: Path, url: str):
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.find("article")


def _facts(article) -> dict[str, str]:
    """The page's provenance as a reader hears it: each term with its description."""
    found = {}
    for dl in article.find_all("dl"):
        for dt in dl.find_all("dt"):
            found[dt.get_text(" ", strip=True)] = dt.find_next_sibling("dd").get_text(" ", strip=True)
    return found


@pytest.mark.parametrize(
    "url",
    [
        f"strategies/{STRATEGY}/why-equality-matters/",
        f"strategies/{STRATEGY}/revisions/as-adopted/why-equality-matters/",
    ],
)
def test_every_provenance_field_is_shown(built, url):
    article = _article(built, url)
    assert _facts(article) == {
        "Written by": "Thara Raj, Director of Public Health",
        "Date": "12 March 2024",
        "First published by": "Warrington Borough Council",
        "Original": "Read the original on warrington.gov.uk",
    }
    [original] = [a for a in article.find_all("a") if a.get_text(strip=True).startswith("Read the original")]
    assert original["href"] == ORIGINAL
    # At the top: before the page's own text.
    text = article.get_text(" ", strip=True)
    assert text.index("Written by") < text.index("A blog post about the strategy.")


def test_a_commentary_page_says_it_is_not_part_of_the_adopted_document(built):
    article = _article(built, f"strategies/{STRATEGY}/why-equality-matters/")
    label = article.find("p", class_="level-label")
    assert label.get_text().strip() == (
        f"Commentary on {TITLE}. It is not part of the strategy document that was adopted."
    )
    assert label.find("a")["href"] == "../"
    assert "Part of" not in article.get_text(" ", strip=True)


def test_a_summary_page_says_so_and_shows_only_what_it_gives(built):
    article = _article(built, f"strategies/{STRATEGY}/easy-read/")
    label = article.find("p", class_="level-label").get_text().strip()
    assert label == f"A summary of {TITLE}. It is not part of the strategy document that was adopted."
    assert "Part of" not in article.get_text(" ", strip=True)
    assert _facts(article) == {"Date": "May 2024"}  # nothing invented: no author, publisher or link


def test_a_strategy_not_yet_adopted_is_not_called_adopted(tmp_path):
    project = make_project(tmp_path)
    strategy = project / "content" / STRATEGY / "strategy.yaml"
    strategy.write_text(
        strategy.read_text(encoding="utf-8").replace("status: adopted", "status: draft", 1), encoding="utf-8"
    )
    (project / "content" / STRATEGY / "pages" / "why-equality-matters.md").write_text(BLOG, encoding="utf-8")
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    entry = site.strategies[STRATEGY]
    [page] = [page for page in entry.pages if page.slug == "why-equality-matters"]
    markdown = PageGenerator(site, ROOT / "macros").narrative_page(entry, page).markdown
    assert f">{TITLE}</a>. It is not part of the strategy document.</p>" in markdown
    assert "adopted" not in markdown


def test_a_page_without_provenance_looks_as_before(built):
    article = _article(built, f"strategies/{STRATEGY}/background/")
    heading = article.find("h1")
    assert heading_text(heading) == "Background"
    label = heading.find_next_sibling()
    assert (label.name, label.get("class"), label.get_text(" ", strip=True)) == (
        "p",
        ["level-label"],
        f"Part of {TITLE}",
    )
    assert label.find_next_sibling().get_text(" ", strip=True).startswith("Some background")
    assert article.find("dl") is None
    assert "not part of" not in article.get_text(" ", strip=True)


def test_bad_provenance_is_reported_at_its_line(tmp_path):
    project = make_project(tmp_path, "bad-page-provenance")
    _, problems = load_site(project / "content", project)
    name = f"content/{STRATEGY}/pages/a-blog-post.md"
    reported = {(p.location.file, p.location.line): p.message for p in problems}
    assert set(reported) == {(name, 3), (name, 5), (name, 6)}, problems.report()
    assert "document, commentary, summary" in reported[(name, 3)]
    assert "has no month 13" in reported[(name, 5)]
    assert "must start with https://" in reported[(name, 6)]


def test_the_field_reference_lists_the_front_matter_fields(built):
    soup = BeautifulSoup((built / "field-reference" / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = table_by_caption(soup, "Fields of PageMeta")
    listed = {row[0]: row for row in rows(table)}
    assert list(listed) == list(PageMeta.model_fields)
    for name in ("kind", "author", "role", "date", "publisher", "url"):
        assert name in listed, name
        assert listed[name][1] == "Optional"
    assert listed["kind"][2] == "one of: document, commentary, summary"
    assert listed["url"][2] == "web address (https://…)"
    where = table.find_previous("strong", string="File:").parent.get_text().strip()
    assert where == "File: content/<strategy>/pages/<name>.md, between the --- lines at the top"


@pytest.mark.parametrize(
    "address, host",
    [
        ("https://www.warrington.gov.uk/news", "warrington.gov.uk"),
        ("https://www.gov.uk/government/publications", "gov.uk"),
        ("HTTPS://Democracy.Warrington.GOV.UK/", "democracy.warrington.gov.uk"),
        ("https://www.gov.uk@tracker.example/page", "tracker.example"),  # the name before '@' is not the host
        ("mailto:public.health@example.org", ""),
        ("https://[not-an-address/", ""),
    ],
)
def test_a_link_label_names_the_host_the_link_goes_to(address, host):
    assert link_host(address) == host
