"""Content is read only from ordinary files inside the project, each within a size limit.

A link under content/ to a file outside the project would publish that file; a link to
/dev/zero would be read without end; a named pipe would hang the build. Each is a problem
reported at its path, in the same run as every other problem, and nothing is read through it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from strategies.content.files import MAX_FILE_BYTES, UnreadableFile, read_bytes
from strategies.content.loader import load_site
from strategies.mkdocs_adapter.publish import build_site

from support import make_project, project_with_site_config

SECRET = "OUTSIDE-THE-PROJECT-7f3a"
STRATEGY = "content/example-strategy"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project (not inside it) holding files a link might point at."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "page.md").write_text(f"---\ntitle: Leaked\n---\n\n{SECRET}\n", encoding="utf-8")
    return folder


def _messages(project: Path) -> list[str]:
    site, problems = load_site(project / "content", project)
    return [f"{problem.location.file}: {problem.message}" for problem in problems]


def test_a_link_to_a_file_outside_the_project_is_refused_at_its_path(tmp_path, outside):
    project = make_project(tmp_path / "project")
    (project / STRATEGY / "pages").mkdir(exist_ok=True)
    os.symlink(outside / "page.md", project / STRATEGY / "pages" / "leak.md")
    messages = _messages(project)
    assert any(
        m.startswith(f"{STRATEGY}/pages/leak.md: this is a link to a file outside the project")
        and "copy what you need into content/" in m
        for m in messages
    ), messages


@pytest.mark.build
def test_nothing_outside_the_project_is_published(tmp_path, outside):
    project = project_with_site_config(tmp_path / "project")
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    (project / STRATEGY / "pages").mkdir(exist_ok=True)
    os.symlink(outside / "page.md", project / STRATEGY / "pages" / "leak.md")
    os.symlink(outside, project / "content" / "linked-strategy")
    (outside / "strategy.yaml").write_text(f"title: {SECRET}\n", encoding="utf-8")
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 1
    published = [path for path in site_dir.rglob("*") if path.is_file() and SECRET.encode() in path.read_bytes()]
    assert published == []


def test_a_linked_strategy_folder_outside_is_reported_once_and_not_read(tmp_path, outside):
    project = make_project(tmp_path / "project")
    (outside / "strategy.yaml").write_text("title: [unclosed\n", encoding="utf-8")  # would be a YAML error
    os.symlink(outside, project / "content" / "linked-strategy")
    messages = _messages(project)
    about = [m for m in messages if "linked-strategy" in m]
    assert about == [
        "content/linked-strategy: this is a link to a file outside the project, which would be "
        "published: copy what you need into content/ instead, and delete the link."
    ]


def test_links_inside_the_project_are_content_like_any_other(tmp_path):
    project = make_project(tmp_path / "project")
    shared = project / "shared-pages"
    shared.mkdir()
    (shared / "about.md").write_text("---\ntitle: About this strategy\n---\n\nShared text.\n", encoding="utf-8")
    (project / STRATEGY / "pages").mkdir(exist_ok=True)
    os.symlink(shared / "about.md", project / STRATEGY / "pages" / "about.md")
    site, problems = load_site(project / "content", project)
    assert not problems, problems.report()
    assert "about" in [page.slug for page in site.strategies["example-strategy"].pages]


def test_a_dangling_link_is_a_problem_not_a_traceback(tmp_path):
    project = make_project(tmp_path / "project")
    os.symlink(project / "nowhere.yaml", project / "content" / "organisations" / "gone.yaml")
    messages = _messages(project)
    assert (
        "content/organisations/gone.yaml: this is a link to something that does not exist: delete the link, "
        "or put the file itself here." in messages
    )


def test_a_link_to_an_endless_device_is_refused(tmp_path):
    project = make_project(tmp_path / "project")
    os.symlink("/dev/zero", project / "content" / "organisations" / "zero.yaml")
    messages = _messages(project)
    assert any(
        m.startswith("content/organisations/zero.yaml: this is a link to a file outside the project") for m in messages
    ), messages


def test_a_named_pipe_does_not_hang_the_build(tmp_path):
    """Run in a fresh interpreter with a time limit: a read of the pipe would wait for ever."""
    project = make_project(tmp_path / "project")
    os.mkfifo(project / STRATEGY / "pages.md")
    (project / STRATEGY / "progress").mkdir(exist_ok=True)
    os.mkfifo(project / STRATEGY / "progress" / "2030-h1.yaml")
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from strategies.content.loader import load_site
        project = Path(sys.argv[1])
        site, problems = load_site(project / "content", project)
        print(problems.report())
    """)
    done = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "content/example-strategy/progress/2030-h1.yaml: this is not an ordinary file or folder" in done.stdout
    assert "content/example-strategy/pages.md: this is not an ordinary file or folder" in done.stdout


def test_reads_stop_at_the_limit_whatever_the_file_claims(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: b\n" * (MAX_FILE_BYTES // 5 + 10))
    with pytest.raises(UnreadableFile) as raised:
        read_bytes(big, "content/big.yaml")
    assert "more than the 2 MB a content file may be: split it" in raised.value.problem.message
    with pytest.raises(UnreadableFile) as raised:  # a device: refused before anything is read
        read_bytes(Path("/dev/zero"), "content/zero.yaml")
    assert "not an ordinary file" in raised.value.problem.message
    assert read_bytes(big, "content/big.yaml", limit=10 * MAX_FILE_BYTES).startswith(b"a: b\n")
