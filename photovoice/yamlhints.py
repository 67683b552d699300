"""What a YAML syntax error means for someone who writes YAML in a text editor.

The parser names what it met ("mapping values are not allowed here"); a curator needs
the mistake and the fix. The common ones: a colon inside a text (French « Note : »), a
tab, an indentation that does not match, a quote never closed, an apostrophe inside
single quotes. Each hint is worked out from the parser's words and the line's text.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from .diagnostics import Phrase, said

# In braces ({en: ..., fr: Le marché : le samedi}): a pair whose text holds ": ".
_FLOW_PAIR = re.compile(
    r"(?P<key>[\w-]+):\s+(?P<value>[^,{}\[\]\"']*?:\s[^,{}\[\]]*?)\s*(?=[,}])")
_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[^\s:#'\"{\[][^:#]*?):\s+(?P<value>.*)$")


class SyntaxHint(NamedTuple):
    line: int | None   # where the curator should look (1-based)
    message: Phrase


def explain(problem: str, context: str | None, lines: list[str], line: int | None,
            context_line: int | None) -> SyntaxHint:
    """The message for a YAML syntax error at `line`, in plain words with the fix."""
    text = lines[line - 1] if line and 0 < line <= len(lines) else ""
    if "'\\t'" in problem or "\t" in text[: len(text) - len(text.lstrip())]:
        return SyntaxHint(line, said("this line is indented with a tab; YAML indents with "
                                     "spaces only: replace the tab with spaces"))
    opened = _unclosed_quote(lines, line or len(lines))
    if opened:
        quote = _value(lines[opened - 1])[0]
        return SyntaxHint(opened, said("the quote ({quote}) opened on this line is never "
                                       "closed: end the text with {quote}", quote=quote))
    fixed = _quoted(text)
    if fixed and problem.startswith(("mapping values are not allowed",
                                     "expected <block end>, but found '<scalar>'")):
        if _value(text).startswith("'"):
            return SyntaxHint(line, said("an apostrophe inside a text in single quotes ends "
                                         "it; write it in double quotes: {fixed}",
                                         fixed=fixed.strip()))
        return SyntaxHint(line, said("a text that contains a colon followed by a space must "
                                     "be in quotes; write it in double quotes: {fixed}",
                                     fixed=fixed.strip()))
    pair = _FLOW_PAIR.search(text.partition("{")[2]) if "{" in text else None
    if pair and problem.startswith("expected ',' or '}', but got ':'"):
        fixed = f"{pair.group('key')}: {json.dumps(pair.group('value'), ensure_ascii=False)}"
        return SyntaxHint(line, said("a text that contains a colon followed by a space must "
                                     "be in quotes; write it in double quotes: {fixed}",
                                     fixed=fixed))
    if problem.startswith(("mapping values are not allowed", "expected <block end>",
                           "did not find expected key", "expected <block mapping start>")):
        return SyntaxHint(line, said("this line's indentation does not match the lines "
                                     "above: fields of the same level start in the same "
                                     "column, and the fields inside another (such as en: and "
                                     "fr:) two spaces further in; count the spaces"))
    return SyntaxHint(line, Phrase(problem))  # the parser's own words: not in a catalogue


def _value(text: str) -> str:
    match = _KEY_VALUE.match(text)
    return match.group("value").strip() if match else ""


def _quoted(text: str) -> str | None:
    """The line with its value in double quotes, when the value is a text that needs them:
    one with ': ' inside, or one in single quotes with an apostrophe inside."""
    match = _KEY_VALUE.match(text.rstrip())
    if not match:
        return None
    value = match.group("value")
    comment = value.find(" #")
    if comment >= 0:
        value = value[:comment]
    value = value.strip()
    if value.startswith("'") and "'" in value[1:-1]:
        value = value[1:-1] if value.endswith("'") else value[1:]
    elif ": " not in value and not value.endswith(":"):
        return None
    if value.startswith(('"', "{", "[", "|", ">")):
        return None
    quoted = json.dumps(value, ensure_ascii=False)
    return f"{match.group('indent')}{match.group('key')}: {quoted}"


def _unclosed_quote(lines: list[str], last: int) -> int | None:
    """The first line up to `last` whose value opens a quote it does not close.

    A quoted text may go on over several lines in YAML, so a missing closing quote is
    met lines later, at the next quote mark, as an error there.
    """
    for number, text in enumerate(lines[:last], start=1):
        value = _value(text)
        if value[:1] == '"':
            closing = re.search(r'(?<!\\)"', value[1:])
            if closing is None:
                return number
        elif value[:1] == "'" and "'" not in value[1:]:
            return number
    return None
