"""Make every page of the site as Markdown, from the Jinja2 templates in ``macros/``.

:class:`PageGenerator` makes each kind of page (a strategy's, an item's, a report's, an old
version's, what changed, the whole strategy, and the site's own) in the environment
environment.py sets up; schedule.py decides which pages a build makes and in which process.
Nothing here depends on MkDocs: the plugin hands these pages to MkDocs, and another renderer
could take them as they are.
"""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from strategies.content.site import NodeView, Site, StrategyEntry

from . import browse, changes, downloads, held_html, strategy_charts, urls
from .environment import PageContext, page_environment
from .sanitise import sanitise_page_html
from .text import escape_markdown, plain_text

HOLD_HTML = True  # False renders generated HTML through Markdown too (tests compare the two)


@dataclass
class GeneratedPage:
    """A page to publish: where it goes, its title and its Markdown source."""

    path: str
    title: str
    markdown: str
    description: str = ""
    in_nav: bool = True
    # For narrative pages: the strategy whose content/ Markdown the page body is.
    content_of: str | None = None
    # HTML blocks taken out of ``markdown`` before MkDocs renders it (see held_html.py).
    held: list[str] = field(default_factory=list)


def _shorten(text: str, limit: int = 300) -> str:
    """At most ``limit`` characters, cut at a word where possible (for search results and shares)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _front_matter(title: str, description: str, in_search: bool = True, released: str = "") -> str:
    # MkDocs themes print page titles and descriptions without escaping them (navigation,
    # <title>, <meta>), so they are HTML-escaped here. JSON strings are valid YAML scalars,
    # so titles with ':' or quotes are safe too.
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(_shorten(description)), ensure_ascii=False)}")
    if not in_search:  # Material's search plugin leaves the page out of its index
        lines.extend(["search:", "  exclude: true"])
    if released:  # an old version's page: its printed footer says so (macros/theme/main.html)
        lines.append(f"released: {json.dumps(released, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


class PageGenerator:
    """Renders the site's generated pages from templates."""

    def __init__(
        self, site: Site, templates_dir: Path, directory_urls: bool = True, as_at: datetime.date | None = None
    ):
        self.site = site
        self.directory_urls = directory_urls
        # What is overdue is worked out as at this date (freshness.py): the build's, unless given.
        self.as_at = as_at or datetime.date.today()
        self.browse = browse.browse_index(site)
        self.assets: dict[str, str | bytes] = {}  # published file path -> content (charts, downloads)
        self.reuse_keys: dict[str, str] = {}  # strategy id -> fingerprint of what its pages show
        self.shared_key = ""  # fingerprint of what every page may show (organisations, templates…)
        self.chart_count = 0
        # Set by the renderer before pages are made: whether each strategy's whole-strategy page
        # is also published as a PDF (the adapter makes them), and the site's public address.
        self.pdfs = False
        self.site_url: str | None = None
        self.context = PageContext(self)  # links, Markdown and parties for the page being rendered
        self.env = page_environment(templates_dir, self.context)

    def _publish_charts(self, entry: StrategyEntry, found: dict) -> dict:
        """Add each chart's SVG and CSV to the published files; return the charts."""
        folder = urls.strategy_folder(entry.id) + "charts/"
        for chart in found.values():
            self.assets[f"{folder}{chart.slug}.svg"] = self.draw(chart)
            self.assets[f"{folder}{chart.slug}.csv"] = chart.csv()
            self.chart_count += 1
        return found

    def draw(self, chart) -> str:
        """A chart's SVG, drawn by its template in macros/charts/."""
        return self.env.get_template(f"charts/{chart.template}").render(figure=chart.figure)

    def render(
        self, template: str, path: str, title: str, description: str = "", in_nav: bool = True, **context
    ) -> GeneratedPage:
        """The page at ``path`` made from ``template`` (in macros/) with ``context``: its title as
        its heading, its breadcrumbs above it, its generated HTML held aside and cleaned."""
        version: StrategyEntry | None = context.get("strategy")
        revision = version.revision if version is not None else None
        old = revision is not None
        context.setdefault("revision", revision)
        body = self.env.get_template(template).render(page_path=path, title=title, **context)
        # The page's own h1, so the heading is its title, not its label in the navigation.
        # A template's breadcrumbs (<nav class="breadcrumbs">, on a line of its own) go above
        # it, in GOV.UK's order: where the page sits, then what it is.
        body = f"# {escape_markdown(title)}\n\n{body}"
        crumbs = re.search(r'^<nav class="breadcrumbs"[^>]*>.*?</nav>\n', body, re.M | re.S)
        if crumbs:
            body = f"{crumbs[0]}\n{body[: crumbs.start()]}{body[crumbs.end() :]}"
        held: list[str] = []
        if HOLD_HTML and template != "narrative.md.j2":  # officers' Markdown is rendered as usual
            body, held = held_html.hold(body)
            # The last line of defence for blocks no renderer parses again (see sanitise.py);
            # the renderer cleans the rest of the page (the adapter: StrategiesPlugin).
            held = held_html.cleaned(held, sanitise_page_html)
        # Old versions stay out of the navigation and out of search: residents should find
        # the current version; the old ones are reached from its "Versions" section.
        released = revision.model.date.display() if revision is not None else ""
        return GeneratedPage(
            path,
            title,
            _front_matter(title, description, not old, released) + body,
            description,
            in_nav and not old,
            held=held,
        )

    def render_feed(self, feed, site_url: str | None = None) -> str:
        """A feed's Atom XML (from ``feed.xml.j2``). Links are absolute when the site's address
        (``site_url``) is known; otherwise relative to the site's root, set as xml:base."""
        root = site_url.rstrip("/") + "/" if site_url else ""

        def link(path: str) -> str:
            address = urls.page_url(path, self.directory_urls) if path.endswith(".md") else path
            return root + address if root else (address or "./")

        base = root or "../" * feed.path.count("/") or "./"
        return self.env.get_template("feed.xml.j2").render(feed=feed, link=link, base=base)

    def render_fragment(self, template: str, page_path: str, **context) -> str:
        """Render a template to insert into a hand-written page (e.g. the home page list)."""
        return self.env.get_template(template).render(page_path=page_path, **context)

    # --- pages -------------------------------------------------------------------------

    @staticmethod
    def _title(entry: StrategyEntry, title: str) -> str:
        """A page's title; an old version's pages say which version they are, in the title too."""
        return f"{title} (old version: {entry.revision.label})" if entry.revision else title

    def strategy_page(self, entry: StrategyEntry) -> GeneratedPage:
        """A strategy's main page; for an old version, without charts or downloads (they show
        progress now), with its status snapshot in the tables instead."""
        found, files = {}, {}
        data_folder = urls.strategy_folder(entry.id) + "data/"
        if entry.revision is None:
            found = self._publish_charts(entry, strategy_charts.strategy_charts(entry, self.as_at))
            files = downloads.downloads(self.site, entry, self.as_at)
            for name, content in files.items():
                self.assets[data_folder + name] = content
        return self.render(
            "strategy.md.j2",
            urls.version_path(entry),
            self._title(entry, entry.title),
            plain_text(entry.model.summary),
            strategy=entry,
            charts=found,
            downloads=[data_folder + name for name in files],
            current_page=entry.current,
        )

    def node_page(self, view: NodeView) -> GeneratedPage:
        entry = view.strategy
        chart = strategy_charts.node_chart(view, self.as_at) if entry.revision is None else None
        found = self._publish_charts(entry, {"status": chart} if chart else {})
        current = entry.current and (entry.current.nodes.get(view.id) or entry.current)
        return self.render(
            "node.md.j2",
            urls.node_path(view),
            self._title(entry, view.title),
            plain_text(view.node.summary),
            in_nav=view.depth == 0,
            view=view,
            strategy=entry,
            charts=found,
            current_page=current,
        )

    def report_page(self, entry: StrategyEntry, report) -> GeneratedPage:
        found = self._publish_charts(entry, {"status": strategy_charts.report_chart(entry, report)})
        return self.render(
            "report.md.j2",
            urls.report_path(entry.id, report.id),
            report.model.title,
            plain_text(report.model.summary),
            strategy=entry,
            report=report,
            charts=found,
        )

    def narrative_page(self, entry: StrategyEntry, page) -> GeneratedPage:
        """A hand-written page of a strategy. MkDocs renders its Markdown (for the contents
        list); its item: references become .md links MkDocs checks; the plugin sanitises it."""
        path = urls.narrative_path(entry, page.slug)

        def md_link(target: str, anchor: str | None) -> str:
            link = posixpath.relpath(target, posixpath.dirname(path))
            return f"{link}#{anchor}" if anchor else link

        body = urls.link_references(page.body, self.site, entry, md_link)
        if entry.images:
            body = urls.link_images(body, entry, lambda target: md_link(target, None))
        current: StrategyEntry | str | None = entry.current  # its page, in the current version
        if entry.current is not None and any(other.slug == page.slug for other in entry.current.pages):
            current = urls.narrative_path(entry.current, page.slug)
        generated = self.render(
            "narrative.md.j2",
            path,
            self._title(entry, page.meta.title),
            page.meta.summary or "",
            strategy=entry,
            page=page,
            body=body,
            current_page=current,
        )
        generated.content_of = entry.id
        return generated

    def changes_page(self, old: StrategyEntry) -> GeneratedPage:
        """What changed between an old version and the next one (a later revision, or now)."""
        new = old.successor()
        if new is None:
            raise ValueError(f"'{old.id}' is the current version of its strategy, not an old one")

        def names(version: StrategyEntry, refs: list[str]) -> list[str]:
            return [party.label() for ref in refs if (party := self.site.party(ref, version))]

        found = changes.compare(old, new, names)
        label = old.released.label
        return self.render(
            "changes.md.j2",
            urls.changes_path(old),
            f"What changed since ‘{label}’",
            f"The changes made to {old.title} after the version ‘{label}’.",
            strategy=old,
            successor=new,
            changes=found,
            current_page=old.current,
        )

    def whole_page(self, entry: StrategyEntry) -> GeneratedPage:
        """The whole of a version on one page, to read offline or print, and what its PDF is
        made from: every item in document order with its owner, lead partner, due date and
        status, every measure and every narrative page, with a contents list. Out of the
        navigation and of search (the strategy's own pages are the ones to find there)."""
        path = urls.whole_path(entry)
        title = self._title(entry, f"{entry.title}: the whole strategy")
        description = f"The whole of {entry.title} on one page, to read offline or print."
        current = urls.whole_path(entry.current) if entry.current is not None else None
        page = self.render(
            "whole.md.j2",
            path,
            title,
            description,
            in_nav=False,
            strategy=entry,
            current_page=current,
            pdf=self.context.pdf_of(entry),
        )
        searched = _front_matter(title, description, entry.revision is None)
        if page.markdown.startswith(searched):  # (it repeats the strategy's pages: out of search)
            page.markdown = _front_matter(title, description, in_search=False) + page.markdown[len(searched) :]
        return page

    def version_pages(self, entry: StrategyEntry) -> list[GeneratedPage]:
        """A version's main page, item pages and narrative pages, the whole of it on one page
        (and what changed, if old)."""
        result = [self.strategy_page(entry)]
        result.extend(self.node_page(view) for view in entry.walk() if view.has_page)
        result.extend(self.narrative_page(entry, page) for page in entry.pages)
        result.append(self.whole_page(entry))
        if entry.revision is not None:
            result.append(self.changes_page(entry))
        return result

    def strategy_pages(self, entry: StrategyEntry) -> list[GeneratedPage]:
        """A strategy's pages: its current version, its progress reports and its old versions."""
        result = self.version_pages(entry)
        result.extend(self.report_page(entry, report) for report in entry.reports)
        for old in entry.revisions:
            result.extend(self.version_pages(old))
        return result

    def strategy_output(self, entry: StrategyEntry) -> tuple[list[GeneratedPage], dict[str, str | bytes], int]:
        """A strategy's pages, the files they publish (charts, downloads) and its chart count."""
        assets, charts = self.assets, self.chart_count
        self.assets = {}
        try:
            pages = self.strategy_pages(entry)
            return pages, self.assets, self.chart_count - charts
        finally:
            self.assets, self.chart_count = assets, charts

    def compile_templates(self) -> None:
        """Compile the page templates (macros/*.j2, charts included), so that worker processes
        forked from this one inherit them compiled: each compiled its own, a third of a second
        of the medium benchmark's worker's time."""
        for name in self.env.list_templates(filter_func=lambda name: name.endswith(".j2")):
            if not name.startswith(("scaffold/", "theme/")):  # rendered elsewhere, with other filters
                self.env.get_template(name)

    def subject_title(self, subject: browse.Subject, number: int, total: int) -> str:
        """'Protected characteristic: Age', 'Place: East Ward (Demo Borough Council)'."""
        kind = {"characteristic": "Protected characteristic", "community": "Community", "place": "Place"}[subject.kind]
        title = f"{kind}: {subject.name}"
        if subject.organisation:
            organisation = self.site.organisations.get(subject.organisation)
            title += f" ({organisation.name if organisation else subject.organisation})"
        return title + (f", page {number} of {total}" if total > 1 else "")
