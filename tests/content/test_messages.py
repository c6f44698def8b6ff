"""'Did you mean' is offered for a typo of something valid there, and never sends an officer to
a different word: 'pledges' is not a misspelling of 'places'.

Each case writes one line into the base fixture's strategy, as an officer would, and reads the
message `strategies validate` gives for that line.
"""

from __future__ import annotations

import re

import pytest

from strategies.content.loader import load_site

from support import make_project

STRATEGY = "content/example-strategy/strategy.yaml"
ACTION = "        title: Support people into employment\n"  # the last action: lines under it are its fields
OBJECTIVE = "    owners: [example-director-of-growth]\n"  # an objective that has owners


def message_for(tmp_path, line: str, after: str = ACTION) -> str:
    """The one message reported for ``line``, written into the strategy after ``after``."""
    project = make_project(tmp_path)
    path = project / STRATEGY
    text = path.read_text(encoding="utf-8")
    assert text.count(after) == 1
    path.write_text(text.replace(after, after + line), encoding="utf-8")
    number = text[: text.index(after) + len(after)].count("\n") + 1
    _, problems = load_site(project / "content", project)
    found = [p.message for p in problems if (p.location.file, p.location.line) == (STRATEGY, number)]
    assert len(found) == 1, problems.report()
    return found[0]


def suggestions(message: str) -> list[str]:
    match = re.search(r"Did you mean (.+?)\?", message)
    return re.findall(r"'([^']+)'", match.group(1)) if match else []


@pytest.mark.parametrize(
    "typo, field",
    [
        ("ownres", "owners"),  # two letters swapped
        ("sumary", "summary"),  # a letter left out
        ("colaborators", "collaborators"),
        ("lead_parter", "lead_partner"),
        ("lead-partner", "lead_partner"),  # a hyphen for the underscore
        ("Details", "details"),  # a capital
    ],
)
def test_a_misspelt_field_gets_the_field_it_is_a_typo_of(tmp_path, typo, field):
    message = message_for(tmp_path, f"        {typo}: x\n")
    assert message.startswith(f"'{typo}' is not a field this block can have.")
    assert suggestions(message) == [field]
    assert "Fields allowed here: " in message and f" {field}," in message


@pytest.mark.parametrize("word", ["pledges", "plans", "targets", "deadline", "outcomes"])
def test_a_different_word_gets_no_suggestion_but_the_fields_allowed(tmp_path, word):
    message = message_for(tmp_path, f"        {word}: x\n")
    assert "Did you mean" not in message, message
    allowed = message.split("Fields allowed here: ", 1)[1].rstrip(".").split(", ")
    assert {"places", "owners", "summary", "title"} <= set(allowed)


def test_a_field_the_block_already_has_is_not_suggested(tmp_path):
    # Renaming 'ownres' to 'owners' would give the objective two 'owners' lines.
    message = message_for(tmp_path, "    ownres: [example-director-of-public-health]\n", after=OBJECTIVE)
    assert "Did you mean" not in message, message
    assert "owners" in message.split("Fields allowed here: ", 1)[1]


@pytest.mark.parametrize(
    "typo",
    [
        "example-director-of-growh",  # a letter left out
        "example-director-of-grwoth",  # two letters swapped
        "example-director-of-grovth",  # a letter changed
    ],
)
def test_an_unknown_post_with_a_typo_gets_the_post(tmp_path, typo):
    message = message_for(tmp_path, f"        owners: [{typo}]\n")
    assert message == f"'{typo}' is not a known post or organisation. Did you mean 'example-director-of-growth'?"


def test_an_unknown_post_that_is_another_post_gets_no_suggestion(tmp_path):
    # A post the council has not added yet is not a misspelling of one it has.
    message = message_for(tmp_path, "        owners: [example-director-of-youth]\n")
    assert message == (
        "'example-director-of-youth' is not a known post or organisation. Add it, or check the spelling."
    )


def test_a_misspelt_status_gets_the_status_and_another_word_only_the_list(tmp_path):
    misspelt = message_for(tmp_path, "        status: on-trak\n")
    assert suggestions(misspelt) == ["on-track"]
    other = message_for(tmp_path / "other", "        status: delayed\n")
    assert "Did you mean" not in other and "Use one of: " in other and "at-risk" in other
