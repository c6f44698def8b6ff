"""Fresh worker processes fed through pipes (strategies/workers/fresh.py)."""
from __future__ import annotations

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
