"""The adapter's copies of Material's partials and its uses of undocumented code are checked
against the installed MkDocs and Material (mkdocs_adapter/upstream.py): an upgrade that changes
one fails here, naming what to re-check, not later as a silently stale page."""

from __future__ import annotations

import hashlib
import importlib
import inspect
from pathlib import Path

import material

from strategies.mkdocs_adapter import upstream

from support import ROOT

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def test_each_copied_partial_was_made_from_the_installed_materials():
    for path, recorded in upstream.COPIED_PARTIALS.items():
        assert (ROOT / "macros" / "theme" / path).is_file(), f"macros/theme/{path} is listed but missing"
        installed = hashlib.sha256((MATERIAL_TEMPLATES / path).read_bytes()).hexdigest()
        assert installed == recorded, (
            f"Material's {path} has changed since macros/theme/{path} was copied from it: compare the two, "
            "carry the change over, then record the new digest in strategies/mkdocs_adapter/upstream.py"
        )


def test_every_partial_the_theme_overrides_is_listed():
    ours = {
        path.relative_to(ROOT / "macros" / "theme").as_posix() for path in (ROOT / "macros" / "theme").rglob("*.html")
    }
    copies = {path for path in ours if path.startswith("partials/") and (MATERIAL_TEMPLATES / path).is_file()}
    own = {"partials/copyright.html"}  # (Material's is replaced whole, not copied)
    assert copies - own == set(upstream.COPIED_PARTIALS), "list each copied partial in upstream.py"


def test_each_undocumented_name_is_still_there_with_the_parameters_used():
    for module, name, parameters, used_by in upstream.PRIVATE_NAMES:
        found: object = importlib.import_module(module)
        for part in name.split("."):
            found = getattr(found, part, None)
        assert found is not None, f"{module}.{name} is gone: {used_by} needs another way"
        if parameters is not None:
            assert list(inspect.signature(found).parameters) == parameters, (
                f"{module}.{name}'s parameters changed: re-check {used_by}"
            )


def test_materials_script_functions_the_theme_calls_are_still_defined():
    for function, partial in upstream.SCRIPT_FUNCTIONS.items():
        assert f"{function}=" in (MATERIAL_TEMPLATES / partial).read_text(encoding="utf-8"), (
            f"Material's {partial} no longer defines {function}, which macros/theme/main.html calls"
        )
