"""What the previous build read and wrote, so the next one can skip what has not changed.

Two savings, both checked against the file system, never assumed:

- nothing changed: the content, the theme, photovoice itself and the output folder all
  look as they did after the last build (same files, sizes, times, inodes), so the
  build stops before importing Pillow, Jinja or YAML;
- a page's inputs did not change: its key (a hash of everything its template sees)
  is the one the last build recorded, so the previous file is linked, not rendered.

The state lives in the cache folder, never in the site: it names content files.
This module stays light (standard library only): it runs before everything else.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .diagnostics import Diagnostic, Severity
from .write import write_atomically

_STATE_VERSION = 2
# A file changed this recently may change again within one timestamp tick without
# changing size; a build that read such a file does not vouch for its inputs.
RACY_SECONDS = 2.0
_SKIPPED_FOLDERS = {"__pycache__"}


@dataclass
class BuildState:
    inputs: str | None           # fingerprint of everything read; None: racy, not vouched for
    outputs: str                 # fingerprint of the output folder as this build left it
    theme_dirs: list[str]        # the theme folders used (their files are inputs too)
    counts: dict[str, int]       # pages, photos, image_files: for the report
    warnings: list[dict] = field(default_factory=list)
    # site path -> [key of what was rendered into it, key of what it read, index in
    # `reads` of the view fields it read]; many pages read the same fields
    pages: dict[str, list] = field(default_factory=dict)
    reads: list[list[str]] = field(default_factory=list)

    def rendered_pages(self) -> dict[str, tuple[str | None, str | None, frozenset[str]]]:
        """site path -> (key, key of what it read, the view fields it read)."""
        reads = [frozenset(fields) for fields in self.reads]
        return {path: (key, read_key, reads[index])
                for path, (key, read_key, index) in self.pages.items()}

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(Diagnostic(w["path"], w["line"], w["field"], w["message"],
                                Severity(w["severity"])) for w in self.warnings)


def cache_folder(content_dir: Path, cache_dir: Path | None = None) -> Path:
    """Where builds keep what they reuse: `cache_dir`, else .photovoice-cache beside content."""
    return Path(cache_dir or Path(content_dir).parent / ".photovoice-cache")


def remembered_output(content_dir: Path, cache_root: Path,
                      read: Callable[[], str | None]) -> str | None:
    """exhibition.yaml's `build.output`, read (by `read`) only when the file has changed.

    The command line needs it before it can look for the previous build; reading it
    means parsing YAML, which costs a no-op build half its time.
    """
    path = Path(content_dir).resolve() / "exhibition.yaml"
    name = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    memo = cache_root / "builds" / f"output-{name}.json"
    try:
        stat = os.stat(path)
    except OSError:
        return read()
    seen = [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
    try:
        data = json.loads(memo.read_text(encoding="utf-8"))
        if data["seen"] == seen:
            return data["output"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    output = read()
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) >= RACY_SECONDS * 1e9:
        try:
            write_atomically(memo, json.dumps({"seen": seen, "output": output}).encode())
        except OSError:
            pass  # read again next time
    return output


class RememberedSizes:
    """Photos' upright sizes as the last build read them, trusted while each file's inode,
    size and times are unchanged.

    Reading a size opens the photo and parses its EXIF (and imports Pillow): after one
    caption edit, that was a tenth of the rebuild.
    """

    def __init__(self, cache_root: Path, content_dir: Path,
                 measure: Callable[[Path], tuple[int, int]]):
        name = hashlib.sha256(str(content_dir).encode()).hexdigest()[:16]
        self._path = cache_root / "builds" / f"sizes-{name}.json"
        self._measure = measure
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            self._known = data["sizes"] if data["version"] == _STATE_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._known = {}
        self._seen: dict[str, list[int]] = {}  # this build's photos: what save() keeps

    def __call__(self, photo: Path) -> tuple[int, int]:
        try:
            stat = os.stat(photo)
        except OSError:
            return self._measure(photo)  # and let it say what is wrong
        files = [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
        known = self._known.get(str(photo))
        if known is not None and known[:4] == files:
            width, height = known[4:]
        else:
            width, height = self._measure(photo)
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) >= RACY_SECONDS * 1e9:
            self._seen[str(photo)] = files + [width, height]
        return width, height

    def save(self) -> None:
        if self._seen == self._known:
            return
        data = {"version": _STATE_VERSION, "sizes": self._seen}
        try:
            write_atomically(self._path, json.dumps(data, sort_keys=True).encode())
        except OSError:
            pass  # measured again next time


def state_file(cache_root: Path, output_dir: Path) -> Path:
    """One state per output folder: two outputs built from one content keep apart."""
    name = hashlib.sha256(str(output_dir).encode()).hexdigest()[:16]
    return cache_root / "builds" / f"{name}.json"


def read_state(path: Path) -> BuildState | None:
    """The previous build's state, or None (a missing or unreadable state costs a full build)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.pop("version", None) != _STATE_VERSION:
            return None
        state = BuildState(**data)
        state.rendered_pages()  # the shape of its records, checked once here
        return state
    except (OSError, ValueError, TypeError, IndexError):
        return None


def write_state(path: Path, state: BuildState) -> None:
    data = {"version": _STATE_VERSION, **asdict(state)}
    try:
        write_atomically(path, json.dumps(data, sort_keys=True).encode())
    except OSError:
        pass  # the next build is a full one, nothing worse


def page_records(pages: dict[str, tuple[str | None, str | None, frozenset[str]]]
                 ) -> dict[str, object]:
    """The `pages` and `reads` fields of a BuildState, from build._write_pages's records."""
    index: dict[frozenset[str], int] = {}
    for *_, reads in pages.values():
        index.setdefault(reads, len(index))
    return {"pages": {path: [key, read_key, index[reads]]
                      for path, (key, read_key, reads) in pages.items()},
            "reads": [sorted(reads) for reads in index]}


def warning_records(warnings: Iterable[Diagnostic]) -> list[dict]:
    return [{"path": w.path, "line": w.line, "field": w.field, "message": w.message,
             "severity": w.severity.value} for w in warnings]


@dataclass(frozen=True)
class Fingerprint:
    digest: str
    racy: bool  # some file changed within RACY_SECONDS of the fingerprint

    def __add__(self, other: "Fingerprint") -> "Fingerprint":
        joined = hashlib.sha256(f"{self.digest} {other.digest}".encode()).hexdigest()
        return Fingerprint(joined, self.racy or other.racy)


def fingerprint(folders: Iterable[Path | str], settings: object = None) -> Fingerprint:
    """Every file under `folders` by its metadata.

    `settings` is whatever else shapes the output (options, the output folder,
    photovoice's code_fingerprint); its repr is part of the digest. Taken before the
    files are read: a file that changes during the build then differs from the record.
    """
    digest = hashlib.sha256(repr(settings).encode())
    newest = 0
    for folder in folders:
        digest.update(f"\0folder {folder}\0".encode())
        newest = max(newest, _walk(Path(folder), digest, with_ctime=True))
    racy = time.time_ns() - newest < RACY_SECONDS * 1e9
    return Fingerprint(digest.hexdigest(), racy)


def code_fingerprint() -> str:
    """photovoice's own files and the installed libraries that shape its output, by metadata."""
    digest = hashlib.sha256(repr((sys.version, _STATE_VERSION)).encode())
    _walk(Path(__file__).parent, digest, with_ctime=False)
    for folder in sys.path:
        if not folder.endswith(("site-packages", "dist-packages")):
            continue  # not where libraries are installed (the working folder, for one)
        # Installing, upgrading or removing any library changes its folder's time.
        try:
            digest.update(f"\0path {folder} {os.stat(folder).st_mtime_ns}".encode())
        except OSError:
            digest.update(f"\0path {folder} absent".encode())
    return digest.hexdigest()


def output_fingerprint(output_dir: Path) -> str:
    """The output folder as it is now: a file added, removed or edited changes it.

    No ctime: linking a file into the next build changes its ctime, not its content.
    """
    digest = hashlib.sha256()
    _walk(output_dir, digest, with_ctime=False)
    return digest.hexdigest()


def _walk(root: Path, digest, with_ctime: bool) -> int:
    """Feed every file under root (path, inode, size, times) to digest; return the newest time."""
    newest = 0
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            digest.update(f"\0missing {prefix}".encode())
            continue
        for entry in entries:
            name = f"{prefix}/{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=True):
                    if entry.name not in _SKIPPED_FOLDERS:
                        # A new empty folder counts too: a participant's folder
                        # without its participant.yaml is an error to report.
                        digest.update(f"\0{name}/".encode())
                        stack.append((name, entry.path))
                    continue
                stat = entry.stat(follow_symlinks=True)
            except OSError:
                continue
            times = (stat.st_mtime_ns, stat.st_ctime_ns) if with_ctime else (stat.st_mtime_ns,)
            newest = max(newest, *times)
            digest.update(f"\0{name}\0{stat.st_ino} {stat.st_size} {times}".encode())
    return newest
