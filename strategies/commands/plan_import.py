"""`strategies import`: a new strategy's strategy.yaml from an action plan kept as a table (a
sheet of an .xlsx or .ods workbook, or a CSV file).

The header row is read by a small mapping (any case, spaces ignored):

- **level columns**: one column per level of the hierarchy, headed with the level's name
  (``--levels``, top first; "Objective,Action" unless given). In each row, the deepest filled
  level cell is the item's title; the cells above it name the items it sits under, and an
  empty one means "the same as the row above" (as merged or blank cells read);
- or, instead, a ``Level`` column holding each row's level name, with a ``Title`` column;
- ``Label`` (or ``Ref``, ``Reference``): the number or letter the plan prints (1.2, (a));
- ``Owner`` (or ``Owners``, ``Lead officer``): post ids or post titles, or organisation ids, separated by ';';
- ``Due`` (or ``Due date``, ``Deadline``): 2025, 2025-03, 2025-03-31, a date cell, or
  "Ongoing" (any case), which becomes ``due: ongoing``;
- ``Status``: not started, on track, at risk, off track or complete (or their ids);
- ``Id``: an item id, where the plan has them (made from the label and title otherwise).

Other columns are named in the output as not imported. Nothing is guessed: an owner that is
not a post is a problem (with "did you mean"), as is a row that cannot be placed in the
hierarchy; nothing is written until there are none.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from strategies.content.checks import RESERVED_NAMES
from strategies.content.loader import STRATEGY_FILE
from strategies.content.measure_data import Table, cell_text, is_empty, read_table
from strategies.content.model import ACTION_STATUS_LABELS, Strategy, Text, indefinite_article, parse_due
from strategies.content.problems import Location, Problems, did_you_mean, relative_name, shorten
from strategies.content.site import Site
from strategies.pages.text import slug

from .writing import (
    ScaffoldError,
    check_new_strategy,
    check_rendered,
    comment_text,
    write_new,
    yaml_date,
    yaml_id,
    yaml_text,
)

DEFAULT_LEVELS = ("Objective", "Action")
# Header (any case) -> what its cells become: the mapping the editing guide documents.
FIELDS = {
    "label": "label",
    "ref": "label",
    "reference": "label",
    "owner": "owners",
    "owners": "owners",
    "lead officer": "owners",
    "due": "due",
    "due date": "due",
    "deadline": "due",
    "status": "status",
    "id": "id",
    "title": "title",
    "level": "level",
}
_STATUSES = {
    " ".join(text.replace("-", " ").split()).casefold(): key
    for key, label in ACTION_STATUS_LABELS.items()
    if key != "not-yet-reported"
    for text in (key, label)
}


def _key(text) -> str:
    return " ".join(cell_text(text).split()).casefold()


def _slug(text: str, limit: int = 60) -> str:
    """An item id from its label and title: cut at a word's end, never empty."""
    made = slug(text)
    if len(made) > limit:
        made = made[:limit].rsplit("-", 1)[0]
    return made or "item"


class _Item:
    def __init__(self, depth: int, title: str, where: Location):
        self.depth, self.title, self.where = depth, title, where
        self.fields: dict = {}
        self.children: list[_Item] = []


class _Posts:
    """The posts and organisations an owner cell may name: by id, or by a post's title where
    only one post has it (the strategy's organisation's posts first)."""

    def __init__(self, site: Site, organisation: str):
        self.ids = sorted(site.party_ids())
        titles: dict[str, list[str]] = {}
        for org in sorted(site.organisations.values(), key=lambda o: o.id != organisation):
            for post in org.posts:
                titles.setdefault(post.title.casefold(), []).append(post.id)
        self.titles = titles
        self.written = sorted({post.title for org in site.organisations.values() for post in org.posts})
        self.own = {post.title.casefold(): post.id for post in site.organisations[organisation].posts}

    def find(self, text: str) -> tuple[str | None, str]:
        if text in self.ids:
            return text, ""
        folded = text.casefold()
        if folded in self.own:
            return self.own[folded], ""
        if len(self.titles.get(folded, [])) == 1:
            return self.titles[folded][0], ""
        if len(self.titles.get(folded, [])) > 1:
            return None, (
                f"'{shorten(text)}' is the title of several posts ({', '.join(self.titles[folded])}): "
                "write the post's id instead."
            )
        hint = did_you_mean(text, self.ids) or did_you_mean(text, self.written)
        return None, (
            f"'{shorten(text)}' is not a known post or organisation.{hint} Write a post's id or title "
            "from content/organisations/, or add the post there first."
        )


def _columns(table: Table, levels: list[str], problems: Problems) -> tuple[dict, list[int], list[str]] | None:
    headers = [_key(cell) for cell in table.header]
    level_keys = [level.casefold() for level in levels]
    level_columns = [headers.index(key) if key in headers else -1 for key in level_keys]
    fields = {FIELDS[h]: i for i, h in enumerate(headers) if h in FIELDS}
    for field in fields:
        twice = [cell_text(table.header[i]) for i, h in enumerate(headers) if FIELDS.get(h) == field]
        if len(twice) > 1:
            problems.add(
                table.at(table.header_row),
                "the columns "
                + " and ".join(f"'{t}'" for t in twice)
                + f" both give the {field}: keep one, or rename the other (it is then not imported).",
            )
            return None
    ignored = [
        cell_text(table.header[i]) for i, h in enumerate(headers) if h and h not in FIELDS and h not in level_keys
    ]
    found_levels = [i for i in level_columns if i >= 0]
    if found_levels and "level" in fields:
        problems.add(
            table.at(table.header_row, fields["level"]),
            "the plan has both level columns ("
            + ", ".join(levels)
            + ") and a Level column: keep one way of giving the hierarchy.",
        )
        return None
    if found_levels:
        if -1 in level_columns:
            missing = [level for level, i in zip(levels, level_columns) if i < 0]
            problems.add(
                table.at(table.header_row),
                "the header row has no column for the level "
                + ", ".join(f"'{m}'" for m in missing)
                + f": name each level's column as --levels does "
                f"({', '.join(levels)}), or give --levels the plan's own level names, top first.",
            )
            return None
        if sorted(level_columns) != level_columns:
            problems.add(
                table.at(table.header_row),
                "the level columns must run from the top level on the "
                f"left ({', '.join(levels)}): reorder the columns, or give --levels in the plan's order.",
            )
            return None
        return fields, level_columns, ignored
    if "level" in fields and "title" in fields:
        return fields, [], ignored
    problems.add(
        table.at(table.header_row),
        "the header row names no level columns ("
        + ", ".join(levels)
        + ") and no 'Level' and 'Title' columns: name the columns as the editing "
        "guide's 'Work in a spreadsheet' section shows, or give --levels the plan's level names, top first.",
    )
    return None


def _tree(table: Table, levels: list[str], columns: tuple, posts: _Posts, problems: Problems) -> list[_Item]:
    """The items the rows make, top level first; every row that cannot be placed is a problem."""
    fields, level_columns, _ = columns
    roots: list[_Item] = []
    current: list[_Item | None] = [None] * len(levels)
    level_keys = [level.casefold() for level in levels]
    for number, cells in table.rows:

        def cell(index: int, cells: list = cells):  # bound now: called only within this row's turn
            return cells[index] if 0 <= index < len(cells) else None

        if level_columns:
            filled = [depth for depth, index in enumerate(level_columns) if not is_empty(cell(index))]
            if not filled:
                problems.add(
                    table.at(number),
                    "this row has no title in any level column ("
                    + ", ".join(levels)
                    + "), so it cannot be placed: give its title in its level's column, "
                    "or delete the row.",
                )
                continue
            depth = filled[-1]
            title_at = level_columns[depth]
            # cells above the deepest name its ancestors: a new title starts a new item there
            placed = True
            for upper in filled[:-1]:
                text = cell_text(cell(level_columns[upper]))
                above = current[upper]
                if above is not None and above.title == text:
                    continue
                parent = current[upper - 1] if upper else None
                if upper and parent is None:
                    problems.add(
                        table.at(number, level_columns[upper]),
                        f"'{shorten(text)}' is {indefinite_article(levels[upper])} {levels[upper]} "
                        f"with no {levels[upper - 1]} above it, so it cannot be placed: give the "
                        f"{levels[upper - 1]} in the row, or in a row above it.",
                    )
                    placed = False
                    break
                item = _Item(upper, text, table.at(number, level_columns[upper]))
                (parent.children if parent else roots).append(item)
                current[upper] = item
                current[upper + 1 :] = [None] * (len(levels) - upper - 1)
            if not placed:
                continue
        else:
            level_text = _key(cell(fields["level"]))
            if level_text not in level_keys:
                hint = did_you_mean(cell_text(cell(fields["level"])), levels)
                problems.add(
                    table.at(number, fields["level"]),
                    f"'{shorten(cell_text(cell(fields['level'])))}' is "
                    f"not one of the levels ({', '.join(levels)}), so the row cannot be placed.{hint} Give "
                    "--levels every level's name, top first.",
                )
                continue
            depth = level_keys.index(level_text)
            title_at = fields["title"]
        title = cell_text(cell(title_at))
        if not title:
            problems.add(
                table.at(number, title_at),
                "this row has no title, so it cannot be placed: give it one, or delete the row.",
            )
            continue
        parent = current[depth - 1] if depth else None
        if depth and parent is None:
            problems.add(
                table.at(number, title_at),
                f"'{shorten(title)}' is {indefinite_article(levels[depth])} {levels[depth]} with no "
                f"{levels[depth - 1]} above it, so it cannot be placed: give the {levels[depth - 1]} in the "
                "row, or in a row above it.",
            )
            continue
        item = _Item(depth, title, table.at(number, title_at))
        _fields(item, table, number, cell, fields, posts, problems)
        (parent.children if parent else roots).append(item)
        current[depth] = item
        current[depth + 1 :] = [None] * (len(levels) - depth - 1)
    return roots


def _fields(item: _Item, table: Table, number: int, cell, fields: dict, posts: _Posts, problems: Problems) -> None:
    if "label" in fields and not is_empty(cell(fields["label"])):
        item.fields["label"] = cell_text(cell(fields["label"]))
    if "id" in fields and not is_empty(cell(fields["id"])):
        item.fields["id"] = cell_text(cell(fields["id"]))
    if "owners" in fields and not is_empty(cell(fields["owners"])):
        owners = []
        for text in re.split(r"[;\n]", cell_text(cell(fields["owners"]))):
            if text.strip():
                found, message = posts.find(text.strip())
                if found is None:
                    problems.add(table.at(number, fields["owners"]), message)
                elif found not in owners:
                    owners.append(found)
        item.fields["owners"] = owners
    if "due" in fields and not is_empty(cell(fields["due"])):
        text = cell_text(cell(fields["due"]))
        try:
            item.fields["due"] = parse_due(text).iso()  # a date, or "ongoing"
        except Exception:
            ongoing = "" if re.match(r"^\d{4}(-|$)", text) else ", or Ongoing where the plan says so"
            problems.add(
                table.at(number, fields["due"]),
                f"'{shorten(text)}' is not a date: write it as 2025, "
                f"2025-03 or 2025-03-31{ongoing} (or leave the cell empty when the plan gives none).",
            )
    if "status" in fields and not is_empty(cell(fields["status"])):
        text = cell_text(cell(fields["status"]))
        status = _STATUSES.get(" ".join(text.replace("-", " ").split()).casefold())
        if status is None:
            allowed = [label for key, label in ACTION_STATUS_LABELS.items() if key != "not-yet-reported"]
            problems.add(
                table.at(number, fields["status"]),
                f"'{shorten(text)}' is not a status.{did_you_mean(text, allowed)} "
                f"Use one of: {', '.join(allowed)}; or leave the cell empty when nothing is reported.",
            )
        else:
            item.fields["status"] = status


def _ids(items: list[_Item], problems: Problems) -> None:
    """Give every item an id: its own, or one made from its label and title, unique."""
    used: dict[str, Location] = {}

    def walk(item: _Item):
        given = item.fields.get("id")
        if given is not None:
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", given) or len(given) > 80 or given in RESERVED_NAMES:
                problems.add(
                    item.where,
                    f"'{shorten(given)}' cannot be an id: use lower-case letters, digits and "
                    "hyphens, at most 80 characters (or leave the Id cell empty to have one made).",
                )
            elif given in used:
                problems.add(
                    item.where, f"the id '{given}' is given twice (also at {used[given]}): each item needs its own."
                )
            used[given] = item.where
        for child in item.children:
            walk(child)

    def name(item: _Item):
        if "id" not in item.fields:
            base = _slug(" ".join(filter(None, [item.fields.get("label", ""), item.title])))
            candidate, count = base, 1
            while candidate in used or candidate in RESERVED_NAMES:
                count += 1
                candidate = f"{base}-{count}"
            item.fields["id"] = candidate
            used[candidate] = item.where
        for child in item.children:
            name(child)

    for item in items:
        walk(item)
    for item in items:
        name(item)


def _yaml(items: list[_Item], indent: str = "") -> list[str]:
    lines = []
    for item in items:
        lines.append(f"{indent}- id: {yaml_id(item.fields['id'])}")
        inner = indent + "  "
        if "label" in item.fields:
            lines.append(f"{inner}label: {yaml_text(item.fields['label'])}")
        lines.append(f"{inner}title: {yaml_text(item.title)}")
        if item.fields.get("owners"):
            lines.append(f"{inner}owners: [{', '.join(yaml_id(owner) for owner in item.fields['owners'])}]")
        if "due" in item.fields:
            due = item.fields["due"]
            lines.append(f"{inner}due: {'ongoing' if due == 'ongoing' else yaml_date(due)}")
        if "status" in item.fields:
            lines.append(f"{inner}status: {yaml_id(item.fields['status'])}")
        if item.children:
            lines.append(f"{inner}items:")
            lines.extend(_yaml(item.children, inner + "  "))
    return lines


def import_plan(
    root: Path,
    strategy_id: str,
    plan: str,
    organisation: str,
    title: str,
    start,
    end,
    levels: str | None = None,
    sheet: str | None = None,
) -> tuple[Path, int, list[str]]:
    """Write content/<strategy>/strategy.yaml from an action plan's table; return where, how
    many items it holds, and the plan's columns that were not imported. Never overwrites."""
    level_names = [name.strip() for name in (levels.split(",") if levels else DEFAULT_LEVELS) if name.strip()]
    if not level_names or len({name.casefold() for name in level_names}) != len(level_names):
        raise ScaffoldError(
            '--levels must name each level once, top first, e.g. --levels "Objective,Action". Nothing was written.'
        )
    checked, site = check_new_strategy(
        root,
        strategy_id,
        organisation,
        title,
        start,
        end,
        {
            f"--levels ({name})": (Text, name, 'For example: --levels "Priority,Objective,Action".')
            for name in level_names
        },
    )
    start, end = checked["--start"], checked["--end"]
    folder = root / "content" / strategy_id
    path = Path(plan)
    path = path if path.is_absolute() else Path.cwd() / path
    name = relative_name(path, root) if path.is_relative_to(root) else plan
    problems = Problems()
    table = read_table(
        path, name, problems, sheet, "it needs a header row and one row per item", names_header=(*level_names, *FIELDS)
    )  # rows above it (a title) are not the plan
    columns = _columns(table, level_names, problems) if table is not None else None
    items: list[_Item] = []
    if table is not None and columns is not None:
        items = _tree(table, level_names, columns, _Posts(site, organisation), problems)
        _ids(items, problems)
        if not items and not problems:
            problems.add(table.at(table.header_row), "the table has no rows below its header: nothing to import.")
    if problems:
        raise ScaffoldError(
            problems.report().rsplit("\n", 1)[0] + f"\nFound {len(problems)} "
            f"problem{'s' if len(problems) != 1 else ''} in the plan. Correct them, and run the "
            "command again. Nothing was written."
        )
    # (a plan not read, or without the columns it needs, is a problem: raised above)
    assert table is not None and columns is not None
    lines = [
        "# yaml-language-server: $schema=../../schema/strategy.schema.json",
        f"# Imported by `strategies import` from {comment_text(path.name)}"
        + (f", sheet {comment_text(table.sheet)}" if table.sheet else "")
        + f", on {datetime.date.today().isoformat()}.",
        "# Fill in what the published document says; leave out what it does not say.",
        f"title: {yaml_text(checked['--title'])}",
        f"organisation: {yaml_id(organisation)}",
        "period:",
        f"  start: {yaml_date(start.iso())}",
        f"  end: {yaml_date(end.iso())}",
        "status: draft",
        "summary: |",
        "  Write a short summary of what the strategy is for.",
        "levels:",
        *(f"  - name: {yaml_text(level)}" for level in level_names),
        "items:",
        *_yaml(items, "  "),
    ]
    text = "\n".join(lines) + "\n"
    check_rendered(text, Strategy, f"content/{strategy_id}/{STRATEGY_FILE}", "", made_by="`strategies import`")
    write_new(folder / STRATEGY_FILE, text)
    count = sum(1 for _ in _walk(items))
    return folder / STRATEGY_FILE, count, columns[2]


def _walk(items: list[_Item]):
    for item in items:
        yield item
        yield from _walk(item.children)
