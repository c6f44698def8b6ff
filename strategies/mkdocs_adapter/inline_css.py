"""Material's stylesheets in the page itself, cut to the rules that page can use.

Material links two stylesheets from every page's head (main.css, 136 KB, and palette.css,
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

Called by compact_html.compact, which every built page passes through. The cut is the same
for pages with the same classes: it is made once per build for each (cached).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import material

_ASSETS = Path(material.__file__).resolve().parent / "templates" / "assets"
_STYLESHEETS = _ASSETS / "stylesheets"
_JAVASCRIPTS = _ASSETS / "javascripts"

# A stylesheet link as MkDocs and Material write them, and Material's own stylesheets.
_LINK = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]*)">')
_MATERIAL_STYLESHEET = re.compile(r"(?<=assets/stylesheets/)(?:main|palette)\.[0-9a-f]+\.min\.css$")
_STANDS_FOR = re.compile(r'<(?:style|link)\b[^>]*\sdata-href="([^"]+)"')
_END_TAG = re.compile(r"</(style)", re.IGNORECASE)  # written <\/style in CSS: the element goes on
_CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')
_PALETTE_ATTRIBUTE = re.compile(r'\s(dir|data-md-color-(?:scheme|primary|accent))="([^"]*)"')
# In a selector: .class, and [data-md-color-…=value] (the palette's).
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_SELECTOR_PALETTE = re.compile(r'\[(dir|data-md-color-(?:scheme|primary|accent))=["\']?([^"\'\]]+)["\']?\]')
# Inside these, a class is not needed for the selector to match (:not(.x) matches without .x).
_NEGATIONS = ("not(", "is(", "where(", "has(", "matches(", "-webkit-any(", "-moz-any(")


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


def _skip_string(css: str, index: int) -> int:
    quote = css[index]
    index += 1
    while index < len(css) and css[index] != quote:
        index += 2 if css[index] == "\\" else 1
    return index + 1


def _find(css: str, index: int, stops: str) -> int:
    """The index of the first of ``stops`` at nesting depth 0 (outside strings, comments and
    brackets), from ``index``; len(css) when there is none."""
    depth = 0
    while index < len(css):
        char = css[index]
        if char in "\"'":
            index = _skip_string(css, index)
            continue
        if css.startswith("/*", index):
            end = css.find("*/", index + 2)
            index = len(css) if end < 0 else end + 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in stops:
            return index
        index += 1
    return index


def _matching_brace(css: str, index: int) -> int:
    """The index of the } closing the { at ``index``."""
    depth = 0
    while index < len(css):
        char = css[index]
        if char in "\"'":
            index = _skip_string(css, index)
            continue
        if css.startswith("/*", index):
            end = css.find("*/", index + 2)
            index = len(css) if end < 0 else end + 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise ValueError("unbalanced braces in a stylesheet")


def _split_selectors(text: str) -> list[str]:
    parts, start = [], 0
    while start <= len(text):
        end = _find(text, start, ",")
        parts.append(text[start:end].strip())
        start = end + 1
    return [part for part in parts if part]


def _needs(selector: str) -> tuple[frozenset, frozenset]:
    """The classes, and the palette attribute values, a selector needs to match anything.
    What is inside :not(), :is() and the like is left out: those match without it."""
    plain, index = [], 0
    while index < len(selector):
        if selector[index] == ":" and selector.startswith(_NEGATIONS, index + 1):
            opening = selector.index("(", index)
            index = _find(selector, opening + 1, ")") + 1
            continue
        if selector[index] in "\"'":
            end = _skip_string(selector, index)
            plain.append(selector[index:end])
            index = end
            continue
        plain.append(selector[index])
        index += 1
    plain_text = "".join(plain)
    palette = frozenset(_SELECTOR_PALETTE.findall(plain_text))
    without_attributes = re.sub(r"\[[^\]]*\]", "", plain_text)
    return frozenset(_SELECTOR_CLASS.findall(without_attributes)), palette


def _parse(css: str) -> tuple:
    """A stylesheet as a sequence of rules, blocks and kept-as-they-are text (other at-rules)."""
    items, index = [], 0
    while index < len(css):
        while index < len(css) and css[index] in " \t\r\n":
            index += 1
        if index >= len(css):
            break
        if css.startswith("/*", index):
            end = css.find("*/", index + 2)
            index = len(css) if end < 0 else end + 2
            continue
        stop = _find(css, index, "{;")
        if stop >= len(css):
            items.append(css[index:].strip())
            break
        prelude = css[index:stop].strip()
        if css[stop] == ";":  # @charset, @import…
            items.append(css[index:stop + 1])
            index = stop + 1
            continue
        close = _matching_brace(css, stop)
        inner = css[stop + 1:close]
        if prelude.startswith("@"):
            if re.match(r"@(media|supports|container|layer)\b", prelude):
                items.append(_Block(prelude, _parse(inner)))
            else:  # @keyframes, @font-face, @page, @property: kept whole
                items.append(css[index:close + 1])
        else:
            selectors = tuple((text, *_needs(text)) for text in _split_selectors(prelude))
            items.append(_Rule(selectors, inner))
        index = close + 1
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
            kept = [text for text, needed, values in item.selectors
                    if needed <= classes and values <= palette]
            if kept:
                out.append(f"{','.join(kept)}{{{item.body}}}")
    return "".join(out)


@lru_cache(maxsize=None)
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
    text = "".join(path.read_text(encoding="utf-8", errors="replace")
                   for path in sorted(_JAVASCRIPTS.glob("bundle.*.min.js")))
    # Words with a - or _ (md-tooltip--active, focus-visible), and any word that is a whole
    # string ("js"): not the one-letter names of minified code, which are also Pygments' classes.
    words = frozenset(re.findall(r"[_a-zA-Z][_a-zA-Z0-9]*[-_][_a-zA-Z0-9-]*", text)) | frozenset(
        re.findall(r"[\"'`]([_a-zA-Z][_a-zA-Z0-9-]*)[\"'`]", text))
    prefixes = tuple(sorted(set(re.findall(r"([_a-zA-Z][_a-zA-Z0-9-]*)\$\{", text))))
    return words, prefixes


# A custom property holding an image (Material's icons, as data: URLs): a fifth of main.css.
_ICON_PROPERTY = re.compile(r"""(--[_a-zA-Z0-9-]+):url\((?:"[^"]*"|'[^']*'|[^)"']*)\);?""")
_PROPERTY_USE = re.compile(r"var\(\s*(--[_a-zA-Z0-9-]+)")


@lru_cache(maxsize=64)
def _cut(name: str, classes: frozenset, palette: frozenset) -> str:
    """The stylesheet's rules for a page with these classes and palette attributes, without
    the icons no kept rule uses (brand.css and strategies.css use no icon)."""
    css = _write(_stylesheet(name), classes, palette)
    used = set(_PROPERTY_USE.findall(css))
    return _ICON_PROPERTY.sub(lambda found: found[0] if found[1] in used else "", css)


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
            palette = frozenset(_PALETTE_ATTRIBUTE.findall(html))
        css = _END_TAG.sub(r"<\\/\1", _cut(name[0], classes, palette))
        return f'<style data-href="assets/stylesheets/{name[0]}">{css}</style>'

    return _LINK.sub(replace, head) + html[head_end:]
