"""The sanitisers: content's allow-list, and the wider one every generated page passes through."""

from __future__ import annotations

from bs4 import BeautifulSoup

from strategies.pages.sanitise import sanitise_html, sanitise_page_html


def _tags(html: str):
    return BeautifulSoup(html, "html.parser").find_all(True)


def test_images_only_from_the_site_itself():
    html = (
        '<img src="https://tracker.example/p.png" alt="t"><img src="//tracker.example/p.png" alt="t">'
        '<img src="data:image/png;base64,AAAA" alt="d"><img src="../images/wards.png" alt="Wards">'
    )
    for clean in (sanitise_html, sanitise_page_html):
        sources = [tag.get("src") for tag in _tags(clean(html)) if tag.name == "img"]
        assert sources == [None, None, None, "../images/wards.png"]


def test_links_keep_safe_schemes_only():
    html = (
        '<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a><a href="https://x.example/">c</a>'
        '<a href="mailto:a@example.org">d</a><a href="tel:+441234567890">e</a><a href="../page/">f</a>'
    )
    for clean in (sanitise_html, sanitise_page_html):
        assert [tag.get("href") for tag in _tags(clean(html))] == [
            None,
            None,
            "https://x.example/",
            "mailto:a@example.org",
            "tel:+441234567890",
            "../page/",
        ]


def test_a_page_keeps_what_templates_write_and_loses_what_content_might_inject():
    template = (
        '<figure class="chart" id="chart-status" data-search-exclude><figcaption>Status</figcaption>'
        '<img class="chart__image" src="charts/status.svg" alt="Status" loading="lazy"></figure>'
        '<details class="chart__data"><summary>Data</summary></details>'
        '<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li aria-current="page">Here</li></ol></nav>'
    )
    assert (
        BeautifulSoup(sanitise_page_html(template), "html.parser").decode()
        == BeautifulSoup(template.replace("data-search-exclude>", 'data-search-exclude="">'), "html.parser").decode()
    )
    injected = (
        '<h2 tabindex="0" autofocus onfocus="alert(1)" style="position:fixed">T</h2>'
        '<script>alert(1)</script><iframe src="https://x.example/"></iframe><p onclick="alert(1)">p</p>'
    )
    cleaned = _tags(sanitise_page_html(injected))
    assert [tag.name for tag in cleaned] == ["h2", "p"]
    assert [sorted(tag.attrs) for tag in cleaned] == [["tabindex"], []]


def test_held_placeholders_survive_the_page_sanitiser():
    assert "<!--held-html-3-->" in sanitise_page_html("<h2>T</h2>\n<!--held-html-3-->\n")


# Pieces a template bug or hostile text might put on a page, in the forms the page sanitiser's
# attribute filter judges: ids Material uses (starting "__"), focus order, and image sources.
_ATTRIBUTE_PIECES = [
    '<h2 id="__drawer">a</h2>',
    '<p id="__">b</p>',
    "<p id='__x'>c</p>",
    '<p id=" __x">d</p>',
    '<p id="x__">e</p>',
    '<div tabindex="0">f</div>',
    '<div tabindex="1">g</div>',
    '<div tabindex="-1">h</div>',
    '<div tabindex=" 0">i</div>',
    '<div tabindex="00">j</div>',
    '<div\ntabindex=2\nrole="region">k</div>',
    '<div tabindex="0" id="__toc">l</div>',
    '<img src="charts/status.svg" alt="m">',
    '<img src="https://tracker.example/p.png" alt="n">',
    '<img alt="o" src="//tracker.example/p.png">',
    '<img src="" alt="p">',
    '<img alt="q">',
    '<img src="htt&#x70;s://tracker.example/p.png" alt="r">',
    '<img src=" https://tracker.example/" alt="s">',
    '<img src="\\\\tracker.example\\p.png" alt="t">',
    '<IMG SRC="../images/a.png" ALT="u">',
    '<img src="a.png" alt="v"/>',
    '<img src="data:image/png;base64,AAAA" alt="w">',
    '<img src="a.png" alt="x > y" title="<img src=https://t.example/>">',
    '<!-- <img src="https://tracker.example/p.png"> -->',
    '<p title=\'a id="__b" tabindex="9"\'>z</p>',
    '<p>text id="__x" tabindex="3" &lt;img src=https://t.example/&gt;</p>',
    '<imgx src="https://t.example/">',
    '<a href="../x/" id="__search" tabindex="0">link</a>',
    '<td data-label="Status" tabindex="0">cell</td>',
]


def test_the_fast_page_sanitiser_gives_what_the_filtered_one_gives():
    """sanitise_page_html cleans without the attribute filter first and keeps that result only
    when the filter would have changed nothing: it must give, byte for byte, what the filtered
    cleaner gives, alone, together and with hostile text around."""
    from strategies.pages.sanitise import _page_cleaner

    from hostile import MARKDOWN, OWN_IMAGE, TEXT, TRACKER

    documents = list(_ATTRIBUTE_PIECES) + ["".join(_ATTRIBUTE_PIECES), "\n".join(reversed(_ATTRIBUTE_PIECES))]
    documents += [
        f"<p>{hostile}</p>{piece}" for hostile in (MARKDOWN, OWN_IMAGE, TEXT, TRACKER) for piece in _ATTRIBUTE_PIECES
    ]
    for document in documents:
        assert sanitise_page_html(document) == _page_cleaner.clean(document), document
    # and it changes what it must: nothing of the above keeps a "__" id, a tabindex other than
    # 0 or an image from elsewhere
    cleaned = _tags(sanitise_page_html("".join(_ATTRIBUTE_PIECES)))
    assert not [tag for tag in cleaned if tag.get("id", "").startswith("__")]
    assert {tag["tabindex"] for tag in cleaned if tag.has_attr("tabindex")} == {"0"}
    assert {tag.get("src") for tag in cleaned if tag.name == "img"} == {
        None,
        "charts/status.svg",
        "../images/a.png",
        "a.png",
    }
