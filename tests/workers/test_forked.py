"""forked_map shares independent jobs between this process and forked workers (strategies/workers/forked.py).

The first two tests run in a fresh interpreter: forking is (rightly) refused beside other
threads, and the browser tests leave a web server thread running in this one."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

from strategies.workers import forked

PRELUDE = """
import os, time
from strategies.workers import forked
forked.usable_cores = lambda: 2
"""


def _run_alone(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(PRELUDE) + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_results_come_back_in_order_and_workers_share_the_jobs():
    out = _run_alone("""
        data = {"offset": 1000}  # read by the workers: they start with this process's memory
        results = list(forked.forked_map(lambda n: (n + data["offset"], os.getpid()), range(60)))
        assert [value for value, _ in results] == [n + 1000 for n in range(60)], results
        print(len({pid for _, pid in results}), os.getpid() in {pid for _, pid in results})
    """)
    assert out.split() == ["2", "True"]  # this process and one worker did some each


def test_large_results_come_back_whole_and_leave_no_files_behind():
    out = _run_alone("""
        folders = []
        made = forked._results_folder
        forked._results_folder = lambda: folders.append(made()) or folders[-1]

        def job(n):  # a strategy's pages and charts run to megabytes
            return os.getpid(), str(n) * (300_000 + n)

        results = list(forked.forked_map(job, range(16)))
        assert [text for _, text in results] == [str(n) * (300_000 + n) for n in range(16)]
        print(len({pid for pid, _ in results}), os.path.exists(folders[0]))
    """)
    assert out.split() == ["2", "False"]


def test_a_failing_job_raises_its_own_error_here():
    out = _run_alone("""
        class Unpicklable(Exception):
            def __init__(self, a, b):  # pickle cannot rebuild this from its args
                super().__init__(f"{a}{b}")

        def job(n):
            if n == 11:  # the last job: a worker's first
                raise Unpicklable("job ", n)
            time.sleep(0.02)
            return n

        try:
            list(forked.forked_map(job, range(12)))
        except Unpicklable as error:
            print("raised:", error)
    """)
    assert out.strip() == "raised: job 11"


def test_no_forking_beside_other_threads(monkeypatch):
    monkeypatch.setattr(forked, "usable_cores", lambda: 2)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.can_fork()
        assert {pid for pid in forked.forked_map(lambda _: os.getpid(), range(8))} == {os.getpid()}
    finally:
        stop.set()
        thread.join()
