"""Every field the content model accepts is shown to residents: on a page, in a download, or both.

tests/fixtures/complete sets every field, each to a value found nowhere else. Written text (the
fields the model marks ``Written``) must appear as written; every other field is listed in
SHOWN below with what a resident reads because of it. The fields are found from the model, so
a field added later fails this test until it has a place on the page and a line here.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from strategies.content import model
from strategies.content.loader import load_site
from strategies.content.xrefs import text_fields
from strategies.pages.text import plain_text

from hostile import FILES, _blocks_in, written
from support import FIXTURES

COMPLETE = FIXTURES / "complete"

# Each field that is not written text, and what shows because of it (text a resident reads, or
# an address or anchor the site links to). Values are those of tests/fixtures/complete.
SHOWN = {
    ("AccessibilityIssue", "fix_by"): "April 2031",
    ("AccessibilityStatement", "audited"): "on 7 June 2029",
    ("AccessibilityStatement", "compliance"): "partially compliant",
    ("AccessibilityStatement", "prepared"): "3 February 2029",
    ("AccessibilityStatement", "reviewed"): "6 May 2029",
    ("AccessibilityStatement", "tested"): "8 July 2029",
    ("ActionUpdate", "action"): "Expand the Elm family hubs",
    ("ActionUpdate", "percent"): "87%",
    ("ActionUpdate", "status"): "Complete",
    ("Approval", "date"): "14 March 2027",
    ("Approval", "pending"): "Pending: to be decided by The Zephyr Council, expected June 2030",
    ("Approval", "url"): "https://www.gov.uk/approval-minutes",
    ("BudgetLine", "amount"): "£7,654,321",
    ("BudgetLine", "year"): "2027/28",
    ("Cadence", "months"): "Every 6 months, to The Bluebell Scrutiny Committee",
    ("Community", "characteristics"): "protected characteristics: disability",
    ("Community", "id"): "community-young-carers",
    ("Consultation", "closes"): "28 February 2027",
    ("Consultation", "url"): "https://consult.example.org/fair-city",
    ("Contact", "url"): "https://fair-city.example/contact-us",
    ("Governance", "lead"): "Robin Quarry, Director of Public Health",
    ("Link", "url"): "https://www.gov.uk/violet-guidance",
    ("Measure", "better"): "Higher",
    ("Measure", "data"): "Zinnia note",
    ("Measure", "id"): "measure-healthy-weight",
    ("Measure", "sheet"): "Yuzu note",  # a value from the sheet named (the workbook's other sheet is not read)
    ("Measure", "owners"): "Owner: Robin Quarry, Director of Public Health",
    ("Node", "characteristics"): "Pregnancy and maternity",
    ("Node", "collaborators"): "Fair City anchor institutions",
    ("Node", "communities"): "Young carers of Juniper",
    ("Node", "due"): "November 2028",
    ("Node", "id"): "start-well",
    ("Node", "lead_partner"): "Children's Services, Fair City Council",
    ("Node", "measures"): "Children at a Nutmeg healthy weight",
    ("Node", "owners"): "Named owners of this priority area",
    ("Node", "places"): "Hollybank Larch ward",
    ("Node", "stage"): "Provisional",
    ("Node", "start"): "Starts May 2027",
    ("Node", "status"): "At risk",
    ("Organisation", "demonstration"): "Nimbus Health Partnership",  # see test_demonstration_organisations
    ("Organisation", "id"): "organisations/fair-city-council/",
    ("Organisation", "kind"): "Group of organisations of one kind (a sector), not a single body",
    ("Organisation", "part_of"): "Part of",
    ("Organisation", "website"): "https://anchors.example.org",
    ("PageMeta", "date"): "20 March 2027",
    ("PageMeta", "kind"): "Commentary on",
    ("PageMeta", "order"): "Foreword by the Freesia leader",  # see test_pages_in_their_order
    ("PageMeta", "url"): "https://jasmine-gazette.example/foreword",
    ("Period", "end"): "March 2032",
    ("Period", "start"): "April 2027",
    ("Person", "id"): "people/robin-quarry/",
    ("Place", "id"): "place-hollybank-ward",
    ("Post", "holder"): "Robin Quarry",
    ("Post", "id"): "fcc-head-of-communities",
    ("ProgressReport", "date"): "15 October 2028",
    ("ProgressReport", "final"): "The final report on the strategy's whole period, 2021 to 2024",
    ("Revision", "date"): "1 June 2027",
    ("Revision", "statuses"): "Off track",
    ("SourceDocument", "date"): "March 2027",
    ("SourceDocument", "url"): "https://www.fair-city.example/willow.pdf",
    ("Strategy", "demonstration"): "fictional",
    ("Strategy", "organisation"): "Fair City Council",
    ("Strategy", "partners"): "Nimbus Health Partnership",
    ("Strategy", "status"): "Adopted",
    ("Target", "date"): "2031",
    ("Target", "value"): "68.25",
    ("TimelineEntry", "date"): "September 2027",
    ("TimelineEntry", "end"): "February 2028",
}


def _fields() -> tuple[set, set]:
    """(written, other) (block, field) pairs reachable from the content files' models; fields
    holding blocks are shown through their blocks' fields."""
    seen, text, other = set(), set(), set()

    def walk(block):
        if block in seen:
            return
        seen.add(block)
        for name, info in block.model_fields.items():
            inner = _blocks_in(info.annotation)
            if written(info.annotation, info.metadata):
                text.add((block.__name__, name))
            elif not inner:
                other.add((block.__name__, name))
            for found in inner:
                walk(found)

    for block in (*set(FILES.values()), model.PageMeta):
        walk(block)
    return text, other


@pytest.fixture(scope="module")
def complete_site(complete_build):
    site_dir = complete_build  # tests/fixtures/complete, built once a session (tests/conftest.py)
    project = site_dir.parent
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    return site_dir, site


def _corpus(site_dir) -> str:
    """What a resident can read or follow: every page's text, link addresses and anchors, and
    every download and feed."""
    parts = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            article = soup.find("article") or soup
            parts.append(article.get_text(" "))
            parts.extend(str(tag.get("href")) for tag in article.find_all(href=True))
            parts.extend(str(tag.get("id")) for tag in article.find_all(id=True))
            parts.append(f"{path.relative_to(site_dir).parent.as_posix()}/")
        elif path.suffix in (".csv", ".json", ".xml") and "search" not in path.parts and "schema" not in path.parts:
            text = path.read_text(encoding="utf-8")
            parts.append(json.dumps(json.loads(text), ensure_ascii=False) if path.suffix == ".json" else text)
    return _tidy(" ".join(parts))


def _tidy(text: str) -> str:
    """Text as read: one space between words, none before punctuation (get_text puts one
    between a link and the comma after it)."""
    return re.sub(r" ([,;:.)])", r"\1", " ".join(text.split()))


def test_every_field_of_the_model_has_a_place_on_the_site():
    text, other = _fields()
    assert other - set(SHOWN) == set(), "show these fields on a page, and add each to SHOWN"
    assert set(SHOWN) - other == set(), "SHOWN lists fields the model no longer has"


def test_the_fixture_sets_every_written_field(complete_site):
    _, site = complete_site
    text, _ = _fields()
    found = set()
    for block in _written_blocks(site):
        for inner, field, _, value in text_fields(block):
            if (type(inner).__name__, field) in text and value:
                found.add((type(inner).__name__, field))
    assert text - found == set(), "give these fields a value in tests/fixtures/complete"


def _written_blocks(site):
    yield site.settings
    yield from site.organisations.values()
    for entry in site.strategies.values():
        for version in (entry, *entry.revisions):
            yield version.model
            yield from (page.meta for page in version.pages)
            if version.revision:
                yield version.revision.model
        yield from (report.model for report in entry.reports)


def test_every_written_value_is_shown_as_written(complete_site):
    site_dir, site = complete_site
    corpus = _corpus(site_dir)
    text, _ = _fields()
    missing = []
    for block in _written_blocks(site):
        for inner, field, _, value in text_fields(block):
            if (type(inner).__name__, field) not in text or not value:
                continue
            shown = " ".join(plain_text(value).split())[:60]
            if shown not in corpus and shown.lower() not in corpus:
                missing.append(f"{type(inner).__name__}.{field}: {shown!r}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("block, field", sorted(SHOWN))
def test_every_other_field_is_shown(complete_site, block, field):
    site_dir, _ = complete_site
    expected = SHOWN[(block, field)]
    assert " ".join(expected.split()) in _cached_corpus(site_dir), f"{block}.{field}: {expected!r} is not shown"


_CORPUS: dict = {}


def _cached_corpus(site_dir) -> str:
    if site_dir not in _CORPUS:
        _CORPUS[site_dir] = _corpus(site_dir)
    return _CORPUS[site_dir]


def test_items_show_their_printed_labels_everywhere(complete_site):
    site_dir, _ = complete_site
    strategy = (site_dir / "strategies/fair-city/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(strategy, "html.parser")
    assert soup.find("h3", id="start-well").get_text(strip=True).startswith("P1 Start well in Aspen")
    item = BeautifulSoup(
        (site_dir / "strategies/fair-city/start-well/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert item.find("h1").get_text(strip=True).startswith("P1 Start well in Aspen")
    rows = [row.th.get_text(" ", strip=True) for row in item.select("table tbody tr") if row.th]
    assert any(text.startswith("(a) Expand the Elm family hubs") for text in rows), rows
    assert any(text.startswith("Pledge: (b) Pledge the Fir breakfast clubs") for text in rows), rows
    csv = (site_dir / "strategies/fair-city/data/items.csv").read_text(encoding="utf-8")
    assert re.search(r"^fair-city,start-well-b,\(b\),Pledge,start-well,", csv, re.M)


def test_proposed_and_provisional_commitments_are_counted_apart(complete_site):
    site_dir, _ = complete_site
    soup = BeautifulSoup((site_dir / "strategies/fair-city/index.html").read_text(encoding="utf-8"), "html.parser")
    glance = [li.get_text(" ", strip=True) for li in soup.select("ul.at-a-glance li")]
    rollup = " ".join(soup.select_one("p.rollup").get_text(" ", strip=True).split())
    # the two adopted actions only (the other's state depends on the build's date)
    assert re.match(r"1 of 2 adopted actions complete: 1 (at risk|out of date)\.", rollup), rollup
    assert rollup.endswith("2 proposed or provisional commitments, not counted.")
    assert "1 proposed commitment, not adopted (not counted as progress)" in glance
    assert "1 provisional commitment (not counted as progress)" in glance


def test_lead_partners_and_collaborators_are_inherited_and_said_so(complete_site):
    site_dir, _ = complete_site
    item = BeautifulSoup(
        (site_dir / "strategies/fair-city/start-well/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    row = item.find("tr", id="start-well-a")
    lead = _tidy(row.find_all("td")[1].get_text(" ", strip=True))
    assert lead == "Children's Services, Fair City Council (lead partner of this priority area)"
    assert (
        "Working with: Fair City anchor institutions; Nimbus Health Partnership (collaborators of the "
        "priority area above)" in _tidy(row.th.get_text(" ", strip=True))
    )
    captions = [caption.get_text(strip=True) for caption in item.find_all("caption")]
    assert "Named owners of this priority area" in captions
    assert "Lead partner and collaborators of this priority area" in captions
    assert (
        "Not named"
        not in item.find("caption", string="Lead partner and collaborators of this priority area")
        .find_parent("table")
        .get_text()
    )


def test_links_say_whose_website_they_lead_to(complete_site):
    site_dir, _ = complete_site
    soup = BeautifulSoup((site_dir / "strategies/fair-city/index.html").read_text(encoding="utf-8"), "html.parser")
    item = soup.find("a", string="The Violet guidance").parent.get_text(" ", strip=True)
    assert item.endswith("(on gov.uk)") and "council's website" not in item
