"""Benchmark the site build on generated synthetic projects, beside a bare MkDocs + Material build.

    python benchmarks/run.py [--sizes small,medium] [--out DIR] [--repeat N] [--no-bare]

For each size: generate the project (benchmarks/generate.py); then, N times (default 3, or 1
at the large size), one after the other so that all three meet the same load on the machine:
build it *cold* (no chart cache: every chart drawn), build it *warm* (every chart from the cache
the cold build filled), and build the bare comparison. Each build runs strictly in a child
process, from scratch (each run's output is set aside, not deleted, until every build is
timed: see SetAside), and is timed exactly: from just before it starts to the moment it is
reaped, with the CPU time of the build and of every worker process it waited for, and its
peak memory (the largest total of the build and its workers, as proportional set sizes,
sampled every half second). The medians are reported. Then: measure the output (a first visit
is counted in Chromium when it is installed), and time the rebuild `strategies serve` makes
after one action's status changes in a progress report.

The bare comparison is what a careful Material user builds: as many plain Markdown pages, one
section (folder) per strategy inside a "strategies" folder, with Material's navigation.sections,
navigation.indexes and navigation.prune, as this site uses, so each page carries only its own
section's navigation. (Pages all at the top level, where navigation.prune trims nothing, made
every bare page carry the whole navigation: a comparison nobody would build.)

Prints one Markdown table; the results, with every run's figures, also go to DIR/results.json.
--no-bare skips the bare build.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
TIMEOUT = 20 * 60  # seconds per build
STATUSES = ["not-started", "on-track", "at-risk", "off-track", "complete"]


# ---------------------------------------------------------------------------------------
# Timing a build in a child process
# ---------------------------------------------------------------------------------------


def _tree_pids(pid: int) -> list[int]:
    """A process and all its descendants (worker processes)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            pass
    return sorted(found)


def _pss_kb(pid: int) -> int | None:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1))
    except (OSError, AttributeError, ValueError):
        return None


def _tree_pss_mb(pid: int) -> float | None:
    """Memory of a process and all its descendants (worker processes), in MB: the sum of their
    proportional set sizes, so pages a forked worker shares with its parent count once.
    None where /proc does not say. A sample taken while a worker is forked (the parent read
    before the fork, the worker after it) would count the shared pages twice: the tree is
    listed before and after, and a sample is taken again if it changed."""
    for _ in range(10):
        before = _tree_pids(pid)
        sizes = {current: _pss_kb(current) for current in before}
        if sizes[pid] is None:
            return None
        if _tree_pids(pid) == before:
            break
    return sum(size for size in sizes.values() if size) / 1024


def _measure_child(command: list[str]) -> int:
    """Run ``command`` as our only child; print as JSON its seconds, its CPU seconds and those
    of every worker process it waited for, and its peak memory. The end is seen exactly: a
    thread waits for the child (os.wait4, which also gives the CPU time) while the memory
    sampler sleeps on that thread's event, so it wakes at once, not at its next tick. Peak
    memory is the largest total, sampled every half second, of the build and its worker
    processes (falling back to the largest single process's where /proc is missing). Reading a
    process's memory makes the kernel walk its page tables: every 0.1 s, that took a fifth of a
    core from the build it measured."""
    stderr: list[str] = []
    ended = threading.Event()
    outcome: dict = {}
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def wait() -> None:
        _, status, usage = os.wait4(child.pid, 0)
        outcome.update(end=time.perf_counter(), status=status, usage=usage)
        ended.set()

    reader = threading.Thread(target=lambda: stderr.append(child.stderr.read()), daemon=True)
    waiter = threading.Thread(target=wait, daemon=True)
    reader.start()
    waiter.start()
    peak_tree = 0.0
    while not ended.is_set():
        if time.perf_counter() - started > TIMEOUT:
            child.kill()
            ended.wait()
            print(json.dumps({"timeout": True}))
            return 0
        peak_tree = max(peak_tree, _tree_pss_mb(child.pid) or 0.0)
        ended.wait(0.5)
    seconds = outcome["end"] - started
    child.returncode = os.waitstatus_to_exitcode(outcome["status"])  # reaped by wait4, not by Popen
    reader.join()
    usage = outcome["usage"]
    peak_kb = usage.ru_maxrss  # KiB on Linux: the largest of the child and the workers it waited for
    print(
        json.dumps(
            {
                "timeout": False,
                "returncode": child.returncode,
                "seconds": seconds,
                "cpu_s": usage.ru_utime + usage.ru_stime,
                "user_s": usage.ru_utime,
                "system_s": usage.ru_stime,
                "peak_mb": max(peak_tree, peak_kb / 1024),
                "largest_process_mb": peak_kb / 1024,
                "tree_peak_mb": peak_tree,
                "stderr": "".join(stderr)[-3000:],
            }
        )
    )
    return 0


def timed(command: list[str], cwd: Path | None = None) -> dict:
    """Seconds, peak MB and return code of ``command``, measured in a fresh helper process."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--measure", "--", *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT + 60,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if not result.get("timeout") and result["returncode"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result['stderr']}")
    return result


def build_ours(project: Path) -> dict:
    return timed([str(BIN / "strategies"), "--root", str(project), "build", "--strict"])


CHART_CACHE = Path(".cache") / "strategies" / "charts"  # the plugin's chart_cache, in the project


# ---------------------------------------------------------------------------------------
# Measuring the output
# ---------------------------------------------------------------------------------------


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if any(word in rel for word in ("stylesheet", "icon", "preload", "modulepreload", "manifest")):
                self.refs.append(attrs["href"])
        elif tag in ("script", "img", "source") and attrs.get("src"):
            self.refs.append(attrs["src"])


def _local(base: Path, ref: str, site: Path) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or ref.startswith("data:"):
        return None
    path = (base / unquote(parts.path)).resolve()
    return path if path.is_file() and site.resolve() in path.parents else None


def first_visit_bytes(site: Path) -> int:
    """The home page plus every CSS, JS, font and image it references (each file once)."""
    home = site / "index.html"
    parser = _Refs()
    parser.feed(home.read_text(encoding="utf-8"))
    files = {home.resolve()}
    for ref in parser.refs:
        path = _local(home.parent, ref, site)
        if path is None or path in files:
            continue
        files.add(path)
        if path.suffix == ".css":  # fonts and images the stylesheet pulls in
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8", errors="ignore")):
                nested = _local(path.parent, url, site)
                if nested is not None:
                    files.add(nested)
    return sum(path.stat().st_size for path in files)


def first_visit_in_browser(site: Path) -> dict | None:
    """Bytes a first visit to the home page really downloads, counted in Chromium: every
    response (scripts fetch more than the HTML names, such as Material's search worker), as
    served and gzip-compressed as GitHub Pages sends them. None without Chromium/Playwright."""
    import functools
    import gzip
    import http.server

    chromium = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.exists():
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bodies: dict[str, bytes] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("response", lambda response: bodies.setdefault(response.url, response.body()))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
            page.wait_for_timeout(1000)  # requests scripts make after loading
            browser.close()
    finally:
        server.shutdown()
    return {
        "first_visit_kb": sum(map(len, bodies.values())) / 1024,
        "first_visit_gzip_kb": sum(len(gzip.compress(body, 6)) for body in bodies.values()) / 1024,
        "first_visit_files": sorted(url.split("/", 3)[-1] for url in bodies),
    }


def measure_site(site: Path) -> dict:
    pages = list(site.rglob("*.html"))
    sizes = sorted(page.stat().st_size for page in pages)
    charts = sum(1 for svg in site.rglob("*.svg") if svg.parent.name == "charts")
    charts_anywhere = sum(1 for _ in site.rglob("*.svg"))
    return {
        "pages": len(pages),
        "charts": charts,
        "svg_files": charts_anywhere,
        "median_kb": statistics.median(sizes) / 1024 if sizes else 0,
        "largest_kb": sizes[-1] / 1024 if sizes else 0,
        "largest_page": str(max(pages, key=lambda p: p.stat().st_size).relative_to(site)) if pages else "",
        **(first_visit_in_browser(site) or {"first_visit_kb": first_visit_bytes(site) / 1024}),
    }


def change_one_status(project: Path) -> str:
    """Change the first action's status in the first strategy's latest progress report."""
    reports = sorted((project / "content").glob("*/progress/*.yaml"))
    report = reports[-1] if reports else None
    if report is None:
        raise SystemExit("no progress report to change")
    text = report.read_text(encoding="utf-8")
    match = re.search(r"^    status: (\S+)$", text, flags=re.M)
    new = next(s for s in STATUSES if s != match.group(1))
    report.write_text(text[: match.start(1)] + new + text[match.end(1) :], encoding="utf-8")
    return f"{report.relative_to(project)}: {match.group(1)} -> {new}"


def _preview_rebuild_child(project: Path, site: Path) -> int:
    """As `strategies serve` does: build, change one status, rebuild; print the rebuild's
    seconds and what changed as JSON."""
    from strategies.mkdocs_adapter.publish import PreviewSession

    session = PreviewSession(project / "mkdocs.yml", site)
    session.build()
    changed = change_one_status(project)
    seconds = session.build()
    print(json.dumps({"seconds": seconds, "changed": changed}))
    return 0


def preview_rebuild(project: Path, site: Path) -> dict:
    """Seconds `strategies serve` takes to show one action's changed status (in a child
    process), building into ``site``."""
    done = subprocess.run(
        [sys.executable, __file__, "--preview-rebuild", str(project), str(site)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if done.returncode != 0:
        raise SystemExit(f"preview rebuild failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class SetAside:
    """Folders the benchmark has finished with, deleted only after every build is timed.

    ext4 does not reuse the inodes of files deleted in the last few minutes (recently_deleted
    in the kernel's fs/ext4/ialloc.c): just after a site of thousands of files was deleted, a
    build spent seconds of kernel time looking for free inodes (writing the medium project's
    4,400 charts and downloads took 2.4 s instead of 0.75 s). CI builds a fresh clone, where
    nothing was just deleted; so does each run here, ours and the bare MkDocs build alike.
    """

    def __init__(self, out: Path):
        self.folder = out / ".set-aside"
        self.count = 0

    def put(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(exist_ok=True)
            self.count += 1
            path.rename(self.folder / f"{os.getpid()}-{self.count}-{path.name}")

    def empty(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# The bare MkDocs + Material comparison
# ---------------------------------------------------------------------------------------


def write_bare_project(folder: Path, pages: int, sections: int, aside: SetAside) -> Path:
    """As many plain Markdown pages as ``pages``: a home page, and the rest in ``sections``
    folders (one per strategy, each with an index page) inside one top-level folder, as this
    site nests strategies; built with the navigation features this site uses. (With
    navigation.sections, Material shows every page of a top-level section in every page's
    navigation: strategies as top-level sections made each page 640 KB and the build 90 s.)"""
    aside.put(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    rng = random.Random(pages)
    words = [
        "synthetic",
        "plain",
        "markdown",
        "page",
        "used",
        "as",
        "a",
        "baseline",
        "for",
        "the",
        "build",
        "benchmark",
        "with",
        "words",
        "tables",
        "and",
        "nothing",
        "else",
    ]
    (folder / "mkdocs.yml").write_text(
        "site_name: Bare benchmark\nsite_dir: site\ntheme:\n  name: material\n  font: false\n"
        "  features:\n    - navigation.sections\n    - navigation.indexes\n    - navigation.prune\n"
        "plugins:\n  - search\n",
        encoding="utf-8",
    )
    sections = max(1, min(sections, pages - 1))
    for n in range(pages):
        if n == 0:
            name = "index.md"
        else:
            section = (n - 1) * sections // (pages - 1)
            first = n - 1 == -(-section * (pages - 1) // sections)  # the section's first page is its index
            name = f"strategies/section-{section + 1}/{'index' if first else f'page-{n}'}.md"
        paragraphs = [" ".join(rng.choice(words) for _ in range(100)).capitalize() + "." for _ in range(4)]
        table = ["| Item | Status | Due | Owner |", "| --- | --- | --- | --- |"]
        table += [
            f"| Synthetic item {n}.{r} | On track | 2026-0{r % 9 + 1} | Synthetic post {r} |" for r in range(1, 11)
        ]
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"# Synthetic page {n}\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(table) + "\n", encoding="utf-8"
        )
    return folder


# ---------------------------------------------------------------------------------------
# One size, and the table
# ---------------------------------------------------------------------------------------


def _summary(runs: list[dict]) -> dict:
    """Medians of seconds and CPU seconds, the largest peak memory, and every run's figures
    (this shared machine varies by a quarter from one run to the next)."""
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "runs_s": [round(r["seconds"], 2) for r in runs],
        "runs_cpu_s": [round(r["cpu_s"], 2) for r in runs],
        "largest_process_mb": max(r["largest_process_mb"] for r in runs),
        "tree_peak_mb": max(r["tree_peak_mb"] for r in runs),
    }


def run_size(size: str, out: Path, aside: SetAside, bare_build: bool = True, repeat: int | None = None) -> dict:
    repeat = repeat or (1 if size == "large" else 3)
    project = out / size
    print(f"[{size}] generating into {project}", file=sys.stderr, flush=True)
    aside.put(project)
    generate(size, project)
    row: dict = {"size": size, "repeat": repeat}
    bare = None
    if bare_build:
        pages = _pages_of(project)
        bare = write_bare_project(out / f"{size}-bare", pages, _strategies_of(project), aside)

    def ours(cold: bool) -> dict:  # each run builds from scratch, with no earlier site to replace
        aside.put(project / "site-build")
        if cold:
            aside.put(project / CHART_CACHE)  # every chart drawn
        return build_ours(project)

    def bare_run() -> dict:
        aside.put(bare / "site")
        return timed([str(BIN / "mkdocs"), "build", "--quiet", "--config-file", str(bare / "mkdocs.yml")], cwd=bare)

    runs: dict[str, list[dict]] = {"cold": [], "warm": [], "bare": []}
    for number in range(repeat):  # cold, warm and bare side by side, so all meet the same load
        print(
            f"[{size}] run {number + 1} of {repeat}: cold build, warm build" + (", bare mkdocs build" if bare else ""),
            file=sys.stderr,
            flush=True,
        )
        for kind, measure in (
            ("cold", lambda: ours(True)),
            ("warm", lambda: ours(False)),
            *((("bare", bare_run),) if bare else ()),
        ):
            result = measure()
            if result.get("timeout"):
                row[f"{kind}_s"] = "timeout"
                return row
            runs[kind].append(result)
            print(
                f"[{size}]   {kind}: {result['seconds']:.1f} s, {result['cpu_s']:.1f} s of CPU, "
                f"peak {result['peak_mb']:.0f} MB",
                file=sys.stderr,
                flush=True,
            )
    for kind, done in runs.items():
        if done:
            summary = _summary(done)
            row.update({f"{kind}_{key}": value for key, value in summary.items()})
    row.update(measure_site(project / "site-build"))
    row["ms_per_page"] = 1000 * row["warm_seconds"] / max(row["pages"], 1)
    if bare:
        row["warm_ratio"] = row["warm_seconds"] / row["bare_seconds"]
        row["cold_ratio"] = row["cold_seconds"] / row["bare_seconds"]

    print(
        f"[{size}] preview (strategies serve): rebuild after one action's status changes", file=sys.stderr, flush=True
    )
    again = preview_rebuild(project, out / f"{size}-preview")
    aside.put(out / f"{size}-preview")
    row.update(changed=again["changed"], rebuild_s=again["seconds"])
    print(f"[{size}] rebuilt in {again['seconds']:.1f} s after {again['changed']}", file=sys.stderr, flush=True)
    return row


def _pages_of(project: Path) -> int:
    """How many pages our build of ``project`` makes (a warm-up build, not timed; it also
    fills the chart cache, which the first cold build sets aside)."""
    build_ours(project)
    return sum(1 for _ in (project / "site-build").rglob("*.html"))


def _strategies_of(project: Path) -> int:
    return sum(1 for folder in (project / "content").iterdir() if (folder / "strategy.yaml").exists())


COLUMNS = [
    ("size", "size", "{}"),
    ("pages", "pages", "{}"),
    ("charts", "charts", "{}"),
    ("cold s", "cold_seconds", "{:.1f}"),
    ("cold CPU s", "cold_cpu_s", "{:.1f}"),
    ("warm s", "warm_seconds", "{:.1f}"),
    ("warm CPU s", "warm_cpu_s", "{:.1f}"),
    ("peak MB", "warm_peak_mb", "{:.0f}"),
    ("cold peak MB", "cold_peak_mb", "{:.0f}"),
    ("bare s", "bare_seconds", "{:.1f}"),
    ("bare CPU s", "bare_cpu_s", "{:.1f}"),
    ("bare MB", "bare_peak_mb", "{:.0f}"),
    ("warm ÷ bare", "warm_ratio", "{:.2f}×"),
    ("cold ÷ bare", "cold_ratio", "{:.2f}×"),
    ("ms/page", "ms_per_page", "{:.0f}"),
    ("median KB", "median_kb", "{:.1f}"),
    ("first visit KB", "first_visit_kb", "{:.0f}"),
    ("gzipped", "first_visit_gzip_kb", "{:.0f}"),
    ("serve rebuild s", "rebuild_s", "{:.1f}"),
]


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(c[0] for c in COLUMNS) + " |", "| " + " | ".join("---" for _ in COLUMNS) + " |"]
    for row in rows:
        cells = []
        for _, key, fmt in COLUMNS:
            value = row.get(key, "–")
            cells.append(fmt.format(value) if isinstance(value, (int, float)) else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--preview-rebuild"]:
        return _preview_rebuild_child(Path(argv[1]), Path(argv[2]))
    if argv[:1] == ["--measure"]:
        return _measure_child(argv[2:] if argv[1:2] == ["--"] else argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium", help="comma-separated: small, medium, large")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare MkDocs comparison")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="builds per size, the median reported (default: 3, or 1 at the large size)",
    )
    parser.add_argument("--out", type=Path, default=HERE / ".out", help="where projects are generated")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args.out.mkdir(parents=True, exist_ok=True)
    rows, aside = [], SetAside(args.out)
    try:
        for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
            rows.append(run_size(size, args.out, aside, bare_build=not args.no_bare, repeat=args.repeat))
            (args.out / "results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    finally:
        aside.empty()
    print(table(rows))
    for row in rows:
        for kind in ("cold", "warm", "bare"):
            if row.get(f"{kind}_runs_s"):
                print(f"{row['size']} {kind}: seconds {row[f'{kind}_runs_s']}, CPU seconds {row[f'{kind}_runs_cpu_s']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
