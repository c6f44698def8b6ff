"""`strategies serve` re-renders only what an edit touched, and the result is the same site a
full build of the edited content gives."""
from __future__ import annotations

import re
import shutil

import pytest

from strategies.publish import PreviewSession, build_site
from support import ROOT

REPORT = "content/demo-fairer-futures/progress/2024-h2.yaml"
STRATEGY = "content/demo-fairer-futures/strategy.yaml"


@pytest.fixture
def project(tmp_path):
    for name in ("content", "docs", "macros"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    return tmp_path


def _pages(site):
    return {p.relative_to(site): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("edit", ["status", "title"])
def test_rebuild_after_an_edit_matches_a_full_build(project, edit):
    preview = PreviewSession(project / "mkdocs.yml", project / "preview")
    preview.build()
    written = {p: p.stat().st_mtime_ns for p in (project / "preview").rglob("*.html")}
    if edit == "status":  # one action's status in the latest progress report
        _edit(project / REPORT, "status: on-track", "status: off-track")
    else:  # an item's title: in the navigation, so every page shows it
        title = re.search(r"^  - id: \S+\n    title: (.+)$", (project / STRATEGY).read_text("utf-8"), re.M).group(1)
        _edit(project / STRATEGY, f"title: {title}", f"title: {title} (renamed)")
    preview.build()
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=project / "full") == 0

    incremental, full = _pages(project / "preview"), _pages(project / "full")
    assert incremental.keys() == full.keys()
    assert [str(path) for path in full if incremental[path] != full[path]] == []
    rewritten = [p for p, mtime in written.items() if p.stat().st_mtime_ns != mtime]
    if edit == "status":  # the report, the item and strategy pages, home: not the whole site
        assert 0 < len(rewritten) < len(written) / 3, len(rewritten)
    else:
        assert len(rewritten) == len(written)
