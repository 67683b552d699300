"""How the memory keeps what it knows between builds: one format, one rule of trust.

- The format: every record is a marshal'd dict with a version and the path it is about
  (`write_record`, `read_record`).
- The rule: a record of a file holds the file's identity (inode, size, times), is used
  only while that identity is unchanged (`still_true`), and is kept only if the file had
  settled when it was read (`vouched`): a file changed within RACY_SECONDS may change
  again within one timestamp tick without changing size.
- The listings: every file under some folders by its identity (`fingerprint`,
  `output_fingerprint`, `folder_identity`), compared whole with the one recorded.

buildstate.py (the build's memory) and cache.py (the photos' source hashes) keep their
records this way. Standard library only: this runs before everything else in a build.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from operator import attrgetter
from pathlib import Path
from typing import Iterable, NamedTuple

from .write import write_atomically

FORMAT_VERSION = 6
# A file changed this recently may change again within one timestamp tick without
# changing size; a build that read such a file does not vouch for its inputs.
RACY_SECONDS = 2.0
_SKIPPED_FOLDERS = {b"__pycache__"}


# --- the rule --------------------------------------------------------------------------


def settled(last_change_ns: int) -> bool:
    """A file that last changed (mtime or ctime, in ns) RACY_SECONDS ago or more: what
    is read of it can be remembered."""
    return time.time_ns() - last_change_ns >= RACY_SECONDS * 1e9


def identity(stat: os.stat_result) -> list[int]:
    """What a record holds of the file it was read from."""
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def vouched(stat: os.stat_result) -> list[int] | None:
    """The file's identity if it had settled (what is read of it may be remembered), else None."""
    return identity(stat) if settled(max(stat.st_mtime_ns, stat.st_ctime_ns)) else None


def still_true(recorded: object, stat: os.stat_result) -> bool:
    """Whether a record of a file (its `identity` then) may be trusted now."""
    return recorded == identity(stat)


def folder_identity(folder: Path) -> list | None:
    """Every file of a folder by its name's digest, whether it is a link, and its identity (of what a
    link points to): a record of the folder is trusted while this is the same. None if
    one file is not vouched for, or the folder is unreadable."""
    listing = []
    try:
        for entry in sorted(os.scandir(folder), key=_by_name):
            seen = vouched(entry.stat())
            if seen is None:
                return None
            # The name's digest, not the name: a record outlives a withdrawn photo's file.
            listing.append([listed_name(entry.name), entry.is_symlink(), *seen])
    except OSError:
        return None
    return listing


# --- the format ------------------------------------------------------------------------


def record_file(cache_root: Path, kind: str, subject: str) -> Path:
    """Where a record about `subject` (a path) is kept: a short, stable name."""
    return cache_root / "builds" / f"{kind}-{zlib.crc32(subject.encode()):08x}.state"


def read_record(path: Path, subject: str) -> dict | None:
    """A record written by write_record for `subject`, or None: missing, unreadable, older, or
    another subject's (two paths may share a name)."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict) or data.pop("version", None) != FORMAT_VERSION \
            or data.pop("for", None) != subject:
        return None
    return data


def write_record(path: Path, subject: str, data: dict) -> None:
    # marshal: the records are plain dicts, lists and strings, and a no-op build reads
    # one before anything else, and marshal is built into Python (nothing to import).
    try:
        write_atomically(path, marshal.dumps({"version": FORMAT_VERSION, "for": subject,
                                              **data}))
    except (OSError, ValueError):
        pass  # the next build does the work again, nothing worse


# --- the listings ----------------------------------------------------------------------


class Fingerprint(NamedTuple):
    """What `fingerprint` found; two add up to the listing of both."""

    listing: list  # every file by its name's digest, inode, size and times: compared whole
    racy: bool  # some file changed within RACY_SECONDS of the fingerprint

    def __add__(self, other: "Fingerprint") -> "Fingerprint":
        return Fingerprint(self.listing + other.listing, self.racy or other.racy)


def fingerprint(folders: Iterable[Path | str], asked: object = None) -> Fingerprint:
    """Every file under `folders` by its metadata.

    `asked` is whatever else shapes the output (options, the output folder,
    photovoice's code_fingerprint); its repr is part of the listing. Taken before the
    files are read: a file that changes during the build then differs from the record.
    """
    listing: list = [repr(asked)]
    newest = 0
    for folder in folders:
        listing.append(f"folder {folder}")
        newest = max(newest, _walk(Path(folder), listing, with_ctime=True))
    return Fingerprint(listing, racy=not settled(newest))


def code_fingerprint() -> str:
    """photovoice's own files and the installed libraries that shape its output, by metadata."""
    listing: list = [repr((sys.version, FORMAT_VERSION))]
    _walk(Path(__file__).parent, listing, with_ctime=False)
    for folder in sys.path:
        if not folder.endswith(("site-packages", "dist-packages")):
            continue  # not where libraries are installed (the working folder, for one)
        # Installing, upgrading or removing any library changes its folder's time.
        try:
            listing.append(f"path {folder} {os.stat(folder).st_mtime_ns}")
        except OSError:
            listing.append(f"path {folder} absent")
    return repr(listing)


def output_fingerprint(output_dir: Path) -> list:
    """The output folder as it is now: a file added, removed or edited changes it.

    No ctime: linking a file into the next build changes its ctime, not its content.
    """
    listing: list = []
    _walk(output_dir, listing, with_ctime=False)
    return listing


def listed_name(name: str) -> str:
    """How a listing names a file: a digest, not the name, for the record outlives a
    withdrawn photo's file."""
    return f"{zlib.crc32(os.fsencode(name)):08x}"


_by_name = attrgetter("name")


def _walk(root: Path, listing: list, with_ctime: bool) -> int:
    """Every folder under root and what it holds, into `listing`; return the newest time.

    Each folder is its path (its names' digests, "" for root), then its entries: a file as
    (its name's digest, inode, size, mtime[, ctime]), a link to a folder as (its name's
    digest, where it points). Names are read as the file system's bytes, which is what
    `listed_name` digests. The listing is kept and compared whole: no hash to compute,
    none to collide; numbers in tuples, not text, as writing them out would cost more
    than reading them.
    """
    newest = 0
    stack = [("", os.fsencode(root))]
    while stack:
        prefix, folder = stack.pop()
        listing.append(prefix)
        try:
            entries = sorted(os.scandir(folder), key=_by_name)
        except OSError:
            listing.append("missing")
            continue
        for entry in entries:
            digest = zlib.crc32(entry.name)
            try:
                if entry.is_dir() and entry.is_symlink():
                    # Never entered: a link to / or to its own folder would make the walk
                    # read the whole disk, or loop. Where it points is what can change.
                    listing.append((digest, os.fsdecode(os.readlink(entry.path))))
                    continue
                if entry.is_dir():
                    # Listed when walked, even empty: a participant's folder without its
                    # participant.yaml is an error to report.
                    if entry.name not in _SKIPPED_FOLDERS:
                        stack.append((f"{prefix}/{digest:08x}", entry.path))
                    continue
                stat = entry.stat()
            except OSError:
                continue
            if with_ctime:
                newest = max(newest, stat.st_mtime_ns, stat.st_ctime_ns)
                listing.append((digest, stat.st_ino, stat.st_size, stat.st_mtime_ns,
                                stat.st_ctime_ns))
            else:
                newest = max(newest, stat.st_mtime_ns)
                listing.append((digest, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return newest
