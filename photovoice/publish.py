"""Copying a finished site to a folder or a mounted drive: a USB stick, a university share.

The copy is made beside the destination under a temporary name and swapped in only when
it is whole, so the destination holds the previous site or the new one, never half of
either; files the new site no longer has (a withdrawn photo) go with the old copy.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Phrase, said
from .write import MARKER


class PublishError(Exception):
    """A copy `photovoice publish` refused or could not finish; the message is for curators."""


@dataclass(frozen=True)
class PublishReport:
    destination: Path
    files: int
    size: int           # bytes
    replaced: bool      # a previous copy of the site was there


def publish_site(site_dir: Path, destination: Path, content_dir: Path | None = None
                 ) -> PublishReport:
    """Copy the built site `site_dir` to `destination`, replacing a previous copy whole."""
    site, dest = Path(site_dir).resolve(), Path(destination).resolve()
    _check_site(site, Path(site_dir))
    _check_destination(site, dest, Path(destination),
                       Path(content_dir).resolve() if content_dir else None)
    files, size = _measure(site)
    _check_space(dest.parent, size, Path(destination))
    _remove_leftovers(dest)
    copy = dest.parent / f".{dest.name}.publishing-{os.getpid()}"
    try:
        _copy_tree(site, copy)
        _flush()
        replaced = _swap_in(copy, dest)
    except OSError as error:
        shutil.rmtree(copy, ignore_errors=True)
        raise PublishError(said("could not copy the site to {destination}: {reason}; what "
                                "was there is unchanged", destination=str(destination),
                                reason=str(error.strerror or error))) from None
    return PublishReport(destination=dest, files=files, size=size, replaced=replaced)


def _copy_tree(site: Path, copy: Path) -> None:
    """Copy every file, stopping at the first that fails (a full drive fails them all)."""
    for folder, _, names in os.walk(site):
        target = copy / Path(folder).relative_to(site)
        target.mkdir()
        for name in names:
            shutil.copyfile(os.path.join(folder, name), target / name)


def _check_site(site: Path, shown: Path) -> None:
    if not (site / MARKER).is_file() or not (site / "index.html").is_file():
        raise PublishError(said("{site} is not a site built by photovoice: run photovoice "
                                "build first (or name the built folder with --site)",
                                site=str(shown)))


def _check_destination(site: Path, dest: Path, shown: Path, content: Path | None) -> None:
    problem = None
    if dest == site or site in dest.parents or dest in site.parents:
        problem = said("{folder} is the built site, inside it, or one of its parents")
    elif content and (dest == content or content in dest.parents or dest in content.parents):
        problem = said("{folder} is the content folder, inside it, or one of its parents: "
                       "the content must never be published")
    elif dest.exists() and not dest.is_dir():
        problem = said("{folder} is a file, not a folder")
    elif dest.is_dir() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        problem = said("{folder} has files that photovoice did not copy there; they would be "
                       "deleted. Choose an empty or new folder (for example a new folder on the "
                       "drive)")
    elif not dest.parent.is_dir():
        problem = said("{folder} cannot be made: {parent} does not exist (is the drive "
                       "plugged in?)", parent=str(dest.parent))
    if problem:
        raise PublishError(Phrase(problem.template, problem.args + (("folder", str(shown)),)))


def _measure(site: Path) -> tuple[int, int]:
    files = size = 0
    for folder, _, names in os.walk(site):
        for name in names:
            files += 1
            size += os.stat(os.path.join(folder, name)).st_size
    return files, size


def _check_space(parent: Path, size: int, shown: Path) -> None:
    free = shutil.disk_usage(parent).free
    if free < size:
        raise PublishError(said("not enough space for the site at {folder}: it needs {needed}, "
                                "and {free} is free; nothing was copied", folder=str(shown),
                                needed=_megabytes(size), free=_megabytes(free)))


def _megabytes(size: int) -> Phrase:
    return said("{megabytes} MB", megabytes=round(size / 1_000_000, 1))


def _remove_leftovers(dest: Path) -> None:
    """Copies and old sites of a publish that was stopped before it could clean up."""
    for leftover in dest.parent.glob(f".{dest.name}.*-*"):
        kind, _, pid = leftover.name.rpartition("-")
        if kind.endswith((".publishing", ".old")) and pid.isdigit() and pid != str(os.getpid()):
            shutil.rmtree(leftover, ignore_errors=True)


def _flush() -> None:
    """Ask the system to write everything to the drive now: a USB stick pulled out just
    after the command ends must hold the whole site."""
    if hasattr(os, "sync"):
        os.sync()


def _swap_in(copy: Path, dest: Path) -> bool:
    if not dest.exists():
        os.rename(copy, dest)
        return False
    old = dest.parent / f".{dest.name}.old-{os.getpid()}"
    os.rename(dest, old)
    try:
        os.rename(copy, dest)
    except OSError:
        os.rename(old, dest)  # the previous site back where it was
        raise
    shutil.rmtree(old, ignore_errors=True)
    _flush()
    return True
