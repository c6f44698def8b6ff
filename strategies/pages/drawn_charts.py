"""Put each chart's SVG where the page generator published its drawing order: from the chart
cache, or drawn by matplotlib (drawing.py) in worker processes, and kept in the cache.

The generator publishes, at each chart's ``.svg`` path, the chart's order (charts.ORDER_MARK
and the order as canonical JSON), or nothing for a chart the page gives in words and a table.
:meth:`ChartDrawer.publish` returns the published files with each order replaced by its SVG
and the empty ones left out.

An order's SVG is kept on disk (workers/disk_cache.py) under a key made of the order's text
and :func:`drawing.fingerprint` (the drawing code, the afcharts style sheet, the versions of
matplotlib and afcharts): a chart whose numbers, labels and style are unchanged is never drawn
again, by ``build`` or ``serve``. Finding a chart needs neither matplotlib nor the order read:
a build whose charts are all in the cache imports no plotting library. Identical charts
(the same order at two paths) are drawn once.

Charts not in the cache are drawn a few to a job, shared between this process and workers
forked from it (workers/forked.py), each of which imports matplotlib once; a handful are drawn
here. In ``serve``, each chart's SVG is remembered for the session, so an unchanged chart is
the very same text after each save (the adapter then keeps its file as it was).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from strategies.workers.disk_cache import DiskCache
from strategies.workers.fingerprint import digest
from strategies.workers.forked import forked_map, usable_cores

from . import drawing
from .charts import ORDER_MARK

CHARTS_PER_JOB = 8
DRAW_HERE_BELOW = 24  # fewer charts than this to draw: here, not worth forking for


def _draw_job(job: list[tuple[str, str]], cache: DiskCache) -> list[str]:
    """Draw each (key, order text) of a job and keep it in the cache (in a worker, or here)."""
    drawn = []
    for key, text in job:
        svg = drawing.draw(json.loads(text[len(ORDER_MARK) :]))
        cache.put(key, svg)
        drawn.append(svg)
    return drawn


def is_chart_path(path: str) -> bool:
    return path.endswith(".svg") and "/charts/" in f"/{path}"


class ChartDrawer:
    """Draws, or finds in the cache at ``folder`` (None: no cache), the charts of one build, or
    of every build of a ``serve`` session (``remember``)."""

    def __init__(self, folder: Path | None, remember: bool = False):
        self.cache = DiskCache(folder, suffix=".svg")
        self.remember = remember
        self.style = drawing.fingerprint()
        self._known: dict[str, str] = {}  # order text -> SVG, for a serve session
        self.charts = self.drawn = self.from_cache = 0  # the last publish's counts

    def publish(self, files: dict[str, str], progress=None) -> dict[str, str]:
        """``files`` (published path -> text) with each chart's order replaced by its SVG,
        and the empty files of charts given in words left out."""
        result: dict[str, str] = {}
        wanted: dict[str, str] = {}  # key -> order text, for charts neither remembered nor cached
        waiting: dict[str, list[str]] = {}  # key -> the paths waiting for its SVG
        found: dict[str, str] = {}  # key -> SVG
        self.charts = self.drawn = self.from_cache = 0
        for path, text in files.items():
            if not is_chart_path(path) or not isinstance(text, str) or not text.startswith(ORDER_MARK):
                if not (is_chart_path(path) and isinstance(text, str) and not text.strip()):
                    result[path] = text
                continue
            self.charts += 1
            known = self._known.get(text)
            if known is not None:
                result[path] = known
                continue
            key = digest(self.style, text)
            if key not in found and key not in wanted:
                cached = self.cache.get(key)
                if cached is not None:
                    found[key] = cached
                    self.from_cache += 1
                else:
                    wanted[key] = text
            if key in found:
                result[path] = self._remember(text, found[key])
            else:
                result[path] = ""  # in its place until drawn
                waiting.setdefault(key, []).append(path)
        if wanted:
            for key, svg in self._draw(list(wanted.items()), progress):
                self.drawn += 1
                for path in waiting[key]:
                    result[path] = self._remember(wanted[key], svg)
        if self.remember and self.charts:
            drawing.prepare_soon()  # a serve session: ready for the first edit that changes a chart
        return result

    def _remember(self, text: str, svg: str) -> str:
        if self.remember:
            svg = self._known.setdefault(text, svg)
        return svg

    def _draw(self, todo: list[tuple[str, str]], progress):
        if progress is not None:
            progress.start("Drawing charts", len(todo))
        jobs = [todo[start : start + CHARTS_PER_JOB] for start in range(0, len(todo), CHARTS_PER_JOB)]
        made: Iterator[list[str]]
        if len(todo) < DRAW_HERE_BELOW or usable_cores() < 2:
            made = map(lambda job: _draw_job(job, self.cache), jobs)
        else:
            drawing.prepare()  # imported once, here: the forked workers start with it
            made = forked_map(lambda job: _draw_job(job, self.cache), jobs)
        for job, svgs in zip(jobs, made):
            for (key, _), svg in zip(job, svgs):
                self.cache.used.add(key)  # (kept by a worker, perhaps: still this build's)
                yield key, svg
            if progress is not None:
                progress.advance(len(job))
        if progress is not None:
            progress.finish()

    def tidy(self) -> int:
        """After a one-off build: drop cached charts no longer used, once they outnumber those
        in use (disk_cache.DiskCache.prune)."""
        return self.cache.prune()
