"""Build and serve the site with MkDocs, never leaving a half-written site behind.

``build_site`` builds into a temporary folder beside ``site-build/`` and swaps it in only
when the whole build succeeded; a failed build leaves the previous site as it was.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

log = logging.getLogger("mkdocs")


def _quiet_mkdocs_2_notice() -> None:
    # Material prints a banner about MkDocs 2 on every run; officers do not need it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now, not the stream of the first call."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _setup_logging() -> None:
    if not log.handlers:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def _swap_in(built: Path, target: Path) -> None:
    """Replace ``target`` with ``built`` as nearly atomically as the file system allows."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    built.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(config_file: Path, strict: bool = False, site_dir: Path | None = None) -> int:
    """Validate content and build the site; return 0 on success, 1 if anything failed.

    ``site_dir`` overrides the configuration's output folder (``site-build/``).
    """
    _quiet_mkdocs_2_notice()
    _setup_logging()
    started = time.monotonic()
    try:
        config = load_config(str(config_file), strict=strict or None)
    except (ConfigurationError, OSError) as error:
        print(f"{config_file.name}: {error}", file=sys.stderr)
        return 1
    target = Path(site_dir) if site_dir else Path(config.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    config.site_dir = str(staging)
    # As `mkdocs build` does: plugins that keep state between builds (MkDocs keeps one
    # instance of each for the whole process) learn that a new, one-off build starts.
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    except (Abort, PluginError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, PluginError):
            print(str(error), file=sys.stderr)
        kept = "The previous site in {} is unchanged.".format(target.name) if target.exists() else "No site was written."
        print(f"Build failed. {kept}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        config.plugins.on_shutdown()
    _swap_in(staging, target)
    pages = sum(1 for _ in target.rglob("*.html"))
    print(f"Built {pages} pages into {target} in {time.monotonic() - started:.1f} s.")
    return 0


class PreviewSession:
    """Builds as ``strategies serve`` does, without the server: the first build renders every
    page; each later one re-renders only what changed since (used by tests and benchmarks)."""

    def __init__(self, config_file: Path, site_dir: Path):
        self.config_file, self.site_dir, self.started = str(config_file), str(site_dir), False
        _quiet_mkdocs_2_notice()
        _setup_logging()
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())

    def build(self) -> float:
        """Build (again); return the seconds it took."""
        started = time.monotonic()
        config = load_config(self.config_file, site_dir=self.site_dir)  # plugins carry over, as in serve
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=True)
            self.started = True
        mkdocs_build.build(config, dirty=True)
        return time.monotonic() - started


class _DirtyWarningFilter(logging.Filter):
    """MkDocs warns that a 'dirty' build may leave the navigation wrong; the plugin re-renders
    every page when the navigation changes (incremental.py), so officers need not see it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def serve_site(config_file: Path, dev_addr: str) -> int:
    """Preview the site; after each change to docs/, content/ or macros/ it re-renders only
    the pages and charts the change touched (see incremental.py)."""
    from mkdocs.commands import serve

    _quiet_mkdocs_2_notice()
    _setup_logging()
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())
    try:
        serve.serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")
    except (Abort, PluginError, ConfigurationError) as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0
