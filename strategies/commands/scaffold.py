"""Create content files from templates in macros/scaffold/, never overwriting one that exists.

These, and `strategies release` (release.py), are the only commands that write under content/.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from strategies.content.loader import ID_PATTERN, PROGRESS_DIR, STRATEGY_FILE, load_site


class ScaffoldError(Exception):
    """A file could not be created; the message says why and what to do."""


def template_environment(macros: Path) -> Environment:
    """The Jinja environment for the templates in macros/scaffold/."""
    return Environment(loader=FileSystemLoader(str(macros / "scaffold")), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists: nothing was changed.") from None


def new_strategy(root: Path, strategy_id: str, organisation: str, title: str, start: int, end: int) -> Path:
    """Create content/<id>/strategy.yaml for a new strategy."""
    if not re.match(ID_PATTERN, strategy_id):
        raise ScaffoldError(f"'{strategy_id}' cannot be a strategy id: use lower-case letters, digits and hyphens.")
    site, _ = load_site(root / "content", root)
    if organisation not in site.organisations:
        known = ", ".join(sorted(site.organisations)) or "none yet"
        raise ScaffoldError(f"'{organisation}' is not an organisation in content/organisations/ (known: {known}).")
    folder = root / "content" / strategy_id
    if folder.exists():
        raise ScaffoldError(f"content/{strategy_id} already exists: choose another id. Nothing was changed.")
    text = template_environment(root / "macros").get_template("strategy.yaml.j2").render(
        title=title, organisation=organisation, start=start, end=end)
    path = folder / STRATEGY_FILE
    _write_new(path, text)
    return path


def new_report(root: Path, strategy_id: str, name: str, date: str | None = None) -> Path:
    """Create content/<strategy>/progress/<name>.yaml listing every action with its status now."""
    if not re.match(ID_PATTERN, name):
        raise ScaffoldError(f"'{name}' cannot be a report name: use lower-case letters, digits and hyphens, e.g. 2025-h1.")
    site, problems = load_site(root / "content", root)
    entry = site.strategies.get(strategy_id)
    if entry is None:
        raise ScaffoldError(f"'{strategy_id}' is not a strategy in content/"
                            + (": fix the problems `strategies validate` reports first." if problems else "."))
    date = date or datetime.date.today().isoformat()
    text = template_environment(root / "macros").get_template("report.yaml.j2").render(strategy=entry, date=date)
    path = root / "content" / strategy_id / PROGRESS_DIR / f"{name}.yaml"
    _write_new(path, text)
    return path
