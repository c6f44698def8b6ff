"""Index pages for Material's search in a worker process while MkDocs renders the next ones.

Material's search plugin reads every page's HTML with Python's ``html.parser``: on a site of
two thousand pages that was a third of the build, done on one core while the other sat idle.
:func:`index_in_parallel` gives the search plugin an index that sends each page's HTML to a
worker process (a fresh one: see workers/fresh.py) as soon as its Markdown is rendered;
the worker divides it into sections as Material's own parser would, only faster
(search_sections.py). When Material indexes the page, the index takes its sections, checking
the HTML is still the same, and Material's code makes the entries in the main process, in page
order, so the index is the same as before (``tests/adapter/test_parallel_search.py`` compares the two,
and ``tests/adapter/test_search_sections.py`` the sections with those of Material's parser).

Small sites and machines with one core keep Material's index unchanged: below a few hundred
pages (the ``speed`` settings, speed.py) a worker costs more than it saves. It saves 13.2 s of
the warm medium build (46.7 s without it, 33.5 s with it: speed.py says how this was measured).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future
from itertools import cycle
from typing import TYPE_CHECKING

from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.exceptions import PluginError

from strategies.workers import forked
from strategies.workers.fresh import WorkerProcess, WorkerStopped

from . import search_sections

if TYPE_CHECKING:  # (not imported in the worker processes, which need no pages)
    from mkdocs.structure.pages import Page


def sections(html: str) -> list:
    """Material's division of a page into searchable sections (run in a worker), made by
    search_sections.py, which gives what Material's parser gives in a fraction of the time.
    Each section's pieces of title and text come joined, as Material joins them: fewer objects
    to send back and to hold until the page is indexed."""
    return search_sections.sections(html)


class ParallelSearchIndex(SearchIndex):
    """Material's search index, with each page's HTML parsed in a worker process."""

    def __init__(self, index: SearchIndex, workers: int):
        super().__init__(**index.config)
        self.entries = index.entries
        self._workers = [WorkerProcess(f"{__name__}:sections") for _ in range(workers)]
        self._next = cycle(self._workers)
        self._pending: deque[tuple[Page, Future]] = deque()
        self._early: dict[str, tuple[str, Future]] = {}  # page -> the HTML sent, its sections
        self._rendered_elsewhere: set[str] = set()

    def prepare(self, page, html: str) -> None:
        """Start reading a page's HTML as soon as it is made (MkDocs renders every page's
        Markdown before it renders any page's template, when Material indexes it)."""
        if self._workers and not (page.meta.get("search") or {}).get("exclude"):
            self._early[page.file.src_uri] = (html, next(self._next).submit(html))

    def rendered_elsewhere(self, page) -> None:
        """Another process renders the page's template (parallel_render.py): once the page is
        indexed, its HTML is not needed here, and Material's search plugin, which then strips
        attributes from it, need not read it (0.45 s per thousand pages at medium)."""
        self._rendered_elsewhere.add(page.file.src_uri)

    def add_entry_from_context(self, page):
        self._add_entry(page)
        if page.file.src_uri in self._rendered_elsewhere:
            self._rendered_elsewhere.discard(page.file.src_uri)
            page.content = ""

    def _add_entry(self, page):
        if (page.meta.get("search") or {}).get("exclude"):
            return
        if not self._workers:  # closed after a failure: Material's way, here
            return super().add_entry_from_context(page)
        html, parsed = self._early.pop(page.file.src_uri, (None, None))
        if parsed is None or html != page.content:  # changed since (by another plugin, say)
            parsed = next(self._next).submit(page.content)
        self._pending.append((page, parsed))
        self._add_parsed(wait=False)

    def _add_parsed(self, wait: bool) -> None:
        """Make entries for parsed pages, in page order, so results do not pile up."""
        while self._pending and (wait or self._pending[0][1].done()):
            page, parsed = self._pending.popleft()
            try:
                found = parsed.result()
            except WorkerStopped:  # e.g. a worker killed for lack of memory
                self.close()
                raise PluginError(
                    "The search index's worker process stopped unexpectedly. Build "
                    "again; if it happens every time, report it."
                ) from None
            for section in found:
                self.create_entry_for_section(section, page.toc, page.url, page)

    def close(self) -> None:
        """Stop the workers (after the last page, or when the build fails)."""
        for worker in self._workers:
            worker.close()
        self._workers, self._early = [], {}

    def generate_search_index(self, prev):
        self._add_parsed(wait=True)
        self.close()
        return super().generate_search_index(prev)


def index_in_parallel(plugins, pages: int, from_pages: int) -> ParallelSearchIndex | None:
    """Give Material's search plugin (if used) a parallel index when ``pages`` reaches
    ``from_pages`` (the ``speed`` setting, speed.py) and there is a core to spare, and return it."""
    search = next((plugin for plugin in plugins.values() if isinstance(plugin, SearchPlugin)), None)
    index = getattr(search, "search_index", None)
    if search is None or type(index) is not SearchIndex or pages < from_pages:
        return None
    workers = forked.usable_cores() - 1  # this process goes on rendering
    if workers < 1:
        return None
    search.search_index = ParallelSearchIndex(index, workers)
    return search.search_index
