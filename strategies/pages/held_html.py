"""Let the HTML in generated pages pass MkDocs' Markdown step without being parsed.

Generated pages are mostly HTML (tables, figures, lists) between Markdown headings. Python-
Markdown would run every tag of that HTML through its HTML parser only to hand it back
unchanged, which was most of the build's time on a large site. :func:`hold` swaps each HTML
block for a short comment, leaving the headings (and so the contents list and permalinks) to
Markdown; :func:`restore` puts the blocks back into the rendered page. Content Markdown from
officers is never held: it goes through Markdown and the sanitiser as before.
"""

from __future__ import annotations

import html
import re
from collections.abc import Set as AbstractSet

# Blocks Markdown itself passes through as raw HTML: they start with a block-level tag.
_BLOCK_START = re.compile(
    r"<(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|header|hr|"
    r"nav|ol|p|pre|section|table|ul)[\s>/]"
)
_ID = re.compile(r"""\sid=["']([^"']*)["']""")
_PLACEHOLDER = re.compile(r"<!--held-html-(\d+)-->")


def hold(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each HTML block (between blank lines) replaced by a placeholder."""
    held: list[str] = []
    chunks = markdown.split("\n\n")
    for index, chunk in enumerate(chunks):
        block = chunk.strip("\n")
        if _BLOCK_START.match(block):
            chunks[index] = f"<!--held-html-{len(held)}-->"
            held.append(block.rstrip())
    return "\n\n".join(chunks), held


def restore(html: str, held: list[str] | dict[int, str], later: AbstractSet[int] = frozenset()) -> str:
    """The rendered page with each placeholder replaced by the HTML it stood for, except the
    blocks numbered in ``later`` (see :func:`unsearched`). ``held`` may be a dict of just the
    blocks still to restore, by number."""
    if not held:
        return html

    def block(match):
        number = int(match.group(1))
        return match.group(0) if number in later else held[number]

    return _PLACEHOLDER.sub(block, html)


_SEPARATOR = "<!--held-html-between-->"


def cleaned(held: list[str], clean) -> list[str]:
    """The held blocks of one page passed through ``clean`` (an HTML sanitiser) together, as one
    document, so that an element a template opens in one block and closes in another (a list
    whose items hold several paragraphs) is read as the page will have it, not closed early."""
    if not held:
        return held
    blocks = clean(_SEPARATOR.join(held)).split(_SEPARATOR)
    if len(blocks) != len(held):  # a sanitiser that drops comments: nothing else moves them
        raise ValueError("the sanitiser lost the held blocks' separators")
    return blocks


_UNSEARCHED = re.compile(r"<[a-z]+\b[^>]*\sdata-search-exclude[\s>=]")


def unsearched(held: list[str]) -> set[int]:
    """The held blocks Material's search leaves out (data-search-exclude on the block itself).
    They can go back into the page after search has read it, so search never parses them:
    the index is the same, and building a large site is faster."""
    return {number for number, block in enumerate(held) if _UNSEARCHED.match(block)}


def anchor_ids(held: list[str]) -> set[str]:
    """The ids in held blocks, which MkDocs would otherwise not know when it checks anchors."""
    return {html.unescape(found) for block in held for found in _ID.findall(block)}
