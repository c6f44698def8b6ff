"""Cross-references in content Markdown: ``[the EIA priority](item:equality-impact-assessment)``.

``item:<id>`` names an item of the same strategy; ``item:<strategy>/<id>`` an item of another.
An item may also be named by its printed label (``item:P3``) where no other item has it.
In an old version (a revision), references to its own strategy name items of that version.
References are checked when content is loaded (a missing item is an error at its line);
:func:`strategies.pages.urls.link_references` makes them ordinary links when pages are rendered.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel

from .problems import Location, Problems, did_you_mean

if TYPE_CHECKING:
    from .site import NodeView, Site, StrategyEntry

REFERENCE = re.compile(r"\]\(\s*item:([^)\s]*)\s*\)")


def _item(entry: StrategyEntry, ref: str) -> NodeView | None:
    """An item of ``entry`` by its id, or else by its printed label where no other item has it."""
    found = entry.nodes.get(ref)
    if found is None:
        labelled = [view for view in entry.nodes.values() if view.node.label == ref]
        found = labelled[0] if len(labelled) == 1 else None
    return found


def resolve(site: Site, entry: StrategyEntry | None, ref: str) -> NodeView | None:
    """The item a reference in ``entry``'s text names (within that version), or None. An item
    is named by its id, or by its printed label ('1.2', 'P3') where that is unique."""
    if "/" not in ref:
        return _item(entry, ref) if entry else None
    strategy_id, _, item_id = ref.rpartition("/")
    target = entry if entry is not None and entry.id == strategy_id else site.strategies.get(strategy_id)
    return _item(target, item_id) if target else None


def text_fields(block: BaseModel) -> list[tuple[BaseModel, str, int | None, str]]:
    """Every text field in a block and the blocks inside it, in order: (block, field, index,
    text), the index being the text's place in a list field. (A list, gathered without nested
    generators: loading walks every text of every strategy twice, for references and images.)"""
    found: list[tuple[BaseModel, str, int | None, str]] = []
    _gather_texts(block, found)
    return found


def _gather_texts(block: BaseModel, found: list) -> None:
    for name in type(block).model_fields:
        value = getattr(block, name)
        if isinstance(value, str):
            found.append((block, name, None, value))
        elif isinstance(value, BaseModel):
            _gather_texts(value, found)
        elif isinstance(value, (list, dict)):
            in_list = isinstance(value, list)
            for index, item in enumerate(value if isinstance(value, list) else value.values()):
                if isinstance(item, str):
                    found.append((block, name, index if in_list else None, item))
                elif isinstance(item, BaseModel):
                    _gather_texts(item, found)


def check_references(entry: StrategyEntry, site: Site, problems: Problems) -> None:
    """Report every reference in a strategy's text and pages that names no item."""

    def check(text: str, locate) -> None:
        for match in REFERENCE.finditer(text):
            ref = match.group(1)
            if resolve(site, entry, ref) is None:
                known = (
                    entry.nodes
                    if "/" not in ref
                    else [f"{sid}/{nid}" for sid, other in site.strategies.items() for nid in other.nodes]
                )
                hint = did_you_mean(ref, known) or " Check the id against the item's 'id:' line."
                problems.add(locate(match.start()), f"the link 'item:{ref}' names no item.{hint}")

    for block, field, index, text in text_fields(entry.model):
        check(text, lambda offset, b=block, f=field, i=index, t=text: b.where_in_text(f, i, offset, t))
    for page in entry.pages:

        def locate(offset, page=page):
            return Location(page.location.file, page.location.line + page.body.count("\n", 0, offset), 1)

        check(page.body, locate)
