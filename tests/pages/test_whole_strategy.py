"""The whole of each strategy on one page, to read offline or print (macros/whole.md.j2), and the
print stylesheet every page links (docs/assets/print.css).

Each shipped strategy's page lists every item with its printed label, owner, lead partner,
status and due date, every measure and every narrative page, in document order, with a
contents list whose links all land on the page; the strategy's page links to it."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from strategies.content.checks import RESERVED_NAMES
from strategies.content.loader import load_site
from strategies.pages.generator import PageGenerator
from strategies.pages.text import plain_text
from strategies.pages.urls import page_url, whole_path

from support import ROOT, find_heading, followed, heading_text, make_project


def _whole(entry) -> str:
    return page_url(whole_path(entry))


def _facts(tag) -> dict[str, str]:
    """The name: value lines of the key facts right after an item's heading."""
    facts = tag.find_next_sibling("dl")
    return {
        div.dt.get_text(" ", strip=True): " ".join(div.dd.get_text(" ", strip=True).split())
        for div in facts.find_all("div")
    }


def test_each_strategy_page_links_to_its_whole_strategy(shipped, page):
    for entry in shipped.strategies.values():
        url = page_url(whole_path(entry))
        links = [
            a
            for a in page(f"strategies/{entry.id}/").find_all("a")
            if a.get_text(strip=True) == "Read or print the whole strategy"
        ]
        assert links, f"strategies/{entry.id}/ has no 'Read or print the whole strategy' link"
        assert followed(f"strategies/{entry.id}/", links[0]["href"]) == url
        assert heading_text(page(url).find("h1")) == f"{entry.title}: the whole strategy"


def _title_only(view) -> bool:
    """A top-level item that gives nothing but its title (no summary, owner, date, items below…):
    listed with the others like it under one sentence, not given a heading and facts each."""
    return (
        view.depth == 0
        and not view.children
        and not view.is_action
        and not view.has_updates
        and not set(view.node.model_dump(exclude_defaults=True)) - {"id", "label", "title"}
    )


def test_every_item_is_there_in_document_order_with_its_facts(shipped, page):
    for entry in shipped.strategies.values():
        soup = page(_whole(entry))
        found = [
            tag["id"].removeprefix("item-")
            for tag in soup.find_all(re.compile("^h[3-6]$"), id=True)
            if tag["id"].startswith("item-")
        ]
        # Items known by title only are listed together (a heading and "Not named / None named /
        # Not stated" each read like content where there was none: issue 26), still anchored.
        assert found == [view.id for view in entry.walk() if not _title_only(view)], (
            f"{entry.id}: items missing or out of order"
        )
        for view in filter(_title_only, entry.walk()):
            listed = soup.find(id=f"item-{view.id}")
            assert listed.name == "li" and listed.get_text(" ", strip=True) == view.title, (entry.id, view.id)
            assert "known here by title only" in listed.find_parent("ul").find_previous_sibling("p").get_text(" ")
        for view in entry.walk():
            if _title_only(view):
                continue
            heading = soup.find(id=f"item-{view.id}")
            assert heading_text(heading) == view.title  # "(a) Reduce smoking": the printed label first
            assert heading.name == f"h{min(3 + view.depth, 6)}"
            facts = _facts(heading)
            assert {"Level", "Owner", "Lead partner", "Due"} <= set(facts), (entry.id, view.id, facts)
            assert facts["Due"] == (view.node.due.display() if view.node.due else "Not stated")
            if not view.children:
                assert "Status" in facts, (entry.id, view.id)
            owners, _ = view.effective_owners()
            if not owners:
                assert facts["Owner"] == "Not named"


def test_statuses_say_proposed_or_overdue_as_the_item_pages_do(shipped, page):
    seen = set()
    for entry in shipped.strategies.values():
        soup = page(_whole(entry))
        for view in entry.walk():
            if view.children or _title_only(view):
                continue
            status = _facts(soup.find(id=f"item-{view.id}"))["Status"]
            if view.stage:
                assert status.startswith(("Proposed", "Provisional")), (view.id, status)
                seen.add("stage")
            elif "Overdue" in status:
                seen.add("overdue")
    assert "stage" in seen, "the shipped content has proposed commitments: they should say so"


def test_every_measure_and_every_narrative_page_is_there(shipped, page):
    for entry in shipped.strategies.values():
        soup = page(_whole(entry))
        for measure in entry.model.measures:
            # A table row, or (for a measure named without a baseline, target or source) a list item.
            row = soup.find(["tr", "li"], id=f"measure-{measure.id}")
            assert row is not None and measure.name in row.get_text(" "), (entry.id, measure.id)
        for narrative in entry.pages:
            heading = soup.find("h2", id=f"page-{narrative.slug}")
            assert heading is not None and heading_text(heading) == narrative.meta.title, (entry.id, narrative.slug)
            opening = " ".join(plain_text(narrative.body).split())[:50]
            assert opening in " ".join(soup.get_text(" ").split()), (entry.id, narrative.slug, opening)


def test_the_contents_list_covers_every_section_and_every_link_lands(shipped, page):
    for entry in shipped.strategies.values():
        soup = page(_whole(entry))
        contents = soup.find("nav", class_="whole-contents")
        targets = [a["href"] for a in contents.find_all("a")]
        assert all(href.startswith("#") and soup.find(id=href[1:]) for href in targets), entry.id
        sections = {f"#{h2['id']}" for h2 in soup.find("article").find_all("h2") if h2.get("id") != "contents"}
        assert sections <= set(targets), sections - set(targets)


def test_headings_never_skip_a_level(shipped, page):
    for entry in shipped.strategies.values():
        levels = [int(tag.name[1]) for tag in page(_whole(entry)).find("article").find_all(re.compile("^h[1-6]$"))]
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not jumps, f"{entry.id}: a heading skips a level: {jumps}"


def test_the_page_is_out_of_search_and_out_of_the_navigation(shipped, built_site, page):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    located = {doc["location"].split("#")[0] for doc in index["docs"]}
    for entry in shipped.strategies.values():
        assert _whole(entry) not in located
    nav = page("").find("nav", class_="md-nav--primary")
    assert nav is None or "/whole/" not in str(nav)


def test_an_old_version_has_its_whole_page_too(shipped, page):
    old = next(version for entry in shipped.strategies.values() for version in entry.revisions)
    soup = page(_whole(old))
    assert "This is an old version" in soup.get_text(" ")
    assert find_heading(soup, "h1", f"{old.title}: the whole strategy (old version: {old.revision.label})")


def test_every_page_links_the_print_stylesheet(built_site, page):
    assert (built_site / "assets" / "print.css").is_file()
    for url in ("", "strategies/", "accessibility/"):
        hrefs = [link.get("href", "") for link in page(url).find_all("link", rel="stylesheet")]
        assert any(href.endswith("assets/print.css") for href in hrefs), (url, hrefs)
    css = (ROOT / "docs" / "assets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css and "attr(href)" in css and "break-inside: avoid" in css


def test_the_printed_footer_says_when_and_where(shipped, page):
    entry = next(iter(shipped.strategies.values()))
    footer = page(_whole(entry)).find(class_="print-footer")
    text = " ".join(footer.get_text(" ").split())
    assert "Statuses as at" in text and f"/strategies/{entry.id}/whole/" in text


def test_every_printed_page_says_when_and_where_it_is_from(built_site):
    """Each page has one print footer (its own, or the theme's), naming its address and the
    "as at" day (an old version's: when it was released); hidden from screens and from search."""
    for html in sorted(built_site.rglob("index.html")):
        path = html.parent.relative_to(built_site).as_posix()
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        footers = soup.select("article .print-footer")
        assert len(footers) == 1, (path, footers)
        text = " ".join(footers[0].get_text(" ").split())
        old = "/revisions/" in f"/{path}/"
        assert (", released " in text) if old else (" as at " in text), (path, text)
        assert text.endswith("/" if path == "." else f"/{path}/"), (path, text)
        if "print-footer--page" in footers[0].get("class", []):
            assert footers[0].has_attr("data-search-exclude"), path
    css = (ROOT / "macros" / "theme" / "assets" / "strategies.css").read_text(encoding="utf-8")
    assert re.search(r"@media screen \{[^}]*\.print-footer--page \{ display: none; \}", css)


def test_references_in_narrative_pages_link_within_the_page(tmp_path):
    """A reference to an item of the same strategy goes to that item on this page (so it works
    offline and in the PDF); headings of a narrative page sit under its title."""
    project = make_project(tmp_path)
    background = project / "content" / "example-strategy" / "pages" / "background.md"
    background.write_text(
        background.read_text(encoding="utf-8") + "\n## Why\n\nBecause.\n\n### More\n\nText.\n", encoding="utf-8"
    )
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    entry = site.strategies["example-strategy"]
    generated = PageGenerator(site, ROOT / "macros").whole_page(entry)
    html = "\n".join(generated.held)
    assert 'href="#item-healthy-lives"' in html and 'href="#item-healthy-lives-1"' in html
    assert "<h3>Why</h3>" in html and "<h4>More</h4>" in html
    assert "search:\n  exclude: true" in generated.markdown and not generated.in_nav


def test_no_item_or_page_can_be_called_whole(tmp_path):
    assert "whole" in RESERVED_NAMES
    project = make_project(tmp_path)
    strategy = project / "content" / "example-strategy" / "strategy.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("id: good-work-1", "id: whole"), encoding="utf-8")
    _, problems = load_site(project / "content", project)
    assert any("'whole' cannot be used" in problem.message for problem in problems), problems.report()
