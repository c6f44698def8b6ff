"""Write the generated files (charts, downloads, feeds) in a worker process while MkDocs
renders the pages' Markdown here.

MkDocs writes every file that is not a page just before it renders the pages' templates, on
the one core the build runs on: the medium benchmark's 4,400 charts and downloads took 1 to
2.4 s there. While MkDocs renders the pages' Markdown, the machine's other core is mostly
idle, and the generated files are known: once the navigation is made, they are sent to a
fresh worker process (workers/fresh.py), which writes them as MkDocs' ``File.copy_file``
does. When it has written them all, they are taken out of MkDocs' list of files to copy
(pages linked to them while their Markdown was rendered, so links are checked as before);
if it failed, MkDocs writes them itself.

A fresh process, not a forked one: a fork lives as long as the writing, and meanwhile keeps
its own copies of the memory this process changes. For one-off builds with a few hundred
generated files, and a core to spare.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future

from mkdocs.structure.files import File, Files

from strategies.workers import forked
from strategies.workers.fresh import WorkerProcess

log = logging.getLogger("mkdocs.plugins.strategies")

WRITE_FROM_FILES = 200  # below this, a worker costs more than it saves
FILES_PER_JOB = 100


def write_files(files: list[tuple[str, str]]) -> int:
    """Write each (path, text), making folders as needed, as MkDocs' ``File.copy_file``
    writes a generated file's text (run in the worker); return how many were written."""
    for path, content in files:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as output:
            output.write(content)
    return len(files)


class AssetWriter:
    """A worker process writing ``files`` (generated Files with content) into the site."""

    def __init__(self, files: list[File]):
        self.files = files
        self._worker = WorkerProcess(f"{__name__}:write_files")
        # Each job holds the files' own text (no copy): the worker process's writer thread
        # pickles one job at a time, however slowly the disk takes them.
        self._written: list[Future] = [
            self._worker.submit(
                [(file.abs_dest_path, file.content_string) for file in files[start : start + FILES_PER_JOB]]
            )
            for start in range(0, len(files), FILES_PER_JOB)
        ]

    def finish(self, files: Files) -> bool:
        """Wait for the writer. If it wrote every file, take them out of ``files`` (MkDocs
        would write them again); if not, leave them to MkDocs. True if the writer wrote them."""
        try:
            written = sum(future.result() for future in self._written)
        except Exception as error:
            log.debug(f"The process writing charts and downloads failed ({error}): MkDocs writes them instead.")
            written = -1
        finally:
            self._worker.close()
        if written != len(self.files):
            return False
        for file in self.files:
            files.remove(file)
        return True

    def stop(self) -> None:
        """The build failed: let the writer finish and go."""
        self._worker.close()


def start(files: list[File]) -> AssetWriter | None:
    """Start writing ``files`` (those the build includes) in a worker process, if it pays;
    None, and MkDocs writes them as usual, if not."""
    files = [file for file in files if file.inclusion.is_included()]
    if len(files) < WRITE_FROM_FILES or forked.usable_cores() < 2:
        return None
    return AssetWriter(files)
