"""Before `sheet export` or `sheet translations` writes over a file: a curator's or a
translator's work in it is never lost without a word.

A workbook (or XLIFF file) may be replaced when importing it would change nothing: it
says what the content says, so photovoice can write it again. One that holds edits not
yet imported, one that cannot be imported as it is, and a file photovoice does not
recognise as its own are refused, unless the curator asks to replace it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..diagnostics import Severity, said
from .changes import Edits


class UnimportedEdits(Exception):
    """The file a command would write over holds work the content does not have yet."""


def check_replaceable(dest: Path, edits_of: Callable[[Path], Edits]) -> None:
    """Raise UnimportedEdits if replacing `dest` would lose edits not yet imported;
    `edits_of` reads a file of the kind about to be written (workbook_edits...)."""
    dest = Path(dest)
    if not dest.exists():
        return
    if dest.is_dir():
        raise UnimportedEdits(said("{file} is a folder; give a file name", file=dest.as_posix()))
    edits = edits_of(dest)
    shown = dest.as_posix()
    if not edits.known:
        raise UnimportedEdits(said(
            "{file} exists and is not a file photovoice wrote for this: give another file "
            "name, or add --replace to write over it", file=shown))
    if any(problem.severity is Severity.ERROR for problem in edits.problems):
        raise UnimportedEdits(said(
            "{file} holds edits that cannot be imported as they are (photovoice sheet import "
            "{file} says what to fix): fix and import them first, or add --replace to write "
            "over them; they would be lost", file=shown))
    if any(change.changed_columns() for change in edits.changes):
        raise UnimportedEdits(said(
            "{file} holds edits not yet imported into the content (photovoice sheet import "
            "{file} --dry-run lists them): import them first (photovoice sheet import {file}), "
            "or add --replace to write over them; they would be lost", file=shown))
