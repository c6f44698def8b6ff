"""forked_map shares independent jobs between this process and forked workers (strategies/workers/forked.py).

The first two tests run in a fresh interpreter: forking is (rightly) refused beside other
threads, and the browser tests leave a web server thread running in this one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest

from strategies.workers import forked

PRELUDE = """
import os, time
from strategies.workers import forked
forked.usable_cores = lambda: 2
"""


def _run_alone(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PRELUDE) + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
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


def _run_in_own_group(code: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """Like _run_alone, in a process group of its own, as a terminal starts a command: Ctrl-C
    there reaches every process of the group (sent with os.killpg(0, SIGINT))."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PRELUDE) + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,
        env={**os.environ, **env},
    )


def test_workers_ignore_ctrl_c_and_stop_when_told():
    done = _run_in_own_group("""
        import signal
        folders = []
        made = forked._results_folder
        forked._results_folder = lambda: folders.append(made()) or folders[-1]

        def job(n):
            time.sleep(0.05)
            return os.getpid()

        def running(pids):
            return sum(os.path.exists(f"/proc/{pid}")
                       and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z" for pid in pids)

        workers = set()
        results = forked.forked_map(job, range(20))  # (kept: closing it would end the workers)
        try:
            for pid in results:
                if pid != os.getpid():  # a worker is at work: Ctrl-C
                    workers.add(pid)
                    os.killpg(0, signal.SIGINT)
                    time.sleep(30)
        except KeyboardInterrupt:
            print("interrupted; workers running:", running(workers))
            forked.stop_workers()
            print("after stop_workers:", running(workers), "results kept:", os.path.exists(folders[0]))
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["interrupted; workers running: 1", "after stop_workers: 0 results kept: False"]
    assert "Traceback" not in done.stderr, done.stderr


@pytest.mark.slow
def test_workers_end_when_the_process_that_forked_them_is_killed(tmp_path):
    """Killed outright (out of memory, a power cut of the container), the process leaves no
    worker running: its workers would otherwise wait for jobs for ever. The results folder it
    left is removed by the next map."""
    try:
        done = _run_in_own_group(
            """
            import signal, sys
            forked.usable_cores = lambda: 4
            main = os.getpid()

            def job(n):
                if os.getpid() != main:
                    print("worker", os.getpid(), flush=True)
                    time.sleep(60)
                elif n == 0:
                    time.sleep(1)  # the workers start their jobs
                    os.kill(main, signal.SIGKILL)

            list(forked.forked_map(job, range(10)))
        """,
            timeout=30,
            TMPDIR=str(tmp_path),
        )  # the workers hold its output open until they end
    except subprocess.TimeoutExpired as stopped:
        raise AssertionError(f"the workers outlived their parent: {stopped.output}") from None
    assert done.returncode == -9
    assert done.stdout.count("worker") == 3
    assert "Traceback" not in done.stderr
    left = [path.name for path in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith("strategies-")
    _run_alone("list(forked.forked_map(abs, range(10)))", TMPDIR=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_forked_worker_ignores_ctrl_c_and_stops_when_told():
    done = _run_in_own_group("""
        import signal
        pid = forked.fork_worker()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        try:
            time.sleep(0.2)
            os.killpg(0, signal.SIGINT)
            time.sleep(30)
        except KeyboardInterrupt:
            print("worker running:", os.waitpid(pid, os.WNOHANG) == (0, 0))
            forked.stop_workers()
            print("worker killed:", os.waitpid(pid, 0)[1] == signal.SIGKILL)
    """)
    assert done.stdout.split() == ["worker", "running:", "True", "worker", "killed:", "True"], done.stderr
    assert "Traceback" not in done.stderr
