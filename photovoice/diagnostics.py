"""Problems found in an exhibition's content, reported all at once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable, Protocol, Union


def english_number(value: int | float) -> str:
    """A quantity as English writes it: 3,024 and 1,234.5."""
    return f"{value:,}"


@dataclass(frozen=True)
class Phrase:
    """A message as data: its English template (the catalogue's msgid, with `{name}`
    placeholders) and the values that fill it. `str()` gives the English text; the
    command line gives `translated()` its catalogue's gettext, so the library never
    chooses a language. A value may itself be a Phrase (a photo's problem inside its
    location), translated in turn."""

    template: str
    args: tuple[tuple[str, "PhraseValue"], ...] = ()

    def __str__(self) -> str:
        return self.translated(lambda text: text)

    def translated(self, gettext: Callable[[str], str],
                   number: Callable[[int | float], str] = english_number) -> str:
        """The phrase through a catalogue's `gettext`, each number value written as the
        language writes numbers (`number`: 3024 -> "3,024", in French "3 024"). A number
        in a message is a quantity; an identifier (a line number, a year) is given as text."""
        values = {name: value.translated(gettext, number) if isinstance(value, Phrase)
                  else number(value) if _is_number(value) else value
                  for name, value in self.args}
        return gettext(self.template).format(**values) if values else gettext(self.template)


    def to_data(self) -> dict:
        """The phrase as JSON-ready data, for the memory of earlier builds."""
        return {"template": self.template,
                "args": [[name, value.to_data() if isinstance(value, Phrase) else value]
                         for name, value in self.args]}

    @classmethod
    def from_data(cls, data: dict) -> "Phrase":
        return cls(data["template"], tuple(
            (name, cls.from_data(value) if isinstance(value, dict) else value)
            for name, value in data["args"]))


PhraseValue = Union[str, int, float, Phrase]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def N_(message: str) -> str:
    """Marks a constant message for the catalogues; the command line translates it."""
    return message


def said(template: str, **args: PhraseValue) -> Phrase:
    """A message marked for the catalogues (`scripts/update-messages` extracts `said`)."""
    return Phrase(template, tuple(args.items()))


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located as precisely as the source allows.

    `path` is shown relative to the content folder when possible, `line` is
    1-based (None when the problem is about a file rather than a YAML value),
    and `field` is the dotted path a curator sees in their file
    (`photos[3].alt.fr`).
    """

    path: str
    line: int | None
    field: str
    message: str
    severity: Severity = Severity.ERROR
    # The message as a Phrase, for the command line to translate (None: `message` is
    # itself the template, translated as it stands); `message` is its English text.
    phrase: Phrase | None = dataclasses.field(default=None, compare=False, repr=False)
    # "--strict" or "build.strict" when a warning was promoted to an error.
    promoted_by: str = dataclasses.field(default="", compare=False, repr=False)

    def __lt__(self, other: "Diagnostic") -> bool:
        # A problem about a whole file (no line) sorts before the file's lines.
        return _sort_key(self) < _sort_key(other)

    @classmethod
    def of(cls, path: str, line: int | None, field: str, message: "str | Phrase",
           severity: Severity = Severity.ERROR) -> "Diagnostic":
        """A diagnostic whose message is a text or a Phrase (kept for translation)."""
        if isinstance(message, Phrase):
            return cls(path, line, field, str(message), severity, message)
        return cls(path, line, field, message, severity)

    def __str__(self) -> str:
        return self.shown(lambda text: text)

    def to_data(self) -> dict:
        """The diagnostic as JSON-ready data (its phrase too, to be shown translated)."""
        return {"path": self.path, "line": self.line, "field": self.field,
                "message": self.message, "severity": self.severity.value,
                "phrase": self.phrase.to_data() if self.phrase else None,
                "promoted_by": self.promoted_by}

    @classmethod
    def from_data(cls, data: dict) -> "Diagnostic":
        """What to_data made; raises KeyError or TypeError if it is not such data."""
        phrase = data.get("phrase")
        return cls(data["path"], data["line"], data["field"], data["message"],
                   Severity(data["severity"]), Phrase.from_data(phrase) if phrase else None,
                   data.get("promoted_by", ""))

    def shown(self, gettext: Callable[[str], str],
              number: Callable[[int | float], str] = english_number) -> str:
        """`path:line: field: message`, the message through `gettext` (a catalogue's),
        its numbers written by `number`."""
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        prefix = gettext("warning: ") if self.severity is Severity.WARNING else ""
        field = f" {self.field}:" if self.field else ""
        message = self.phrase.translated(gettext, number) if self.phrase \
            else gettext(self.message)
        if self.promoted_by:
            message += gettext(" (an error with {because})").format(because=self.promoted_by)
        return f"{location}:{field} {prefix}{message}"


class Language(Protocol):
    """The messages of the curator's language, as the command line's Translator gives
    them: what a library part that shows text to the curator itself (the preview's error
    page, in the browser) is handed, so that the library still never chooses a language."""

    lang: str

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, number: int) -> str: ...

    def diagnostic(self, diagnostic: Diagnostic) -> str: ...


class English:
    """The messages as the code writes them: the Language of a run no command chose."""

    lang = "en"

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return singular if number == 1 else plural

    def diagnostic(self, diagnostic: Diagnostic) -> str:
        return str(diagnostic)


class ImageError(Exception):
    """A photo that cannot be published; the message is for curators and has no path.

    Here rather than in images.py, so that the loader can report one without Pillow.
    """


def phrase_of(error: Exception) -> Phrase:
    """An exception's message (an ImageError's, say) as a Phrase the command line translates."""
    message = error.args[0] if error.args else str(error)
    return message if isinstance(message, Phrase) else Phrase(str(message))


def about_file(name: str, problem: "str | Phrase") -> Phrase:
    """`photo.jpg: the file is empty`, the problem translated, the name as it is."""
    return Phrase("{file}: {problem}", (("file", name), ("problem", problem if isinstance(
        problem, Phrase) else Phrase(problem))))


class ContentError(Exception):
    """Raised once, after loading, with every error-level diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=_sort_key)
        count = len(self.errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the content")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


def _sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.path, diagnostic.line or 0, diagnostic.field, diagnostic.message)


def display_path(path: Path, root: Path) -> str:
    """The path a curator would type: relative to the project when inside it."""
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()
