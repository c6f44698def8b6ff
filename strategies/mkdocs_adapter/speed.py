"""Which speed-ups a build uses, and the one place the plugin starts, feeds and ends them.

plugin.py makes the pages and hands them to MkDocs; at the build's events it calls a
:class:`SpeedUps`, and nothing else of the speed code. Each speed-up gives the site the build
makes without it, byte for byte (tests/adapter/test_parallel_render.py and
test_parallel_search.py compare them), and each pays its way. Building the medium benchmark
project (1,914 pages, its 760 charts in the cache) on this project's two-core machine, four
rounds of builds each way in turn (benchmarks/speedups.py): 33.5 s with both (30.5 to 38.3),
42.2 s without parallel_render, 46.7 s without parallel_search, 53.4 s with neither
(STRATEGIES_SPEED=off).

- :mod:`.parallel_render`: pages' theme templates filled by forked workers too;
- :mod:`.parallel_search`: pages read for Material's search by a worker process
  (with :mod:`.search_sections`, Material's reading made cheaper).

Measured the same way (seven rounds, 31.5 s with every speed-up) and removed in issue 27, each
saving under 5%: pages' Markdown rendered by a forked worker too (0.4 s, and it needed MkDocs'
private page-building functions), charts and downloads written by a worker (1.3 s), closed
navigation branches drawn once per folder (none: 0.7 s faster without it).

The settings, under the plugin's ``speed`` in mkdocs.yml::

    plugins:
      - strategies:
          speed:
            enabled: false         # both off: the build as MkDocs alone makes it
            share_from_pages: 300  # workers render pages and read them for search from this many pages

Below that size a worker costs more to start than it saves. The environment variable
``STRATEGIES_SPEED`` overrides the settings for one run: ``off`` (both off) or ``always``
(both, whatever the size: the tests of the speed code build the shipped site this way).
"""

from __future__ import annotations

import os

from mkdocs.config import config_options
from mkdocs.config.base import Config

from . import parallel_render, parallel_search

ENVIRONMENT = "STRATEGIES_SPEED"  # off | always


class SpeedConfig(Config):
    """The plugin's ``speed`` settings (see the module's docstring)."""

    enabled = config_options.Type(bool, default=True)
    share_from_pages = config_options.Type(int, default=300)


class SpeedUps:
    """The speed-ups of one build: started, fed and ended at the plugin's events."""

    def __init__(self, settings: SpeedConfig, one_off: bool, own_type: type):
        """``one_off``: a build, not one of `serve`'s rebuilds (which re-render only what
        changed, and use no workers); ``own_type``: the project's plugin class."""
        override = os.environ.get(ENVIRONMENT, "").strip().lower()
        self.enabled = settings.enabled and override != "off"
        self.share_from = 0 if override == "always" else settings.share_from_pages
        self.one_off = one_off
        self.own_type = own_type
        self.search_index: parallel_search.ParallelSearchIndex | None = None
        self.rendering: parallel_render.SharedRendering | None = None

    def files_ready(self, plugins, pages: int) -> None:
        """The files are settled, ``pages`` of them to render: on a large site, Material's
        search reads each page's HTML in a worker."""
        self.search_index = None
        if self.enabled:
            self.search_index = parallel_search.index_in_parallel(plugins, pages, self.share_from)

    def page_made(self, page, html: str) -> None:
        """A page's HTML is final: search's worker may start reading it."""
        if self.search_index is not None:
            self.search_index.prepare(page, html)

    def templates_ready(self, env, config, nav, files) -> None:
        """Every page's Markdown is rendered and the theme's templates are about to be filled:
        on a large site, forked workers fill them too."""
        self.rendering = None
        if (
            self.enabled
            and self.one_off
            and parallel_render.worth_sharing(config, files, self.own_type, self.share_from)
        ):
            self.rendering = parallel_render.SharedRendering(config, nav, env, files)
            if not self.rendering.start():  # (the worker starts with self.rendering set)
                self.rendering = None

    def choose_layout(self, context, page) -> None:
        """Set the template ``page`` is filled with here: its own, or none where a worker has it."""
        if self.rendering is not None:
            context[parallel_render.LAYOUT] = self.rendering.layout(page)
            if self.rendered_elsewhere(context) and self.search_index is not None:
                self.search_index.rendered_elsewhere(page)

    @staticmethod
    def rendered_elsewhere(context) -> bool:
        """Whether a worker fills this page's template (this process fills an empty one)."""
        return context.get(parallel_render.LAYOUT) == parallel_render.ELSEWHERE

    def page_written(self, page, progress) -> None:
        """A page is done here: move the progress bar (by the pages workers did too)."""
        if self.rendering is None:
            progress.advance()
        elif not self.rendering.in_worker:  # the worker draws no progress bar of its own
            self.rendering.poll(page)
            progress.update(self.rendering.claimed())

    def build_done(self) -> None:
        """Every page is rendered: wait for the template workers."""
        if self.rendering is not None:
            self.rendering.finish()
            self.rendering = None

    def stop(self) -> None:
        """The build failed: stop every worker."""
        if self.rendering is not None:
            self.rendering.stop()
            self.rendering = None
        if self.search_index is not None:
            self.search_index.close()
