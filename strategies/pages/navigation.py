"""The site's navigation: the sections every page's sidebar lists, as MkDocs' ``nav`` setting
takes them (a list of {title: path or list}), built from the indexed content."""

from __future__ import annotations

import html

from strategies.content.site import Site, StrategyEntry

from . import urls

# With more strategies than this, the navigation groups them by organisation, so each page
# carries its own organisation's strategies rather than every strategy on the site, and the
# home page lists the organisations rather than every strategy.
NAV_GROUP_ABOVE = 12


def grouped_by_organisation(site: Site) -> bool:
    """True when readers choose an organisation first (navigation, home page)."""
    return len(site.strategies) > NAV_GROUP_ABOVE


def nav_tree(site: Site) -> list:
    """The navigation as MkDocs' ``nav`` setting: sections of generated pages, by strategy
    (grouped by organisation on a site with many strategies)."""

    # MkDocs themes print navigation labels without escaping them: escape content titles.
    # Only a strategy's top-level items are listed: deeper pages are reached from their
    # parent's table and breadcrumbs, so the navigation every page carries stays short
    # however large a strategy grows.
    def section_of(entry: StrategyEntry) -> dict:
        section: list[str | dict] = [urls.strategy_path(entry.id)]
        section.extend({html.escape(view.title): urls.node_path(view)} for view in entry.roots if view.has_page)
        section.extend({html.escape(page.meta.title): urls.narrative_path(entry, page.slug)} for page in entry.pages)
        if entry.reports:
            # Titles given here, not left to MkDocs to read from each page: `serve` does not
            # re-read pages an edit did not touch (incremental.py).
            section.append(
                {
                    "Progress reports": [
                        {html.escape(report.model.title): urls.report_path(entry.id, report.id)}
                        for report in reversed(entry.reports)
                    ]
                }
            )
        return {html.escape(entry.nav_title): section}

    strategies: list[str | dict] = [urls.STRATEGIES]
    if not grouped_by_organisation(site):
        strategies.extend(section_of(entry) for entry in site.strategies.values())
    else:  # with Material's navigation.prune, only the open organisation's strategies are listed
        groups: dict[str, list] = {}
        for entry in site.strategies.values():
            organisation = site.organisations.get(entry.model.organisation)
            groups.setdefault(organisation.name if organisation else entry.model.organisation, []).append(entry)
        strategies.extend(
            {html.escape(name): [section_of(entry) for entry in groups[name]]} for name in sorted(groups, key=str.lower)
        )
    return [
        {"Strategies": strategies},
        {"Who and where": urls.WHO_AND_WHERE},
        {"Accountability": urls.ACCOUNTABILITY},
        {"People": urls.PEOPLE},
        {"Organisations": urls.ORGANISATIONS},
        {"Accessibility statement": urls.ACCESSIBILITY},
        {"Field reference": urls.FIELD_REFERENCE},
    ]
