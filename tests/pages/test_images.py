"""Images in content come from the strategy's own images/ folder and are published with the
site; an image from another website, a missing file or an image without a description is a
problem at its line, never a silent gap or a request to a third party."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from strategies.content.loader import load_site
from strategies.mkdocs_adapter.publish import build_site

from support import make_project, project_with_site_config

STRATEGY = "content/example-strategy"
# A 1 x 1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
    "9c6360000002000154a24f5d0000000049454e44ae426082"
)


def _with_summary(project: Path, summary: str) -> Path:
    strategy = project / STRATEGY / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(
        text.replace(
            "summary: |\n  A fictional strategy for tests.\n",
            "summary: |\n  A fictional strategy for tests.\n\n  " + summary + "\n",
        ),
        encoding="utf-8",
    )
    return project


def _problems(project: Path) -> list[str]:
    site, problems = load_site(project / "content", project)
    return [f"{p.location.file}:{p.location.line}: {p.message}" for p in problems]


@pytest.mark.build
def test_an_image_in_the_strategy_folder_is_published_and_shown(tmp_path):
    project = _with_summary(project_with_site_config(tmp_path), "![Map of the wards](images/wards.png)")
    (project / STRATEGY / "images").mkdir()
    (project / STRATEGY / "images" / "wards.png").write_bytes(PNG)
    page = project / STRATEGY / "pages" / "background.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![The wards again](../images/wards.png)\n", encoding="utf-8")
    site = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site) == 0

    for url in ("strategies/example-strategy/", "strategies/example-strategy/background/"):
        soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        images = soup.select("article img[src$='wards.png']")
        assert images, url
        for image in images:
            assert image["alt"] in ("Map of the wards", "The wards again")
            assert (site / posixpath.normpath(posixpath.join(url, image["src"]))).read_bytes() == PNG


def test_an_image_from_another_website_is_refused_at_its_line(tmp_path):
    project = _with_summary(make_project(tmp_path), "![Tracker](https://tracker.example/pixel.png)")
    assert (
        f"{STRATEGY}/strategy.yaml:10: images must be files on this site, not from another website (which "
        "would learn who reads the page): save the image in content/example-strategy/images/ and write "
        "![Tracker](images/<file name>)."
    ) in _problems(project)


def test_html_images_from_elsewhere_are_refused_too(tmp_path):
    project = _with_summary(make_project(tmp_path), '<img src="//tracker.example/p.gif" alt="x">')
    assert any(
        m.startswith(f"{STRATEGY}/strategy.yaml:10: images must be files on this site") for m in _problems(project)
    )


def test_missing_undescribed_and_misplaced_images_are_problems(tmp_path):
    project = _with_summary(
        make_project(tmp_path),
        "![](images/wards.png) ![Chart](images/chart.svg) ![Map](../../../etc/map.png) ![Plan](images/plan.png)",
    )
    (project / STRATEGY / "images").mkdir()
    (project / STRATEGY / "images" / "wards.png").write_bytes(PNG)
    (project / STRATEGY / "images" / "chart.svg").write_text("<svg/>", encoding="utf-8")
    found = _problems(project)
    expected = [
        "this image has no description: write what it shows between the square brackets",
        "images must be PNG, JPEG, GIF or WebP files",
        "images must be in this strategy's images folder: save it in content/example-strategy/images/",
        "there is no image 'plan.png' in content/example-strategy/images/: add it there, or check the file name.",
    ]
    for text in expected:
        assert any(text in message for message in found), (text, found)


def test_an_image_outside_a_strategy_is_a_problem(tmp_path):
    project = make_project(tmp_path)
    organisation = next((project / "content" / "organisations").glob("*.yaml"))
    organisation.write_text(
        organisation.read_text(encoding="utf-8") + 'description: "![Logo](images/logo.png)"\n', encoding="utf-8"
    )
    assert any(
        "images can only be used in a strategy's text, pages and progress reports" in message
        for message in _problems(project)
    )


def test_images_folder_is_a_reserved_name(tmp_path):
    project = make_project(tmp_path)
    shutil.copy(project / STRATEGY / "pages" / "background.md", project / STRATEGY / "pages" / "images.md")
    assert any("'images' cannot be used" in message for message in _problems(project))


@pytest.mark.build
def test_an_old_version_keeps_the_pictures_it_was_released_with(tmp_path):
    from strategies.commands.cli import main

    project = _with_summary(project_with_site_config(tmp_path), "![Map of the wards](images/wards.png)")
    (project / STRATEGY / "images").mkdir()
    (project / STRATEGY / "images" / "wards.png").write_bytes(PNG)
    release = ["--root", str(project), "release", "example-strategy", "As adopted", "--summary", "x"]
    assert main([*release, "--date", "2023-01-10"]) == 0
    kept = project / STRATEGY / "revisions" / "as-adopted" / "images" / "wards.png"
    assert kept.read_bytes() == PNG
    redrawn = PNG.replace(b"\x00\x01\x54\xa2", b"\x00\x01\x54\xa3")  # (not a valid PNG: bytes to tell apart)
    (project / STRATEGY / "images" / "wards.png").write_bytes(redrawn)
    site = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site) == 0

    for url, picture in (
        ("strategies/example-strategy/", redrawn),
        ("strategies/example-strategy/revisions/as-adopted/", PNG),
    ):
        soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        images = soup.select("article img[src$='wards.png']")
        assert images, url
        for image in images:
            assert (site / posixpath.normpath(posixpath.join(url, image["src"]))).read_bytes() == picture, url
