"""Long builds show a progress line with counts to a person at a terminal, and nothing in CI."""

import io
import re
import sys

import pytest

from strategies.mkdocs_adapter.progress import Progress
from strategies.mkdocs_adapter.publish import build_site

from support import ROOT


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.build
def test_a_build_at_a_terminal_counts_the_pages_it_renders(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert build_site(ROOT / "mkdocs.yml", strict=True, site_dir=tmp_path / "site") == 0
    shown = terminal.getvalue()
    counts = re.findall(r"Rendering pages \[[# ]+\] (\d+)/(\d+)", shown)
    pages = sum(1 for _ in (tmp_path / "site").rglob("*.html")) - 1  # 404.html is not counted
    assert counts and counts[-1] == (str(pages), str(pages))
    assert re.search(r"Writing strategies' pages and charts \[#+\] (\d+)/\1", shown)
    assert "Rendering pages" not in shown.split("\r\x1b[K")[-1]  # the line is cleared at the end


def test_nothing_is_drawn_in_ci_or_when_output_is_not_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    terminal = Terminal()
    progress = Progress(terminal)
    progress.start("Rendering pages", 10)
    progress.advance(10)
    progress.finish()
    assert terminal.getvalue() == ""
    monkeypatch.delenv("CI")
    pipe = io.StringIO()  # not a terminal: a log file or a pipe
    Progress(pipe).start("Rendering pages", 10)
    assert pipe.getvalue() == ""
