"""The derivative cache: encoded images stored under a hash of everything that shapes them.

key = sha256(source bytes, specs, redactions, PIPELINE_VERSION), so a moved or renamed
photo is still a hit and a changed redaction never is. Hashing every source at every
build would cost more than the rest of a rebuild, so each source's hash is remembered in
an index, by its resolved path, under the memory's one rule of trust (records.py): the
hash of a file that had settled (`vouched`), used while the file's identity (inode, size
and times) is unchanged (`still_true`).

The index also remembers, by source hash, each source that decoded whole and what the
decoders said about it: a photo taken from the cache is still reported as the build
that decoded it reported it, and `check` decodes a photo only once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import imageplan
from .diagnostics import Phrase
from .records import identity, read_record, still_true, vouched, write_record
from .imageplan import ImageJob, ImageSpec
from .write import write_atomically

if TYPE_CHECKING:
    from concurrent.futures import Future

# The source hashes, in the build memory's format and under its trust rule.
INDEX_NAME = "sources.state"


def hash_file(path: Path) -> str:
    """sha256 hex digest of a file's bytes."""
    with open(path, "rb") as fp:
        return hashlib.file_digest(fp, "sha256").hexdigest()


# The folders the cache makes: one per source hash (and, before, one per key's first two
# characters). Nothing else under the cache is ever removed.
_CACHE_FOLDER = re.compile(r"[0-9a-f]{64}|[0-9a-f]{2}")


class ImageCache:
    """Derived images under `root`, named `<source hash>/<key>-<width>.<ext>`: every file
    made from one source in one folder, so that those of a photo no longer published (or
    since replaced) go together (`keep_only`)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._root_text = str(self.root)
        self._index_path = self.root / INDEX_NAME
        self._sources, self._decoded = _read_index(self._index_path, self.root)
        self._index_changed = False
        # By a source's resolved path and identity: the hashes being made (hashing_ahead),
        # and those this build made (_source_hash).
        self._hashing: dict[tuple[str, ...], Future[str]] = {}
        self._digests: dict[tuple[str, ...], str] = {}
        self._identified: dict[Path, tuple[str, os.stat_result]] = {}  # by hashing_ahead
        self._hash_of: dict[tuple, str] = {}  # _source_hash's answers, by file seen
        self._real_folders: dict[str, str] = {}  # photos' folders, resolved (_identify)

    def key(self, job: ImageJob) -> str:
        payload = {
            "pipeline": imageplan.PIPELINE_VERSION,
            "source": self._source_hash(job.src),
            "specs": [[spec.width, spec.format, spec.quality] for spec in job.specs],
            "redactions": [[r.x, r.y, r.w, r.h] for r in job.redactions],
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    def source_hash(self, src: Path) -> str:
        """The hash of the source's bytes: the name of the folder of its files."""
        return self._source_hash(src)

    def path(self, source: str, key: str, spec: ImageSpec) -> Path:
        # One path made from its text, not joined part by part: a build names every
        # photo's files.
        return Path(f"{self._root_text}/{source}/{key}-{spec.width}.{spec.ext}")

    def paths(self, source: str, key: str, specs: Sequence[ImageSpec]) -> list[Path]:
        return [self.path(source, key, spec) for spec in specs]

    def lookup(self, source: str, key: str, specs: Sequence[ImageSpec]) -> list[Path] | None:
        """The cached file for every spec, or None if any is missing or empty."""
        paths = self.paths(source, key, specs)
        for path in paths:
            try:
                if os.stat(path).st_size == 0:  # e.g. a write cut short by a crash
                    return None
            except OSError:
                return None
        return paths

    def decoded(self, src: Path) -> tuple[str | Phrase, ...] | None:
        """What decoding this source said (imagesource.Complaints), if it decoded whole
        with this pipeline; None if it has not been decoded yet."""
        said = self._decoded.get(self._decode_key(src))
        return None if said is None else tuple(
            Phrase.from_data(sentence) if isinstance(sentence, dict) else sentence
            for sentence in said)

    def record_decoded(self, src: Path, said: Sequence[str | Phrase]) -> None:
        self._decoded[self._decode_key(src)] = [
            sentence.to_data() if isinstance(sentence, Phrase) else sentence
            for sentence in said]
        self._index_changed = True

    def _decode_key(self, src: Path) -> str:
        return f"{imageplan.PIPELINE_VERSION}:{self._source_hash(src)}"

    def keep_only(self, sources: Collection[str]) -> list[Path]:
        """Delete every file derived from a source not in `sources` (by hash): a photo
        withdrawn, removed or replaced leaves no copy here. The folders removed."""
        removed = []
        try:
            entries = list(os.scandir(self.root))
        except FileNotFoundError:
            return removed
        for entry in entries:
            if entry.name not in sources and _CACHE_FOLDER.fullmatch(entry.name) \
                    and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
        # Nor its hash, nor what its decoders said, in the index.
        kept = {path: entry for path, entry in self._sources.items() if entry[4] in sources}
        if kept != self._sources:
            self._sources, self._index_changed = kept, True
        self.save()
        return removed

    def save(self) -> None:
        """Persist the source-hash index (atomically), forgetting sources that are gone."""
        if not self._index_changed:
            return
        sources = {path: entry for path, entry in self._sources.items() if os.path.exists(path)}
        kept = {f"{imageplan.PIPELINE_VERSION}:{entry[4]}" for entry in sources.values()}
        kept |= {f"{imageplan.PIPELINE_VERSION}:{digest}" for digest in self._digests.values()}
        decoded = {key: said for key, said in self._decoded.items() if key in kept}
        write_record(self._index_path, str(self.root), {"sources": sources, "decoded": decoded})
        self._index_changed = False

    def hash_sources(self, sources: Iterable[Path], threads: int) -> None:
        """Hash, side by side, the sources whose hash is not remembered."""
        with self.hashing_ahead(threads) as hash_soon:
            for src in sources:
                hash_soon(src)

    @contextmanager
    def hashing_ahead(self, threads: int) -> Iterator[Callable[[Path], None]]:
        """Hash sources in up to `threads` threads as they are named, while the build
        goes on; yields the function that names one. Leaving waits for the hashes, or
        after an error drops those not begun.

        hashlib releases the GIL while it hashes: the first build of an exhibition
        hashes every photo on the cores the rest of the build leaves idle (the loader,
        reading each photo's header, keeps one busy).
        """
        pool = None  # made at the first source to hash: a rebuild usually has none

        def hash_soon(src: Path) -> None:
            nonlocal pool
            if src in self._identified:
                return
            try:
                resolved, stat = self._identified[src] = self._identify(src)
            except OSError:
                return  # a missing photo is for the loader to report
            found = (resolved, *identity(stat))
            if self._remembered(resolved, stat) is None \
                    and found not in self._hashing and found not in self._digests:
                if pool is None:
                    from concurrent.futures import ThreadPoolExecutor

                    pool = ThreadPoolExecutor(max_workers=max(1, threads))
                self._hashing[found] = pool.submit(hash_file, Path(resolved))

        finished = False
        try:
            yield hash_soon
            finished = True
        finally:
            if pool is not None:
                pool.shutdown(wait=finished, cancel_futures=not finished)

    def _remembered(self, resolved: str, stat: os.stat_result) -> str | None:
        """The source's hash from the index, while the file is the one it was made from."""
        entry = self._sources.get(resolved)
        return entry[4] if entry is not None and still_true(entry[:4], stat) else None

    def _source_hash(self, src: Path | str) -> str:
        # Asked several times a photo (its files' keys, what decoding it said): its path
        # resolved once while the file is the same (resolving costs more than a stat).
        stat = os.stat(src)
        seen = (os.fspath(src), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        known = self._hash_of.get(seen)
        if known is None:
            known = self._hash_of[seen] = self._find_source_hash(Path(src))
        return known

    def _identify(self, src: Path) -> tuple[str, os.stat_result]:
        """The source's resolved path, and the file's stat: what its hash is remembered by."""
        # Its folder resolved once for all its photos: resolving looks at every folder
        # of the path, and a participant's folder holds many photos.
        folder, name = os.path.split(os.fspath(src))
        real_folder = self._real_folders.get(folder)
        if real_folder is None:
            real_folder = self._real_folders[folder] = os.path.realpath(folder)
        resolved = os.path.join(real_folder, name)
        if os.path.islink(resolved):
            resolved = os.path.realpath(resolved)
        return resolved, os.stat(resolved)

    def _find_source_hash(self, src: Path) -> str:
        resolved, stat = self._identified.pop(src, None) or self._identify(src)
        remembered = self._remembered(resolved, stat)
        if remembered is not None:
            return remembered
        found = (resolved, *identity(stat))
        digest = self._digests.get(found)
        if digest is None:
            hashing = self._hashing.pop(found, None)
            if hashing is None or hashing.cancelled():  # cancelled: a build that stopped
                digest = hash_file(Path(resolved))
            else:
                digest = hashing.result()
            # Kept for the build: a file changed just now is not remembered (below), and a
            # photo with a link-preview file is looked up twice.
            self._digests[found] = digest
        # A file changed just now could change again within the same timestamp tick
        # without changing size: hashed every time until it has settled.
        if (seen := vouched(stat)) is not None:
            self._sources[resolved] = [*seen, digest]
        else:
            self._sources.pop(resolved, None)
        self._index_changed = True
        return digest


def store_files(paths: Sequence[Path], blobs: Iterable[bytes]) -> list[Path]:
    """Write each blob to its cache path atomically: readers see a whole file or none.

    A module function, not a method: worker processes store what they derive.
    """
    blobs = list(blobs)
    if len(blobs) != len(paths):
        raise ValueError(f"{len(blobs)} images for {len(paths)} files")
    for path, blob in zip(paths, blobs):
        write_atomically(path, blob)
    return list(paths)


def _read_index(path: Path, root: Path) -> tuple[dict[str, list], dict[str, list[str]]]:
    """The remembered source hashes and decodings; a missing or unreadable index only
    costs re-hashing (and decoding again)."""
    record = read_record(path, str(root)) or {}
    sources, decoded = record.get("sources"), record.get("decoded")
    if not isinstance(sources, dict):
        return {}, {}
    sources = {  # each [inode, size, mtime, ctime, hash]
        path: entry for path, entry in sources.items()
        if isinstance(entry, list) and len(entry) == 5 and isinstance(entry[4], str)
    }
    decoded = {
        key: said for key, said in (decoded.items() if isinstance(decoded, dict) else ())
        if isinstance(said, list) and all(_is_sentence(sentence) for sentence in said)
    }
    return sources, decoded


def _is_sentence(sentence: object) -> bool:
    """What decoding said, as the index keeps it: a text, or a Phrase's data."""
    if isinstance(sentence, str):
        return True
    try:
        return isinstance(sentence, dict) and isinstance(Phrase.from_data(sentence), Phrase)
    except (KeyError, TypeError, ValueError):
        return False
