"""Who answers for what, and how it is going: a record for each post and organisation that
owns items, for the accountability page, organisation pages and people's pages.

A record counts the adopted actions its items hold by their standing as at the build's date
(freshness.py): one partition, with what a report said is overdue and what is past its due
date with no report since. Only strategies that publish progress count: an owner is never
charged with what was never reported. Actions of strategies with no progress report published
here are counted apart, and said so. So a scrutiny committee sees at once whose work a report
says is late, and whose information is old.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from strategies.content.model import PartialDate
from strategies.content.site import NodeView, Party, Site

from . import freshness


@dataclass
class OwnerRecord:
    """One owner (post or organisation) and the items they own."""

    ref: str
    party: Party
    items: list[NodeView] = field(default_factory=list)
    # The adopted actions of their items in strategies that publish progress, as at a date.
    progress: freshness.Progress = field(default_factory=freshness.Progress)
    # Adopted actions of their items in strategies with no progress published here.
    unpublished: int = 0
    oldest: PartialDate | None = None  # the oldest date among their actions' reported statuses
    latest: freshness.Update | None = None  # the latest report that updated any of their items

    @property
    def actions(self) -> int:
        return self.progress.adopted + self.unpublished

    @property
    def sort_key(self) -> tuple:
        """Most overdue first, then most past due, then the stalest; owners with nothing
        reported last; then by name."""
        p = self.progress
        oldest = self.oldest.end_key() if self.oldest else (9999, 0, 0)
        return (
            not p.adopted,
            -len(p.overdue),
            -len(p.past_due),
            -p.count("not-yet-reported"),
            oldest,
            self.party.label().lower(),
        )


def owner_record(site: Site, ref: str, as_at: datetime.date, views: list[NodeView] | None = None) -> OwnerRecord | None:
    """The record of one owner, over the items they own (or ``views``); None if they own none."""
    party = site.party(ref)
    if party is None:
        return None
    items = views if views is not None else [r.view for r in site.responsibilities_of(ref) if r.role == "owner"]
    if not items:
        return None
    record = OwnerRecord(ref, party, items)
    counted = [view for view in items if freshness.publishes_progress(view.strategy)]
    record.progress = freshness.progress_of(counted, as_at)
    if len(counted) < len(items):
        record.unpublished = freshness.progress_of(
            [view for view in items if not freshness.publishes_progress(view.strategy)], as_at
        ).adopted
    actions = {id(action): action for view in counted for action in view.actions()}.values()
    dates = [
        found.date
        for found in (freshness.standing(action, as_at) for action in actions)
        if found is not None and found.date is not None
    ]
    record.oldest = min(dates, key=lambda date: date.end_key(), default=None)
    updates = [update for update in map(freshness.last_updated, counted) if update is not None]
    record.latest = max(updates, key=lambda update: update.date.end_key(), default=None)
    return record


def organisation_of(party: Party) -> str:
    """The organisation a record is listed under: a team or service's own organisation."""
    return party.part_of_name or party.organisation_name


def owner_records(site: Site, as_at: datetime.date) -> dict[str, list[OwnerRecord]]:
    """Every owner's record, grouped by organisation name, most overdue first within each."""
    grouped: dict[str, list[OwnerRecord]] = {}
    for ref in site.party_ids():
        record = owner_record(site, ref, as_at)
        if record is not None:
            grouped.setdefault(organisation_of(record.party), []).append(record)
    return {name: sorted(records, key=lambda r: r.sort_key) for name, records in sorted(grouped.items())}


def person_record(site: Site, person_id: str, as_at: datetime.date) -> OwnerRecord | None:
    """One record for a person, over the items of every post they hold."""
    posts = site.posts_held_by(person_id)
    views = [r.view for post, _ in posts for r in site.responsibilities_of(post.id) if r.role == "owner"]
    if not posts or not views:
        return None
    return owner_record(site, posts[0][0].id, as_at, list({id(view): view for view in views}.values()))


# With more owners than this, the accountability page lists organisations, each with a page of
# its own owners, so that it stays a readable size on a county's site.
OWNERS_ON_ONE_PAGE = 40


def organisation_totals(records: list[OwnerRecord]) -> tuple[int, int, int, int]:
    """(owners, adopted actions, overdue actions, actions past due with no report since) of one
    organisation's records."""
    return (
        len(records),
        sum(r.actions for r in records),
        sum(len(r.progress.overdue) for r in records),
        sum(len(r.progress.past_due) for r in records),
    )
