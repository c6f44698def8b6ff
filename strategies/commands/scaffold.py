"""`strategies new` and `strategies report`: a new strategy, or a new progress report (from the
template in macros/scaffold/, or from filled returns: returns.py), never overwriting a file.

Arguments are checked by the content model's own rules, and each rendered file against the
model, before anything is written (writing.py): what these commands write passes
`strategies validate`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from strategies.content.loader import PROGRESS_DIR, STRATEGY_FILE
from strategies.content.model import Id, PartialDate, ProgressReport, Strategy

from .returns import read_returns, report_yaml
from .writing import (
    ID_HINT,
    ScaffoldError,
    check_arguments,
    check_new_strategy,
    check_rendered,
    load_strategy,
    template_environment,
    write_new,
)


def new_strategy(root: Path, strategy_id: str, organisation: str, title: str, start, end) -> Path:
    """Create content/<id>/strategy.yaml for a new strategy (``start`` and ``end``: 2025,
    2025-04 or 2025-04-01)."""
    checked, _ = check_new_strategy(root, strategy_id, organisation, title, start, end)
    start, end = checked["--start"], checked["--end"]
    folder = root / "content" / strategy_id
    text = (
        template_environment(root / "macros")
        .get_template("strategy.yaml.j2")
        .render(title=checked["--title"], organisation=organisation, start=start.iso(), end=end.iso())
    )
    path = folder / STRATEGY_FILE
    check_rendered(text, Strategy, f"content/{strategy_id}/{STRATEGY_FILE}", "strategy.yaml.j2")
    write_new(path, text)
    return path


def new_report(root: Path, strategy_id: str, name: str, date: str | None = None, returns: Sequence[str] = ()) -> Path:
    """Create content/<strategy>/progress/<name>.yaml listing every action with its status now;
    with ``returns`` (filled workbooks from `strategies returns`), holding the updates they give."""
    checked = check_arguments(
        {
            "strategy": (Id, strategy_id, ID_HINT),
            "name": (Id, name, "Choose one of at most 80 characters, e.g. 2025-h1."),
            "--date": (
                PartialDate,
                datetime.date.today().isoformat() if date is None else date,
                "For example: --date 2025-07-01.",
            ),
        }
    )
    dated: PartialDate = checked["--date"]
    site, entry = load_strategy(root, strategy_id)
    progress = root / "content" / strategy_id / PROGRESS_DIR
    taken = sorted(progress.glob(f"{name}.y*ml"))  # name.yml would be the same page as name.yaml
    if taken:
        raise ScaffoldError(f"{taken[0]} already exists: choose another name. Nothing was written.")
    for report in entry.reports:
        if report.model.date == dated:
            raise ScaffoldError(
                f"another report ({report.file}) is dated {dated.iso()}: give each report its own "
                "date with --date. Nothing was written."
            )
    file_name = f"content/{strategy_id}/{PROGRESS_DIR}/{name}.yaml"
    if returns:
        updates, unanswered, problems = read_returns(root, entry, list(returns))
        if problems:
            raise ScaffoldError(
                problems.report().rsplit("\n", 1)[0] + f"\nFound {len(problems)} "
                f"problem{'s' if len(problems) != 1 else ''} in the returns. Correct them, and run "
                "the command again. Nothing was written."
            )
        if not updates:
            raise ScaffoldError(
                "the returns give no new status for any action: nothing to report. Nothing was written."
            )
        text = report_yaml(entry, dated, updates, unanswered, [Path(path).name for path in returns])
        check_rendered(text, ProgressReport, file_name, "report.yaml.j2", made_by="`strategies report --from`")
    else:
        text = (
            template_environment(root / "macros")
            .get_template("report.yaml.j2")
            .render(strategy=entry, date=dated.iso())
        )
        check_rendered(text, ProgressReport, file_name, "report.yaml.j2")
    write_new(progress / f"{name}.yaml", text)
    return progress / f"{name}.yaml"
