"""Fresh worker processes fed through pipes (strategies/workers/fresh.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from strategies.workers.fresh import WorkerProcess, WorkerStopped


def test_results_and_errors_come_back_to_their_own_jobs():
    worker = WorkerProcess("builtins:float")
    try:
        futures = [worker.submit(text) for text in ["1", "x", " 2.5" + " " * 300_000, "-4"]]  # one larger than a pipe
        assert futures[0].result(timeout=30) == 1.0
        with pytest.raises(ValueError, match="could not convert"):
            futures[1].result(timeout=30)
        assert futures[2].result(timeout=30) == 2.5
        assert futures[3].result(timeout=30) == -4.0
    finally:
        worker.close()


def test_what_the_function_prints_does_not_disturb_the_results(capfd):
    worker = WorkerProcess("builtins:print")
    try:
        assert [worker.submit(n).result(timeout=30) for n in range(3)] == [None, None, None]
    finally:
        worker.close()
    assert capfd.readouterr().err.split() == ["0", "1", "2"]


def test_a_worker_that_dies_fails_its_jobs_clearly():
    worker = WorkerProcess("os:_exit")
    try:
        with pytest.raises(WorkerStopped):
            worker.submit(3).result(timeout=30)
        with pytest.raises(WorkerStopped):
            worker.submit(0).result(timeout=30)  # after it stopped, at once
    finally:
        worker.close()


def _run_in_own_group(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``code`` run in a process group of its own, as a terminal starts a command."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,
    )


def test_ctrl_c_at_the_terminal_is_for_the_process_that_started_the_worker():
    done = _run_in_own_group("""
        import os, signal, time
        from strategies.workers import fresh

        worker = fresh.WorkerProcess("time:sleep")
        worker.submit(0).result(timeout=30)  # it has started
        sleeping = worker.submit(30)
        try:
            os.killpg(0, signal.SIGINT)  # Ctrl-C, to the whole process group
            time.sleep(30)
        except KeyboardInterrupt:
            print("worker running:", worker._process.poll() is None)
            fresh.stop_workers()
            print("worker stopped:", worker._process.poll() is not None)
            print("job failed:", type(sleeping.exception(timeout=30)).__name__)
    """)
    assert done.stdout.split() == [
        "worker",
        "running:",
        "True",
        "worker",
        "stopped:",
        "True",
        "job",
        "failed:",
        "WorkerStopped",
    ], done.stderr
    assert "Traceback" not in done.stderr


def test_a_worker_ends_quietly_when_the_process_that_started_it_is_killed():
    try:
        done = _run_in_own_group(
            """
            import os, signal
            from strategies.workers.fresh import WorkerProcess

            worker = WorkerProcess("time:sleep")
            worker.submit(1)  # its result will have nowhere to go
            worker.submit(0)
            os.kill(os.getpid(), signal.SIGKILL)
        """,
            timeout=30,
        )  # the worker holds its output open until it ends
    except subprocess.TimeoutExpired as stopped:
        raise AssertionError(f"the worker outlived the process that started it: {stopped.stderr}") from None
    assert done.returncode == -9
    assert done.stderr == ""
