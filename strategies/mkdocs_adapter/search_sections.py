"""Material's division of a page into search sections: the same result, five times faster.

Material's search ``Parser`` runs Python's ``html.parser`` over each page and, for every tag and
piece of text, asks which open elements are excluded (``skip.intersection(context)``) and
whether a heading or ``pre`` is open, comparing its ``Element`` objects with Python-level
``__eq__`` calls. :func:`sections` keeps Material's rules, quirks included, with cheaper state:
the open elements as a list of tag names (Material's elements are equal, and hash, by tag
alone, so every such test is a test on tag names) and a count of open elements whose tag is
excluded. Among the quirks kept:

- closing any element whose tag was excluded (``data-search-exclude``, ``class="linenodiv"``)
  ends the exclusion for every open element of that tag, even an outer excluded one;
- a section's title takes the text inside any open element with its heading's tag, not only
  inside its heading (a preface's tag is "hx": an ``<hx>`` element gives it a title);
- an end tag that does not close the innermost open element is ignored;
- a kept element (``p``, ``li``, ``code``...) closed in another section than it opened in, as
  nested headings can make happen, raises ``ValueError`` as Material does.

Most pages are read by one regular expression instead of ``html.parser``: it reads tags with
plain quoted or unquoted attributes, end tags, simple comments and text, which ``html.parser``
reads the same way (text in one piece up to the next ``<``, with character references
unescaped as ``html.unescape`` does). A page with anything else (``<script>``, ``<style>``, a
``<`` that starts no such tag, ``<!DOCTYPE``, ``<?``, CDATA, unusual spacing in a tag) is read
by ``html.parser`` itself, through the same handlers. ``tests/adapter/test_search_sections.py`` checks
the result against Material's ``Parser`` on every built page, on hostile content and on
generated HTML.
"""

from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

from material.plugins.search.plugin import Element, Parser, Section, void

_SKIP = frozenset(Parser().skip)  # Material's skip list at the start: script, style, object
_NEVER_UNSKIPPED = frozenset(("script", "style", "object"))  # as handle_endtag lists them
_KEEP = frozenset(Parser().keep)  # tags Material keeps as markup: p, code, pre, li...
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_VOID = frozenset(void)
_INFINITY = float("inf")

# One token a match: text, a start tag, an end tag, a simple comment, or a "<" that starts
# anything else (the page then goes to html.parser). Tag, attribute and value characters are
# a subset of what html.parser accepts, and spaces only ASCII ones, so that where this matches,
# html.parser reads the same tag. Elements whose content html.parser reads as raw text
# (script and style; newer Pythons add others) are left to html.parser.
_RAW_TEXT = ("script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext", "textarea", "title")
_SPACE = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_BARE = r"[-a-zA-Z0-9_:.,;/?#&%+~!@$*()\[\]{}|^]+"
_ATTRIBUTE = rf"""{_NAME}(?:{_SPACE}*={_SPACE}*(?:"[^"]*"|'[^']*'|{_BARE}))?"""
_TOKEN = re.compile(
    rf"""
    ([^<]+)                                                  # text
  | <(?!(?i:{"|".join(_RAW_TEXT)})[ \t\n\r\f/>])
    ([a-zA-Z][-a-zA-Z0-9_:.]*)                               # start tag
    ((?:{_SPACE}+{_ATTRIBUTE})*)                             # its attributes
    {_SPACE}*(/?)>                                           # self-closing?
  | </([a-zA-Z][-a-zA-Z0-9_:.]*){_SPACE}*>                   # end tag
  | <!--(?![->])(?:[^-]|-(?!-))*-->                          # comment without "--"
  | (<)                                                      # anything else
""",
    re.VERBOSE,
)
_ATTRIBUTES = re.compile(rf"""({_NAME})(?:{_SPACE}*(=){_SPACE}*(?:"([^"]*)"|'([^']*)'|({_BARE})))?""")


def _attributes(text: str) -> dict:
    """Attributes as html.parser gives them, in a dict as Material makes of them."""
    found = {}
    for name, equals, double, single, bare in _ATTRIBUTES.findall(text):
        value = (double or single or bare) if equals else None
        if value and "&" in value:
            value = unescape(value)
        found[name.lower()] = value
    return found


class _Divider:
    """Material's ``Parser`` handlers, on tag names: :meth:`start`, :meth:`end` and :meth:`text`
    take what ``handle_starttag`` (with attributes as a dict), ``handle_endtag`` and
    ``handle_data`` take."""

    __slots__ = ("tags", "attrs", "skip", "skipping", "data", "section", "heading")

    def __init__(self) -> None:
        self.tags: list[str] = []  # Material's context, by tag
        self.attrs: list[dict] = []  # the attributes of each
        self.skip = set(_SKIP)  # Material's skip list, by tag
        self.skipping = 0  # how many open elements have a tag in skip
        self.data: list[Section] = []
        self.section: Section | None = None
        self.heading = ""  # the current section's element's tag

    def _new_section(self, el: Element, depth: int) -> Section:
        self.section = Section(el, depth)
        self.heading = el.tag
        self.data.append(self.section)
        return self.section

    def start(self, tag: str, attrs: dict) -> None:
        if tag in _VOID:
            return
        tags = self.tags
        tags.append(tag)
        self.attrs.append(attrs)
        skip = self.skip
        if tag in skip:
            self.skipping += 1
        if tag in _HEADINGS and "id" in attrs:
            depth = len(tags)
            if tag != "h1" and not self.data:
                self._new_section(Element("hx"), depth)
            section = self._new_section(Element(tag, attrs), depth)
            if len(self.data) > 1:  # Material: "if self.data", before appending this one
                section.id = attrs["id"]
        section = self.section
        if section is None:
            section = self._new_section(Element("hx"), 0)
        if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
            if tag not in skip:
                skip.add(tag)
                self.skipping += tags.count(tag)
            return
        if not self.skipping and tag in _KEEP:
            (section.title if self.heading in tags else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        tags = self.tags
        if not tags or tags[-1] != tag:
            return
        assert self.section is not None  # an element is open, so start() has made a section
        depth = len(tags)
        if self.section.depth > depth:  # leaving the element a heading was nested in
            for section in reversed(self.data):
                if section.depth <= depth:
                    self.section.depth = _INFINITY
                    self.section = section
                    self.heading = section.el.tag
                    break
        tags.pop()
        self.attrs.pop()
        if tag in self.skip:
            self.skipping -= 1
            if tag not in _NEVER_UNSKIPPED:
                self.skip.remove(tag)
                self.skipping -= tags.count(tag)
            return
        if not self.skipping and tag in _KEEP:
            section = self.section
            pieces = section.title if self.heading in tags else section.text
            index = pieces.index(f"<{tag}>")  # raises ValueError as Material's does
            for piece in pieces[index + 1 :]:
                if not piece.isspace():
                    pieces.append(f"</{tag}>")
                    return
            del pieces[index:]  # nothing but whitespace since the start tag: drop it

    def text(self, data: str) -> None:
        if self.skipping:
            return
        tags = self.tags
        if "pre" not in tags:
            data = " " if data.isspace() else data.replace("\n", " ")
        section = self.section
        if section is None:
            section = self._new_section(Element("hx"), 0)
        if self.heading in tags:
            for tag, attrs in zip(tags, self.attrs):
                if tag == "a" and attrs.get("class") == "headerlink":
                    return  # permalinks are left out of titles
            section.title.append(escape(data, quote=False))
        elif data.isspace():
            pieces = section.text
            if not pieces or not pieces[-1].isspace() or "pre" in tags:
                pieces.append(data)
        else:
            section.text.append(escape(data, quote=False))


class _HTMLParser(HTMLParser):
    """html.parser's reading of a page, into a divider (for pages the fast path leaves)."""

    def __init__(self, divider: _Divider):
        super().__init__()
        # the divider's handlers themselves, not methods calling them (html.parser calls these per token)
        self.handle_endtag = divider.end  # type: ignore[method-assign]
        self.handle_data = divider.text  # type: ignore[method-assign]
        self._start = divider.start

    def handle_starttag(self, tag, attrs):
        self._start(tag, dict(attrs))


def _read(html: str, divider) -> bool:
    """Feed the page to the divider's handlers as html.parser would, token by token, or stop
    and return False at the first thing this fast path does not read."""
    start, end, text = divider.start, divider.end, divider.text
    for data, tag, attrs, closed, end_tag, other in _TOKEN.findall(html):
        if data:
            text(unescape(data) if "&" in data else data)
        elif tag:
            tag = tag.lower()
            start(tag, _attributes(attrs) if attrs else {})
            if closed:  # html.parser's handle_startendtag: start, then end
                end(tag)
        elif end_tag:
            end(end_tag.lower())
        elif other:
            return False
    return True


def _divide(html: str) -> _Divider:
    """Material's sections of the page, read by the fast path or else by html.parser."""
    divider = _Divider()
    if not _read(html, divider):
        divider = _Divider()  # start again
        parser = _HTMLParser(divider)
        parser.feed(html)
        parser.close()
    return divider


def sections(html: str) -> list:
    """Material's search sections of a page's HTML, as ``Parser`` makes them, without those
    excluded from search: each a ``Section`` with its ``id`` and ``depth``, its ``el`` set to
    None (only needed to exclude sections), and its title and text pieces each joined into one
    string (a list of one string, or an empty list), as Material would join them."""
    found = [section for section in _divide(html).data if not section.is_excluded()]
    for section in found:
        section.el = None
        section.title = ["".join(section.title)] if section.title else []
        section.text = ["".join(section.text)] if section.text else []
    return found


def material_sections(html: str) -> list:
    """What :func:`sections` must give: Material's own parser's sections, joined as
    :func:`sections` joins them (the reference that tests and benchmarks compare with)."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    found = [section for section in parser.data if not section.is_excluded()]
    for section in found:
        section.el = None
        section.title = ["".join(section.title)] if section.title else []
        section.text = ["".join(section.text)] if section.text else []
    return found
