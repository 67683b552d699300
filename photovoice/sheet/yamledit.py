"""A change written into a YAML file that keeps everything else of it.

ruamel.yaml's round trip keeps comments, key order, quoting, flow or block style and the
line breaks of folded texts; only the values the sheet changed are new. A new value keeps
the style of the one it replaces: a folded text stays folded (broken at 88 columns), a
text with line breaks becomes a literal block, and a value the loader (YAML 1.1) would
read as something else than text (no, on, 1.0, 2024-05-01) is quoted.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any, Sequence

LINE_WIDTH = 88


def load_document(text: str):
    """(document, YAML object to dump it with the file's own indentation).

    The project's files indent by two, list dashes included (`  - file:`); a file
    indented otherwise is dumped with the indentation ruamel.yaml guesses for it, if
    that gives the file back as it was.
    """
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = _yaml(2, 4, 2)
    document = yaml.load(text)
    if dump_document(document, yaml) != text:
        _, indent, offset = load_yaml_guess_indent(text)
        guessed = _yaml(indent or 2, indent or 2, offset or 0)
        if dump_document(document, guessed) == text:
            return document, guessed
    return document, yaml


def _yaml(mapping: int, sequence: int, offset: int):
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the curator wrote
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dump_document(document: Any, yaml) -> str:
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def mapping_at(document: Any, path: Sequence[Any]):
    node = document
    for step in path:
        node = node[step]
    return node


def set_value(mapping, key: str, value: Any, order: Sequence[str], depth: int) -> None:
    """mapping[key] = value in the old value's style; a new key goes in `order`'s place."""
    if value is None or value == "" or value == []:
        if key in mapping:
            del mapping[key]
        return
    old = mapping.get(key)
    new = styled(value, old, depth)
    if key in mapping:
        mapping[key] = new
        return
    mapping.insert(_position(mapping, key, order), key, new)


def set_translations(mapping, key: str, texts: dict[str, str], languages: Sequence[str],
                     order: Sequence[str], depth: int) -> None:
    """A text per language: edited in place when it is already a mapping."""
    from ruamel.yaml.comments import CommentedMap

    texts = {lang: text for lang, text in texts.items() if text}
    old = mapping.get(key)
    if not texts:
        set_value(mapping, key, None, order, depth)
        return
    if isinstance(old, dict):
        for lang in list(old):
            if lang in languages and lang not in texts:
                del old[lang]
        for lang in languages:
            if lang in texts:
                set_value(old, lang, texts[lang], languages, depth + 1)
        return
    new = CommentedMap()
    for lang in languages:
        if lang in texts:
            new[lang] = styled(texts[lang], old, depth + 1)
    if all(len(text) < 40 and "\n" not in text for text in texts.values()):
        new.fa.set_flow_style()
    set_value(mapping, key, new, order, depth)


def set_list(mapping, key: str, items: list[str], order: Sequence[str], depth: int) -> None:
    from ruamel.yaml.comments import CommentedSeq

    old = mapping.get(key)
    if not items:
        set_value(mapping, key, None, order, depth)
    elif isinstance(old, list):
        old[:] = [styled(item, None, depth) for item in items]
    else:
        new = CommentedSeq(styled(item, None, depth) for item in items)
        new.fa.set_flow_style()
        set_value(mapping, key, new, order, depth)


def _position(mapping, key: str, order: Sequence[str]) -> int:
    """After the last key that comes before `key` in the loader's order."""
    rank = {name: index for index, name in enumerate(order)}
    mine = rank.get(key, len(order))
    position = 0
    for index, existing in enumerate(mapping):
        if rank.get(existing, len(order)) <= mine:
            position = index + 1
    return position


def styled(value: Any, old: Any, depth: int) -> Any:
    """`value` in the style of `old`; text that YAML 1.1 would read otherwise, quoted."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
        SingleQuotedScalarString,
    )

    if not isinstance(value, str):
        return value
    if isinstance(old, str) and old.strip() == value:
        return old  # the same text: its line breaks and quotes stay as they are
    if "\n" in value:
        return LiteralScalarString(value)
    if isinstance(old, FoldedScalarString) or (isinstance(old, LiteralScalarString)
                                               or len(value) > LINE_WIDTH - 2 * depth - 10):
        if value == value.strip() and "  " not in value:
            return _folded(value, LINE_WIDTH - 2 * (depth + 1))
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    if isinstance(old, DoubleQuotedScalarString) or not _plain_is_text(value):
        return DoubleQuotedScalarString(value)
    return value


def _folded(text: str, width: int):
    from ruamel.yaml.scalarstring import FoldedScalarString

    folded = FoldedScalarString(text)
    lines = textwrap.wrap(text, max(width, 40), break_long_words=False, break_on_hyphens=False)
    positions, offset = [], 0
    for line in lines[:-1]:
        offset += len(line)
        positions.append(offset)
        offset += 1
    folded.fold_pos = positions
    return folded


def _plain_is_text(value: str) -> bool:
    """Whether the loader (PyYAML, YAML 1.1) reads `value` unquoted as the same text."""
    import yaml

    resolver = yaml.resolver.Resolver()
    tag = resolver.resolve(yaml.ScalarNode, value, (True, False))
    return tag == "tag:yaml.org,2002:str"
