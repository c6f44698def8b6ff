"""Load every organisation, strategy and narrative page under ``content/``.

Layout::

    content/organisations/<id>.yaml      an organisation, its posts and people
    content/<strategy-id>/strategy.yaml  a strategy (the folder name is its id)
    content/<strategy-id>/pages/*.md     narrative pages, with YAML front matter
    content/<strategy-id>/progress/*.yaml  progress reports
    content/<strategy-id>/revisions/<name>/  an old version: revision.yaml, with copies of
                                         strategy.yaml and pages/ as they were released

Loading never stops at the first problem: everything readable is loaded and every problem
is collected, so an officer sees the whole list at once.
"""

from __future__ import annotations

import copy
import gc
import re
import typing
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from strategies.workers.fingerprint import file_digest

from .checks import check_site
from .files import is_blocked, unsafe_paths
from .images import IMAGES_DIR, block_texts, check_images, page_texts
from .measure_data import read_series
from .messages import is_mapping_at, model_at, problems_from_validation
from .model import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    Glossary,
    Organisation,
    PageMeta,
    ProgressReport,
    Revision,
    SiteSettings,
    Strategy,
)
from .parallel_load import ParallelReader
from .problems import Location, Problem, Problems, relative_name
from .site import NarrativePage, ReportEntry, RevisionEntry, Site, StrategyEntry
from .yaml_source import SourceList, SourceMap, YAMLProblem, load_yaml, parse_yaml, read_text

ORGANISATIONS_DIR = "organisations"
STRATEGY_FILE = "strategy.yaml"
SETTINGS_FILE = "site.yaml"
GLOSSARY_FILE = "glossary.yaml"  # abbreviations and phrases for the plain-English warnings (style.py)
PAGES_DIR = "pages"
PROGRESS_DIR = "progress"
REVISIONS_DIR = "revisions"
REVISION_FILE = "revision.yaml"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.S | re.M)

# Entries under content/ that must not be read, for the load under way (files.unsafe_paths):
# links out of the project or to nothing, devices, pipes. Each is reported once, at its path.
_UNSAFE: dict[Path, Problem] = {}


def _listed(folder: Path, pattern: str) -> list[Path]:
    """The entries of ``folder`` matching ``pattern``, in order, leaving out hidden ones (editors'
    lock files) and any that must not be read."""
    return sorted(
        path for path in folder.glob(pattern) if not path.name.startswith(".") and not is_blocked(path, _UNSAFE)
    )


def _placeholder(model: type[BaseModel] | None, field: str):
    """A stand-in for a required field whose value is wrong: the first allowed value."""
    info = model.model_fields.get(field) if model else None
    if info is None or not info.is_required():
        return None
    args = typing.get_args(info.annotation)
    if typing.get_origin(info.annotation) is typing.Literal and args:
        return args[0]
    return None


def _repair(raw: Any, loc: tuple, root: type[BaseModel]) -> bool:
    """Remove (or stand in for) the value an error points at, so validation can go on.

    Used only to find further problems in the same run; the repaired copy is never published.
    """
    if loc and loc[-1] == "[key]":  # a mapping key that is wrong: drop its entry
        loc = loc[:-1]
    trail = []  # (container, key) pairs from the top down
    node = raw
    for part in loc:
        if (isinstance(node, SourceMap) and part in node) or (
            isinstance(node, SourceList) and isinstance(part, int) and 0 <= part < len(node)
        ):
            trail.append((node, part))
            node = node[part]
        else:
            break
    reached = len(trail) == len(loc)
    if reached and isinstance(trail[-1][0], SourceMap):
        container, key = trail[-1]
        placeholder = _placeholder(model_at(root, loc[:-1]), key)
        if placeholder is not None:
            container[key] = placeholder
        else:
            del container[key]
        return True
    if len(trail) == len(loc) - 1 and isinstance(node, SourceMap):
        placeholder = _placeholder(model_at(root, loc[:-1]), loc[-1])
        if placeholder is not None:  # a missing required field
            node[loc[-1]] = placeholder
            node.value_locations[loc[-1]] = node.location
            return True
    # Drop the whole list item (or entry of a mapping field) that holds the error.
    for depth in range(len(trail) - 1, -1, -1):
        container, key = trail[depth]
        if isinstance(container, SourceList):
            del container[key]
            del container.item_locations[key]
            return True
        if is_mapping_at(root, loc[:depth]):
            del container[key]
            return True
    return False


def _loc_key(loc: tuple) -> tuple:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in loc)


def _validate(model: type[BaseModel], raw: Any, name: str, problems: Problems):
    """Validate raw YAML against a model, adding every problem.

    When a file has errors, the offending values are pruned from a copy and validation is
    tried again, so that checks across files (owners, dates) still run in the same pass.
    Returns the model, or None if the file cannot be made to fit it.
    """
    where = Location(name, 1, 1)
    if not isinstance(raw, SourceMap):
        problems.add(
            where,
            "this file should hold a block of 'name: value' lines "
            f"(see the editing guide for an example); it holds {type(raw).__name__}.",
        )
        return None
    attempt = raw
    for round_ in range(5):
        try:
            return model.model_validate(attempt)
        except ValidationError as error:
            if round_ == 0:
                problems.extend(problems_from_validation(error, raw, model, where))
                attempt = copy.deepcopy(raw)
            locs = sorted((tuple(e["loc"]) for e in error.errors()), key=_loc_key, reverse=True)
            if not all(_repair(attempt, loc, model) for loc in locs):
                return None
    return None


def _read_yaml(path: Path, name: str, problems: Problems):
    """The file's YAML, or None if it could not be read (its problem is added).

    An empty file is a problem too: a strategy must never silently disappear.
    """
    try:
        data = _READER.load(path, name) if _READER is not None else load_yaml(path, name)
    except YAMLProblem as error:
        problems.add(error.problem.location, error.problem.message)
        return None
    except OSError as error:
        problems.add(Location(name), f"could not be read ({error.strerror}).")
        return None
    if data is None:
        problems.add(Location(name, 1, 1), "this file is empty: fill it in (see the editing guide), or delete it.")
    return data


# In a one-off build, the YAML files being read ahead by a worker process too (parallel_load.py).
_READER: ParallelReader | None = None

# Files that loaded without a problem, by what was loaded and the file's bytes: when `serve`
# rebuilds after an edit, only the edited files are read and checked again. None (the
# default, and for one-off builds) reads every file once and keeps nothing.
_CLEAN_LOADS: dict[tuple, tuple[str, Any]] | None = None


def remember_clean_loads(remember: bool = True) -> None:
    """Keep what loads cleanly from now on (a ``strategies serve`` session), or stop keeping
    it and forget what was kept (one-off builds)."""
    global _CLEAN_LOADS
    if not remember:
        _CLEAN_LOADS = None
    elif _CLEAN_LOADS is None:
        _CLEAN_LOADS = {}


def remembered(key: tuple, path: Path, problems: Problems, load):
    """``load()``, or what it returned last time for the same file bytes without problems."""
    if _CLEAN_LOADS is None:
        return load()
    fingerprint = file_digest(path)
    cached = _CLEAN_LOADS.get(key)
    if fingerprint is not None and cached is not None and cached[0] == fingerprint:
        return cached[1]
    before = len(problems)
    result = load()
    if fingerprint is not None and result is not None and len(problems) == before:
        _CLEAN_LOADS[key] = (fingerprint, result)
    return result


def _load_file(model: type[BaseModel], path: Path, name: str, problems: Problems):
    """A content file read and validated against its model, or None (its problems added)."""

    def load():
        raw = _read_yaml(path, name, problems)
        return _validate(model, raw, name, problems) if raw is not None else None

    return remembered((model, str(path), name), path, problems, load)


def load_glossary(content_dir: Path, root: Path, problems: Problems) -> Glossary | None:
    """content/glossary.yaml, if there is one (it is optional), or None (its problems added)."""
    path = Path(content_dir) / GLOSSARY_FILE
    if is_blocked(path, _UNSAFE) or not path.is_file():
        return None
    return _load_file(Glossary, path, relative_name(path, root), problems)


def _load_page(path: Path, name: str, problems: Problems) -> NarrativePage | None:
    try:
        text = read_text(path, name)
    except YAMLProblem as error:
        problems.add(error.problem.location, error.problem.message)
        return None
    match = _FRONT_MATTER.match(text)
    if not match:
        problems.add(
            Location(name, 1, 1), "a page must start with front matter: a line '---', 'title: …', and another '---'."
        )
        return None
    try:
        raw = parse_yaml(match.group(1), name, line_offset=1)
    except YAMLProblem as error:
        problems.add(error.problem.location, error.problem.message)
        return None
    meta = _validate(PageMeta, raw, name, problems)
    slug = path.stem
    if _too_long(slug, Location(name), problems):
        return None
    if not re.fullmatch(ID_PATTERN, slug):
        problems.add(
            Location(name),
            "page file names become web addresses: use lower-case "
            f"letters, digits and hyphens, e.g. '{re.sub(r'[^a-z0-9]+', '-', slug.lower()).strip('-')}.md'.",
        )
        return None
    if meta is None:
        return None
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    return NarrativePage(slug=slug, meta=meta, body=body, location=Location(name, body_line, 1))


def _load_pages(folder: Path, root: Path, problems: Problems) -> list[NarrativePage]:
    """A strategy's (or an old version's) narrative pages, in their order."""
    pages = [
        page
        for page_path in _listed(folder / PAGES_DIR, "*.md")
        if (page := _load_page(page_path, relative_name(page_path, root), problems))
    ]
    return sorted(pages, key=lambda p: (p.meta.order, p.slug))


def _too_long(name: str, where: Location, problems: Problems) -> bool:
    """Whether a folder or file name that becomes a web address is too long for the files the
    build names after it (a problem at ``where`` if so)."""
    if len(name) <= ID_MAX_LENGTH:
        return False
    problems.add(
        where,
        f"the name '{name[:30]}…' is {len(name)} characters long, and it becomes a web address and part "
        f"of the names of the files the build makes: shorten it to {ID_MAX_LENGTH} characters or fewer.",
    )
    return True


def _load_revision(folder: Path, strategy_id: str, root: Path, problems: Problems) -> StrategyEntry | None:
    """An old version of a strategy, from revisions/<name>/, or None (its problems added)."""
    where = Location(relative_name(folder, root))
    if _too_long(folder.name, where, problems):
        return None
    if not re.fullmatch(ID_PATTERN, folder.name):
        problems.add(
            where,
            f"the folder name '{folder.name}' becomes a web address: use lower-case "
            "letters, digits and hyphens only (`strategies release` chooses one for you).",
        )
        return None
    if any(is_blocked(folder / name, _UNSAFE) for name in (REVISION_FILE, STRATEGY_FILE)):
        return None  # reported where the content was walked
    missing = [name for name in (REVISION_FILE, STRATEGY_FILE) if not (folder / name).is_file()]
    if missing:
        problems.add(
            where,
            f"this revision folder has no {' or '.join(missing)}: make revisions with "
            "`strategies release` (see the editing guide), or delete the folder.",
        )
        return None
    revision_name = relative_name(folder / REVISION_FILE, root)
    revision = _load_file(Revision, folder / REVISION_FILE, revision_name, problems)
    strategy_name = relative_name(folder / STRATEGY_FILE, root)
    strategy = _load_file(Strategy, folder / STRATEGY_FILE, strategy_name, problems)
    pages = _load_pages(folder, root, problems)
    if revision is None or strategy is None:
        return None
    entry = StrategyEntry(strategy_id, strategy, strategy_name, pages)
    entry.revision = RevisionEntry(folder.name, revision, revision_name)
    return entry


def _load_revisions(folder: Path, root: Path, problems: Problems) -> list[StrategyEntry]:
    """Every old version under a strategy's revisions/ folder (hidden folders are skipped:
    `strategies release` writes into one before renaming it)."""
    found = []
    for path in _listed(folder / REVISIONS_DIR, "*"):
        if (
            path.is_dir()
            and not path.name.startswith((".", "_"))
            and (entry := _load_revision(path, folder.name, root, problems)) is not None
        ):
            found.append(entry)
    return found


def strategy_folders(content_dir: Path) -> list[Path]:
    """The folders of content/ that are meant to hold a strategy (all but organisations/ and
    hidden ones), in order; a folder without a strategy.yaml is a problem load_site reports."""
    if not content_dir.is_dir():
        return []
    return sorted(
        p
        for p in content_dir.iterdir()
        if p.is_dir()
        and p.name != ORGANISATIONS_DIR
        and not p.name.startswith((".", "_"))
        and not is_blocked(p, _UNSAFE)
    )


def _yaml_files(content_dir: Path, root: Path) -> list[list[tuple[Path, str]]]:
    """The YAML files load_site reads, in the order it reads them: the site's settings and
    organisations, then each strategy folder's files (its strategy, old versions and reports)."""

    def named(paths) -> list[tuple[Path, str]]:
        return [(path, relative_name(path, root)) for path in paths if not is_blocked(path, _UNSAFE) and path.is_file()]

    groups = [named([content_dir / SETTINGS_FILE, *_listed(content_dir / ORGANISATIONS_DIR, "*.y*ml")])]
    for folder in strategy_folders(content_dir):
        old = [path for path in _listed(folder / REVISIONS_DIR, "*") if path.is_dir()]
        groups.append(
            named(
                [
                    folder / STRATEGY_FILE,
                    *(path / name for path in old for name in (REVISION_FILE, STRATEGY_FILE)),
                    *_listed(folder / PROGRESS_DIR, "*.y*ml"),
                ]
            )
        )
    return groups


def load_site(
    content_dir: Path, root: Path | None = None, unchanged: frozenset[str] = frozenset()
) -> tuple[Site, Problems]:
    """Load and check all content. Returns the site and every problem found (possibly none).
    ``unchanged``: strategies whose checks passed with nothing they depend on changed since
    (see :func:`checks.check_site`)."""
    global _READER, _UNSAFE
    content_dir = Path(content_dir)
    root = Path(root) if root else content_dir.parent
    # What loading makes lives as long as the site (of the medium benchmark's millions of
    # objects, 255 were garbage afterwards): the garbage collector's full passes over the
    # growing heap found nothing, and took 0.4 s. It is paused while loading.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _UNSAFE = unsafe_paths(content_dir, root) if content_dir.is_dir() else {}
        if _CLEAN_LOADS is not None or not content_dir.is_dir():  # `serve` reads only what changed
            return _load_site(content_dir, root, unchanged)
        _READER = ParallelReader(_yaml_files(content_dir, root))
        try:
            return _load_site(content_dir, root, unchanged)
        finally:
            _READER.close()
            _READER = None
    finally:
        _UNSAFE = {}
        if collecting:
            gc.enable()


def _load_site(content_dir: Path, root: Path, unchanged: frozenset[str]) -> tuple[Site, Problems]:
    problems = Problems()
    site = Site()
    if not content_dir.is_dir():
        problems.add(Location(relative_name(content_dir, root)), "the content folder does not exist.")
        return site, problems

    for problem in _UNSAFE.values():
        problems.add(problem.location, problem.message)

    settings_path = content_dir / SETTINGS_FILE
    settings_name = relative_name(settings_path, root)
    if is_blocked(settings_path, _UNSAFE):
        pass  # reported above
    elif settings_path.exists():
        site.settings = _load_file(SiteSettings, settings_path, settings_name, problems)
        if site.settings is not None:
            check_images(block_texts(site.settings), None, None, problems)
    else:
        problems.add(
            Location(settings_name),
            "the site settings file is missing: it holds the "
            "accessibility statement every public-sector site must publish (see the editing guide).",
        )

    load_glossary(content_dir, root, problems)  # checked here; used by `strategies validate` (style.py)

    for path in _listed(content_dir / ORGANISATIONS_DIR, "*.y*ml"):
        name = relative_name(path, root)
        organisation = _load_file(Organisation, path, name, problems)
        if organisation is not None:
            site.add_organisation(organisation, name)
            check_images(block_texts(organisation), None, None, problems)
        else:
            site.parties_complete = False

    for folder in strategy_folders(content_dir):
        path = folder / STRATEGY_FILE
        name = relative_name(path, root)
        if is_blocked(path, _UNSAFE):
            continue  # reported above
        if not path.exists():
            problems.add(
                Location(relative_name(folder, root)),
                f"this strategy folder has no {STRATEGY_FILE}: "
                "add one (see the editing guide), or move the folder out of content/.",
            )
            continue
        if _too_long(folder.name, Location(relative_name(folder, root)), problems):
            continue
        if not re.fullmatch(ID_PATTERN, folder.name):
            problems.add(
                Location(name),
                f"the folder name '{folder.name}' becomes a web address: "
                "use lower-case letters, digits and hyphens only.",
            )
            continue
        strategy = _load_file(Strategy, path, name, problems)
        pages = _load_pages(folder, root, problems)
        revisions = _load_revisions(folder, root, problems)
        reports = []
        for report_path in _listed(folder / PROGRESS_DIR, "*.y*ml"):
            report_name = relative_name(report_path, root)
            if _too_long(report_path.stem, Location(report_name), problems):
                continue
            if not re.fullmatch(ID_PATTERN, report_path.stem):
                problems.add(
                    Location(report_name),
                    "report file names become web addresses: use "
                    "lower-case letters, digits and hyphens, e.g. '2023-h1.yaml'.",
                )
                continue
            report = _load_file(ProgressReport, report_path, report_name, problems)
            if report is not None:
                reports.append(ReportEntry(report_path.stem, report, report_name))
        if strategy is not None:
            entry = StrategyEntry(folder.name, strategy, name, pages)
            entry.reports = reports
            texts = chain(block_texts(strategy), page_texts(pages), *(block_texts(r.model) for r in reports))
            entry.images = check_images(texts, folder, folder.name, problems, _UNSAFE)
            for revision in revisions:
                # Its own images/ (kept by `strategies release`), else (a revision released
                # before releases kept them) the strategy's.
                own = folder / REVISIONS_DIR / revision.released.slug
                images_from = own if (own / IMAGES_DIR).is_dir() else folder
                revision.images = check_images(
                    chain(block_texts(revision.model), page_texts(revision.pages)),
                    images_from,
                    images_from.relative_to(folder.parent).as_posix(),
                    problems,
                    _UNSAFE,
                )
                entry.add_revision(revision)
            real_folder = folder.resolve()
            for measure in strategy.measures:
                if measure.data and not is_blocked(folder / measure.data, _UNSAFE):
                    data_path = (folder / measure.data).resolve()
                    if not data_path.is_relative_to(real_folder):
                        problems.add(
                            measure.where("data"),
                            "the data file must be inside this strategy's "
                            "folder: put it there, and write its path from there, e.g. data/measure.csv "
                            "or data/measure.xlsx.",
                        )
                        continue
                    data_name = relative_name(data_path, root)
                    entry.series[measure.id] = remembered(
                        ("series", str(data_path), data_name, measure.sheet),
                        data_path,
                        problems,
                        partial(
                            read_series,
                            data_path,
                            data_name,
                            problems,
                            measure.where("data"),
                            measure.sheet,
                            measure.where("sheet") if measure.sheet else None,
                        ),
                    )
            site.add_strategy(entry)

    site.index()
    check_site(site, problems, unchanged)
    return site, problems
