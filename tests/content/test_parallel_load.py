"""YAML files read by a forked worker give the same site and the same problems (parallel_load.py).

Run in a fresh interpreter: forking is refused beside other threads, and the browser tests
leave a web server thread running in this one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from support import FIXTURES

COMPARE = """
import os, sys, time
from pathlib import Path
from strategies.content import loader, parallel_load
from strategies.workers import forked

forked.usable_cores = lambda: 2
project, marks = Path(sys.argv[1]), Path(sys.argv[2])
here = os.getpid()
read_group = parallel_load._read_group

def read(group):
    if os.getpid() == here:
        time.sleep(0.3)  # this process reads slowly, so the worker surely reads groups
    else:
        (marks / f"{os.getpid()}-{len(list(marks.iterdir()))}").touch()
    return read_group(group)

parallel_load._read_group = read

def summary(site, problems):
    return (problems.report(),
            {id: entry.model.model_dump() for id, entry in site.strategies.items()},
            {id: [(r.id, r.model.model_dump()) for r in entry.reports] for id, entry in site.strategies.items()},
            {id: [(r.revision.slug, r.revision.model.model_dump(), r.model.model_dump()) for r in entry.revisions] for id, entry in site.strategies.items()},
            sorted(site.organisations))

shared = summary(*loader.load_site(project / "content", project))
alone = summary(*loader._load_site(project / "content", project, frozenset()))
assert shared == alone, (shared[0], alone[0])
print(len(list(marks.iterdir())), shared[0].count(chr(10)) + 1)
"""


@pytest.mark.slow
def test_files_the_worker_reads_give_the_same_site_and_problems(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    # Every invalid case's strategy, side by side: problems of every kind, in many files.
    for case in sorted((FIXTURES / "invalid").iterdir()):
        folder = case / "content" / "example-strategy"
        if folder.is_dir():
            shutil.copytree(FIXTURES / "base" / "content" / "example-strategy", project / "content" / case.name)
            shutil.copytree(folder, project / "content" / case.name, dirs_exist_ok=True)
    (project / "content" / "not-utf8").mkdir()
    (project / "content" / "not-utf8" / "strategy.yaml").write_bytes(b"title: caf\xe9\n")
    marks = tmp_path / "marks"
    marks.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(COMPARE), str(project), str(marks)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    groups_read_by_worker, problem_lines = map(int, done.stdout.split())
    print(groups_read_by_worker, problem_lines)
    assert groups_read_by_worker >= 5
    assert problem_lines >= 20  # the comparison covered many problems
