"""Use the machine's other cores for work that splits into independent parts.

The build is mostly Python, which runs on one core at a time; the machines this project
builds on have two or more. :func:`forked_map` shares a list of independent jobs (one per
strategy, say) between this process and worker processes forked from it, which start with
everything already loaded and send back only their results. They live only as long as the
jobs: a forked worker that lived on would keep old copies of the memory this process changes
(a quarter more memory on the largest benchmark). Long-lived helpers that need only what
they are sent are fresh processes instead (worker_process.py).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

# Threads named so move data to and from a fresh worker process (worker_process.py): a forked
# child that leaves those workers alone (never touching, nor freeing, their pipes and queues)
# cannot meet the locks those threads hold.
from .worker_process import OWN_THREADS

Item = TypeVar("Item")
Result = TypeVar("Result")


def usable_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_JOB: Callable[[int], object] | None = None  # what a forked worker runs: set before forking
# Each forked worker comes to hold its own copy of much of what it reads (the loaded site), as
# reading touches it: beyond a few, more workers cost more memory than the time they save.
MAX_FORKED_WORKERS = 3


def _run(index: int):
    try:
        return True, _JOB(index)
    except Exception:  # noqa: BLE001 - not every exception survives pickling: the caller
        return False, None  # runs the job itself, so the real error is raised there


def can_fork(ignore: str | None = None) -> bool:
    """Whether forking is available and safe: no other thread (such as `serve`'s web
    server) could be holding a lock the child would inherit locked. Threads whose names
    start with ``ignore`` are the caller's to keep clear of, in the child."""
    others = [thread for thread in threading.enumerate()
              if thread is not threading.current_thread() and not (ignore and thread.name.startswith(ignore))]
    return "fork" in multiprocessing.get_all_start_methods() and not others


def forked_map(function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
    """``map(function, items)``, in order, with jobs done in worker processes forked from this
    one as well as here. ``function`` may read anything this process holds, must change
    nothing the caller reads afterwards except through its result, and its results must be
    picklable. Runs here alone on one core, or where forking is not safe."""
    global _JOB
    items = list(items)
    workers = min(usable_cores() - 1, len(items) - 1, MAX_FORKED_WORKERS)
    if workers < 1 or not can_fork():
        yield from map(function, items)
        return
    _JOB = lambda index: function(items[index])  # noqa: E731 - inherited by the forked workers
    gc.freeze()  # the workers' garbage collector leaves the pages they share with us alone
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        # The workers take jobs from the end, this process from the start: each job is done
        # once, and neither side waits while work remains.
        futures = {index: pool.submit(_run, index) for index in reversed(range(len(items)))}
        broken = False
        for index, item in enumerate(items):
            future = futures.pop(index)
            done = False
            if not broken and not future.cancel():
                try:
                    done, result = future.result()
                except BrokenProcessPool:  # a worker died (out of memory?): finish here
                    broken = True
            yield result if done else function(item)
    finally:
        _JOB = None
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
