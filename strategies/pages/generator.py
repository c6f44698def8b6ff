"""Generate every page of the site as Markdown, from Jinja2 templates in ``macros/``.

Nothing here depends on MkDocs: the plugin hands these pages to MkDocs, and another
renderer could take them as they are.
"""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup

from strategies.content.model import (
    ACTION_STATUS_LABELS,
    CHARACTERISTIC_LABELS,
    ORGANISATION_KIND_LABELS,
    STAGE_LABELS,
    STRATEGY_STATUS_LABELS,
)
from strategies.content.site import NodeView, Party, Site, StrategyEntry
from strategies.content.xrefs import REFERENCE, resolve
from strategies.workers.forked import forked_map

from . import accountability, browse, changes, downloads, freshness, held_html, hosts, navigation, strategy_charts, urls
from .sanitise import sanitise_page_html
from .text import escape_markdown, markdown_inline, markdown_to_html, plain_text, slug

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")  # in sanitised HTML (text's '<' is escaped)

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


def _money(amount: float) -> str:
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


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


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, by template and source text: `serve` builds a new
    generator (and MkDocs a new theme environment) for each rebuild, and need not compile
    unchanged templates again. Given a folder (:meth:`keep_in`), also kept there between
    builds by Jinja's own FileSystemBytecodeCache, so a build need not compile them at all
    (0.4 s of the medium benchmark's build, before any page could be made)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}
        self.disk: FileSystemBytecodeCache | None = None

    def keep_in(self, folder: Path | None) -> None:
        """Keep compiled templates in ``folder`` too (None: in memory only). The folder's name
        must change with whatever else shapes the compiled code: Jinja checks each template's
        source and Python's version, not the environment's options."""
        self.disk = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:  # (a read-only checkout: compile, as without a cache)
                return
            self.disk = FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)  # (left empty where stale or unreadable: compiled)
            if bucket.code is not None:
                self.store[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            try:
                self.disk.dump_bytecode(bucket)  # (written whole, then renamed, by Jinja)
            except OSError:
                pass


_COMPILED = CompiledTemplates()  # the generator's own templates (macros/)


def keep_compiled_templates(folder: Path | None) -> None:
    """Keep the generator's compiled templates in ``folder`` between builds (see CompiledTemplates)."""
    _COMPILED.keep_in(folder)


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
        self.env = Environment(
            loader=FileSystemLoader(str(templates_dir)),
            bytecode_cache=_COMPILED,
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            md=self._md,
            md_inline=self._md_inline,
            md_escape=escape_markdown,
            plain=plain_text,
            money=_money,
            date=lambda d: d.display() if d else "",
            month=lambda d: (d.month_display() if hasattr(d, "month_display") else d.display()) if d else "",
            slug=lambda text: slug(text, 80),
            host=hosts.link_host,  # the website a link goes to, for its label
            md_whole=self._md_whole,  # content Markdown on the whole-strategy page (whole_page)
            link_host=lambda address, organisation=None: urls.link_host_label(
                address, site.organisations.get(organisation) if isinstance(organisation, str) else organisation
            ),
        )
        self.env.globals.update(
            site=site,
            url=self._url,
            file_url=self._file_url,
            plural=_plural,
            action_status_labels=ACTION_STATUS_LABELS,
            strategy_status_labels=STRATEGY_STATUS_LABELS,
            characteristic_labels=CHARACTERISTIC_LABELS,
            stage_labels=STAGE_LABELS,
            organisation_kind_labels=ORGANISATION_KIND_LABELS,
            party=self.party,
            urls=urls,
            as_at=self.as_at,
            as_at_text=freshness.display_day(self.as_at),
            display_day=freshness.display_day,
            display_month=freshness.display_month,
            progress_labels=freshness.PROGRESS_LABELS,
            count_words=freshness.count_words,
            # What is known of progress, as at the build's date (freshness.py).
            standing=lambda view: freshness.standing(view, self.as_at),
            progress_of=lambda views: freshness.progress_of(views, self.as_at),
            strategy_progress=lambda entry: freshness.strategy_progress(entry, self.as_at),
            publishes_progress=freshness.publishes_progress,
            report_schedule=lambda entry: freshness.report_schedule(entry, self.as_at),
            last_updated=freshness.last_updated,
            subject_of=self.browse.of,
            person_record=lambda person_id: accountability.person_record(site, person_id, self.as_at),
            organisation_totals=accountability.organisation_totals,
            organisation_of=accountability.organisation_of,
            # Past a dozen strategies, readers choose an organisation first (navigation, home page).
            group_by_organisation=navigation.grouped_by_organisation(site),
            pdf_of=self._pdf_of,  # the PDF of a strategy's whole-strategy page, or None
            page_address=self._page_address,  # a page's web address, for printed footers
        )

    @pass_context
    def _url(self, context, obj, anchor: str | None = None) -> str:
        """Link from the page being rendered to the page (and anchor) showing ``obj``."""
        target, own_anchor = urls.target_of(obj)
        return urls.relative_url(context["page_path"], target, anchor or own_anchor, self.directory_urls)

    @pass_context
    def _file_url(self, context, path: str) -> str:
        return urls.relative_file(context["page_path"], path, self.directory_urls)

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

    def _with_links(self, context, text):
        """Content Markdown with its item: references turned into links from this page, and its
        images (the strategy's images/ files) addressed from this page."""
        entry = context.get("strategy")
        if text and entry is not None and entry.images and "images/" in text:
            text = urls.link_images(
                text, entry, lambda path: urls.relative_file(context["page_path"], path, self.directory_urls)
            )
        if not text or "item:" not in text:
            return text
        return urls.link_references(
            text,
            self.site,
            entry,
            lambda target, anchor: urls.relative_url(context["page_path"], target, anchor, self.directory_urls),
        )

    @pass_context
    def _md(self, context, text):
        return markdown_to_html(self._with_links(context, text))

    @pass_context
    def _md_inline(self, context, text):
        return markdown_inline(self._with_links(context, text))

    @pass_context
    def _md_whole(self, context, text, top: int | None = None):
        """Content Markdown for the whole-strategy page: rendered and sanitised as the ``md``
        filter does, with item: references to the same version linked to the item on this
        page, and (with ``top``) its headings moved so that the highest is ``h<top>``: a
        narrative page's own headings sit under its title there."""
        entry, path = context["strategy"], context["page_path"]
        if text and entry.images and "images/" in text:
            text = urls.link_images(text, entry, lambda target: urls.relative_file(path, target, self.directory_urls))
        if text and "item:" in text:

            def link(match: re.Match) -> str:
                view = resolve(self.site, entry, match.group(1))
                if view is None:
                    return match.group(0)  # (validation has reported it)
                if view.strategy is entry:
                    return f"](#item-{view.id})"
                return f"]({urls.relative_url(path, *urls.target_of(view), self.directory_urls)})"

            text = REFERENCE.sub(link, text)
        html = markdown_to_html(text)
        levels = [int(level) for closing, level in _HEADING_TAG.findall(html) if not closing]
        if top is None or not levels:
            return html
        shift = top - min(levels)
        return Markup(_HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", str(html)))

    def _pdf_of(self, entry: StrategyEntry) -> str | None:
        """Where the PDF of a strategy's whole-strategy page is published: the current
        version's, when the renderer makes PDFs; None otherwise."""
        return urls.whole_pdf_path(entry) if self.pdfs and entry.revision is None else None

    def _page_address(self, path: str) -> str:
        """A page's web address: in full when the site's address is known, else from the site's root."""
        address = urls.page_url(path, self.directory_urls)
        return f"{self.site_url.rstrip('/')}/{address}" if self.site_url else f"/{address}"

    @pass_context
    def party(self, context, ref: str) -> Party:
        """What a reference (post or organisation id) stands for on the page being rendered:
        in an old version, the names it was released with."""
        found = self.site.party(ref, context.get("strategy"))
        if found is None:  # validation reports unknown references before pages are made
            raise ValueError(f"'{ref}' names no post or organisation")
        return found

    def _render(
        self, template: str, path: str, title: str, description: str = "", in_nav: bool = True, **context
    ) -> GeneratedPage:
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
        return self._render(
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
        return self._render(
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
        return self._render(
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
        generated = self._render(
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
        return self._render(
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
        page = self._render(
            "whole.md.j2",
            path,
            title,
            description,
            in_nav=False,
            strategy=entry,
            current_page=current,
            pdf=self._pdf_of(entry),
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

    def _strategy_output(self, entry: StrategyEntry) -> tuple[list[GeneratedPage], dict[str, str | bytes], int]:
        """A strategy's pages, the files they publish (charts, downloads) and its chart count."""
        assets, charts = self.assets, self.chart_count
        self.assets = {}
        try:
            pages = self.strategy_pages(entry)
            return pages, self.assets, self.chart_count - charts
        finally:
            self.assets, self.chart_count = assets, charts

    def _compile_templates(self) -> None:
        """Compile the page templates (macros/*.j2, charts included), so that worker processes
        forked from this one inherit them compiled: each compiled its own, a third of a second
        of the medium benchmark's worker's time."""
        for name in self.env.list_templates(filter_func=lambda name: name.endswith(".j2")):
            if not name.startswith(("scaffold/", "theme/")):  # rendered elsewhere, with other filters
                self.env.get_template(name)

    def _subject_title(self, subject: browse.Subject, number: int, total: int) -> str:
        """'Protected characteristic: Age', 'Place: East Ward (Demo Borough Council)'."""
        kind = {"characteristic": "Protected characteristic", "community": "Community", "place": "Place"}[subject.kind]
        title = f"{kind}: {subject.name}"
        if subject.organisation:
            organisation = self.site.organisations.get(subject.organisation)
            title += f" ({organisation.name if organisation else subject.organisation})"
        return title + (f", page {number} of {total}" if total > 1 else "")

    def _subject_key(self, subject: browse.Subject) -> str | None:
        """What a characteristic's, community's or place's pages show, fingerprinted: the
        strategies it lists (in `serve`, an edit elsewhere does not remake it)."""
        keys = self._reuse_keys_of(sorted(subject.strategies))
        if keys is None:
            return None
        return "|".join([self.shared_key, str(self.as_at), subject.kind, subject.key, *keys])

    def _reuse_keys_of(self, strategies: list[str]) -> list[str] | None:
        """The keys of these strategies, in order; None if one has none, or if strategies have
        no keys (not a `serve` session)."""
        if not self.reuse_keys:
            return None
        keys = []
        for strategy in strategies:
            key = self.reuse_keys.get(strategy)
            if key is None:
                return None
            keys.append(key)
        return keys

    def _all_strategies_key(self) -> str | None:
        """A key that changes with any strategy (pages summarising the whole site)."""
        if not self.reuse_keys:
            return None
        return "|".join(
            [self.shared_key, str(self.as_at), *(self.reuse_keys.get(s, "") for s in sorted(self.site.strategies))]
        )

    def _person_key(self, person_id: str) -> str | None:
        """What a person's page shows, fingerprinted: their posts (in the organisations, which
        every strategy's key covers) and the items and statuses of the strategies they
        oversee items in. None when strategies have no keys (not a `serve` session)."""
        if not self.reuse_keys:
            return None
        overseen = sorted({r.view.strategy.id for r in self.site.responsibilities_of_person(person_id)})
        keys = self._reuse_keys_of(overseen)
        return None if keys is None else "|".join([self.shared_key, person_id, *keys])

    @staticmethod
    def _reused(reuse: dict | None, name, key: str | None, make):
        """``make()``, or what it made in the previous build if ``key`` is unchanged since."""
        earlier = reuse.get(name) if reuse is not None and key is not None else None
        if earlier is not None and earlier[0] == key:
            return earlier[1]
        made = make()
        if reuse is not None and key is not None:
            reuse[name] = (key, made)
        return made

    def pages(self, progress=None, reuse: dict | None = None) -> list[GeneratedPage]:
        """Every generated page: strategies, their items and pages, people and organisations.

        ``progress`` (a progress.Progress) is told of each strategy done. ``reuse`` maps a
        strategy's id to (key, pages, files) from an earlier build: when the key given by
        ``reuse_keys`` is the same, the strategy's pages and files are taken from there instead
        of being made again (``serve`` rebuilding after an edit); the map is updated.
        """
        site = self.site
        # The site's own pages show what every strategy's key covers (organisations, each
        # strategy's structure, site.yaml): in `serve`, re-made only when that changes. A
        # person's page also shows the statuses of what they oversee (_person_key).
        shared = self.shared_key or None

        def site_page(template: str, path: str, *args, key: str | None = shared, **context) -> GeneratedPage:
            return self._reused(reuse, path, key, lambda: self._render(template, path, *args, **context))

        result = [
            site_page(
                "strategies.md.j2",
                urls.STRATEGIES,
                "All strategies",
                "Every strategy published on this site.",
                key=self._all_strategies_key(),
            )
        ]
        if progress:
            progress.start("Writing strategies' pages and charts", len(site.strategies))
        reused, todo = {}, []
        for entry in site.strategies.values():
            key = self.reuse_keys.get(entry.id)
            earlier = reuse.get(entry.id) if reuse is not None else None
            if key is not None and earlier is not None and earlier[0] == key:
                reused[entry.id] = earlier[1:]
            else:
                todo.append(entry)
        later = self._site_pages(site_page)
        # Jobs shared with forked workers, one strategy each; in a one-off build, the site's own
        # pages too (in `serve`, making them updates ``reuse``, which a worker cannot).
        jobs: list = list(todo)
        if reuse is None:
            jobs.extend(later[start : start + SITE_PAGES_PER_JOB] for start in range(0, len(later), SITE_PAGES_PER_JOB))
            jobs.append(_SITE_DOWNLOADS)  # (made again in `serve`: an edit may change any strategy's rows)
        if len(jobs) > 1:
            self._compile_templates()  # once, here, rather than in each forked worker
        made = forked_map(self._job_output, jobs)
        for entry in site.strategies.values():
            pages, files, charts = reused.get(entry.id) or next(made)
            self.assets.update(files)
            self.chart_count += charts
            if reuse is not None and entry.id in self.reuse_keys:
                reuse[entry.id] = (self.reuse_keys[entry.id], pages, files, charts)
            result.extend(pages)
            if progress:
                progress.advance()
        if reuse is None:
            for _ in range(len(jobs) - len(todo) - 1):
                result.extend(next(made))
            self.assets.update(next(made))
        else:
            result.extend(make() for make in later)
            self.assets.update(downloads.site_downloads(site, self.as_at, self.assets))
        return result

    def _job_output(self, job):
        """A strategy's output (see _strategy_output), the whole site's downloads, or the pages
        a list of makers make."""
        if isinstance(job, StrategyEntry):
            return self._strategy_output(job)
        if job is _SITE_DOWNLOADS:  # the same files as from the strategies' own (test_downloads.py)
            return downloads.site_downloads(self.site, self.as_at)
        return [make() for make in job]

    def _site_pages(self, site_page) -> list:
        """The site's own pages after the strategies', each as a function that makes it."""
        site, settings = self.site, self.site.settings
        later: list[Callable[..., GeneratedPage]] = []
        if settings is not None:
            later.append(
                lambda: site_page(
                    "accessibility.md.j2",
                    urls.ACCESSIBILITY,
                    "Accessibility statement",
                    "How accessible this website is, and how to get content in another format.",
                    statement=settings.accessibility,
                )
            )
        from .reference import blocks

        later.append(
            lambda: site_page(
                "field_reference.md.j2",
                urls.FIELD_REFERENCE,
                "Field reference",
                "Every field a content file can have.",
                blocks=blocks(),
            )
        )
        later.append(
            lambda: site_page(
                "people.md.j2", urls.PEOPLE, "People", "The named people and posts who oversee each strategy's work."
            )
        )
        for person, organisation in site.people.values():
            later.append(
                lambda person=person, organisation=organisation: site_page(
                    "person.md.j2",
                    urls.person_path(person.id),
                    person.name,
                    f"What {person.name} oversees.",
                    key=self._person_key(person.id),
                    in_nav=False,
                    person=person,
                    organisation=organisation,
                )
            )
        later.append(
            lambda: site_page(
                "who_and_where.md.j2",
                urls.WHO_AND_WHERE,
                "Who and where",
                "What every strategy does for each protected characteristic, community and place.",
                key=self._all_strategies_key(),
                index=self.browse,
            )
        )
        for subject in self.browse.all():
            pages = browse.pages_of(subject)
            total = len(pages)
            for number, rows in enumerate(pages, start=1):
                later.append(
                    lambda subject=subject, number=number, rows=rows, total=total: site_page(
                        "subject.md.j2",
                        urls.subject_path(subject, number),
                        self._subject_title(subject, number, total),
                        f"Everything the strategies on this site do for {subject.name}.",
                        key=self._subject_key(subject),
                        in_nav=False,
                        subject=subject,
                        rows=rows,
                        number=number,
                        total=total,
                    )
                )
        records = accountability.owner_records(site, self.as_at)
        split = sum(len(owners) for owners in records.values()) > accountability.OWNERS_ON_ONE_PAGE
        later.append(
            lambda: site_page(
                "accountability.md.j2",
                urls.ACCOUNTABILITY,
                "Accountability",
                "Who owns each strategy's work, how it is going and what is overdue.",
                key=self._all_strategies_key(),
                records=records,
                split=split,
            )
        )
        for name, owners in records.items() if split else ():
            later.append(
                lambda name=name, owners=owners: site_page(
                    "accountability.md.j2",
                    urls.accountability_path(name),
                    f"Accountability: {name}",
                    f"Who owns work at {name}, how it is going and what is overdue.",
                    key=self._all_strategies_key(),
                    in_nav=False,
                    records={name: owners},
                    split=False,
                )
            )
        later.append(
            lambda: site_page(
                "organisations.md.j2",
                urls.ORGANISATIONS,
                "Organisations",
                "The councils and partners behind these strategies.",
            )
        )
        for organisation in site.organisations.values():
            later.append(
                lambda organisation=organisation: site_page(
                    "organisation.md.j2",
                    urls.organisation_path(organisation.id),
                    site.organisation_label(organisation),
                    plain_text(organisation.description),
                    in_nav=False,
                    organisation=organisation,
                )
            )
        return later


# The site's own pages (people, organisations…) are made in jobs of this many.
SITE_PAGES_PER_JOB = 20
_SITE_DOWNLOADS = "the whole site's downloads"  # a job (its files go in the generator's assets)
