"""Built pages lose their indentation, never their content."""

from bs4 import BeautifulSoup

from strategies.mkdocs_adapter.compact_html import compact

PAGE = """<html>
  <body>
    <nav>
      <a href="/">Home</a>
      <a href="/b/">Next</a>
    </nav>


    <p>Owned by <strong>Jo Example</strong>, Director of   Place.</p>
    <pre><code>def f():
    return 1

</code></pre>
    <PRE class="x">
  kept</PRE>
    <textarea>
      kept too</textarea>
  </body>
</html>"""


def _text(html: str) -> list[str]:
    return BeautifulSoup(html, "html.parser").get_text().split()


def test_indentation_goes_and_words_stay():
    out = compact(PAGE)
    assert len(out) < len(PAGE)
    assert "\n  " not in out.split("<pre>")[0]
    assert _text(out) == _text(PAGE)
    assert "Home</a>\n<a" in out  # links keep the space between them


def test_preformatted_text_is_untouched():
    out = compact(PAGE)
    assert "<pre><code>def f():\n    return 1\n\n</code></pre>" in out
    assert '<PRE class="x">\n  kept</PRE>' in out
    assert "<textarea>\n      kept too</textarea>" in out


def test_every_built_page_is_already_compact(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert compact(html) == html, path


def test_pages_without_preformatted_text_compact_the_same_way():
    page = "<ul>\n    <li>One</li>\n\n\n    <li>Two</li>\n</ul>\n\u00a0kept no-break space\n\t<p>x</p>"
    assert compact(page) == "<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n\u00a0kept no-break space\n<p>x</p>"
