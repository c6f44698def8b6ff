"""Pages rendered by forked workers (parallel_render.py), with search's worker reading them
(parallel_search.py), must be exactly the pages MkDocs renders alone; a failure in a template
worker must fail the build cleanly, leaving the old site; the plugin's ``speed`` settings
(speed.py) decide whether workers are used.

The builds run in a fresh interpreter: forking is (rightly) refused beside threads that are
not the project's own, and the browser tests leave a web server thread in this one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from strategies.mkdocs_adapter import parallel_render
from strategies.mkdocs_adapter import speed as speedups
from strategies.workers import forked

from support import ROOT, shipped_project

# As on two cores; print how many pages workers wrote, how many workers there were, and whether
# search read pages in its worker. The builds share every site's rendering, however small, as
# a large site's is shared (STRATEGIES_SPEED=always), unless a test says otherwise.
PRELUDE = """
import logging, os, sys
from pathlib import Path
from strategies.workers import forked
from strategies.mkdocs_adapter import parallel_render, parallel_search
from strategies.mkdocs_adapter.publish import build_site

forked.usable_cores = lambda: 2
parallel_render.PAGES_PER_WORKER = 8  # so that one build forks several workers in turn
parallel_render.MIN_PAGES_TO_FORK = 1
MAIN = os.getpid()
real_finish = parallel_render.SharedRendering.finish

def finish(self):
    print("worker wrote", sum(self._written), "of", len(self.pages), flush=True)
    print("workers", self.workers, flush=True)
    return real_finish(self)

parallel_render.SharedRendering.finish = finish
real_search_index = parallel_search.ParallelSearchIndex.__init__

def search_index(self, *args):
    print("search worker", flush=True)
    real_search_index(self, *args)

parallel_search.ParallelSearchIndex.__init__ = search_index
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


def _build_alone(
    config: Path, site: Path, code: str = "", strict: bool = True, speed: str | None = "always"
) -> subprocess.CompletedProcess:
    """Build in a fresh interpreter, STRATEGIES_SPEED set to ``speed`` (None: unset)."""
    script = (
        textwrap.dedent(PRELUDE)
        + textwrap.dedent(code)
        + f"\nsys.exit(build_site(Path({str(config)!r}), strict={strict}, site_dir=Path({str(site)!r})))\n"
    )
    env = {name: value for name, value in os.environ.items() if name != speedups.ENVIRONMENT}
    if speed is not None:
        env[speedups.ENVIRONMENT] = speed
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env)


def _written_by_worker(out: str, what: str = "worker wrote") -> tuple[int, int]:
    line = next(line for line in out.splitlines() if line.startswith(what))
    *_, written, _, total = line.split()
    return int(written), int(total)


def _files(site: Path) -> dict[Path, bytes]:
    return {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}


@pytest.mark.build
@pytest.mark.parametrize("project", ["shipped", "hostile"])
def test_every_file_is_the_same_when_workers_render_pages_and_search_reads_them(
    built_site, hostile_site, tmp_path, project
):
    alone = built_site if project == "shipped" else hostile_site  # built in this process, unshared
    config = ROOT / "mkdocs.yml" if project == "shipped" else hostile_site.parent / "mkdocs.yml"
    done = _build_alone(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    written, total = _written_by_worker(done.stdout)
    assert 0 < written < total  # both sides rendered pages
    assert int(done.stdout.split("workers ")[1].split()[0]) > 1  # and workers followed one another
    assert "search worker" in done.stdout
    shared, unshared = _files(tmp_path / "site"), _files(alone)
    assert sorted(shared) == sorted(unshared)
    assert [path for path in shared if shared[path] != unshared[path]] == []
    assert "Generated empty output" not in done.stderr  # pages left to the worker are not reported


@pytest.mark.build
@pytest.mark.parametrize(
    "settings, workers",
    [("share_from_pages: 1", True), ("enabled: false\n        share_from_pages: 1", False)],
    ids=["from one page", "turned off"],
)
def test_the_speed_settings_in_mkdocs_yml_decide_whether_workers_help(built_site, tmp_path, settings, workers):
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert config.count("\n  - strategies:\n") == 1
    config = config.replace("\n  - strategies:\n", f"\n  - strategies:\n      speed:\n        {settings}\n")
    project = shipped_project(tmp_path / "project", config)
    done = _build_alone(project / "mkdocs.yml", tmp_path / "site", speed=None)
    assert done.returncode == 0, done.stderr
    assert ("worker wrote" in done.stdout) is workers
    assert ("search worker" in done.stdout) is workers
    built, alone = _files(tmp_path / "site"), _files(built_site)
    assert sorted(built) == sorted(alone)
    assert [path for path in built if built[path] != alone[path]] == []


@pytest.mark.parametrize(
    "variable, enabled, share_from",
    [(None, True, 300), ("off", False, 300), ("OFF ", False, 300), ("always", True, 0), ("", True, 300)],
)
def test_strategies_speed_overrides_the_settings_for_one_run(monkeypatch, variable, enabled, share_from):
    from strategies.mkdocs_adapter.plugin import StrategiesPlugin

    settings = speedups.SpeedConfig()
    settings.load_dict({})
    assert settings.validate() == ([], [])
    monkeypatch.delenv(speedups.ENVIRONMENT, raising=False)
    if variable is not None:
        monkeypatch.setenv(speedups.ENVIRONMENT, variable)
    speed = speedups.SpeedUps(settings, one_off=True, own_type=StrategiesPlugin)
    assert (speed.enabled, speed.share_from) == (enabled, share_from)


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
    config, large = _Config(SearchPlugin(), StrategiesPlugin()), _Files(300)
    assert parallel_render.worth_sharing(config, large, StrategiesPlugin, 300)
    assert not parallel_render.worth_sharing(config, _Files(299), StrategiesPlugin, 300)

    class SomeoneElsesPlugin:  # its page events might keep state the build needs afterwards
        pass

    assert not parallel_render.worth_sharing(
        _Config(SearchPlugin(), StrategiesPlugin(), SomeoneElsesPlugin()), large, StrategiesPlugin, 300
    )
    monkeypatch.setattr(forked, "usable_cores", lambda: 1)
    assert not parallel_render.worth_sharing(config, large, StrategiesPlugin, 300)


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
