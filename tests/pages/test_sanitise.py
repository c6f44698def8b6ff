"""The sanitisers: content's allow-list, and the wider one every generated page passes through."""
from __future__ import annotations

from bs4 import BeautifulSoup

from strategies.pages.sanitise import sanitise_html, sanitise_page_html


def _tags(html: str):
    return BeautifulSoup(html, "html.parser").find_all(True)


def test_images_only_from_the_site_itself():
    html = ('<img src="https://tracker.example/p.png" alt="t"><img src="//tracker.example/p.png" alt="t">'
            '<img src="data:image/png;base64,AAAA" alt="d"><img src="../images/wards.png" alt="Wards">')
    for clean in (sanitise_html, sanitise_page_html):
        sources = [tag.get("src") for tag in _tags(clean(html)) if tag.name == "img"]
        assert sources == [None, None, None, "../images/wards.png"]


def test_links_keep_safe_schemes_only():
    html = ('<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a><a href="https://x.example/">c</a>'
            '<a href="mailto:a@example.org">d</a><a href="tel:+441234567890">e</a><a href="../page/">f</a>')
    for clean in (sanitise_html, sanitise_page_html):
        assert [tag.get("href") for tag in _tags(clean(html))] == [
            None, None, "https://x.example/", "mailto:a@example.org", "tel:+441234567890", "../page/"]


def test_a_page_keeps_what_templates_write_and_loses_what_content_might_inject():
    template = ('<figure class="chart" id="chart-status" data-search-exclude><figcaption>Status</figcaption>'
                '<img class="chart__image" src="charts/status.svg" alt="Status" loading="lazy"></figure>'
                '<details class="chart__data"><summary>Data</summary></details>'
                '<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li aria-current="page">Here</li></ol></nav>')
    assert BeautifulSoup(sanitise_page_html(template), "html.parser").decode() == \
        BeautifulSoup(template.replace("data-search-exclude>", 'data-search-exclude="">'), "html.parser").decode()
    injected = ('<h2 tabindex="0" autofocus onfocus="alert(1)" style="position:fixed">T</h2>'
                '<script>alert(1)</script><iframe src="https://x.example/"></iframe><p onclick="alert(1)">p</p>')
    cleaned = _tags(sanitise_page_html(injected))
    assert [tag.name for tag in cleaned] == ["h2", "p"]
    assert [sorted(tag.attrs) for tag in cleaned] == [["tabindex"], []]


def test_held_placeholders_survive_the_page_sanitiser():
    assert "<!--held-html-3-->" in sanitise_page_html("<h2>T</h2>\n<!--held-html-3-->\n")
