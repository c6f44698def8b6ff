"""`strategies serve` re-renders only what an edit touched, and the result is the same site a
full build of the edited content gives."""

from __future__ import annotations

import re

import pytest

from strategies.mkdocs_adapter.publish import PreviewSession, build_site

from support import shipped_project

pytestmark = pytest.mark.build

REPORT = "content/demo-fairer-futures/progress/2026-h1.yaml"  # the latest: its statuses are current
STRATEGY = "content/demo-fairer-futures/strategy.yaml"


@pytest.fixture
def project(tmp_path):
    return shipped_project(tmp_path)  # with the session's chart cache


def _pages(site):
    return {p.relative_to(site): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("edit", ["status", "title", "theme"])
def test_rebuild_after_an_edit_matches_a_full_build(project, edit):
    preview = PreviewSession(project / "mkdocs.yml", project / "preview")
    preview.build()
    written = {p: p.stat().st_mtime_ns for p in (project / "preview").rglob("*.html")}
    before = _pages(project / "preview")
    if edit == "status":  # one action's current status in the latest report (its owner's page counts it)
        _edit(
            project / REPORT,
            "- action: insulate-council-homes\n    status: on-track",
            "- action: insulate-council-homes\n    status: off-track",
        )
    elif edit == "theme":  # a comms team's change to the theme's templates shows on every page
        _edit(
            project / "macros/theme/main.html", "{{ super() }}", '{{ super() }}\n  <meta name="x-edited" content="yes">'
        )
    else:  # an item's title: in the navigation, so every page shows it
        title = re.search(r"^  - id: \S+\n    title: (.+)$", (project / STRATEGY).read_text("utf-8"), re.M).group(1)
        _edit(project / STRATEGY, f"title: {title}", f"title: {title} (renamed)")
    preview.build()
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=project / "full") == 0

    incremental, full = _pages(project / "preview"), _pages(project / "full")
    assert incremental.keys() == full.keys()
    assert [str(path) for path in full if incremental[path] != full[path]] == []
    changed = {path.parts[0] for path in full if before[path] != full[path]}
    assert "strategies" in changed
    if edit == "status":  # the status shows on its owner's page too, so that was made again
        assert "people" in changed
    rewritten = [p for p, mtime in written.items() if p.stat().st_mtime_ns != mtime]
    if edit == "status":  # the report, the item and strategy pages, home: not the whole site
        assert 0 < len(rewritten) < len(written) / 3, len(rewritten)
    else:
        assert len(rewritten) == len(written)
    if edit == "theme":
        assert all('<meta name="x-edited" content="yes">' in text for text in incremental.values())


def test_rebuild_checks_what_an_edit_can_break(project, capsys):
    """`serve` skips checking strategies an edit cannot affect, but an edit elsewhere that
    breaks one (a post it names, renamed in an organisation's file) is still reported, at the
    strategy's own line, and so is a mistake in the file edited."""
    from mkdocs.exceptions import Abort

    def problems_after_rebuild() -> str:
        capsys.readouterr()
        with pytest.raises(Abort):
            preview.build()
        return capsys.readouterr().err

    preview = PreviewSession(project / "mkdocs.yml", project / "preview")
    preview.build()
    organisation = project / "content/organisations/demo-borough-council.yaml"
    _edit(organisation, "- id: demo-director-of-childrens-services", "- id: demo-director-of-children")
    assert re.search(
        r"content/demo-fairer-futures/strategy\.yaml:\d+:\d+: 'demo-director-of-childrens-services' "
        r"is not a known post",
        problems_after_rebuild(),
    )
    _edit(organisation, "- id: demo-director-of-children", "- id: demo-director-of-childrens-services")
    preview.build()
    _edit(project / REPORT, "- action: healthy-weight-in-schools", "- action: healthy-weight-in-school")
    assert re.search(rf"{re.escape(REPORT)}:\d+:\d+: .*'healthy-weight-in-school'", problems_after_rebuild())
