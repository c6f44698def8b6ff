"""Make HTML safe to publish: one allow-list for content, a wider one for whole pages.

Content arrives through pull requests from many hands, and Python-Markdown passes raw HTML
through. Every piece of Markdown from content/ is rendered and then cleaned here, with the
Ammonia sanitiser (nh3): scripts, event handlers, javascript: and data: URLs, frames,
objects, forms and style attributes are removed; ordinary Markdown output is kept
(:func:`sanitise_html`).

Generated pages are cleaned again as a whole (:func:`sanitise_page_html`), with the same rules
widened only by the elements and attributes the project's own templates write (figures,
chart images, breadcrumbs, data-search-exclude…). Content is escaped where templates place
it, so this second pass changes nothing on a correct page; it is there so that a template
that one day forgets to escape a field cannot put script, a third-party image or an event
handler on a resident's page.

Links may be http, https, mailto, tel or relative. Images may only come from the site itself
(a relative address): an image from another website would tell it who reads the page.
"""

from __future__ import annotations

import html as html_text
import re
from typing import Any

import nh3

_HEADINGS = {f"h{n}" for n in range(1, 7)}
TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
} | _HEADINGS
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "li": {"id"},  # footnotes
    "sup": {"id"},
    "div": {"role", "tabindex", "aria-label", "aria-labelledby"},  # table regions, notices
    **{h: {"id"} for h in _HEADINGS},  # anchors for the contents list
}
ALLOWED_CLASSES = {
    "a": {"headerlink", "footnote-ref", "footnote-backref"},
    "div": {"table-region", "footnote", "item-details", "demonstration-notice", "revision-notice"},
    "p": {"level-label", "page-kind"},
    "dl": {"key-facts", "page-provenance"},  # a narrative page's provenance (macros/narrative.md.j2)
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "textarea",
    "select",
    "svg",
    "math",
}

# What the project's own templates (macros/) add to a page's article.
PAGE_TAGS = TAGS | {"details", "figcaption", "figure", "nav", "summary", "time"}
PAGE_GENERIC_ATTRIBUTES = {
    "class",
    "id",
    "role",
    "tabindex",
    "title",
    "lang",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-current",
    "aria-hidden",
    "data-search-exclude",
}
PAGE_ATTRIBUTES = {
    **ATTRIBUTES,
    "a": ATTRIBUTES["a"] | {"download", "type", "hreflang"},
    "img": ATTRIBUTES["img"] | {"loading", "decoding"},
    "td": ATTRIBUTES["td"] | {"headers", "data-label"},  # card tables on a phone (components.html.j2)
    "th": ATTRIBUTES["th"] | {"headers"},
    "time": {"datetime"},
    "*": PAGE_GENERIC_ATTRIBUTES,
}


def is_own_image(src: str) -> bool:
    """True for an image address on the site itself (relative: no scheme, no other host)."""
    src = src.strip()
    return bool(src) and ":" not in src.split("/", 1)[0] and not src.startswith(("//", "\\"))


_MATERIAL_ID_PREFIX = "__"  # Material's own controls' ids start so: content must not shadow them
_FOCUSABLE = "0"  # the one tabindex allowed: in the page's order, never first nor out of it


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.startswith(_MATERIAL_ID_PREFIX):
        return None
    if attribute == "tabindex" and value != _FOCUSABLE:
        return None
    if tag == "img" and attribute == "src" and not is_own_image(value):
        return None
    return value


_CONTENT: dict[str, Any] = dict(  # nh3.Cleaner's arguments
    tags=TAGS,
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=URL_SCHEMES,
    allowed_classes=ALLOWED_CLASSES,
    link_rel=None,
    strip_comments=True,
)
# Any class: the templates' own (content's classes were limited when its Markdown was cleaned).
_PAGE = {key: value for key, value in _CONTENT.items() if key != "allowed_classes"}
_PAGE.update(tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES, strip_comments=False)  # held_html's placeholders are comments


_content_cleaner = nh3.Cleaner(**_CONTENT)  # built once: nh3.clean builds one per call
_page_cleaner = nh3.Cleaner(**_PAGE)
# The same without the attribute filter, whose calls into Python for every attribute were a
# quarter of the time of cleaning a page: see sanitise_page_html.
_page_cleaner_unfiltered = nh3.Cleaner(**{key: value for key, value in _PAGE.items() if key != "attribute_filter"})

# In HTML nh3 has written out, every attribute is ` name="value"` (one space before it, a quote
# within written &quot;, and a < within text &lt;), so what _filter_attribute would remove can
# be found as text: an id starting "__", a tabindex other than "0", and every image (its source
# is checked). Text that merely looks like one of them (in a comment, say) has the page cleaned
# again with the filter, which is only slower.
_IMAGE_TAG = re.compile(r'<img((?: [^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')
_SOURCE = re.compile(r'\ssrc="([^"]*)"')


def sanitise_html(html: str) -> str:
    """HTML from content, with anything that could run script or restyle the page removed."""
    return _content_cleaner.clean(html)


def sanitise_page_html(html: str) -> str:
    """A generated page's HTML (or part of it), cleaned with the page allow-list.

    Cleaned first without the attribute filter; the result is used when nothing in it is an
    attribute the filter would have removed, which is to say when it is what cleaning with
    the filter gives (tests/pages/test_sanitise.py compares the two on hostile pages)."""
    cleaned = _page_cleaner_unfiltered.clean(html)
    return _page_cleaner.clean(html) if _filter_would_change(cleaned) else cleaned


def _filter_would_change(cleaned: str) -> bool:
    """Whether HTML nh3 has cleaned holds something _filter_attribute removes, or might."""
    if f' id="{_MATERIAL_ID_PREFIX}' in cleaned or cleaned.count(' tabindex="') != cleaned.count(
        f' tabindex="{_FOCUSABLE}"'
    ):
        return True
    if "<img" not in cleaned:
        return False
    images = _IMAGE_TAG.findall(cleaned)
    if len(images) != cleaned.count("<img"):  # "<img" where no image is: check the slow way
        return True
    for attributes in images:
        source = _SOURCE.search(attributes)
        if source is not None and not is_own_image(html_text.unescape(source.group(1))):
            return True
    return False
