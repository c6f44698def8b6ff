"""forked_map shares independent jobs between this process and forked workers (parallel.py)."""
from __future__ import annotations

import os
import threading
import time

import pytest

from strategies import parallel


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)


def test_results_come_back_in_order_and_workers_share_the_jobs(two_cores):
    data = {"offset": 1000}  # read by the workers: they start with this process's memory

    def job(n):
        return n + data["offset"], os.getpid()

    results = list(parallel.forked_map(job, range(60)))
    assert [value for value, _ in results] == [n + 1000 for n in range(60)]
    assert len({pid for _, pid in results}) == 2  # this process and one worker did some each


def test_a_failing_job_raises_its_own_error_here(two_cores):
    class Unpicklable(Exception):
        def __init__(self, a, b):  # pickle cannot rebuild this from its args
            super().__init__(f"{a}{b}")

    def job(n):
        if n == 11:  # the last job: a worker's first
            raise Unpicklable("job ", n)
        time.sleep(0.02)
        return n

    with pytest.raises(Unpicklable, match="job 11"):
        list(parallel.forked_map(job, range(12)))


def test_no_forking_beside_other_threads(two_cores):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert {pid for pid in parallel.forked_map(lambda _: os.getpid(), range(8))} == {os.getpid()}
    finally:
        stop.set()
        thread.join()
