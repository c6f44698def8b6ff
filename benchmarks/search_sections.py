"""Time search_sections.sections against Material's search Parser on a built site's pages.

    python benchmarks/search_sections.py SITE_DIR [--repeat N]

Reads the contents of every page's <article> under SITE_DIR (a site built by `strategies
build`), checks both give the same sections on every page, then times each over all pages,
N times (default 3), in CPU seconds.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from strategies.mkdocs_adapter.search_sections import material_sections, sections

ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)


def comparable(found: list) -> list[tuple]:
    return [(section.id, section.depth, section.el, section.title, section.text) for section in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = [
        match.group(1)
        for path in sorted(args.site.rglob("*.html"))
        if (match := ARTICLE.search(path.read_text("utf-8")))
    ]
    different = sum(comparable(material_sections(page)) != comparable(sections(page)) for page in pages)
    print(f"{len(pages)} pages, {different} divided differently")
    for _ in range(args.repeat):
        times = []
        for function in (material_sections, sections):
            start = time.process_time()
            for page in pages:
                function(page)
            times.append(time.process_time() - start)
        print(
            f"Material's Parser {times[0]:.2f} s, search_sections {times[1]:.2f} s: "
            f"{times[0] / times[1]:.1f} times faster"
        )


if __name__ == "__main__":
    main()
