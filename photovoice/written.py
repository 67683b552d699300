"""The files photovoice wrote beside content/ for the team, and whose words each holds.

`photovoice sheet` and `photovoice catalogue` write workbooks, CSV files and PDFs outside
build/, with participants' names, words and consent dates, and no build changes them.
Each is noted in the project's cache folder (.photovoice-cache/written-files, whichever
cache a build uses; in the memory's one record format, records.py) with the participants
it holds, by folder name, so that once one of them withdraws, a build can name the files
that still hold them. A file written again is noted again; a file deleted is forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .records import read_record, write_record

LEDGER_NAME = "written-files"


@dataclass(frozen=True)
class StaleFile:
    """A file photovoice wrote that holds participants no longer published."""

    file: str                       # as the curator finds it: relative to the project
    participants: tuple[str, ...]   # their folders' names


def note_written(content_dir: Path, files: Iterable[Path], participants: Iterable[str]
                 ) -> None:
    """Remember that each of `files` holds the words of `participants` (folder names)."""
    project, cache_root = _places(content_dir)
    ledger = _read(cache_root, project)
    held = sorted(set(participants))
    for file in files:
        ledger[_shown(Path(file), project)] = held
    ledger = {name: held for name, held in ledger.items() if _path(name, project).is_file()}
    cache_root.mkdir(parents=True, exist_ok=True)
    write_record(cache_root / LEDGER_NAME, str(project), {"files": ledger})


def stale_files(content_dir: Path, published: Iterable[str]) -> list[StaleFile]:
    """The files still there that hold a participant not among `published` (folder names):
    withdrawn, or whose folder is gone."""
    project, cache_root = _places(content_dir)
    kept = set(published)
    found = []
    for name, held in sorted(_read(cache_root, project).items()):
        gone = tuple(folder for folder in held if folder not in kept)
        if gone and _path(name, project).is_file():
            found.append(StaleFile(name, gone))
    return found


def _places(content_dir: Path) -> tuple[Path, Path]:
    project = Path(content_dir).resolve().parent
    return project, project / ".photovoice-cache"


def _read(cache_root: Path, project: Path) -> dict[str, list[str]]:
    """The files noted so far; none when there is no record yet or it cannot be read."""
    record = read_record(cache_root / LEDGER_NAME, str(project)) or {}
    files = record.get("files")
    if not isinstance(files, dict):
        return {}
    return {str(name): [str(folder) for folder in held] for name, held in files.items()
            if isinstance(held, list)}


def _shown(path: Path, project: Path) -> str:
    path = path.resolve()
    try:
        return path.relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _path(name: str, project: Path) -> Path:
    return project / name  # an absolute name stays itself
