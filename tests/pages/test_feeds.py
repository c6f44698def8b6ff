"""Following updates: the Atom feeds, their discovery links, and the pages' sharing metadata.

What a resident notices: a feed reader accepts the feed, shows every progress report once,
newest first, with the date the report gives, and each entry opens the right page; a browser
or reader finds the feed from any page; a shared link shows the page's own title and summary.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from strategies.content.loader import load_site
from strategies.mkdocs_adapter.publish import build_site

from support import ROOT, give_example_contacts, heading_text, shipped_project

ATOM = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
ORIGIN = "https://site.invalid/"  # stands for wherever the site is hosted
SITE_URL = "https://strategies.example.gov.uk/council/"


@pytest.fixture(scope="module")
def content():
    site, problems = load_site(ROOT / "content", ROOT)
    assert not problems
    return site


def read_feed(site_dir: Path, path: str) -> ET.Element:
    root = ET.fromstring((site_dir / path).read_bytes())
    assert root.tag == f"{ATOM}feed", f"{path} is not an Atom feed"
    return root


def resolve(site_dir: Path, feed_path: str, root: ET.Element, href: str) -> Path:
    """The built file a feed's link opens, resolved as a feed reader does (xml:base, then href)."""
    base = urljoin(urljoin(ORIGIN + feed_path, root.get(XML_BASE, "")), href)
    assert base.startswith(ORIGIN), f"{href} leaves the site"
    target = site_dir / urlparse(base).path.removeprefix("/")
    return target / "index.html" if base.endswith("/") else target


def text(element: ET.Element, name: str) -> str:
    found = element.find(ATOM + name)
    assert found is not None and found.text and found.text.strip(), f"<{name}> is missing or empty"
    return found.text


def link(element: ET.Element, rel: str) -> str:
    return next(each.get("href") for each in element.findall(ATOM + "link") if each.get("rel", "alternate") == rel)


def feeds_of(site) -> dict[str, list]:
    """Each feed's path, with the updates it should list as (page, title, date): every progress
    report and every released version."""

    def updates(strategy):
        for report in strategy.reports:
            yield (f"strategies/{strategy.id}/progress/{report.id}/index.html", report.model.title, report.model.date)
        for old in strategy.revisions:
            yield (
                f"strategies/{strategy.id}/revisions/{old.revision.slug}/index.html",
                f"Version released: ‘{old.revision.label}’",
                old.revision.model.date,
            )

    expected = {"feed.xml": [u for s in site.strategies.values() for u in updates(s)]}
    for strategy in site.strategies.values():
        expected[f"strategies/{strategy.id}/feed.xml"] = list(updates(strategy))
    return expected


def test_each_feed_lists_every_report_and_version_once_newest_first(built_site, content):
    listed = feeds_of(content)["feed.xml"]
    assert any("/progress/" in page for page, _, _ in listed), "the shipped content has progress reports"
    assert any("/revisions/" in page for page, _, _ in listed), "the shipped content has a released version"
    for path, reports in feeds_of(content).items():
        feed = read_feed(built_site, path)
        for name in ("id", "title", "updated"):
            text(feed, name)
        assert text(feed.find(ATOM + "author"), "name")
        assert resolve(built_site, path, feed, link(feed, "self")) == built_site / path
        assert resolve(built_site, path, feed, link(feed, "alternate")).exists()

        entries = feed.findall(ATOM + "entry")
        opened = {}
        for entry in entries:
            for name in ("id", "title", "updated", "summary"):
                text(entry, name)
            page = resolve(built_site, path, feed, link(entry, "alternate"))
            assert page.exists(), f"{path}: {link(entry, 'alternate')} is not a built page"
            opened[page] = entry
        assert len(opened) == len(entries) == len(reports), f"{path}: each update once"
        for page_path, title, date in reports:
            page = built_site / page_path
            entry = opened[page]
            if "/progress/" in page_path:
                assert heading_text(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1) == title
            assert text(entry, "title").endswith(title)
            # The date the content gives (a month or year stands for its first day), not the build's.
            assert text(entry, "updated").startswith(date.iso())
        updated = [text(entry, "updated") for entry in entries]
        assert updated == sorted(updated, reverse=True), f"{path}: newest first"
        if entries:
            assert text(feed, "updated") == updated[0]
        assert len({text(entry, "id") for entry in entries}) == len(entries)


def test_a_report_has_the_same_id_in_every_feed(built_site, content):
    ids: dict[str, set] = {}
    for path in feeds_of(content):
        feed = read_feed(built_site, path)
        for entry in feed.findall(ATOM + "entry"):
            ids.setdefault(link(entry, "alternate").rsplit("strategies/", 1)[-1], set()).add(text(entry, "id"))
    assert ids and all(len(found) == 1 for found in ids.values()), ids


def test_feeds_are_byte_identical_across_builds(built_site, tmp_path):
    again = tmp_path / "site-build"
    assert build_site(ROOT / "mkdocs.yml", strict=True, site_dir=again) == 0
    feeds = sorted(p.relative_to(built_site) for p in built_site.rglob("feed.xml"))
    assert feeds and feeds == sorted(p.relative_to(again) for p in again.rglob("feed.xml"))
    for path in feeds:
        assert (built_site / path).read_bytes() == (again / path).read_bytes(), path


def _head_feeds(html: Path, soup: BeautifulSoup) -> set[Path]:
    return {
        (html.parent / tag["href"]).resolve()
        for tag in soup.head.find_all("link", rel="alternate", type="application/atom+xml")
    }


def test_every_page_names_its_feeds_in_its_head(built_site, content):
    for html in built_site.rglob("*.html"):
        if html.name == "404.html":  # served at any address: its links start at the site's root
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        found = _head_feeds(html, soup)
        assert (built_site / "feed.xml").resolve() in found, html
        parts = html.relative_to(built_site).parts
        if parts[0] == "strategies" and len(parts) > 2:
            assert (built_site / "strategies" / parts[1] / "feed.xml").resolve() in found, html
        assert all(path.exists() for path in found), html


def test_visible_links_explain_the_feeds(page):
    for url_path, feed in (
        ("", "feed.xml"),
        ("strategies/", "../feed.xml"),
        ("strategies/demo-fairer-futures/", "feed.xml"),
    ):
        soup = page(url_path)
        anchor = soup.find("a", href=feed, type="application/atom+xml")
        assert anchor is not None and "Atom feed of updates" in anchor.get_text(), url_path
        explanation = anchor.find_parent("p").find_next_sibling("p").get_text(" ", strip=True)
        assert "feed reader" in explanation, url_path


def _meta(soup: BeautifulSoup, key: str, value: str) -> str | None:
    tag = soup.head.find("meta", attrs={key: value})
    return tag["content"] if tag else None


def test_sharing_metadata_matches_each_page(built_site):
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        title = soup.title.get_text()
        assert _meta(soup, "property", "og:title") == title.removesuffix(" - Strategies"), html
        assert _meta(soup, "property", "og:description") == _meta(soup, "name", "description"), html
        assert _meta(soup, "property", "og:site_name") == "Strategies"
        assert _meta(soup, "property", "og:locale") == "en_GB"
        assert _meta(soup, "property", "og:type") == "website"
        assert _meta(soup, "name", "twitter:card") == "summary"
        assert _meta(soup, "property", "og:url") is None, "no site_url: no address to share"
        assert not soup.head.find("script", src=lambda src: src and "//" in src)


def test_with_site_url_links_are_absolute_and_ids_do_not_change(built_site, tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    project = shipped_project(tmp_path / "project", f"site_url: {SITE_URL}\n{config}")
    give_example_contacts(project)  # a site with a public address must give them
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0

    feed = read_feed(site_dir, "strategies/demo-fairer-futures/feed.xml")
    assert link(feed, "self") == SITE_URL + "strategies/demo-fairer-futures/feed.xml"
    assert link(feed, "alternate") == SITE_URL + "strategies/demo-fairer-futures/"
    entries = feed.findall(ATOM + "entry")
    assert entries and all(link(e, "alternate").startswith(SITE_URL + "strategies/") for e in entries)
    before = read_feed(built_site, "strategies/demo-fairer-futures/feed.xml")
    assert [text(e, "id") for e in entries] == [text(e, "id") for e in before.findall(ATOM + "entry")]
    assert text(feed, "id") == text(before, "id")

    report = BeautifulSoup(
        (site_dir / "strategies/demo-fairer-futures/progress/2024-h1/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    canonical = report.head.find("link", rel="canonical")["href"]
    assert canonical == SITE_URL + "strategies/demo-fairer-futures/progress/2024-h1/"
    assert _meta(report, "property", "og:url") == canonical
