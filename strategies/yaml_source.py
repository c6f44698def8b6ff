"""Read YAML so that every value remembers where it came from.

Officers need errors that name a file and line. PyYAML's safe loader is extended so that
mappings and lists carry the line and column of each key and value, duplicate keys are an
error (not a silent overwrite), anchors/aliases are refused (they enable "billion laughs"
bombs and no strategy needs them), and dates stay as the text the officer wrote.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .problems import Location, Problem


class SourceMap(dict):
    """A YAML mapping that knows where it and each of its keys and values are."""

    location: Location
    key_locations: dict
    value_locations: dict
    value_styles: dict  # '|', '>', '"', "'" or None for each scalar value


class SourceList(list):
    """A YAML sequence that knows where it and each of its items are."""

    location: Location
    item_locations: list
    item_styles: list


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


class _Loader(yaml.SafeLoader):
    yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)

    def __init__(self, stream, name: str, line_offset: int = 0):
        super().__init__(stream)
        self.display_name = name
        self.line_offset = line_offset

    def _loc(self, mark) -> Location:
        return Location(self.display_name, mark.line + 1 + self.line_offset, mark.column + 1)

    def compose_node(self, parent, index):
        if self.check_event(yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):
            event = self.peek_event()
            if event.tag not in (None, "!"):
                raise YAMLProblem(Problem(
                    self._loc(event.start_mark),
                    f"YAML tags such as '{event.tag}' are not allowed in content: write the value "
                    "plainly (put text in quotes).",
                ))
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YAMLProblem(Problem(
                self._loc(event.start_mark),
                "YAML aliases (*name) are not allowed in content: write the value out in full.",
            ))
        if self.check_event(yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):
            event = self.peek_event()
            if getattr(event, "anchor", None):
                raise YAMLProblem(Problem(
                    self._loc(event.start_mark),
                    "YAML anchors (&name) are not allowed in content: write each value out in full.",
                ))
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        result = SourceMap()
        result.location = self._loc(node.start_mark)
        result.key_locations = {}
        result.value_locations = {}
        result.value_styles = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YAMLProblem(Problem(
                    self._loc(key_node.start_mark),
                    "YAML merge keys (<<) are not allowed in content: write the fields out in full.",
                ))
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YAMLProblem(Problem(
                    self._loc(key_node.start_mark),
                    "a field name must be plain text, such as 'title'.",
                ))
            key = str(key)
            if key in result:
                first = result.key_locations[key]
                raise YAMLProblem(Problem(
                    self._loc(key_node.start_mark),
                    f"'{key}' appears twice in the same block (first at line {first.line}): "
                    "keep one and delete the other.",
                ))
            result[key] = self.construct_object(value_node, deep=True)
            result.key_locations[key] = self._loc(key_node.start_mark)
            result.value_locations[key] = self._loc(value_node.start_mark)
            result.value_styles[key] = getattr(value_node, "style", None)
        return result

    def construct_sequence(self, node, deep=False):
        result = SourceList(self.construct_object(child, deep=True) for child in node.value)
        result.location = self._loc(node.start_mark)
        result.item_locations = [self._loc(child.start_mark) for child in node.value]
        result.item_styles = [getattr(child, "style", None) for child in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


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


MAX_FILE_BYTES = 2 * 1024 * 1024


def read_text(path: Path, name: str) -> str:
    """Read a UTF-8 content file, naming the file if it is in another encoding or too large."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YAMLProblem(Problem(
            Location(name, 1, 1),
            f"this file is {size / 1024 / 1024:.1f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB "
            "a content file may be: split it, or move long text into pages/.",
        ))
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YAMLProblem(Problem(
            Location(name, line, 1),
            "this file is not UTF-8 text. Save it as UTF-8 (in most editors: 'Save with encoding').",
        )) from None


def load_yaml(path: Path, name: str):
    """Load one YAML file into SourceMap/SourceList values; raise YAMLProblem if unreadable."""
    text = read_text(path, name)
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str, line_offset: int = 0):
    """Parse YAML text; ``line_offset`` shifts reported lines (for front matter)."""
    try:
        loader = _Loader(text, name, line_offset)
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
        raise YAMLProblem(Problem(
            Location(name, 1 + line_offset, 1), "this file is nested too deeply to read."
        )) from None
    except (ValueError, KeyError, OverflowError) as error:
        # PyYAML's own constructors fail this way on values such as 0b_ or a 5,000-digit number.
        mark = loader.get_mark()
        raise YAMLProblem(Problem(
            Location(name, mark.line + 1 + line_offset, 1),
            f"a value near here cannot be read ({str(error)[:120]}): put it in quotes if it is text.",
        )) from None
    finally:
        loader.dispose()


def _control_character(text: str, error, name: str, line_offset: int) -> Problem:
    position = getattr(error, "position", 0) or 0
    line = text.count("\n", 0, position) + 1 + line_offset
    code = getattr(error, "character", None)
    shown = f" (code {ord(code):#04x})" if isinstance(code, str) and code else ""
    return Problem(Location(name, line, 1),
                   f"this line contains a control character{shown} that content files cannot hold: "
                   "delete it (it often comes from copying text out of a PDF).")
