"""Render pages' theme templates in forked workers while MkDocs renders the rest here.

Filling Material's templates (navigation, header, footer) for every page is the longest
single step of a large build, and MkDocs does it on one core. Once every page's Markdown is
rendered, a worker forked from the build (so it holds the pages, navigation and templates
already) renders pages from the end of the list while MkDocs goes on from the start; each
page is claimed once, under a lock, so neither side waits while pages remain. Workers write
their pages themselves; here, MkDocs still runs every page's plugin events (so Material's
search indexes every page, in order, in this process) but fills an empty template for the
workers' pages, and writes nothing for them.

How the two sides agree: every page's template is a one-line dispatcher
(``{% extends strategies_layout %}``); the plugin's first page-context hook sets
``strategies_layout`` to the page's real template, or to an empty one where a worker has the
page. A page that fails in a worker fails the build (MkDocs logs which page, and why), as
does a worker that dies; warnings logged there count in strict mode.

Used for one-off builds of a few hundred pages or more (the ``speed`` settings, speed.py), with
a core to spare, when forking is safe and every plugin is one whose page events are known to
keep nothing the build needs afterwards (search, which workers skip, and this project's own).
It saves 8.7 s of the warm medium build (42.2 s without it, 33.5 s with it: speed.py says how
this was measured).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from strategies.workers import forked, fresh

log = logging.getLogger("mkdocs.plugins.strategies")

PAGES_PER_WORKER = 250  # then the worker ends, and this process forks a fresh one
MIN_PAGES_TO_FORK = 20  # fewer pages left than this: this process renders them
DISPATCH = "strategies/layout.html"
ELSEWHERE = "strategies/rendered-elsewhere.html"
LAYOUT = "strategies_layout"  # the context variable the dispatcher extends
_SKIPPED_MESSAGE = "Generated empty output."  # what MkDocs logs for a page it does not write


class SharedRendering:
    """The pages of one build, shared between this process and forked workers, one at a
    time. Each worker renders at most ``PAGES_PER_WORKER`` pages (and ends sooner if this
    process renders as many meanwhile); this process then forks the next. A forked worker
    and this process each come to hold their own copy of every page of memory either changes
    (reference counts change as objects are merely read); a short-lived worker's copies go
    when it ends."""

    def __init__(self, config, nav, env, files):
        self.config, self.nav, self.env, self.files = config, nav, env, files
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.pages = [file.page for file in self.doc_files]
        self.index = {page.file.src_uri: number for number, page in enumerate(self.pages)}
        self.layouts = [page.meta.get("template", "main.html") for page in self.pages]
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        # [next page from the front (this process), first page a worker has claimed,
        #  warnings the workers logged]; and whether a worker wrote each page.
        self._state = context.RawArray("l", [0, len(self.pages), 0])
        self._written = context.RawArray("b", len(self.pages))
        self._pid = 0
        self._result_fd = -1
        self._error = ""  # what stopped a worker
        self.workers = 0  # how many were forked
        self.in_worker = False

    # -- both processes ---------------------------------------------------------------

    def layout(self, page) -> str:
        """The template to render ``page`` with: its own, or an empty one where a worker
        renders it. In this process, claims the page from the front."""
        number = self.index.get(page.file.src_uri)
        if number is None:
            return page.meta.get("template", "main.html")
        if not self.in_worker:
            with self._lock:
                if number >= self._state[1]:  # a worker has it
                    return ELSEWHERE
                self._state[0] = max(self._state[0], number + 1)
        return self.layouts[number]

    def claimed(self) -> int:
        """How many pages either side has taken on so far (for the progress bar)."""
        return self._state[0] + len(self.pages) - self._state[1]

    # -- this process -------------------------------------------------------------------

    def start(self) -> bool:
        """Prepare the pages and fork the first worker; False if the system would not fork."""
        self.env.loader = ChoiceLoader(
            [DictLoader({DISPATCH: "{% extends " + LAYOUT + " %}", ELSEWHERE: ""}), self.env.loader]
        )
        for page in self.pages:
            page.meta["template"] = DISPATCH
        logging.getLogger("mkdocs.commands.build").addFilter(_quiet_skipped_pages)
        gc.freeze()  # workers' garbage collectors leave the objects they share with us alone
        if not self._fork():
            self._restore()
            return False
        return True

    def _fork(self, rendering=None) -> bool:
        """Fork a worker; ``rendering`` is the page this process is in the middle of."""
        read, write = os.pipe()
        try:
            pid = forked.fork_worker()  # ignores Ctrl-C, ends with this process
        except OSError:
            os.close(read)
            os.close(write)
            return False
        if pid == 0:  # the worker
            os.close(read)
            if rendering is not None:  # not the worker's page: the navigation must not show it open
                rendering.active = False
            self._work(write)  # never returns
        os.close(write)
        self._pid, self._result_fd = pid, read
        self.workers += 1
        return True

    def poll(self, rendering) -> None:
        """As this process finishes a page (``rendering``): when the worker has ended, fork
        the next, if pages enough are left and no worker has failed."""
        if self._pid and os.waitpid(self._pid, os.WNOHANG)[0]:
            self._collect()
            with self._lock:
                left = self._state[1] - self._state[0]
            if left >= MIN_PAGES_TO_FORK and not self._error:
                self._fork(rendering)

    def _collect(self) -> None:
        """The ended worker's error, if any (it is reaped already)."""
        with os.fdopen(self._result_fd, "rb") as result:
            error = result.read()
        self._pid = 0
        if error and not self._error:
            self._error = pickle.loads(error)

    def finish(self) -> None:
        """Wait for the last worker; raise a PluginError if the workers did not render every
        page they claimed."""
        if self._pid:
            os.waitpid(self._pid, 0)
            self._collect()
        gc.unfreeze()
        self._restore()
        if self._state[2]:
            log.warning(f"{self._state[2]} of the messages above came from pages rendered in a second process.")
        if self._error:  # MkDocs has logged which page failed (above)
            raise PluginError(f"The build stopped: a page rendered by a second process failed ({self._error}).")
        if not all(self._written[self._state[1] :]):
            raise PluginError(
                "The second process rendering pages stopped unexpectedly (out of memory?). "
                "Build again; if it happens every time, report it."
            )

    def stop(self) -> None:
        """The build failed: stop the worker at once."""
        if self._pid:
            forked.end_worker(self._pid)
            os.close(self._result_fd)
            self._pid = 0
        gc.unfreeze()
        self._restore()

    def _restore(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(_quiet_skipped_pages)
        for page, layout in zip(self.pages, self.layouts):
            if page.meta.get("template") == DISPATCH:
                if layout == "main.html":
                    page.meta.pop("template")
                else:
                    page.meta["template"] = layout

    # -- a worker -----------------------------------------------------------------------

    def _work(self, result_fd: int) -> None:
        self.in_worker = True
        status, error = 0, b""
        try:
            logging.getLogger("mkdocs").addHandler(WarningCounter(self._state))
            with _search_left_alone(self.config):
                front_at_start = self._state[0]
                for _ in range(PAGES_PER_WORKER):
                    with self._lock:
                        number = self._state[1] - 1
                        # Done, or this process has rendered as many meanwhile (on a slow disk,
                        # say): the longer a worker lives, the more memory the two hold twice.
                        if number < self._state[0] or self._state[0] - front_at_start >= PAGES_PER_WORKER:
                            break
                        self._state[1] = number
                    page = self.pages[number]
                    mkdocs_build._build_page(page, self.config, self.doc_files, self.nav, self.env)
                    self._written[number] = 1
        except BaseException as failure:
            status = 1
            error = pickle.dumps(f"{type(failure).__name__}: {failure}")
        finally:
            try:
                os.write(result_fd, error)
                os.close(result_fd)
            finally:
                os._exit(status)  # nothing of this process's copy of the build is freed


class _search_left_alone:
    """While rendering pages whose search entries the main process makes, give Material's
    search plugin an index that takes nothing (the real one is kept, not freed: in the
    worker, freeing it could wait on a lock held by a thread that was not forked)."""

    def __init__(self, config):
        self.config, self.kept = config, []

    def __enter__(self):
        for plugin in _search_plugins(self.config):
            self.kept.append((plugin, plugin.search_index))
            plugin.search_index = _NoIndex()
        return self

    def __exit__(self, *exc):
        for plugin, index in self.kept:
            plugin.search_index = index
        return False


class _NoIndex:
    def add_entry_from_context(self, page) -> None:
        pass


def _search_plugins(config) -> list:
    from material.plugins.search.plugin import SearchPlugin

    return [plugin for plugin in config.plugins.values() if isinstance(plugin, SearchPlugin)]


class WarningCounter(logging.Handler):
    """Counts the warnings a worker logs, in shared memory, so that they count in strict mode."""

    def __init__(self, state):
        super().__init__(logging.WARNING)
        self.state = state

    def emit(self, record) -> None:
        self.state[2] += 1


def _quiet_skipped_pages(record) -> bool:
    return not (record.levelno == logging.INFO and record.getMessage().endswith(_SKIPPED_MESSAGE))


def worth_sharing(config, files, own_type: type, from_pages: int) -> bool:
    """Whether rendering ``files``' pages with a forked worker pays and is safe: ``from_pages``
    pages or more (the ``speed`` setting, speed.py), a core to spare, no threads but our own, and only plugins known to keep nothing
    from page events that the build needs afterwards (``own_type`` is this project's)."""
    from material.plugins.search.plugin import SearchPlugin

    return (
        len(files.documentation_pages(inclusion=InclusionLevel.is_included)) >= from_pages
        and forked.usable_cores() >= 2
        and hasattr(os, "fork")
        and hasattr(mkdocs_build, "_build_page")
        and all(isinstance(plugin, (SearchPlugin, own_type)) for plugin in config.plugins.values())
        and forked.can_fork(ignore=fresh.OWN_THREADS)
    )
