"""Shared fixtures: the project root, the real seeds, and one build of the shipped site."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from strategies.publish import build_site

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built once, strictly, into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site") / "site-build"
    assert build_site(ROOT / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    return site_dir


@pytest.fixture(scope="session")
def page(built_site):
    """Parse a built page by its URL path, e.g. page('strategies/x/')."""
    cache: dict[str, BeautifulSoup] = {}

    def load(url_path: str) -> BeautifulSoup:
        if url_path not in cache:
            path = built_site / url_path
            if url_path == "" or url_path.endswith("/"):
                path = path / "index.html"
            cache[url_path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return cache[url_path]

    return load


def seed(name: str) -> str:
    """The text of a seed document, or skip the test where ../shared is not present."""
    path = SEEDS / name
    if not path.exists():
        if os.environ.get("CI"):  # CI always has ../shared beside the clone: never skip there
            pytest.fail(f"seed document {path} is missing")
        pytest.skip(f"seed document {path} is not available")
    # The seeds are copied from PDFs: fold non-breaking spaces so patterns match.
    return path.read_text(encoding="utf-8").replace("\u00a0", " ")


def table_by_caption(soup: BeautifulSoup, caption_text: str):
    """The table whose caption contains the given text."""
    for table in soup.find_all("table"):
        caption = table.find("caption")
        if caption and caption_text in caption.get_text(" ", strip=True):
            return table
    raise AssertionError(f"no table captioned {caption_text!r}")


def rows(table) -> list[list[str]]:
    """The body rows of a table as lists of cell texts (header cell first)."""
    body = table.find("tbody") or table
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in body.find_all("tr")]


def heading_text(tag) -> str:
    """A heading's text without its permalink anchor."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    return copy.get_text(" ", strip=True)


def find_heading(soup: BeautifulSoup, level: str, text: str):
    """The first heading of the given level (e.g. 'h3') whose text is exactly ``text``."""
    for tag in soup.find_all(level):
        if heading_text(tag) == text:
            return tag
    return None
