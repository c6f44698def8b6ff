"""Build and serve the site with MkDocs, never leaving a half-written site behind.

``build_site`` builds into a staging folder beside ``site-build/`` and swaps it in only when
the whole build succeeded. A failed or interrupted build (Ctrl-C, SIGTERM), or one that
cannot write (a full disk, a read-only folder), leaves the previous site as it was, stops
its worker processes and removes its staging folder, and says so in one line.

Staging folders are named for the process that made them (see :func:`_clear_leftovers`), so
that a build killed outright (SIGKILL, a power cut) leaves nothing the next build does not
clear.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from strategies.workers import forked, fresh

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


@contextmanager
def _signals_held(drop: bool = False):
    """Ctrl-C and SIGTERM wait until the block ends, then act as they would have (or, with
    ``drop``, are dropped: the build is stopping already). Python runs signal handlers in the
    main thread only: elsewhere, this holds nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    kept = {
        number: signal.signal(number, lambda number, _frame: caught.append(number))
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        if caught and not drop:
            signal.raise_signal(caught[0])


_OURS: set[str] = set()  # the "<pid>-<random>" of each staging folder this process is building


def _key(staging: Path) -> str:
    return staging.name.split(".new-", 1)[1]


def _owner_running(pid: int | None, key: str) -> bool:
    if pid is None:  # named by an earlier version of strategies, which named no owner
        return False
    if pid == os.getpid():  # (a container may give every run the same pid)
        return key in _OURS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _clear_leftovers(target: Path) -> None:
    """Remove the staging and old-site folders beside ``target`` that builds left behind when
    they were killed outright (SIGKILL, a power cut), and so never cleared.

    A build stages into ``.<target>.new-<pid>-<random>``, <pid> being its process's. While it
    swaps the result in, the previous site is ``.<target>.old-<pid>-<random>`` for a moment,
    and is then renamed back to the staging name before it is deleted: an old-site folder is
    always a whole site. A folder is a leftover when the process named in it no longer runs
    (or is this one, and the folder is not one of its own builds': a container may give each
    run the same pid). So two builds running at once never remove each other's folders, and a
    leftover is cleared by the first build after its owner ended. If ``target`` is missing
    (the owner was killed in mid-swap), the newest old-site leftover is put back.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(new|old)-(?:(\d+)-)?(\w+)")
    leftovers = []
    for entry in target.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink():
            kind, pid, rest = match.groups()
            if not _owner_running(int(pid) if pid else None, f"{pid}-{rest}"):
                leftovers.append((kind == "old" and pid is not None, entry))
    for whole_site, entry in sorted(leftovers, key=lambda found: _modified(found[1]), reverse=True):
        if whole_site and not target.exists():
            try:
                os.rename(entry, target)
                continue
            except OSError:
                pass
        _say_if_left(entry, _delete(entry), f"{entry.name}, left by an earlier build,", target)


def _delete(folder: Path) -> tuple[str, OSError] | None:
    """Delete ``folder`` and all in it, as far as possible; the first path that could not be
    deleted, with its error, or None."""
    failures: list[tuple[str, OSError]] = []

    def failed(_function, path, error) -> None:
        failures.append((path, error))

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=failed)
    else:  # (onerror gives the exception's info)
        shutil.rmtree(folder, onerror=lambda function, path, info: failed(function, path, info[1]))
    return failures[0] if failures and folder.exists() else None


def _say_if_left(folder: Path, left: tuple[str, OSError] | None, what: str, target: Path) -> None:
    """Say that a folder beside the site could not be deleted, why, and what to do."""
    if left is None:
        return
    path, error = left
    print(
        f"Note: {what} could not be deleted ({path}: {error.strerror or error}). Delete {folder} "
        f"yourself (a file marked immutable needs `chattr -i` first). {target.name} is not affected.",
        file=sys.stderr,
    )


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile (by another build clearing leftovers)
        return 0.0


def _new_staging(target: Path) -> Path:
    """A new, empty staging folder beside ``target``, known as this process's."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    _OURS.add(_key(staging))
    return staging


def _remove(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    _OURS.discard(_key(staging))


def _swap_in(built: Path, target: Path) -> Path | None:
    """Replace ``target`` with ``built`` as nearly atomically as the file system allows: two
    renames, with Ctrl-C and SIGTERM held until both are done, the first undone if the second
    fails. Return where the previous site is now, for the caller to delete: ``built``'s
    name, where it is a leftover like any other staging folder (see :func:`_clear_leftovers`)."""
    aside = built.with_name(built.name.replace(".new-", ".old-", 1))
    old: Path | None = aside
    with _signals_held():
        try:
            os.rename(target, aside)
        except FileNotFoundError:  # the first build
            old = None
        try:
            os.rename(built, target)
        except OSError:
            if old is not None:
                os.rename(old, target)
            raise
        if old is None:
            return None
        try:
            os.rename(old, built)
        except OSError:
            return old
    return built


def _stop_workers() -> None:
    """Stop every worker process at once (forked ones first: they hold the others' pipes)."""
    forked.stop_workers()
    fresh.stop_workers()


def _writing(error: OSError, staging: Path) -> bool:
    """Whether ``error``, raised while MkDocs built, came from writing the site (rather than
    reading something, which MkDocs' own message names)."""
    return (
        error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG)
        or not error.filename
        or str(error.filename).startswith(str(staging))
    )


def _report(error: BaseException, target: Path, published: bool, writing: bool) -> int | None:
    """Say why the build stopped; its exit status, or None if ``error`` is not one of ours."""
    kept = f"The previous site in {target.name} is unchanged." if target.exists() else "No site was written."
    if isinstance(error, KeyboardInterrupt):  # Ctrl-C, or SIGTERM (as the command line raises it)
        if published:
            print(
                f"Stopped: the build was interrupted as it finished. {target.name} holds the new site.", file=sys.stderr
            )
        else:
            print(f"Stopped: the build was interrupted. {kept}", file=sys.stderr)
        return getattr(error, "exit_status", 130)
    if isinstance(error, (Abort, PluginError)):
        if isinstance(error, PluginError):
            print(str(error), file=sys.stderr)
        print(f"Build failed. {kept}", file=sys.stderr)
        return 1
    if isinstance(error, OSError) and not published:
        if not writing:
            print(f"Build failed: {error}. {kept}", file=sys.stderr)
            return 1
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            advice = f"Free some space on the disk that holds {target.parent}"
        else:
            advice = f"Check you can write to {target.parent}"
        reason = error.strerror or str(error)
        print(f"{target.name} could not be replaced: {reason}. {advice}, then build again. {kept}", file=sys.stderr)
        return 1
    return None


def build_site(config_file: Path, strict: bool = False, site_dir: Path | None = None) -> int:
    """Validate content and build the site; return 0 on success, 1 if anything failed, and
    130 if interrupted by Ctrl-C (or the interruption's ``exit_status``, such as 143 for the
    SIGTERM the command line turns into an interruption).

    ``site_dir`` overrides the configuration's output folder (``site-build/``). Whatever
    happens, the folder holds either the previous site or the new one, whole; no worker
    process outlives the build, and no staging folder is left behind.
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
    staging, building, published = None, False, False
    try:
        _clear_leftovers(target)
        with _signals_held():  # (so that it is known, to be removed, as soon as it is made)
            staging = _new_staging(target)
        config.site_dir = str(staging)
        # As `mkdocs build` does: plugins that keep state between builds (MkDocs keeps one
        # instance of each for the whole process) learn that a new, one-off build starts.
        config.plugins.on_startup(command="build", dirty=False)
        building = True
        try:
            mkdocs_build.build(config)
        except Exception:  # MkDocs has told the plugins (build_error): they stop their workers
            raise
        except BaseException as error:  # Ctrl-C or SIGTERM, which MkDocs tells no plugin of
            with _signals_held(drop=True):
                _stop_workers()
                # MkDocs types the error an Exception; the plugins told here take any interruption
                config.plugins.on_build_error(error=error)  # type: ignore[arg-type]
            raise
        finally:
            config.plugins.on_shutdown()
        building = False
        with _signals_held():
            previous = _swap_in(staging, target)
            published = True
        pages = sum(1 for _ in target.rglob("*.html"))
        print(f"Built {pages} pages into {target} in {time.monotonic() - started:.1f} s.")
        if previous is not None:
            _say_if_left(previous, _delete(previous), f"The previous site, set aside as {previous.name},", target)
        _OURS.discard(_key(staging))
        return 0
    except BaseException as error:
        with _signals_held(drop=True):  # stopping already
            _stop_workers()
            if staging is not None:  # (after the swap: the previous site, if it is still there)
                _remove(staging)
            writing = not building or (isinstance(error, OSError) and staging is not None and _writing(error, staging))
            status = _report(error, target, published, writing)
        if status is None:
            raise
        return status


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
