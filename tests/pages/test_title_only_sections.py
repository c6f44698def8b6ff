"""Placeholders must not read like content: top-level items known only by their title, and
measures named without a baseline, target or source, are listed together under one sentence
that says so, on a strategy's page and on its whole-strategy page (macros/strategy.md.j2,
macros/whole.md.j2). Each keeps its anchor, so links to it still land.

These build a strategy of another council's shape (its own level names, items and measures of
each kind) and read the pages as the generator makes them.
"""

from __future__ import annotations

import markdown as python_markdown
from bs4 import BeautifulSoup

from strategies.content.loader import load_site
from strategies.pages.generator import PageGenerator
from strategies.pages.held_html import restore

from support import ROOT, make_project

STRATEGY = """\
title: Example Fairness Plan
organisation: example-council
period:
  start: 2022
  end: 2026
status: adopted
summary: A fictional plan for tests.
levels:
  - name: Pledge
  - name: Step
items:
  - id: warm-homes
    title: Warm homes
    summary: Every home warm.
    items:
      - id: warm-homes-1
        title: Insulate council homes
  - id: pledge-two
    label: P2
    title: Pledge two
  - id: clean-air
    title: Clean air
    owners: [example-director-of-public-health]
    items:
      - id: clean-air-1
        title: Low-emission buses
  - id: pledge-four
    title: Pledge four
measures:
  - id: fuel-poverty
    name: Households in fuel poverty
    domain: Housing
    unit: percent
    better: lower
    baseline: {value: 12.5, text: "12.5%", date: 2022}
    target: {value: 1200, text: "1,200 fewer households", date: 2026}
  - id: damp-homes
    name: Homes with damp
    domain: Housing
    better: lower
  - id: air-quality
    name: Days of poor air quality
    domain: Environment
    unit: days
  - id: trees
    name: Trees planted
    domain: Environment
    source: Parks service records
"""


def _pages(tmp_path, text: str = STRATEGY, whole: bool = True):
    project = make_project(tmp_path)
    folder = project / "content" / "example-strategy"
    (folder / "strategy.yaml").write_text(text, encoding="utf-8")
    for page in (folder / "pages").glob("*.md"):  # the base's pages link to its own items
        page.unlink()
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    entry = site.strategies["example-strategy"]
    generator = PageGenerator(site, ROOT / "macros")
    pages = []
    for generated in (generator.strategy_page(entry), *([generator.whole_page(entry)] if whole else [])):
        body = generated.markdown.split("\n---\n", 1)[-1]
        html = python_markdown.markdown(body, extensions=["attr_list", "md_in_html"])
        pages.append(BeautifulSoup(restore(html, generated.held), "html.parser"))
    return pages


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def test_items_known_by_title_only_are_listed_together_with_their_anchors(tmp_path):
    strategy, whole = _pages(tmp_path)
    for soup, prefix in ((strategy, ""), (whole, "item-")):
        listed = [soup.find(id=f"{prefix}{item}") for item in ("pledge-two", "pledge-four")]
        assert [li.name for li in listed] == ["li", "li"]
        assert [_text(li) for li in listed] == ["P2 Pledge two", "Pledge four"]
        sentence = _text(listed[0].find_parent("ul").find_previous_sibling("p"))
        assert sentence == (
            "The 2 pledges below are known here by title only: no summary, owner, date or step "
            "has been recorded for them."
        )
        # Items that say something keep a section (and a heading) each.
        for item in ("warm-homes", "clean-air"):
            assert soup.find(id=f"{prefix}{item}").name.startswith("h"), item
        assert not soup.find(string=lambda s: s and "Pledge four" in s and s.parent.name.startswith("h"))
    # Under their own heading when other pledges have sections.
    heading = strategy.find(id="pledge-two").find_parent("ul").find_previous_sibling(["h3"])
    assert _text(heading).startswith("Pledges known by title only")


def test_all_items_known_by_title_only_need_no_heading_of_their_own(tmp_path):
    text = STRATEGY.split("items:\n", 1)[0] + "items:\n  - id: one\n    title: First\n  - id: two\n    title: Second\n"
    strategy, whole = _pages(tmp_path, text)
    for soup, prefix in ((strategy, ""), (whole, "item-")):
        first = soup.find(id=f"{prefix}one")
        assert first.name == "li" and soup.find(id=f"{prefix}two").name == "li"
        assert first.find_parent("ul").find_previous_sibling().name == "p"
        assert "known by title only" not in _text(soup.find_all(["h2", "h3"])[-1])
    # The whole page's contents list still lands on each.
    assert {a["href"] for a in whole.select("nav.whole-contents a")} >= {"#item-one", "#item-two"}


def test_an_item_with_anything_besides_its_title_keeps_its_section(tmp_path):
    text = STRATEGY.replace(
        "    title: Pledge four\n", "    title: Pledge four\n    owners: [example-director-of-public-health]\n"
    )
    (strategy,) = _pages(tmp_path, text, whole=False)
    assert strategy.find(id="pledge-four").name == "h3"
    assert _text(strategy.find(id="pledge-two").find_parent("ul").find_previous_sibling("p")).startswith(
        "The pledge below is known here by title only: no summary, owner, date or step has been recorded for it."
    )


def test_measures_named_without_baseline_target_or_source_are_listed_not_tabled(tmp_path):
    for soup in _pages(tmp_path):
        rows = {tr["id"] for tr in soup.select("tr[id^=measure-]")}
        assert rows == {"measure-fuel-poverty", "measure-trees"}  # any of baseline, target, source: a row
        listed = {li["id"]: _text(li) for li in soup.select("li[id^=measure-]")}
        assert listed == {
            "measure-damp-homes": "Homes with damp: lower is better",
            "measure-air-quality": "Days of poor air quality (days)",
        }
        listing = soup.find(id="measure-damp-homes").find_parent("ul", class_="measure-names")
        sentence = listing.find_previous_sibling("p")
        assert "names these 2 measures without a baseline, target or source" in _text(sentence)
        # Grouped under their domains, as the table rows are.
        domains = [_text(li).split(" ")[0] for li in soup.select("ul.measure-names > li")]
        assert domains == ["Housing", "Environment"]


def test_a_baseline_or_target_says_its_value_once_with_its_date(tmp_path):
    for soup in _pages(tmp_path):
        cells = {td["data-label"]: _text(td) for td in soup.find(id="measure-fuel-poverty").find_all("td")}
        assert cells["Baseline"] == "12.5% in 2022"
        assert cells["Target"] == "1,200 fewer households by 2026"
        trees = {td["data-label"]: _text(td) for td in soup.find(id="measure-trees").find_all("td")}
        assert trees["Baseline"] == "Not stated" and trees["Target"] == "Not stated"  # not "Not yet reported"
