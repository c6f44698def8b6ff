"""Content cannot inject script, handlers, frames or page-covering styles into the site.

tests/fixtures/hostile/ puts script and markup payloads in every text field of a strategy,
its progress report, an organisation, a narrative page and the site settings. Each payload
sets window.__pwned if it ever runs; tests/browser/test_hostile_in_browser.py loads the
pages to prove none does.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from support import heading_text

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


def _pages(site):
    for html in sorted(site.rglob("*.html")):
        yield html.relative_to(site).as_posix(), BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


def test_no_page_carries_live_injected_markup(hostile_site):
    found = []
    for name, soup in _pages(hostile_site):
        for tag in soup.find_all(True):
            for attribute, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if attribute.lower().startswith("on"):
                    found.append(f"{name}: <{tag.name} {attribute}=…>")
                if attribute.lower() in URL_ATTRIBUTES and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                    found.append(f"{name}: <{tag.name} {attribute}={value[:40]}>")
                if attribute == "style" and "fixed" in value:
                    found.append(f"{name}: page-covering style on <{tag.name}>")
            # Heading ids and contents links hold a slug of the (escaped) title text: inert.
            if tag.name in ("script", "style") and "__pwned" in tag.get_text() + str(tag.get("src", "")):
                found.append(f"{name}: injected <{tag.name}>")
            # The theme's own styles are in the head, each naming the file it stands for
            # (macros/theme/main.html): any other <style> came from content.
            theirs = tag.name == "style" and tag.get("data-href") and tag.find_parent("head")
            if tag.name == "style" and not theirs and "display: none" in tag.get_text():
                found.append(f"{name}: injected <style>")
            if tag.name in ("iframe", "object", "embed", "frame"):
                found.append(f"{name}: <{tag.name}>")
            if tag.name == "form" and "evil.example" in str(tag.get("action", "")):
                found.append(f"{name}: injected <form>")
            if tag.name == "circle":
                found.append(f"{name}: injected <svg>")
        if len(soup.select("#__drawer")) != 1:
            found.append(f"{name}: content clobbered Material's #__drawer")
    assert not found, "\n".join(found[:40])


def test_titles_and_names_are_shown_as_text(hostile_site):
    pages = dict(_pages(hostile_site))
    title = heading_text(pages["strategies/hostile-strategy/index.html"].find("h1"))
    assert title == 'Strategy <script>window.__pwned="title"</script> {{ 7*7 }} "quoted" & <b>bold</b>'
    person = heading_text(pages["people/hostile-person/index.html"].find("h1"))
    assert person.startswith('Person <script>window.__pwned="title"</script>')
    # Content is data, not a template: {{ 7 * 7 }} is shown, never evaluated.
    strategy_text = pages["strategies/hostile-strategy/index.html"].get_text()
    assert "{{ 7 * 7 }}" in strategy_text and "{% raw %}" in strategy_text


def test_ordinary_markdown_still_works_in_sanitised_content(hostile_site):
    soup = dict(_pages(hostile_site))["strategies/hostile-strategy/narrative/index.html"]
    links = {a.get_text(strip=True): a.get("href") for a in soup.select("article a")}
    assert links.get("A link with attributes") == "https://example.org"
    assert links.get("hover") == "https://example.org"
    heading = soup.find("h2", string=lambda s: s and "Heading with attributes" in s) or next(
        h for h in soup.find_all(["h1", "h2"]) if "Heading with attributes" in h.get_text()
    )
    assert heading.get("onclick") is None and heading.get("style") is None


REPORT_TITLE = 'Report <script>window.__pwned="title"</script> {{ 7*7 }} "quoted" & <b>bold</b> ]]> &amp;'
REPORT_PAGE = "strategies/hostile-strategy/progress/hostile-report/index.html"


def test_feeds_carry_payloads_as_text(hostile_site):
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    for path in ("feed.xml", "strategies/hostile-strategy/feed.xml"):
        root = ET.fromstring((hostile_site / path).read_bytes())  # well-formed despite ]]> and &
        assert {element.tag.split("}")[0] + "}" for element in root.iter()} == {atom}, "only Atom elements"
        entries = root.findall(f"{atom}entry")
        (entry,) = [e for e in entries if "/progress/" in e.find(f"{atom}link").get("href")]
        assert entry.findtext(f"{atom}title").endswith(": " + REPORT_TITLE)
        (version,) = [e for e in entries if "/revisions/" in e.find(f"{atom}link").get("href")]
        assert 'Version <script>window.__pwned="label"</script>' in version.findtext(f"{atom}title")
        assert entry.findtext(f"{atom}summary").startswith('Fish & chips cost < £5, "quoted" ]]> & {{ 7 * 7 }}')
        assert "__pwned" not in entry.findtext(f"{atom}summary"), "markup in the summary is dropped, not shown"
        assert root.findtext(f"{atom}author/{atom}name") or entry.findtext(f"{atom}author/{atom}name")


def test_sharing_metadata_and_feed_links_are_escaped_once(hostile_site):
    pages = dict(_pages(hostile_site))
    head = pages[REPORT_PAGE].head
    assert head.find("meta", property="og:title")["content"] == REPORT_TITLE
    assert head.title.get_text() == REPORT_TITLE + " - Strategies"
    description = 'Fish & chips cost < £5, "quoted" ]]> & {{ 7 * 7 }}'
    assert head.find("meta", attrs={"name": "description"})["content"].startswith(description)
    assert head.find("meta", property="og:description")["content"].startswith(description)
    feed_titles = [link["title"] for link in head.find_all("link", type="application/atom+xml")]
    assert (
        feed_titles[1] == 'Strategy <script>window.__pwned="title"</script> {{ 7*7 }} "quoted" & <b>bold</b>: updates'
    )
    for name, soup in pages.items():  # no payload closes an attribute and opens a tag in the head
        assert not soup.head.find_all(["b", "img", "svg", "iframe"]), name
        assert [s for s in soup.head.find_all("script") if "__pwned" in s.get_text()] == [], name


def test_old_version_label_and_summary_are_shown_as_text(hostile_site):
    pages = dict(_pages(hostile_site))
    label = 'Version <script>window.__pwned="label"</script> {{ 7*7 }} & <b>bold</b>'
    old = [name for name in pages if "/revisions/" in name]
    assert len(old) >= 3  # the old strategy page, its narrative page and what changed
    for name in old:
        assert f"This is an old version: ‘{label}’" in pages[name].select_one(".revision-notice strong").get_text()
    versions = pages["strategies/hostile-strategy/index.html"].find(
        "caption", string="Versions of this strategy, newest first"
    )
    assert 'Summary <script>window.__pwned="summary"</script>' in versions.find_parent("table").get_text()
