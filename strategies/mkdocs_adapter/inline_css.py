"""Material's stylesheets in the page itself, cut to the rules that page can use.

Material links two stylesheets from every page's head (its main and palette stylesheets, 136 KB and
12 KB), and a browser draws nothing until both have arrived: on a slow phone connection,
uncompressed, most of two seconds. Most of their rules style what these pages never show
(code highlighting, admonitions, tabs, blogs, right-to-left text, other palettes). Each link
is replaced by a <style data-href="assets/stylesheets/<file>"> holding only the rules whose
selectors can match the page: every class a selector needs is in the page's HTML or in
Material's JavaScript (which adds search results, tooltips and the like as a reader uses the
page; a class it makes up as it runs, `md-tag--${…}`, counts by its beginning); its palette
and direction attributes ([data-md-color-scheme=slate], [dir=rtl]) are ones the page has;
and an icon (a custom property holding an image) only when a kept rule uses it. Whatever is
inside :not(), :is(), :where() and :has() is not required. So a rule is kept whenever in
doubt: a browser test finds every page looking exactly as it does with the whole files.

Links to stylesheets the page holds otherwise are dropped: macros/theme/main.html writes the
brand colours and the site's stylesheet inline, and a print-only stylesheet with
media="print", each marked with data-href; MkDocs's own plain link to that file then goes.
The page then waits for no stylesheet at all.

The stylesheets are read with tinycss2 (CSS Syntax's tokenizer, as WeasyPrint uses), and
each kept rule is written back as tinycss2 serialises it: the same rules, though a string's
escapes may be written as the characters they stand for.

Called by compact_html.compact, which every built page passes through. The cut is the same
for pages with the same classes: it is made once per build for each (cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import material
import tinycss2

_ASSETS = Path(material.__file__).resolve().parent / "templates" / "assets"
_STYLESHEETS = _ASSETS / "stylesheets"
_JAVASCRIPTS = _ASSETS / "javascripts"

# A stylesheet link as MkDocs and Material write them, and Material's own stylesheets.
_LINK = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]*)">(?P<end>\n?)')  # a dropped link takes its line
_MATERIAL_STYLESHEET = re.compile(r"(?<=assets/stylesheets/)(?:main|palette)\.[0-9a-f]+\.min\.css$")
_STANDS_FOR = re.compile(r'<(?:style|link)\b[^>]*\sdata-href="([^"]+)"')
_END_TAG = re.compile(r"</(style)", re.IGNORECASE)  # written <\/style in CSS: the element goes on
# Any attribute ending in class (data-class too): a superset of the page's classes keeps more
# rules, never fewer, and a pattern starting with a literal is found four times as fast.
# Indentation and blank lines: what compact_html takes out of every page (not \s: a leading
# no-break space shows), and out of each cut here.
INDENTATION = re.compile(r"\n[ \t\n]+")
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_PALETTE_ATTRIBUTE = re.compile(r'\s(dir|data-md-color-(?:scheme|primary|accent))="([^"]*)"')
# Inside these, a class is not needed for the selector to match (:not(.x) matches without .x).
_NEGATIONS = {"not", "is", "where", "has", "matches", "-webkit-any", "-moz-any"}
# At-rules holding rules, cut as the rules inside them are; other at-rules are kept whole.
_GROUPING = {"media", "supports", "container", "layer"}
_PALETTE_NAMES = {"dir", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"}


@dataclass(frozen=True)
class _Rule:
    """A style rule: each selector with what it needs, and the declarations."""

    selectors: tuple[tuple[str, frozenset, frozenset], ...]  # (text, classes, palette values)
    body: str


@dataclass(frozen=True)
class _Block:
    """@media or @supports: rules inside, kept when any rule inside is."""

    prelude: str
    children: tuple


def _split_selectors(tokens: list) -> list[list]:
    """A rule's prelude split at its top-level commas (commas inside :is() are inside a block)."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [part for part in parts if any(token.type not in ("whitespace", "comment") for token in part)]


def _needs(tokens: list) -> tuple[frozenset, frozenset]:
    """The classes, and the palette attribute values, a selector needs to match anything.
    What is inside :not(), :is() and the like is left out: those match without it."""
    classes: set[str] = set()
    palette: set[tuple[str, str]] = set()
    previous = None
    for token in tokens:
        if token.type == "ident" and previous is not None and previous.type == "literal" and previous.value == ".":
            classes.add(token.value)
        elif token.type == "[] block":
            inside = [t for t in token.content if t.type != "whitespace"]
            if (
                len(inside) == 3
                and inside[0].type == "ident"
                and inside[0].lower_value in _PALETTE_NAMES
                and inside[1].type == "literal"
                and inside[1].value == "="
                and inside[2].type in ("ident", "string")
            ):
                palette.add((inside[0].lower_value, inside[2].value))
        elif token.type == "function" and token.lower_name not in _NEGATIONS:
            more_classes, more_palette = _needs(token.arguments)  # :nth-child(2 of .x) and the like
            classes |= more_classes
            palette |= more_palette
        previous = token
    return frozenset(classes), frozenset(palette)


def _parse(css: str) -> tuple:
    """A stylesheet as a sequence of rules, blocks and kept-as-they-are text (other at-rules),
    read by tinycss2 (strings, escapes, comments and nesting as CSS Syntax defines them)."""
    return _items(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _items(nodes) -> tuple:
    items: list[_Rule | _Block | str] = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = tuple(
                (tinycss2.serialize(part).strip(), *_needs(part)) for part in _split_selectors(node.prelude)
            )
            items.append(_Rule(selectors, tinycss2.serialize(node.content)))
        elif node.type == "at-rule" and node.lower_at_keyword in _GROUPING and node.content is not None:
            inside = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            items.append(_Block(f"@{node.at_keyword}{tinycss2.serialize(node.prelude)}".rstrip(), _items(inside)))
        elif node.type == "at-rule":  # @keyframes, @font-face, @page, @property, @charset: kept whole
            items.append(tinycss2.serialize([node]))
    return tuple(items)


def _write(items: tuple, classes: frozenset, palette: frozenset) -> str:
    out = []
    for item in items:
        if isinstance(item, str):
            if not item.startswith("@charset"):  # not allowed in a <style> element
                out.append(item)
        elif isinstance(item, _Block):
            inner = _write(item.children, classes, palette)
            if inner:
                out.append(f"{item.prelude}{{{inner}}}")
        else:
            kept = [text for text, needed, values in item.selectors if needed <= classes and values <= palette]
            if kept:
                out.append(f"{','.join(kept)}{{{item.body}}}")
    return "".join(out)


@cache
def _stylesheet(name: str) -> tuple | None:
    path = _STYLESHEETS / name
    if not path.is_file():
        return None
    css = path.read_text(encoding="utf-8")
    # The source map comment is of no use once the rules are cut.
    return _parse(re.sub(r"/\*#\s*sourceMappingURL=[^*]*\*/", "", css))


@lru_cache(maxsize=1)
def _script_words() -> tuple[frozenset, tuple[str, ...]]:
    """Every word in Material's JavaScript (a class it adds is one of them), and the beginnings
    of class names it makes up as it runs (`md-tag--${…}`)."""
    text = "".join(
        path.read_text(encoding="utf-8", errors="replace") for path in sorted(_JAVASCRIPTS.glob("bundle.*.min.js"))
    )
    # Words with a - or _ (md-tooltip--active, focus-visible), and any word that is a whole
    # string ("js"): not the one-letter names of minified code, which are also Pygments' classes.
    words = frozenset(re.findall(r"[_a-zA-Z][_a-zA-Z0-9]*[-_][_a-zA-Z0-9-]*", text)) | frozenset(
        re.findall(r"[\"'`]([_a-zA-Z][_a-zA-Z0-9-]*)[\"'`]", text)
    )
    prefixes = tuple(sorted(set(re.findall(r"([_a-zA-Z][_a-zA-Z0-9-]*)\$\{", text))))
    return words, prefixes


# A custom property holding an image (Material's icons, as data: URLs): a fifth of main.css.
_ICON_PROPERTY = re.compile(r"""(--[_a-zA-Z0-9-]+):url\((?:"[^"]*"|'[^']*'|[^)"']*)\);?""")
_PROPERTY_USE = re.compile(r"var\(\s*(--[_a-zA-Z0-9-]+)")


@lru_cache(maxsize=64)
def _cut(name: str, classes: frozenset, palette: frozenset) -> str:
    """The stylesheet's rules for a page with these classes and palette attributes, without
    the icons no kept rule uses (brand.css and strategies.css use no icon)."""
    items = _stylesheet(name)
    assert items is not None  # inline_stylesheets cuts only the stylesheets there are
    css = _write(items, classes, palette)
    used = set(_PROPERTY_USE.findall(css))
    css = _ICON_PROPERTY.sub(lambda found: found[0] if found[1] in used else "", css)
    # Without indentation, as compact_html leaves the rest of the page (a few values span lines),
    # and unable to end its <style> element; once for each cut, not for each page.
    return _END_TAG.sub(r"<\\/\1", INDENTATION.sub("\n", css))


@lru_cache(maxsize=1)
def _all_selector_classes() -> frozenset:
    found = set()

    def walk(items):
        for item in items:
            if isinstance(item, _Block):
                walk(item.children)
            elif isinstance(item, _Rule):
                for _, needed, _ in item.selectors:
                    found.update(needed)

    for path in sorted(_STYLESHEETS.glob("*.min.css")):
        walk(_stylesheet(path.name) or ())
    return frozenset(found)


@lru_cache(maxsize=1)
def _script_classes() -> frozenset:
    """The classes some selector names that Material's JavaScript may add to a page."""
    words, prefixes = _script_words()
    known = _all_selector_classes()
    return frozenset((words & known) | {name for name in known if prefixes and name.startswith(prefixes)})


def page_classes(html: str) -> frozenset:
    """The classes a page can have: in its HTML, or added by Material's JavaScript; only those
    some selector names (so that pages with the same needs share one cut stylesheet)."""
    known = _all_selector_classes()
    used = {name for value in _CLASS_ATTRIBUTE.findall(html) for name in value.split()}
    return frozenset(used & known) | _script_classes()


def page_palette(html: str) -> frozenset:
    """The page's palette and direction attributes ((name, value) pairs). Material writes them
    on <html>, <body> and the palette switch's inputs, all before the header ends: only that
    part is searched, unless any such attribute comes later (a third of a millisecond a page)."""
    end = html.find("</header>")
    if end < 0 or html.find("data-md-color-", end) >= 0 or html.find(" dir=", end) >= 0:
        end = len(html)
    return frozenset(_PALETTE_ATTRIBUTE.findall(html, 0, end))


def inline_stylesheets(html: str) -> str:
    """The page with its head's links to Material's stylesheets replaced by <style> elements
    holding the rules the page can use, and without links to stylesheets the page already
    holds inline (a <style data-href="assets/brand.css"> stands for that file: see
    macros/theme/main.html). Other links, and a stylesheet this Material does not have, stay."""
    head_end = html.find("</head>")
    if head_end < 0 or '<link rel="stylesheet"' not in html[:head_end]:
        return html
    head = html[:head_end]
    inline = set(_STANDS_FOR.findall(head))
    classes = palette = None

    def replace(link: re.Match) -> str:
        nonlocal classes, palette
        href = link["href"]
        if any(href == path or href.endswith("/" + path) for path in inline):
            return ""
        name = _MATERIAL_STYLESHEET.search(href)
        if not name or _stylesheet(name[0]) is None:
            return link[0]
        if classes is None:
            classes = page_classes(html)
            palette = page_palette(html)
        css = _cut(name[0], classes, palette)
        return f'<style data-href="assets/stylesheets/{name[0]}">{css}</style>{link["end"]}'

    return _LINK.sub(replace, head) + html[head_end:]
