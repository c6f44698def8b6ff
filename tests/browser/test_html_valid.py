"""Every built page is valid HTML, by the Nu HTML Checker (vnu.jar from npm's vnu-jar, run by Java).

Assistive technologies build their picture of a page from its markup, so invalid markup is a
real accessibility risk. The checker runs once over the whole built site.

FILTERED lists the errors we accept, each with the reason. A filter that no longer matches
anything fails the test too, so the list cannot silently outlive the problem.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter

import pytest

from browser_checks import Stopwatch

pytestmark = pytest.mark.browser

# (regular expression searched in the checker's message, why the error is accepted)
FILTERED: list[tuple[str, str]] = [
    (
        r"^Attribute “autocomplete” is only allowed when the input type is ",
        "Material's markup; browsers ignore autocomplete on checkboxes (#__drawer and #__search)",
    ),
    (
        r"^The “role” attribute must not be used on a “(tr|th|td)” element which has a “table” ancestor",
        "tables that read as cards on a phone (table_open(..., cards=true)): CSS that changes how "
        "table parts display takes their table semantics away in some browsers, and the explicit "
        "roles (row, columnheader, rowheader, cell) give them back: the well-known responsive-table "
        "technique, which HTML's ARIA rules count as redundant",
    ),
]


def run_vnu(vnu_command: list[str], site_dir) -> list[dict]:
    completed = subprocess.run(
        [*vnu_command, "--format", "json", "--skip-non-html", str(site_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The checker exits 1 when it reports errors; its JSON report goes to standard error.
    try:
        return json.loads(completed.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(
            f"the Nu HTML Checker failed (exit {completed.returncode}):\n"
            f"{completed.stderr[-3000:]}\n{completed.stdout[-2000:]}",
            pytrace=False,
        )


def test_filters_all_have_reasons():
    for pattern, reason in FILTERED:
        re.compile(pattern)
        assert reason.strip(), f"the filter {pattern!r} needs a reason"


def test_every_page_is_valid_html(built_site, vnu_command, audit_log):
    clock = Stopwatch()
    messages = run_vnu(vnu_command, built_site)
    pages = len(list(built_site.rglob("*.html")))
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    warnings = [m for m in messages if m.get("type") == "info" and m.get("subType") == "warning"]
    used = Counter()
    kept = []
    for message in errors:
        for pattern, _reason in FILTERED:
            if re.search(pattern, message.get("message", "")):
                used[pattern] += 1
                break
        else:
            kept.append(message)
    audit_log(
        f"Nu HTML Checker: {pages} pages checked in {clock}, {len(errors)} errors "
        f"({len(errors) - len(kept)} filtered), {len(warnings)} warnings"
    )

    report = []
    if kept:
        by_message: dict[str, list[str]] = {}
        for message in kept:
            where = "/" + message.get("url", "?").split(built_site.as_posix(), 1)[-1].lstrip("/")
            if "lastLine" in message:
                where += f":{message['lastLine']}"
            by_message.setdefault(message.get("message", "?"), []).append(where)
        report.append(f"{len(kept)} HTML errors ({len(by_message)} distinct):")
        for text, places in sorted(by_message.items(), key=lambda kv: -len(kv[1])):
            example = next((m.get("extract", "") for m in kept if m.get("message") == text), "")
            report.append(f"  {len(places)}x {text}")
            report.append(f"      e.g. {places[0]}: {example.strip()[:160]!r}")
            if len(places) > 1:
                report.append(f"      also: {', '.join(places[1:6])}" + (" ..." if len(places) > 6 else ""))
    stale = [(pattern, reason) for pattern, reason in FILTERED if not used[pattern]]
    if stale:
        report.append("filters in FILTERED that matched nothing (remove them):")
        report.extend(f"  {pattern!r} ({reason})" for pattern, reason in stale)
    if report:
        pytest.fail("\n".join(report), pytrace=False)
