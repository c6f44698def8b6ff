"""Helpers shared by the tests: the project root and fixtures, projects made from them, the
seeds, the command line, and reading built pages."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


def make_project(tmp_path: Path, case: str | None = None) -> Path:
    """A project folder holding the base content, with a case's files laid over it."""
    shutil.copytree(FIXTURES / "base", tmp_path, dirs_exist_ok=True)
    if case:
        shutil.copytree(FIXTURES / "invalid" / case, tmp_path, dirs_exist_ok=True)
    return tmp_path


def project_with_site_config(tmp_path: Path, case: str | None = None) -> Path:
    """:func:`make_project` with the site's own mkdocs.yml, docs/ and macros/: ready to build."""
    project = make_project(tmp_path, case)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "macros", project / "macros")
    return project


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, by relative path, with a digest of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The ``strategies`` command run in a fresh interpreter, as an officer runs it."""
    return subprocess.run([sys.executable, "-m", "strategies.commands.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def seed(name: str) -> str:
    """The text of a seed document, or skip the test where ../shared is not present."""
    path = SEEDS / name
    if not path.exists():
        if os.environ.get("CI"):  # CI always has ../shared beside the clone: never skip there
            pytest.fail(f"seed document {path} is missing")
        pytest.skip(f"seed document {path} is not available")
    # The seeds are copied from PDFs: fold non-breaking spaces so patterns match.
    return path.read_text(encoding="utf-8").replace("\u00a0", " ")


def table_by_caption(soup: BeautifulSoup, caption_text: str):
    """The table whose caption contains the given text."""
    for table in soup.find_all("table"):
        caption = table.find("caption")
        if caption and caption_text in caption.get_text(" ", strip=True):
            return table
    raise AssertionError(f"no table captioned {caption_text!r}")


def rows(table) -> list[list[str]]:
    """The body rows of a table as lists of cell texts (header cell first)."""
    body = table.find("tbody") or table
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in body.find_all("tr")]


def heading_text(tag) -> str:
    """A heading's text without its permalink anchor."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    return copy.get_text(" ", strip=True)


def find_heading(soup: BeautifulSoup, level: str, text: str):
    """The first heading of the given level (e.g. 'h3') whose text is exactly ``text``."""
    for tag in soup.find_all(level):
        if heading_text(tag) == text:
            return tag
    return None


def processes_marked(marker: str) -> list[int]:
    """The processes still running (zombies aside) whose environment holds ``marker``: a
    command started with it in its environment, and every worker process that command started,
    forked or fresh, even once the command has gone."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state not in ("Z", "X"):
                        found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                pass
    return found


def wait_for(condition, timeout: float = 60.0, what: str = "the condition") -> None:
    """Wait until ``condition()`` is true, checking every 20 ms; fail after ``timeout`` seconds
    (generous: a loaded machine is slow, and the wait ends as soon as the condition holds)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.02)
