"""Fuzzing the loader: whatever an officer (or a broken editor, or an attacker) puts in
content/, `load_site` and `strategies validate` end in success or in problems formatted
`file:line:column: message` -- never a traceback, a hang or runaway memory.

How many examples each test runs, and why (the whole file is meant to take about a minute
on a 2-core machine; for a longer search set FUZZ_EXAMPLES=2000, which applies to each):

- test_mutated_strategy_text ........ 60  the richest target: 332 real lines, every kind of edit slip
- test_mutated_organisation_text .... 30  a short file (44 lines): fewer distinct mutations exist
- test_mutated_strategy_data ........ 40  typed edits (wrong type, missing/unknown/misspelt key)
- test_mutated_organisation_data .... 20  same, small file
- test_mutated_revision_text ........ 30  an old version's revision.yaml, from `strategies release`
- test_mutated_revision_data ........ 30  same, typed edits
- test_random_yaml_as_strategy ...... 40  arbitrary documents and raw text, unlike real content
- test_random_yaml_as_organisation .. 25  same, in the other file kind
- test_hostile_input ................ one run per named case, each in a forked child with a
                                      wall-clock and a memory bound (they are slow by nature)
- test_cli_survives_hostile_input ... one `strategies validate` subprocess per named case

The named hostile cases also check that nothing is dropped in silence: each strategy folder
and each organisation file is either loaded or named by a problem. The generated tests leave
that check out on purpose: an empty document is among the first things Hypothesis tries, and
it would stop the search there (Hypothesis stops generating once it has a failure), hiding
the crashes.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from strategies.content.loader import load_site

from support import ROOT, make_project

CONTENT = ROOT / "content"
STRATEGY_ID = "warrington-equality-objectives-2020-24"
STRATEGY_REL = f"content/{STRATEGY_ID}/strategy.yaml"
ORGANISATION_REL = "content/organisations/warrington-borough-council.yaml"
STRATEGY_TEXT = (ROOT / STRATEGY_REL).read_text(encoding="utf-8")
ORGANISATION_TEXT = (ROOT / ORGANISATION_REL).read_text(encoding="utf-8")
STRATEGY_DATA = yaml.safe_load(STRATEGY_TEXT)  # mutate_data works on deep copies
ORGANISATION_DATA = yaml.safe_load(ORGANISATION_TEXT)

PROBLEM_FORMAT = re.compile(r"^content/[^:]+(:\d+:\d+)?: \S")
LOAD_SECONDS = 10  # per generated case: a real load of this project takes about 0.05 s
CASES: Counter = Counter()  # generated or named cases run, per test

# No example database (failures are reported, not replayed from .hypothesis/; Hypothesis still
# keeps a self-git-ignored cache there) and no "explain" phase (it re-runs failing cases
# under a tracer, which triples the time of a failing run). Examples are random on purpose.
FUZZ = dict(
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)


def _examples(n: int) -> int:
    """n, or FUZZ_EXAMPLES when set (e.g. FUZZ_EXAMPLES=2000 for a long local search)."""
    return int(os.environ.get("FUZZ_EXAMPLES") or n)


class _CaseCountSummary:
    """Adds the number of cases run to pytest's final summary (a plugin registered late)."""

    def pytest_terminal_summary(self, terminalreporter):
        total = sum(CASES.values())
        terminalreporter.write_line(
            f"fuzz_loader: {total} generated/named cases ran: "
            + ", ".join(f"{name}={count}" for name, count in sorted(CASES.items()))
        )


@pytest.fixture(scope="module", autouse=True)
def _report_case_count(request):
    if not request.config.pluginmanager.has_plugin("fuzz-loader-count"):
        request.config.pluginmanager.register(_CaseCountSummary(), "fuzz-loader-count")
    yield


# --------------------------------------------------------------------------------------
# The property
# --------------------------------------------------------------------------------------


class LoaderTimeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise LoaderTimeout in the main thread if the block runs longer than `seconds`."""

    def expire(signum, frame):
        raise LoaderTimeout(f"load_site did not finish within {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def expected_sources(content: Path) -> tuple[list[str], list[str]]:
    """(strategy folder ids, organisation file names) the loader must load or report."""
    folders = [
        p.name
        for p in sorted(content.iterdir())
        if p.is_dir() and p.name != "organisations" and not p.name.startswith((".", "_"))
    ]
    organisations = [f"content/organisations/{p.name}" for p in sorted((content / "organisations").glob("*.y*ml"))]
    return folders, organisations


def assert_outcome(
    content: Path,
    problem_texts: list[str],
    problem_files: list[str],
    strategies_loaded: list[str],
    organisation_files_loaded: list[str],
    label: str,
    silent_drop: bool = True,
):
    """Success or well-formed problems, and (if silent_drop) no file dropped without a word."""
    bad = [text for text in problem_texts if not PROBLEM_FORMAT.match(text)]
    assert not bad, f"[{label}] problems not in 'file:line:column: message' form: {bad[:3]!r}"
    if not silent_drop:
        return
    folders, organisations = expected_sources(content)
    named = set(problem_files)
    for folder in folders:
        assert folder in strategies_loaded or any(
            name == f"content/{folder}" or name.startswith(f"content/{folder}/") for name in named
        ), (
            f"[{label}] strategy folder content/{folder} was neither loaded nor reported: it would "
            f"vanish from the site with 'Content is valid'. Problems: {problem_texts[:5]!r}"
        )
    for name in organisations:
        assert name in organisation_files_loaded or name in named, (
            f"[{label}] {name} was neither loaded nor reported: its owners silently stop being "
            f"checked. Problems: {problem_texts[:5]!r}"
        )


def check_in_process(project: Path, label: str):
    """Load the project here, under a wall-clock limit, and assert the property."""
    CASES[label] += 1
    with time_limit(LOAD_SECONDS):
        site, problems = load_site(project / "content", project)  # an exception fails the test
    assert_outcome(
        project / "content",
        [str(p) for p in problems],
        [p.location.file for p in problems],
        list(site.strategies),
        list(site.organisation_files.values()),
        f"{label} #{CASES[label]}",
        silent_drop=False,
    )
    return site, problems


# --------------------------------------------------------------------------------------
# A small project holding the shipped Warrington strategy and every shipped organisation
# --------------------------------------------------------------------------------------


def _warrington_project(folder: Path) -> Path:
    """The base fixture with every shipped organisation and the shipped Warrington strategy."""
    root = make_project(folder)
    shutil.copytree(CONTENT / "organisations", root / "content" / "organisations", dirs_exist_ok=True)
    (root / "content" / STRATEGY_ID).mkdir()
    (root / STRATEGY_REL).write_text(STRATEGY_TEXT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = _warrington_project(tmp_path_factory.mktemp("fuzz"))
    site, problems = load_site(root / "content", root)
    assert not problems, problems.report()
    assert STRATEGY_ID in site.strategies
    return root


@contextlib.contextmanager
def replaced(path: Path, data: bytes):
    """Write `data` to path for the duration of one example, then put the original back."""
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        yield
    finally:
        path.write_bytes(original)


# --------------------------------------------------------------------------------------
# 1. Mutations of the shipped content: as text, and as parsed data
# --------------------------------------------------------------------------------------

INSERTS = st.one_of(
    st.characters(),
    st.sampled_from(
        [
            "\t",
            ":",
            '"',
            "'",
            "- ",
            "&a ",
            "*a",
            "<<: ",
            ": ",
            "#",
            "{",
            "[",
            "]",
            "}",
            "|",
            ">",
            "? ",
            "!",
            "%",
            "@",
            "`",
            ",",
            "\n",
            "\r\n",
            "  ",
        ]
    ),
)
INDEX = st.integers(min_value=0, max_value=10**6)
TEXT_MUTATION = st.one_of(
    st.tuples(st.just("delete"), INDEX),
    st.tuples(st.just("duplicate"), INDEX),
    st.tuples(st.just("swap"), INDEX, INDEX),
    st.tuples(st.just("insert"), INDEX, INSERTS),
    st.tuples(st.just("indent"), INDEX, st.integers(-6, 6)),
    st.tuples(st.just("truncate"), INDEX),
)


def mutate_text(text: str, mutations) -> str:
    for mutation in mutations:
        kind = mutation[0]
        lines = text.splitlines(keepends=True) or [""]
        i = mutation[1] % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = mutation[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            body = lines[i].lstrip(" ")
            indent = max(0, len(lines[i]) - len(body) + mutation[2])
            lines[i] = " " * indent + body
        elif kind == "insert":
            position = mutation[1] % (len(text) + 1)
            text = text[:position] + mutation[2] + text[position:]
            continue
        elif kind == "truncate":
            text = text[: mutation[1] % (len(text) + 1)]
            continue
        text = "".join(lines)
    return text


@pytest.mark.slow
@settings(max_examples=_examples(60), **FUZZ)
@given(mutations=st.lists(TEXT_MUTATION, min_size=1, max_size=4))
def test_mutated_strategy_text(project, mutations):
    """A slip while editing the real Warrington strategy (a deleted, doubled or swapped line,
    a stray tab, colon, quote, '- ', anchor, alias or merge key, bad indentation, a file cut
    short by a failed save) must be reported at a line. If this broke, the officer would get
    a Python traceback instead of a message, and the build would stop with nothing to act on."""
    text = mutate_text(STRATEGY_TEXT, mutations)
    with replaced(project / STRATEGY_REL, text.encode("utf-8", "surrogatepass")):
        check_in_process(project, "strategy_text")


@pytest.mark.slow
@settings(max_examples=_examples(30), **FUZZ)
@given(mutations=st.lists(TEXT_MUTATION, min_size=1, max_size=4))
def test_mutated_organisation_text(project, mutations):
    """The same editing slips in Warrington's organisation file (posts and people). If this
    broke, changing a post-holder's name could crash validation for every strategy that
    names Warrington's posts as owners."""
    text = mutate_text(ORGANISATION_TEXT, mutations)
    with replaced(project / ORGANISATION_REL, text.encode("utf-8", "surrogatepass")):
        check_in_process(project, "organisation_text")


# Random YAML values of every type an officer might write by mistake.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet="ab -:#'\"", min_size=2100, max_size=2500),  # longer than any Text allows
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=4),
    st.dictionaries(st.text(max_size=10), SCALARS, max_size=4),
    st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=2), max_leaves=6),  # nested lists
)


def _paths(node, prefix=()):
    """Every (path, value) in a parsed document, a path being a tuple of keys/indices."""
    yield prefix, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


def _get(node, path):
    for part in path:
        node = node[part]
    return node


def _typo(word: str, rnd: random.Random) -> str:
    word = str(word)
    if len(word) < 2:
        return word + "x"
    i = rnd.randrange(len(word) - 1)
    return rnd.choice(
        [
            word[:i] + word[i + 1 :],  # dropped letter
            word[:i] + word[i + 1] + word[i] + word[i + 2 :],  # swapped letters
            word[:i] + "e" + word[i:],  # extra letter
            word.replace("_", "-"),
            word.title(),
        ]
    )


def mutate_data(original, data, count: int):
    doc = copy.deepcopy(original)
    for _ in range(count):
        paths = list(_paths(doc))
        kind = data.draw(st.sampled_from(["replace", "delete", "unknown", "typo"]))
        maps = [(p, v) for p, v in paths if isinstance(v, dict)]
        if kind == "replace" and len(paths) > 1:
            path, old = paths[data.draw(st.integers(1, len(paths) - 1))]
            new = data.draw(VALUES.filter(lambda v, old=old: type(v) is not type(old)))
            _get(doc, path[:-1])[path[-1]] = new
        elif kind == "delete" and len(paths) > 1:
            path, _ = paths[data.draw(st.integers(1, len(paths) - 1))]
            del _get(doc, path[:-1])[path[-1]]
        elif kind == "unknown" and maps:
            _, block = maps[data.draw(st.integers(0, len(maps) - 1))]
            block[data.draw(st.text(min_size=1, max_size=12))] = data.draw(VALUES)
        elif kind == "typo" and maps:
            _, block = maps[data.draw(st.integers(0, len(maps) - 1))]
            if block:
                keys = list(block)
                key = keys[data.draw(st.integers(0, len(keys) - 1))]
                rnd = random.Random(data.draw(st.integers(0, 2**32)))
                block[_typo(key, rnd)] = block.pop(key)
    return doc


def _dump(doc) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


@pytest.mark.slow
@settings(max_examples=_examples(40), **FUZZ)
@given(data=st.data(), count=st.integers(1, 3))
def test_mutated_strategy_data(project, data, count):
    """The real strategy with values of the wrong type (a list where text belongs, a number
    for a date, a block for an owner), a missing or unknown field, or a misspelt field name.
    If this broke, the most common mistakes of officers new to YAML would crash validation
    instead of saying 'owners should be a list' at the right line."""
    doc = mutate_data(STRATEGY_DATA, data, count)
    with replaced(project / STRATEGY_REL, _dump(doc)):
        check_in_process(project, "strategy_data")


@pytest.mark.slow
@settings(max_examples=_examples(20), **FUZZ)
@given(data=st.data(), count=st.integers(1, 3))
def test_mutated_organisation_data(project, data, count):
    """The same typed mistakes in Warrington's organisation file. If this broke, a wrong
    'holder:' or a post written as plain text would crash the check of every owner."""
    doc = mutate_data(ORGANISATION_DATA, data, count)
    with replaced(project / ORGANISATION_REL, _dump(doc)):
        check_in_process(project, "organisation_data")


REVISION_REL = f"content/{STRATEGY_ID}/revisions/2021-refresh/revision.yaml"


@pytest.fixture(scope="module")
def released_project(tmp_path_factory) -> Path:
    """The same small project, with Warrington released as an old version by `strategies release`."""
    from strategies.commands.release import release

    root = _warrington_project(tmp_path_factory.mktemp("fuzz-revision"))
    shutil.copytree(ROOT / "macros", root / "macros")
    release(root, STRATEGY_ID, "2021 refresh", "The objectives after the 2021 review.", "2021-06-14")
    assert (root / REVISION_REL).is_file()
    return root


@pytest.mark.slow
@settings(max_examples=_examples(30), **FUZZ)
@given(mutations=st.lists(TEXT_MUTATION, min_size=1, max_size=4))
def test_mutated_revision_text(released_project, mutations):
    """Editing slips in an old version's revision.yaml (its record of names and statuses).
    If this broke, a stray edit to an old version would crash validation of the whole site."""
    original = (released_project / REVISION_REL).read_text(encoding="utf-8")
    text = mutate_text(original, mutations)
    with replaced(released_project / REVISION_REL, text.encode("utf-8", "surrogatepass")):
        check_in_process(released_project, "revision_text")


@pytest.mark.slow
@settings(max_examples=_examples(30), **FUZZ)
@given(data=st.data(), count=st.integers(1, 3))
def test_mutated_revision_data(released_project, data, count):
    """Values of the wrong type, missing, unknown or misspelt fields in revision.yaml (a
    holder written as text, a status as a list). If this broke, such a mistake would end in
    a traceback instead of a message at its line."""
    original = yaml.safe_load((released_project / REVISION_REL).read_text(encoding="utf-8"))
    doc = mutate_data(original, data, count)
    with replaced(released_project / REVISION_REL, _dump(doc)):
        check_in_process(released_project, "revision_data")


# --------------------------------------------------------------------------------------
# 2. Random YAML documents, and raw random text
# --------------------------------------------------------------------------------------

FIELD_NAMES = [
    "id",
    "title",
    "name",
    "items",
    "owners",
    "status",
    "period",
    "start",
    "end",
    "levels",
    "summary",
    "organisation",
    "due",
    "posts",
    "people",
    "holder",
    "budget",
    "year",
    "amount",
    "timeline",
    "date",
    "event",
    "url",
    "kind",
    "<<",
]
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12), st.integers(-5, 5), st.booleans())
RANDOM_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),  # any code point but surrogates, control characters included
    st.sampled_from(
        [
            "2021-02-30",
            "2021-13",
            "0000",
            "2021/22",
            "adopted",
            "council",
            "https://example.org",
            "warrington-borough-council",
            "~",
            "null",
            "yes",
        ]
    ),
)
DOCUMENTS = st.recursive(
    RANDOM_SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=40,
)
FILE_BYTES = st.one_of(
    DOCUMENTS.map(_dump),
    st.dictionaries(KEYS, DOCUMENTS, min_size=1, max_size=8).map(_dump),
    st.text(max_size=400).map(lambda t: t.encode("utf-8")),  # raw text, not YAML by design
    st.binary(max_size=200),
)


@pytest.mark.slow
@settings(max_examples=_examples(40), **FUZZ)
@given(content=FILE_BYTES)
def test_random_yaml_as_strategy(project, content):
    """Any document at all as strategy.yaml: random nesting, keys, control characters, raw
    bytes. If this broke, a file saved from the wrong template, or pasted from a PDF with
    odd characters, would crash the build instead of being reported."""
    with replaced(project / STRATEGY_REL, content):
        check_in_process(project, "random_strategy")


@pytest.mark.slow
@settings(max_examples=_examples(25), **FUZZ)
@given(content=FILE_BYTES)
def test_random_yaml_as_organisation(project, content):
    """Any document at all as an organisation file. If this broke, one junk file dropped in
    content/organisations/ would stop every strategy from being validated."""
    with replaced(project / ORGANISATION_REL, content):
        check_in_process(project, "random_organisation")


# --------------------------------------------------------------------------------------
# 3. Named hostile inputs, each in a forked child with a time and memory bound
# --------------------------------------------------------------------------------------

MEMORY_LIMIT = 1536 * 2**20  # RLIMIT_AS headroom above what the test process already maps
MEMORY_GROWTH = 500 * 2**20  # peak resident memory the load itself may add


def _vm_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def run_isolated(project: Path, seconds: float) -> dict:
    """load_site in a forked child, under RLIMIT_AS, killed after `seconds`."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        status = 0
        try:
            os.close(read_end)
            resource.setrlimit(resource.RLIMIT_AS, (_vm_size() + MEMORY_LIMIT,) * 2)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            started = time.monotonic()
            try:
                site, problems = load_site(project / "content", project)
                result = {
                    "ok": True,
                    "problems": [str(p)[:500] for p in problems],
                    "files": [p.location.file for p in problems],
                    "longest": max((len(str(p)) for p in problems), default=0),
                    "strategies": list(site.strategies),
                    "organisation_files": list(site.organisation_files.values()),
                }
            except BaseException:
                result = {"ok": False, "traceback": traceback.format_exc()[-4000:]}
            result["seconds"] = round(time.monotonic() - started, 2)
            result["rss_growth"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(json.dumps(result).encode())
        except BaseException:
            status = 3
        finally:
            os._exit(status)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                return {"ok": False, "traceback": f"HANG: load_site still running after {seconds} s"}
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    if not chunks:
        return {"ok": False, "traceback": "the child died without a result (killed by the memory limit?)"}
    return json.loads(b"".join(chunks))


def _replace_first(old: str, new: str):
    def build(original: str) -> str:
        assert old in original
        return original.replace(old, new, 1)

    return build


def _million_lines(original: str) -> str:
    return original + "next_steps:\n" + "  - a\n" * 1_000_000


def _deep_items(depth: int) -> str:
    node = "{id: leaf, title: Leaf}"
    for level in range(depth):
        node = f"{{id: n{level}, title: Node {level}, items: [{node}]}}"
    return node


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)
TWENTY_MB = "x" * 20_000_000

# name -> (file it replaces, how to build its bytes from the shipped text, must load cleanly?,
#          seconds allowed)
HOSTILE = {
    "billion-laughs": ("strategy", lambda t: BILLION_LAUGHS.encode(), False, 10),
    "billion-laughs-in-organisation": ("organisation", lambda t: BILLION_LAUGHS.encode(), False, 10),
    "nested-list-200000": (
        "strategy",
        lambda t: ("summary: " + "[" * 200_000 + "]" * 200_000 + "\n").encode(),
        False,
        10,
    ),
    "nested-flow-mapping-5000": (
        "strategy",
        lambda t: ("summary: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n").encode(),
        False,
        10,
    ),
    "nested-block-mapping-5000": (
        "strategy",
        lambda t: "".join(f"{' ' * i}k{i}:\n" for i in range(5000)).encode(),
        False,
        10,
    ),
    "string-20mb-in-title": (
        "strategy",
        lambda t: _replace_first("short_title: Warrington equality objectives", "short_title: " + TWENTY_MB)(
            t
        ).encode(),
        False,
        15,
    ),
    "string-20mb-in-status": (
        "strategy",
        lambda t: _replace_first("status: adopted", "status: " + TWENTY_MB)(t).encode(),
        False,
        15,
    ),
    "items-10000-deep": (
        "strategy",
        lambda t: (t.split("\nitems:\n")[0] + "\nitems: [" + _deep_items(10_000) + "]\n").encode(),
        False,
        10,
    ),
    "million-short-lines": ("strategy", lambda t: _million_lines(t).encode(), False, 10),
    "invalid-utf8": (
        "strategy",
        lambda t: t.encode().replace(b"Warrington is accessible", b"Warrington \xff\xfe is", 1),
        False,
        10,
    ),
    "utf16-with-bom": ("strategy", lambda t: t.encode("utf-16"), False, 10),
    "utf8-bom": ("strategy", lambda t: b"\xef\xbb\xbf" + t.encode(), True, 10),
    "utf8-bom-organisation": ("organisation", lambda t: b"\xef\xbb\xbf" + t.encode(), True, 10),
    "nul-bytes": ("strategy", lambda t: t.encode().replace(b"status: adopted", b"status: adop\x00ted", 1), False, 10),
    "nul-byte-at-start": ("strategy", lambda t: b"\x00" + t.encode(), False, 10),
    "control-character-in-title": (
        "strategy",
        lambda t: t.replace("short_title: Warrington", "short_title: Warr\x1fington", 1).encode(),
        False,
        10,
    ),
    "control-character-in-page": (
        "page",
        lambda t: t.replace("title: The process", "title: The \x0cprocess", 1).encode(),
        False,
        10,
    ),
    "empty-file": ("strategy", lambda t: b"", False, 10),
    "only-document-marker": ("strategy", lambda t: b"---\n", False, 10),
    "only-a-comment": ("strategy", lambda t: b"# nothing here yet\n", False, 10),
    "empty-organisation": ("organisation", lambda t: b"", False, 10),
    "python-object-tag": (
        "strategy",
        lambda t: t.replace("status: adopted", "status: !!python/object/apply:os.system ['echo pwned']", 1).encode(),
        False,
        10,
    ),
    "python-object-tag-top": (
        "strategy",
        lambda t: b"!!python/object:strategies.content.model.Strategy {title: x}\n",
        False,
        10,
    ),
    "duplicate-keys": (
        "strategy",
        lambda t: t.replace("status: adopted", "status: adopted\nstatus: draft", 1).encode(),
        False,
        10,
    ),
    "tab-indentation": ("strategy", lambda t: re.sub(r"(?m)^  ", "\t", t).encode(), False, 10),
    "crlf-line-endings": ("strategy", lambda t: t.replace("\n", "\r\n").encode(), True, 10),
    "crlf-line-endings-organisation": ("organisation", lambda t: t.replace("\n", "\r\n").encode(), True, 10),
    "huge-integer-5000-digits": (
        "strategy",
        lambda t: t.replace("start: 2020", "start: " + "9" * 5000, 1).encode(),
        False,
        10,
    ),
    "huge-integer-4000-digits": (
        "strategy",
        lambda t: t.replace("start: 2020", "start: " + "9" * 4000, 1).encode(),
        False,
        10,
    ),
    "huge-integer-as-key": ("strategy", lambda t: (t + "? " + "9" * 5000 + "\n: x\n").encode(), False, 10),
    "date-2021-02-30": ("strategy", lambda t: t.replace('date: "2020-09"', "date: 2021-02-30", 1).encode(), False, 10),
    "date-2021-02-30-tagged": (
        "strategy",
        lambda t: t.replace('date: "2020-09"', "date: !!timestamp 2021-02-30", 1).encode(),
        False,
        10,
    ),
    # Found by reading yaml_source.py: scalars PyYAML resolves to int/float/bool but cannot build.
    "binary-int-without-digits": ("strategy", lambda t: t.replace("start: 2020", "start: 0b_", 1).encode(), False, 10),
    "hex-int-without-digits": ("strategy", lambda t: t.replace("start: 2020", "start: 0x_", 1).encode(), False, 10),
    "explicit-int-tag-on-text": (
        "strategy",
        lambda t: t.replace("start: 2020", "start: !!int twenty", 1).encode(),
        False,
        10,
    ),
    "explicit-float-tag-on-text": (
        "strategy",
        lambda t: t.replace("start: 2020", "start: !!float twenty", 1).encode(),
        False,
        10,
    ),
    "explicit-bool-tag-on-text": (
        "strategy",
        lambda t: t.replace("start: 2020", "start: !!bool maybe", 1).encode(),
        False,
        10,
    ),
}


@pytest.fixture
def full_project(tmp_path) -> Path:
    """A copy of the shipped content (every strategy, its pages, every organisation)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path


PAGE_REL = "content/stockton-fairer-stockton/pages/the-process.md"


def _target(project: Path, which: str) -> tuple[Path, str]:
    if which == "page":
        return project / PAGE_REL, (ROOT / PAGE_REL).read_text(encoding="utf-8")
    if which == "organisation":
        return project / ORGANISATION_REL, ORGANISATION_TEXT
    return project / STRATEGY_REL, STRATEGY_TEXT


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input(full_project, name):
    """Each named hostile file ends in success or in located problems, within its time
    bound, without the load adding more than 500 MB of memory. If this broke, one bad file
    (an alias bomb, a paste of 20 MB, a file saved as UTF-16 by Notepad, a Windows line
    ending) would hang or kill the build server, or crash with a traceback; for CRLF and
    byte-order marks, valid content would be rejected."""
    which, build, must_be_valid, seconds = HOSTILE[name]
    path, text = _target(full_project, which)
    data = build(text)
    assert data != text.encode(), f"{name}: the case changed nothing (its anchor text is gone)"
    path.write_bytes(data)
    del data
    CASES["hostile"] += 1
    result = run_isolated(full_project, seconds)
    assert result["ok"], f"{name}: load_site failed:\n{result['traceback']}"
    assert result["rss_growth"] < MEMORY_GROWTH, (
        f"{name}: loading grew resident memory by {result['rss_growth'] // 2**20} MB "
        f"(limit {MEMORY_GROWTH // 2**20} MB), in {result['seconds']} s; longest problem "
        f"{result['longest']} characters"
    )
    assert_outcome(
        full_project / "content",
        result["problems"],
        result["files"],
        result["strategies"],
        result["organisation_files"],
        name,
    )
    if must_be_valid:
        assert not result["problems"], f"{name}: valid content was rejected: {result['problems'][:3]}"
    else:
        assert result["problems"], f"{name}: hostile content was accepted without a problem"


# --------------------------------------------------------------------------------------
# 4. The command line
# --------------------------------------------------------------------------------------

CLI_CASES = [
    "billion-laughs",
    "utf16-with-bom",
    "empty-file",
    "crlf-line-endings",
    "nul-bytes",
    "huge-integer-5000-digits",
    "binary-int-without-digits",
]


@pytest.mark.build
@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_survives_hostile_input(full_project, name):
    """`strategies validate` on a hostile file exits 0 or 1 and prints messages, not a
    traceback. If this broke, `make validate` and CI would show officers a Python stack
    dump, and wrappers that read the exit code would misread a crash as a content error."""
    which, build, must_be_valid, _ = HOSTILE[name]
    path, text = _target(full_project, which)
    path.write_bytes(build(text))
    CASES["cli"] += 1
    try:
        result = subprocess.run(
            [sys.executable, "-m", "strategies.commands.cli", "validate"],
            cwd=full_project,
            capture_output=True,
            text=True,
            timeout=30,
            errors="replace",
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: strategies validate did not finish within 30 s")
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), f"{name}: exit {result.returncode}\n{output[-2000:]}"
    assert "Traceback" not in output, f"{name}:\n{output[-2000:]}"
    assert result.returncode == (0 if must_be_valid else 1), f"{name}: exit {result.returncode}\n{output[-1000:]}"
