"""Interruptions and file system faults: whatever stops a build (Ctrl-C, SIGTERM, SIGKILL, a
full disk, a folder it may not write), the officer sees one clear line and no traceback, the
previous site is as it was (or, at the very end, the new one is whole), no staging folder is
left (or, after SIGKILL, the next build clears it), and no worker process runs on.

Interruptions are sent to `strategies` run as a command (as a terminal runs it, in a process
group of its own), with every speed-up's workers at work however small the site, and slowed so
that the signal surely comes while they work. Faults are simulated in this process."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import mkdocs.utils
import pytest

from strategies.commands.cli import main
from strategies.mkdocs_adapter import publish
from strategies.mkdocs_adapter.publish import build_site

from support import processes_marked, project_with_site_config, tree_digest, wait_for

pytestmark = pytest.mark.build

COMMAND = """
import os, sys, time
from pathlib import Path
from mkdocs.plugins import PluginCollection
from strategies.commands.cli import run
from strategies.content import parallel_load
from strategies.mkdocs_adapter import parallel_render
from strategies.pages import schedule
from strategies.workers import forked

forked.usable_cores = lambda: 2  # every speed-up, as for a large site on two cores
os.environ["STRATEGIES_SPEED"] = "always"
parallel_render.MIN_PAGES_TO_FORK = 1
MARKS, COMMAND, SLOW = Path(os.environ["MARKS"]), os.getpid(), os.environ.get("SLOW") == "1"

def reached(stage, here=0.6):
    '''Mark that the command (or a worker) is at this stage; go slowly, here the more, so that
    its workers surely have work however busy the machine.'''
    (MARKS / f"{stage}-{'command' if os.getpid() == COMMAND else 'worker'}").touch()
    if SLOW:
        time.sleep(here if os.getpid() == COMMAND else 0.3)

def slowed(module, stage):
    made = module.forked_map
    module.forked_map = lambda function, items: made(lambda item: reached(stage) or function(item), items)

slowed(parallel_load, "reading")
slowed(schedule, "making-pages")
page_context = PluginCollection.on_page_context
in_finaliser = os.environ.get("IN_FINALISER") == "1"

class Finaliser:
    def __del__(self):  # Python run for C code, which swallows any exception raised here
        reached("finalising", here=30)

def on_page_context(self, context, *, page, **kwargs):
    global in_finaliser
    reached("rendering", here=0.15)
    if in_finaliser and os.getpid() == COMMAND:
        in_finaliser = False
        Finaliser()  # made and finalised at once: the signal comes while its finaliser runs
    return page_context(self, context, page=page, **kwargs)

PluginCollection.on_page_context = on_page_context
if os.environ.get("SIGNAL_IN_SWAP"):  # the signal comes between the swap's two renames
    import signal
    real_rename = os.rename

    def rename(source, destination):
        real_rename(source, destination)
        if Path(source).name == "site-build":
            os.kill(COMMAND, getattr(signal, os.environ["SIGNAL_IN_SWAP"]))

    os.rename = rename
run()
"""


class Command:
    """`strategies ARGS` run in a process group of its own, as a terminal runs it (use the
    ``command`` fixture, which stops what is left of it after the test)."""

    def __init__(self, tmp_path: Path, project: Path, *args: str, slow: bool = True, **env: str):
        self.marks, self.marker = tmp_path / "marks", f"strategies-test-{uuid.uuid4().hex}"
        self.marks.mkdir()
        script = tmp_path / "command.py"
        script.write_text(COMMAND)
        self.out, self.err = tmp_path / "stdout", tmp_path / "stderr"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, str(script), "--root", str(project), *args],
                stdout=out,
                stderr=err,
                start_new_session=True,
                env={
                    **os.environ,
                    "MARKS": str(self.marks),
                    "SLOW": "1" if slow else "0",
                    "STRATEGIES_TEST_RUN": self.marker,
                    **env,
                },
            )

    def reach(self, mark: str) -> None:
        """Wait until the command (or a worker) marks ``mark``, e.g. 'rendering-worker'."""
        wait_for(lambda: (self.marks / mark).exists() or self.process.poll() is not None, what=mark)
        assert (self.marks / mark).exists(), f"the command ended before {mark}:\n{self.err.read_text()}"

    def signal(self, number: int, group: bool = True) -> None:
        """Send ``number``: to the process group, as a terminal sends Ctrl-C, or to the command."""
        (os.killpg if group else os.kill)(self.process.pid, number)

    def finish(self) -> tuple[int, str]:
        """The exit status, and what the command and its workers printed, once all have gone."""
        status = self.process.wait(timeout=120)
        wait_for(lambda: not processes_marked(self.marker), timeout=30, what="the worker processes to end")
        return status, self.out.read_text() + self.err.read_text()


@pytest.fixture
def command(tmp_path):
    """Start a :class:`Command`: ``command(project, *args, slow=True, **environment)``."""
    started = []

    def start(project: Path, *args: str, **kwargs) -> Command:
        started.append(Command(tmp_path, project, *args, **kwargs))
        return started[-1]

    yield start
    for each in started:  # a failed test may leave it running
        for pid in processes_marked(each.marker):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    project = project_with_site_config(tmp_path_factory.mktemp("built"))
    assert build_site(project / "mkdocs.yml", site_dir=project / "site-build") == 0
    return project


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    """A project whose site-build holds the previous site."""
    copy = tmp_path / "project"
    shutil.copytree(built_project, copy)
    return copy


def _leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith(".site-build"))


@pytest.mark.parametrize(
    "number, stage",
    [
        (signal.SIGINT, "reading-worker"),  # content/ read by a forked worker (parallel_load.py)
        (signal.SIGINT, "making-pages-worker"),  # pages made by forked workers (forked_map)
        (signal.SIGINT, "rendering-worker"),  # pages rendered by a forked worker, searched by a fresh one
        (signal.SIGTERM, "rendering-worker"),
    ],
    ids=["ctrl-c-reading", "ctrl-c-making-pages", "ctrl-c-rendering", "sigterm-rendering"],
)
def test_an_interrupted_build_says_so_and_leaves_the_previous_site(project, command, number, stage):
    before = tree_digest(project / "site-build")
    run = command(project, "build")
    run.reach(stage)
    assert len(processes_marked(run.marker)) > 1, "no worker was running"
    # Ctrl-C reaches the whole process group; SIGTERM (from `kill`, a CI runner) the command.
    run.signal(number, group=number == signal.SIGINT)
    status, printed = run.finish()
    assert status == 128 + number
    assert "Stopped: the build was interrupted. The previous site in site-build is unchanged." in printed
    assert "Traceback" not in printed and "Error" not in printed, printed
    assert tree_digest(project / "site-build") == before
    assert _leftovers(project) == []


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interruption_that_python_swallows_still_stops_the_build(project, command, number):
    """Raised in a finaliser or a C library's callback, an interruption is swallowed where it
    is raised (Python prints 'Exception ignored in'), and the build would go on to publish."""
    before = tree_digest(project / "site-build")
    run = command(project, "build", IN_FINALISER="1")
    run.reach("finalising-command")
    run.signal(number, group=number == signal.SIGINT)
    status, printed = run.finish()
    assert status == 128 + number
    assert "Stopped: the build was interrupted. The previous site in site-build is unchanged." in printed
    assert "Traceback" not in printed and "ignored" not in printed, printed
    assert tree_digest(project / "site-build") == before
    assert _leftovers(project) == []


def test_an_interrupted_validate_says_so(project, command):
    run = command(project, "validate")
    run.reach("reading-worker")
    run.signal(signal.SIGINT)
    status, printed = run.finish()
    assert status == 130
    assert printed.strip() == "Stopped: the check was interrupted. Nothing was changed."


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_during_the_swap_leaves_the_new_site_whole(built_project, project, command, number):
    (project / "site-build" / "only-in-the-previous-site.txt").write_text("old")
    run = command(project, "build", slow=False, SIGNAL_IN_SWAP=number.name)
    status, printed = run.finish()
    assert status == 128 + number
    assert "Stopped: the build was interrupted as it finished. site-build holds the new site." in printed
    assert "Traceback" not in printed
    assert tree_digest(project / "site-build") == tree_digest(built_project / "site-build")
    assert _leftovers(project) == []


def test_a_build_killed_outright_leaves_nothing_the_next_build_keeps(project, command):
    before = tree_digest(project / "site-build")
    run = command(project, "build")
    run.reach("rendering-worker")
    run.signal(signal.SIGKILL, group=False)  # the command alone: its workers must follow
    status, _ = run.finish()  # (waits until no worker runs)
    assert status == -signal.SIGKILL
    assert tree_digest(project / "site-build") == before
    (left,) = _leftovers(project)
    assert left.startswith(f".site-build.new-{run.process.pid}-")

    assert main(["--root", str(project), "build"]) == 0
    assert _leftovers(project) == []


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_leftovers_are_cleared_but_not_those_of_a_build_still_running(project):
    dead, own = _dead_pid(), os.getpid()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            names = {
                f".site-build.new-{dead}-a1b2c3": False,  # its build was killed
                f".site-build.old-{dead}-a1b2c3": False,
                f".site-build.new-{own}-x9y8z7": False,  # this pid, but not this process's build
                ".site-build.new-h92074ct": False,  # named by an earlier version
                ".site-build.old-4242": False,
                f".site-build.new-{running.pid}-q1w2e3": True,
            }  # another build, running
            for name in names:
                (project / name / "assets").mkdir(parents=True)
            assert build_site(project / "mkdocs.yml", site_dir=project / "site-build") == 0
            assert _leftovers(project) == [f".site-build.new-{running.pid}-q1w2e3"]
        finally:
            running.kill()


def test_the_previous_site_comes_back_after_a_kill_in_mid_swap(project, capsys):
    """Killed between the swap's two renames, a build leaves no site-build, and the previous
    site whole beside it: the next build puts it back before it starts."""
    before = tree_digest(project / "site-build")
    os.rename(project / "site-build", project / f".site-build.old-{_dead_pid()}-a1b2c3")
    shutil.copytree(
        Path(__file__).parent.parent / "fixtures" / "invalid" / "unknown-owner", project, dirs_exist_ok=True
    )
    assert build_site(project / "mkdocs.yml", site_dir=project / "site-build") == 1
    assert "Build failed. The previous site in site-build is unchanged." in capsys.readouterr().err
    assert tree_digest(project / "site-build") == before
    assert _leftovers(project) == []


def _failing(real, error: int, when=lambda *args: True):
    def fail(*args, **kwargs):
        if when(*args, **kwargs):
            raise OSError(error, os.strerror(error), str(args[0]) if args else None)
        return real(*args, **kwargs)

    return fail


def _writes(count: int):
    calls = []
    return lambda *args, **kwargs: calls.append(1) or len(calls) > count


@pytest.mark.parametrize(
    "fault, advice",
    [
        ("disk full while writing pages", "Free some space on the disk that holds {root}, then build again."),
        (
            "disk full while making the staging folder",
            "Free some space on the disk that holds {root}, then build again.",
        ),
        ("read-only folder", "Check you can write to {root}, then build again."),
        ("no permission", "Check you can write to {root}, then build again."),
        ("site-build immutable", "Check you can write to {root}, then build again."),
        ("second rename fails", "Free some space on the disk that holds {root}, then build again."),
    ],
)
def test_a_site_that_cannot_be_written_says_why_and_what_to_do(project, monkeypatch, capsys, fault, advice):
    before = tree_digest(project / "site-build")
    site_build = str(project / "site-build")
    mkdtemp, rename = publish.tempfile.mkdtemp, os.rename
    reason = {
        "disk full while writing pages": errno.ENOSPC,
        "disk full while making the staging folder": errno.ENOSPC,
        "read-only folder": errno.EROFS,
        "no permission": errno.EACCES,
        "site-build immutable": errno.EPERM,
        "second rename fails": errno.ENOSPC,
    }[fault]
    if fault == "disk full while writing pages":
        monkeypatch.setattr(mkdocs.utils, "write_file", _failing(mkdocs.utils.write_file, reason, _writes(3)))
    elif fault == "site-build immutable":
        monkeypatch.setattr(os, "rename", _failing(rename, reason, lambda source, _: str(source) == site_build))
    elif fault == "second rename fails":
        monkeypatch.setattr(
            os,
            "rename",
            _failing(
                rename,
                reason,
                lambda source, destination: ".site-build.new-" in str(source) and str(destination) == site_build,
            ),
        )
    else:
        monkeypatch.setattr(
            publish.tempfile,
            "mkdtemp",
            _failing(mkdtemp, reason, lambda **kwargs: str(kwargs.get("dir")) == str(project)),
        )

    assert main(["--root", str(project), "build"]) == 1
    out, err = capsys.readouterr()
    assert f"site-build could not be replaced: {os.strerror(reason)}." in err
    assert advice.format(root=project) in err
    assert "The previous site in site-build is unchanged." in err
    assert "Traceback" not in out + err
    monkeypatch.undo()
    assert tree_digest(project / "site-build") == before
    assert _leftovers(project) == []


def test_a_first_build_that_cannot_be_written_says_no_site_was_written(tmp_path, monkeypatch, capsys):
    project = project_with_site_config(tmp_path)
    monkeypatch.setattr(mkdocs.utils, "write_file", _failing(mkdocs.utils.write_file, errno.ENOSPC))
    assert main(["--root", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert "site-build could not be replaced: No space left on device." in err and "No site was written." in err
    assert not (project / "site-build").exists() and _leftovers(project) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_read_only_project_folder(project, capsys):
    before = tree_digest(project / "site-build")
    project.chmod(0o555)
    try:
        assert main(["--root", str(project), "build"]) == 1
    finally:
        project.chmod(0o755)
    err = capsys.readouterr().err
    assert "site-build could not be replaced: Permission denied." in err and "Traceback" not in err
    assert tree_digest(project / "site-build") == before
    assert _leftovers(project) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(address: str) -> bool:
    """Whether the preview at ``address`` (host:port) answers a request."""
    try:
        with urllib.request.urlopen(f"http://{address}/", timeout=5):
            return True
    except OSError:
        return False


@pytest.mark.parametrize(
    "number, when",
    [(signal.SIGINT, "while serving"), (signal.SIGTERM, "while serving"), (signal.SIGINT, "during its first build")],
    ids=["ctrl-c-while-serving", "sigterm-while-serving", "ctrl-c-during-its-first-build"],
)
def test_serve_stops_quietly(project, command, number, when):
    address = f"127.0.0.1:{_free_port()}"
    run = command(project, "serve", "--dev-addr", address, slow=when != "while serving")
    if when == "while serving":
        # Until the preview answers, MkDocs is still starting its server's thread: a signal
        # in those microseconds is MkDocs' race (its thread then finds the socket closed).
        wait_for(lambda: _answers(address) or run.process.poll() is not None, what="the preview to answer")
    else:
        run.reach("rendering-command")
    run.signal(number, group=number == signal.SIGINT)
    status, printed = run.finish()
    assert "Traceback" not in printed
    if when == "while serving":
        assert status == 0 and "Shutting down..." in printed
    else:
        assert status == 130 and "Stopped: the preview was interrupted." in printed
