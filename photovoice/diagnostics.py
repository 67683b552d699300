"""Problems found in an exhibition's content, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


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

    def __lt__(self, other: "Diagnostic") -> bool:
        # A problem about a whole file (no line) sorts before the file's lines.
        return _sort_key(self) < _sort_key(other)

    def __str__(self) -> str:
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        field = f" {self.field}:" if self.field else ""
        return f"{location}:{field} {prefix}{self.message}"


class ImageError(Exception):
    """A photo that cannot be published; the message is for curators and has no path.

    Here rather than in images.py, so that the loader can report one without Pillow.
    """


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
