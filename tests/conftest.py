"""Shared fixtures: one strict build of the shipped site, and its pages parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from strategies.mkdocs_adapter.publish import build_site

from support import ROOT, build_with_site_config, page_reader


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built once, strictly, into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site") / "site-build"
    assert build_site(ROOT / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    return site_dir


@pytest.fixture(scope="session")
def page(built_site):
    """Parse a built page by its URL path, e.g. page('strategies/x/')."""
    return page_reader(built_site)


def pytest_addoption(parser):
    parser.addoption(
        "--pages",
        default="",
        help="browser tests: audit only pages whose URL path contains one of these comma-separated "
        "texts, e.g. --pages=/strategies/stockton-fairer-stockton/ (default: every page)",
    )


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile fixture (a payload in every text field) built strictly with the site's config."""
    import shutil

    project = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "tests" / "fixtures" / "hostile", project, dirs_exist_ok=True)
    return build_with_site_config(project)


@pytest.fixture(scope="session")
def model_hostile_site(tmp_path_factory) -> Path:
    """A hostile project made from the content model (tests/hostile.py: a payload in every
    field an officer writes) built strictly with the site's config."""
    from hostile import hostile_project

    project, _ = hostile_project(tmp_path_factory.mktemp("model-hostile"))
    return build_with_site_config(project)
