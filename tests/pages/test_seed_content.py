"""The built site lists every strategy in content/, and shows the three real council
documents faithfully.

The listing tests hold for whatever strategies, organisations and people content/ holds: an
officer's pull request adding a strategy or a council must pass them (the officer's pull
request test runs the same checks on a copy with a new council). The seed tests name the three
real strategies, since they check a transcription: expected values are read from the seed
documents themselves, not written out here, so a transcription that drops or changes an owner,
action, budget line or measure fails. Other strategies on the site never fail them.
"""

from __future__ import annotations

import re

from support import (
    check_home_page_leads_to_every_strategy,
    check_organisations_and_people_listed,
    check_strategies_page_lists_every_strategy,
    find_heading,
    followed,
    heading_text,
    rows,
    seed,
    table_by_caption,
)

WARRINGTON = "strategies/warrington-equality-objectives-2020-24/"
WARRINGTON_SEED = "warrington-equality-objectives-2020-24.txt"


def _warrington_overseers() -> list[list[str]]:
    """For each 'overseen by' sentence in the seed, in order, the people it names."""
    text = seed(WARRINGTON_SEED)
    sentences = re.findall(r"This objective will be overseen by +(.+)", text)
    return [re.findall(r"([A-Z][a-z]+ [A-Z][a-z]+), +(?:Deputy )?Director", s) for s in sentences]


def _warrington_priority_pages(page) -> list[str]:
    """URLs of priority pages, in document order, from the strategy page's tables."""
    soup = page(WARRINGTON)
    links = []
    for table in soup.find_all("table"):
        caption = table.find("caption").get_text()
        if caption.startswith("Priorities under"):
            links.extend(a["href"] for a in table.select("tbody th a"))
    return [WARRINGTON + href for href in links]


def test_life_expectancy_priority_names_thara_raj_and_all_six_actions(page):
    soup = page(WARRINGTON + "life-expectancy-and-wellbeing/")
    assert heading_text(soup.find("h1")) == "Improve life expectancy and health and wellbeing"
    owners = rows(table_by_caption(soup, "Named owners of this priority"))
    assert owners[0][:2] == ["Thara Raj", "Director of Public Health"]

    seed_text = seed(WARRINGTON_SEED)
    block = seed_text.split("Improve life expectancy and health and wellbeing", 1)[1].split("This objective", 1)[0]
    seed_actions = [line.strip(" •\t") for line in block.splitlines() if line.strip().startswith("•")]
    actions = rows(table_by_caption(soup, "Actions for Improve life expectancy"))
    assert [row[0] for row in actions] == seed_actions
    assert len(actions) == 6
    assert all("Thara Raj" in row[1] for row in actions)
    assert all(row[4] == "No progress reported" for row in actions)


def test_every_warrington_priority_lists_the_directors_the_seed_names(page):
    expected = _warrington_overseers()
    pages = _warrington_priority_pages(page)
    assert len(expected) == len(pages) == 17
    for url, names in zip(pages, expected):
        soup = page(url)
        owner_rows = rows(table_by_caption(soup, "Named owners of this priority"))
        shown = [row[0] for row in owner_rows if row[4] == "Owner"]
        assert shown == names, f"{url}: expected {names}, page shows {shown}"
        assert all(row[1] for row in owner_rows), f"{url}: every owner has a post"


def test_warrington_actions_match_the_seed_count_and_never_invent_status(page):
    actions = []
    for url in _warrington_priority_pages(page):
        for t in page(url).find_all("table"):
            if t.find("caption").get_text().startswith("Actions for"):
                actions.extend(rows(t))
    # 70 bullets in the seed; two bullet pairs are steps of one action, two unbulleted lines are actions.
    assert len(actions) == 68
    # No status is invented, and nothing is inferred from silence: every action reads "No progress
    # reported", never overdue or past its due date (no report is published here: issue 26).
    assert {row[4] for row in actions} == {"No progress reported"}
    dated = {row[0]: row[3] for row in actions if row[3] != "Not stated"}
    assert dated == {
        "Deliver a Local Offer for 19-25 year olds for learning, respite, and independent skills by July 2021 as a pilot basis for further expansion": "July 2021",
        "Submit application to Stonewall’s Workplace Equality Index in 2021.": "2021",
        "Work towards achieving level 3 status by July 2022": "July 2022",
    }


def test_person_page_lists_what_they_oversee(page):
    person = "people/gareth-hopkins/"
    table = table_by_caption(page(person), "Everything Gareth Hopkins oversees")
    # Only his Warrington rows: another strategy may name his post too.
    in_warrington = [
        tr
        for tr in table.find("tbody").find_all("tr")
        if any(followed(person, a["href"]) == WARRINGTON for a in tr.find_all("a"))
    ]
    expected = sum("Gareth Hopkins" in names for names in _warrington_overseers())
    assert expected and len(in_warrington) == expected


def test_warwickshire_budget_lines_match_the_cabinet_report(page):
    text = seed("warwickshire-tackling-social-inequalities-cabinet-2021.txt")
    expected = [[year, f"£{amount}"] for year, amount in re.findall(r"(\d{4}/\d{2}) - £([\d,]+)", text)]
    assert len(expected) == 3
    soup = page("strategies/warwickshire-tackling-social-inequalities/")
    table = table_by_caption(soup, "Budget by financial year")
    assert [row[:2] for row in rows(table)] == expected
    assert all(row[2] == "Preventing Vulnerability fund" for row in rows(table))
    assert table.find("tfoot").get_text(" ", strip=True) == "Total £800,000"


def test_warwickshire_is_not_claimed_as_adopted(page):
    # The seed is the report asking Cabinet to endorse; it does not record the decision.
    facts = page("strategies/warwickshire-tackling-social-inequalities/").find("dl", class_="key-facts")
    text = facts.get_text(" ", strip=True)
    assert "Put forward for approval" in text
    assert "decision not recorded" in text


def test_stockton_shows_success_measures_by_domain(page):
    text = seed("stockton-fairer-stockton-framework-2021.md")
    table_text = text.split("Domain\tMeasures", 1)[1].split("\n\n\n", 1)[0]
    seed_rows = [line.split("\t", 1) for line in table_text.strip().splitlines() if "\t" in line]
    assert len(seed_rows) == 9
    soup = page("strategies/stockton-fairer-stockton/")
    # The framework names its measures with no baseline, target or source: they are listed under
    # their domains after one sentence that says so. (They were a table per domain whose every
    # row read "Not yet reported / Not yet reported / Not stated": placeholders reading like
    # content, issue 26.)
    section = find_heading(soup, "h2", "Measures of success")
    assert "without a baseline, target or source" in section.find_next("p").get_text(" ")
    listing = section.find_next("ul", class_="measure-names")
    by_domain = {
        li.find(string=True, recursive=False).strip(): li.find("ul") for li in listing.find_all("li", recursive=False)
    }
    assert list(by_domain) == list(dict.fromkeys(domain for domain, _ in seed_rows))
    assert not [
        table for table in soup.find_all("table") if table.find("caption").get_text().startswith("Measures of success")
    ]
    for domain, cell in seed_rows:
        names = [
            re.sub(r": (higher|lower) is better$", "", li.get_text(" ", strip=True))
            for li in by_domain[domain].find_all("li")
        ]
        assert all(li.get("id", "").startswith("measure-") for li in by_domain[domain].find_all("li"))
        shown = " ".join(names)
        # Each seed cell lists its measures run together; every one must be shown.
        assert shown.replace(" ", "") == cell.replace(" ", ""), f"{domain}: {shown!r} vs {cell!r}"


def test_stockton_five_areas_of_focus(page):
    text = seed("stockton-fairer-stockton-framework-2021.md")
    areas = re.findall(r"^- \d\) (.+)$", text, re.M)
    soup = page("strategies/stockton-fairer-stockton/")
    section = find_heading(soup, "h2", "Areas of focus")
    headings = [heading_text(h) for h in section.find_all_next("h3", limit=5)]
    assert headings == [a.strip() for a in areas]


def test_strategies_page_lists_every_strategy_in_content(page, shipped):
    check_strategies_page_lists_every_strategy(page, shipped)


def test_home_page_leads_to_every_strategy_in_content(page, shipped):
    check_home_page_leads_to_every_strategy(page, shipped)


def test_every_organisation_and_person_in_content_is_listed_with_a_page(page, shipped):
    check_organisations_and_people_listed(page, shipped)


def test_seed_strategies_are_listed_with_the_period_and_status_their_documents_give(page):
    table = table_by_caption(page("strategies/"), "Strategies published on this site")
    listed = {row[0]: row[1:] for row in rows(table)}
    assert listed["Equality Objectives, Priorities and Actions 2020–2024"] == [
        "Warrington Borough Council",
        "2020 to 2024 (ended)",
        "Adopted",
        "No progress report is published here: the progress of its 68 adopted actions is not known. Its period "
        "ended in 2024; no final report is published here.",
    ]
    assert (
        listed["A Fairer Stockton-on-Tees: A Framework for Tackling Inequalities 2021–2031"][2]
        == "Out for consultation"
    )


def test_at_a_glance_counts_agree_with_the_tables(page):
    """The headline numbers residents read first match what the page lists below them."""
    # Warrington's objectives are adopted; Stockton's framework was out for consultation, so its
    # actions are proposed commitments, counted apart from progress (not "not yet reported").
    for url, level_words, adopted in [
        (WARRINGTON, {"objectives": 3, "priorities": 17, "actions": 68}, True),
        ("strategies/stockton-fairer-stockton/", {"areas of focus": 5, "actions": 10}, False),
        ("strategies/warwickshire-tackling-social-inequalities/", {"priorities": 3}, False),
    ]:
        soup = page(url)
        assert heading_text(soup.find("h1")) == soup.title.get_text().split(" - ")[0]
        items = [li.get_text(" ", strip=True) for li in soup.select("ul.at-a-glance li")]
        for words, count in level_words.items():
            assert f"{count} {words}" in items, (url, items)
        progress = [i for i in items if i.startswith("Progress:")]
        proposed = [i for i in items if "proposed commitment" in i]
        rollup = soup.select_one("p.rollup")
        if "actions" in level_words and adopted:
            assert progress == [] and proposed == []
            assert rollup.get_text(" ", strip=True) == (
                f"{level_words['actions']} adopted actions. No progress "
                "report is published here, so their progress is not known."
            )
        elif "actions" in level_words:
            assert progress == [] and proposed == [
                f"{level_words['actions']} proposed commitments, not adopted (not counted as progress)"
            ]
        else:
            assert progress == []
