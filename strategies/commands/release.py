"""`strategies release`: freeze a strategy as a named old version, kept online as it was.

Writes ``content/<strategy>/revisions/<name>/``: revision.yaml (label, date, summary, and a
record of the owners' names and each action's status at release), with copies of
strategy.yaml, pages/ and the images it shows (images/). Everything is written into a hidden folder first and renamed into
place, so a failure leaves nothing half-written; an existing revision is never overwritten.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from strategies.content.images import IMAGES_DIR
from strategies.content.loader import ID_PATTERN, PAGES_DIR, REVISION_FILE, REVISIONS_DIR, STRATEGY_FILE, load_site
from strategies.content.model import Id, PartialDate, Revision
from strategies.content.problems import did_you_mean
from strategies.content.site import Site, StrategyEntry

from .writing import ID_HINT, ScaffoldError, check_arguments, check_rendered, template_environment

_MODELINE = re.compile(r"^(# yaml-language-server: \$schema=)(?![a-z]+:)(\S+)", re.M)


def label_slug(label: str) -> str:
    """The folder name (and web address) for a label: '2021 Refresh!' -> '2021-refresh'."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def _referenced(entry: StrategyEntry) -> list[str]:
    """Every post or organisation the strategy names, once each, in the order they appear."""
    model = entry.model
    refs = [model.organisation, *model.partners, *(model.governance.lead if model.governance else [])]
    for view in entry.walk():
        node = view.node
        refs.extend([*node.owners, *([node.lead_partner] if node.lead_partner else []), *node.collaborators])
    for measure in model.measures:
        refs.extend(measure.owners)
    return list(dict.fromkeys(refs))


def _release_date(text: str) -> datetime.date:
    """The --date argument, read as content dates are read; a release needs the day."""
    date = check_arguments({"--date": (PartialDate, text, "For example: --date 2025-04-01.")})["--date"]
    if date.day is None:
        raise ScaffoldError(
            f"--date: '{date.iso()}' needs a day: write the release date in full, e.g. 2025-04-01. Nothing was written."
        )
    return datetime.date(date.year, date.month, date.day)


def _find_strategy(site: Site, content: Path, strategy_id: str) -> StrategyEntry:
    entry = site.strategies.get(strategy_id)
    if entry is not None:
        return entry
    if (content / strategy_id / STRATEGY_FILE).is_file():
        raise ScaffoldError(
            f"content/{strategy_id}/{STRATEGY_FILE} has problems: run `strategies validate` "
            "and fix them first. Nothing was written."
        )
    known = [p.parent.name for p in content.glob(f"*/{STRATEGY_FILE}")]
    hint = did_you_mean(strategy_id, known) or f" Strategies: {', '.join(sorted(known)) or 'none yet'}."
    raise ScaffoldError(f"'{strategy_id}' is not a strategy in content/.{hint} Nothing was written.")


def _check_new(entry: StrategyEntry, folder: Path, label: str, slug: str, date: datetime.date) -> None:
    """Refuse a label or folder that is taken, or a date before the latest version's."""
    where = f"content/{entry.id}/{REVISIONS_DIR}/{slug}"
    if folder.exists():
        raise ScaffoldError(f"{where} already exists: choose another label. Nothing was written.")
    for old in entry.revisions:
        revision = old.released
        if revision.label.casefold() == label.casefold():
            raise ScaffoldError(
                f"a revision labelled '{revision.label}' already exists ({revision.file}): "
                "choose another label. Nothing was written."
            )
        if revision.model.date.end_key() >= (date.year, date.month, date.day):
            raise ScaffoldError(
                f"the revision '{revision.label}' is dated {revision.model.date.display()}: "
                "a new revision must be dated after it (use --date). Nothing was written."
            )


def _write_files(entry: StrategyEntry, source: Path, staging: Path, revision_text: str) -> None:
    (staging / REVISION_FILE).write_text(revision_text, encoding="utf-8")
    text = (source / STRATEGY_FILE).read_text(encoding="utf-8")
    # The copy sits two folders deeper: keep its editor schema line pointing at schema/.
    (staging / STRATEGY_FILE).write_text(_MODELINE.sub(r"\1../../\2", text, count=1), encoding="utf-8")
    pages = sorted((source / PAGES_DIR).glob("*.md"))
    if pages:
        (staging / PAGES_DIR).mkdir()
        for page in pages:
            shutil.copyfile(page, staging / PAGES_DIR / page.name)
    if entry.images:  # the pictures it shows now, kept with it (images/<name>)
        (staging / IMAGES_DIR).mkdir()
        for name, path in sorted(entry.images.items()):
            shutil.copyfile(path, staging / name)


def release(root: Path, strategy_id: str, label: str, summary: str, date: str | None = None) -> Path:
    """Freeze a strategy as the revision ``label``; return the new folder. Raises ScaffoldError
    (with what to do) and writes nothing when it cannot."""
    check_arguments({"strategy": (Id, strategy_id, ID_HINT), "label": (str, label, ""), "summary": (str, summary, "")})
    label, summary = " ".join(label.split()), " ".join(summary.split())
    if not label or len(label) > 100:
        raise ScaffoldError('the label must be 1 to 100 characters, e.g. "2021 refresh". Nothing was written.')
    if not summary or len(summary) > 2000:
        raise ScaffoldError(
            "the summary must be 1 to 2,000 characters: say in a sentence what this version was. Nothing was written."
        )
    slug = label_slug(label)
    if not re.fullmatch(ID_PATTERN, slug):
        raise ScaffoldError(
            f"the label '{label}' needs some letters or digits: its folder name is made from them. Nothing was written."
        )
    released = datetime.date.today() if date is None else _release_date(date)
    content = root / "content"
    site, problems = load_site(content, root)
    entry = _find_strategy(site, content, strategy_id)
    if problems:
        raise ScaffoldError(
            f"the content has {'a problem' if len(problems) == 1 else f'{len(problems)} problems'}: "
            "run `strategies validate` and fix what it reports first, so that the revision "
            "is a checked version. Nothing was written."
        )
    source = content / strategy_id
    folder = source / REVISIONS_DIR / slug
    _check_new(entry, folder, label, slug, released)

    holders = {ref: party for ref in _referenced(entry) if (party := site.party(ref))}
    text = (
        template_environment(root / "macros")
        .get_template("revision.yaml.j2")
        .render(strategy=entry, label=label, date=released.isoformat(), summary=summary, holders=holders)
    )
    check_rendered(text, Revision, f"content/{strategy_id}/{REVISIONS_DIR}/{slug}/{REVISION_FILE}", "revision.yaml.j2")

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.new-", dir=folder.parent))
    try:
        _write_files(entry, source, staging, text)
        os.rename(staging, folder)  # fails, rather than overwrite, if the folder appeared meanwhile
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"could not write {folder} ({error.strerror}). Nothing was written.") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _, problems = load_site(content, root)
    if problems:  # never leave a revision that does not load: take it away again
        shutil.rmtree(folder, ignore_errors=True)
        raise ScaffoldError("the new revision did not pass the checks, so it was removed again:\n" + problems.report())
    return folder
