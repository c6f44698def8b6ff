"""Lighthouse's mobile audit of the built site, served uncompressed and gzipped.

    python benchmarks/lighthouse.py [--site site-build] [--runs 3] [--pages /,/strategies/x/]
                                    [--min-performance 98] [--min-accessibility 100] [--out DIR]

Some council hosting serves pages uncompressed, GitHub Pages serves them gzipped: the site must
be fast either way. The built site is served twice on 127.0.0.1, once as it is and once gzipped
(as GitHub Pages does: HTML, CSS, JavaScript, JSON, SVG and XML), and Lighthouse (from npm,
`package-lock.json`) audits four kinds of page on each with its default mobile preset: a
mid-range phone on slow 4G, simulated. Each page is audited --runs times and the median
performance score is kept (Lighthouse's scores vary from run to run with the machine's load).

Lighthouse drives Debian's Chromium (CHROME_PATH, /usr/bin/chromium by default); it never
downloads a browser. Prints one Markdown table (and the audits that lost points); exits 1 when
a median score is below the minimum. The reports, as JSON, go to DIR (default: a temporary
folder that is kept and named).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions"
GZIPPED_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")
# One page of each kind (the shipped site's content); --pages audits others.
PAGES = {
    "home": "/",
    "strategy": "/strategies/warrington-equality-objectives-2020-24/",
    "item": "/strategies/warrington-equality-objectives-2020-24/life-expectancy-and-wellbeing/",
    "charts": "/strategies/demo-fairer-futures/",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, uncompressed, or gzipped when the server says so and the browser asks."""

    gzip = False

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"  # (without the slash, the parent class redirects)
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and wants and path.suffix in GZIPPED_TYPES and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler's copyfile."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def serve(site: Path, compressed: bool) -> tuple[str, _Server]:
    handler = type("Handler", (_Handler,), {"gzip": compressed})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def audit(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile preset, simulated slow 4G) of one address; its JSON report."""
    env = dict(os.environ, CHROME_PATH=CHROME)
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not report.exists():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def summary(result: dict) -> dict:
    audits = result["audits"]
    lost = []
    for category in ("performance", "accessibility"):
        for ref in result["categories"][category]["auditRefs"]:
            item = audits[ref["id"]]
            if ref["weight"] and item.get("score") is not None and item["score"] < 1:
                lost.append(f"{category}: {ref['id']} ({item.get('displayValue') or item['score']})")
    for name in ("render-blocking-resources", "unsized-images", "unused-css-rules", "unused-javascript"):
        item = audits.get(name)
        if item and item.get("score") is not None and item["score"] < 1:
            lost.append(f"opportunity: {name} ({item.get('displayValue', '')})")
    return {
        "performance": round(result["categories"]["performance"]["score"] * 100),
        "accessibility": round(result["categories"]["accessibility"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "lost": lost,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site-build")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="", help="comma-separated paths instead of the four kinds")
    parser.add_argument("--min-performance", type=int, default=98)
    parser.add_argument("--min-accessibility", type=int, default=100)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"Lighthouse is missing ({LIGHTHOUSE.relative_to(ROOT)}): run `npm ci --ignore-scripts`.")
        return 2
    if not Path(CHROME).exists() and not shutil.which(CHROME):
        print(f"Chromium is missing ({CHROME}): apt-get install -y chromium, or set CHROME_PATH.")
        return 2
    if not (args.site / "index.html").exists():
        print(f"No built site in {args.site}: run `strategies build` first.")
        return 2
    pages = {path: path for path in args.pages.split(",") if path} if args.pages else PAGES
    out = args.out or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    out.mkdir(parents=True, exist_ok=True)

    rows, failed, results = [], [], {}
    for served in ("uncompressed", "gzipped"):
        base, server = serve(args.site, served == "gzipped")
        try:
            for kind, path in pages.items():
                runs = []
                for run in range(args.runs):
                    report = out / f"{served}-{kind.strip('/').replace('/', '_') or 'home'}-{run + 1}.json"
                    runs.append(summary(audit(base + path, report)))
                performance = statistics.median(r["performance"] for r in runs)
                accessibility = min(r["accessibility"] for r in runs)
                middle = sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]
                results[f"{served} {kind}"] = runs
                rows.append(
                    f"| {kind} | {served} | {performance:g} ({', '.join(str(r['performance']) for r in runs)}) "
                    f"| {accessibility} | {middle['fcp']:.2f} s | {middle['lcp']:.2f} s | {middle['cls']:.3f} "
                    f"| {middle['tbt']:.0f} ms | {middle['bytes'] / 1024:.0f} KB |"
                )
                if performance < args.min_performance or accessibility < args.min_accessibility:
                    failed.append(
                        f"{kind} ({path}), {served}: performance {performance:g}, "
                        f"accessibility {accessibility}; " + "; ".join(middle["lost"])
                    )
                elif middle["lost"]:
                    print(f"{kind} ({path}), {served}: " + "; ".join(middle["lost"]), file=sys.stderr)
        finally:
            server.shutdown()
            server.server_close()
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("| page | served | performance (median of runs) | accessibility | FCP | LCP | CLS | TBT | bytes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(f"\nReports: {out}")
    if failed:
        print(f"\nBelow performance {args.min_performance} or accessibility {args.min_accessibility}:")
        print("\n".join(f"  {line}" for line in failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
