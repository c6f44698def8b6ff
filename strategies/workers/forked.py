"""Use the machine's other cores for work that splits into independent parts.

The build is mostly Python, which runs on one core at a time; the machines this project
builds on have two or more. :func:`forked_map` shares a list of independent jobs (one per
strategy, say) between this process and worker processes forked from it, which start with
everything already loaded and send back only their results. They live only as long as the
jobs: a forked worker that lived on would keep old copies of the memory this process changes
(a quarter more memory on the largest benchmark). Long-lived helpers that need only what
they are sent are fresh processes instead (fresh.py).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def usable_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_JOB: Callable[[int], object] | None = None  # what a forked worker runs: set before forking
_RESULTS: str | None = None  # the folder a forked worker leaves its results in
# Each forked worker comes to hold its own copy of much of what it reads (the loaded site), as
# reading touches it: beyond a few, more workers cost more memory than the time they save.
MAX_FORKED_WORKERS = 3


def _run(index: int) -> str | None:
    """A job done in a forked worker: the file its pickled result is in, or None if it failed.

    Results travel through a file, not the pool's pipe: a pipe moves 64 KB at a time, and
    each piece waits for this process's busy thread to hand over the interpreter lock (up to
    5 ms), which left the worker idle for 40% of the medium benchmark's page making."""
    try:
        result = _JOB(index)
        path = os.path.join(_RESULTS, f"{index}.pickle")
        with open(path, "wb") as file:
            pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
        return path
    except Exception:  # noqa: BLE001 - not every exception (or result) survives pickling:
        return None  # the caller runs the job itself, so the real error is raised there


def _collect(path: str):
    with open(path, "rb") as file:
        result = pickle.load(file)
    os.unlink(path)
    return result


def _results_folder() -> str:
    """A new folder for results: in the system's temporary folder, not in shared memory
    (/dev/shm), whose files would hold memory no process is seen to hold (20 MB at the medium
    size) and which containers often keep to 64 MB."""
    return tempfile.mkdtemp(prefix="strategies-")


def can_fork(ignore: str | None = None) -> bool:
    """Whether forking is available and safe: no other thread (such as `serve`'s web
    server) could be holding a lock the child would inherit locked. Threads whose names
    start with ``ignore`` are the caller's to keep clear of, in the child: such as the threads
    that move data to and from a fresh worker process (``fresh.OWN_THREADS``), whose pipes and
    queues a forked child that never touches them cannot find locked."""
    others = [thread for thread in threading.enumerate()
              if thread is not threading.current_thread() and not (ignore and thread.name.startswith(ignore))]
    return "fork" in multiprocessing.get_all_start_methods() and not others


def forked_map(function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
    """``map(function, items)``, in order, with jobs done in worker processes forked from this
    one as well as here. ``function`` may read anything this process holds, must change
    nothing the caller reads afterwards except through its result, and its results must be
    picklable. Runs here alone on one core, or where forking is not safe."""
    global _JOB, _RESULTS
    items = list(items)
    workers = min(usable_cores() - 1, len(items) - 1, MAX_FORKED_WORKERS)
    if workers < 1 or not can_fork():
        yield from map(function, items)
        return
    _JOB = lambda index: function(items[index])  # noqa: E731 - inherited by the forked workers
    _RESULTS = _results_folder()
    # The workers' garbage collector leaves the pages they share with us alone. (Objects
    # frozen already, by the caller, stay frozen: the caller unfreezes them.)
    frozen_already = gc.get_freeze_count() > 0
    gc.freeze()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        # The workers take jobs from the end, this process from the start: each job is done
        # once, and neither side waits while work remains.
        futures = {index: pool.submit(_run, index) for index in reversed(range(len(items)))}
        broken = False
        for index, item in enumerate(items):
            future = futures.pop(index)
            path = None
            if not broken and not future.cancel():
                try:
                    path = future.result()
                except BrokenProcessPool:  # a worker died (out of memory?): finish here
                    broken = True
            yield _collect(path) if path else function(item)
    finally:
        _JOB = None
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(_RESULTS, ignore_errors=True)
        _RESULTS = None
        if not frozen_already:
            gc.unfreeze()
