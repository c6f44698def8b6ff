"""Pages made by forked workers (strategies' pages, and the site's own: people, organisations)
are exactly the pages made in one process (schedule.PageSchedule.pages with forked.forked_map).

Run in a fresh interpreter: forking is refused beside other threads, and the browser tests
leave a web server thread running in this one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from support import ROOT

COMPARE = """
import os, sys, time
from pathlib import Path
from strategies.pages import generator, schedule
from strategies.workers import forked
from strategies.content.loader import load_site

forked.usable_cores = lambda: 2
schedule.SITE_PAGES_PER_JOB = 2  # many jobs of the site's own pages, even on a small site
root = Path(sys.argv[1])
site, problems = load_site(root / "content", root)
assert not problems, problems.report()
here = os.getpid()
job_output = schedule.PageSchedule.job_output
workers = set()

def slowly_here(self, job):
    if os.getpid() == here:
        time.sleep(0.2)  # so that the worker surely makes pages of both kinds
    else:
        print("worker made", "strategy" if isinstance(job, generator.StrategyEntry) else "site pages", flush=True)
    return job_output(self, job)

def made(shared):
    schedule.forked_map = forked.forked_map if shared else (lambda function, items: map(function, items))
    made = generator.PageGenerator(site, root / "macros")
    found = schedule.PageSchedule(made).pages()
    return [vars(page) for page in found], made.assets, made.chart_count

schedule.PageSchedule.job_output = slowly_here
shared, alone = made(True), made(False)
assert [page["path"] for page in shared[0]] == [page["path"] for page in alone[0]]
assert shared == alone
"""


@pytest.mark.slow
@pytest.mark.parametrize("project", ["shipped", "hostile"])
def test_pages_made_by_workers_are_the_pages_made_here(project, tmp_path):
    root = ROOT
    if project == "hostile":  # the hostile fixture has content only: use the site's templates
        root = tmp_path
        shutil.copytree(ROOT / "tests" / "fixtures" / "hostile" / "content", root / "content")
        shutil.copytree(ROOT / "macros", root / "macros")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(COMPARE), str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    made_there = set(done.stdout.splitlines())
    # (the hostile fixture has one strategy, which this process takes first)
    assert made_there == (
        {"worker made strategy", "worker made site pages"} if project == "shipped" else {"worker made site pages"}
    ), done.stdout
