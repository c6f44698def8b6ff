"""Brand colours a council configures are checked for contrast before anything is built."""

from __future__ import annotations

import re

import pytest

from strategies.mkdocs_adapter.publish import build_site
from strategies.pages.brand import Brand
from strategies.pages.contrast import contrast_ratio

from support import project_with_site_config


@pytest.mark.parametrize(
    "fore, back, expected",
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),
        ("#fff", "#000", 21.0),
    ],
)
def test_contrast_ratio_matches_wcag_reference_values(fore, back, expected):
    assert contrast_ratio(fore, back) == pytest.approx(expected, abs=0.01)


def test_default_brand_passes():
    _, problems = Brand.from_config({})
    assert problems == []


def test_low_contrast_link_colour_is_named_with_its_ratio():
    _, problems = Brand.from_config({"link": "#7fbfff"})
    [problem] = problems
    assert problem.startswith("brand: link #7fbfff has a contrast ratio of 1.94:1")
    assert problem.endswith("Choose a darker colour.")
    assert "against #ffffff" in problem and "at least 4.5:1" in problem


@pytest.mark.build
def test_build_with_unreadable_brand_colour_fails_and_names_it(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r'primary_text: "#ffffff"', 'primary_text: "#a0b4d0"', config.read_text()))
    assert build_site(config, site_dir=project / "site-build") == 1
    err = capsys.readouterr().err
    assert re.search(
        r"mkdocs\.yml: brand: primary_text #a0b4d0 has a contrast ratio of \d\.\d\d:1 against #1d4f91", err
    ), err
    assert not (project / "site-build").exists()


def test_built_site_uses_the_checked_colours(built_site):
    css = (built_site / "assets" / "brand.css").read_text()
    assert "--md-typeset-a-color: #1d4f91;" in css
    assert "--md-typeset-a-color: #9cc4ff;" in css
    html = (built_site / "index.html").read_text()
    assert 'href="assets/brand.css"' in html
