"""Plain-English warnings about what officers write, from GOV.UK's style guide.

Warnings, not problems: they never stop a build, and only ``strategies validate`` looks for them
(``--format github`` makes them annotations on a pull request's lines; ``--strict-style`` makes
them errors, for councils that want that). Each names its file and line, and says what to do.

For each strategy, in its strategy.yaml, its narrative pages and its progress reports (old
versions are left as they were released), the text officers write is checked for:

- ``long-sentence``: a sentence of more than 25 words. Sentences are split by sentencex
  (Wikimedia's rule-based segmenter, which knows abbreviations such as "e.g." and "Dr.").
- ``acronym``: an abbreviation used before it is spelled out ("special educational needs and
  disabilities (SEND)", or "SEND (special educational needs and disabilities)"), once per
  strategy, in the order the strategy's files give them. Those in content/glossary.yaml
  (NHS, GP…) need no spelling out. Text in capitals (three words or more) is not read for them.
- ``avoid``: a word or phrase content/glossary.yaml lists to avoid (GOV.UK's list, which a
  council may extend), with what to write instead.
- ``link-text``: a link whose words do not say where it goes ("click here", "read more").
- ``heading-level``: a heading in a narrative page that skips a level (the page's title is its
  first level; its own headings start at ``##``).

This module belongs to the content layer: it reads the loaded content and knows nothing of pages.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from .model import Glossary, Written
from .problems import ContentWarning, Location, warning_summary
from .site import Site, StrategyEntry
from .xrefs import text_fields

MAX_WORDS = 25

KINDS = {  # each kind of warning, as the summary line counts it: (one, more than one)
    "long-sentence": ("sentence over 25 words", "sentences over 25 words"),
    "acronym": ("abbreviation not spelled out first", "abbreviations not spelled out first"),
    "avoid": ("word to avoid", "words to avoid"),
    "link-text": ("link that does not say where it goes", "links that do not say where they go"),
    "heading-level": ("heading that skips a level", "headings that skip a level"),
}

# Written fields that are names of people, documents or organisations as the original gives
# them, numbering, or the glossary itself: not the council's own prose to rephrase.
_NOT_PROSE = {
    ("SourceDocument", "title"),
    ("Link", "title"),
    ("PageMeta", "author"),
    ("PageMeta", "role"),
    ("PageMeta", "publisher"),
    ("Node", "label"),
    ("Node", "level"),
    ("Level", "name"),
    ("Level", "plural"),
    ("Holder", "person"),
    ("Holder", "post"),
    ("Holder", "organisation"),
}

_WORD = re.compile(r"[^\W_](?:(?:[\w'’&-]|[.,](?=[^\W_]))*[^\W_])?")  # 1,807 and e.g. are one word each
_ACRONYM = re.compile(r"(?<![\w&])([A-Z](?:[A-Z0-9]|&(?=[A-Z]))*[A-Z][A-Z0-9]*)(s)?(?![\w&])")
_ROMAN = re.compile(r"[IVXLCDM]+")
_BAD_LINK_TEXT = {
    "click here",
    "here",
    "click",
    "link",
    "this link",
    "read more",
    "more",
    "more here",
    "find out more",
    "more information",
    "this page",
    "this",
    "go",
    "see here",
    "website",
}


StyleWarning = ContentWarning  # one plain-English warning: where, of which kind (see KINDS), and what to do


@dataclass
class _Piece:
    """A text officers wrote, with a way to locate a character in it."""

    text: str
    locate: Callable[[int], Location]
    markdown: bool


@cache
def _written(block: type[BaseModel], field: str) -> bool:
    """True for a field the model marks Written (text officers write), that is prose."""
    if (block.__name__, field) in _NOT_PROSE:
        return False
    info = block.model_fields.get(field)
    if info is None:
        return False
    found = [item for item in info.metadata if isinstance(item, Written)]
    pending = [info.annotation]
    while pending and not found:
        annotation = pending.pop()
        found.extend(item for item in getattr(annotation, "__metadata__", ()) if isinstance(item, Written))
        pending.extend(typing.get_args(annotation))
    return bool(found)


def _markdown_field(block: type[BaseModel], field: str) -> bool:
    info = block.model_fields[field]
    pending, seen = [info.annotation], [*info.metadata]
    while pending:
        annotation = pending.pop()
        seen.extend(getattr(annotation, "__metadata__", ()))
        pending.extend(typing.get_args(annotation))
    return any(isinstance(item, Written) and item.markdown for item in seen)


def _block_pieces(root: BaseModel) -> Iterator[_Piece]:
    for block, field, index, text in text_fields(root):
        if text and _written(type(block), field):

            def locate(offset: int, b=block, f=field, i=index, t=text) -> Location:
                return b.where_in_text(f, i, offset, t)

            yield _Piece(text, locate, _markdown_field(type(block), field))


def _page_piece(page) -> _Piece:
    body = page.body

    def locate(offset: int) -> Location:
        line_start = body.rfind("\n", 0, offset) + 1
        return Location(page.location.file, page.location.line + body.count("\n", 0, offset), offset - line_start + 1)

    return _Piece(body, locate, True)


def pieces(entry: StrategyEntry) -> list[_Piece]:
    """Everything officers wrote for a strategy: strategy.yaml's prose, each narrative page's
    title, summary and body, and each progress report's prose."""
    found = list(_block_pieces(entry.model))
    for page in entry.pages:
        found.extend(_block_pieces(page.meta))
        found.append(_page_piece(page))
    for report in entry.reports:
        found.extend(_block_pieces(report.model))
    return found


# --- reading Markdown as prose ---------------------------------------------------------------

# Every repeat is bounded, so that no text (content comes from many hands) makes a pattern slow.
_MASKED = [  # what is not prose, blanked out (same length, so offsets still point at the source)
    re.compile(r"`[^`\n]{0,500}`"),  # code
    re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)"),  # images (their descriptions are not prose)
    re.compile(r"\]\([^)\n]{0,2000}\)"),  # a link's address
    re.compile(r"<[^<>\n]{0,2000}>"),  # HTML tags, <autolinks>
    re.compile(r"\bhttps?://\S{1,2000}|\bwww\.\S{1,2000}|[\w.+-]{1,200}@[\w-]{1,200}\.[\w.]{1,50}"),  # addresses
    re.compile(r"\{[#:][^}\n]{0,200}\}"),  # attribute lists {#id}
    re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M),  # list markers
    re.compile(r"^[ \t]{0,3}#{1,6}[ \t]?|[ \t]{1,20}#{1,20}[ \t]{0,20}$", re.M),  # heading markers
    re.compile(r"^[ \t]*>[ \t]?", re.M),  # quotes
    re.compile(r"[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}|\[|\\"),  # emphasis, a link's brackets, escapes
]
_BLOCK_START = re.compile(r"[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#{1,6}[ \t]|>|\|)")


def _masked(text: str) -> str:
    text = _without_fenced_code(text)
    for pattern in _MASKED:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def _without_fenced_code(text: str) -> str:
    """The text with fenced code blocks (``` or ~~~) blanked out, line by line."""
    if "```" not in text and "~~~" not in text:
        return text
    lines, fenced = text.splitlines(keepends=True), None
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        inside = fenced is not None or fence is not None
        if fence and (fenced is None or fence.group(1) == fenced):
            fenced = fence.group(1) if fenced is None else None
        if inside:
            lines[index] = re.sub(r"[^\n]", " ", line)
    return "".join(lines)


def _segments(piece: _Piece) -> Iterator[tuple[int, str]]:
    """The piece's prose in blocks (paragraphs, list items, headings, table cells), each as
    (offset, text) with its line breaks made spaces."""
    if not piece.markdown:
        yield 0, piece.text.replace("\n", " ")
        return
    plain = _masked(piece.text)
    start, offset = None, 0
    for line in piece.text.splitlines(keepends=True):
        end = offset + len(line)
        stripped = line.strip()
        if not stripped or _BLOCK_START.match(line):
            if start is not None:
                yield start, plain[start:offset].replace("\n", " ")
                start = None
            if stripped.startswith("|"):  # a table row: each cell on its own
                cells = offset
                for cell in line.split("|"):
                    yield cells, plain[cells : cells + len(cell)].replace("\n", " ")
                    cells += len(cell) + 1
            elif stripped.startswith("#"):
                yield offset, plain[offset:end].replace("\n", " ")
            elif stripped:
                start = offset
        elif start is None:
            start = offset
        offset = end
    if start is not None:
        yield start, plain[start:].replace("\n", " ")


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    from sentencex import get_sentence_boundaries

    for sentence in get_sentence_boundaries("en", text):
        if not sentence.get("is_paragraph_break"):
            yield sentence["start_index"], sentence["text"]


# --- the checks ---------------------------------------------------------------------------------


def _long_sentences(piece: _Piece) -> Iterator[StyleWarning]:
    for offset, segment in _segments(piece):
        if len(segment.split()) <= MAX_WORDS:
            continue  # (most blocks: no need to split them)
        for start, sentence in _sentences(segment):
            words = _WORD.findall(sentence)
            if len(words) > MAX_WORDS:
                lead = len(sentence) - len(sentence.lstrip())
                opening = " ".join(sentence.split()[:8])
                yield StyleWarning(
                    piece.locate(offset + start + lead),
                    "long-sentence",
                    f"this sentence has {len(words)} words ('{opening}…'): sentences of "
                    f"{MAX_WORDS} words or fewer are easier to read. Split it, or cut words it does not need.",
                )


def _shouted(text: str) -> list[tuple[int, int]]:
    """Spans of three or more words in capitals in a row: text in capitals, not abbreviations."""
    spans, run = [], []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if any(c.isalpha() for c in word) and word.upper() == word:
            run.append(match)
            continue
        if len(run) >= 3:
            spans.append((run[0].start(), run[-1].end()))
        run = []
    if len(run) >= 3:
        spans.append((run[0].start(), run[-1].end()))
    return spans


def acronym_key(term: str) -> str:
    """An abbreviation as the checks compare it: 'COVID-19' is 'COVID', 'GPs' is 'GP'."""
    match = _ACRONYM.search(term)
    return match.group(1) if match else term


@dataclass(frozen=True, order=True)
class _Use:
    order: tuple
    location: Location
    defined: bool


def _acronym_uses(piece: _Piece, rank: dict[str, int]) -> Iterator[tuple[str, _Use]]:
    plain = _masked(piece.text) if piece.markdown else piece.text
    shouted = _shouted(plain)
    for match in _ACRONYM.finditer(plain):
        term = match.group(1)
        if sum(c.isupper() for c in term) < 2 or _ROMAN.fullmatch(term):
            continue
        if any(start <= match.start() < end for start, end in shouted):
            continue
        before = plain[: match.start()].rstrip()
        after = plain[match.end() :]
        defined = (before.endswith("(") and after.lstrip().startswith(")")) or bool(
            re.match(r"\s*\([^)]*[a-z][^)]*\)", after)
        )
        where = piece.locate(match.start())
        yield term, _Use((rank.get(where.file, len(rank)), where.line, where.column), where, defined)


def _acronyms(entry: StrategyEntry, found: list[_Piece], known: set[str]) -> Iterator[StyleWarning]:
    files = [entry.file, *(page.location.file for page in entry.pages), *(report.file for report in entry.reports)]
    rank = {name: index for index, name in enumerate(files)}
    uses: dict[str, list[_Use]] = {}
    for piece in found:
        for term, use in _acronym_uses(piece, rank):
            if term not in known:
                uses.setdefault(term, []).append(use)
    for term, found_uses in uses.items():
        first, *later = sorted(found_uses)
        if first.defined:
            continue
        spelled = next((use for use in later if use.defined), None)
        where = f" It is spelled out later, at {spelled.location}: move that to here, its first use." if spelled else ""
        yield StyleWarning(
            first.location,
            "acronym",
            f"'{term}' is used before it is spelled out. Write it in full the first time, with "
            f"the abbreviation after it in brackets, e.g. 'words in full ({term})'.{where} If "
            "residents know it as well as 'NHS', add it to content/glossary.yaml instead.",
        )


@cache
def _phrase_pattern(phrase: str) -> re.Pattern:
    words = [re.escape(word) for word in re.split(r"[\s-]+", phrase.strip()) if word]
    if len(words) == 1:
        word = words[0]
        stem, endings = (
            (word[:-1], "(?:e|es|ed|ing|ion|ions)") if word.endswith("e") else (word, "(?:s|es|ed|ing|ment|ments)?")
        )
        body = stem + endings
    else:
        body = r"[\s-]+".join(words)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def _avoided(piece: _Piece, glossary: Glossary | None) -> Iterator[StyleWarning]:
    if glossary is None or not glossary.avoid:
        return
    plain = _masked(piece.text) if piece.markdown else piece.text
    for avoided in glossary.avoid:
        for match in _phrase_pattern(avoided.phrase).finditer(plain):
            advice = f" {avoided.instead}" if avoided.instead else " Say what you mean in everyday words."
            yield StyleWarning(
                piece.locate(match.start()),
                "avoid",
                f"'{match.group(0)}' is a word GOV.UK's style guide asks writers to avoid "
                f"(content/glossary.yaml).{advice}",
            )


_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\[\]\n]{0,300})\]\(")
_HTML_LINK = re.compile(r"<a\b[^<>]{0,2000}>([^<]{0,300}(?:<(?!/a\b)[^<>]{0,200}>[^<]{0,300}){0,5})</a\s*>", re.I)


def _link_texts(piece: _Piece) -> Iterator[StyleWarning]:
    if not piece.markdown:
        return
    for pattern in (_MARKDOWN_LINK, _HTML_LINK):
        for match in pattern.finditer(piece.text):
            words = " ".join(re.sub(r"<[^>]*>|[^\w\s'’]", " ", match.group(1)).lower().split())
            if words in _BAD_LINK_TEXT or not words:
                shown = match.group(1).strip() or "(none)"
                yield StyleWarning(
                    piece.locate(match.start()),
                    "link-text",
                    f"the link text '{shown}' does not say where the link goes: use words that do, "
                    "such as the title of the page or document it opens ('the hate crime action plan').",
                )


_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")


def headings(text: str) -> Iterator[tuple[int, int]]:
    """Each heading of Markdown text: (offset, level), outside fenced code."""
    offset, fenced, previous = 0, None, ""
    for line in text.splitlines(keepends=True):
        fence = _FENCE.match(line)
        if fence and (fenced is None or fence.group(1) == fenced):
            fenced = fence.group(1) if fenced is None else None
        elif fenced is None:
            if atx := _ATX.match(line):
                yield offset, len(atx.group(1))
            elif (setext := _SETEXT.match(line)) and previous.strip() and not _BLOCK_START.match(previous):
                yield offset - len(previous), 1 if setext.group(1).startswith("=") else 2
        previous = line if fenced is None else ""
        offset += len(line)


def _heading_levels(page) -> Iterator[StyleWarning]:
    piece = _page_piece(page)
    level = 1  # the page's title
    for offset, found in headings(page.body):
        if found > level + 1:
            yield StyleWarning(
                piece.locate(offset),
                "heading-level",
                f"this heading is level {found} ({'#' * found}) but the heading before it is level "
                f"{level}{' (the page title)' if level == 1 else ''}: make it level {level + 1} "
                f"({'#' * (level + 1)}), so that people using screen readers can follow the page.",
            )
        level = found


def check_style(site: Site, glossary: Glossary | None = None) -> list[StyleWarning]:
    """Every plain-English warning for the site's strategies, in file and line order."""
    known = {acronym_key(item.term) for item in glossary.acronyms} if glossary else set()
    warnings: set[StyleWarning] = set()
    for entry in site.strategies.values():
        found = pieces(entry)
        for piece in found:
            warnings.update(_long_sentences(piece))
            warnings.update(_avoided(piece, glossary))
            warnings.update(_link_texts(piece))
        warnings.update(_acronyms(entry, found, known))
        for page in entry.pages:
            warnings.update(_heading_levels(page))
    return sorted(warnings)


def summary(warnings: list[StyleWarning]) -> str:
    """One line counting the warnings by kind."""
    return warning_summary("Plain English", warnings, KINDS)
