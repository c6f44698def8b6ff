"""Each strategy's data as CSV and JSON downloads: its items and actions, and its measures."""
from __future__ import annotations

import json

from strategies.content.site import Site, StrategyEntry

from .cells import csv_text


def _party_names(site: Site, refs: list[str]) -> list[str]:
    names = []
    for ref in refs:
        if ref in site.posts:
            post, organisation = site.posts[ref]
            person = site.holder(post)
            names.append(f"{person.name}, {post.title}" if person else f"{post.title} (not named)")
        elif ref in site.organisations:
            names.append(site.organisations[ref].name)
    return names


def item_records(site: Site, entry: StrategyEntry) -> list[dict]:
    """One record per item of the hierarchy, with owners, due date and current status."""
    records = []
    for view in entry.walk():
        owners, inherited_from = view.effective_owners()
        latest = view.latest_update() if view.is_action else None
        records.append({
            "strategy": entry.id,
            "id": view.id,
            "level": view.level.name,
            "parent": view.parent.id if view.parent else "",
            "title": view.node.title,
            "owners": _party_names(site, owners),
            "owners_inherited_from": inherited_from.id if inherited_from else "",
            "lead_partner": _party_names(site, [view.node.lead_partner] if view.node.lead_partner else []),
            "due": view.node.due.iso() if view.node.due else "",
            "status": view.status() if view.is_action else "",
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
    flat = [{**r, "owners": "; ".join(r["owners"]), "lead_partner": "; ".join(r["lead_partner"])} for r in items]
    files = {
        "items.csv": to_csv(flat),
        "items.json": json.dumps(items, indent=1, ensure_ascii=False) + "\n",
    }
    measures = measure_records(entry)
    if measures:
        files["measures.csv"] = to_csv(measures)
        files["measures.json"] = json.dumps(measures, indent=1, ensure_ascii=False) + "\n"
    return files
