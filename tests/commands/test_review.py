"""`strategies changes --since REF`: what a pull request changes for residents, for its check's
summary, worked out from the content at the base revision and now (commands/review.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import project_with_site_config, run_cli

pytestmark = pytest.mark.build  # (runs the strategies command)

STRATEGY = "content/example-strategy/strategy.yaml"
GIT_USER = {"GIT_AUTHOR_NAME": "Officer", "GIT_AUTHOR_EMAIL": "o@example.gov.uk"}


def _git(project: Path, *args: str) -> None:
    environment = {**os.environ, **GIT_USER, "GIT_COMMITTER_NAME": "Officer", "GIT_COMMITTER_EMAIL": "o@example.gov.uk"}
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=environment)


def _committed(tmp_path: Path) -> Path:
    """The base fixture as a Git repository with one commit (the pull request's base)."""
    project = project_with_site_config(tmp_path)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    return project


def _edit(project: Path, old: str, new: str) -> None:
    path = project / STRATEGY
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_pull_requests_changes_are_listed_by_kind_with_links(tmp_path):
    project = _committed(tmp_path)
    _edit(project, "title: Reduce smoking\n", "title: Halve smoking by 2026 <b>*now*</b>\n")
    _edit(project, "owners: [example-director-of-growth]", "owners: [example-director-of-public-health]")
    _edit(
        project,
        "      - id: good-work-1\n        title: Support people into employment\n",
        "      - id: good-work-1\n        title: Support people into employment\n"
        "      - id: good-work-2\n        title: Create apprenticeships\n",
    )
    result = run_cli("changes", "--since", "main", "--site-url", "https://strategies.example.gov.uk/", cwd=project)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## What this pull request changes for residents\n")
    site = "https://strategies.example.gov.uk/strategies/example-strategy/"
    assert f"### Example Equality Objectives\n\nOn the site: {site}\n" in out
    assert f"**Added** (1):\n\n- [Create apprenticeships]({site}good-work-2/) (Action)" in out
    # Content's markup is shown as written, never taking effect in the summary.
    assert (
        f"- [Halve smoking by 2026 &lt;b&gt;\\*now\\*&lt;/b&gt;]({site}healthy-lives-2/): "
        "title was “Reduce smoking”, now “Halve smoking by 2026 &lt;b&gt;\\*now\\*&lt;/b&gt;”"
    ) in out
    owners = next(line for line in out.splitlines() if line.startswith(f"- [Good work]({site}good-work/): owners was"))
    assert "Director of Growth" in owners.split("now")[0] and "Director of Public Health" in owners.split("now")[1]


def test_no_change_for_residents_says_so(tmp_path):
    project = _committed(tmp_path)
    (project / "README.md").write_text("An edit that is not content.\n", encoding="utf-8")
    result = run_cli("changes", "--since", "main", cwd=project)
    assert result.returncode == 0
    assert "Nothing residents see in a strategy changes since main" in result.stdout


def test_a_new_strategy_and_a_revision_git_does_not_have_are_named(tmp_path):
    project = project_with_site_config(tmp_path)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "commit", "-q", "--allow-empty", "-m", "an empty repository")
    new = run_cli("changes", "--since", "main", cwd=project)
    assert new.returncode == 0, new.stderr
    assert (
        "### Example Equality Objectives\n\nOn the site: /strategies/example-strategy/\n\nA new strategy, with 5 items."
        in new.stdout
    )
    unknown = run_cli("changes", "--since", "no-such-branch", cwd=project)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert "could not read content/ as it was at 'no-such-branch' from Git" in unknown.stderr
    assert "Nothing was written." in unknown.stderr
