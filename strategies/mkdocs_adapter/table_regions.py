"""A Markdown extension that puts every table in a labelled, keyboard-focusable scroll region.

At a 320 px viewport a wide table must scroll inside its own region, not make the whole page
scroll (WCAG 2.2, 1.4.10 Reflow), and a scrollable region must be reachable by keyboard and
have an accessible name. Generated pages do the same in their templates (macros/).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _TableRegions(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                headers = [" ".join(th.itertext()).strip() for th in child.iter("th")]
                label = "Table: " + ", ".join(h for h in headers if h) if headers else "Table"
                region = etree.Element(
                    "div", {"class": "table-region", "role": "region", "aria-label": label, "tabindex": "0"}
                )
                parent.remove(child)
                region.append(child)
                parent.insert(index, region)


class TableRegionExtension(Extension):
    """Register with Python-Markdown as ``strategies.mkdocs_adapter.table_regions``."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_TableRegions(md), "strategies_table_regions", 0)


def makeExtension(**kwargs):
    return TableRegionExtension(**kwargs)
