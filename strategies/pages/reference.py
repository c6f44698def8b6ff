"""The field reference for the editing guide, generated from the content model so it cannot drift."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from strategies.content.model import Block, Ongoing, PageMeta, PartialDate, Url
from strategies.content.schema import MODELS

FILE_OF = {
    "strategy": "content/<strategy>/strategy.yaml",
    "organisation": "content/organisations/<id>.yaml",
    "progress-report": "content/<strategy>/progress/<name>.yaml",
    "site": "content/site.yaml",
    "revision": "content/<strategy>/revisions/<name>/revision.yaml",
}
# Blocks written at the top of a Markdown file (its front matter), not in a YAML file of their
# own: no JSON Schema is made for them, but the field reference lists them with the rest.
FRONT_MATTER: dict[type[Block], str] = {PageMeta: "content/<strategy>/pages/<name>.md"}
FRONT_MATTER_PLACE = "between the --- lines at the top"
_URL_CHECK = typing.get_args(Url)[1]  # the check every web address field has


@dataclass
class FieldRow:
    name: str
    required: bool
    kind: str
    description: str
    block: str | None  # the name of the block this field holds, for a link


@dataclass
class BlockDoc:
    name: str
    doc: str
    fields: list[FieldRow]
    file: str | None = None
    place: str | None = None  # where in the file, for front matter


def _kind(annotation, metadata=()) -> tuple[str, str | None]:
    if annotation == Url or _URL_CHECK in metadata:
        return "web address (https://…)", None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _kind(args[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if set(inner) == {PartialDate, Ongoing}:  # a due date
            return "date (2021, 2021-07 or 2021-07-31), or ongoing", None
        return _kind(inner[0]) if len(inner) == 1 else ("text", None)
    if origin is list:
        kind, block = _kind(args[0])
        return f"list of {kind}", block
    if origin is dict:  # 'id: value' lines, e.g. a revision's statuses
        kind, block = _kind(args[1])
        return f"'id: value' lines, each value {kind}", block
    if origin is typing.Literal:
        return "one of: " + ", ".join(str(a) for a in args), None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"block ({annotation.__name__})", annotation.__name__
    if annotation is PartialDate:
        return "date (2021, 2021-07 or 2021-07-31)", None

    return {str: "text", float: "number", int: "whole number", bool: "true or false"}.get(annotation, "text"), None


def blocks() -> list[BlockDoc]:
    """Every block an officer can write, starting from each kind of file (YAML files, then the
    front matter of pages), each once."""
    seen: dict[str, BlockDoc] = {}
    files = {model.__name__: FILE_OF[name] for name, model in MODELS.items()}
    files.update((model.__name__, file) for model, file in FRONT_MATTER.items())
    places = {model.__name__: FRONT_MATTER_PLACE for model in FRONT_MATTER}

    def visit(model: type[Block]) -> None:
        if model.__name__ in seen:
            return
        rows: list[FieldRow] = []
        doc = BlockDoc(
            model.__name__,
            " ".join((model.__doc__ or "").split()),
            rows,
            files.get(model.__name__),
            places.get(model.__name__),
        )
        seen[model.__name__] = doc
        for name, info in model.model_fields.items():
            kind, block = _kind(info.annotation, info.metadata)
            rows.append(FieldRow(name, info.is_required(), kind, info.description or "", block))
            for candidate in _models_in(info.annotation):
                visit(candidate)

    for model in (*MODELS.values(), *FRONT_MATTER):
        visit(model)
    return list(seen.values())


def _models_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)
