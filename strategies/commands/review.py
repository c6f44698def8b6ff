"""`strategies changes --since REF`: what a pull request's edits change for residents, as
Markdown for the pull request's check summary.

The content as it was at a Git revision (the pull request's base branch) is read out of Git
into a temporary folder and compared, strategy by strategy, with the content as it is now, by
the comparison the "what changed" pages of old versions make (strategies/pages/changes.py):
items added, removed, reworded or moved, and changes of standing, owner, lead partner, due date
and status. It is rendered by macros/review/changes.md.j2, with the headings the "what
changed" pages use (macros/change_headings.j2), each text escaped. Nothing is written to the
project.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from strategies.content.loader import load_site
from strategies.content.site import NodeView, Site, StrategyEntry
from strategies.pages import changes, urls

from .writing import ScaffoldError

TEMPLATE = "changes.md.j2"  # in macros/review/
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~])")  # what would start emphasis, code, a link or a table cell


def markdown_text(value: str | None) -> str:
    """Text as one line that GitHub's Markdown shows as written: no tag, link or emphasis from
    content takes effect in a summary. (Titles are plain text; summaries arrive as plain text
    from the comparison, pages/changes.py.)"""
    return _MARKDOWN_INLINE.sub(r"\\\1", html.escape(" ".join(str(value or "").split()), quote=False))


@dataclass
class StrategyChanges:
    """One strategy's changes: ``old`` or ``new`` is None where it was added or removed."""

    old: StrategyEntry | None
    new: StrategyEntry | None
    changes: changes.Changes | None

    @property
    def entry(self) -> StrategyEntry:
        return self.new or self.old  # type: ignore[return-value]


def content_at(root: Path, revision: str, folder: Path) -> Path:
    """The project's content/ as it was at Git ``revision``, extracted into ``folder`` (empty
    if there was none). Raises ScaffoldError, saying what to do, if Git cannot give it."""
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", revision, "--", "content"],
        capture_output=True,
        timeout=120,
    )
    content = folder / "content"
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip()
        if "did not match any files" in message:  # no content/ then: every strategy is new
            content.mkdir(parents=True)
            return content
        raise ScaffoldError(
            f"could not read content/ as it was at '{revision}' from Git ({message or 'no message'}). "
            "Give a branch, tag or commit this repository has (in a pull request's check: fetch the "
            "base branch, with fetch-depth: 0). Nothing was written."
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return content


def _names(old_site: Site, new_site: Site, old: StrategyEntry):
    """Owners' names as each side shows them: ``old``'s from the base's site, others from now's."""

    def names(version: StrategyEntry, refs: list[str]) -> list[str]:
        site = old_site if version is old else new_site
        return [party.label() for ref in refs if (party := site.party(ref, version))]

    return names


def compare_sites(old: Site, new: Site) -> list[StrategyChanges]:
    """Each strategy that was added, removed or changed, in the order of their ids."""
    found = []
    for strategy_id in sorted(set(old.strategies) | set(new.strategies)):
        before, after = old.strategies.get(strategy_id), new.strategies.get(strategy_id)
        if before is None or after is None:
            found.append(StrategyChanges(before, after, None))
            continue
        compared = changes.compare(before, after, _names(old, new, before))
        if len(compared):
            found.append(StrategyChanges(before, after, compared))
    return found


def summary(root: Path, since: str, site_url: str = "") -> str:
    """Markdown saying what the content now changes for residents since Git revision ``since``."""
    with tempfile.TemporaryDirectory(prefix="strategies-since-") as folder:
        old_content = content_at(root, since, Path(folder))
        old, _ = load_site(old_content, Path(folder))  # (what loads: its problems were reported then)
    new, problems = load_site(root / "content", root)

    def link(target: StrategyEntry | NodeView) -> str:
        path = urls.page_url(urls.node_path(target) if isinstance(target, NodeView) else urls.version_path(target))
        return site_url.rstrip("/") + "/" + path if site_url else "/" + path

    environment = Environment(
        loader=FileSystemLoader([str(root / "macros" / "review"), str(root / "macros")]),  # (change_headings.j2)
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(md_escape=markdown_text, link=link)
    return environment.get_template(TEMPLATE).render(
        since=since, strategies=compare_sites(old, new), problems=len(problems)
    )
