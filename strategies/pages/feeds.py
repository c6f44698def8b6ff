"""What the Atom feeds announce: one feed for the whole site, and one per strategy.

``feed_entries`` gathers every entry as a plain ``FeedEntry``; a new kind of update (such
as a strategy's revisions) is a few lines there. The XML itself is rendered from
``macros/feed.xml.j2`` (see ``PageGenerator.render_feed``).

Feeds stay byte-identical between builds of the same content: every date comes from the
content, never from the clock, and every id is derived from where the entry's page lives
(a name-based UUID), so ids survive moving the site to another address, as Atom requires.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from strategies.content.model import PartialDate
from strategies.content.site import Site, StrategyEntry

from . import urls
from .text import plain_text

# Never change this: every feed and entry id is derived from it.
ID_NAMESPACE = uuid.UUID("c630ce00-d17a-48fa-bcef-7a0bf670e472")
# Each kind of entry, and how it is labelled (the entry's Atom category).
KIND_LABELS = {"progress-report": "Progress report", "revision": "Version released"}
SITE_FEED_SUBTITLE = "New progress reports and released versions of every strategy published on this site."
STRATEGY_FEED_SUBTITLE = "New progress reports and released versions of this strategy."


def atom_date(date: PartialDate) -> str:
    """An Atom (RFC 3339) timestamp for a content date. Dates given as a year or a month
    stand for their first day: 2024-07 becomes 2024-07-01T00:00:00Z."""
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def _urn(name: str) -> str:
    return uuid.uuid5(ID_NAMESPACE, name).urn


@dataclass(frozen=True)
class FeedEntry:
    """One update a feed announces: a page of the site, when it was published, and by whom."""

    kind: str  # a key of KIND_LABELS
    strategy: StrategyEntry
    title: str
    path: str  # the Markdown source path of the entry's page (see urls.py)
    date: PartialDate
    summary: str  # plain text: the template escapes it
    author: str  # the organisation that published it

    @property
    def id(self) -> str:
        return _urn(self.path)

    @property
    def updated(self) -> str:
        return atom_date(self.date)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    # Ties (same date) keep a fixed order, so the feed does not change between builds.
    ordered = sorted(entries, key=lambda e: (e.strategy.id, e.path))
    return sorted(ordered, key=lambda e: e.date._key(), reverse=True)


def _report_entry(site: Site, strategy: StrategyEntry, report) -> FeedEntry:
    summary = plain_text(report.model.summary) or (
        f"A progress report on {strategy.title}, published {report.model.date.display()}."
    )
    if strategy.model.demonstration:
        summary = f"Fictional demonstration content. {summary}"
    return FeedEntry(
        "progress-report",
        strategy,
        report.model.title,
        urls.report_path(strategy.id, report.id),
        report.model.date,
        summary,
        site.organisations[strategy.model.organisation].name,
    )


def _revision_entry(site: Site, strategy: StrategyEntry, old: StrategyEntry) -> FeedEntry:
    revision = old.released.model
    summary = plain_text(revision.summary)
    if strategy.model.demonstration:
        summary = f"Fictional demonstration content. {summary}"
    return FeedEntry(
        "revision",
        strategy,
        f"Version released: ‘{revision.label}’",
        urls.version_path(old),
        revision.date,
        summary,
        site.organisations[strategy.model.organisation].name,
    )


def feed_entries(site: Site) -> list[FeedEntry]:
    """Every update the feeds announce, newest first: each strategy's progress reports and
    released versions (each kept online at its own address)."""
    entries = [
        _report_entry(site, strategy, report) for strategy in site.strategies.values() for report in strategy.reports
    ]
    entries += [
        _revision_entry(site, strategy, old) for strategy in site.strategies.values() for old in strategy.revisions
    ]
    return _newest_first(entries)


@dataclass
class Feed:
    """An Atom feed: where it is published, the page it follows, and its entries (newest first)."""

    path: str  # the published file, e.g. "feed.xml"
    title: str
    subtitle: str
    page: str  # the Markdown source path of the page the feed is the feed of
    author: str
    id_name: str  # what the feed's id is derived from
    entries: list[FeedEntry] = field(default_factory=list)
    # When the feed has no entries yet, its "updated" date (from the content, not the clock).
    quiet_since: PartialDate = field(default_factory=lambda: PartialDate(1970))

    @property
    def id(self) -> str:
        return _urn(self.id_name)

    @property
    def updated(self) -> str:
        return self.entries[0].updated if self.entries else atom_date(self.quiet_since)


def _strategy_date(strategy: StrategyEntry) -> PartialDate:
    """The latest date a strategy itself gives: approval, source document or start."""
    model = strategy.model
    dates = [model.period.start, model.approval and model.approval.date, model.source and model.source.date]
    return max((d for d in dates if d), key=lambda d: d._key())


def feeds(site: Site, site_name: str) -> list[Feed]:
    """The site's feed, then one feed per strategy."""
    entries = feed_entries(site)
    strategy_dates = [_strategy_date(s) for s in site.strategies.values()]
    result = [
        Feed(
            urls.SITE_FEED,
            f"{site_name}: updates to every strategy",
            SITE_FEED_SUBTITLE,
            urls.HOME,
            site_name,
            f"{site_name}/{urls.SITE_FEED}",
            entries,
        )
    ]
    if strategy_dates:
        result[0].quiet_since = max(strategy_dates, key=lambda d: d._key())
    for strategy in site.strategies.values():
        path = urls.strategy_feed_path(strategy.id)
        result.append(
            Feed(
                path,
                f"{strategy.title}: updates",
                STRATEGY_FEED_SUBTITLE,
                urls.strategy_path(strategy.id),
                site.organisations[strategy.model.organisation].name,
                path,
                [e for e in entries if e.strategy is strategy],
                _strategy_date(strategy),
            )
        )
    return result


def feeds_for_page(all_feeds: list[Feed], page_path: str) -> list[Feed]:
    """The feeds a page links in its head: the site's, and its strategy's on a strategy's pages."""
    found = [feed for feed in all_feeds if feed.path == urls.SITE_FEED]
    parts = page_path.split("/")
    if len(parts) > 2 and parts[0] == "strategies":
        own = urls.strategy_feed_path(parts[1])
        found.extend(feed for feed in all_feeds if feed.path == own)
    return found
