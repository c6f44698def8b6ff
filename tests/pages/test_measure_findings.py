"""A measure's chart title and summary tell residents what its values show: true to the series,
and to the baseline the strategy gives (strategies/pages/charts.py, ``measure_finding``).

Each test builds a measure and its values directly and reads the words as a resident would:
the baseline's value and year appear where change is told from it, the verb matches the
direction from the baseline, and no number is said twice in one phrase.
"""

from __future__ import annotations

import re

import pytest

from strategies.content.measure_data import Observation, parse_period
from strategies.content.model import Measure
from strategies.pages.charts import measure_chart, measure_finding

CHANGE_VERBS = ("improved", "worsened", "rose", "fell", "narrowed", "widened")


def _measure(**fields) -> Measure:
    return Measure.model_validate({"id": "gap", "name": "Life expectancy gap", **fields})


def _series(values: dict[str, float] | list[tuple[str, float, str]]) -> list[Observation]:
    """Observations from {period: value}, or from (period, value, breakdown) rows, sorted as
    the data reader sorts them."""
    rows = [(p, v, None) for p, v in values.items()] if isinstance(values, dict) else values
    observations = [Observation(p, parse_period(p), float(v), b) for p, v, b in rows]
    return sorted(observations, key=lambda o: (o.sort_key, o.breakdown or ""))


def _numbers(text: str) -> list[str]:
    """The numbers a phrase says, a period such as 2023/24 as one."""
    return re.findall(r"\d{4}/\d{2}|\d{4}-\d{2}(?:-\d{2})?|-?\d[\d,]*(?:\.\d+)?", text)


def _phrases(text: str) -> list[str]:
    """A sentence's phrases: split at full stops, semicolons and commas that end a clause (a
    comma inside '1,200' or a point inside '14.9' does not)."""
    return [p for p in re.split(r"[.;,](?:\s|$)", text) if p.strip()]


def _check(finding):
    """What holds for every finding: no number twice in one phrase, and title and summary
    tell the same direction."""
    for text in (finding.title, finding.summary):
        for phrase in _phrases(text):
            numbers = _numbers(phrase)
            assert len(numbers) == len(set(numbers)), f"a number repeated in {phrase!r} ({text!r})"
    title_verbs = {v for v in CHANGE_VERBS if f" {v} " in finding.title}
    summary_forms = {"improved": "improving", "worsened": "worsening", "rose": "rising", "fell": "falling"}
    for verb in title_verbs & set(summary_forms):
        assert summary_forms[verb] in finding.summary, finding
    for verb, form in summary_forms.items():
        if form in finding.summary.split(". Target")[0] and not re.search(r"\w+: ", finding.summary):
            assert verb in finding.title, finding
    return finding


# The resident's report: the chart said "improved from 14.2 in 2016 to 14.1", while the
# strategy's baseline is 14.9 in 2022.
LIFE = {
    "2016": 14.2,
    "2017": 14.4,
    "2018": 14.3,
    "2019": 14.6,
    "2020": 15.2,
    "2021": 15.0,
    "2022": 14.9,
    "2023": 14.6,
    "2024": 14.4,
    "2025": 14.1,
}


def test_change_is_told_from_the_dated_baseline_not_the_first_value():
    measure = _measure(
        unit="years", better="lower", baseline={"value": 14.9, "date": 2022}, target={"value": 13.5, "date": 2027}
    )
    finding = _check(measure_finding(measure, _series(LIFE)))
    assert finding.title == ("Life expectancy gap improved from the baseline of 14.9 in 2022 to 14.1 years in 2025")
    assert "14.2" not in finding.title + finding.summary and "2016" not in finding.title + finding.summary
    assert finding.summary == "14.1 years in 2025, improving from the baseline of 14.9 in 2022. Target 13.5 by 2027."


def test_the_verb_follows_the_baseline_where_the_first_value_would_say_the_opposite():
    # From the first value (13.0 in 2016) the gap widened; from the baseline (14.9) it narrowed.
    series = _series({"2016": 13.0, "2020": 15.5, "2025": 14.0})
    lower = _check(measure_finding(_measure(better="lower", baseline={"value": 14.9, "date": 2022}), series))
    assert " improved from the baseline of 14.9 in 2022 to 14 in 2025" in lower.title
    assert "improving from the baseline of 14.9 in 2022" in lower.summary
    higher = _check(measure_finding(_measure(better="higher", baseline={"value": 14.9, "date": 2022}), series))
    assert " worsened from the baseline of 14.9 in 2022 " in higher.title and "worsening" in higher.summary
    # Without a baseline, the first value is the starting point.
    plain = _check(measure_finding(_measure(better="lower"), series))
    assert plain.title == "Life expectancy gap worsened from 13 in 2016 to 14 in 2025"
    assert plain.summary == "14 in 2025, worsening from 13 in 2016."


def test_without_better_the_words_say_rose_or_fell():
    rose = _check(
        measure_finding(
            _measure(unit="people", baseline={"value": 1200, "date": 2021}), _series({"2020": 1500, "2023": 1350})
        )
    )
    assert rose.title == "Life expectancy gap rose from the baseline of 1200 in 2021 to 1350 people in 2023"
    assert "rising from the baseline of 1200 in 2021" in rose.summary
    assert not any(word in rose.title + rose.summary for word in ("improv", "worsen"))
    fell = _check(measure_finding(_measure(unit="people"), _series({"2020": 1500, "2023": 1350})))
    assert " fell from 1500 in 2020 to 1350 people in 2023" in fell.title and "falling" in fell.summary


def test_a_value_equal_to_the_baseline_says_so_without_saying_the_number_twice():
    finding = _check(
        measure_finding(
            _measure(unit="%", better="higher", baseline={"value": 6.4, "date": 2022}),
            _series({"2020": 7.0, "2024": 6.4}),
        )
    )
    assert finding.title == "Life expectancy gap was 6.4% in 2024, the same as its baseline in 2022"
    assert finding.summary == "6.4% in 2024, the same as the baseline in 2022."
    assert not any(f" {verb} " in finding.title for verb in CHANGE_VERBS)


def test_equal_first_and_last_values_without_a_baseline():
    finding = _check(measure_finding(_measure(better="lower"), _series({"2019": 5, "2021": 6, "2023": 5})))
    assert finding.title == "Life expectancy gap was 5 in 2019 and in 2023"
    assert finding.summary == "5 in 2023, the same as in 2019."


def test_a_baseline_dated_after_the_latest_value_leaves_no_change_to_tell():
    measure = _measure(unit="years", better="lower", baseline={"value": 14.9, "date": 2026})
    finding = _check(measure_finding(measure, _series(LIFE)))
    assert finding.title == "Life expectancy gap: 14.1 years in 2025, earlier than its baseline (2026)"
    assert "The baseline of 14.9 years in 2026 is later than the latest value" in finding.summary
    assert not any(f" {verb} " in finding.title for verb in CHANGE_VERBS)
    assert not re.search(r"improving|worsening|rising|falling", finding.summary)
    assert "Baseline" not in finding.summary and "baseline 14.9" not in finding.summary  # said once


def test_a_baseline_in_the_latest_period_leaves_no_change_to_tell():
    # A baseline at the end of March 2023 falls in the financial year 2022/23.
    measure = _measure(unit="households", better="lower", baseline={"value": 247, "date": "2023-03"})
    finding = _check(measure_finding(measure, _series({"2021/22": 229, "2022/23": 250})))
    assert finding.title == "Life expectancy gap: 250 households in 2022/23, with no value yet after its baseline"
    assert "after the baseline of 247 households in March 2023" in finding.summary
    assert not any(f" {verb} " in finding.title for verb in CHANGE_VERBS)
    # A year later there is a change to tell, from the baseline.
    later = _check(measure_finding(measure, _series({"2021/22": 229, "2022/23": 250, "2023/24": 262})))
    assert later.title == (
        "Life expectancy gap worsened from the baseline of 247 in March 2023 to 262 households in 2023/24"
    )


def test_an_undated_baseline_is_the_starting_point_and_the_summary_says_it_has_no_date():
    finding = _check(measure_finding(_measure(unit="years", better="lower", baseline={"value": 14.9}), _series(LIFE)))
    assert finding.title == "Life expectancy gap improved from the baseline of 14.9 to 14.1 years in 2025"
    assert "improving from the baseline of 14.9 (the strategy gives no date for its baseline)" in finding.summary


def test_a_baseline_in_words_only_is_not_compared():
    # No number to compare with: change is told from the first value, as the chart draws no baseline.
    finding = _check(
        measure_finding(
            _measure(better="lower", baseline={"text": "About one in six", "date": 2022}),
            _series({"2019": 17.0, "2024": 15.0}),
        )
    )
    assert finding.title == "Life expectancy gap improved from 17 in 2019 to 15 in 2024"
    assert "baseline" not in finding.summary.lower()


def test_a_single_value():
    finding = _check(measure_finding(_measure(unit="percent"), _series({"2024": 61.5})))
    assert finding.title == "Life expectancy gap: 61.5 percent in 2024"
    assert finding.summary == "61.5 percent in 2024."
    dated = _check(
        measure_finding(_measure(better="higher", baseline={"value": 60, "date": 2022}), _series({"2024": 61.5}))
    )
    assert dated.title == "Life expectancy gap improved from the baseline of 60 in 2022 to 61.5 in 2024"


WARDS = [
    ("2016", 5.8, "North"),
    ("2016", 2.1, "Riverside"),
    ("2020", 8.9, "North"),
    ("2020", 4.1, "Riverside"),
    ("2022", 6.6, "North"),
    ("2022", 2.4, "Riverside"),
    ("2025", 5.2, "North"),
    ("2025", 2.1, "Riverside"),
]


def test_breakdowns_tell_the_gap_since_the_baseline_without_comparing_it_with_the_area_baseline():
    measure = _measure(
        name="Claimant rate",
        unit="percent",
        better="lower",
        baseline={"value": 6.4, "date": 2022},
        target={"value": 4.5, "date": 2027},
    )
    finding = _check(measure_finding(measure, _series(WARDS)))
    # From 2022 (the baseline's year) the gap went from 4.2 to 3.1 points; from 2016 it would be 3.7.
    assert finding.title == (
        "Claimant rate: the gap between North and Riverside narrowed from 4.2 to 3.1 "
        "percentage points between 2022 and 2025"
    )
    assert "6.4" not in finding.title  # the area's baseline is never set against a gap
    assert "2016" not in finding.title + finding.summary
    assert finding.summary == (
        "North: 5.2 percent in 2025, improving from 6.6 in 2022; Riverside: 2.1 percent in "
        "2025, improving from 2.4 in 2022. Target 4.5 by 2027; baseline 6.4 in 2022."
    )


def test_breakdowns_without_a_baseline_tell_the_gap_since_the_first_shared_period():
    finding = _check(measure_finding(_measure(unit="%", better="lower"), _series(WARDS)))
    assert finding.title == (
        "Life expectancy gap: the gap between North and Riverside narrowed from 3.7 to 3.1 "
        "percentage points between 2016 and 2025"
    )
    assert "North: 5.2% in 2025, improving from 5.8 in 2016" in finding.summary


def test_breakdowns_with_an_undated_baseline_state_it_as_the_chart_marks_it():
    finding = _check(measure_finding(_measure(better="lower", baseline={"value": 6.4}), _series(WARDS)))
    assert "between 2016 and 2025" in finding.title and "6.4" not in finding.title
    assert finding.summary.endswith("Baseline 6.4.")


def test_breakdowns_with_a_baseline_after_the_latest_values():
    measure = _measure(better="lower", baseline={"value": 6.4, "date": 2026})
    finding = _check(measure_finding(measure, _series(WARDS)))
    assert finding.title == (
        "Life expectancy gap: the gap between North and Riverside was 3.1 in 2025, earlier than its baseline (2026)"
    )
    assert finding.summary == (
        "North: 5.2 in 2025; Riverside: 2.1 in 2025. The baseline of 6.4 in 2026 is later "
        "than the latest values, so no change from it can be shown yet."
    )


def test_breakdowns_whose_gap_is_unchanged():
    rows = [("2019", 10, "A"), ("2019", 7, "B"), ("2023", 12, "A"), ("2023", 9, "B")]
    finding = _check(measure_finding(_measure(better="higher"), _series(rows)))
    assert finding.title == "Life expectancy gap: the gap between A and B was 3 in 2019 and in 2023"


def test_breakdowns_with_no_period_in_common_claim_no_gap():
    rows = [("2019", 10, "A"), ("2020", 7, "B")]
    finding = _check(measure_finding(_measure(better="higher"), _series(rows)))
    assert "no gap can be shown" in finding.title
    assert not any(f" {verb} " in finding.title for verb in CHANGE_VERBS)
    assert finding.summary == "A: 10 in 2019; B: 7 in 2020."


@pytest.mark.parametrize(
    "baseline", [None, {"value": 14.9, "date": 2022}, {"value": 14.9}, {"value": 14.9, "date": 2030}]
)
def test_the_chart_shows_the_finding_it_is_given(baseline):
    """The chart's accessible name and summary are the finding's: made once, never apart."""
    measure = _measure(unit="years", better="lower", baseline=baseline)
    observations = _series(LIFE)
    chart = measure_chart("measure-gap", measure, observations)
    finding = measure_finding(measure, observations)
    assert (chart.title, chart.summary) == (finding.title, finding.summary)
