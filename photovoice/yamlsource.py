"""YAML that remembers where each value came from.

`load` (and `render`, for a theme's strings files) uses this module: it parses a
file into dicts and lists that carry the line of every key and item, and offers
typed readers that turn a wrong value into a `Diagnostic` (file, line, field)
instead of an exception.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from .diagnostics import Diagnostic, Phrase, Severity, said
from .yamlhints import explain

_KIND_NAMES = {
    str: said("text"),
    bool: said("true/false"),
    int: said("a number"),
    float: said("a number"),
    list: said("a list"),
    dict: said("a mapping (key: value pairs)"),
    type(None): said("nothing (an empty value)"),
}


class LinedMapping(dict):
    """A YAML mapping with the line of the mapping and of each value."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}
        self.key_lines: dict[Any, int] = {}
        self.key_texts: dict[Any, str] = {}  # each key as written: ON for the key True
        self.boolean_texts: dict[Any, str] = {}  # each yes/no value as written: ON for True
        self.duplicates: list[tuple[Any, int]] = []


class LinedList(list):
    """A YAML sequence with the line of the sequence and of each item."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []


# Content files are data a curator types: a few levels deep, a few hundred kilobytes.
# Deeper nesting is refused before libyaml composes it (its composer recurses in C, and
# a 100,000-deep file crashes the interpreter), and so is a file far too large to be one.
MAX_DEPTH = 20
MAX_FILE_CHARS = 5_000_000
_BLOCK_INDENT = re.compile(r"^[ \t\-?:]*", re.MULTILINE)


class RepeatedNode(yaml.constructor.ConstructorError):
    """An alias (*name) met while constructing: the value of an anchor used again."""


# libyaml's parser when PyYAML was built with it: parsing is most of reading a
# participant.yaml, and the C parser does it much faster than the Python one.
class _LinedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# Events only, no composing: libyaml's parser keeps its own stack, any depth is safe.
_ScanningLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# The pure-Python parser explains a syntax error better ("expected ',' or ']', but got
# ':'"); a file that fails is parsed again with it, for the message.
class _ExplainingLoader(yaml.SafeLoader):
    pass


def _construct_once(loader, node, deep: bool = False):
    """construct_object, refusing a node met twice: an alias of an anchor.

    Aliases let 750 bytes stand for gigabytes ("billion laughs"); a curator's file
    never needs them, so the first one stops the reading.
    """
    if node in loader.constructed_objects:
        raise RepeatedNode(None, None, "", node.start_mark)
    return yaml.constructor.BaseConstructor.construct_object(loader, node, deep=deep)


def _construct_mapping(loader: _LinedLoader, node: yaml.MappingNode):
    mapping = LinedMapping()
    mapping.line = node.start_mark.line + 1
    yield mapping
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # <<: *name, an alias by another name
            raise RepeatedNode(None, None, "", key_node.start_mark)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        if key in mapping:
            mapping.duplicates.append((key, key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
        if isinstance(mapping[key], bool):
            mapping.boolean_texts[key] = str(value_node.value)
        mapping.lines[key] = value_node.start_mark.line + 1
        mapping.key_lines[key] = key_node.start_mark.line + 1
        mapping.key_texts[key] = str(key_node.value)


def _construct_sequence(loader: _LinedLoader, node: yaml.SequenceNode):
    sequence = LinedList()
    sequence.line = node.start_mark.line + 1
    yield sequence
    for item_node in node.value:
        sequence.append(loader.construct_object(item_node, deep=True))
        sequence.lines.append(item_node.start_mark.line + 1)


def _construct_timestamp_as_text(loader: _LinedLoader, node: yaml.ScalarNode) -> str:
    # A bare date in a caption must stay the text the curator wrote.
    return loader.construct_scalar(node)


for _loader in (_LinedLoader, _ExplainingLoader):
    _loader.construct_object = _construct_once
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def boolean_hint(what: str = "text") -> Phrase:
    """Why a bare ON became true/false: `province: ON` or `lang: no` in YAML 1.1."""
    return said(" (YAML reads yes, no, on and off as true/false: put the {what} in quotes)",
                what=said(what))


def kind_name(value: Any) -> "Phrase | str":
    for kind, name in _KIND_NAMES.items():
        if type(value) is kind or (kind in (list, dict) and isinstance(value, kind)):
            return name
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> "Phrase | str":
    """' (did you mean 'x'?)' when a close choice exists."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return said(" (did you mean '{word}'?)", word=close[0]) if close else ""


def _too_deep(text: str) -> int | None:
    """The line where nesting passes MAX_DEPTH, or None.

    Nesting grows only with indentation (and "- " markers) or brackets, so a text whose
    deepest indentation plus brackets stays under the limit needs no closer look.
    """
    bound = max(map(len, _BLOCK_INDENT.findall(text)), default=0)
    bound += text.count("[") + text.count("{")
    if bound <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_ScanningLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: the reading reports it
    return None


def _first_alias_line(text: str, error: yaml.MarkedYAMLError) -> int:
    """The line of the first alias (*name) or merge (<<), else of the anchor reused."""
    try:
        for event in yaml.parse(text, Loader=_ScanningLoader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return error.problem_mark.line + 1


class Source:
    """One YAML file being read: its parsed data and the diagnostics found in it."""

    def __init__(self, path: Path, shown_as: str, text: str | None = None):
        """`text`: the file's would-be content, read instead of the file when given."""
        self.path = path
        self.shown_as = shown_as
        self.text = text
        self.diagnostics: list[Diagnostic] = []

    def report(self, line: int | None, field: str, message: str | Phrase,
               severity: Severity = Severity.ERROR) -> None:
        self.diagnostics.append(Diagnostic.of(self.shown_as, line, field, message, severity))

    def parse(self) -> Any:
        """The document's data, or None after reporting why it could not be read."""
        try:
            text = self.path.read_text(encoding="utf-8") if self.text is None else self.text
        except UnicodeDecodeError as error:
            self.report(None, "", said("is not UTF-8 text (byte {byte}); save it as UTF-8",
                                       byte=str(error.start)))
            return None
        except OSError as error:
            self.report(None, "", said("cannot be read: {reason}", reason=error.strerror))
            return None
        if len(text) > MAX_FILE_CHARS:
            self.report(None, "", said("is {length} characters long; a content file may hold "
                                       "at most {limit}", length=len(text),
                                       limit=MAX_FILE_CHARS))
            return None
        too_deep = _too_deep(text)
        if too_deep is not None:
            self.report(too_deep, "", said("YAML nested more than {depth} levels deep; "
                                           "content files need only a few", depth=MAX_DEPTH))
            return None
        try:
            try:
                data = yaml.load(text, Loader=_LinedLoader)
            except RepeatedNode:
                raise
            except yaml.YAMLError:
                data = yaml.load(text, Loader=_ExplainingLoader)
        except RepeatedNode as error:
            self.report(_first_alias_line(text, error), "",
                        "YAML anchors and aliases (&name, *name, <<) are not accepted: "
                        "write each value out in full")
            return None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            hint = explain(error.problem or error.context or "invalid YAML", error.context,
                           text.splitlines(), mark.line + 1 if mark else None,
                           error.context_mark.line + 1 if error.context_mark else None)
            self.report(hint.line, "", said("YAML syntax error: {hint}", hint=hint.message))
            return None
        except yaml.YAMLError as error:
            self.report(None, "", said("YAML syntax error: {hint}", hint=str(error)))
            return None
        return data

    def check_mapping(self, data: Any, field: str, line: int | None,
                      allowed: Iterable[str]) -> LinedMapping | None:
        """`data` if it is a mapping (reporting unknown and repeated keys), else None."""
        if not isinstance(data, LinedMapping):
            self.report(line, field or "(document)",
                        said("expected a mapping (key: value pairs), got {kind}",
                             kind=kind_name(data)))
            return None
        allowed = list(allowed)
        prefix = f"{field}." if field else ""
        for key, key_line in data.duplicates:
            self.report(key_line, f"{prefix}{key}", "appears twice; the later value would win")
        for key in data:
            if key not in allowed:
                self.report(data.key_lines.get(key, data.lines.get(key)), f"{prefix}{key}",
                            said("unknown field{suggestion}; expected one of: {fields}",
                                 suggestion=suggest(key, allowed), fields=", ".join(allowed)))
        return data

    def require(self, mapping: LinedMapping, key: str, field: str) -> bool:
        if key in mapping and mapping[key] is not None:
            return True
        self.report(mapping.line, field, "is required")
        return False

    def typed(self, mapping: LinedMapping, key: str, field: str, kinds: tuple[type, ...],
              expected: str, check: Callable[[Any], str | Phrase | None] | None = None,
              words_as_text: bool = False) -> Any:
        """The value at `key` if it has one of `kinds` and passes `check`, else None.

        `words_as_text`: a bare yes/no/on/off that YAML 1.1 read as true/false is taken as
        the word written (`province: ON`), for a field whose only meaning is text."""
        value = mapping.get(key)
        if value is None:
            return None
        if words_as_text and isinstance(value, bool) and key in mapping.boolean_texts:
            value = mapping.boolean_texts[key]
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            written = mapping.boolean_texts.get(key) if str in kinds else None
            if written:  # province: ON, which YAML 1.1 reads as yes
                self.report(mapping.lines.get(key), field, said(
                    'expected {expected}, but YAML reads {text} without quotes as yes or no: '
                    'write "{text}", in quotes', expected=said(expected), text=written))
            else:
                self.report(mapping.lines.get(key), field,
                            said("expected {expected}, got {kind}", expected=said(expected),
                                 kind=kind_name(value)))
            return None
        problem = check(value) if check else None
        if problem:
            self.report(mapping.lines.get(key), field, problem)
            return None
        return value
