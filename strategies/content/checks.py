"""Checks across files: references resolve, ids are unique, dates run forwards.

Also the warnings about items' dates outside their strategy's period (``check_dates``), which
``strategies validate`` prints beside the plain-English warnings (style.py): never problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import PartialDate
from .problems import ContentWarning, Location, Problems, did_you_mean, warning_summary
from .xrefs import check_references

if TYPE_CHECKING:
    from .model import Block
    from .site import Site, StrategyEntry

# Folder names the site uses inside a strategy's (or an old version's) address: no item or
# page may take one of them, or its page would share an address with the site's own
# (strategies.pages.urls makes these folders).
RESERVED_NAMES = ("progress", "charts", "data", "revisions", "changes", "images", "whole")


def _check_ref(
    problems: Problems, block: Block, field: str, ref: str, index: int | None, known: dict, what: str, site: Site
) -> None:
    if ref in known:
        return
    if not site.parties_complete and (known is site.organisations or "post" in what):
        return  # an organisation file failed to load: its problem is reported instead
    where = block.where(field, index)
    hint = did_you_mean(ref, known)
    if not hint and ref in site.people:
        posts = [post.id for post, _ in site.posts_held_by(ref)]
        hint = f" '{ref}' is a person: name their post instead" + (
            f", e.g. '{posts[0]}'." if posts else " (add a post with 'holder: " + ref + "')."
        )
    problems.add(where, f"'{ref}' is not a known {what}.{hint or ' Add it, or check the spelling.'}")


def _check_refs(problems, block, field, refs, known, what, site):
    for index, ref in enumerate(refs):
        _check_ref(problems, block, field, ref, index, known, what, site)


def _reserved_message(name: str, what: str) -> str:
    return (
        f"'{name}' cannot be used as {'an' if what[0] in 'aeiou' else 'a'} {what}: the site uses it in web "
        f"addresses for its own pages ({', '.join(RESERVED_NAMES)}). Choose another name."
    )


def _check_held(problems: Problems, block: Block, field: str, refs: list[str], entry: StrategyEntry) -> None:
    """In an old version, owners resolve against the names recorded when it was released."""
    revision = entry.released
    for index, ref in enumerate(refs):
        if ref not in revision.model.holders:
            hint = did_you_mean(ref, revision.model.holders)
            problems.add(
                block.where(field, index),
                f"'{ref}' is not listed under 'holders' in "
                f"{revision.file}.{hint} An old version shows owners as they were when it was "
                f"released: add '{ref}' there with the names of that time, or correct this copy.",
            )


def _party_checker(entry: StrategyEntry, site: Site, problems: Problems):
    """A function checking owner references of one version: against the site's posts and
    organisations now, or an old version's record of them."""
    parties = site.party_ids() if entry.revision is None else {}  # once, not for every item

    def check(block, field: str, refs: list[str], what: str = "post or organisation") -> None:
        if entry.revision is not None:
            _check_held(problems, block, field, refs, entry)
        else:
            known = site.organisations if what.startswith("organisation") else parties
            _check_refs(problems, block, field, refs, known, what, site)

    return check


def _check_unique(problems: Problems, blocks, what: str, taken: dict | None = None) -> dict:
    seen = {} if taken is None else taken
    for block in blocks:
        if block.id in seen:
            problems.add(
                block.where("id"),
                f"the {what} id '{block.id}' is already used at line {seen[block.id].line}: give each one its own id.",
            )
        else:
            seen[block.id] = block.where("id")
    return seen


def _check_strategy(entry: StrategyEntry, site: Site, problems: Problems) -> None:
    strategy = entry.model
    check_parties = _party_checker(entry, site, problems)

    check_parties(
        strategy, "organisation", [strategy.organisation], "organisation (organisations live in content/organisations/)"
    )
    check_parties(strategy, "partners", strategy.partners, "organisation")
    if strategy.governance:
        check_parties(strategy.governance, "lead", strategy.governance.lead)

    period = strategy.period
    if period.end.end_key() < period.start._key():
        problems.add(
            period.where("end"),
            f"the period ends ({period.end.iso()}) before it starts ({period.start.iso()}): check both dates.",
        )
    for entry_ in strategy.timeline:
        if entry_.end and entry_.end.end_key() < entry_.date._key():
            problems.add(entry_.where("end"), "this event ends before it starts: check both dates.")

    years: dict = {}
    for line in strategy.budget:
        if line.year in years:
            problems.add(
                line.where("year"),
                f"the financial year {line.year} already has a budget line "
                f"at line {years[line.year].line}: combine them or correct the year.",
            )
        else:
            years[line.year] = line.where("year")

    _check_unique(problems, strategy.measures, "measure")
    _check_unique(problems, strategy.communities, "community")
    _check_unique(problems, strategy.places, "place")
    measures = {m.id: m for m in strategy.measures}
    communities = {c.id: c for c in strategy.communities}
    places = {p.id: p for p in strategy.places}
    for measure in strategy.measures:
        check_parties(measure, "owners", measure.owners)

    for duplicate, first in site.duplicate_nodes:
        if duplicate.strategy is entry:
            problems.add(
                duplicate.node.where("id"),
                f"the id '{duplicate.id}' is already used at line "
                f"{first.node.where('id').line}: every item in a strategy needs its own id.",
            )
    page_slugs = {page.slug: page for page in entry.pages}
    for page in entry.pages:
        if page.slug in RESERVED_NAMES:
            problems.add(Location(page.location.file), _reserved_message(page.slug, "page file name"))
    levels = strategy.levels
    for view in entry.walk():
        node = view.node
        if view.depth >= len(levels):
            names = ", ".join(level.name for level in levels)
            problems.add(
                node.where(),
                f"this item is {view.depth + 1} levels deep, but 'levels' names "
                f"only {len(levels)} ({names}): add a level name or move the item up.",
            )
        if node.id in page_slugs:
            problems.add(
                node.where("id"),
                f"'{node.id}' is also the name of a page in pages/: "
                "rename one of them, as both would have the same web address.",
            )
        if node.id in RESERVED_NAMES:
            problems.add(node.where("id"), _reserved_message(node.id, "item id"))
        check_parties(node, "owners", node.owners)
        check_parties(node, "collaborators", node.collaborators)
        if node.lead_partner:
            check_parties(node, "lead_partner", [node.lead_partner])
        _check_refs(problems, node, "measures", node.measures, measures, "measure of this strategy", site)
        _check_refs(problems, node, "communities", node.communities, communities, "community of this strategy", site)
        _check_refs(problems, node, "places", node.places, places, "place of this strategy", site)
        if node.start and isinstance(node.due, PartialDate) and node.due.end_key() < node.start._key():
            problems.add(node.where("due"), "this is due before it starts: check 'start' and 'due'.")


def _check_statement(site: Site, problems: Problems) -> None:
    statement = site.settings.accessibility if site.settings else None
    if statement is None:
        return
    if statement.reviewed < statement.prepared:
        problems.add(statement.where("reviewed"), "the statement is reviewed before it was prepared: check both dates.")
    listed = statement.non_compliant or statement.disproportionate_burden
    # 'partial' with nothing listed is true of a site checked only automatically: its statement says
    # that no audit by hand has been done. After an audit, 'partial' must say what failed.
    if statement.compliance == "partial" and not listed and statement.audited:
        problems.add(
            statement.where("compliance"),
            "a partially compliant site must list what does not "
            "comply under 'non_compliant' or 'disproportionate_burden'. If the audit by hand "
            "('audited') found no failures, use 'full'.",
        )
    if statement.compliance == "full" and statement.non_compliant:
        problems.add(
            statement.where("compliance"),
            "the site lists non-compliant content, so it cannot be 'full': use 'partial'.",
        )
    elif statement.compliance == "full" and not statement.audited:
        problems.add(
            statement.where("compliance"),
            "'full' needs an audit by hand: automated checks find only "
            "some kinds of accessibility failure. Until one is done, use 'partial' (the statement "
            "then says the site has been checked only automatically). After an audit that found no "
            "failures, add 'audited' (its date) and 'audited_by' (who did it).",
        )
    if statement.audited and not statement.audited_by:
        problems.add(
            statement.where("audited"),
            "say who carried out the audit by hand: add 'audited_by', e.g. the company's name or 'our digital team'.",
        )
    if statement.audited_by and not statement.audited:
        problems.add(statement.where("audited_by"), "say when the audit by hand was done: add 'audited', e.g. 2026-03.")


def contact_gaps(site: Site) -> Problems:
    """Where the accessibility statement gives residents no email address or phone number, or no
    reply time: for reporting problems (content/site.yaml's contact) and for asking each
    organisation that publishes a strategy for a different format (its own file's contact).

    Not content problems (the statement says honestly what is missing): a build for a public
    address refuses to publish with them, and any other build names them (mkdocs_adapter/plugin.py)."""
    gaps = Problems()
    statement = site.settings.accessibility if site.settings else None
    if statement is None:
        return gaps
    contact = statement.contact
    if contact is None:
        gaps.add(
            statement.where(),
            "the accessibility statement gives no way to report a problem with this "
            "website: under 'accessibility', add 'contact' with the website team's 'email' or 'phone' "
            "(or both) and 'response_time' (how soon they reply, e.g. 'within 10 working days').",
        )
    else:
        if not (contact.email or contact.phone):
            gaps.add(
                statement.where("contact"),
                "the accessibility statement's contact gives no email address "
                "or phone number for reporting a problem: add 'email' or 'phone' (or both) under 'contact'.",
            )
        if not contact.response_time:
            gaps.add(
                statement.where("contact"),
                "the accessibility statement's contact gives no reply time: add "
                "'response_time' under 'contact', e.g. 'within 10 working days'.",
            )
    leaders = {entry.model.organisation for entry in site.strategies.values()}
    for org in site.organisations.values():
        if org.id not in leaders or org.demonstration:
            continue
        contact = org.contact
        lacks, add = [], []
        if not (contact and (contact.email or contact.phone)):
            lacks.append("no email address or phone number")
            add.append("'email' or 'phone' (or both)")
        if not (contact and contact.response_time):
            lacks.append("no reply time")
            add.append("'response_time' (how soon it replies, e.g. 'within 10 working days')")
        if lacks:
            gaps.add(
                org.where("contact") if contact else org.where(),
                f"the accessibility statement tells "
                f"residents how to ask {org.name} for a strategy in a different format, but this file "
                f"gives {', and '.join(lacks)}: "
                f"{'under' if contact else 'add'} 'contact'{', add' if contact else ' with'} {' and '.join(add)}.",
            )
    return gaps


def _check_reports(entry: StrategyEntry, problems: Problems) -> None:
    dates: dict = {}
    actions = {view.id for view in entry.actions()}
    for report in entry.reports:
        model = report.model
        key = model.date._key()
        if key in dates:
            problems.add(
                model.where("date"),
                f"another report ({dates[key]}) has the same date: give each report its own date, or merge them.",
            )
        dates.setdefault(key, report.file)
        seen: dict = {}
        for update in model.updates:
            if update.action in seen:
                problems.add(
                    update.where("action"),
                    f"'{update.action}' already has an update in this "
                    f"report (line {seen[update.action].where('action').line}): keep one.",
                )
            seen.setdefault(update.action, update)
            if update.action in actions:
                continue
            where = update.where("action")
            view = entry.nodes.get(update.action)
            if view is not None:
                problems.add(
                    where,
                    f"'{update.action}' is a {view.level.name.lower()}, not an "
                    f"{entry.model.levels[-1].name.lower()}: progress is reported on "
                    f"{entry.model.levels[-1].plural_name().lower()}.",
                )
            else:
                hint = did_you_mean(update.action, actions) or " Check the id in strategy.yaml."
                problems.add(where, f"'{update.action}' is not an action of this strategy.{hint}")


def _check_revisions(entry: StrategyEntry, problems: Problems) -> None:
    """Old versions: labels and dates their own, statuses only for actions of that version."""
    labels: dict = {}
    dates: dict = {}
    for old in entry.revisions:
        revision = old.released.model
        label = revision.label.casefold()
        if label in labels:
            problems.add(
                revision.where("label"),
                f"another revision ({labels[label]}) has the label "
                f"'{revision.label}': give each version its own label.",
            )
        labels.setdefault(label, old.released.file)
        key = revision.date._key()
        if key in dates:
            problems.add(
                revision.where("date"),
                f"another revision ({dates[key]}) has the same date: "
                "versions are listed in date order, so give each its own date.",
            )
        dates.setdefault(key, old.released.file)
        actions = {view.id for view in old.actions()}
        for action in revision.statuses:
            if action not in actions:
                hint = did_you_mean(action, actions) or f" Check it against the ids in {old.file}."
                problems.add(revision.where("statuses", action), f"'{action}' is not an action of this version.{hint}")


def check_site(site: Site, problems: Problems, unchanged: frozenset[str] = frozenset()) -> None:
    """Add a problem for every reference, id or date that does not hold together.

    ``unchanged`` names strategies known to have passed these checks with nothing they depend
    on changed since (``strategies serve``, after an edit elsewhere): they are not checked again."""
    _check_statement(site, problems)
    for ident, where, first in site.duplicate_ids:
        problems.add(
            where,
            f"the id '{ident}' is already used ({first}): ids of organisations, "
            "posts and people must all be different.",
        )
    for organisation in site.organisations.values():
        parent = organisation.part_of
        if parent and (parent == organisation.id or parent not in site.organisations) and site.parties_complete:
            hint = did_you_mean(parent, site.organisations) or " Give the id of the organisation it belongs to."
            problems.add(organisation.where("part_of"), f"'{parent}' is not another known organisation.{hint}")
    for post, _ in site.posts.values():
        if post.holder and not site.parties_complete:
            continue
        if post.holder and post.holder not in site.people:
            hint = did_you_mean(post.holder, site.people) or " Add the person under 'people', or check the spelling."
            problems.add(post.where("holder"), f"'{post.holder}' is not a known person.{hint}")
    for entry in site.strategies.values():
        if entry.id in unchanged:
            continue
        _check_reports(entry, problems)
        _check_revisions(entry, problems)
        for version in (entry, *entry.revisions):
            _check_strategy(version, site, problems)
            check_references(version, site, problems)


# ---------------------------------------------------------------------------------------
# Warnings: items' dates outside their strategy's period
# ---------------------------------------------------------------------------------------
#
# A real action plan gave an action a due date before the plan's own period began. That is most
# often a slip in typing or copying (2023 for 2025), but sometimes what the document really says:
# so it is a warning, never a problem. Warnings never stop a build, and an officer who finds the
# document says so leaves the date as it is.
#
# - ``outside-period``: an item's ``start`` or ``due`` falls wholly before or after its strategy's
#   ``period``. A date is as precise as the document, so it is outside only when all of it is:
#   2024 is inside a period ending 2024-03, and 2024-03 inside one starting 2024-03-31. A due
#   date of ``ongoing`` is not a date, and never outside.
#
# Only each strategy's current version is checked: old versions are left as they were released.

DATE_KINDS = {  # each kind of date warning, as the summary line counts it: (one, more than one)
    "outside-period": ("date outside its strategy's period", "dates outside their strategy's period"),
}
DATE_TITLE = "Date outside period"  # the title of a --format github annotation

_DATE_FIELDS = {"start": "start date", "due": "due date"}


DateWarning = ContentWarning  # one warning about a date: where, of which kind (see DATE_KINDS), and what to do


def _outside(date: PartialDate, start: PartialDate, end: PartialDate) -> str | None:
    """'before' or 'after' when all of ``date`` is outside start to end; else None."""
    if date.last_day() < start.first_day():
        return "before"
    if date.first_day() > end.last_day():
        return "after"
    return None


def check_dates(site: Site) -> list[DateWarning]:
    """Every item's start or due date wholly outside its strategy's period, in file and line order."""
    warnings = []
    for entry in site.strategies.values():  # current versions only: old ones stay as released
        period = entry.model.period
        span = f"{period.start.display()} to {period.end.display()}"
        for view in entry.walk():
            node = view.node
            for field, what in _DATE_FIELDS.items():
                date = getattr(node, field)
                if not isinstance(date, PartialDate):  # none given, or ongoing
                    continue
                side = _outside(date, period.start, period.end)
                if side:
                    warnings.append(
                        DateWarning(
                            node.where(field),
                            "outside-period",
                            f"the {what}, {date.display()}, is {side} the strategy's period ({span}): check it "
                            "against the document, in case of a slip in typing or copying. If the document "
                            "really says so, leave it as it is.",
                        )
                    )
    return sorted(warnings)


def date_summary(warnings: list[DateWarning]) -> str:
    """One line counting the date warnings by kind."""
    return warning_summary("Dates", warnings, DATE_KINDS)
