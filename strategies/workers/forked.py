"""Use the machine's other cores for work that splits into independent parts.

The build is mostly Python, which runs on one core at a time; the machines this project
builds on have two or more. :func:`forked_map` shares a list of independent jobs (one per
strategy, say) between this process and worker processes forked from it, which start with
everything already loaded and send back only their results. They live only as long as the
jobs: a forked worker that lived on would keep old copies of the memory this process changes
(a quarter more memory on the largest benchmark). Long-lived helpers that need only what
they are sent are fresh processes instead (fresh.py).

A forked worker ignores Ctrl-C (the terminal sends it to the whole process group: this
process then stops its workers, with :func:`stop_workers`, and says what happened), and ends
when this process ends, however it ends: killed outright too.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

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


_POOLS: dict[ProcessPoolExecutor, str] = {}  # forked_map's running pools, and their results folders
_FORKED: set[int] = set()  # workers started by fork_worker that may still run
_INTERRUPTIONS = {signal.SIGINT, signal.SIGTERM}
_prctl = None  # Linux's prctl(2), found before forking (not in every worker)
_PR_SET_PDEATHSIG = 1


def _prepare_to_fork() -> None:
    global _prctl
    if _prctl is None and sys.platform.startswith("linux"):
        import ctypes

        _prctl = ctypes.CDLL(None, use_errno=True).prctl


@contextmanager
def _interruptions_blocked():
    """Ctrl-C and SIGTERM wait while this thread forks: a worker must not receive one before it
    ignores them (it would print a traceback). This process receives them when the block ends."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTIONS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _become_worker(parent: int) -> None:
    """In a worker just forked from ``parent``, with interruptions blocked: ignore Ctrl-C, take
    SIGTERM's default action (not the handler this process may have set), and end when the
    parent ends (Linux signals the worker; elsewhere, a thread watches)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _prctl is not None:
        import ctypes  # (imported already, before forking)

        _prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL))
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTIONS)
    if os.getppid() != parent:  # the parent ended before it could be watched
        os._exit(0)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


def fork_worker() -> int:
    """``os.fork()`` for a worker that must not outlive this process. In the worker (where it
    returns 0), Ctrl-C is ignored, and the worker ends when this process does; it must leave
    with ``os._exit``. Here, the worker is remembered, so that :func:`stop_workers` can stop
    it. Raises OSError if the system would not fork."""
    global _FORKED
    parent = os.getpid()
    _prepare_to_fork()
    _FORKED = {pid for pid in _FORKED if _running_child(pid)}
    with _interruptions_blocked():
        pid = os.fork()
        if pid == 0:
            _become_worker(parent)
        else:
            _FORKED.add(pid)
    return pid


def _running_child(pid: int) -> bool:
    """Whether ``pid`` is a process forked from this one that is still running. (Where the
    system cannot tell without reaping an ended one, it is reaped.)"""
    try:
        if hasattr(os, "waitid"):
            return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
        return os.waitpid(pid, os.WNOHANG)[0] == 0
    except ChildProcessError:  # ended and reaped by its owner, or never ours
        return False


def _stop(pid: int) -> None:
    """Kill the worker ``pid`` if it still runs, and wait until it has gone, leaving it to its
    owner to reap as usual where the system allows (a pool reaps its own)."""
    if _running_child(pid):
        os.kill(pid, signal.SIGKILL)
        try:
            if hasattr(os, "waitid"):
                os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
            else:
                os.waitpid(pid, 0)
        except ChildProcessError:  # its owner reaped it meanwhile: gone
            pass


def end_worker(pid: int) -> None:
    """Kill a worker from :func:`fork_worker` at once and reap it (its owner gives up on it)."""
    _stop(pid)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # reaped already
        pass


def stop_workers() -> None:
    """Stop at once every worker this process forked that may still be running, and wait until
    each has gone, so that none writes anything afterwards; delete the results they left.
    For a command that was interrupted: the workers' owners (a ``forked_map`` the caller left,
    a pool, SharedRendering) find them gone, and need not be told."""
    global _FORKED
    pids = set(_FORKED)
    for pool in list(_POOLS):
        # The pool's workers, by pid: ProcessPoolExecutor has no public way to name them
        # before Python 3.14 (kill_workers), which does not wait for them either.
        pids.update(getattr(pool, "_processes", None) or ())
    for pid in pids:
        _stop(pid)
    for folder in list(_POOLS.values()):
        shutil.rmtree(folder, ignore_errors=True)
    _FORKED = set()


def _run(index: int) -> str | None:
    """A job done in a forked worker: the file its pickled result is in, or None if it failed.

    Results travel through a file, not the pool's pipe: a pipe moves 64 KB at a time, and
    each piece waits for this process's busy thread to hand over the interpreter lock (up to
    5 ms), which left the worker idle for 40% of the medium benchmark's page making."""
    try:
        # both set before the pool forked this worker (forked_map), and kept until it has ended
        assert _JOB is not None and _RESULTS is not None
        result = _JOB(index)
        path = os.path.join(_RESULTS, f"{index}.pickle")
        with open(path, "wb") as file:
            pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
        return path
    except Exception:
        return None  # the caller runs the job itself, so the real error is raised there


def _collect(path: str):
    with open(path, "rb") as file:
        result = pickle.load(file)
    os.unlink(path)
    return result


def _results_folder() -> str:
    """A new folder for results: in the system's temporary folder, not in shared memory
    (/dev/shm), whose files would hold memory no process is seen to hold (20 MB at the medium
    size) and which containers often keep to 64 MB. It is named for this process, so that the
    folders of a process killed outright (which never removed its own) are removed here."""
    _remove_results_left_behind()
    return tempfile.mkdtemp(prefix=f"strategies-{os.getpid()}-")


def _remove_results_left_behind() -> None:
    """Remove this user's results folders whose process has ended (or is this one, and the
    folder is none of its running maps': a container may give each run the same pid)."""
    folder = tempfile.gettempdir()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = re.fullmatch(r"strategies-(\d+)-\w+", entry.name)
        try:
            if not match or not entry.is_dir(follow_symlinks=False) or entry.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid = int(match[1])
        ended = (entry.path not in _POOLS.values()) if pid == os.getpid() else _ended(pid)
        if ended:
            shutil.rmtree(entry.path, ignore_errors=True)


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's
        pass
    return False


def can_fork(ignore: str | None = None) -> bool:
    """Whether forking is available and safe: no other thread (such as `serve`'s web
    server) could be holding a lock the child would inherit locked. Threads whose names
    start with ``ignore`` are the caller's to keep clear of, in the child: such as the threads
    that move data to and from a fresh worker process (``fresh.OWN_THREADS``), whose pipes and
    queues a forked child that never touches them cannot find locked."""
    others = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.current_thread() and not (ignore and thread.name.startswith(ignore))
    ]
    return "fork" in multiprocessing.get_all_start_methods() and not others


def forked_map(function: Callable[[Item], Result], items: Iterable[Item]) -> Generator[Result, None, None]:
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
    _prepare_to_fork()
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_become_worker, initargs=(os.getpid(),)
    )
    _POOLS[pool] = _RESULTS
    try:
        # The workers take jobs from the end, this process from the start: each job is done
        # once, and neither side waits while work remains. (The first job forks the workers.)
        with _interruptions_blocked():
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
        shutil.rmtree(_POOLS.pop(pool), ignore_errors=True)
        _RESULTS = None
        if not frozen_already:
            gc.unfreeze()
