"""Progress returns: a workbook for action owners to fill in (`strategies returns`), and
reading the filled workbooks back into one progress report (`strategies report NAME --from`).

The workbook has a cover sheet (what to do, and by when) and an Actions sheet: one row per
action with its id, printed label, title, owner, due date and current status, then empty
columns for the new status (a drop-down of the allowed statuses), per cent complete,
milestone and commentary. Reading it back, every problem is reported at its file, sheet and
cell, and nothing is written until there are none.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from pydantic import ValidationError

from strategies.content.measure_data import Table, cell_text, column_letter, is_empty, pandas, read_table
from strategies.content.messages import problems_from_validation
from strategies.content.model import ACTION_STATUS_LABELS, ActionUpdate, PartialDate
from strategies.content.problems import Location, Problems, did_you_mean, relative_name, shorten
from strategies.content.site import NodeView, Site, StrategyEntry
from strategies.pages.cells import safe_cell
from strategies.pages.spreadsheets import DropDown, Heading, Sheet, ods_bytes

from .writing import ID_HINT, ScaffoldError, check_arguments, load_strategy, shown

ACTIONS_SHEET = "Actions"
RETURNS_DIR = "returns"
# The statuses an owner can return (not "not yet reported": a return is a report).
STATUSES = {key: label for key, label in ACTION_STATUS_LABELS.items() if key != "not-yet-reported"}
# The Actions sheet's columns: those the workbook fills, then those the owner fills.
GIVEN = ("Action id", "Label", "Title", "Owner", "Due", "Current status")
ANSWERS = ("New status", "Per cent complete", "Milestone", "Commentary")


def _owner_names(site: Site, view: NodeView) -> list[str]:
    owners, _ = view.effective_owners()
    return [party.label() for ref in owners if (party := site.party(ref)) is not None]


def actions_for(site: Site, entry: StrategyEntry, owner: str | None) -> list[NodeView]:
    """The strategy's adopted actions (those whose progress counts), in the strategy's order;
    with ``owner``, those it oversees (as an owner of the action, or of an item above it)."""
    chosen = [view for view in entry.actions() if view.stage is None]
    if owner is not None:
        chosen = [view for view in chosen if owner in view.effective_owners()[0]]
    return chosen


def action_rows(site: Site, entry: StrategyEntry, owner: str | None = None) -> list[list]:
    """The Actions sheet's rows below its header: what the workbook tells the owner of each action."""
    return [
        [
            view.id,
            view.node.label or "",
            view.node.title,
            "; ".join(_owner_names(site, view)),
            view.node.due.iso() if view.node.due else "",
            STATUSES.get(view.status(), "Not yet reported"),
        ]
        for view in actions_for(site, entry, owner)
    ]


def _cover_lines(entry: StrategyEntry, who: str, by: PartialDate, count: int) -> list:
    statuses = ", ".join(STATUSES.values())
    return [
        [f"Progress return: {entry.title}"],
        [Heading("Who this is for")],
        [who],
        [Heading("Return it by")],
        [by.display()],
        [Heading("What to do")],
        [f"1. Go to the {ACTIONS_SHEET} sheet. It lists {count} action{'s' if count != 1 else ''}, one a row."],
        [
            "2. For each action you can report on, choose its status now in 'New status' (the drop-down offers: "
            f"{statuses})."
        ],
        [
            "3. If you can, give 'Per cent complete' (a number from 0 to 100), the 'Milestone' reached in a few "
            "words, and a 'Commentary' on what happened, in plain words: residents read it on the website."
        ],
        ["4. Leave all four new columns empty for an action you have nothing to report on."],
        ["5. Do not change the action ids, rename the columns or add rows: the return is read back by them."],
        [
            "6. Save the file in the same format and send it back. Several owners' returns are read into one "
            "progress report."
        ],
        [Heading("About this return")],
        [f"Strategy: {entry.id}. Made on {datetime.date.today().isoformat()} from the strategy as published."],
    ]


def returns_workbook(site: Site, entry: StrategyEntry, owner: str | None, by: PartialDate, fmt: str) -> bytes:
    """The returns workbook's bytes, as ODS or XLSX."""
    rows = action_rows(site, entry, owner)
    party = site.party(owner) if owner else None
    who = (
        f"{party.label()}: the actions you oversee."
        if party is not None
        else "Every action owner: report on the actions you oversee."
    )
    cover = _cover_lines(entry, who, by, len(rows))
    header = [*GIVEN, *ANSWERS]
    status_column = len(GIVEN)
    if fmt == "ods":
        drop = DropDown(
            "status",
            list(STATUSES.values()),
            "New status",
            "Choose the action's status now, or leave it empty.",
            "Choose one of the statuses in the list: " + ", ".join(STATUSES.values()) + ".",
        )
        return ods_bytes(
            [
                Sheet("Cover", cover, headings=0, title=True),
                Sheet(ACTIONS_SHEET, [header, *rows], drop_downs={status_column: drop}),
            ]
        )
    return _xlsx(cover, header, rows, status_column)


def _xlsx(cover: list, header: list, rows: list, status_column: int) -> bytes:
    """The workbook as XLSX, written by pandas (openpyxl), with the drop-down of statuses and
    a check that per cent complete is a number from 0 to 100."""
    pd = pandas()
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.DataFrame([[safe_cell(str(line[0]))] for line in cover], dtype=object).to_excel(
            writer, sheet_name="Cover", index=False, header=False
        )
        pd.DataFrame(
            [[safe_cell(cell) for cell in row] + [None] * len(ANSWERS) for row in rows] or None,
            columns=[safe_cell(cell) for cell in header],
            dtype=object,
        ).to_excel(writer, sheet_name=ACTIONS_SHEET, index=False)
        book = writer.book
        sheet = book["Cover"]
        sheet.column_dimensions["A"].width = 110
        for number, line in enumerate(cover, start=1):
            if number == 1 or isinstance(line[0], Heading):
                sheet.cell(number, 1).font = Font(bold=True, size=14 if number == 1 else 11)
            sheet.cell(number, 1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet = book[ACTIONS_SHEET]
        last = max(len(rows), 1) + 1
        statuses = DataValidation(
            type="list",
            formula1='"' + ",".join(STATUSES.values()) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="New status",
            promptTitle="New status",
            error="Choose one of the statuses in the list.",
            prompt="Choose the action's status now, or leave it empty.",
            showInputMessage=True,
        )
        percent = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Per cent complete",
            error="Write a number from 0 to 100.",
        )
        for check, column in ((statuses, status_column), (percent, status_column + 1)):
            sheet.add_data_validation(check)
            letter = column_letter(column + 1)
            check.add(f"{letter}2:{letter}{last}")
        for number, width in enumerate((24, 8, 50, 36, 11, 16, 16, 10, 30, 60), start=1):
            sheet.column_dimensions[column_letter(number)].width = width
        sheet.freeze_panes = "A2"
    return out.getvalue()


def _checked_date(value: str | None, name: str, default: datetime.date) -> PartialDate:
    checked = check_arguments({name: (PartialDate, value or default.isoformat(), "For example: --by 2025-07-01.")})
    return checked[name]


def write_returns(
    root: Path,
    strategy_id: str,
    owner: str | None = None,
    fmt: str = "ods",
    by: str | None = None,
    out: str | None = None,
) -> tuple[Path, int]:
    """Write the returns workbook for a strategy (or one owner's part of it); return where,
    and how many actions it lists. Never overwrites a file."""
    from strategies.content.model import Id

    check_arguments({"strategy": (Id, strategy_id, ID_HINT)})
    due = _checked_date(by, "--by", datetime.date.today() + datetime.timedelta(days=14))
    site, entry = load_strategy(root, strategy_id)
    if owner is not None and site.party(owner) is None:
        owners = sorted({ref for view in entry.actions() for ref in view.effective_owners()[0]})
        hint = did_you_mean(owner, owners) or f" Owners of its actions: {', '.join(owners) or 'none named'}."
        raise ScaffoldError(
            f"--owner: '{shown(owner)}' is not a known post or organisation.{hint} Nothing was written."
        )
    count = len(actions_for(site, entry, owner))
    if count == 0:
        raise ScaffoldError(
            f"{'--owner ' + owner + ' oversees no adopted action' if owner else 'this strategy has no adopted action'}"
            f" of {strategy_id}: there is nothing to return. Nothing was written."
        )
    suffix = "." + fmt
    if out is None:
        path = (
            root
            / RETURNS_DIR
            / f"{strategy_id}{'-' + owner if owner else ''}-{datetime.date.today().isoformat()}{suffix}"
        )
    else:
        path = Path(out)
        path = path if path.is_absolute() else Path.cwd() / path
        if path.suffix.lower() != suffix:
            raise ScaffoldError(f"--out {out}: a {fmt.upper()} workbook's name ends in {suffix}. Nothing was written.")
    data = returns_workbook(site, entry, owner, due, fmt)
    made = [folder for folder in reversed(path.parents) if not folder.exists()]
    try:
        for folder in made:
            folder.mkdir()
        with open(path, "xb") as handle:  # "x": never over an existing file
            handle.write(data)
    except FileExistsError:
        raise ScaffoldError(
            f"{path} already exists: nothing was changed. Send that one, or choose another name with --out."
        ) from None
    except OSError as error:
        raise ScaffoldError(f"could not write {path} ({error.strerror}). Nothing was written.") from None
    return path, count


# --- reading filled returns back ----------------------------------------------------------


def _status_key(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


_STATUS_BY_TEXT = {_status_key(text): key for key, label in STATUSES.items() for text in (key, label)}


def _percent(cell) -> float | str | None:
    """Per cent complete from a cell: a number, or text such as '40%'; or what is wrong with it."""
    if is_empty(cell):
        return None
    if isinstance(cell, bool) or not isinstance(cell, (int, float, str)):
        return f"'{shorten(cell_text(cell))}' is not a number: write how complete the action is, from 0 to 100."
    try:
        value = float(str(cell).strip().rstrip("%").strip()) if isinstance(cell, str) else float(cell)
    except ValueError:
        return f"'{shorten(cell)}' is not a number: write how complete the action is, from 0 to 100."
    if not 0 <= value <= 100:
        return f"'{cell_text(cell)}' is not from 0 to 100: write how complete the action is, as a percentage."
    return value


class Returned:
    """One action's answers in a return, and where they were given."""

    def __init__(self, answers: dict, where: Location, file: str, row: int):
        self.answers, self.where, self.file, self.row = answers, where, file, row


def read_returns(root: Path, entry: StrategyEntry, paths: list[str]) -> tuple[list[dict], list[str], Problems]:
    """The updates the filled workbooks give, in the strategy's order of actions; the ids of
    adopted actions no return answered; and every problem, at its file, sheet and cell."""
    problems = Problems()
    actions = {view.id: view for view in entry.actions()}
    items = {view.id for view in entry.walk()}
    found: dict[str, Returned] = {}
    for given in paths:
        path = Path(given)
        path = path if path.is_absolute() else Path.cwd() / path
        name = relative_name(path, root) if path.is_relative_to(root) else str(given)
        table = read_table(
            path,
            name,
            problems,
            ACTIONS_SHEET if path.suffix.lower() != ".csv" else None,
            "it needs the header row the workbook came with, and one row per action",
            names_header=("Action id",),
        )
        if table is not None:
            _read_table(table, actions, items, found, problems)
    updates = [found[view.id].answers for view in entry.actions() if view.id in found]
    unanswered = [view.id for view in entry.actions() if view.stage is None and view.id not in found]
    return updates, unanswered, problems


def _read_table(table: Table, actions: dict, items: set, found: dict, problems: Problems) -> None:
    headers = [" ".join(cell_text(cell).split()).casefold() for cell in table.header]
    columns = {name: headers.index(name.casefold()) for name in (*GIVEN, *ANSWERS) if name.casefold() in headers}
    missing = [name for name in ("Action id", *ANSWERS) if name not in columns]
    if missing:
        problems.add(
            table.at(table.header_row),
            "the header row lacks "
            + ", ".join(f"'{m}'" for m in missing)
            + ": use the workbook `strategies returns` made, without renaming or removing its columns.",
        )
        return
    for number, cells in table.rows:

        def cell(name: str, cells: list = cells):  # bound now: called only within this row's turn
            index = columns[name]
            return cells[index] if index < len(cells) else None

        def at(name: str, number: int = number) -> Location:
            return table.at(number, columns[name])

        if all(is_empty(cell(name)) for name in ANSWERS):
            continue  # nothing reported on this action
        action = cell_text(cell("Action id"))
        if action not in actions:
            if action in items:
                message = (
                    f"'{shorten(action)}' is not an action but an item with actions under it: progress is "
                    "reported on its actions."
                )
            elif not action:
                message = "this row has answers but no action id: copy the id back from the workbook as it came."
            else:
                message = (
                    f"'{shorten(action)}' is not an action of this strategy.{did_you_mean(action, actions)} "
                    "Copy the id back from the workbook as it came."
                )
            problems.add(at("Action id"), message)
            continue
        answers: dict[str, str | float] = {"action": action}
        ok = True
        status_text = cell_text(cell("New status"))
        status = _STATUS_BY_TEXT.get(_status_key(status_text))
        if not status_text:
            problems.add(
                at("New status"), "this action has answers but no new status: choose its status now from the drop-down."
            )
            ok = False
        elif status is None:
            hint = did_you_mean(status_text, list(STATUSES.values()) + list(STATUSES))
            problems.add(
                at("New status"),
                f"'{shorten(status_text)}' is not a status.{hint} Choose one of: " + ", ".join(STATUSES.values()) + ".",
            )
            ok = False
        else:
            answers["status"] = status
        percent = _percent(cell("Per cent complete"))
        if isinstance(percent, str):
            problems.add(at("Per cent complete"), percent)
            ok = False
        elif percent is not None:
            answers["percent"] = percent
        for name, field in (("Milestone", "milestone"), ("Commentary", "commentary")):
            value = cell(name)
            text = value.strip() if isinstance(value, str) else cell_text(value)
            if text:
                answers[field] = text.replace("\r\n", "\n").replace("\r", "\n")
        if not ok:
            continue
        try:
            ActionUpdate.model_validate(answers)
        except ValidationError as error:
            for item, problem in zip(
                error.errors(), problems_from_validation(error, answers, ActionUpdate, Location(table.name))
            ):
                answer = item["loc"][0] if item["loc"] else "status"
                column = {"milestone": "Milestone", "commentary": "Commentary", "percent": "Per cent complete"}.get(
                    str(answer), "New status"
                )
                problems.add(at(column), problem.message)
            continue
        earlier = found.get(action)
        if earlier is None:
            found[action] = Returned(answers, at("Action id"), table.name, number)
        elif earlier.answers != answers:
            problems.add(
                at("Action id"),
                f"'{action}' is returned twice with different answers: here and at "
                f"{earlier.where}. Keep one of the two, and empty the other's new columns.",
            )


def report_yaml(
    entry: StrategyEntry, date: PartialDate, updates: list[dict], unanswered: list[str], sources: list[str]
) -> str:
    """The progress report YAML for the returned updates (each value written safely)."""
    from .writing import comment_text, yaml_date, yaml_id, yaml_text

    lines = [
        "# yaml-language-server: $schema=../../../schema/progress-report.schema.json",
        f"# A progress report for {comment_text(entry.title)}, read from the returns: "
        + comment_text(", ".join(sources))
        + ".",
        "# Check the title and write the summary: both are published, and the summary appears in the feeds.",
        f"title: {yaml_text('Progress report, ' + date.iso())}",
        f"date: {yaml_date(date.iso())}",
        "summary: |",
        "  Summarise progress since the last report.",
        "updates:" if updates else "updates: []",
    ]
    for update in updates:
        lines.append(f"  - action: {yaml_id(update['action'])}")
        lines.append(f"    status: {yaml_id(update['status'])}")
        if "percent" in update:
            value = update["percent"]
            lines.append(f"    percent: {int(value) if float(value).is_integer() else value}")
        for field in ("milestone", "commentary"):
            if field in update:
                lines.append(f"    {field}: {yaml_text(update[field])}")
    if unanswered:
        lines.append("# Not in any return (their status stays as it was): " + comment_text(", ".join(unanswered)))
    return "\n".join(lines) + "\n"
