"""Who answers for what, and how it is going: a record for each post and organisation that
owns items, for the accountability page, organisation pages and people's pages.

A record counts the adopted actions its items hold by status, the overdue ones (as at the
build's date: see freshness.py), and the oldest "last updated" among its items, so that a
scrutiny committee sees at once whose work is late and whose information is stale.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from strategies.content.site import NodeView, Party, Site, count_statuses

from . import freshness


@dataclass
class OwnerRecord:
    """One owner (post or organisation) and the items they own."""

    ref: str
    party: Party
    items: list[NodeView] = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    actions: int = 0
    overdue: list[NodeView] = field(default_factory=list)
    oldest: freshness.Update | None = None
    latest: freshness.Update | None = None
    never_updated: int = 0  # items no report or release has touched

    @property
    def sort_key(self) -> tuple:
        """Most overdue first, then the stalest, then by name."""
        oldest = self.oldest.date.end_key() if self.oldest else (0, 0, 0)
        return (-len(self.overdue), -self.never_updated, oldest, self.party.label().lower())


def owner_record(site: Site, ref: str, as_at: datetime.date, views: list[NodeView] | None = None) -> OwnerRecord | None:
    """The record of one owner, over the items they own (or ``views``); None if they own none."""
    party = site.party(ref)
    if party is None:
        return None
    items = views if views is not None else [r.view for r in site.responsibilities_of(ref) if r.role == "owner"]
    if not items:
        return None
    record = OwnerRecord(ref, party, items)
    actions = list({id(action): action for view in items for action in view.actions() if action.stage is None}.values())
    record.actions = len(actions)
    record.statuses = count_statuses(action.status() for action in actions)
    record.overdue = [action for action in actions if freshness.is_overdue(action, as_at)]
    updates = [freshness.last_updated(view) for view in items]
    record.never_updated = sum(1 for update in updates if update is None)
    known = [update for update in updates if update is not None]
    record.oldest = min(known, key=lambda update: update.date.end_key(), default=None)
    record.latest = max(known, key=lambda update: update.date.end_key(), default=None)
    return record


def owner_records(site: Site, as_at: datetime.date) -> dict[str, list[OwnerRecord]]:
    """Every owner's record, grouped by organisation name, most overdue first within each."""
    grouped: dict[str, list[OwnerRecord]] = {}
    for ref in site.party_ids():
        record = owner_record(site, ref, as_at)
        if record is not None:
            grouped.setdefault(record.party.organisation_name, []).append(record)
    return {name: sorted(records, key=lambda r: r.sort_key) for name, records in sorted(grouped.items())}


def person_record(site: Site, person_id: str, as_at: datetime.date) -> OwnerRecord | None:
    """One record for a person, over the items of every post they hold."""
    posts = site.posts_held_by(person_id)
    views = [r.view for post, _ in posts for r in site.responsibilities_of(post.id) if r.role == "owner"]
    if not posts or not views:
        return None
    return owner_record(site, posts[0][0].id, as_at, list({id(view): view for view in views}.values()))


def status_words(statuses: list[tuple[str, int]], labels: dict) -> str:
    """'3 complete, 2 on track', or 'none adopted'."""
    return ", ".join(f"{count} {labels[status].lower()}" for status, count in statuses) or "none adopted"


# With more owners than this, the accountability page lists organisations, each with a page of
# its own owners, so that it stays a readable size on a county's site.
OWNERS_ON_ONE_PAGE = 40


def organisation_totals(records: list[OwnerRecord]) -> tuple[int, int, int]:
    """(owners, adopted actions, overdue actions) of one organisation's records."""
    return len(records), sum(r.actions for r in records), sum(len(r.overdue) for r in records)
