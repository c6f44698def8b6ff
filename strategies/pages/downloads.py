"""Each strategy's data as CSV and JSON downloads: its items and actions, and its measures."""
from __future__ import annotations

import json

from strategies.content.model import CHARACTERISTIC_LABELS
from strategies.content.site import Site, StrategyEntry

from .cells import csv_text


def _party_names(site: Site, refs: list[str]) -> list[str]:
    """Each post or organisation as a page names it ('Alex Rivers, Director of Public Health';
    a service with its organisation)."""
    return [party.label() for ref in refs if (party := site.party(ref)) is not None]


def item_records(site: Site, entry: StrategyEntry) -> list[dict]:
    """One record per item of the hierarchy: its label and title, who answers for it (its own
    or, said so, an item's above it), who and where it serves, due date, standing and status."""
    model = entry.model
    communities = {community.id: community.name for community in model.communities}
    places = {place.id: place.name for place in model.places}
    records = []
    for view in entry.walk():
        node = view.node
        owners, owners_from = view.effective_owners()
        lead, lead_from = view.effective_lead_partner()
        helpers, helpers_from = view.effective_collaborators()
        latest = view.latest_update() if view.is_action else None
        records.append({
            "strategy": entry.id,
            "id": view.id,
            "label": node.label or "",
            "level": view.level.name,
            "parent": view.parent.id if view.parent else "",
            "title": node.title,
            "owners": _party_names(site, owners),
            "owners_inherited_from": owners_from.id if owners_from else "",
            "lead_partner": _party_names(site, lead),
            "lead_partner_inherited_from": lead_from.id if lead_from else "",
            "collaborators": _party_names(site, helpers),
            "collaborators_inherited_from": helpers_from.id if helpers_from else "",
            "characteristics": [CHARACTERISTIC_LABELS[c] for c in node.characteristics],
            "communities": [communities.get(ref, ref) for ref in node.communities],
            "places": [places.get(ref, ref) for ref in node.places],
            "start": node.start.iso() if node.start else "",
            "due": node.due.iso() if node.due else "",
            "stage": view.stage or "adopted",
            "status": view.status() if view.is_action and view.stage is None else "",
            "percent_complete": latest[1].percent if latest and latest[1].percent is not None else None,
            "last_reported": latest[0].model.date.iso() if latest else "",
        })
    return records


def measure_records(entry: StrategyEntry) -> list[dict]:
    """One record per measure value (or per measure, where it has no data yet)."""
    records = []
    for measure in entry.model.measures:
        base = {"strategy": entry.id, "measure": measure.id, "name": measure.name, "domain": measure.domain or "",
                "unit": measure.unit or "", "better": measure.better or "",
                "baseline": measure.baseline.value if measure.baseline else None,
                "target": measure.target.value if measure.target else None}
        observations = entry.series.get(measure.id) or []
        if not observations:
            records.append({**base, "period": "", "breakdown": "", "value": None})
        for o in observations:
            records.append({**base, "period": o.period, "breakdown": o.breakdown or "", "value": o.value})
    return records


def to_csv(records: list[dict]) -> str:
    """Records as CSV: a column for each field, in the order fields first appear; a field a
    record lacks, or that is None, is left empty; no cell can run as a formula."""
    columns = list(dict.fromkeys(field for record in records for field in record))
    return csv_text(columns, ([record.get(column) for column in columns] for record in records))


def downloads(site: Site, entry: StrategyEntry) -> dict[str, str]:
    """File name to content, for the strategy's data folder."""
    items = item_records(site, entry)
    lists = [name for name, value in (items[0] if items else {}).items() if isinstance(value, list)]
    flat = [{**r, **{name: "; ".join(r[name]) for name in lists}} for r in items]
    files = {
        "items.csv": to_csv(flat),
        "items.json": json.dumps(items, indent=1, ensure_ascii=False) + "\n",
    }
    measures = measure_records(entry)
    if measures:
        files["measures.csv"] = to_csv(measures)
        files["measures.json"] = json.dumps(measures, indent=1, ensure_ascii=False) + "\n"
    return files
