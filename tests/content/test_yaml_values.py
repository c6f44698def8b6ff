"""Content values mean what YAML says they mean (yaml_source.py builds them itself, for speed)."""

from __future__ import annotations

import datetime

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies.content.yaml_source import parse_yaml

# Plain (unquoted) values: words, numbers, booleans, nulls, dates and the characters that
# start YAML's typed values, mixed.
PLAIN = st.one_of(
    st.text(st.sampled_from("abyYnNtTfFoO~0123456789+-._ :/eEx"), min_size=1, max_size=12),
    st.sampled_from(
        [
            "yes",
            "No",
            "TRUE",
            "off",
            "null",
            "Null",
            "~",
            "0x1F",
            "0o17",
            "1_000",
            "1e3",
            ".inf",
            "-.Inf",
            ".nan",
            "2021-10-14",
            "2021",
            "Synthetic action 3",
            "On track",
        ]
    ),
)


@given(PLAIN)
@settings(max_examples=400, deadline=None)
def test_plain_values_read_as_yaml_reads_them(text):
    document = f"value: {text}\n"
    try:
        expected = yaml.safe_load(document)
    except yaml.YAMLError:
        return  # not a plain value YAML accepts: the loader reports those (test_validation)
    if not isinstance(expected, dict) or set(expected) != {"value"}:
        return
    expected = expected["value"]
    if isinstance(expected, (datetime.date, datetime.datetime)):
        expected = text.strip()  # dates stay text: the model reads partial dates uniformly
    got = parse_yaml(document, "test.yaml")["value"]
    assert type(got) is type(expected)
    assert got == expected or (got != got and expected != expected)  # nan
