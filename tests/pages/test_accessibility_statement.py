"""The accessibility statement has what the 2018 Regulations expect, and every page links to it.

The checks hold for whatever content/ holds: a pull request adding a council or a strategy, or
reviewing the statement's settings in content/site.yaml, must pass them.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from strategies.content.checks import contact_gaps
from strategies.content.loader import load_site
from strategies.mkdocs_adapter.publish import PreviewSession, build_site

from support import (
    ROOT,
    check_accessibility_statement_names_every_publisher,
    find_heading,
    make_project,
    page_reader,
    project_with_site_config,
    table_by_caption,
)

REQUIRED_SECTIONS = [
    "How accessible this website is",
    "What to do if you need a strategy in a different format",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Compliance status",
    "Non-accessible content",
    "How we tested this website",
    "Preparation of this accessibility statement",
]


COMPLIANCE = {  # the regulations' wording for each value of 'compliance' in content/site.yaml
    "full": "This website is fully compliant with",
    "partial": "This website is partially compliant with",
    "not": "This website is not compliant with",
}


def test_statement_has_every_required_section(page, shipped):
    soup = page("accessibility/")
    for section in REQUIRED_SECTIONS:
        assert find_heading(soup, "h2", section) or find_heading(soup, "h3", section), section
    text = soup.get_text(" ", strip=True)
    settings = shipped.settings.accessibility
    assert f"{COMPLIANCE[settings.compliance]} the Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert (
        f"This statement was prepared on {settings.prepared.display()}. "
        f"It was last reviewed on {settings.reviewed.display()}."
    ) in text


def test_every_council_publishing_a_strategy_has_a_contact_for_other_formats(page, shipped):
    # No contact details are invented: without them, residents are sent to the council's website.
    check_accessibility_statement_names_every_publisher(page, shipped)


def test_every_page_links_to_the_statement(built_site):
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        footer = soup.find("footer")
        assert footer is not None, html
        assert any(a.get_text(strip=True) == "Accessibility statement" for a in footer.find_all("a")), html


def test_missing_settings_file_is_an_error(tmp_path):
    project = make_project(tmp_path)
    (project / "content" / "site.yaml").unlink()
    _, problems = load_site(project / "content", project)
    [problem] = list(problems)
    assert str(problem).startswith("content/site.yaml: the site settings file is missing")


# --- Compliance follows what the checks cover -------------------------------------------------

WCAG = "the Web Content Accessibility Guidelines version 2.2 AA standard"
DATES = "  prepared: 2026-01-05\n  reviewed: 2026-06-01\n  tested: 2026-06-01\n  test_method: Tested automatically.\n"
AUDIT = "  audited: 2026-05-01\n  audited_by: our digital team\n"
ISSUE = '  non_compliant:\n    - problem: Some charts rely on colour alone.\n      criteria: ["1.4.1 Use of colour"]\n'
BURDEN = "  disproportionate_burden:\n    - problem: Videos from 2019 have no transcript.\n"
AUTOMATED_ONLY = "checked only by automated tests"
UNTESTED = (
    "But automated tests find only some kinds of failure, and no one has yet checked the website against "
    "the standard by hand: until that is done, we cannot say that it is fully compliant."
)
UNLISTED = (
    "It has been checked only by automated tests, which find only some kinds of failure: no one has yet "
    "checked it against the standard by hand, so there may be failures not listed here."
)
CASES = {  # site.yaml's accessibility block: what the compliance status says, and what it adds without an audit by hand
    "full, after an audit by hand": (
        "  compliance: full\n" + AUDIT,
        f"This website is fully compliant with {WCAG}.",
        None,
    ),
    "partial, tested only automatically, nothing known": (
        "  compliance: partial\n",
        f"This website is partially compliant with {WCAG}. It has been "
        f"{AUTOMATED_ONLY}, described under How we tested this website, and we know of no failures.",
        UNTESTED,
    ),
    "partial, failures known, no audit by hand": (
        "  compliance: partial\n" + ISSUE,
        f"This website is partially compliant with {WCAG}, due to the non-compliances listed below.",
        UNLISTED,
    ),
    "partial, failures and exemptions found by an audit": (
        "  compliance: partial\n" + ISSUE + BURDEN + AUDIT,
        f"This website is partially compliant with {WCAG}, due to the non-compliances and exemptions listed below.",
        None,
    ),
    "not compliant": (
        "  compliance: not\n" + ISSUE,
        f"This website is not compliant with {WCAG}. The non-compliances are listed below.",
        UNLISTED,
    ),
}


def _statement_text(project) -> str:
    """The accessibility statement's text as a resident reads it, rendered from ``project``'s content."""
    from strategies.pages.generator import PageGenerator

    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    rendered = PageGenerator(site, ROOT / "macros").render_fragment(
        "accessibility.md.j2", "accessibility/index.md", statement=site.settings.accessibility
    )
    return _read(BeautifulSoup(rendered, "html.parser"))


def _read(soup) -> str:
    """Text as it reads: one space between words, none before a comma or full stop."""
    return re.sub(r" ([,.])", r"\1", " ".join(soup.get_text(" ").split()))


@pytest.mark.parametrize("case", CASES)
def test_compliance_is_worded_for_what_was_tested(tmp_path, case):
    block, sentence, caveat = CASES[case]
    project = make_project(tmp_path)
    (project / "content" / "site.yaml").write_text("accessibility:\n" + block + DATES, encoding="utf-8")
    text = _statement_text(project)
    assert sentence in text
    assert ("fully compliant with" in text) == case.startswith("full")
    if caveat:
        assert f"{sentence} {caveat}" in text
        assert "This website was last tested on 1 June 2026. It has not yet been audited by hand" in text
    else:
        assert AUTOMATED_ONLY not in text
        assert (
            "It was last audited by hand, against every WCAG 2.2 AA success criterion, on 1 May 2026. "
            "The audit was carried out by our digital team."
        ) in text


@pytest.mark.parametrize(
    "case, where, message",
    [
        ("statement-full-without-audit", "content/site.yaml:2:15", "'full' needs an audit by hand"),
        (
            "statement-partial-without-issues",
            "content/site.yaml:2:15",
            "a partially compliant site must list what does not comply",
        ),
        ("statement-audit-without-auditor", "content/site.yaml:7:12", "say who carried out the audit by hand"),
    ],
)
def test_a_claim_the_checks_do_not_cover_is_refused_at_its_line(tmp_path, case, where, message):
    project = make_project(tmp_path, case)
    _, problems = load_site(project / "content", project)
    found = [str(problem) for problem in problems if str(problem).startswith(f"{where}: ")]
    assert found and message in found[0], problems.report()


def test_the_shipped_statement_claims_no_more_than_its_checks(page, shipped):
    text = _read(page("accessibility/").find("article"))
    if shipped.settings.accessibility.audited is None:
        assert "This website is fully compliant" not in text
        assert "we cannot say that it is fully compliant" in text
        assert "It has not yet been audited by hand" in text
    assert "Not stated" not in text


# --- Contact routes, asked for before the site is published -----------------------------------

SITE_URL = "site_url: https://strategies.example.gov.uk/\n"
CONTACT = "  contact:\n    email: access@example.org\n    response_time: within 10 working days\n"
ORG_CONTACT = 'contact:\n  phone: "0100 555 0199"\n  response_time: within 5 working days\n'


def _project(tmp_path, site_url: bool = False, contacts: bool = False):
    project = project_with_site_config(tmp_path / "project")
    if site_url:
        config = project / "mkdocs.yml"
        config.write_text(SITE_URL + config.read_text(encoding="utf-8"), encoding="utf-8")
    if contacts:
        with open(project / "content" / "site.yaml", "a", encoding="utf-8") as settings:
            settings.write(CONTACT)
        with open(project / "content" / "organisations" / "example-council.yaml", "a", encoding="utf-8") as org:
            org.write(ORG_CONTACT)
    return project


def _build(project, capsys) -> tuple[int, str]:
    status = build_site(project / "mkdocs.yml", strict=True, site_dir=project / "site-build")
    return status, capsys.readouterr().err


MISSING_STATEMENT_CONTACT = "content/site.yaml:2:3: the accessibility statement gives no way to report a problem"
MISSING_ORG_CONTACT = (
    "content/organisations/example-council.yaml:2:1: the accessibility statement tells residents "
    "how to ask Example Borough Council for a strategy in a different format, but this file "
    "gives no email address or phone number, and no reply time"
)


@pytest.mark.build
def test_without_a_public_address_missing_contacts_are_a_notice(tmp_path, capsys):
    project = _project(tmp_path)
    status, printed = _build(project, capsys)
    assert status == 0, printed  # a strict build: the notice is no MkDocs warning
    assert "INFO    -  The accessibility statement lacks contact details residents need:" in printed
    assert MISSING_STATEMENT_CONTACT in printed
    assert "add 'contact' with the website team's 'email' or 'phone' (or both) and 'response_time'" in printed
    assert MISSING_ORG_CONTACT in printed
    assert "once site_url is set in mkdocs.yml, the build stops without them" in printed
    assert "WARNING" not in printed

    soup = page_reader(project / "site-build")("accessibility/")
    text = _read(soup.find("article"))
    assert "Not stated" not in text
    row = table_by_caption(soup, "How to contact each organisation for a different format").find("tbody").tr
    assert [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] == [
        "Example Borough Council",
        "Through its website, https://example.org",
        "No reply time published",
    ]
    assert (
        "If you find any problems not listed on this page or think we are not meeting accessibility "
        "requirements, contact the organisation that published the strategy, using the details above."
    ) in text
    assert f"This website is partially compliant with {WCAG}. It has been {AUTOMATED_ONLY}" in text


@pytest.mark.build
def test_a_preview_names_missing_contacts_like_an_unpublished_build(tmp_path, capsys):
    """`strategies serve` serves at a local address, which is no public one."""
    project = _project(tmp_path, site_url=True)
    PreviewSession(project / "mkdocs.yml", project / "preview").build()
    printed = capsys.readouterr().err
    assert MISSING_STATEMENT_CONTACT in printed and MISSING_ORG_CONTACT in printed
    assert (project / "preview" / "accessibility" / "index.html").is_file()


@pytest.mark.build
def test_a_build_for_a_public_address_stops_without_contacts(tmp_path, capsys):
    project = _project(tmp_path, site_url=True)
    status, printed = _build(project, capsys)
    assert status == 1
    assert MISSING_STATEMENT_CONTACT in printed
    assert MISSING_ORG_CONTACT in printed
    assert (
        "This site is published at https://strategies.example.gov.uk/ (site_url in mkdocs.yml), so its "
        "accessibility statement must tell residents how to contact you and how soon you reply."
    ) in printed
    assert "Build failed. No site was written." in printed
    assert not (project / "site-build").exists()


@pytest.mark.build
def test_a_build_for_a_public_address_publishes_with_contacts(tmp_path, capsys):
    project = _project(tmp_path, site_url=True, contacts=True)
    status, printed = _build(project, capsys)
    assert status == 0, printed
    assert "lacks contact details" not in printed
    soup = page_reader(project / "site-build")("accessibility/")
    text = _read(soup.find("article"))
    assert ("contact us by email at access@example.org. We will reply within 10 working days.") in text
    row = table_by_caption(soup, "How to contact each organisation for a different format").find("tbody").tr
    assert [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] == [
        "Example Borough Council",
        "Call 0100 555 0199",
        "within 5 working days",
    ]


def test_a_contact_without_a_reply_time_is_named_at_its_line(tmp_path):
    project = make_project(tmp_path)
    settings = project / "content" / "site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "  contact:\n    email: access@example.org\n", encoding="utf-8"
    )
    site, _ = load_site(project / "content", project)
    [gap] = [str(gap) for gap in contact_gaps(site) if gap.location.file == "content/site.yaml"]
    assert gap == (
        "content/site.yaml:8:5: the accessibility statement's contact gives no reply time: add "
        "'response_time' under 'contact', e.g. 'within 10 working days'."
    )
    text = _statement_text(project)
    assert "contact us by email at access@example.org. We have not yet published how soon we will reply." in text
