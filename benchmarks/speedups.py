"""What each speed-up saves (strategies/mkdocs_adapter/speed.py): warm builds of a project with
each switched off in turn.

    python benchmarks/generate.py medium /tmp/medium
    python benchmarks/speedups.py /tmp/medium [--rounds 4]

After one untimed build (which fills the chart, PDF and template caches), each round builds
the project once in each configuration, in turn, each build in a fresh process: with both
speed-ups, without parallel_render, without parallel_search, and with neither
(STRATEGIES_SPEED=off). Builds of one configuration vary with the machine's load, so the rounds
interleave them; the table gives each configuration's mean and range in seconds. The figures
in speed.py, the modules' docstrings and the README came from four rounds at medium.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CONFIGURATIONS = {
    "both speed-ups": "",
    "without parallel_render": "parallel_render.worth_sharing = lambda *args: False",
    "without parallel_search": "parallel_search.index_in_parallel = lambda *args: None",
    "neither (STRATEGIES_SPEED=off)": "os.environ['STRATEGIES_SPEED'] = 'off'",
}
ONE_BUILD = """
import os, sys
from strategies.mkdocs_adapter import parallel_render, parallel_search
{switch}
from strategies.commands.cli import main
status = main(["--root", sys.argv[1], "build", "--strict"])
sys.stdout.flush()
os._exit(status)
"""


def build(project: Path, switch: str) -> float:
    """Seconds one build of ``project`` takes in a fresh process, with ``switch`` run first."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", ONE_BUILD.format(switch=switch), str(project)],
        capture_output=True,
        text=True,
        env={key: value for key, value in os.environ.items() if key != "STRATEGIES_SPEED"},
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"the build failed:\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    build(args.project, "")  # caches filled
    times: dict[str, list[float]] = {name: [] for name in CONFIGURATIONS}
    for round_number in range(1, args.rounds + 1):
        for name, switch in CONFIGURATIONS.items():
            times[name].append(build(args.project, switch))
        print(f"round {round_number}: " + ", ".join(f"{times[name][-1]:.1f}" for name in CONFIGURATIONS), flush=True)
    print("| build | mean s | range s |\n| --- | --- | --- |")
    for name, seconds in times.items():
        print(f"| {name} | {statistics.mean(seconds):.1f} | {min(seconds):.1f}–{max(seconds):.1f} |")


if __name__ == "__main__":
    main()
