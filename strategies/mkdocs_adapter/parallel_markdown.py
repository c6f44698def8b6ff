"""Render pages' Markdown in a forked worker while MkDocs renders the rest here.

MkDocs reads and renders every page's Markdown (Python-Markdown, the contents list, link
checks) on one core before it fills any template; at the medium benchmark that took 3.8 s, and
the other core had only Material's search worker to run. Once the navigation is settled, a
worker forked from the build renders pages' Markdown from the end of the list while MkDocs
goes on from the start; each page is claimed once, under a lock. When MkDocs reaches the
worker's first page, the worker has finished: what it made of each page (its Markdown and
front matter, HTML, contents list, title, anchors and links to anchors) is put on the page,
and MkDocs' own reading and rendering of it do nothing. Every plugin event still runs here,
in order (so search and this project's plugin see every page as before).

The worker also cleans the HTML it made, as the plugin's page_content event would (the
sanitiser, pages/sanitise.py), so that this process, which runs every page's events, has
less to do. A worker that fails, or dies, costs only time: the pages it did not finish are rendered here.
Warnings it logged (a broken link, say) count in strict mode, as parallel_render.py counts
those of its workers. Used where parallel_render.py is (one-off builds of a few hundred
pages, a core to spare, known plugins only: parallel_render.worth_sharing).
``tests/adapter/test_parallel_render.py`` compares sites built with and without it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import tempfile

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from strategies.workers import forked

from .parallel_render import WarningCounter

log = logging.getLogger("mkdocs.plugins.strategies")

# What rendering a page's Markdown leaves on it (besides links_to_anchors, by file).
_MADE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")


class SharedMarkdown:
    """The pages of one build whose Markdown this process and one forked worker render."""

    def __init__(self, config, files, clean=None):
        self.config, self.files = config, files
        self.clean = clean  # clean(html, page): what the page_content event would clean, done there
        self.pages = []
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            if file.page is None:  # (a page outside the navigation: made as MkDocs' build makes it)
                Page(None, file, config)
            self.pages.append(file.page)
        self.index = {page.file.src_uri: number for number, page in enumerate(self.pages)}
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        # [next page from the front (this process), first page the worker has claimed,
        #  warnings the worker logged]
        self._state = context.RawArray("l", [0, len(self.pages), 0])
        self._results = None  # page number -> what the worker made of it, once it has ended
        self._output = None  # where the worker leaves them (an unnamed file both processes hold)
        self._pid = 0
        self.in_worker = False

    def start(self) -> bool:
        """Fork the worker; False if the system would not fork."""
        # held open across the fork, by both processes; _collect or stop closes it
        self._output = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            pid = forked.fork_worker()  # ignores Ctrl-C, ends with this process
        except OSError:
            self._output.close()
            return False
        if pid == 0:
            self._work()  # never returns
        self._pid = pid
        return True

    # -- this process -------------------------------------------------------------------

    def take(self, page) -> None:
        """Before MkDocs reads ``page``: claim it from the front, or, if the worker has it,
        put what the worker made of it on the page (waiting for the worker to end)."""
        number = self.index.get(page.file.src_uri)
        if number is None or self.in_worker:
            return
        with self._lock:
            if number < self._state[1]:
                self._state[0] = max(self._state[0], number + 1)
                return
        made = self._collect().get(number)
        if made is not None:
            _install(page, made, self.files)

    def _collect(self) -> dict:
        if self._results is None:
            self._results = {}
            if self._pid:
                os.waitpid(self._pid, 0)
                self._pid = 0
            try:
                self._output.seek(0)
                self._results = pickle.load(self._output)
            except Exception:
                self._results = {}
            self._output.close()
        return self._results

    def finish(self) -> None:
        """Every page's Markdown is rendered: end the worker if it still runs (it had no page
        this process needed), and count its warnings."""
        self.stop()
        if self._state[2]:
            log.warning(
                f"{self._state[2]} of the messages above came from pages whose Markdown was "
                "rendered in a second process."
            )

    def stop(self) -> None:
        """The build is over, or failed: the worker goes."""
        if self._pid:
            forked.end_worker(self._pid)
            self._pid = 0
        if self._output is not None and not self._output.closed:
            self._output.close()

    # -- the worker ---------------------------------------------------------------------

    def _work(self) -> None:
        self.in_worker = True
        made, status = {}, 0
        try:
            logging.getLogger("mkdocs").addHandler(WarningCounter(self._state))
            while True:
                with self._lock:
                    number = self._state[1] - 1
                    if number < self._state[0]:
                        break
                    self._state[1] = number
                made[number] = self._render(self.pages[number])
        except BaseException:
            status = 1
        finally:
            try:
                pickle.dump(made, self._output, protocol=pickle.HIGHEST_PROTOCOL)
                self._output.flush()
            finally:
                os._exit(status)  # nothing of this process's copy of the build is freed

    def _render(self, page) -> dict:
        """What MkDocs' _populate_page does up to the page_content event, and what it made."""
        config, files = self.config, self.files
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            if self.clean is not None:
                page.content = self.clean(page.content, page)
        finally:
            config._current_page = None
        result = {name: getattr(page, name) for name in _MADE}
        result["cleaned"] = self.clean is not None
        links = getattr(page, "links_to_anchors", None)
        result["links_to_anchors"] = None if links is None else {file.src_uri: found for file, found in links.items()}
        return result


def _install(page, made: dict, files) -> None:
    """Let MkDocs' reading and rendering of ``page`` give what the worker made of it."""

    def read_source(config) -> None:
        page.markdown, page.meta = made["markdown"], made["meta"]
        del page.read_source

    def render(config, files_) -> None:
        for name in _MADE[2:]:
            setattr(page, name, made[name])
        links = made["links_to_anchors"]
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(path): found for path, found in links.items()}
        if made["cleaned"]:
            page._strategies_cleaned = True  # until its page_content event asks
        del page.render

    page.read_source, page.render = read_source, render


def cleaned_elsewhere(page) -> bool:
    """Whether the worker has cleaned the HTML of ``page`` already (asked once, at its
    page_content event)."""
    return bool(vars(page).pop("_strategies_cleaned", False))
