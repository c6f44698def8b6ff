"""Render pages' theme templates in a second process while MkDocs renders the rest here.

Filling Material's templates (navigation, header, footer) for every page is the longest
single step of a large build, and MkDocs does it on one core. Once every page's Markdown is
rendered, :func:`start` forks a worker that inherits the whole build (pages, navigation,
templates) and renders pages from the end of the list while MkDocs goes on from the start;
each page is claimed once, under a lock, so neither side waits while pages remain. The
worker writes its pages itself; here, MkDocs still runs every page's plugin events (so
Material's search indexes every page in this process) but fills an empty template for the
worker's pages, and writes nothing for them.

How the two sides agree: every page's template is a one-line dispatcher
(``{% extends strategies_layout %}``); the plugin's first page-context hook sets
``strategies_layout`` to the page's real template, or to an empty one where the worker has
the page. If the worker fails (a page's template raises an error, or the process dies),
this process renders the pages it left, so the error, if any, is raised here, as MkDocs
would raise it.

Used for one-off builds of a few hundred pages or more, with a core to spare, when forking
is safe and every plugin is one whose page events are known to keep nothing the build needs
afterwards (search, which the worker skips, and this project's own).
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

from . import parallel

log = logging.getLogger("mkdocs.plugins.strategies")

SHARE_FROM_PAGES = 300  # below this, forking costs more than it saves
DISPATCH = "strategies/layout.html"
ELSEWHERE = "strategies/rendered-elsewhere.html"
LAYOUT = "strategies_layout"  # the context variable the dispatcher extends
_SKIPPED_MESSAGE = "Generated empty output."  # what MkDocs logs for a page it does not write


class SharedRendering:
    """The pages of one build, shared between this process and one forked worker."""

    def __init__(self, config, nav, env, files):
        self.config, self.nav, self.env, self.files = config, nav, env, files
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.pages = [file.page for file in self.doc_files]
        self.index = {page.file.src_uri: number for number, page in enumerate(self.pages)}
        self.layouts = [page.meta.get("template", "main.html") for page in self.pages]
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        # [next page from the front (this process), first page the worker has claimed,
        #  warnings the worker logged]; and whether the worker wrote each page.
        self._state = context.RawArray("l", [0, len(self.pages), 0])
        self._written = context.RawArray("b", len(self.pages))
        self._pid = 0
        self._result_fd = -1
        self.in_worker = False

    # -- both processes ---------------------------------------------------------------

    def layout(self, page) -> str:
        """The template to render ``page`` with: its own, or an empty one where the other
        process renders it. In this process, claims the page from the front."""
        number = self.index.get(page.file.src_uri)
        if number is None:
            return page.meta.get("template", "main.html")
        if not self.in_worker:
            with self._lock:
                if number >= self._state[1]:  # the worker has it
                    return ELSEWHERE
                self._state[0] = max(self._state[0], number + 1)
        return self.layouts[number]

    def claimed(self) -> int:
        """How many pages either process has taken on so far (for the progress bar)."""
        return self._state[0] + len(self.pages) - self._state[1]

    # -- this process -------------------------------------------------------------------

    def fork(self) -> bool:
        """Start the worker; False if the operating system would not."""
        self.env.loader = ChoiceLoader([DictLoader({DISPATCH: "{% extends " + LAYOUT + " %}", ELSEWHERE: ""}),
                                        self.env.loader])
        for page in self.pages:
            page.meta["template"] = DISPATCH
        logging.getLogger("mkdocs.commands.build").addFilter(_quiet_skipped_pages)
        read, write = os.pipe()
        gc.freeze()  # the worker's garbage collector leaves the pages it shares with us alone
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read)
            os.close(write)
            self._restore()
            return False
        if pid == 0:  # the worker
            os.close(read)
            self._work(write)  # never returns
        os.close(write)
        self._pid, self._result_fd = pid, read
        return True

    def finish(self) -> None:
        """Wait for the worker; raise a PluginError if it did not render all its pages."""
        if not self._pid:
            return
        with os.fdopen(self._result_fd, "rb") as result:
            error = result.read()
        os.waitpid(self._pid, 0)
        self._pid = 0
        gc.unfreeze()
        self._restore()
        if self._state[2]:
            log.warning(f"{self._state[2]} of the messages above came from pages rendered in a second process.")
        if error:  # MkDocs has logged which page failed (above)
            raise PluginError(f"The build stopped: a page rendered by a second process failed "
                              f"({pickle.loads(error)}).")
        if not all(self._written[self._state[1]:]):
            raise PluginError("The second process rendering pages stopped unexpectedly (out of memory?). "
                              "Build again; if it happens every time, report it.")

    def stop(self) -> None:
        """The build failed: stop the worker at once."""
        if self._pid:
            try:
                os.kill(self._pid, 9)
                os.waitpid(self._pid, 0)
            except OSError:
                pass
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

    # -- the worker ---------------------------------------------------------------------

    def _work(self, result_fd: int) -> None:
        self.in_worker = True
        status, error = 0, b""
        try:
            logging.getLogger("mkdocs").addHandler(_WarningCounter(self._state))
            with _search_left_alone(self.config):
                while True:
                    with self._lock:
                        number = self._state[1] - 1
                        if number < self._state[0]:
                            break
                        self._state[1] = number
                    page = self.pages[number]
                    mkdocs_build._build_page(page, self.config, self.doc_files, self.nav, self.env)
                    self._written[number] = 1
        except BaseException as failure:  # noqa: BLE001 - reported to the other process
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


class _WarningCounter(logging.Handler):
    def __init__(self, state):
        super().__init__(logging.WARNING)
        self.state = state

    def emit(self, record) -> None:
        self.state[2] += 1


def _quiet_skipped_pages(record) -> bool:
    return not (record.levelno == logging.INFO and record.getMessage().endswith(_SKIPPED_MESSAGE))


def worth_sharing(config, files, own_type: type) -> bool:
    """Whether rendering ``files``' pages with a forked worker pays and is safe: a few hundred
    pages, a core to spare, no threads but our own, and only plugins known to keep nothing
    from page events that the build needs afterwards (``own_type`` is this project's)."""
    from material.plugins.search.plugin import SearchPlugin

    return (len(files.documentation_pages(inclusion=InclusionLevel.is_included)) >= SHARE_FROM_PAGES
            and parallel.usable_cores() >= 2 and hasattr(os, "fork") and hasattr(mkdocs_build, "_build_page")
            and all(isinstance(plugin, (SearchPlugin, own_type)) for plugin in config.plugins.values())
            and parallel.can_fork(ignore=parallel.OWN_THREADS))
