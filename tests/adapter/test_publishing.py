"""Building and serving: nothing half-published, links that work, no third-party requests."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from bs4 import BeautifulSoup

from strategies.mkdocs_adapter.publish import build_site
from strategies.pages.urls import relative_url

from support import FIXTURES, ROOT, project_with_site_config, tree_digest


@pytest.mark.build
def test_failed_build_leaves_previous_site_intact(tmp_path, capsys):
    project = project_with_site_config(tmp_path)
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    before = sorted(p.relative_to(site_dir) for p in site_dir.rglob("*"))
    home = (site_dir / "index.html").read_bytes()

    shutil.copytree(FIXTURES / "invalid" / "several-files", project, dirs_exist_ok=True)
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 1
    err = capsys.readouterr().err
    assert "content/example-strategy/strategy.yaml:6:9:" in err
    assert "The previous site in site-build is unchanged." in err
    assert "Traceback" not in err
    assert sorted(p.relative_to(site_dir) for p in site_dir.rglob("*")) == before
    assert (site_dir / "index.html").read_bytes() == home
    assert not [p for p in project.iterdir() if p.name.startswith(".site-build")], "staging left behind"


@contextlib.contextmanager
def _undeletable(path: Path):
    """Make the file ``path`` impossible to delete: marked immutable where this user may (root,
    on a file system that allows it), else in a folder this user may not write. Yields a list
    of where it is: add where it is moved to, to be made deletable again there."""
    marked = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    if not marked:
        if os.geteuid() == 0:
            pytest.skip("root may delete any file here, and chattr is not allowed")
        path.parent.chmod(0o500)
    places = [path]
    try:
        yield places
    finally:
        for place in (p for p in places if p.exists()):
            if marked:
                subprocess.run(["chattr", "-i", str(place)], check=True)
            else:
                place.parent.chmod(0o755)


@pytest.mark.build
def test_an_old_site_that_cannot_be_deleted_is_named_and_the_new_one_published(tmp_path, capsys):
    """The new site is swapped in; the previous one, set aside, holds a file that cannot be
    deleted: the build says so, where and what to do, and the next build tries again."""
    project = project_with_site_config(tmp_path)
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    stuck = site_dir / "assets" / "brand.css"
    with _undeletable(stuck) as places:
        assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
        out, err = capsys.readouterr()
        [left] = [p for p in project.iterdir() if p.name.startswith(".site-build")]
        places.append(left / "assets" / "brand.css")
        assert f"Built {sum(1 for _ in site_dir.rglob('*.html'))} pages into {site_dir}" in out
        assert f"Note: The previous site, set aside as {left.name}, could not be deleted ({left}/assets/" in err
        assert f"Delete {left} yourself" in err and "site-build is not affected" in err
        assert (site_dir / "index.html").is_file() and (left / "assets" / "brand.css").is_file()
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    assert not [p for p in project.iterdir() if p.name.startswith(".site-build")], "the leftover stayed"


@pytest.mark.build
def test_failed_first_build_writes_no_site(tmp_path, capsys):
    project = project_with_site_config(tmp_path, "unknown-owner")
    assert build_site(project / "mkdocs.yml", site_dir=project / "site-build") == 1
    assert not (project / "site-build").exists()
    assert "No site was written." in capsys.readouterr().err


def _internal_links(built_site: Path):
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if ref:
                yield html, ref


def test_every_internal_link_and_anchor_resolves(built_site):
    ids_cache: dict[Path, set] = {}
    broken = []
    for html, ref in _internal_links(built_site):
        if urlparse(ref).scheme or ref.startswith("//") or html.name == "404.html":
            continue
        url, fragment = urldefrag(ref)
        target = (html.parent / url).resolve() if url else html
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{html.relative_to(built_site)} -> {ref}")
            continue
        if fragment and target.suffix == ".html":
            if target not in ids_cache:
                soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                ids_cache[target] = {tag["id"] for tag in soup.find_all(id=True)}
            if fragment not in ids_cache[target]:
                broken.append(f"{html.relative_to(built_site)} -> {ref} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_pages_load_nothing_from_third_parties(built_site):
    external = set()
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video", "audio"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            if ref and (urlparse(ref).scheme in ("http", "https") or ref.startswith("//")):
                if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                    continue
                external.add(ref)
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, css
    assert not external, sorted(external)


def test_every_generated_page_has_a_title_and_one_h1(built_site):
    for html in built_site.rglob("index.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        assert soup.title and soup.title.get_text(strip=True), html
        assert len(soup.find_all("h1")) == 1, html


def test_relative_links_work_from_any_depth():
    assert relative_url("strategies/a/b/index.md", "people/x/index.md") == "../../../people/x/"
    assert relative_url("strategies/a/index.md", "strategies/a/b/index.md", "row-1") == "b/#row-1"
    assert relative_url("strategies/a/index.md", "strategies/a/index.md", "m") == "#m"
    assert relative_url("people/x/index.md", "index.md") == "../../"
    assert relative_url("index.md", "index.md") == "./"
    assert relative_url("a/b/index.md", "c/index.md", directory_urls=False) == "../../c/index.html"


@pytest.mark.build
def test_serve_reloads_when_content_or_templates_change(tmp_path):
    from mkdocs.config import load_config

    project = project_with_site_config(tmp_path)
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["strategies"]

    class Server:
        watched: list = []

        def watch(self, path, *args, **kwargs):
            self.watched.append(Path(path))

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert project / "content" in server.watched
    assert project / "macros" in server.watched


@pytest.mark.build
def test_item_links_in_content_become_working_links(tmp_path):
    project = project_with_site_config(tmp_path)
    site_dir = project / "site-build"
    assert build_site(project / "mkdocs.yml", strict=True, site_dir=site_dir) == 0
    page = BeautifulSoup((site_dir / "strategies/example-strategy/background/index.html").read_text(), "html.parser")
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("article a")}
    assert links["the healthy lives objective"] == "../healthy-lives/"
    assert links["one of its actions"] == "../healthy-lives/#healthy-lives-1"
    overview = BeautifulSoup((site_dir / "strategies/example-strategy/index.html").read_text(), "html.parser")
    assert overview.find("a", string="good work")["href"] == "good-work/#good-work-1"


@pytest.mark.build
def test_validate_and_build_never_touch_content(tmp_path):
    from strategies.commands.cli import main

    project = project_with_site_config(tmp_path)
    before = tree_digest(project / "content")
    assert main(["--root", str(project), "validate"]) == 0
    assert build_site(project / "mkdocs.yml", site_dir=project / "site-build") == 0
    shutil.copytree(FIXTURES / "invalid" / "unknown-owner", project, dirs_exist_ok=True)
    broken = tree_digest(project / "content")
    assert build_site(project / "mkdocs.yml", site_dir=project / "site-build") == 1
    assert tree_digest(project / "content") == broken != before


@pytest.mark.build
@pytest.mark.parametrize("project", ["shipped", "hostile"])
def test_generated_html_skipping_markdown_changes_no_page(tmp_path, monkeypatch, project):
    """Generated HTML blocks bypass MkDocs' Markdown step, and blocks search leaves out are not
    even shown to it, for speed (held_html.py): every page must come out as it would through
    Markdown (differing at most in blank lines between tags), and the search index the same."""
    import re

    from strategies.pages import generator

    if project == "shipped":
        config = ROOT / "mkdocs.yml"
    else:
        shutil.copytree(FIXTURES / "hostile", tmp_path / "p")
        for name in ("docs", "macros"):
            shutil.copytree(ROOT / name, tmp_path / "p" / name)
        shutil.copy(ROOT / "mkdocs.yml", tmp_path / "p")
        config = tmp_path / "p" / "mkdocs.yml"
    built, index = {}, {}
    for hold in (True, False):
        monkeypatch.setattr(generator, "HOLD_HTML", hold)
        assert build_site(config, strict=True, site_dir=tmp_path / str(hold)) == 0
        built[hold] = {
            path.relative_to(tmp_path / str(hold)): re.sub(r">\s+<", "><", path.read_text("utf-8"))
            for path in (tmp_path / str(hold)).rglob("*.html")
        }
        index[hold] = (tmp_path / str(hold) / "search" / "search_index.json").read_text("utf-8")
    assert index[True] == index[False]
    assert built[True].keys() == built[False].keys()
    assert [path for path in built[True] if built[True][path] != built[False][path]] == []


def test_no_page_shows_an_empty_table(built_site):
    """A table with headings and no rows tells a resident nothing (an item page once showed
    'Progress updates' for actions no report had mentioned)."""
    empty = []
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for table in soup.select("article table"):
            body = table.find("tbody") or table
            if not body.find("tr"):
                caption = table.find("caption")
                empty.append(f"{html.relative_to(built_site)}: {caption.get_text(strip=True) if caption else '?'}")
    assert not empty, "\n".join(empty[:20])


def test_headings_hold_only_their_text(built_site):
    """A template whose whitespace control joins a heading to the next block makes a heading
    swallow a whole table: screen readers then read the table as the heading."""
    swallowed = []
    for html in built_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for heading in soup.select("article h1, article h2, article h3, article h4"):
            if heading.find(["div", "table", "p", "ul", "ol", "figure", "dl"]):
                swallowed.append(f"{html.relative_to(built_site)}: {heading.get_text(strip=True)[:60]}")
    assert not swallowed, "\n".join(swallowed[:20])


def test_navigation_groups_many_strategies_by_organisation(monkeypatch):
    """Past a dozen strategies each page would carry a link to every one: they are grouped by
    organisation instead, and Material's navigation.prune then lists only the open group."""
    import html

    from strategies.content.loader import load_site
    from strategies.pages import navigation

    site, problems = load_site(ROOT / "content", ROOT)
    assert not problems
    flat = navigation.nav_tree(site)[0]["Strategies"]
    assert len(flat) == 1 + len(site.strategies)  # the index, then one section per strategy

    monkeypatch.setattr(navigation, "NAV_GROUP_ABOVE", 2)
    grouped = navigation.nav_tree(site)[0]["Strategies"]
    groups: dict[str, list[str]] = {}  # an organisation may lead several strategies
    for entry in site.strategies.values():
        groups.setdefault(site.organisations[entry.model.organisation].name, []).append(entry.nav_title)
    names = sorted(groups, key=str.lower)
    assert [next(iter(group)) for group in grouped[1:]] == [html.escape(name) for name in names]
    for name, group in zip(names, grouped[1:]):
        ((_, sections),) = group.items()
        assert [next(iter(section)) for section in sections] == [html.escape(title) for title in groups[name]]


def test_home_page_of_a_site_with_many_strategies_lists_organisations(monkeypatch):
    """Past a dozen strategies the home page (the page most visits start on) lists the
    organisations, each with how many strategies it has, and links to the full list, which
    still lists every strategy."""
    from strategies.content.loader import load_site
    from strategies.pages import generator as pages
    from strategies.pages import navigation

    monkeypatch.setattr(navigation, "NAV_GROUP_ABOVE", 2)
    site, problems = load_site(ROOT / "content", ROOT)
    generator = pages.PageGenerator(site, ROOT / "macros")
    home = BeautifulSoup(generator.render_fragment("strategies_list.html.j2", "index.md", brief=True), "html.parser")
    listed = {
        row.th.get_text(strip=True): (row.th.a["href"], row.td.get_text(strip=True)) for row in home.select("tbody tr")
    }
    expected = {
        o.name: (f"organisations/{o.id}/", str(len(site.strategies_of(o.id))))
        for o in site.organisations.values()
        if site.strategies_of(o.id)
    }
    assert listed == expected and len(listed) >= 3
    assert home.find("a", string=f"all {len(site.strategies)} strategies in one list")["href"] == "strategies/"
    full = BeautifulSoup(generator.render_fragment("strategies_list.html.j2", "strategies/index.md"), "html.parser")
    assert {row.th.get_text(strip=True) for row in full.select("tbody tr")} == {
        e.title for e in site.strategies.values()
    }


def test_every_page_names_every_navigation_link(built_site, page):
    """The sidebar labels each link with its page's title, the same on every page (a page
    rendered earlier once lost its title, and later pages' sidebars said 'None')."""
    labels: dict[str, set[str]] = {}
    for html in built_site.rglob("*.html"):
        url_path = str(html.parent.relative_to(built_site)) + "/" if html.name == "index.html" else None
        if url_path is None or url_path.startswith("404"):
            continue
        url_path = "" if url_path == "./" else url_path
        for link in page(url_path).select("nav.md-nav--primary a.md-nav__link"):
            target = (html.parent / link["href"]).resolve()
            labels.setdefault(str(target), set()).add(link.get_text(" ", strip=True))
    assert labels
    bad = {target: found for target, found in labels.items() if len(found) != 1 or found & {"", "None"}}
    assert bad == {}
