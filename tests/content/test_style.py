"""Plain-English warnings (strategies/content/style.py): long sentences, abbreviations used before
they are spelled out, words to avoid, link text that says nothing, headings that skip a level.
Each names its file and line and says what to do; they never stop `validate` (exit 0) unless
--strict-style asks; the shipped content gets some and still validates."""

from __future__ import annotations

import re

import pytest

from strategies.commands.cli import main
from strategies.content.loader import load_glossary, load_site
from strategies.content.problems import Problems
from strategies.content.style import KINDS, check_style, headings, summary

from support import ROOT, make_project, run_cli

LONG = (
    "This sentence goes on and on with one word after another until it has far more than the "
    "twenty five words a reader can easily hold in mind at once."
)


def _project(tmp_path, strategy_extra: str = "", page: str | None = None, glossary: str | None = None):
    project = make_project(tmp_path)
    strategy = project / "content" / "example-strategy" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    if strategy_extra:
        text = text.replace(
            "summary: |\n  A fictional strategy for tests.\n",
            "summary: |\n  A fictional strategy for tests.\n" + strategy_extra,
        )
    strategy.write_text(text, encoding="utf-8")
    if page is not None:
        (project / "content" / "example-strategy" / "pages" / "notes.md").write_text(
            "---\ntitle: Notes\norder: 5\n---\n\n" + page, encoding="utf-8"
        )
    if glossary is not None:
        (project / "content" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    return project


def _warnings(project):
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    return check_style(site, load_glossary(project / "content", project, Problems()))


def _where(warning) -> str:
    return f"{warning.location.file}:{warning.location.line}"


def test_a_long_sentence_is_found_at_its_line(tmp_path):
    project = _project(tmp_path, page=f"A short one.\n\n{LONG}\n\nShort again.\n")
    found = [w for w in _warnings(project) if w.kind == "long-sentence"]
    assert [_where(w) for w in found] == ["content/example-strategy/pages/notes.md:8"]
    assert "has 30 words" in found[0].message and "Split it" in found[0].message


def test_abbreviations_and_list_items_end_sentences_as_readers_expect(tmp_path):
    page = (
        "We work with partners, e.g. the police and Dr. Patel's team, on many things.\n\n"
        "- a list item that is short\n- another short item\n- " + " ".join(["word"] * 20) + "\n"
    )
    assert not [w for w in _warnings(_project(tmp_path, page=page)) if w.kind == "long-sentence"]


def test_an_abbreviation_must_be_spelled_out_at_its_first_use(tmp_path):
    strategy_extra = "  We support SEND pupils.\n"
    page = (
        "Special educational needs and disabilities (SEND) matter. The EHCP (education, health and care plan) "
        "process is long. The NHS and GPs are known to everyone. CONDUCT A REVIEW OF EVERYTHING.\n"
    )
    glossary = "acronyms:\n  - term: NHS\n    meaning: National Health Service\n  - term: GP\n    meaning: doctor\n"
    found = [w for w in _warnings(_project(tmp_path, strategy_extra, page, glossary)) if w.kind == "acronym"]
    assert len(found) == 1, found
    assert found[0].location.file == "content/example-strategy/strategy.yaml"
    assert "'SEND' is used before it is spelled out" in found[0].message
    assert "spelled out later, at content/example-strategy/pages/notes.md:6" in found[0].message


def test_an_abbreviation_spelled_out_first_is_fine_and_the_glossary_is_read(tmp_path):
    glossary = "acronyms:\n  - term: SEND\n    meaning: special educational needs and disabilities\n"
    project = _project(
        tmp_path, "  We support SEND pupils and the LEP (local enterprise partnership).\n", glossary=glossary
    )
    assert not [w for w in _warnings(project) if w.kind == "acronym"]


def test_words_to_avoid_come_from_the_glossary_which_a_council_can_extend(tmp_path):
    glossary = "avoid:\n  - phrase: going forward\n    instead: Say when.\n  - phrase: facilitate\n"
    project = _project(
        tmp_path, page="Going forward we will facilitate meetings and keep facilitating them.\n", glossary=glossary
    )
    found = sorted((w.location.column, w.message) for w in _warnings(project) if w.kind == "avoid")
    assert [column for column, _ in found] == [1, 23, 52]
    assert "'Going forward' is a word GOV.UK's style guide asks writers to avoid" in found[0][1]
    assert found[0][1].endswith("Say when.")


def test_the_shipped_glossary_loads_and_lists_common_abbreviations():
    problems = Problems()
    glossary = load_glossary(ROOT / "content", ROOT, problems)
    assert not problems, problems.report()
    assert {"NHS", "GP"} <= {item.term for item in glossary.acronyms}
    assert glossary.avoid


def test_link_text_must_say_where_it_goes(tmp_path):
    page = (
        "Read [click here](https://www.gov.uk/x), [the equality duty](https://www.gov.uk/y) "
        'and <a href="https://www.gov.uk/z">Read more</a>.\n'
    )
    found = [w for w in _warnings(_project(tmp_path, page=page)) if w.kind == "link-text"]
    assert sorted(w.message.split("'")[1] for w in found) == ["Read more", "click here"]


def test_headings_that_skip_a_level(tmp_path):
    page = "### Too deep\n\nText.\n\n## Right\n\n### Fine\n\n##### Skips\n\n```\n# not a heading\n```\n"
    found = [w for w in _warnings(_project(tmp_path, page=page)) if w.kind == "heading-level"]
    assert [(w.location.line, w.message.split(":")[0]) for w in found] == [
        (6, "this heading is level 3 (###) but the heading before it is level 1 (the page title)"),
        (14, "this heading is level 5 (#####) but the heading before it is level 3"),
    ]
    assert list(headings("Title\n=====\n\nSub\n---\n")) == [(0, 1), (13, 2)]


def test_a_bad_glossary_is_a_content_problem(tmp_path):
    project = _project(tmp_path, glossary="acronyms:\n  - term: NHS\n    meening: typo\n")
    _, problems = load_site(project / "content", project)
    assert any(p.location.file == "content/glossary.yaml" for p in problems), problems.report()


@pytest.mark.build
def test_validate_prints_warnings_with_file_and_line_and_still_passes(tmp_path):
    project = _project(tmp_path, page=f"{LONG}\n\nPlease [click here](https://www.gov.uk/x).\n")
    result = run_cli("validate", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "content/example-strategy/pages/notes.md:6:1: warning: this sentence has 30 words" in result.stdout
    assert lines[-2].startswith("Plain English: 2 warnings (1 sentence over 25 words, 1 link that does not")
    assert lines[-1].startswith("Content is valid: 1 strategies")


@pytest.mark.build
def test_github_annotations_are_warnings_and_strict_style_makes_them_errors(tmp_path):
    project = _project(tmp_path, page=f"{LONG}\n")
    annotations = run_cli("validate", "--format", "github", cwd=project)
    assert annotations.returncode == 0
    assert annotations.stdout.startswith(
        "::warning file=content/example-strategy/pages/notes.md,line=6,col=1,title=Plain English::this sentence has 30"
    )
    strict = run_cli("validate", "--format", "github", "--strict-style", cwd=project)
    assert strict.returncode == 1 and strict.stdout.startswith("::error file=content/example-strategy/pages/notes.md")
    assert "Content is valid" not in strict.stdout


def test_the_shipped_content_gets_warnings_and_validates(capsys):
    assert main(["--root", str(ROOT), "validate"]) == 0
    out = capsys.readouterr().out
    found = re.findall(r"^content/\S+:\d+:\d+: warning: ", out, re.M)
    assert found, "the shipped content has long sentences: they should be reported"
    assert re.search(r"^Plain English: \d+ warnings \(", out, re.M)
    assert out.rstrip().splitlines()[-1].startswith("Content is valid:")


def test_no_warnings_say_so_and_kinds_are_named():
    assert summary([]) == "Plain English: no warnings."
    assert set(KINDS) == {"long-sentence", "acronym", "avoid", "link-text", "heading-level"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_says_what_to_do(kind, tmp_path):
    page = f"{LONG}\n\nThe XYZ team will utilise [here](https://www.gov.uk/).\n\n#### Deep\n"
    glossary = 'avoid:\n  - phrase: utilise\n    instead: Write "use".\n'
    found = [w for w in _warnings(_project(tmp_path, page=page, glossary=glossary)) if w.kind == kind]
    assert found, kind
    assert any(word in found[0].message for word in ("Split", "Write", "use words", "make it level")), found[0]


@pytest.mark.build
def test_validate_given_paths_shows_only_their_warnings_and_counts_the_rest(tmp_path):
    """A pull request's check shows the warnings in the files it changes, not a whole site's."""
    project = _project(tmp_path, page=f"{LONG}\n\nPlease [click here](https://www.gov.uk/x).\n")
    everything = run_cli("validate", cwd=project)
    assert "content/example-strategy/pages/notes.md:6:1: warning:" in everything.stdout
    elsewhere = run_cli("validate", "content/example-strategy/strategy.yaml", cwd=project)
    assert elsewhere.returncode == 0
    assert ": warning:" not in elsewhere.stdout
    assert "(2 more warnings in other files: run `strategies validate` without paths to see them.)" in elsewhere.stdout
    here = run_cli("validate", "content/example-strategy/pages", cwd=project)
    assert [line for line in here.stdout.splitlines() if ": warning:" in line] == [
        line for line in everything.stdout.splitlines() if ": warning:" in line
    ]
    assert "more warning" not in here.stdout
