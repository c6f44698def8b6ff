"""The benchmark generator (benchmarks/generate.py) writes valid, synthetic, deterministic content."""

from __future__ import annotations

from pathlib import Path

from strategies.content.loader import load_site

from support import benchmark_generator


def _generator():
    return benchmark_generator()


def test_small_project_is_valid_and_has_the_promised_counts(tmp_path: Path):
    project = _generator().generate("small", tmp_path / "small")
    site, problems = load_site(project / "content", project)
    assert not list(problems), list(problems)
    strategies = list(site.strategies.values())
    assert len(strategies) == 4
    assert sum(len(entry.actions()) for entry in strategies) == 300
    assert sum(len(entry.model.measures) for entry in strategies) == 20
    assert all(len(entry.reports) == 2 for entry in strategies)
    assert all(org.name.startswith("Synthetic ") for org in site.organisations.values())
    assert (project / "mkdocs.yml").is_file() and (project / "macros").is_dir()


def test_generation_is_deterministic(tmp_path: Path):
    generate = _generator().generate
    one, two = generate("small", tmp_path / "one"), generate("small", tmp_path / "two")
    for path in sorted((one / "content").rglob("*.*")):
        assert path.read_bytes() == (two / path.relative_to(one)).read_bytes(), path
