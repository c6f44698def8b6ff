"""Write the generated files (charts, downloads, feeds) in a forked process while MkDocs
renders the pages' Markdown here.

MkDocs writes every file that is not a page just before it renders the pages' templates, on
the one core the build runs on: the medium benchmark's 4,400 charts and downloads took 1 to
2.4 s there. While MkDocs renders the pages' Markdown, the machine's other core is mostly
idle, and the generated files are known: a process forked once the navigation is made
writes them then, with MkDocs' own ``File.copy_file``. When it has written them all, they
are taken out of MkDocs' list of files to copy (pages linked to them while their Markdown
was rendered, so links are checked as before); if it failed, MkDocs writes them itself.

For one-off builds with a few hundred generated files, a core to spare, and forking safe.
"""
from __future__ import annotations

import gc
import logging
import os

from mkdocs.structure.files import File, Files

from . import parallel

log = logging.getLogger("mkdocs.plugins.strategies")

WRITE_FROM_FILES = 200  # below this, forking costs more than it saves


class AssetWriter:
    """One forked process writing ``files`` into the site folder."""

    def __init__(self, files: list[File]):
        self.files = files
        self._pid = 0

    def start(self) -> bool:
        """Fork the writer; False if the system would not."""
        try:
            pid = os.fork()
        except OSError:
            return False
        if pid == 0:  # the writer: it changes nothing the build reads, and frees nothing
            status = 1
            try:
                gc.disable()  # a collection would touch (and so copy) the whole build's memory
                for file in self.files:
                    file.copy_file()
                status = 0
            finally:
                os._exit(status)
        self._pid = pid
        return True

    def finish(self, files: Files) -> bool:
        """Wait for the writer. If it wrote every file, take them out of ``files`` (MkDocs
        would write them again); if not, leave them to MkDocs. True if the writer wrote them."""
        if not self._pid:
            return False
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if os.waitstatus_to_exitcode(status) != 0:
            log.debug("The process writing charts and downloads failed: MkDocs writes them instead.")
            return False
        for file in self.files:
            files.remove(file)
        return True

    def stop(self) -> None:
        """The build failed: stop the writer."""
        if self._pid:
            try:
                os.kill(self._pid, 9)
                os.waitpid(self._pid, 0)
            except OSError:
                pass
            self._pid = 0


def start(files: list[File]) -> AssetWriter | None:
    """Start writing ``files`` (those the build includes) in a forked process, if it pays and
    is safe; None, and MkDocs writes them as usual, if not."""
    files = [file for file in files if file.inclusion.is_included()]
    if (len(files) < WRITE_FROM_FILES or parallel.usable_cores() < 2 or not hasattr(os, "fork")
            or not parallel.can_fork(ignore=parallel.OWN_THREADS)):
        return None
    writer = AssetWriter(files)
    return writer if writer.start() else None
