"""The loaded content, indexed by id, with the views pages need (who oversees what)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .model import (
    ACTION_STATUS_ORDER,
    Level,
    Node,
    Organisation,
    PageMeta,
    Person,
    Post,
    ProgressReport,
    Revision,
    SiteSettings,
    Strategy,
)
from .problems import Location

# Strategy statuses under which no commitment is adopted yet: every item is 'proposed'.
NOT_YET_ADOPTED = ("draft", "consultation", "proposed")


@dataclass
class NarrativePage:
    """A hand-written Markdown page that belongs to a strategy."""

    slug: str
    meta: PageMeta
    body: str
    location: Location


def _gives_only(block, fields: tuple[str, ...]) -> bool:
    """True when the content sets nothing on ``block`` but ``fields`` (any field added to the
    model later counts as more)."""
    return all(name in fields for name in block.model_dump(exclude_defaults=True))


def count_statuses(statuses) -> list[tuple[str, int]]:
    """How many of each status, best first (complete, on track, …, not yet reported)."""
    counts = Counter(statuses)
    return sorted(counts.items(), key=lambda item: ACTION_STATUS_ORDER.index(item[0]))


@dataclass
class ReportEntry:
    """A progress report of a strategy, with its id (file name) and source file."""

    id: str
    model: ProgressReport
    file: str


@dataclass
class RevisionEntry:
    """A frozen version of a strategy: its folder name (slug), revision.yaml and source file."""

    slug: str
    model: Revision
    file: str

    @property
    def label(self) -> str:
        return self.model.label


@dataclass
class Party:
    """What an owner reference (a post or organisation id) stands for, ready to show.

    ``person`` and ``organisation`` are the current site's objects, for links; they are None
    for an old version, which shows the names it was released with, as text.
    """

    ref: str
    kind: str  # "post" or "organisation"
    name: str | None  # the person holding the post, or the organisation's name
    role: str | None  # the post's title
    directorate: str | None
    organisation_name: str
    person: Person | None = None
    organisation: Organisation | None = None
    # For a team or service of an organisation (or a post in one): that organisation's name
    # (and the object).
    part_of_name: str | None = None
    part_of: Organisation | None = None

    def label(self) -> str:
        """One line naming the party: 'Alex Rivers, Director of Public Health', or for a
        service, 'Children's Services, Warrington Borough Council'."""
        if self.kind == "organisation":
            name = self.name or self.organisation_name
            return f"{name}, {self.part_of_name}" if self.part_of_name else name
        return f"{self.name}, {self.role}" if self.name else f"{self.role} (post-holder not named)"


@dataclass
class NodeView:
    """A node of a strategy's hierarchy, with its place in the tree."""

    node: Node
    strategy: StrategyEntry
    depth: int  # 0 for the top level
    parent: NodeView | None
    children: list[NodeView] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def level(self) -> Level:
        """What this item is called: its own ``level`` if it has one, else its depth's."""
        if self.node.level:
            return Level(name=self.node.level)
        levels = self.strategy.model.levels
        return levels[min(self.depth, len(levels) - 1)]

    @property
    def title(self) -> str:
        """The item's title after its printed label, if it has one: '(a) Reduce smoking'."""
        node = self.node
        return f"{node.label} {node.title}" if node.label else node.title

    @property
    def stage(self) -> str | None:
        """'proposed' or 'provisional' for a commitment not (yet) adopted: its own stage, else
        an item's above it, else 'proposed' in a strategy that is not adopted yet; None for an
        adopted commitment, whose progress is counted."""
        view: NodeView | None = self
        while view is not None:
            if view.node.stage:
                return view.node.stage
            view = view.parent
        return "proposed" if self.strategy.model.status in NOT_YET_ADOPTED else None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def has_page(self) -> bool:
        """Items with children get a page; leaves (actions) are rows on their parent's page."""
        return bool(self.children)

    def ancestors(self) -> list[NodeView]:
        chain, view = [], self.parent
        while view is not None:
            chain.append(view)
            view = view.parent
        return list(reversed(chain))

    def _inherited(self, refs_of) -> tuple[list[str], NodeView | None]:
        view: NodeView | None = self
        while view is not None:
            if refs := refs_of(view.node):
                return refs, (None if view is self else view)
            view = view.parent
        return [], None

    def effective_owners(self) -> tuple[list[str], NodeView | None]:
        """This item's owners, or those of the nearest ancestor that has some (and which one)."""
        return self._inherited(lambda node: node.owners)

    def effective_lead_partner(self) -> tuple[list[str], NodeView | None]:
        """This item's lead partner (a list of one, or none), or the nearest ancestor's."""
        return self._inherited(lambda node: [node.lead_partner] if node.lead_partner else [])

    def effective_collaborators(self) -> tuple[list[str], NodeView | None]:
        """This item's collaborators, or those of the nearest ancestor that has some."""
        return self._inherited(lambda node: node.collaborators)

    @property
    def is_action(self) -> bool:
        """True for items at the strategy's last named level (its actions, whatever it calls them)."""
        return self.depth == len(self.strategy.model.levels) - 1

    def actions(self) -> list[NodeView]:
        """This item's actions: itself if it is one, else those below it."""
        if self.is_action:
            return [self]
        return [action for child in self.children for action in child.actions()]

    def history(self) -> list[tuple[ReportEntry, object]]:
        """This action's updates, oldest report first: (report, update)."""
        return self.strategy.updates_for(self.id)

    @property
    def has_updates(self) -> bool:
        """True once a progress report has an update on this action."""
        return bool(self.history())

    def latest_update(self):
        history = self.history()
        return history[-1] if history else None

    def status(self) -> str:
        """The status in the latest report that mentions it, else the one in strategy.yaml.

        In an old version: the status it had when that version was released."""
        revision = self.strategy.revision
        if revision is not None and self.id in revision.model.statuses:
            return revision.model.statuses[self.id]
        latest = self.latest_update()
        if latest is not None:
            return latest[1].status
        return self.node.status or "not-yet-reported"


@dataclass
class StrategyEntry:
    """A strategy with its id (its folder name), source file and narrative pages."""

    id: str
    model: Strategy
    file: str
    pages: list[NarrativePage]
    roots: list[NodeView] = field(default_factory=list)
    nodes: dict[str, NodeView] = field(default_factory=dict)
    reports: list[ReportEntry] = field(default_factory=list)  # oldest first
    series: dict = field(default_factory=dict)  # measure id -> list of Observation
    images: dict = field(default_factory=dict)  # images/<name> -> the file (content/images.py)
    # An old version has its revision here, and the current version of the strategy as current;
    # the current version lists its old versions under revisions, oldest first.
    revision: RevisionEntry | None = None
    current: StrategyEntry | None = None
    revisions: list[StrategyEntry] = field(default_factory=list)
    _updates: dict = field(default_factory=dict)
    _states_statuses: bool | None = None

    @property
    def released(self) -> RevisionEntry:
        """For an old version (one of a strategy's revisions): the revision it was released as."""
        if self.revision is None:
            raise ValueError(f"'{self.id}' is the current version of its strategy, not an old one")
        return self.revision

    def add_revision(self, old: StrategyEntry) -> None:
        """Attach an old version, keeping them ordered by release date."""
        old.current = self
        self.revisions.append(old)
        self.revisions.sort(key=lambda e: (e.released.model.date._key(), e.released.slug))

    def successor(self) -> StrategyEntry | None:
        """For an old version: the next version (a later revision, or the current one)."""
        if self.current is None:
            return None
        later = self.current.revisions[self.current.revisions.index(self) + 1 :]
        return later[0] if later else self.current

    def index_reports(self) -> None:
        """Order reports by date and index their updates by action."""
        self.reports.sort(key=lambda r: (r.model.date._key(), r.id))
        self._updates = {}
        for report in self.reports:
            for update in report.model.updates:
                self._updates.setdefault(update.action, []).append((report, update))

    def states_statuses(self) -> bool:
        """True when the strategy document itself gives any action a status (``status`` in
        strategy.yaml)."""
        if self._states_statuses is None:
            self._states_statuses = any(view.node.status for view in self.actions())
        return self._states_statuses

    def updates_for(self, action_id: str) -> list:
        return list(self._updates.get(action_id, []))

    def latest_report(self) -> ReportEntry | None:
        return self.reports[-1] if self.reports else None

    def status_counts_at(self, report: ReportEntry) -> list[tuple[str, int]]:
        """Status of every action as it stood after a given report (earlier reports carried over)."""
        current = {}
        for earlier in self.reports[: self.reports.index(report) + 1]:
            for update in earlier.model.updates:
                current[update.action] = update.status
        return count_statuses(
            current.get(view.id, view.node.status or "not-yet-reported") for view in self.committed_actions()
        )

    def build_tree(self) -> list[tuple[NodeView, NodeView]]:
        """Build the node views; return (duplicate, first) pairs for repeated ids."""
        duplicates = []

        def walk(node: Node, depth: int, parent: NodeView | None) -> NodeView:
            view = NodeView(node, self, depth, parent)
            if node.id in self.nodes:
                duplicates.append((view, self.nodes[node.id]))
            else:
                self.nodes[node.id] = view
            view.children = [walk(child, depth + 1, view) for child in node.items]
            return view

        self.roots = [walk(node, 0, None) for node in self.model.items]
        return duplicates

    def walk(self) -> Iterator[NodeView]:
        stack = list(reversed(self.roots))
        while stack:
            view = stack.pop()
            yield view
            stack.extend(reversed(view.children))

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def nav_title(self) -> str:
        return self.model.short_title or self.model.title

    def actions(self) -> list[NodeView]:
        """Items at the last named level: what progress is reported against."""
        return [view for view in self.walk() if view.is_action]

    def owner_refs(self) -> list[str]:
        """Every post or organisation named as an owner anywhere in the strategy, once each."""
        return list(dict.fromkeys(ref for view in self.walk() for ref in view.node.owners))

    def level_counts(self) -> list[tuple[Level, int]]:
        """How many items there are at each named level (e.g. 3 objectives, 17 priorities)."""
        depth_counts = Counter(view.depth for view in self.walk())
        levels = self.model.levels
        return [(levels[d], depth_counts[d]) for d in range(len(levels)) if depth_counts[d]]

    def committed_actions(self) -> list[NodeView]:
        """Actions adopted as commitments: those whose progress is counted (no stage)."""
        return [view for view in self.actions() if view.stage is None]

    def stage_counts(self) -> list[tuple[str, int]]:
        """How many actions are proposed, and how many provisional (not counted as progress)."""
        counts = Counter(view.stage for view in self.actions() if view.stage)
        return [(stage, counts[stage]) for stage in ("proposed", "provisional") if counts[stage]]

    def status_counts(self) -> list[tuple[str, int]]:
        """How many adopted actions have each status (proposed and provisional ones apart)."""
        return count_statuses(view.status() for view in self.committed_actions())

    def title_only_roots(self) -> list[NodeView]:
        """Top-level items the content gives nothing but a title (no summary, owner, date, items
        below, update or anything else): pages list them together under one sentence rather
        than give each a section that says nothing."""
        return [
            view
            for view in self.roots
            if not view.children
            and not view.is_action
            and not view.has_updates
            and _gives_only(view.node, ("id", "label", "title"))
        ]

    def named_only_measures(self) -> list:
        """Measures the content names without a baseline, target, source, description, data or
        owners: pages list them under one sentence rather than as rows of "Not stated"."""
        return [m for m in self.model.measures if _gives_only(m, ("id", "name", "domain", "unit", "better"))]

    def measure_domains(self) -> list[tuple[str, list]]:
        """Measures grouped by domain, in the order the domains first appear."""
        groups: dict[str, list] = {}
        for measure in self.model.measures:
            groups.setdefault(measure.domain or "Other measures", []).append(measure)
        return list(groups.items())

    def community_groups(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for community in self.model.communities:
            groups.setdefault(community.group or "", []).append(community)
        return list(groups.items())

    def budget_total(self) -> float:
        return sum(line.amount for line in self.model.budget)


@dataclass
class Responsibility:
    """One item someone is answerable for, and in what capacity."""

    view: NodeView
    role: str  # "owner", "lead partner" or "collaborator"
    via_post: Post | None = None


@dataclass
class Site:
    """All content, indexed by id."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    organisation_files: dict[str, str] = field(default_factory=dict)
    strategies: dict[str, StrategyEntry] = field(default_factory=dict)
    posts: dict[str, tuple[Post, Organisation]] = field(default_factory=dict)
    people: dict[str, tuple[Person, Organisation]] = field(default_factory=dict)
    duplicate_ids: list[tuple[str, Location, Location]] = field(default_factory=list)
    duplicate_nodes: list[tuple[NodeView, NodeView]] = field(default_factory=list)
    # False when an organisation file could not be loaded: references to its posts are then
    # not checked, since every one would be reported as unknown.
    parties_complete: bool = True
    settings: SiteSettings | None = None
    _responsibilities: dict[str, list[Responsibility]] = field(default_factory=dict)

    def add_organisation(self, organisation: Organisation, file: str) -> None:
        if organisation.id in self.organisations:
            first = self.organisations[organisation.id]
            self.duplicate_ids.append((organisation.id, organisation.where("id"), first.where("id")))
            return
        self.organisations[organisation.id] = organisation
        self.organisation_files[organisation.id] = file

    def add_strategy(self, entry: StrategyEntry) -> None:
        self.strategies[entry.id] = entry

    def party_ids(self) -> dict[str, Location]:
        """Every id an owner reference may use (organisations and posts), with where it is set."""
        ids = {oid: org.where("id") for oid, org in self.organisations.items()}
        ids.update({pid: post.where("id") for pid, (post, _) in self.posts.items()})
        return ids

    def index(self) -> None:
        """Index posts and people by id and build each strategy's tree (recording duplicates)."""
        seen = {oid: org.where("id") for oid, org in self.organisations.items()}
        for organisation in self.organisations.values():
            tables: list[tuple[list[Any], dict[str, tuple[Any, Organisation]]]] = [
                (organisation.posts, self.posts),
                (organisation.people, self.people),
            ]
            for items, table in tables:
                for item in items:
                    if item.id in seen:
                        self.duplicate_ids.append((item.id, item.where("id"), seen[item.id]))
                        continue
                    seen[item.id] = item.where("id")
                    table[item.id] = (item, organisation)
        for entry in self.strategies.values():
            for version in (entry, *entry.revisions):
                self.duplicate_nodes.extend(version.build_tree())
            entry.index_reports()
        self._index_responsibilities()

    def _index_responsibilities(self) -> None:
        table: dict[str, list[Responsibility]] = defaultdict(list)
        for entry in self.strategies.values():
            for view in entry.walk():
                node = view.node
                for role, refs in (
                    ("owner", node.owners),
                    ("lead partner", [node.lead_partner] if node.lead_partner else []),
                    ("collaborator", node.collaborators),
                ):
                    for ref in refs:
                        table[ref].append(Responsibility(view, role))
        self._responsibilities = dict(table)

    def drop_demonstration(self) -> None:
        """Remove fictional demonstration strategies and organisations (after they were checked)."""
        fictional = {oid for oid, org in self.organisations.items() if org.demonstration}
        self.strategies = {sid: e for sid, e in self.strategies.items() if not e.model.demonstration}
        self.organisations = {oid: o for oid, o in self.organisations.items() if oid not in fictional}
        self.posts = {pid: pair for pid, pair in self.posts.items() if pair[1].id not in fictional}
        self.people = {pid: pair for pid, pair in self.people.items() if pair[1].id not in fictional}
        self._index_responsibilities()

    # --- views used by pages -------------------------------------------------------

    def party(self, ref: str, entry: StrategyEntry | None = None) -> Party | None:
        """What an owner reference stands for: as the old version recorded it, when ``entry``
        is one (its holders), else as the site stands now. None if it names nothing."""
        if entry is not None and entry.revision is not None:
            held = entry.revision.model.holders.get(ref)
            if held is None:
                return None
            kind = "post" if held.post else "organisation"
            return Party(
                ref,
                kind,
                held.person if held.post else held.organisation,
                held.post,
                held.directorate,
                held.organisation,
            )
        if ref in self.posts:
            post, organisation = self.posts[ref]
            person = self.holder(post)
            parent = self.parent_of(organisation)
            return Party(
                ref,
                "post",
                person.name if person else None,
                post.title,
                post.directorate,
                organisation.name,
                person,
                organisation,
                parent.name if parent else None,
                parent,
            )
        if ref in self.organisations:
            organisation = self.organisations[ref]
            parent = self.parent_of(organisation)
            return Party(
                ref,
                "organisation",
                organisation.name,
                None,
                None,
                organisation.name,
                None,
                organisation,
                parent.name if parent else None,
                parent,
            )
        return None

    def parent_of(self, organisation: Organisation) -> Organisation | None:
        """The organisation a team or service belongs to (``part_of``), if known."""
        return self.organisations.get(organisation.part_of) if organisation.part_of else None

    def organisation_label(self, organisation: Organisation) -> str:
        """An organisation's name as pages give it: a team or service with its own organisation
        ("Children's Services, Fair City Council")."""
        parent = self.parent_of(organisation)
        return f"{organisation.name}, {parent.name}" if parent else organisation.name

    def holder(self, post: Post) -> Person | None:
        if post.holder and post.holder in self.people:
            return self.people[post.holder][0]
        return None

    def posts_held_by(self, person_id: str) -> list[tuple[Post, Organisation]]:
        return [(post, org) for post, org in self.posts.values() if post.holder == person_id]

    def responsibilities_of(self, ref: str) -> list[Responsibility]:
        """Items a post or organisation is answerable for, across all strategies."""
        return list(self._responsibilities.get(ref, []))

    def responsibilities_of_person(self, person_id: str) -> list[Responsibility]:
        found: list[Responsibility] = []
        for post, _ in self.posts_held_by(person_id):
            found.extend(Responsibility(r.view, r.role, post) for r in self.responsibilities_of(post.id))
        return found

    def organisations_with_strategies(self) -> list[Organisation]:
        """The organisations that lead or are partners in a strategy, by name."""
        ids = {entry.model.organisation for entry in self.strategies.values()}
        ids.update(partner for entry in self.strategies.values() for partner in entry.model.partners)
        return sorted((o for o in self.organisations.values() if o.id in ids), key=lambda o: o.name)

    def strategies_of(self, organisation_id: str) -> list[StrategyEntry]:
        return [
            e
            for e in self.strategies.values()
            if e.model.organisation == organisation_id or organisation_id in e.model.partners
        ]

    def sorted_people(self) -> list[tuple[Person, Organisation]]:
        return sorted(self.people.values(), key=lambda pair: (pair[0].name.split()[-1], pair[0].name))
