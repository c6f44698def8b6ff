"""Run a function in fresh Python processes, fed through pipes, while this process goes on.

For long-lived helpers that need only what they are sent (such as reading each page's HTML
for search). A fresh process holds none of this process's memory, unlike a forked one, which
keeps old copies of every page of memory this process changes after the fork. It is started
as ``python -m strategies.workers.fresh module:function``, so, unlike multiprocessing's
"spawn", it never imports the script that started the build (which would build again if
that script had no ``if __name__ == "__main__":`` guard).

Jobs and results travel as length-prefixed pickles: a thread here writes the jobs (so
submitting never waits for a busy worker) and another reads the results into futures.

A worker runs in a session of its own, so Ctrl-C at the terminal reaches only this process,
which stops its workers (:func:`stop_workers`) and says what happened. However this process
ends, even killed outright, its workers end quietly after the job in hand: their pipes close.
"""

from __future__ import annotations

import importlib
import itertools
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from concurrent.futures import Future
from typing import IO

_SIZE = struct.Struct(">Q")
OWN_THREADS = "strategies-worker-io"  # the threads' names start so (forked.py forks beside them)


class WorkerStopped(RuntimeError):
    """The worker process ended before it returned every result."""


_RUNNING: set[WorkerProcess] = set()  # workers started here and not yet closed or killed


def stop_workers() -> None:
    """Stop at once every worker process this process started that is still running, and wait
    until each has gone (for a command that was interrupted): their jobs fail with
    WorkerStopped, and none writes anything afterwards."""
    for worker in list(_RUNNING):
        worker.kill()


def _send(stream: IO[bytes], value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_SIZE.pack(len(data)))
    stream.write(data)


def _receive(stream: IO[bytes]):
    head = stream.read(_SIZE.size)
    if len(head) < _SIZE.size:
        raise EOFError
    (size,) = _SIZE.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class WorkerProcess:
    """One fresh process running ``function`` (named "module:function") on each job."""

    def __init__(self, function: str):
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, function],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
        )
        _RUNNING.add(self)
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._waiting: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._numbers = itertools.count()
        self._stopped = False
        name = f"{OWN_THREADS}-{self._process.pid}"
        self._threads = [
            threading.Thread(target=self._write, name=f"{name}-write", daemon=True),
            threading.Thread(target=self._read, name=f"{name}-read", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, argument) -> Future:
        """A future for ``function(argument)``, computed in the worker."""
        future: Future = Future()
        with self._lock:
            if self._stopped:
                future.set_exception(WorkerStopped("the worker process has stopped"))
                return future
            number = next(self._numbers)
            self._waiting[number] = future
        self._jobs.put((number, argument))
        return future

    def close(self) -> None:
        """Let the worker finish its jobs and stop; wait for it."""
        self._jobs.put(None)
        for thread in self._threads:
            thread.join()
        self._process.wait()
        _RUNNING.discard(self)

    def kill(self) -> None:
        """Stop the worker at once and wait until it has gone; jobs not done fail with
        WorkerStopped."""
        self._process.kill()
        self._process.wait()
        self._jobs.put(None)
        _RUNNING.discard(self)

    def _write(self) -> None:
        stream = self._process.stdin
        assert stream is not None  # started with stdin=PIPE
        try:
            while (job := self._jobs.get()) is not None:
                _send(stream, job)
                stream.flush()
        except (BrokenPipeError, OSError):
            pass  # the worker died: _read fails what was waiting
        finally:
            try:
                stream.close()
            except OSError:
                pass

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None  # started with stdout=PIPE
        try:
            while True:
                number, ok, value = _receive(stream)
                with self._lock:
                    future = self._waiting.pop(number)
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (EOFError, OSError):
            pass
        with self._lock:
            self._stopped = True
            left, self._waiting = list(self._waiting.values()), {}
        for future in left:
            future.set_exception(WorkerStopped("the worker process stopped before finishing"))


def _serve(function: str) -> int:
    """The worker's side: run each job read from stdin, write each result to stdout. Ends
    quietly when the process that started it has gone (its pipes close)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the starting process is the one to interrupt
    module, name = function.split(":")
    run = getattr(importlib.import_module(module), name)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed must not corrupt the results
    while True:
        try:
            number, argument = _receive(source)
        except EOFError:
            return 0
        try:
            result = (number, True, run(argument))
        except Exception as error:
            result = (number, False, error if _picklable(error) else RuntimeError(repr(error)))
        try:
            _send(sink, result)
            sink.flush()
        except OSError:  # nobody reads results any more: leave, with nothing to flush
            os._exit(0)


def _picklable(value) -> bool:
    try:
        pickle.loads(pickle.dumps(value))
        return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(_serve(sys.argv[1]))
