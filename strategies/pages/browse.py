"""Who and where: pages that gather, across every strategy, the items serving one protected
characteristic, one community of interest or one place.

The public sector equality duty is organised around the nine protected characteristics of the
Equality Act 2010: each gets a page, and one that no strategy names says so (a gap is
information too). Communities and places are declared by each strategy; two with the same name
in strategies of the same organisation are one page, and the same name at two organisations is
two (two councils' "Central ward" are different places). An item is listed when it names the
characteristic, community or place itself, or when an item above it does (marked so).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strategies.content.model import CHARACTERISTIC_LABELS
from strategies.content.site import NodeView, Site, StrategyEntry

from .text import slug

# Rows on one page: a subject with more is split over numbered pages, so that no page grows
# without bound on a county's site of hundreds of strategies.
ROWS_PER_PAGE = 60


@dataclass
class Listed:
    """An item on a browse page: ``via`` is the item above it that names the subject, or None
    when the item names it itself."""

    view: NodeView
    via: NodeView | None = None


@dataclass
class Subject:
    """A characteristic, community or place, with the items serving it, by strategy."""

    kind: str  # "characteristic", "community" or "place"
    key: str  # the address's last part
    name: str
    organisation: str | None = None  # communities and places belong to an organisation
    by_strategy: dict[str, list[Listed]] = field(default_factory=dict)
    strategies: dict[str, StrategyEntry] = field(default_factory=dict)
    detail: str | None = None  # a place's kind, a community's group

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.by_strategy.values())


def _walk(entry: StrategyEntry, names_of) -> dict[str, list[Listed]]:
    """For each key an item names (``names_of(node)``), the items it or an ancestor names it in."""
    found: dict[str, list[Listed]] = {}

    def visit(view: NodeView, inherited: dict[str, NodeView]) -> None:
        own = set(names_of(view.node))
        for key in own:
            found.setdefault(key, []).append(Listed(view))
        for key, via in inherited.items():
            if key not in own:
                found.setdefault(key, []).append(Listed(view, via))
        below = {**inherited, **{key: view for key in own}}
        for child in view.children:
            visit(child, below)

    for root in entry.roots:
        visit(root, {})
    return found


@dataclass
class BrowseIndex:
    """Every subject, by kind, and a way to find the page an item's tag links to."""

    by_kind: dict[str, list[Subject]]
    _lookup: dict[tuple, Subject]

    def of(self, kind: str, entry: StrategyEntry, ref: str) -> Subject | None:
        """The page for a characteristic ``ref``, or for the community or place ``ref`` of ``entry``."""
        if kind == "characteristic":
            return self._lookup.get((kind, None, ref))
        declared = entry.model.communities if kind == "community" else entry.model.places
        block = next((b for b in declared if b.id == ref), None)
        return self._lookup.get((kind, entry.model.organisation, block.name.strip().lower())) if block else None

    def all(self) -> list[Subject]:
        return [subject for subjects in self.by_kind.values() for subject in subjects]


def browse_index(site: Site) -> BrowseIndex:
    """Every characteristic (all nine, named or not), community and place of current strategies."""
    lookup: dict[tuple, Subject] = {
        ("characteristic", None, key): Subject("characteristic", key, label)
        for key, label in CHARACTERISTIC_LABELS.items()
    }
    for entry in site.strategies.values():
        organisation = entry.model.organisation
        for key, rows in _walk(entry, lambda node: node.characteristics).items():
            subject = lookup[("characteristic", None, key)]
            subject.by_strategy[entry.id] = rows
            subject.strategies[entry.id] = entry
        for declared, kind, names_of in (
            (entry.model.communities, "community", lambda node: node.communities),
            (entry.model.places, "place", lambda node: node.places),
        ):
            named = {block.id: block for block in declared}
            for block in declared:  # every declared one gets a page, named by items or not
                found = (kind, organisation, block.name.strip().lower())
                subject = lookup.setdefault(
                    found,
                    Subject(kind, f"{organisation}-{slug(block.name, 60) or 'unnamed'}", block.name, organisation),
                )
                subject.detail = subject.detail or getattr(block, "kind", None) or getattr(block, "group", None)
            for ref, rows in _walk(entry, names_of).items():
                if ref in named:
                    subject = lookup[(kind, organisation, named[ref].name.strip().lower())]
                    subject.by_strategy.setdefault(entry.id, []).extend(rows)
                    subject.strategies[entry.id] = entry
    by_kind: dict[str, list[Subject]] = {"characteristic": [], "community": [], "place": []}
    for subject in lookup.values():
        by_kind[subject.kind].append(subject)
    for kind in ("community", "place"):
        by_kind[kind].sort(key=lambda s: (s.organisation, s.name.lower()))
    return BrowseIndex(by_kind, lookup)


def pages_of(subject: Subject) -> list[list[tuple[StrategyEntry, list[Listed]]]]:
    """A subject's rows split into pages of at most ROWS_PER_PAGE (one page if it has none),
    each page's rows grouped by strategy, in the site's order of strategies."""
    pages: list[list[tuple[StrategyEntry, list[Listed]]]] = [[]]
    room = ROWS_PER_PAGE
    for strategy_id, rows in subject.by_strategy.items():
        entry = subject.strategies[strategy_id]
        while rows:
            if room == 0:
                pages.append([])
                room = ROWS_PER_PAGE
            taken, rows = rows[:room], rows[room:]
            pages[-1].append((entry, taken))
            room -= len(taken)
    return pages
