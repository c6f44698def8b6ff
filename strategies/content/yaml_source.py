"""Read YAML so that every value remembers where it came from.

Officers need errors that name a file and line. PyYAML's safe loader is extended so that
mappings and lists carry the line and column of each key and value, duplicate keys are an
error (not a silent overwrite), anchors/aliases are refused (they enable "billion laughs"
bombs and no strategy needs them), and dates stay as the text the officer wrote.
"""

from __future__ import annotations

import re
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .files import UnreadableFile, read_bytes
from .problems import Location, Problem


class _Placed:
    """Where a YAML value and the values inside it were written, kept packed.

    A large site has half a million values and reports few of them: each position becomes a
    :class:`Location` only when asked for. Packed (a few objects per mapping or list, not a few
    per value), a parsed file is also quick to pass between processes, so that worker processes
    can read files while this one checks others (loader.py).
    """

    # _placed and _made are each subclass's slots: a dict's or list's subclass cannot take a
    # base class's slots (their layouts conflict), hence the ignores where they are set here.
    __slots__ = ()
    _placed: tuple  # (name, line offset, packed marks, styles, keys)
    _made: dict  # what _remembered has made, by attribute

    def _place(self, name: str, line_offset: int, marks: list[int], styles: str, keys=None) -> None:
        # marks: line and column (from 0) of the value, then of each item (lists) or of each
        # key and its value (mappings); styles: a character per item or value (' ' for none);
        # keys: a mapping's keys as read (the loader may remove some, see loader._repair).
        self._placed = (name, line_offset, array("i", marks).tobytes(), styles, keys)  # type: ignore[misc]

    def _locations(self, start: int, step: int = 0) -> list[Location]:
        """The locations whose line is mark ``start``, then every ``step``-th mark (or only
        that one)."""
        name, offset, packed, _, _ = self._placed
        marks = memoryview(packed).cast("i")
        indexes = range(start, len(marks), step) if step else (start,)
        return [Location(name, marks[index] + 1 + offset, marks[index + 1] + 1) for index in indexes]

    def _styles(self) -> list:
        return [None if style == " " else style for style in self._placed[3]]

    def _remembered(self, attribute: str, make):
        # Made once and kept, as the loader may change what it is given (loader._repair).
        made = getattr(self, "_made", None)
        if made is None:
            made = self._made = {}  # type: ignore[misc]
        if attribute not in made:
            made[attribute] = make()
        return made[attribute]

    @property
    def location(self) -> Location:
        return self._remembered("location", lambda: self._locations(0)[0])


class SourceMap(_Placed, dict):
    """A YAML mapping that knows where it and each of its keys and values are."""

    __slots__ = ("_placed", "_made")

    @property
    def key_locations(self) -> dict:
        return self._remembered("keys", lambda: dict(zip(self._placed[4], self._locations(2, 4))))

    @property
    def value_locations(self) -> dict:
        return self._remembered("values", lambda: dict(zip(self._placed[4], self._locations(4, 4))))

    def value_location(self, key: str, default: Location | None = None) -> Location | None:
        """``value_locations.get(key, default)``, without making the whole mapping's."""
        made = getattr(self, "_made", None)
        if made is not None and "values" in made:
            return made["values"].get(key, default)
        keys = self._placed[4]
        return self._locations(4 + 4 * keys.index(key))[0] if key in keys else default

    @property
    def value_styles(self) -> dict:
        """'|', '>', '"', "'" or None for each scalar value."""
        return self._remembered("styles", lambda: dict(zip(self._placed[4], self._styles())))


class SourceList(_Placed, list):
    """A YAML sequence that knows where it and each of its items are."""

    __slots__ = ("_placed", "_made")

    @property
    def item_locations(self) -> list:
        return self._remembered("items", lambda: self._locations(2, 2))

    @property
    def item_styles(self) -> list:
        return self._remembered("styles", self._styles)


class YAMLProblem(Exception):
    """A YAML file that cannot be read; carries the problem with its location."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _without_timestamps(resolvers: dict) -> dict:
    # Keep "2021-10-14" as text: the model parses partial dates (2021, 2021-07) uniformly.
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in resolvers.items()
    }


# LibYAML's C parser scans and parses (most of the time: about ten times faster than PyYAML's
# Python parser on a large strategy); composing stays in Python, so that tags, anchors and
# aliases are refused at their line. PyYAML's pure-Python parser is the fallback.
_Parser: type | None
try:
    from yaml._yaml import CParser as _Parser  # what yaml.cyaml's loaders parse with
except ImportError:  # PyYAML built without LibYAML
    _Parser = None


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _Builder(yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """Builds SourceMap/SourceList values straight from parser events, in one pass."""

    yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)
    # A plain value whose first character starts no implicit type (number, true, null…) is
    # text: most values are, and they skip the resolver's regular expressions.
    _TEXT_ONLY_START = None not in yaml_implicit_resolvers
    _TYPED_STARTS = frozenset(yaml_implicit_resolvers)

    if TYPE_CHECKING:  # given by the parser class each loader adds (_loader)
        parser_class: type[Any]

        def get_event(self) -> Any: ...
        def check_event(self, *choices: type) -> bool: ...

    def __init__(self, stream, name: str, line_offset: int = 0):
        self.parser_class.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.display_name = name
        self.line_offset = line_offset
        self.mark = None

    def _loc(self, mark) -> Location:
        return Location(self.display_name, mark.line + 1 + self.line_offset, mark.column + 1)

    def get_single_data(self):
        """The one document in the stream (None if empty), as plain values with locations."""
        self.get_event()  # stream start
        data = None
        if not self.check_event(yaml.StreamEndEvent):
            self.get_event()  # document start
            data, _ = self._value()
            self.get_event()  # document end
        if not self.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                self.get_event().start_mark,
            )
        self.get_event()
        return data

    def _value(self):
        """Read one value; return it with its event (for its location and style)."""
        event = self.get_event()
        self.mark = event.start_mark  # for errors raised while building the value
        kind = type(event)
        if kind is yaml.AliasEvent:
            raise YAMLProblem(
                Problem(
                    self._loc(event.start_mark),
                    "YAML aliases (*name) are not allowed in content: write the value out in full.",
                )
            )
        if event.tag not in (None, "!"):
            raise YAMLProblem(
                Problem(
                    self._loc(event.start_mark),
                    f"YAML tags such as '{event.tag}' are not allowed in content: write the value "
                    "plainly (put text in quotes).",
                )
            )
        if event.anchor:
            raise YAMLProblem(
                Problem(
                    self._loc(event.start_mark),
                    "YAML anchors (&name) are not allowed in content: write each value out in full.",
                )
            )
        if kind is yaml.ScalarEvent:
            return self._scalar(event), event
        if kind is yaml.SequenceStartEvent:
            return self._sequence(event), event
        return self._mapping(event), event

    def _scalar(self, event):
        value = event.value
        if event.style:  # quoted or block text: always a string (plain is None, or "" from LibYAML)
            return value
        if value and self._TEXT_ONLY_START and value[0] not in self._TYPED_STARTS:
            return value
        tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return self.yaml_constructors.get(tag, self.yaml_constructors[None])(self, node)

    def _sequence(self, start) -> SourceList:
        result = SourceList()
        marks = [start.start_mark.line, start.start_mark.column]
        styles = []
        while not self.check_event(yaml.SequenceEndEvent):
            value, event = self._value()
            result.append(value)
            mark = event.start_mark
            marks.append(mark.line)
            marks.append(mark.column)
            styles.append(getattr(event, "style", None) or " ")
        self.get_event()
        result._place(self.display_name, self.line_offset, marks, "".join(styles))
        return result

    def _mapping(self, start) -> SourceMap:
        result = SourceMap()
        marks = [start.start_mark.line, start.start_mark.column]
        styles = []
        while not self.check_event(yaml.MappingEndEvent):
            key, key_event = self._value()
            key_mark = key_event.start_mark
            if type(key_event) is yaml.ScalarEvent and key_event.value == "<<" and not key_event.style:
                raise YAMLProblem(
                    Problem(
                        self._loc(key_mark),
                        "YAML merge keys (<<) are not allowed in content: write the fields out in full.",
                    )
                )
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YAMLProblem(Problem(self._loc(key_mark), "a field name must be plain text, such as 'title'."))
            key = str(key)
            if key in result:
                first = marks[2 + 4 * list(result).index(key)] + 1 + self.line_offset
                raise YAMLProblem(
                    Problem(
                        self._loc(key_mark),
                        f"'{key}' appears twice in the same block (first at line {first}): "
                        "keep one and delete the other.",
                    )
                )
            value, value_event = self._value()
            result[key] = value
            value_mark = value_event.start_mark
            marks += (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
            styles.append(getattr(value_event, "style", None) or " ")
        self.get_event()
        result._place(self.display_name, self.line_offset, marks, "".join(styles), tuple(result))
        return result


def _loader(parser_class) -> type:
    return type(f"_Loader{parser_class.__name__}", (_Builder, parser_class), {"parser_class": parser_class})


PYTHON_LOADER = _loader(_PythonParser)
LOADER = _loader(_Parser) if _Parser is not None else PYTHON_LOADER


def _syntax_message(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"this is not valid YAML ({problem}"
    text += f", {context})." if context else ")."
    if "\\t" in problem or "tab" in problem.lower():
        return text + " Indent with spaces, not tabs."
    if "mapping values are not allowed" in problem:
        return text + " If a value contains ': ', put the whole value in quotes."
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return text + " Check the indentation of this line against the lines above it."
    return text + " Check the indentation, and quote values that contain ':' or '#'."


def read_text(path: Path, name: str) -> str:
    """Read a UTF-8 content file (an ordinary file, within the size limit: see files.py),
    naming the file if it is in another encoding, too large or not a file at all."""
    try:
        raw = read_bytes(path, name)
    except UnreadableFile as error:
        raise YAMLProblem(error.problem) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YAMLProblem(
            Problem(
                Location(name, line, 1),
                "this file is not UTF-8 text. Save it as UTF-8 (in most editors: 'Save with encoding').",
            )
        ) from None


def load_yaml(path: Path, name: str):
    """Load one YAML file into SourceMap/SourceList values; raise YAMLProblem if unreadable."""
    text = read_text(path, name)
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str, line_offset: int = 0):
    """Parse YAML text; ``line_offset`` shifts reported lines (for front matter)."""
    try:
        loader = LOADER(text, name, line_offset)
    except yaml.reader.ReaderError as error:
        raise YAMLProblem(_control_character(text, error, name, line_offset)) from None
    try:
        return loader.get_single_data()
    except yaml.reader.ReaderError as error:
        raise YAMLProblem(_control_character(text, error, name, line_offset)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # An unclosed bracket or quote is only noticed at the end of the file: point at
        # where it was opened, which is where the officer needs to look.
        if error.context_mark and error.problem_mark and re.search(r"stream end|end of stream", error.problem or ""):
            mark = error.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        raise YAMLProblem(Problem(Location(name, line, column), _syntax_message(error))) from None
    except yaml.YAMLError as error:
        raise YAMLProblem(Problem(Location(name, 1 + line_offset, 1), _syntax_message(error))) from None
    except RecursionError:
        raise YAMLProblem(
            Problem(
                Location(name, 1 + line_offset, 1),
                # Aliases are refused, so only a file of hundreds of nested lists or blocks gets here.
                "this file is nested too deeply to read: it has hundreds of lists or blocks inside one "
                "another, where content needs a few (items inside items). Look for a run of '[' or '{' that "
                "is never closed, or for lines indented further and further, and correct it.",
            )
        ) from None
    except (ValueError, KeyError, OverflowError) as error:
        # PyYAML's own constructors fail this way on values such as 0b_ or a 5,000-digit number.
        mark = loader.mark
        raise YAMLProblem(
            Problem(
                Location(name, mark.line + 1 + line_offset, 1),
                f"a value near here cannot be read ({str(error)[:120]}): put it in quotes if it is text.",
            )
        ) from None
    finally:
        loader.dispose()


def _control_character(text: str, error, name: str, line_offset: int) -> Problem:
    position = getattr(error, "position", 0) or 0
    line = text.count("\n", 0, position) + 1 + line_offset
    code = getattr(error, "character", None)
    shown = f" (code {ord(code):#04x})" if isinstance(code, str) and code else ""
    return Problem(
        Location(name, line, 1),
        f"this line contains a control character{shown} that content files cannot hold: "
        "delete it (it often comes from copying text out of a PDF).",
    )
