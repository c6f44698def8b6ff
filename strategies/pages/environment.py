"""The Jinja environment the page templates in ``macros/`` are rendered in, and what they can use.

A comms team restyling a page edits its template; this is what every template can call on.

Filters: ``md`` and ``md_inline`` (content Markdown, rendered and sanitised, with ``item:``
references and the strategy's images addressed from the page), ``md_whole`` (the same on the
whole-strategy page, items linked on the page), ``md_escape`` (text into Markdown), ``plain``
(Markdown to text), ``money`` (£450,000), ``date`` (31 July 2021, July 2021 or 2021) and
``month`` (July 2021), ``slug``, ``host`` and ``link_host`` (the website a link goes to).

Globals: the site (``site``) and links from the page being rendered (``url(obj, anchor)``,
``file_url(path)``, ``urls``); who a reference stands for, as the page's version names them
(``party(ref)``); words (``plural``, the labels of statuses, stages, characteristics and kinds
of organisation); what is known of progress as at the build's date (``as_at``, ``as_at_text``,
``standing(view)``, ``progress_of(views)``, ``strategy_progress(entry)``, ``report_schedule``,
``publishes_progress``, ``last_updated``, ``count_words``, ``progress_labels``: see
freshness.py); who answers for what (``person_record``, ``organisation_totals``,
``organisation_of``: accountability.py); who and where (``subject_of``); the PDF of a strategy
(``pdf_of``) and a page's address for printed footers (``page_address``).

Templates are compiled once and kept between builds (:class:`CompiledTemplates`).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Protocol

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
from strategies.content.site import Party, Site, StrategyEntry
from strategies.content.xrefs import REFERENCE, resolve

from . import accountability, freshness, hosts, navigation, urls
from .browse import BrowseIndex
from .text import escape_markdown, markdown_inline, markdown_to_html, plain_text, slug

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")  # in sanitised HTML (text's '<' is escaped)


def money(amount: float) -> str:
    """An amount of money as residents read it: £450,000, or £12.50."""
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """'1 action', '3 actions' (or the plural given: '2 strategies')."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


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


class Pages(Protocol):
    """What the environment reads of the page generator (generator.PageGenerator)."""

    site: Site
    directory_urls: bool
    as_at: datetime.date
    browse: BrowseIndex
    pdfs: bool  # whether each strategy's whole-strategy page is also published as a PDF
    site_url: str | None  # the site's public address, if known


class PageContext:
    """What templates call on that needs the page being rendered (its path, its strategy) or
    the generator's settings: links, content Markdown, parties, the PDF and the page's address."""

    def __init__(self, generator: Pages):
        self.generator = generator

    @pass_context
    def url(self, context, obj, anchor: str | None = None) -> str:
        """Link from the page being rendered to the page (and anchor) showing ``obj``."""
        target, own_anchor = urls.target_of(obj)
        return urls.relative_url(context["page_path"], target, anchor or own_anchor, self.generator.directory_urls)

    @pass_context
    def file_url(self, context, path: str) -> str:
        return urls.relative_file(context["page_path"], path, self.generator.directory_urls)

    def _with_links(self, context, text):
        """Content Markdown with its item: references turned into links from this page, and its
        images (the strategy's images/ files) addressed from this page."""
        entry = context.get("strategy")
        if text and entry is not None and entry.images and "images/" in text:
            text = urls.link_images(
                text, entry, lambda path: urls.relative_file(context["page_path"], path, self.generator.directory_urls)
            )
        if not text or "item:" not in text:
            return text
        return urls.link_references(
            text,
            self.generator.site,
            entry,
            lambda target, anchor: urls.relative_url(
                context["page_path"], target, anchor, self.generator.directory_urls
            ),
        )

    @pass_context
    def md(self, context, text):
        return markdown_to_html(self._with_links(context, text))

    @pass_context
    def md_inline(self, context, text):
        return markdown_inline(self._with_links(context, text))

    @pass_context
    def md_whole(self, context, text, top: int | None = None):
        """Content Markdown for the whole-strategy page: rendered and sanitised as the ``md``
        filter does, with item: references to the same version linked to the item on this
        page, and (with ``top``) its headings moved so that the highest is ``h<top>``: a
        narrative page's own headings sit under its title there."""
        entry, path = context["strategy"], context["page_path"]
        if text and entry.images and "images/" in text:
            text = urls.link_images(
                text, entry, lambda target: urls.relative_file(path, target, self.generator.directory_urls)
            )
        if text and "item:" in text:

            def link(match: re.Match) -> str:
                view = resolve(self.generator.site, entry, match.group(1))
                if view is None:
                    return match.group(0)  # (validation has reported it)
                if view.strategy is entry:
                    return f"](#item-{view.id})"
                return f"]({urls.relative_url(path, *urls.target_of(view), self.generator.directory_urls)})"

            text = REFERENCE.sub(link, text)
        html = markdown_to_html(text)
        levels = [int(level) for closing, level in _HEADING_TAG.findall(html) if not closing]
        if top is None or not levels:
            return html
        shift = top - min(levels)
        return Markup(_HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", str(html)))

    def pdf_of(self, entry: StrategyEntry) -> str | None:
        """Where the PDF of a strategy's whole-strategy page is published: the current
        version's, when the renderer makes PDFs; None otherwise."""
        return urls.whole_pdf_path(entry) if self.generator.pdfs and entry.revision is None else None

    def page_address(self, path: str) -> str:
        """A page's web address: in full when the site's address is known, else from the site's root."""
        address = urls.page_url(path, self.generator.directory_urls)
        return f"{self.generator.site_url.rstrip('/')}/{address}" if self.generator.site_url else f"/{address}"

    @pass_context
    def party(self, context, ref: str) -> Party:
        """What a reference (post or organisation id) stands for on the page being rendered:
        in an old version, the names it was released with."""
        found = self.generator.site.party(ref, context.get("strategy"))
        if found is None:  # validation reports unknown references before pages are made
            raise ValueError(f"'{ref}' names no post or organisation")
        return found


def page_environment(templates_dir: Path, context: PageContext) -> Environment:
    """The environment for the templates in ``templates_dir``, with the filters and globals the
    module's docstring lists, for the pages ``context``'s generator makes."""
    generator = context.generator
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        bytecode_cache=_COMPILED,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=context.md,
        md_inline=context.md_inline,
        md_escape=escape_markdown,
        plain=plain_text,
        money=money,
        date=lambda d: d.display() if d else "",
        month=lambda d: (d.month_display() if hasattr(d, "month_display") else d.display()) if d else "",
        slug=lambda text: slug(text, 80),
        host=hosts.link_host,  # the website a link goes to, for its label
        md_whole=context.md_whole,  # content Markdown on the whole-strategy page (whole_page)
        link_host=lambda address, organisation=None: urls.link_host_label(
            address, generator.site.organisations.get(organisation) if isinstance(organisation, str) else organisation
        ),
    )
    env.globals.update(
        site=generator.site,
        url=context.url,
        file_url=context.file_url,
        plural=plural,
        action_status_labels=ACTION_STATUS_LABELS,
        strategy_status_labels=STRATEGY_STATUS_LABELS,
        characteristic_labels=CHARACTERISTIC_LABELS,
        stage_labels=STAGE_LABELS,
        organisation_kind_labels=ORGANISATION_KIND_LABELS,
        party=context.party,
        urls=urls,
        as_at=generator.as_at,
        as_at_text=freshness.display_day(generator.as_at),
        display_day=freshness.display_day,
        display_month=freshness.display_month,
        progress_labels=freshness.PROGRESS_LABELS,
        count_words=freshness.count_words,
        # What is known of progress, as at the build's date (freshness.py).
        standing=lambda view: freshness.standing(view, generator.as_at),
        progress_of=lambda views: freshness.progress_of(views, generator.as_at),
        strategy_progress=lambda entry: freshness.strategy_progress(entry, generator.as_at),
        publishes_progress=freshness.publishes_progress,
        report_schedule=lambda entry: freshness.report_schedule(entry, generator.as_at),
        last_updated=freshness.last_updated,
        subject_of=generator.browse.of,
        person_record=lambda person_id: accountability.person_record(generator.site, person_id, generator.as_at),
        organisation_totals=accountability.organisation_totals,
        organisation_of=accountability.organisation_of,
        # Past a dozen strategies, readers choose an organisation first (navigation, home page).
        group_by_organisation=navigation.grouped_by_organisation(generator.site),
        pdf_of=context.pdf_of,  # the PDF of a strategy's whole-strategy page, or None
        page_address=context.page_address,  # a page's web address, for printed footers
    )
    return env
