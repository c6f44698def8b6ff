"""Hostile text in every field the content model marks as written (tests/hostile.py) is shown as
text: no live markup, no attribute lists turned into attributes, no javascript: or data: links,
no formulas in downloads, and no image from another website (refused at its line)."""

from __future__ import annotations

import csv
import io
import re

from bs4 import BeautifulSoup

from strategies.content.loader import load_site
from strategies.pages.cells import FORMULA_START

from hostile import MARKDOWN, TEXT, TRACKER, hostile_project, unfilled_fields
from support import heading_text

LIVE_ATTRIBUTES = re.compile(r"^(on.*|autofocus|style|formaction|srcdoc)$", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


def _pages(site):
    for html in sorted(site.rglob("*.html")):
        yield html.relative_to(site).as_posix(), BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


def test_the_hostile_project_fills_every_written_field(tmp_path):
    project, filled = hostile_project(tmp_path / "project")
    assert unfilled_fields(filled) == set(), "add a block with these fields to tests/fixtures/hostile"


def test_no_page_carries_live_markup_from_any_field(model_hostile_site):
    found = []
    for name, soup in _pages(model_hostile_site):
        article = soup.find("article") or soup
        for tag in article.find_all(True):
            for attribute, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if LIVE_ATTRIBUTES.match(attribute):
                    found.append(f"{name}: <{tag.name} {attribute}=…>")
                if attribute.lower() in URL_ATTRIBUTES and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                    found.append(f"{name}: <{tag.name} {attribute}={value[:40]}>")
                if tag.name == "img" and attribute == "src" and re.match(r"\s*([a-z]+:|//)", value, re.I):
                    found.append(f"{name}: an image from another website: {value[:60]}")
            if tag.name in ("script", "iframe", "object", "embed", "svg", "video", "input", "form"):
                found.append(f"{name}: <{tag.name}> in the article")
            if tag.name in ("h1", "h2", "h3", "h4", "h5", "h6") and tag.get("tabindex") is not None:
                found.append(f"{name}: a focusable heading (an attribute list from content)")
    assert not found, "\n".join(found[:40])


def test_written_text_is_shown_as_written(model_hostile_site):
    pages = dict(_pages(model_hostile_site))
    assert heading_text(pages["strategies/hostile-strategy/index.html"].find("h1")) == TEXT
    # A level's name inside a generated Markdown heading: the attribute list stays text.
    item = next(
        soup
        for name, soup in pages.items()
        if name.startswith("strategies/hostile-strategy/objective-") and soup.find("h2")
    )
    headings = [heading_text(h) for h in item.find_all("h2")]
    assert f"Who oversees this {TEXT.lower()}" in headings, headings
    assert "{{ 7 * 7 }}" in pages["strategies/hostile-strategy/narrative/index.html"].get_text()


def test_no_download_cell_runs_as_a_formula(model_hostile_site):
    live = []
    downloads = sorted(model_hostile_site.rglob("*.csv"))
    assert downloads
    for path in downloads:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            live.extend(f"{path.name}: {cell[:40]!r}" for cell in row if cell.startswith(FORMULA_START))
    assert not live, "\n".join(live[:20])
    assert any("'=HYPERLINK(" in path.read_text(encoding="utf-8") for path in downloads), "payloads reach downloads"


def test_an_image_from_another_website_is_refused_in_every_field(tmp_path):
    project, filled = hostile_project(tmp_path / "project", text=TRACKER, markdown=TRACKER)
    site, problems = load_site(project / "content", project)
    messages = [problem.message for problem in problems]
    refused = ("images must be files on this site", "images can only be used in a strategy's text")
    assert [m for m in messages if not m.startswith(refused)] == []
    assert len(messages) >= len(filled)  # at least one for each (block, field): one per value written
    assert MARKDOWN  # (the other payloads are checked on the built site)
