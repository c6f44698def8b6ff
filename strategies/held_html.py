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

# Blocks Markdown itself passes through as raw HTML: they start with a block-level tag.
_BLOCK_START = re.compile(
    r"<(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|header|hr|"
    r"nav|ol|p|pre|section|table|ul)[\s>/]")
_ID = re.compile(r"""\sid=["']([^"']*)["']""")
_PLACEHOLDER = re.compile(r"<!--held-html-(\d+)-->")


def hold(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each HTML block (between blank lines) replaced by a placeholder."""
    held: list[str] = []
    chunks = markdown.split("\n\n")
    for index, chunk in enumerate(chunks):
        if _BLOCK_START.match(chunk):
            chunks[index] = f"<!--held-html-{len(held)}-->"
            held.append(chunk.rstrip())
    return "\n\n".join(chunks), held


def restore(html: str, held: list[str]) -> str:
    """The rendered page with each placeholder replaced by the HTML it stood for."""
    if not held:
        return html
    return _PLACEHOLDER.sub(lambda match: held[int(match.group(1))], html)


def anchor_ids(held: list[str]) -> set[str]:
    """The ids in held blocks, which MkDocs would otherwise not know when it checks anchors."""
    return {html.unescape(found) for block in held for found in _ID.findall(block)}
