"""Each strategy's PDF (strategies/mkdocs_adapter/pdf.py): made from its whole-strategy page by
WeasyPrint, tagged (PDF/UA-1) with its title, language and bookmarks, linked beside the page,
the same bytes for the same content, cached, and made without any request to the network.

WeasyPrint needs Debian's Pango (`make test` installs it): without it these tests skip on a
developer's machine and fail under CI, as the browser tests do."""

from __future__ import annotations

import io
import os
import socket
from urllib.parse import urlsplit

import pytest

from strategies.mkdocs_adapter import pdf
from strategies.pages.urls import page_url, whole_path, whole_pdf_path

from support import build_with_site_config, followed, heading_text, make_project, page_reader


def require_weasyprint() -> None:
    if pdf.available():
        return
    message = "WeasyPrint or Pango is missing: run `make test`, which installs them (as root for Debian's packages)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def pikepdf():
    require_weasyprint()
    return pytest.importorskip("pikepdf")


@pytest.fixture(scope="module")
def shipped(shipped):
    """The shipped content (tests/conftest.py), where WeasyPrint can typeset its PDFs."""
    require_weasyprint()
    return shipped


def _own_pdf(href: str) -> bool:
    """Whether a link is to a PDF on this site (no scheme or host of its own)."""
    parts = urlsplit(href)
    return parts.path.endswith(".pdf") and not parts.scheme and not parts.netloc


def test_each_strategy_links_its_pdf_beside_the_whole_strategy(shipped, built_site, page):
    for entry in shipped.strategies.values():
        target = whole_pdf_path(entry)
        assert (built_site / target).read_bytes().startswith(b"%PDF-1.7"), target
        for url in (f"strategies/{entry.id}/", page_url(whole_path(entry))):
            # The site's own PDF links (a strategy's text may link the council's published PDF too).
            links = [a for a in page(url).find_all("a", href=True) if _own_pdf(a["href"])]
            assert links and all(followed(url, a["href"]) == target for a in links), url
            assert all("PDF" in a.get_text() for a in links)
    for old in (version for entry in shipped.strategies.values() for version in entry.revisions):
        assert not (built_site / whole_pdf_path(old)).exists()  # old versions: the page only


def test_a_strategy_linking_the_councils_own_pdf_keeps_that_link_beside_the_sites(complete_build):
    """An officer's link to the council's published PDF (tests/fixtures/complete's foreword) is
    kept as written; the site's own PDF link is there beside it."""
    whole = page_reader(complete_build)("strategies/fair-city/whole/")
    pdfs = [a["href"] for a in whole.find_all("a", href=True) if a["href"].endswith(".pdf")]
    assert "https://fair-city.example/documents/fair-city-strategy.pdf" in pdfs
    own = [href for href in pdfs if _own_pdf(href)]
    assert own and all(
        (complete_build / followed("strategies/fair-city/whole/", href)).read_bytes().startswith(b"%PDF")
        for href in own
    )


def test_each_pdf_is_tagged_with_its_title_language_and_bookmarks(shipped, built_site, page, pikepdf):
    for entry in shipped.strategies.values():
        with pikepdf.open(built_site / whole_pdf_path(entry)) as document:
            root = document.Root
            assert str(root.Lang) == "en-GB"
            assert bool(root.MarkInfo.Marked) and "/StructTreeRoot" in root
            assert bool(root.ViewerPreferences.DisplayDocTitle)  # readers show the title, not the file name
            assert str(document.docinfo["/Title"]) == f"{entry.title}: the whole strategy"
            metadata = document.open_metadata()
            assert metadata.get("pdfuaid:part") == "1"
            kinds = _structure_kinds(root.StructTreeRoot)
            assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Link"} <= kinds, kinds
            with document.open_outline() as outline:
                top = outline.root[0]
                assert top.title == f"{entry.title}: the whole strategy"
                bookmarks = [item.title for item in top.children]
            h2s = [heading_text(h2) for h2 in page(page_url(whole_path(entry))).find("article").find_all("h2")]
            assert bookmarks == h2s, entry.id


def _structure_kinds(node, found=None) -> set[str]:
    found = set() if found is None else found
    import pikepdf as _pikepdf

    if isinstance(node, _pikepdf.Dictionary):
        if "/S" in node:
            found.add(str(node.S))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, _pikepdf.Array) else [kids]:
            if isinstance(kid, _pikepdf.Dictionary):
                _structure_kinds(kid, found)
    return found


def test_links_in_the_pdf_go_to_the_sites_pages(shipped, built_site, pikepdf):
    entry = next(iter(shipped.strategies.values()))
    with pikepdf.open(built_site / whole_pdf_path(entry)) as document:
        addresses = [
            str(annotation.A.URI)
            for page in document.pages
            for annotation in page.get("/Annots", [])
            if "/A" in annotation and annotation.A.get("/S") == "/URI"
        ]
    assert addresses
    assert not any(pdf.ORIGIN in address or address.startswith("file:") for address in addresses), addresses
    # Without site_url, this site's pages are addressed from the PDF's folder (the page's own).
    assert f"../../../organisations/{entry.model.organisation}/" in addresses


def test_pdf_links_are_relative_without_a_site_address_and_full_with_one():
    base = pdf.ORIGIN
    link = ("external", f"{base}people/robin/", "rectangle", "box")
    assert pdf._readdressed(link, None, "strategies/x/whole/")[1] == "../../../people/robin/"
    assert (
        pdf._readdressed(link, "https://strategies.example.gov.uk/", "strategies/x/whole/")[1]
        == "https://strategies.example.gov.uk/people/robin/"
    )
    inside = ("external", f"{base}strategies/x/whole/#item-a", "r", "b")
    assert pdf._readdressed(inside, None, "strategies/x/whole/")[1] == "./#item-a"
    elsewhere = ("external", "https://www.gov.uk/guidance", "r", "b")
    assert pdf._readdressed(elsewhere, None, "strategies/x/whole/") == elsewhere


@pytest.mark.slow
def test_typesetting_reads_only_the_built_site_and_makes_no_request(tmp_path, monkeypatch):
    require_weasyprint()
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "style.css").write_text("p { color: #123456 }", encoding="utf-8")
    (tmp_path / "secret.css").write_text("p { color: red }", encoding="utf-8")
    (site / "page" / "index.html").write_text(
        '<!doctype html><html lang="en-GB"><head><title>T</title>'
        '<link rel="stylesheet" href="../style.css"><link rel="stylesheet" href="../../secret.css">'
        '<link rel="stylesheet" href="https://fonts.example.org/font.css"></head>'
        '<body><h1>Title</h1><p>Text <img src="http://tracker.example.org/pixel.png" alt="x"></p>'
        '<p><a href="../other/">Another page</a></p></body></html>',
        encoding="utf-8",
    )

    def no_network(*args, **kwargs):
        raise AssertionError("WeasyPrint tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    job = pdf.Job("page/index.html", "page/page.pdf", "Title", str(site), "2026-11-28", None)
    job = pdf.Job(**{**job.__dict__, "key": pdf._key(job)})
    data, refused = pdf.typeset(job)
    assert data.startswith(b"%PDF")
    assert "https://fonts.example.org/font.css" in refused and "http://tracker.example.org/pixel.png" in refused
    assert any(address.endswith("secret.css") for address in refused)  # outside the site: refused too
    assert pdf.typeset(job)[0] == data  # the same page, the same bytes
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(io.BytesIO(data)) as document:
        assert str(document.docinfo["/CreationDate"]) == str(document.docinfo["/ModDate"]) == "D:20261128"


@pytest.mark.build
def test_an_unchanged_strategy_is_not_typeset_again(tmp_path, monkeypatch):
    require_weasyprint()
    monkeypatch.delenv(pdf.CACHE_VARIABLE, raising=False)  # the project's own cache folder
    project = make_project(tmp_path)
    site_dir = build_with_site_config(project)
    target = site_dir / "strategies" / "example-strategy" / "whole" / "example-strategy.pdf"
    first = target.read_bytes()
    cache = project / pdf.CACHE_FOLDER
    cached = sorted(cache.glob("*.pdf"))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    assert (cache / ".gitignore").is_file() and (cache / "CACHEDIR.TAG").is_file()
    stamp = cached[0].stat().st_mtime_ns
    cached[0].write_bytes(first)  # (the same bytes: a later build must take them from here)
    os.utime(cached[0], ns=(stamp, stamp))

    from strategies.mkdocs_adapter.publish import build_site

    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    assert target.read_bytes() == first
    assert sorted(cache.glob("*.pdf")) == cached and cached[0].stat().st_mtime_ns == stamp

    for path in cached:  # typeset again from nothing: byte for byte the same
        path.unlink()
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    assert target.read_bytes() == first


@pytest.mark.build
def test_a_changed_strategy_is_typeset_again(tmp_path, monkeypatch):
    require_weasyprint()
    monkeypatch.delenv(pdf.CACHE_VARIABLE, raising=False)
    project = make_project(tmp_path)
    site_dir = build_with_site_config(project)
    target = site_dir / "strategies" / "example-strategy" / "whole" / "example-strategy.pdf"
    first = target.read_bytes()
    strategy = project / "content" / "example-strategy" / "strategy.yaml"
    strategy.write_text(
        strategy.read_text(encoding="utf-8").replace("Reduce smoking", "Reduce smoking further"), encoding="utf-8"
    )
    from strategies.mkdocs_adapter.publish import build_site

    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    assert target.read_bytes() != first
    assert len(list((project / pdf.CACHE_FOLDER).glob("*.pdf"))) == 2


@pytest.mark.build
def test_without_weasyprint_pages_do_not_link_to_a_pdf(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.setattr(pdf, "available", lambda: False)
    site_dir = build_with_site_config(project)
    page = (site_dir / "strategies" / "example-strategy" / "index.html").read_text(encoding="utf-8")
    assert "Read or print the whole strategy" in page and ".pdf" not in page
    assert not list(site_dir.rglob("*.pdf"))
    statement = (site_dir / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "PDFs of the strategies" not in statement


def test_the_accessibility_statement_does_not_claim_more_than_the_tagging(built_site):
    require_weasyprint()
    statement = (built_site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "PDFs of the strategies" in statement
    assert "we do not claim that they meet PDF/UA in full" in statement
