"""A golden snapshot of what a reader sees: every page of tests/fixtures/complete, as text.

tests/golden/complete/ holds one text file per built page but the hand-written docs (its title, then its main content, one
block a line, a table's cells separated by " | "), built as at 1 January 2030. A change to any
page shows here as a reviewable diff: a refactor should leave it empty, and a dependency bump
or a deliberate change of wording is read, then accepted with

    make golden        (or: UPDATE_GOLDEN=1 .venv/bin/pytest tests/pages/test_golden.py)

and the updated files committed with the change that made them.
"""

from __future__ import annotations

import difflib
import os
import shutil

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "complete"
AS_AT = "2030-01-01"
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "figcaption", "summary", "tr", "pre"}


def reader_text(html: str) -> str:
    """A page as a reader meets it: the title, then each block of the main content on a line of
    its own, table rows with their cells separated by " | "."""
    soup = BeautifulSoup(html, "html.parser")
    lines = [f"# {soup.title.get_text(strip=True)}" if soup.title else "# (no title)"]
    main = soup.find("article") or soup.find("main") or soup.body
    for junk in main.select("script, style, svg, a.headerlink, .md-source-file"):
        junk.decompose()

    def words(node) -> str:
        if isinstance(node, NavigableString):
            return str(node)
        if not isinstance(node, Tag):
            return ""
        if node.name in ("td", "th"):
            return " " + " ".join(node.get_text(" ", strip=True).split()) + " |"
        if node.name == "br":
            return " "
        return "".join(words(child) for child in node.children)

    def walk(node: Tag) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            if child.name in BLOCKS and not child.find(BLOCKS - {"tr"} if child.name != "tr" else ()):
                text = " ".join(words(child).split())
                if text:
                    lines.append(text.rstrip(" |") if child.name == "tr" else text)
            else:
                walk(child)

    walk(main)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def complete_pages(complete_build_2030) -> dict[str, str]:
    site = complete_build_2030  # built as at AS_AT, once a session (tests/conftest.py)
    # Hand-written pages with nothing generated in them (docs/about.md, the editing guide) are
    # the docs' own: editing them is not a change this snapshot is for.
    hand_written = {path.stem for path in (ROOT / "docs").glob("*.md") if "<!--" not in path.read_text("utf-8")}
    pages = {}
    for html in sorted(site.rglob("*.html")):
        name = html.relative_to(site).as_posix().removesuffix("index.html").strip("/") or "home"
        if name in hand_written:
            continue
        pages[name.replace("/", "__") + ".txt"] = reader_text(html.read_text(encoding="utf-8"))
    return pages


def test_every_page_reads_as_the_golden_snapshot(complete_pages):
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        for name, text in complete_pages.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
        pytest.skip(f"wrote {len(complete_pages)} golden pages into {GOLDEN.relative_to(ROOT)}: review and commit them")
    assert GOLDEN.is_dir(), "no golden snapshot yet: make golden"
    stored = {path.name: path.read_text(encoding="utf-8") for path in sorted(GOLDEN.glob("*.txt"))}
    diff = []
    for name in sorted(set(stored) | set(complete_pages)):
        before, after = stored.get(name, ""), complete_pages.get(name, "")
        if before != after:
            diff.extend(
                difflib.unified_diff(
                    before.splitlines(), after.splitlines(), f"golden/{name}", f"built/{name}", lineterm="", n=1
                )
            )
    assert not diff, (
        "pages read differently from tests/golden/complete (if the change is intended, run `make golden` "
        "and commit the files):\n" + "\n".join(diff[:200])
    )


def test_the_snapshot_reads_tables_and_blocks_as_a_reader_does():
    """The text is what a reader sees: a table row's cells in order, a block a line."""
    html = (
        "<html><head><title>T</title></head><body><article><h1>Head<a class='headerlink'>¶</a></h1>"
        "<p>One <strong>two</strong></p><table><caption>Cap</caption><tr><th>A</th><td>b <em>c</em></td></tr>"
        "</table><ul><li>x</li><li>y<br>z</li></ul></article></body></html>"
    )
    assert reader_text(html) == "# T\nHead\nOne two\nCap\nA | b c\nx\ny z\n"
