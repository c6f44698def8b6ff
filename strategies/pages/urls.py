"""Where each thing lives in the built site, and relative links between pages.

Paths are the Markdown source paths MkDocs sees (``strategies/<strategy>/index.md``); links are made
relative so the site works under any base URL, such as a GitHub Pages project site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from strategies.content.model import Organisation, Person, Post
from strategies.content.site import NodeView, Site, StrategyEntry
from strategies.content.xrefs import REFERENCE, resolve

from .browse import Subject
from .hosts import link_host

HOME = "index.md"
STRATEGIES = "strategies/index.md"
PEOPLE = "people/index.md"
ORGANISATIONS = "organisations/index.md"
ACCESSIBILITY = "accessibility/index.md"
FIELD_REFERENCE = "field-reference/index.md"
WHO_AND_WHERE = "who-and-where/index.md"  # characteristics, communities and places (browse.py)
ACCOUNTABILITY = "accountability/index.md"
_SUBJECT_FOLDERS = {"characteristic": "characteristics", "community": "communities", "place": "places"}
SITE_FEED = "feed.xml"  # the Atom feed of every strategy's updates (strategies/feeds.py)


# The folders made below inside a strategy's address (progress/, charts/, data/, revisions/,
# changes/) are the content model's RESERVED_NAMES: no item or page may take one.


def report_path(strategy_id: str, report_id: str) -> str:
    return f"{strategy_folder(strategy_id)}progress/{report_id}/index.md"


def strategy_folder(strategy_id: str) -> str:
    """Where a strategy's files (charts, downloads) are published."""
    return f"strategies/{strategy_id}/"


def strategy_feed_path(strategy_id: str) -> str:
    """Where a strategy's own Atom feed is published."""
    return f"{strategy_folder(strategy_id)}feed.xml"


def version_folder(entry: StrategyEntry) -> str:
    """Where a version's pages live: the strategy's folder, or revisions/<name>/ under it."""
    folder = strategy_folder(entry.id)
    return f"{folder}revisions/{entry.revision.slug}/" if entry.revision else folder


def changes_path(entry: StrategyEntry) -> str:
    """The 'what changed' page of an old version."""
    return f"{version_folder(entry)}changes/index.md"


def whole_path(entry: StrategyEntry) -> str:
    """The whole of a version on one page, to read offline or print (``whole`` is reserved)."""
    return f"{version_folder(entry)}whole/index.md"


def whole_pdf_path(entry: StrategyEntry) -> str:
    """The PDF made from the whole-strategy page, beside it, named for the strategy."""
    return f"{version_folder(entry)}whole/{entry.id}.pdf"


def relative_file(from_src: str, file_path: str, directory_urls: bool = True) -> str:
    """A link from a page to a published file such as a chart or a CSV download."""
    source = page_url(from_src, directory_urls)
    base = source.rstrip("/") if directory_urls else posixpath.dirname(source)
    return _relpath(file_path, base)


def strategy_path(strategy_id: str) -> str:
    return f"{strategy_folder(strategy_id)}index.md"


def version_path(entry: StrategyEntry) -> str:
    """The main page of a strategy, or of one of its old versions."""
    return f"{version_folder(entry)}index.md"


def node_path(view: NodeView) -> str:
    return f"{version_folder(view.strategy)}{view.id}/index.md"


def narrative_path(entry: StrategyEntry, slug: str) -> str:
    return f"{version_folder(entry)}{slug}/index.md"


def person_path(person_id: str) -> str:
    return f"people/{person_id}/index.md"


def organisation_path(organisation_id: str) -> str:
    return f"organisations/{organisation_id}/index.md"


def accountability_path(organisation_name: str | None = None) -> str:
    """The accountability page, or one organisation's part of it on a large site."""
    if organisation_name is None:
        return ACCOUNTABILITY
    slug = re.sub(r"[^a-z0-9]+", "-", organisation_name.lower()).strip("-")[:60] or "organisation"
    return f"accountability/{slug}/index.md"


def subject_path(subject: Subject, page: int = 1) -> str:
    """A characteristic's, community's or place's page (its later pages numbered 2, 3…)."""
    folder = f"{_SUBJECT_FOLDERS[subject.kind]}/{subject.key}/"
    return f"{folder}{page}/index.md" if page > 1 else f"{folder}index.md"


def target_of(obj: Any) -> tuple[str, str | None]:
    """The page (and anchor) that shows an object."""
    if isinstance(obj, Subject):
        return subject_path(obj), None
    if isinstance(obj, StrategyEntry):
        return version_path(obj), None
    if isinstance(obj, NodeView):
        if obj.has_page:
            return node_path(obj), None
        if obj.parent is None:
            return version_path(obj.strategy), obj.id
        return node_path(obj.parent), obj.id
    if isinstance(obj, Person):
        return person_path(obj.id), None
    if isinstance(obj, Organisation):
        return organisation_path(obj.id), None
    if isinstance(obj, Post):
        return PEOPLE, obj.id
    if isinstance(obj, str):
        return obj, None
    raise TypeError(f"no page for {obj!r}")


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) that MkDocs gives a Markdown source path."""
    if not directory_urls:
        return src[:-3] + ".html"
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[:-3] + "/"


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for the site's clean relative paths ('' is the root), without its
    file-system calls: this runs for every link on every page."""
    to, start = target.split("/") if target else [], base.split("/") if base else []
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


@lru_cache(maxsize=65536)  # called for every link on every page
def relative_url(from_src: str, to_src: str, anchor: str | None = None, directory_urls: bool = True) -> str:
    """A link from one page to another (or to an anchor on it) that works at any base URL."""
    source, target = page_url(from_src, directory_urls), page_url(to_src, directory_urls)
    if source == target:
        link = ""
    else:
        base = source.rstrip("/") if directory_urls else posixpath.dirname(source)
        link = _relpath(target.rstrip("/"), base)
        if directory_urls:
            link = "./" if link == "." else link + "/"
    if anchor:
        return f"{link}#{anchor}"
    return link or "./"


def link_references(text: str, site: Site, entry: StrategyEntry | None, link: Callable[[str, str | None], str]) -> str:
    """Content Markdown with each ``item:`` reference replaced by ``link(page, anchor)`` for
    the item it names (see :mod:`strategies.content.xrefs`).

    ``page`` is the Markdown source path of the item's page; unresolved references are left
    as they are (validation has reported them).
    """

    def replace(match: re.Match) -> str:
        view = resolve(site, entry, match.group(1))
        return f"]({link(*target_of(view))})" if view is not None else match.group(0)

    return REFERENCE.sub(replace, text)


# An image address in content Markdown (Markdown's ![…](…) or HTML's <img src=…>) naming a file
# of the strategy's images/ folder, written from the strategy's folder or from its pages/.
_OWN_IMAGE = re.compile(
    r"""(!\[[^\]]*\]\(\s*<?|<img\b[^>]*?\bsrc\s*=\s*["']?)(?:\.\./)?(images/[^\s)"'<>/]+)""", re.IGNORECASE
)


def image_path(entry: StrategyEntry, name: str) -> str:
    """Where a version's image (``images/<file>``, see content/images.py) is published: beside
    its pages, so an old version keeps the pictures it was released with."""
    return f"{version_folder(entry)}{name}"


def link_images(text: str, entry: StrategyEntry, link: Callable[[str], str]) -> str:
    """Content Markdown with each of the strategy's images addressed by ``link(published path)``."""

    def replace(match: re.Match) -> str:
        name = match.group(2)
        return match.group(1) + link(image_path(entry, name)) if name in entry.images else match.group(0)

    return _OWN_IMAGE.sub(replace, text)


def image_files(site: Site) -> dict[str, Path]:
    """Every image the site's pages show, by published path, with the file to copy."""
    found: dict[str, Path] = {}
    for entry in site.strategies.values():
        for version in (entry, *entry.revisions):
            found.update((image_path(version, name), path) for name, path in version.images.items())
    return found


def link_host_label(address: str, organisation: Organisation | None = None) -> str:
    """Where a link leads, for the words after it: 'on gov.uk', or 'on the council's website'
    only when it is on the website of the organisation whose content it is."""
    if address.startswith("mailto:"):
        return "by email"
    host = link_host(address)
    if organisation is not None and organisation.website and host and host == link_host(organisation.website):
        return "on the council's website" if organisation.kind == "council" else f"on {organisation.name}'s website"
    return f"on {host}" if host else "on another website"
