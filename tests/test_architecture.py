"""The package's layout is the architecture ARCHITECTURE.md describes, and stays so.

The import contracts in pyproject.toml (content <- pages <- mkdocs_adapter <- commands, workers
generic, MkDocs only in the adapter) are run with import-linter; a deliberate import across a
layer must break them, so the check cannot pass by checking nothing.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

PACKAGE = ROOT / "strategies"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
STAGES = ("content", "pages", "mkdocs_adapter", "workers", "commands")


def _lint_imports(project: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(project)}  # the copy, not the installed package
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, env=environment, capture_output=True, text=True, timeout=300
    )


def test_import_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, line, contract",
    [
        ("content/model.py", "import mkdocs.config", "Only the MkDocs adapter imports MkDocs or Material"),
        (
            "pages/text.py",
            "from material.plugins.search import plugin",
            "Only the MkDocs adapter imports MkDocs or Material",
        ),
        (
            "pages/urls.py",
            "from strategies.mkdocs_adapter import publish",
            "Each stage imports only the stages before it",
        ),
        ("content/site.py", "from strategies.pages import urls", "Each stage imports only the stages before it"),
        (
            "mkdocs_adapter/progress.py",
            "from strategies.commands import cli",
            "Each stage imports only the stages before it",
        ),
        (
            "workers/forked.py",
            "from strategies.content import problems",
            "Workers are generic: they import no other stage",
        ),
        (
            "commands/writing.py",
            "from strategies.commands import scaffold",
            "No import circles: no module imports one that imports it back, at any depth",
        ),
        (
            "content/model.py",
            "from strategies.content import site",
            "No import circles: no module imports one that imports it back, at any depth",
        ),
    ],
)
def test_an_import_across_a_layer_breaks_the_contracts(tmp_path, module, line, contract):
    shutil.copytree(PACKAGE, tmp_path / "strategies", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / "strategies" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\ndef _crossing():\n    {line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in " ".join(result.stdout.split()), result.stdout


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path.name != "__init__.py")


def test_every_module_lives_in_a_stage_package():
    loose = [path.name for path in PACKAGE.glob("*.py") if path.name != "__init__.py"]
    assert not loose, f"modules outside the stage packages: {loose}"
    assert {path.parent.name for path in _modules()} <= set(STAGES)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_does_and_what_it_may_import(stage):
    docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and "May import" in docstring, f"strategies/{stage}/__init__.py"


def test_architecture_md_names_every_module_and_only_modules_that_exist():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [
        path.relative_to(ROOT).as_posix()
        for path in _modules()
        if f"`{path.stem}`" not in text and f"{path.stem}.py" not in text
    ]
    assert not missing, f"modules ARCHITECTURE.md does not describe: {missing}"
    # Paths it names (`pages/urls.py`, `tests/adapter/test_publishing.py::test_x`) exist, from
    # the root or from strategies/.
    named = set(re.findall(r"`([a-z_]+/[a-z_/]*[a-z_]+\.py)\b", text))
    assert len(named) > 10, "ARCHITECTURE.md names modules by path"
    assert [name for name in sorted(named) if not (ROOT / name).exists() and not (PACKAGE / name).exists()] == []


def test_every_module_has_a_docstring():
    bare = [
        path.relative_to(ROOT).as_posix()
        for path in _modules()
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not bare, bare


_FILE_REFERENCE = re.compile(r"(?<![\w./<>-])((?:[\w-]+/)*[\w.-]+\.(?:py|j2|html|css|yaml|cjs|toml|md))(?![\w.])")
_MODULE_REFERENCE = re.compile(r":mod:`\.(\w+)`")


def _files_named() -> set[str]:
    """The names of the project's files, and of Material's (docstrings name its stylesheets)."""
    import material

    skip = {".venv", "node_modules", ".git", "site-build", ".cache", "__pycache__"}
    names: set[str] = set()
    for folder in (ROOT, Path(material.__file__).parent):
        for _, folders, files in os.walk(folder):  # (not into the virtual environment's thousands)
            folders[:] = [name for name in folders if name not in skip and not name.startswith(".site-build")]
            names.update(files)
    return names


def test_docstrings_name_only_files_that_exist():
    """A module's docstring that names a file (``parallel_assets.py``, ``tests/pages/test_x.py``,
    ``macros/strategy.md.j2``) or a module of its package (:mod:`.plugin`) names one that is there:
    a file renamed or removed takes its mentions with it."""
    names = _files_named()
    stale = []
    for path in sorted(PACKAGE.rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for reference in _FILE_REFERENCE.findall(docstring):
            if "/" in reference:
                found = any((base / reference).exists() for base in (ROOT, PACKAGE, path.parent))
            else:
                found = reference in names
            if not found:
                stale.append(f"{path.relative_to(ROOT)}: {reference}")
        for module in _MODULE_REFERENCE.findall(docstring):
            if not (path.parent / f"{module}.py").exists() and not (path.parent / module).is_dir():
                stale.append(f"{path.relative_to(ROOT)}: :mod:`.{module}`")
    assert not stale, "docstrings name files that do not exist:\n" + "\n".join(stale)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_names_every_module_it_holds(stage):
    """The package's docstring is its table of contents: every module in it is named there."""
    folder = PACKAGE / stage
    docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    missing = [
        path.name
        for path in sorted(folder.glob("*.py"))
        if path.name != "__init__.py"
        and f":mod:`.{path.stem}`" not in docstring
        and f"{path.stem}.py" not in docstring
        and f"``{path.stem}``" not in docstring
    ]
    assert not missing, f"strategies/{stage}/__init__.py does not name: {missing}"
