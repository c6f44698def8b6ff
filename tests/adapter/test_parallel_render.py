"""Pages rendered by a forked worker (parallel_render.py), with their Markdown rendered by
another (parallel_markdown.py), must be exactly the pages MkDocs renders alone; a failure in a
template worker must fail the build cleanly, leaving the old site, and one in the Markdown
worker must only leave its pages to the build.

The builds run in a fresh interpreter: forking is (rightly) refused beside threads that are
not the project's own, and the browser tests leave a web server thread in this one."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from strategies.mkdocs_adapter import parallel_render
from strategies.workers import forked

from support import ROOT

# Share every site's rendering, however small, as a large site's on two cores is shared; print
# how many pages workers wrote, and how many workers there were.
PRELUDE = """
import logging, os, sys
from pathlib import Path
from strategies.workers import forked
from strategies.mkdocs_adapter import parallel_assets, parallel_render, parallel_search
from strategies.mkdocs_adapter.publish import build_site

forked.usable_cores = lambda: 2
parallel_assets.WRITE_FROM_FILES = 0
parallel_search.PARALLEL_FROM_PAGES = 0  # search's worker too, as on a large site
parallel_render.SHARE_FROM_PAGES = 0
parallel_render.PAGES_PER_WORKER = 8  # so that one build forks several workers in turn
parallel_render.MIN_PAGES_TO_FORK = 1
MAIN = os.getpid()
real_finish = parallel_render.SharedRendering.finish

def finish(self):
    print("worker wrote", sum(self._written), "of", len(self.pages), flush=True)
    print("workers", self.workers, flush=True)
    return real_finish(self)

parallel_render.SharedRendering.finish = finish
real_write_finish = parallel_assets.AssetWriter.finish

def write_finish(self, files):
    wrote = real_write_finish(self, files)
    print("writer wrote", len(self.files) if wrote else 0, flush=True)
    return wrote

parallel_assets.AssetWriter.finish = write_finish
from strategies.mkdocs_adapter import parallel_markdown
real_collect = parallel_markdown.SharedMarkdown._collect

def collect(self):
    first = self._results is None
    results = real_collect(self)
    if first:
        print("markdown worker made", len(results), "of", len(self.pages), flush=True)
    return results

parallel_markdown.SharedMarkdown._collect = collect
import time
from mkdocs.plugins import PluginCollection
real_page_context = PluginCollection.on_page_context
worker_action = []

def on_page_context(self, context, *, page, **kwargs):
    if os.getpid() == MAIN:  # slowly, so that workers surely get pages, however busy the machine
        time.sleep(0.03)
    elif worker_action:
        worker_action[0](page)
    return real_page_context(self, context, page=page, **kwargs)

PluginCollection.on_page_context = on_page_context

def in_worker(action):
    '''Do action(page) as each page a worker renders (not this process's) is built.'''
    worker_action.append(action)
"""


def _build_alone(config: Path, site: Path, code: str = "", strict: bool = True) -> subprocess.CompletedProcess:
    script = (
        textwrap.dedent(PRELUDE)
        + textwrap.dedent(code)
        + f"\nsys.exit(build_site(Path({str(config)!r}), strict={strict}, site_dir=Path({str(site)!r})))\n"
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)


def _written_by_worker(out: str, what: str = "worker wrote") -> tuple[int, int]:
    line = next(line for line in out.splitlines() if line.startswith(what))
    *_, written, _, total = line.split()
    return int(written), int(total)


def _files(site: Path) -> dict[Path, bytes]:
    return {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}


WRITER_FAILS = """
from strategies.workers import fresh
real_init = fresh.WorkerProcess.__init__

def init(self, function):  # the process writing charts ends at its first job
    real_init(self, "sys:exit" if function.endswith(":write_files") else function)

fresh.WorkerProcess.__init__ = init
"""


@pytest.mark.build
@pytest.mark.parametrize(
    "project, code",
    [("shipped", ""), ("hostile", ""), ("shipped", WRITER_FAILS)],
    ids=["shipped", "hostile", "the process writing charts fails"],
)
def test_every_file_is_the_same_when_workers_render_pages_and_write_charts(
    built_site, hostile_site, tmp_path, project, code
):
    alone = built_site if project == "shipped" else hostile_site  # built in this process, unshared
    config = ROOT / "mkdocs.yml" if project == "shipped" else hostile_site.parent / "mkdocs.yml"
    done = _build_alone(config, tmp_path / "site", code)
    assert done.returncode == 0, done.stderr
    written, total = _written_by_worker(done.stdout)
    assert 0 < written < total  # both sides rendered pages
    made, total = _written_by_worker(done.stdout, "markdown worker made")
    assert 0 < made < total  # and both rendered pages' Markdown
    assert int(done.stdout.split("workers ")[1].split()[0]) > 1  # and workers followed one another
    written_by_writer = int(done.stdout.split("writer wrote ")[1].split()[0])
    assert (written_by_writer == 0) if code else (written_by_writer > 0)  # else MkDocs wrote them
    shared, unshared = _files(tmp_path / "site"), _files(alone)
    assert sorted(shared) == sorted(unshared)
    assert [path for path in shared if shared[path] != unshared[path]] == []
    assert "Generated empty output" not in done.stderr  # pages left to the worker are not reported


MARKDOWN_WORKER = """
real_render = parallel_markdown.SharedMarkdown._render
done_there = []

def render(self, page):
    done_there.append(page)
    if len(done_there) == 3:
        {action}
    return real_render(self, page)

parallel_markdown.SharedMarkdown._render = render
"""


@pytest.mark.parametrize(
    "action, used",
    [('raise RuntimeError("a page the worker cannot render")', 2), ("os._exit(9)", 0)],
    ids=["fails", "dies"],
)
def test_a_markdown_worker_failing_leaves_its_pages_to_the_build(built_site, tmp_path, action, used):
    """At its third page: the two it made are used (if it could say so), the rest made here."""
    done = _build_alone(ROOT / "mkdocs.yml", tmp_path / "site", MARKDOWN_WORKER.format(action=action))
    assert done.returncode == 0, done.stderr
    assert _written_by_worker(done.stdout, "markdown worker made")[0] == used
    shared, alone = _files(tmp_path / "site"), _files(built_site)
    assert sorted(shared) == sorted(alone)
    assert [path for path in shared if shared[path] != alone[path]] == []
    assert "Traceback" not in done.stderr and "a page the worker cannot render" not in done.stderr


@pytest.mark.build
@pytest.mark.parametrize("strict", [True, False])
def test_warnings_in_the_markdown_worker_count_in_strict_mode(tmp_path, strict):
    site = tmp_path / "site-build"
    done = _build_alone(
        ROOT / "mkdocs.yml",
        site,
        MARKDOWN_WORKER.format(
            action='logging.getLogger("mkdocs.plugins.test").warning(f"a warning about {page.file.src_uri}")'
        ),
        strict=strict,
    )
    assert "WARNING -  a warning about " in done.stderr
    assert "came from pages whose Markdown was rendered in a second process" in done.stderr
    assert done.returncode == (1 if strict else 0), done.stderr
    assert (site / "index.html").exists() is not strict


def _old_site(tmp_path: Path) -> Path:
    site = tmp_path / "site-build"
    site.mkdir()
    (site / "index.html").write_text("the site residents see now")
    return site


def _left_as_it_was(site: Path) -> bool:
    return (site / "index.html").read_text() == "the site residents see now" and [
        path.name for path in site.parent.iterdir()
    ] == [site.name]


@pytest.mark.build
def test_a_page_failing_in_the_worker_fails_the_build_and_names_the_page(tmp_path):
    site = _old_site(tmp_path)
    done = _build_alone(
        ROOT / "mkdocs.yml",
        site,
        """
        def fail(page):
            raise RuntimeError(f"cannot render {page.file.src_uri}")
        in_worker(fail)
    """,
    )
    assert done.returncode == 1
    failed = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert len(failed) == 2, done.stderr
    assert "Error building page '" in failed[0] and "cannot render" in failed[0]  # MkDocs' own message
    assert "The build stopped: a page rendered by a second process failed (RuntimeError: cannot render" in failed[1]
    assert "Traceback" not in done.stderr
    assert _left_as_it_was(site)


@pytest.mark.build
def test_a_worker_that_dies_fails_the_build_with_advice(tmp_path):
    site = _old_site(tmp_path)
    done = _build_alone(
        ROOT / "mkdocs.yml",
        site,
        """
        in_worker(lambda page: os._exit(9))  # as the kernel's out-of-memory killer would
    """,
    )
    assert done.returncode == 1
    assert "stopped unexpectedly" in done.stderr and "Build again" in done.stderr
    assert _left_as_it_was(site)


@pytest.mark.build
@pytest.mark.parametrize("strict", [True, False])
def test_warnings_in_the_worker_count_in_strict_mode(tmp_path, strict):
    site = tmp_path / "site-build"
    done = _build_alone(
        ROOT / "mkdocs.yml",
        site,
        """
        warned = []
        def warn(page):
            if not warned:
                warned.append(page)
                logging.getLogger("mkdocs.plugins.test").warning(f"a warning about {page.file.src_uri}")
        in_worker(warn)
    """,
        strict=strict,
    )
    assert "WARNING -  a warning about " in done.stderr
    assert done.returncode == (1 if strict else 0), done.stderr
    assert (site / "index.html").exists() is not strict


class _Files:
    def __init__(self, count):
        self.count = count

    def documentation_pages(self, inclusion=None):
        return [object()] * self.count


class _Config:
    def __init__(self, *plugins):
        self.plugins = {type(plugin).__name__: plugin for plugin in plugins}


def test_sharing_only_where_it_pays_and_is_safe(monkeypatch):
    from material.plugins.search.plugin import SearchPlugin

    from strategies.mkdocs_adapter.plugin import StrategiesPlugin

    monkeypatch.setattr(forked, "usable_cores", lambda: 2)
    monkeypatch.setattr(forked, "can_fork", lambda ignore=None: True)
    config, large = _Config(SearchPlugin(), StrategiesPlugin()), _Files(parallel_render.SHARE_FROM_PAGES)
    assert parallel_render.worth_sharing(config, large, StrategiesPlugin)
    assert not parallel_render.worth_sharing(config, _Files(parallel_render.SHARE_FROM_PAGES - 1), StrategiesPlugin)

    class SomeoneElsesPlugin:  # its page events might keep state the build needs afterwards
        pass

    assert not parallel_render.worth_sharing(
        _Config(SearchPlugin(), StrategiesPlugin(), SomeoneElsesPlugin()), large, StrategiesPlugin
    )
    monkeypatch.setattr(forked, "usable_cores", lambda: 1)
    assert not parallel_render.worth_sharing(config, large, StrategiesPlugin)


def test_forking_beside_threads_only_when_they_are_the_projects_own():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent("""
        import threading
        from strategies.workers import forked, fresh
        stop = threading.Event()
        ours = threading.Thread(target=stop.wait, name=f"{fresh.OWN_THREADS}-1-read")
        ours.start()
        print(forked.can_fork(ignore=fresh.OWN_THREADS), forked.can_fork())
        theirs = threading.Thread(target=stop.wait, name="web-server")
        theirs.start()
        print(forked.can_fork(ignore=fresh.OWN_THREADS))
        stop.set()
    """),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["True", "False", "False"], done.stderr
