"""What the commands that write content share: checking their arguments by the content
model's rules, rendering files from macros/scaffold/ with values written safely, checking each
rendered file against the model, and writing a new file without ever overwriting one.

Used by `new` and `report` (scaffold.py), `release` (release.py), `returns` (returns.py) and
`import` (plan_import.py): each imports this, and none of them imports another's module.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, ValidationError, create_model

from strategies.content.loader import ID_PATTERN, load_site
from strategies.content.messages import problems_from_validation
from strategies.content.model import Id, PartialDate, Text
from strategies.content.problems import Location, did_you_mean, shorten
from strategies.content.yaml_source import YAMLProblem, parse_yaml

ID_HINT = "Choose one of at most 80 characters, e.g. fairer-town-2025-30."
_NOT_YAML = yaml.reader.Reader.NON_PRINTABLE  # characters a YAML file may not hold as they are
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # bytes of an argument that were not UTF-8


class ScaffoldError(Exception):
    """A file could not be created; the message says why and what to do."""


def _escaped(text: str) -> str:
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def shown(value) -> str:
    """A value as a message can show it: cut short, line breaks and control characters escaped."""
    return _escaped(shorten(value))


def yaml_text(value) -> str:
    """``value`` as a double-quoted YAML scalar that reads back as the same text: line breaks
    and control characters are escaped, so no value can end its line or start another key."""
    return yaml.safe_dump(str(value), default_style='"', allow_unicode=True, width=sys.maxsize).rstrip("\n")


def yaml_id(value) -> str:
    """An id as a YAML key or value: plain where YAML reads it back as itself, else quoted
    (on, 2021, null)."""
    text = str(value)
    plain = re.fullmatch(ID_PATTERN, text) and yaml.safe_load(f"{text}: x") == {text: "x"}
    return text if plain else yaml_text(text)


def yaml_date(value) -> str:
    """A date as content writes it (2025, 2025-07 or 2025-07-01): plain, as it is only digits
    and hyphens; anything that is not a date is refused."""
    return PartialDate.parse(value).iso()


def comment_text(value) -> str:
    """Text for a YAML comment: one line, without characters a YAML file may not hold."""
    return _NOT_YAML.sub("", " ".join(str(value).split()))


def template_environment(macros: Path) -> Environment:
    """The Jinja environment for the templates in macros/scaffold/, with filters that write
    values safely: ``quote`` (any text), ``yaml_id`` (an id, as a key or value; also ``yaml_key``),
    ``yaml_date`` (a date) and ``one_line`` (text for a comment)."""
    environment = Environment(
        loader=FileSystemLoader(str(macros / "scaffold")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        quote=yaml_text, yaml_id=yaml_id, yaml_key=yaml_id, yaml_date=yaml_date, one_line=comment_text
    )
    return environment


def check_arguments(arguments: dict[str, tuple]) -> dict:
    """Arguments read by the content model's rules, as `strategies validate` reads content.

    ``arguments`` maps each argument's name (as the command's usage shows it) to its model
    type, its value and what to write instead. Returns the values as the model reads them;
    raises ScaffoldError naming every bad argument, with validate's message and what to do.
    """
    values = {name: value for name, (_, value, _) in arguments.items()}
    undecodable = [name for name, value in values.items() if isinstance(value, str) and _SURROGATE.search(value)]
    if undecodable:
        raise ScaffoldError(
            "\n".join(
                f"{name}: {shown(values[name])} holds bytes that are not UTF-8 text: "
                "type it again, or set the terminal to UTF-8."
                for name in undecodable
            )
            + " Nothing was written."
        )
    fields: dict[str, Any] = {name: (kind, ...) for name, (kind, _, _) in arguments.items()}
    model = create_model("Arguments", **fields)
    try:
        checked = model.model_validate(values)
    except ValidationError as error:
        lines = []
        for item, problem in zip(error.errors(), problems_from_validation(error, values, model, Location(""))):
            name = str(item["loc"][0])  # an argument's name (a field of the model)
            message = _escaped(problem.message)
            lines.append(f"{message if repr(name) in message else f'{name}: {message}'} {arguments[name][2]}")
        raise ScaffoldError("\n".join(lines) + " Nothing was written.") from None
    return {name: getattr(checked, name) for name in arguments}


def check_rendered(text: str, model: type[BaseModel], name: str, template: str, made_by: str | None = None) -> None:
    """Refuse a rendered file that the content model would not accept (a template edited
    wrongly), naming its lines, before anything is written."""
    raw = None
    try:
        raw = parse_yaml(text, name)
        model.model_validate(raw)
        return
    except YAMLProblem as error:
        problems = [error.problem]
    except ValidationError as error:
        problems = problems_from_validation(error, raw, model, Location(name, 1, 1))
    raise ScaffoldError(
        f"{made_by or 'macros/scaffold/' + template} makes a file that `strategies validate` would "
        "refuse:\n"
        + "\n".join(str(problem) for problem in problems)
        + ("\nThis is a fault in the command: please report it." if made_by else "\nCorrect the template.")
        + " Nothing was written."
    )


def write_new(path: Path, text: str) -> None:
    """Write a new file, making its folders; on any failure, leave nothing behind."""
    made = [folder for folder in reversed(path.parents) if not folder.exists()]
    try:
        for folder in made:
            folder.mkdir()
        with open(path, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
            try:
                handle.write(text)
            except BaseException:
                path.unlink()
                raise
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists: nothing was changed.") from None
    except OSError as error:
        for folder in reversed(made):
            if folder.exists():
                folder.rmdir()
        raise ScaffoldError(f"could not write {path} ({error.strerror}). Nothing was written.") from None


def check_period(checked: dict) -> tuple[PartialDate, PartialDate]:
    """The checked --start and --end, refused when the period would end before it starts."""
    start, end = checked["--start"], checked["--end"]
    if end.end_key() < start._key():
        raise ScaffoldError(
            f"--end ({end.iso()}) is before --start ({start.iso()}): the period would end "
            "before it starts. Check both years. Nothing was written."
        )
    return start, end


def check_organisation(site, organisation: str) -> None:
    """Refuse an organisation id that content/organisations/ does not have, suggesting the
    nearest one."""
    if organisation not in site.organisations:
        hint = did_you_mean(organisation, site.organisations)
        known = ", ".join(sorted(site.organisations)) or "none yet"
        raise ScaffoldError(
            f"'{shown(organisation)}' is not an organisation in content/organisations/.{hint} "
            f"(Known: {known}.) Nothing was written."
        )


def load_strategy(root: Path, strategy_id: str):
    """The loaded site and the strategy ``strategy_id``, refused (with the nearest id, or the
    known ones) when content/ has no such strategy."""
    site, problems = load_site(root / "content", root)
    entry = site.strategies.get(strategy_id)
    if entry is None:
        known = sorted(site.strategies)
        hint = did_you_mean(strategy_id, known) or (
            " Fix the problems `strategies validate` reports first."
            if problems
            else f" Strategies: {', '.join(known) or 'none yet'}."
        )
        raise ScaffoldError(f"'{shown(strategy_id)}' is not a strategy in content/.{hint} Nothing was written.")
    return site, entry


def check_new_strategy(
    root: Path, strategy_id: str, organisation: str, title: str, start, end, more: dict[str, tuple] | None = None
):
    """What `new` and `import` check before making a strategy: its id, title, period (and
    ``more`` arguments, as check_arguments takes them), that the organisation exists and the
    strategy does not. Returns the checked arguments and the loaded site."""
    if not title.strip():  # validate's message would say "or remove the line"
        raise ScaffoldError(
            '--title is empty: give the strategy\'s title, e.g. --title "A Fairer Town". Nothing was written.'
        )
    checked = check_arguments(
        {
            "strategy": (Id, strategy_id, ID_HINT),
            "--title": (Text, title.strip(), 'For example: --title "A Fairer Town".'),
            "--organisation": (str, organisation, ""),
            "--start": (PartialDate, start, "For example: --start 2025."),
            "--end": (PartialDate, end, "For example: --end 2030."),
            **(more or {}),
        }
    )
    check_period(checked)
    site, _ = load_site(root / "content", root)
    check_organisation(site, organisation)
    if (root / "content" / strategy_id).exists():
        raise ScaffoldError(f"content/{strategy_id} already exists: choose another id. Nothing was written.")
    return checked, site
