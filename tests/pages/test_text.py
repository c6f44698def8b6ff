"""Officers' Markdown renders the same whichever way it takes through strategies.text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from strategies.pages.text import _PLAIN, _convert, markdown_inline, markdown_to_html

# Letters, digits, spaces and every character Markdown gives a meaning to somewhere.
ALPHABET = st.sampled_from(list("aZé0 9,.;:'’\"?%£/()-_*#>+!|~`[]{}<>&\\=\t\n") + ["Ж", "ß", "1. ", "- "])


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(list("aZéЖß0 9,.;:'’\"?%£/()-")), min_size=1, max_size=30).map("".join),
        st.lists(ALPHABET, min_size=1, max_size=30).map("".join),
    )
)
def test_plain_text_shortcut_gives_what_markdown_gives(text):
    """Text without Markdown syntax skips the parser: the HTML must be exactly the parser's."""
    assert str(markdown_to_html(text)) == str(_convert(text))


def test_shortcut_is_taken_for_ordinary_sentences_and_not_for_markup():
    assert _PLAIN.fullmatch("Reduce the gap in healthy life expectancy by 2030 (Marmot, 2020).")
    for text in (
        "1. A list",
        "- A list",
        "# Heading",
        "Some *emphasis*",
        "snake_case",
        "a <b>tag</b>",
        "a [link](x)",
        "Line one\nline two",
        "AT&T",
    ):
        assert not _PLAIN.fullmatch(text), text


def test_inline_markdown_has_no_wrapping_paragraph():
    assert str(markdown_inline("Plain words")) == "Plain words"
    assert str(markdown_inline("Some *stress*")) == "Some <em>stress</em>"
