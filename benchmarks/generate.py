"""Generate a complete, clearly SYNTHETIC project for benchmarking the build.

    python benchmarks/generate.py SIZE OUT_DIR

SIZE is small, medium or large. OUT_DIR receives content/ (organisations/, site.yaml and one
folder per strategy with strategy.yaml, progress/*.yaml and data/*.csv) plus copies of the
repository's mkdocs.yml, docs/ and macros/. Output is deterministic (seeded random).

Every organisation, post, person and figure is invented: "Synthetic Borough Council 17",
"Synthetic action 3.2.5". None is a real council or person.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Size:
    strategies: int
    actions: int  # in total, across all strategies
    measures: int  # in total
    reports: int  # progress reports per strategy
    years: int = 10  # yearly values in each measure's series
    organisations: int = 0
    posts: int = 0  # in total, spread over the organisations


SIZES = {
    "small": Size(strategies=4, actions=300, measures=20, reports=2, organisations=2, posts=40),
    "medium": Size(strategies=40, actions=5_000, measures=400, reports=8, organisations=8, posts=240),
    "large": Size(strategies=200, actions=25_000, measures=2_000, reports=2, organisations=20, posts=400),
}

STATUSES = ["not-started", "on-track", "on-track", "on-track", "at-risk", "off-track", "complete"]
CHARACTERISTICS = [
    "age",
    "disability",
    "race",
    "sex",
    "religion-or-belief",
    "sexual-orientation",
    "pregnancy-and-maternity",
]
FIRST = ["Alex", "Sam", "Jordan", "Casey", "Morgan", "Riley", "Taylor", "Robin", "Jamie", "Avery"]
LAST = ["Example", "Sample", "Placeholder", "Testcase", "Fixture", "Mockton", "Dummyfield"]
DIRECTORATES = [
    "Synthetic Directorate A",
    "Synthetic Directorate B",
    "Synthetic Directorate C",
    "Synthetic Directorate D",
]
WORDS = [
    "synthetic",
    "benchmark",
    "content",
    "generated",
    "to",
    "measure",
    "build",
    "time",
    "and",
    "page",
    "weight",
    "nothing",
    "here",
    "describes",
    "a",
    "real",
    "council",
    "service",
    "resident",
    "or",
    "place",
]


def _q(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return "Synthetic. " + text[0].upper() + text[1:] + "."


def _split(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole numbers."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _organisations(size: Size, rng: random.Random) -> list[dict]:
    orgs = []
    person_no = 0
    for org_no, n_posts in enumerate(_split(size.posts, size.organisations), start=1):
        org_id = f"synthetic-borough-council-{org_no}"
        posts, people = [], []
        for post_no in range(1, n_posts + 1):
            person_no += 1
            person_id = f"synthetic-person-{person_no}"
            posts.append(
                {
                    "id": f"sbc{org_no}-post-{post_no}",
                    "title": f"Synthetic Head of Service {post_no}",
                    "directorate": rng.choice(DIRECTORATES),
                    "holder": person_id,
                }
            )
            people.append({"id": person_id, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {person_no}"})
        orgs.append({"id": org_id, "name": f"Synthetic Borough Council {org_no}", "posts": posts, "people": people})
    return orgs


def _write_organisation(folder: Path, org: dict) -> None:
    lines = [
        "# SYNTHETIC benchmark content: this organisation, its posts and people are invented.",
        f"id: {org['id']}",
        f"name: {_q(org['name'])}",
        "kind: council",
        "demonstration: false",
        "description: Synthetic organisation generated for build benchmarks. It does not exist.",
        "contact:",
        f"  email: {_q('accessibility@' + org['id'] + '.example')}",
        "posts:",
    ]
    for post in org["posts"]:
        lines += [
            f"  - id: {post['id']}",
            f"    title: {_q(post['title'])}",
            f"    directorate: {_q(post['directorate'])}",
            f"    holder: {post['holder']}",
        ]
    lines.append("people:")
    for person in org["people"]:
        lines += [f"  - id: {person['id']}", f"    name: {_q(person['name'])}"]
    (folder / f"{org['id']}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _shape(actions: int) -> list[list[int]]:
    """Theme → Objective → Action counts: [[actions of objective 1, …] for each theme]."""
    themes = max(1, round(actions ** (1 / 3)))
    objectives = max(1, round((actions / themes) ** 0.5))
    per_theme = _split(actions, themes)
    return [[n for n in _split(t, objectives) if n] for t in per_theme]


def _write_strategy(
    root: Path, number: int, org: dict, n_actions: int, n_measures: int, size: Size, rng: random.Random
) -> tuple[int, int]:
    sid = f"synthetic-strategy-{number}"
    folder = root / sid
    (folder / "progress").mkdir(parents=True)
    (folder / "data").mkdir()
    prefix = f"s{number}"
    posts = [p["id"] for p in org["posts"]]
    start_year = 2020 + number % 4
    wards = [f"synthetic-ward-{w}" for w in range(1, 4)]

    # Measures, each with a CSV series
    measures = []
    first_year = start_year - size.years + 2
    for m in range(1, n_measures + 1):
        mid = f"{prefix}-measure-{m}"
        by_ward = m % 5 == 0
        rows = ["period,value,breakdown" if by_ward else "period,value"]
        for y in range(size.years):
            year = first_year + y
            for ward in wards if by_ward else [None]:
                value = round(rng.uniform(20, 80), 1)
                rows.append(f"{year},{value}" + (f",Synthetic Ward {ward[-1]}" if ward else ""))
        (folder / "data" / f"{mid}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        measures.append(mid)

    shape = _shape(n_actions)
    n_objectives = sum(len(t) for t in shape)
    # measures spread over objectives
    measure_of_objective: dict[int, list[str]] = {}
    for i, mid in enumerate(measures):
        measure_of_objective.setdefault(i % n_objectives, []).append(mid)

    out = [
        "# SYNTHETIC benchmark content generated by benchmarks/generate.py. Nothing here is real.",
        f"title: {_q(f'Synthetic strategy {number}: a generated benchmark plan {start_year}–{start_year + 5}')}",
        f"short_title: {_q(f'Synthetic strategy {number}')}",
        f"organisation: {org['id']}",
        "period:",
        f"  start: {start_year}",
        f"  end: {start_year + 5}",
        "status: adopted",
        "approval:",
        "  body: Synthetic Cabinet",
        f"  date: {start_year}-03-15",
        "  decision: adopted",
        "summary: |",
        f"  {_sentence(rng, 40)}",
        "",
        f"  {_sentence(rng, 30)}",
        f"vision: {_q(_sentence(rng, 12))}",
        "governance:",
        "  lead:",
        f"    - {posts[0]}",
        f"  body: {_q('The Synthetic Board ' + str(number))}",
        "  reporting: Synthetic progress reports every six months.",
        "budget:",
    ]
    for y in range(3):
        fy = start_year + y
        out += [
            f"  - year: {fy}/{(fy + 1) % 100:02d}",
            f"    amount: {rng.randint(100, 900) * 1000}",
            "    source: Synthetic fund",
        ]
    out += ["levels:", "  - name: Theme", "  - name: Objective", "  - name: Action", "places:"]
    for ward in wards:
        out += [f"  - id: {ward}", f"    name: Synthetic Ward {ward[-1]}", "    kind: ward"]
    out.append("measures:")
    for i, mid in enumerate(measures):
        m = i + 1
        out += [
            f"  - id: {mid}",
            f"    name: {_q(f'Synthetic measure {number}.{m}')}",
            f"    domain: Synthetic domain {m % 4 + 1}",
            "    unit: percent",
            f"    better: {'higher' if m % 2 else 'lower'}",
            "    baseline:",
            f"      value: {round(rng.uniform(20, 80), 1)}",
            f"      date: {start_year}",
            "    target:",
            f"      value: {round(rng.uniform(20, 80), 1)}",
            f"      date: {start_year + 5}",
            "    source: Synthetic data generator",
            "    owners:",
            f"      - {rng.choice(posts)}",
            f"    data: data/{mid}.csv",
        ]
    out.append("items:")
    action_ids = []
    objective_no = 0
    for t, objectives in enumerate(shape, start=1):
        out += [
            f"  - id: {prefix}-theme-{t}",
            f"    title: {_q(f'Synthetic theme {t}')}",
            f"    summary: {_q(_sentence(rng, 20))}",
            "    owners:",
            f"      - {rng.choice(posts)}",
            "    items:",
        ]
        for o, n in enumerate(objectives, start=1):
            out += [
                f"      - id: {prefix}-objective-{t}-{o}",
                f"        title: {_q(f'Synthetic objective {t}.{o}')}",
                f"        summary: {_q(_sentence(rng, 15))}",
                "        owners:",
                f"          - {rng.choice(posts)}",
            ]
            if objective_no in measure_of_objective:
                out.append("        measures:")
                out += [f"          - {mid}" for mid in measure_of_objective[objective_no]]
            objective_no += 1
            out.append("        items:")
            for a in range(1, n + 1):
                aid = f"{prefix}-action-{t}-{o}-{a}"
                action_ids.append(aid)
                due_year = start_year + rng.randint(1, 5)
                out += [
                    f"          - id: {aid}",
                    f"            title: {_q(f'Synthetic action {t}.{o}.{a}')}",
                    "            owners:",
                    f"              - {rng.choice(posts)}",
                    f'            due: "{due_year}-{rng.randint(1, 12):02d}"',
                ]
                if a % 3 == 0:
                    out += ["            characteristics:", f"              - {rng.choice(CHARACTERISTICS)}"]
                if a % 4 == 0:
                    out += ["            places:", f"              - {rng.choice(wards)}"]
    (folder / "strategy.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")

    # Progress reports, half-yearly from the strategy's start
    statuses = {aid: "not-started" for aid in action_ids}
    for r in range(size.reports):
        year, half = start_year + r // 2, r % 2
        name = f"{year}-h{half + 1}"
        lines = [
            "# SYNTHETIC benchmark progress report. Nothing here is real.",
            f"title: {_q(f'Synthetic progress report {r + 1}')}",
            f"date: {year}-{'07' if half == 0 else '12'}-15",
            "period:",
            f"  start: {year}-{'01' if half == 0 else '07'}-01",
            f"  end: {year}-{'06-30' if half == 0 else '12-31'}",
            "presented_to: Synthetic Cabinet",
            f"summary: {_q(_sentence(rng, 25))}",
            "updates:",
        ]
        for aid in action_ids:
            if statuses[aid] != "complete":
                statuses[aid] = rng.choice(STATUSES)
            percent = 100 if statuses[aid] == "complete" else rng.randint(0, 95)
            lines += [
                f"  - action: {aid}",
                f"    status: {statuses[aid]}",
                f"    percent: {percent}",
                f"    commentary: {_q(_sentence(rng, 10))}",
            ]
        (folder / "progress" / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(action_ids), len(measures)


def generate(size_name: str, out_dir: Path, seed: int = 20240601) -> Path:
    """Write a complete synthetic project of ``size_name`` into ``out_dir`` (replaced if present)."""
    size = SIZES[size_name]
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    content = out_dir / "content"
    (content / "organisations").mkdir(parents=True)
    rng = random.Random(f"{seed}-{size_name}")
    orgs = _organisations(size, rng)
    for org in orgs:
        _write_organisation(content / "organisations", org)
    shutil.copy(REPO / "content" / "site.yaml", content / "site.yaml")
    actions = _split(size.actions, size.strategies)
    measures = _split(size.measures, size.strategies)
    for i in range(size.strategies):
        _write_strategy(content, i + 1, orgs[i % len(orgs)], actions[i], measures[i], size, rng)
    shutil.copy(REPO / "mkdocs.yml", out_dir / "mkdocs.yml")
    shutil.copytree(REPO / "docs", out_dir / "docs")
    shutil.copytree(REPO / "macros", out_dir / "macros")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    generate(args.size, args.out_dir)
    print(f"Generated the {args.size} synthetic project in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
