"""The ``strategies`` command: validate, build and serve the site."""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import signal
import sys
import threading
from pathlib import Path

DEFAULT_CONFIG = "mkdocs.yml"


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _validate(args: argparse.Namespace) -> int:
    from strategies.content.loader import load_site  # (here: the command starts, and heeds Ctrl-C, sooner)

    root = Path(args.root).resolve()
    site, problems = load_site(root / args.content, root)
    if problems and args.format == "github":
        # GitHub Actions turns these lines into annotations on the pull request's files.
        for problem in problems:
            where = problem.location
            place = f"file={where.file}" + (f",line={where.line},col={where.column or 1}" if where.line else "")
            print(f"::error {place},title=Content problem::{_github_escape(problem.message)}")
        print(problems.report().splitlines()[-1], file=sys.stderr)
        return 1
    if problems:
        print(problems.report(), file=sys.stderr)
        return 1
    if _style_warnings(args, site, root):
        return 1
    actions = sum(len(entry.actions()) for entry in site.strategies.values())
    print(
        f"Content is valid: {len(site.strategies)} strategies, {actions} actions, "
        f"{len(site.organisations)} organisations, {len(site.people)} people."
    )
    return 0


def _style_warnings(args: argparse.Namespace, site, root: Path) -> bool:
    """Print the plain-English warnings (strategies/content/style.py) and the warnings about
    dates outside a strategy's period (strategies/content/checks.py), in file and line order,
    and a line counting them; True if the plain-English ones are errors (--strict-style) and
    there are some. Date warnings stay warnings: the document may really say so."""
    from strategies.content.checks import DATE_TITLE, check_dates, date_summary
    from strategies.content.loader import load_glossary
    from strategies.content.problems import Problems
    from strategies.content.style import check_style, summary

    warnings = check_style(site, load_glossary(root / args.content, root, Problems()))  # (checked by load_site)
    dated = check_dates(site)
    elsewhere = 0
    if args.paths:  # only the warnings in these files (a pull request's): problems are always all shown
        wanted = _project_paths(args.paths, root)
        kept = [w for w in warnings if _within(w.location.file, wanted)]
        kept_dated = [w for w in dated if _within(w.location.file, wanted)]
        elsewhere = len(warnings) + len(dated) - len(kept) - len(kept_dated)
        warnings, dated = kept, kept_dated
    strict = args.strict_style and bool(warnings)
    found = [(w, "Plain English", strict) for w in warnings] + [(w, DATE_TITLE, False) for w in dated]
    for warning, title, error in sorted(found, key=lambda item: (item[0].location, item[1])):
        where = warning.location
        if args.format == "github":  # annotations on the pull request's lines
            place = f"file={where.file}" + (f",line={where.line},col={where.column or 1}" if where.line else "")
            print(f"::{'error' if error else 'warning'} {place},title={title}::{_github_escape(warning.message)}")
        else:
            print(f"{where}: {'error' if error else 'warning'}: {warning.message}")
    counts = ([summary(warnings)] if warnings else []) + ([date_summary(dated)] if dated else [])
    if elsewhere:
        counts.append(
            f"({elsewhere} more {'warning' if elsewhere == 1 else 'warnings'} in other files: "
            "run `strategies validate` without paths to see them.)"
        )
    if counts:
        which = "the plain-English warnings" if dated else "them"
        print(
            " ".join(counts)
            + (
                f" --strict-style makes {which} errors: fix them, then check again."
                if strict
                else " Warnings do not stop the site being published."
            )
        )
    return strict


def _project_paths(given: list[str], root: Path) -> list[str]:
    """Paths given on the command line (from the current folder, or else from the project's),
    as the project-relative names problems use; one outside the project matches nothing."""
    found = []
    for text in given:
        for path in (Path(text).resolve(), (root / text).resolve()):
            if path.is_relative_to(root):
                found.append(path.relative_to(root).as_posix())
                break
    return found


def _within(file: str, paths: list[str]) -> bool:
    """Whether ``file`` (project-relative) is one of ``paths`` or inside one of them."""
    return any(path == "." or file == path or file.startswith(path + "/") for path in paths)


def _changes(args: argparse.Namespace) -> int:
    from .review import summary
    from .writing import ScaffoldError

    try:
        print(summary(Path(args.root).resolve(), args.since, args.site_url), end="")
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _scaffold(make) -> int:
    from .writing import ScaffoldError

    try:
        path = make()
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Created {path}. Fill it in, then run `strategies validate`.")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_strategy

    return _scaffold(
        lambda: new_strategy(
            Path(args.root).resolve(), args.strategy, args.organisation, args.title, args.start, args.end
        )
    )


def _report(args: argparse.Namespace) -> int:
    from .scaffold import new_report

    return _scaffold(
        lambda: new_report(Path(args.root).resolve(), args.strategy, args.name, args.date, args.returns or ())
    )


def _returns(args: argparse.Namespace) -> int:
    from .returns import write_returns
    from .writing import ScaffoldError

    try:
        path, count = write_returns(
            Path(args.root).resolve(), args.strategy, args.owner, args.format, args.by, args.out
        )
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Created {path}, listing {count} action{'s' if count != 1 else ''}. Send it to the owners; read the "
        f"filled returns into a progress report with `strategies report {args.strategy} NAME --from FILE...`."
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from .plan_import import import_plan
    from .writing import ScaffoldError

    try:
        path, count, ignored = import_plan(
            Path(args.root).resolve(),
            args.strategy,
            args.plan,
            args.organisation,
            args.title,
            args.start,
            args.end,
            args.levels,
            args.sheet,
        )
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Created {path} with {count} item{'s' if count != 1 else ''}."
        + (f" Columns not imported: {', '.join(ignored)}." if ignored else "")
        + " Fill in the summary and status, then run `strategies validate`."
    )
    return 0


def _release(args: argparse.Namespace) -> int:
    from .release import release
    from .writing import ScaffoldError

    try:
        folder = release(Path(args.root).resolve(), args.strategy, args.label, args.summary, args.date)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Released '{' '.join(args.label.split())}' into {folder}. The site keeps it online as an old "
        "version, with a page of what changed since."
    )
    return 0


def _write_schemas(args: argparse.Namespace) -> int:
    from strategies.content.schema import schema_files

    folder = Path(args.root).resolve() / args.folder
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"Wrote {len(schema_files())} JSON Schemas into {folder}.")
    return 0


def _as_at(text: str) -> str:
    """An --as-at date: YYYY-MM-DD, a real day."""
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-28") from None


def _use_as_at(args: argparse.Namespace) -> None:
    """Hand --as-at to the plugin, which works out what is overdue as at that date."""
    if args.as_at:
        from strategies.mkdocs_adapter.plugin import AS_AT_VARIABLE

        os.environ[AS_AT_VARIABLE] = args.as_at


def _build(args: argparse.Namespace) -> int:
    from strategies.mkdocs_adapter.publish import build_site

    _use_as_at(args)
    return build_site(Path(args.root).resolve() / args.config, strict=args.strict)


def _serve(args: argparse.Namespace) -> int:
    from strategies.mkdocs_adapter.publish import serve_site

    _use_as_at(args)
    return serve_site(Path(args.root).resolve() / args.config, args.dev_addr)


def _new_strategy_arguments(command: argparse.ArgumentParser) -> None:
    """The arguments of a command that makes a new strategy (`new`, `import`)."""
    command.add_argument("strategy", help="the new strategy's id, e.g. fairer-town-2025-30")
    command.add_argument("--organisation", required=True, help="id of the organisation that owns it")
    command.add_argument("--title", required=True, help="the strategy's title")
    command.add_argument("--start", default=str(datetime.date.today().year), help="first year, e.g. 2025 (or 2025-04)")
    command.add_argument("--end", default=str(datetime.date.today().year + 4), help="last year, e.g. 2030 (or 2030-03)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="strategies",
        description="Publish public-sector strategies as an accessible website.",
    )
    parser.add_argument("--root", default=".", help="the project folder (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check all content and report every problem")
    validate.add_argument("--content", default="content", help="content folder (default: content)")
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text (default) or github: annotations on a pull request's files",
    )
    validate.add_argument(
        "--strict-style",
        action="store_true",
        help="treat plain-English warnings (long sentences, acronyms, jargon, link text, heading levels) as errors",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="show warnings only for these files or folders (a pull request's, say); problems are always all shown",
    )
    validate.set_defaults(run=_validate)

    changed = commands.add_parser(
        "changes", help="say in Markdown what the content changes for residents since a Git revision"
    )
    changed.add_argument(
        "--since", required=True, metavar="REVISION", help="the Git branch, tag or commit to compare with"
    )
    changed.add_argument("--site-url", default="", help="the published site's address, for links (default: none)")
    changed.set_defaults(run=_changes)

    new = commands.add_parser("new", help="create a new strategy's strategy.yaml (never overwrites)")
    _new_strategy_arguments(new)
    new.set_defaults(run=_new)

    report = commands.add_parser("report", help="create a progress report listing every action (never overwrites)")
    report.add_argument("strategy", help="the strategy's id")
    report.add_argument("name", help="the report's file name, e.g. 2025-h1")
    report.add_argument("--date", help="the report's date, e.g. 2025-07-01 (default: today)")
    report.add_argument(
        "--from",
        dest="returns",
        nargs="+",
        metavar="FILE",
        help="filled progress returns (.ods or .xlsx from `strategies returns`) to read the updates from",
    )
    report.set_defaults(run=_report)

    returns = commands.add_parser(
        "returns", help="write a workbook for action owners to fill in with progress (never overwrites)"
    )
    returns.add_argument("strategy", help="the strategy's id")
    returns.add_argument("--owner", help="only the actions this post (or organisation) oversees, e.g. its id")
    returns.add_argument(
        "--format",
        choices=("ods", "xlsx"),
        default="ods",
        help="ods (default: OpenDocument, for LibreOffice, Excel and Google Sheets) or xlsx",
    )
    returns.add_argument("--by", help="the date to return it by, YYYY-MM-DD (default: two weeks from today)")
    returns.add_argument("--out", help="where to write it (default: returns/STRATEGY[-OWNER]-DATE.ods)")
    returns.set_defaults(run=_returns)

    plan = commands.add_parser(
        "import", help="create a new strategy's strategy.yaml from an action plan spreadsheet (never overwrites)"
    )
    _new_strategy_arguments(plan)
    plan.add_argument(
        "--from",
        dest="plan",
        required=True,
        metavar="FILE",
        help="the action plan: an .xlsx or .ods workbook, or a CSV file",
    )
    plan.add_argument("--sheet", help="the workbook's sheet holding the plan (if it has more than one)")
    plan.add_argument("--levels", help='the level columns\' names, top first (default: "Objective,Action")')
    plan.set_defaults(run=_import)

    release = commands.add_parser(
        "release", help="keep the strategy as it is now as a named old version (never overwrites)"
    )
    release.add_argument("strategy", help="the strategy's id")
    release.add_argument("label", help='the version\'s name, e.g. "2021 refresh"')
    release.add_argument("--summary", required=True, help="what this version was, in a sentence")
    release.add_argument("--date", help="the release date, YYYY-MM-DD (default: today)")
    release.set_defaults(run=_release)

    schema = commands.add_parser("schema", help="write the JSON Schemas for content files into a folder")
    schema.add_argument("folder", nargs="?", default="schema", help="where to write them (default: schema)")
    schema.set_defaults(run=_write_schemas)

    build = commands.add_parser("build", help="check content and build the site into site-build/")
    build.add_argument("--config", default=DEFAULT_CONFIG, help="MkDocs configuration file")
    build.add_argument("--strict", action="store_true", help="treat MkDocs warnings as errors")
    build.add_argument(
        "--as-at",
        type=_as_at,
        help="work out what is overdue as at this date, YYYY-MM-DD (default: today), for reproducible builds",
    )
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="preview the site, rebuilding when content changes")
    serve.add_argument("--config", default=DEFAULT_CONFIG, help="MkDocs configuration file")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    serve.add_argument("--as-at", type=_as_at, help="work out what is overdue as at this date, YYYY-MM-DD")
    serve.set_defaults(run=_serve)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread (by :func:`run`'s handler) so that the command stops
    as it does after Ctrl-C, cleaning up as it goes, but with exit status 143."""

    exit_status = 143


def _terminate(_signal, _frame) -> None:
    raise Terminated()


def _interruption_swallowed(unraisable) -> None:
    """``sys.unraisablehook``: an interruption raised while Python code ran for C code (a C
    library's callback, a finaliser) is swallowed there, and the command would go on as if
    nothing had happened: deliver the signal again in a moment, rather than print it."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        number = signal.SIGTERM if issubclass(unraisable.exc_type, Terminated) else signal.SIGINT
        again = threading.Timer(0.01, os.kill, (os.getpid(), number))
        again.daemon = True
        again.start()
    else:
        sys.__unraisablehook__(unraisable)


_STOPPED = {  # what each command says when interrupted (build_site says more, when it can)
    "build": "the build was interrupted. No site was changed.",
    "validate": "the check was interrupted. Nothing was changed.",
    "changes": "the comparison was interrupted. Nothing was changed.",
    "serve": "the preview was interrupted.",
}


def _stop_workers() -> None:
    """Stop the worker processes this command started, if any (they might otherwise still run
    when it exits: its output says it has stopped)."""
    for name in ("strategies.workers.forked", "strategies.workers.fresh"):
        module = sys.modules.get(name)
        if module is not None:
            module.stop_workers()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``strategies`` command; returns the exit status: 130 after Ctrl-C
    (143 after SIGTERM, where :func:`run` handles it), with one line saying so."""
    command = ""  # none yet: the arguments are being read
    try:
        args = make_parser().parse_args(argv)
        command = args.command
        return args.run(args)
    except KeyboardInterrupt as stop:
        print(f"Stopped: {_STOPPED.get(command, 'interrupted.')}", file=sys.stderr)
        _stop_workers()
        return getattr(stop, "exit_status", 130)


def run() -> None:
    """The ``strategies`` console command: :func:`main`, then exit at once. A large site's
    build leaves millions of objects that Python would free one by one on the way out
    (3 seconds for the medium benchmark); the operating system reclaims them in one step.
    Output is flushed first, and nothing the command made is waiting to be written.

    SIGTERM interrupts the command as Ctrl-C does (:class:`Terminated`); an interruption that
    C code calling Python swallowed is delivered again; once the command has returned, neither
    can interrupt the exit (which would print a traceback)."""
    signal.signal(signal.SIGTERM, _terminate)
    sys.unraisablehook = _interruption_swallowed
    try:
        status = main()
    except KeyboardInterrupt as stop:  # a second Ctrl-C while stopping, or one as it ended
        status = getattr(stop, "exit_status", 130)
    finally:
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_IGN)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
