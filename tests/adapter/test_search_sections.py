"""search_sections.py divides pages into search sections exactly as Material's search Parser does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from strategies.mkdocs_adapter import search_sections
from strategies.mkdocs_adapter.search_sections import material_sections, sections


def comparable(found: list) -> list[tuple]:
    """Sections as tuples: (id, depth, el.tag, el.attrs, title, text); el may be None."""
    return [
        (
            section.id,
            section.depth,
            getattr(section.el, "tag", None),
            getattr(section.el, "attrs", None),
            section.title,
            section.text,
        )
        for section in found
    ]


def outcome(function, html: str):
    """What a division gives: its sections as tuples, or the exception it raises."""
    try:
        return comparable(function(html))
    except Exception as error:  # Material's parser raises ValueError on some nestings
        return type(error), str(error)


def material_division(html: str) -> list:
    """Every section Material's Parser makes, excluded ones too, pieces not joined."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def assert_same(html: str) -> None:
    """The new division equals Material's, both joined and before joining (all sections)."""
    assert outcome(sections, html) == outcome(material_sections, html)
    assert outcome(lambda page: search_sections._divide(page).data, html) == outcome(material_division, html)


class Recorder:
    """Takes the events a divider takes, to compare the fast reading with html.parser's."""

    def __init__(self):
        self.events = []

    def start(self, tag, attrs):
        self.events.append(("start", tag, list(attrs.items())))

    def end(self, tag):
        self.events.append(("end", tag))

    def text(self, data):
        self.events.append(("text", data))


def read_fast(html: str) -> list | None:
    """The events of the fast reading, or None where it hands the page to html.parser."""
    recorder = Recorder()
    return recorder.events if search_sections._read(html, recorder) else None


def read_by_html_parser(html: str) -> list:
    recorder = Recorder()
    parser = search_sections._HTMLParser(recorder)
    parser.feed(html)
    parser.close()
    return recorder.events


def assert_read_alike(html: str) -> None:
    fast = read_fast(html)
    if fast is not None:
        assert fast == read_by_html_parser(html)


ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)


def built_pages(site) -> list[tuple[str, str]]:
    return [(str(path.relative_to(site)), path.read_text("utf-8")) for path in sorted(site.rglob("*.html"))]


@pytest.mark.parametrize("project", ["shipped", "hostile"])
def test_every_built_page_divides_as_materials_parser_divides_it(built_site, hostile_site, project):
    site = built_site if project == "shipped" else hostile_site
    pages = built_pages(site)
    assert len(pages) > 5
    fast = 0
    for name, page in pages:
        article = ARTICLE.search(page)
        for html in [page] + ([article.group(1)] if article else []):
            assert outcome(sections, html) == outcome(material_sections, html), name
            assert_read_alike(html)
            fast += read_fast(html) is not None
    # Whole pages (with their scripts) go to html.parser; the articles' contents must not, or
    # this test would not be testing the fast reading at all.
    assert fast >= len(pages) // 2


# Every quirk of Material's parser, and malformed HTML. Each is compared with Material's Parser.
CASES = {
    "plain page": '<h1 id="t">Title<a class="headerlink" href="#t">&para;</a></h1>\n<p>Some &amp; text</p>\n',
    "first heading not h1 gets an hx section first": '<h2 id="a">A</h2><p>x</p><h2 id="b">B</h2>',
    "h1 after a preface has an id": '<p>before</p><h1 id="t">T</h1><p>after</p>',
    "h1 without an id": "<h1>T</h1><p>x</p>",
    "heading without an id starts no section": '<h1 id="t">T</h1><h2>Sub</h2><p>x</p>',
    "valueless id": "<p>x</p><h2 id>A</h2><p>y</p>",
    "empty id": '<p>x</p><h2 id="">A</h2><p>y</p>',
    "duplicate attributes, last wins": '<h1 id="a" id="b">T<a class="x" class="headerlink">#</a></h1>',
    "excluded block": '<h1 id="t">T</h1><div data-search-exclude><p>hidden</p></div><p>shown</p>',
    "excluded block ends at its first inner element of the same tag": '<h1 id="t">T</h1><div data-search-exclude="">a<div>b</div>c</div>d',
    "excluded heading": '<h1 id="t">T</h1><h2 id="x" data-search-exclude>X</h2><p>under x</p><h2 id="y">Y</h2>',
    "heading inside an excluded block": '<h1 id="t">T</h1><div data-search-exclude><h2 id="h">H</h2>in</div>out',
    "line numbers": '<table><tr><td class="linenodiv"><pre>1\n2</pre></td><td><pre>a\nb</pre></td></tr></table>',
    "linenodiv among other classes is kept": '<div class="linenodiv x">1 2</div>',
    "line numbers nested in the same tag": '<div class="linenodiv"><div>1</div>2</div>3',
    "permalinks left out of titles only": '<h2 id="a">A<a class="headerlink" href="#a">#</a></h2><p><a class="headerlink">kept</a></p>',
    "permalink nested in a span": '<h2 id="a"><span>A<a class="headerlink"><span>#</span></a></span></h2>',
    "permalink class by character reference": '<h2 id="a">A<a class="head&#101;rlink">#</a></h2>',
    "upper-case names": '<H2 ID="a">A<A CLASS="headerlink">#</A></H2><P>x</P>',
    "whitespace collapsing": "<p>a</p>\n\n<p>\n b \n</p>  \n <ul>\n<li> c </li>\n</ul>\t",
    "whitespace chunks after a stray <": "<p>a</p> < \n<p>b</p>",
    "pre keeps whitespace": "<pre><code>line 1\n    line 2\n\n</code></pre>\n\n<pre>  </pre>",
    "pre keeps whitespace in a row": "<pre>x\n<b> </b>\n  <i></i>\n</pre><p>\n<b> </b>\n</p>",
    "whitespace-only kept elements are dropped": "<p> </p><ul>\n<li>\n</li>\n</ul><code></code>",
    "an empty character reference keeps an element": "<p>&#1;</p><p>&#1; </p>",
    "void elements": '<p>a<br>b<br/>c<img src="x.png" alt="y">d</br></img></p><hr/>',
    "void elements before any section": '<br><img src="x"><p>x</p>',
    "self-closing non-void element": "<p/>x<div/>y<h2 id='s'/>z",
    "escaping": "<p>&lt;script&gt; &amp;amp; a > b &quot;q&quot; &#39;s&#39;</p>",
    "unmatched end tags are ignored": "</div><p>a</li>b</p></p><div><p>c</div>d</p>e",
    "headings nested in elements": '<h1 id="t">T</h1><div><h2 id="a">A</h2><p>in</p></div><p>after</p>',
    "nested sections reach back past siblings": '<h2 id="s">S</h2><div><h3 id="n1">a</h3><h3 id="n2">b</h3></div><p>x</p>',
    "a kept element closed in another section: Material raises ValueError": '<h2 id="s">S</h2><div><h3 id="n1">a</h3><h3 id="n2">b</h3></div><ul><li>x<h5 id="m">y</h5></li></ul>',
    "kept elements in titles": '<h2 id="a"><code>f()</code> and <sub>2</sub></h2>',
    "a heading's tag open again adds to its title": '<h2 id="a">A</h2><p>x<h2>more title</h2>y</p>',
    "an hx element adds to the preface's title": "<p>x</p><hx>preface title</hx><p>y</p>",
    "script, style and object": '<p>a</p><script>var p = "<p>x</p>";</script><style>p{}</style><object><p>o</p></object><p>b</p>',
    "script, style and object stay skipped": "<object>a</object><object>b</object><p>x</p><script>c</script><script>d</script>",
    "script in upper case, and unmatched script end": "<SCRIPT>x</SCRIPT><p>a</p></script><p>b</p>",
    "self-closing script": "<script/><p>a</p>",
    "unclosed script": "<p>a</p><script>never closed <p>x</p>",
    "excluded script": "<script data-search-exclude>x</script><p>after</p>",
    "comments": "<p>a<!-- c --> b<!--<p>c</p>-\n--> d</p>",
    "odd comments": "<p>a<!--> b<!---> c<!----> d<!-- a -- b --> e<!-- x --!> f<!-- y -- > g</p>",
    "unclosed comment": "<p>a</p><!-- never closed <p>b</p>",
    "doctype, processing instruction and CDATA": "<!DOCTYPE html><?xml x?><p>a<![CDATA[<p>b</p>]]>c</p>",
    "stray < and >": "<p>a < b and c > d, <3, < p>x</ p></p><",
    "unclosed start tag at the end": '<p>a</p><p class="x',
    "ampersands near the end": "<p>AT&T</p>tail &amp",
    "bare ampersand and unknown references": "<p>&nosuch; &amp &#x41; &#65 &#xD800; &#0;</p>",
    "attribute syntax": "<p class=a title='b c' data-x = \"d\" hidden>x</p><a href=x/>y</a><a href=x />z",
    "attribute values with > and newlines": "<p title=\"a > b\nc\" class='x'>t</p>",
    "unusual spacing falls back": '<p\xa0class="a">x</p><p\vclass="b">y</p><p class="c"\xa0>z</p>',
    "attributes without spaces between": '<p class="a"class="b">x</p>',
    "a slash between attributes": '<p / >y</p><p class="a" / id="b">z</p>',
    "a doubled equals sign": "<a b==c>z</a>",
    "an attribute without a name": '<p ="x">w</p>',
    "a quote in a bare value": "<p x=a\"b>v</p><p x=a'b>v</p>",
    "an equals sign in a bare value": "<a href=x=y>z</a>",
    "an empty bare value": "<a href= >z</a><a href=>y</a>",
    "end tags with spaces or attributes": "<p>a</p ><p>b</p x><p>c</ p><p>d</p\t>",
    "custom elements": '<my-el x-y="1"><p>a</p></my-el><x:y/>',
    "deeply nested lists": "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li></ul>",
    "sub and sup": "<p>x<sub>2</sub> y<sup> </sup></p>",
    "text only": "just text\nwith a line",
    "empty": "",
    "whitespace only": " \n ",
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_tricky_html_divides_as_materials_parser_divides_it(html):
    assert_same(html)
    assert_read_alike(html)


def test_the_cases_exercise_the_fast_reading_the_fallback_and_materials_error():
    fast = {name for name, html in CASES.items() if read_fast(html) is not None}
    assert {"plain page", "attribute syntax", "comments", "line numbers"} <= fast
    assert {
        "script, style and object",
        "stray < and >",
        "unusual spacing falls back",
        "doctype, processing instruction and CDATA",
        "odd comments",
    }.isdisjoint(fast)
    with pytest.raises(ValueError):
        sections(CASES["a kept element closed in another section: Material raises ValueError"])


def test_quirks_are_kept():
    # Written out, so that a change in Material (or here) that both sides shared would show.
    # A first h1's id is dropped; closing the inner div ends the outer one's exclusion.
    found = comparable(sections(CASES["excluded block ends at its first inner element of the same tag"]))
    assert found == [(None, 1, None, None, ["T"], ["cd"])]
    found = comparable(sections(CASES["an hx element adds to the preface's title"]))
    assert found == [(None, 0, None, None, ["preface title"], ["<p>x</p><p>y</p>"])]
    # A heading in an excluded block still makes a section, empty (and left at its end).
    found = comparable(sections(CASES["heading inside an excluded block"]))
    assert found == [(None, 1, None, None, ["T"], ["out"]), ("h", float("inf"), None, None, [], [])]


# Random pages from pieces that meet every rule above.
PIECES = [
    *(f"<h{n}>" for n in range(1, 7)),
    *(f"</h{n}>" for n in range(1, 7)),
    '<h1 id="t">',
    '<h2 id="a">',
    "<h2 id='b'>",
    "<h3 id=c>",
    '<h4 id="d" data-search-exclude>',
    "<h2 id>",
    "<p>",
    "</p>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<pre>",
    "</pre>",
    "<code>",
    "</code>",
    "<sub>",
    "</sup>",
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<a>",
    "</a>",
    '<a class="headerlink" href="#a">',
    "<div data-search-exclude>",
    '<p data-search-exclude="">',
    '<td class="linenodiv">',
    "</td>",
    "<hx>",
    "</hx>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<object>",
    "</object>",
    "<br>",
    "<br/>",
    '<img src="x">',
    "<p/>",
    "</br>",
    "</table>",
    "&amp;",
    "&#39;",
    "&lt;",
    "&gt;",
    "&para;",
    "&#1;",
    "&",
    "&amp",
    "<",
    ">",
    "< ",
    "<3",
    "<!-- c -->",
    "<!-->",
    "<!DOCTYPE html>",
    "<P>",
    "</P >",
    '<p\xa0class="a">',
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "text",
    "a b",
    "x\ny",
    "'\"",
]


@pytest.mark.slow
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@settings(max_examples=1500, deadline=None)
def test_random_pages_divide_as_materials_parser_divides_them(html):
    assert_same(html)
    assert_read_alike(html)


FAST_PIECES = [piece for piece in PIECES if read_fast(piece) is not None]


@pytest.mark.slow
@given(st.lists(st.sampled_from(FAST_PIECES), max_size=60).map("".join))
@settings(max_examples=1000, deadline=None)
def test_random_pages_the_fast_reading_takes_divide_as_materials_parser_divides_them(html):
    assert read_fast(html) is not None
    assert_same(html)
    assert_read_alike(html)


# Random characters that matter to tags, for the fast reading itself.
TAG_CHARACTERS = st.text(st.sampled_from(list("<>/!-?=\"' \t\n\r\f\v\xa0\x00&#;xapPh1ids:._")), max_size=30)


@pytest.mark.slow
@given(st.lists(st.one_of(st.sampled_from(PIECES), TAG_CHARACTERS), max_size=12).map("".join))
@settings(max_examples=1500, deadline=None)
def test_random_markup_reads_as_html_parser_reads_it(html):
    assert_read_alike(html)
    assert_same(html)


# Random tags, spaced and quoted every which way, for the fast reading of tags and attributes.
TAG_NAMES = [
    "p",
    "a",
    "h2",
    "div",
    "br",
    "pre",
    "code",
    "P",
    "H2",
    "my-el",
    "x:y",
    "a1",
    "h2x",
    "script",
    "Style",
    "textarea",
    "titles",
]
SPACING = ["", " ", "  ", "\t", "\n", "\r", "\f", "\v", "\xa0", "\u2003", "/", " /"]
ATTRIBUTE_NAMES = ["id", "ID", "class", "data-search-exclude", "href", "a:b", "_x", "x.y", "-x", "1a", 'a"b', "'", "="]
EQUALS = ["", "=", " = ", "==", "\t=\n", "=\xa0"]
VALUES = [
    '"a b"',
    "'c'",
    "d",
    "headerlink",
    '"headerlink"',
    "linenodiv",
    '"&amp;"',
    "&lt;x",
    '""',
    "''",
    "x/",
    "=x",
    "a=b",
    'a"b',
    "#x",
    "h&#101;",
    '"x>y"',
    "'x\ny'",
    "",
]


@st.composite
def tags(draw):
    name = draw(st.sampled_from(TAG_NAMES))
    if draw(st.booleans()):  # an end tag
        return f"</{draw(st.sampled_from(['', ' ']))}{name}{draw(st.sampled_from(SPACING))}>"
    attributes = "".join(
        draw(st.sampled_from(SPACING[1:]))
        + draw(st.sampled_from(ATTRIBUTE_NAMES))
        + (draw(st.sampled_from(EQUALS[1:])) + draw(st.sampled_from(VALUES)) if draw(st.booleans()) else "")
        for _ in range(draw(st.integers(0, 3)))
    )
    ending = draw(st.sampled_from([">", "/>", " >", " />", "/ >", "\xa0>", "\n/>", ""]))
    return f"<{name}{attributes}{ending}"


@pytest.mark.slow
@given(
    st.lists(st.one_of(tags(), st.sampled_from(["text", " ", "\n", "&amp;", "<!-- c -->"])), max_size=12).map("".join)
)
@settings(max_examples=2000, deadline=None)
def test_random_tags_read_as_html_parser_reads_them(html):
    assert_read_alike(html)
    assert_same(html)
