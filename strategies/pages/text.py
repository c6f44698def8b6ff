"""Render officers' Markdown to HTML for generated pages, escape text for Markdown, and make
slugs (the parts of addresses and anchors made from text)."""

from __future__ import annotations

import html as _html
import re
from functools import lru_cache

import markdown as _markdown
from markupsafe import Markup, escape

from .sanitise import sanitise_html

_EXTENSIONS = ["tables", "sane_lists", "def_list"]
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


_converter = _markdown.Markdown(extensions=_EXTENSIONS, output_format="html")


# One line of text with nothing Markdown would act on: most titles, summaries and commentary.
# Such text becomes a paragraph as it is, without running the Markdown parser (a test checks
# that both ways give the same HTML).
_PLAIN = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:'’‘“”\"?%£/()-])*")


def markdown_to_html(text: str | None) -> Markup:
    """Markdown (from content) as safe block HTML; headings are demoted so pages keep one h1."""
    if not text:
        return Markup("")
    text = str(text)
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        return Markup(f"<p>{escape(text)}</p>".replace("&#34;", '"').replace("&#39;", "'"))
    return _convert(text)


@lru_cache(maxsize=65536)  # the same text appears on several pages (an item's, its report's)
def _convert(text: str) -> Markup:
    html = _converter.reset().convert(text)
    html = re.sub(r"<(/?)h([1-4])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}", html)
    return Markup(sanitise_html(html))


def markdown_inline(text: str | None) -> Markup:
    """Markdown for a short phrase (a table cell, a list item) without the wrapping paragraph."""
    html = str(markdown_to_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def escape_markdown(text: str | None) -> Markup:
    """Plain text that Markdown will show as written (for headings in generated Markdown):
    HTML-escaped and with Markdown's special characters backslash-escaped, marked safe so
    that a template does not escape it a second time."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(text or ""))))


def plain_text(text: str | None) -> str:
    """Markdown reduced to one line of plain text (not HTML: '&' stays '&'), for descriptions
    and feed summaries. Whoever outputs it escapes it, once."""
    html = str(markdown_to_html(text))
    return _html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text, limit: int | None = None) -> str:
    """``text`` lower-cased with each run of other characters as one hyphen, none at either
    end, cut to ``limit`` characters: "Children's Services" -> "children-s-services"."""
    return _NOT_SLUG.sub("-", str(text).lower()).strip("-")[:limit]
