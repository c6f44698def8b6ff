"""Make HTML rendered from content Markdown safe to publish.

Content arrives through pull requests from many hands, and Python-Markdown passes raw HTML
through. Every piece of Markdown from content/ is rendered and then cleaned here, with the
Ammonia sanitiser (nh3): scripts, event handlers, javascript: and data: URLs, frames,
objects, forms and style attributes are removed; ordinary Markdown output is kept.
"""
from __future__ import annotations

import nh3

_HEADINGS = {f"h{n}" for n in range(1, 7)}
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "hr", "i", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
} | _HEADINGS
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "li": {"id"},        # footnotes
    "sup": {"id"},
    "div": {"role", "tabindex", "aria-label", "aria-labelledby"},   # table regions, notices
    **{h: {"id"} for h in _HEADINGS},                               # anchors for the contents list
}
ALLOWED_CLASSES = {
    "a": {"headerlink", "footnote-ref", "footnote-backref"},
    "div": {"table-region", "footnote", "item-details", "demonstration-notice", "revision-notice"},
    "p": {"level-label"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.startswith("__"):
        return None  # Material's own controls use __ ids: content must not shadow them
    if attribute == "tabindex" and value != "0":
        return None
    return value


_cleaner_options = dict(
    tags=TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript",
                        "textarea", "select", "svg", "math"},
    attributes=ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=URL_SCHEMES,
    allowed_classes=ALLOWED_CLASSES,
    link_rel=None,
    strip_comments=True,
)


def sanitise_html(html: str) -> str:
    """HTML from content, with anything that could run script or restyle the page removed."""
    return nh3.clean(html, **_cleaner_options)
