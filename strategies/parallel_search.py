"""Index pages for Material's search in a worker process while MkDocs renders the next ones.

Material's search plugin reads every page's HTML with Python's ``html.parser``: on a site of
two thousand pages that was a third of the build, done on one core while the other sat idle.
:func:`index_in_parallel` gives the search plugin an index that sends each page's HTML to a
pool of worker processes, which divide it into sections with Material's own parser, and
collects the sections in page order just before Material writes ``search_index.json``. The
entries are made by Material's code in the main process, so the index is the same as before
(``tests/test_parallel_search.py`` compares the two).

Small sites, and machines with one core, keep Material's index unchanged: starting workers
costs more than it saves below a few hundred pages.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from material.plugins.search.plugin import Parser, SearchIndex, SearchPlugin
from mkdocs.exceptions import PluginError

PARALLEL_FROM_PAGES = 300  # below this, workers cost more to start than they save


def usable_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def sections(html: str) -> list:
    """Material's division of a page into searchable sections (run in a worker)."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [section for section in parser.data if not section.is_excluded()]


class ParallelSearchIndex(SearchIndex):
    """Material's search index, with each page's HTML parsed in a worker process."""

    def __init__(self, index: SearchIndex, workers: int):
        super().__init__(**index.config)
        self.entries = index.entries
        # "spawn": a fresh interpreter, safe beside the threads `mkdocs serve` runs.
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        self._pending: deque[tuple[object, Future]] = deque()

    def add_entry_from_context(self, page):
        if (page.meta.get("search") or {}).get("exclude"):
            return
        if self._pool is None:  # closed after a failure: Material's way, here
            return super().add_entry_from_context(page)
        self._pending.append((page, self._pool.submit(sections, page.content)))
        self._add_parsed(wait=False)

    def _add_parsed(self, wait: bool) -> None:
        """Make entries for parsed pages, in page order, so results do not pile up."""
        while self._pending and (wait or self._pending[0][1].done()):
            page, parsed = self._pending.popleft()
            try:
                found = parsed.result()
            except BrokenProcessPool:  # e.g. a worker killed for lack of memory
                self.close()
                raise PluginError("The search index's worker process stopped unexpectedly. Build "
                                  "again; if it happens every time, report it.") from None
            for section in found:
                self.create_entry_for_section(section, page.toc, page.url, page)

    def close(self) -> None:
        """Stop the workers (after the last page, or when the build fails)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def generate_search_index(self, prev):
        self._add_parsed(wait=True)
        self.close()
        return super().generate_search_index(prev)


def index_in_parallel(plugins, pages: int) -> ParallelSearchIndex | None:
    """Give Material's search plugin (if used) a parallel index when ``pages`` is large enough
    and there is a core to spare, and return it."""
    search = next((plugin for plugin in plugins.values() if isinstance(plugin, SearchPlugin)), None)
    index = getattr(search, "search_index", None)
    workers = usable_cores() - 1  # the main process goes on rendering pages
    if type(index) is not SearchIndex or pages < PARALLEL_FROM_PAGES or workers < 1:
        return None
    search.search_index = ParallelSearchIndex(index, workers)
    return search.search_index
