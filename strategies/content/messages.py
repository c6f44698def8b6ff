"""Turn pydantic validation errors into messages an officer can act on, at the right line."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .problems import Location, Problem, did_you_mean, shorten
from .yaml_source import SourceList, SourceMap

_TYPE_WORDS = {
    dict: "a block of fields",
    list: "a list",
    str: "text",
    bool: "yes/no",
    int: "a number",
    float: "a number",
    type(None): "nothing",
}


def _describe(value: Any) -> str:
    for kind, word in _TYPE_WORDS.items():
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return word
    return type(value).__name__


def _inner_model(annotation: Any):
    """The Block class inside Optional[...], list[...] or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _is_mapping(annotation: Any) -> bool:
    """True for dict[...] fields (and Optional ones), whose next path part is a key."""
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_mapping(arg) for arg in typing.get_args(annotation) or ())


def model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The block class an error path leads to (list positions and mapping keys skipped)."""
    model, key_next = root, False
    for part in loc:
        if isinstance(part, int) or key_next:
            key_next = False
            continue
        if model is None or part not in model.model_fields:
            return model if part == loc[-1] else None
        annotation = model.model_fields[part].annotation
        model, key_next = _inner_model(annotation), _is_mapping(annotation)
    return model


def is_mapping_at(root: type[BaseModel], loc: tuple) -> bool:
    """True when an error path leads to a mapping field (such as a revision's holders)."""
    if not loc or not isinstance(loc[-1], str):
        return False
    model = model_at(root, loc[:-1])
    info = model.model_fields.get(loc[-1]) if model else None
    return info is not None and _is_mapping(info.annotation)


def _locate(raw: Any, loc: tuple, at_key: bool, fallback: Location) -> tuple[Location, Any]:
    """Follow an error's path through the raw YAML to the line it refers to."""
    node, where = raw, getattr(raw, "location", fallback)
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, SourceMap) and isinstance(part, str) and part in node:
            where = node.key_locations[part] if (at_key and last) else node.value_locations[part]
            node = node[part]
        elif isinstance(node, SourceList) and isinstance(part, int) and 0 <= part < len(node):
            where = node.item_locations[part]
            node = node[part]
    return where, node


def _field_name(loc: tuple) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and not part.startswith(("function-", "literal[")):
            return part
    return "this value"


_BOUNDS = {
    "less_than": "less than",
    "less_than_equal": "at most",
    "greater_than": "more than",
    "greater_than_equal": "at least",
}


def _message(error: ErrorDetails, model: type[BaseModel] | None, value: Any, present: Any = ()) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    field = shorten(_field_name(loc), 60)
    given = error.get("input")
    if isinstance(given, str):
        given = shorten(given)
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"'{field}' is required here: add a line '{field}: …' to this block."
    if kind == "extra_forbidden":
        allowed = sorted(model.model_fields) if model else []
        # Suggested only if the key is a typo of a field the block could still take: one it
        # already has would then be there twice ('present': the block's keys).
        hint = did_you_mean(field, [name for name in allowed if name not in present])
        listing = f" Fields allowed here: {', '.join(allowed)}." if allowed else ""
        return f"'{field}' is not a field this block can have.{hint}{listing}"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        hint = did_you_mean(str(given), options)
        return f"'{given}' is not an allowed value for '{field}'.{hint} Use one of: {', '.join(options)}."
    if kind == "finite_number":
        return f"'{field}' must be a plain number, like 72.4: '{given}' is not one. Leave the field out if the document gives none."
    if kind in _BOUNDS:
        bound = ctx.get("lt", ctx.get("le", ctx.get("gt", ctx.get("ge"))))
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        return (
            f"'{field}' must be {_BOUNDS[kind]} {bound:,}: '{given}' is not. "
            "Check the number against the source document."
        )
    if kind == "string_pattern_mismatch":
        return (
            f"'{given}' is not a valid id: use lower-case letters, digits and hyphens only, "
            "such as 'improve-life-expectancy'."
        )
    if kind == "string_type":
        if isinstance(given, (bool, int, float)):
            return f"'{field}' should be text: put the value in quotes, e.g. {field}: \"{given}\"."
        return f"'{field}' should be a single piece of text, not {_describe(given)}."
    if kind == "list_type":
        return f"'{field}' should be a list, with each item on its own line starting '- ', not {_describe(given)}."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"'{field}' should be a block of 'name: value' lines, not {_describe(given)}."
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"'{field}' should be a number, written without £ signs or commas (e.g. 250000)."
    if kind == "string_too_short":
        return f"'{field}' is empty: write the text, or remove the line."
    if kind == "string_too_long":
        return f"'{field}' is longer than the {ctx.get('max_length')} characters allowed here."
    if kind == "too_short":
        return f"'{field}' needs at least {ctx.get('min_length')} item(s)."
    if kind in ("greater_than_equal", "greater_than"):
        return f"'{field}' cannot be negative."
    # Our own value types (dates, financial years, web addresses) already speak plainly.
    message = error.get("msg", "is not valid")
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"'{field}': {message}."


def problems_from_validation(
    error: ValidationError, raw: Any, root: type[BaseModel], file_location: Location
) -> list[Problem]:
    """One Problem per pydantic error, each located at the line it concerns."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        at_key = item["type"] == "extra_forbidden"
        location, value = _locate(raw, loc, at_key, file_location)
        model = model_at(root, loc[:-1]) if at_key else None
        block = _locate(raw, loc[:-1], False, file_location)[1] if at_key else None
        present = list(block) if isinstance(block, SourceMap) else ()
        problems.append(Problem(location, _message(item, model, value, present)))
    return problems
