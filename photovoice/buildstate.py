"""What the previous build read and wrote, so the next one can skip what has not changed.

What a build may reuse, each piece checked against the file system, never assumed, and
each asked of `BuildMemory`:

- the whole site (`unchanged`): the content, the theme, photovoice itself and the
  output folder all look as they did after the last build (same files, sizes, times,
  inodes), so the build stops before importing Pillow, Jinja or YAML;
- what the loader made of each participant folder, and what the content review noted
  of it (`participants`), while every file in it and exhibition.yaml are unchanged,
  and each photo's size (`photo_size`);
- each page whose inputs did not change (`rendered_pages`): its key (a hash of what it
  is made from, or of the fields its templates read) is the one the last build
  recorded, so the previous file is linked, not rendered; the digests of each
  participant's views, by what they are made from (`view_digests`); and what Markdown
  made of each text (`markdown`), for the same photovoice;
- for the command line, exhibition.yaml's `build.output` (`configured_output`).

The photos' hashes and derived files are the image cache's (cache.py), under the same
rule. The state lives in the cache folder, never in the site: it names content files.
What may be trusted, and the format records are kept in, is decided in records.py. This
module stays light (standard library only): it runs before everything else.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from .diagnostics import Diagnostic
from .locks import one_build_at_a_time
from .records import (Fingerprint, code_fingerprint, fingerprint, folder_identity,
                      output_fingerprint, read_record, record_file, still_true, vouched,
                      write_record)
from .write import MARKER


@dataclass
class BuildState:
    inputs: list | None          # listing of everything read; None: racy, not vouched for
    outputs: list                # listing of the output folder as this build left it
    theme_dirs: list[str]        # the theme folders used (their files are inputs too)
    counts: dict[str, int]       # pages, photos, image_files: for the report
    warnings: list[dict] = field(default_factory=list)
    # site path -> [key of what it is made from, key of what it read, index in `reads`
    # of the view fields it read]; many pages read the same fields
    pages: dict[str, list] = field(default_factory=dict)
    reads: list[list[str]] = field(default_factory=list)
    # What Markdown made of the texts (markup.remembered), valid for this photovoice and
    # these libraries (`code`, the code_fingerprint): the next build need not import Markdown.
    code: str = ""
    markup: dict[tuple, str] = field(default_factory=dict)

    def rendered_pages(self) -> dict[str, Rendered]:
        """site path -> what its rendering depended on."""
        reads = [frozenset(fields) for fields in self.reads]
        return {path: Rendered(key, read_key, reads[index])
                for path, (key, read_key, index) in self.pages.items()}

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(Diagnostic.from_data(w) for w in self.warnings)


class Rendered(NamedTuple):
    """What a page's rendering depended on, recorded for the next build."""
    key: str | None         # what it is made from (pagekeys.PageInputs)
    read_key: str | None    # its context, shared views counting by the fields it read
    reads: frozenset[str]   # those fields: "PhotoView.caption", ...


class BuildMemory:
    """Everything remembered between builds of one content folder, kept in one cache.

    Opened first, and cheap to open: nothing is read until it is asked for. `recall()`
    reads what the last build into an output folder left, and `unchanged()` says whether
    it still stands. Otherwise the stages ask it for what they may reuse (photo sizes,
    Markdown conversions, rendered pages) and `remember()` records this build for the
    next; the command line asks it for exhibition.yaml's `build.output`.

    What may be trusted is decided in one place, records.py: a record of a file holds the
    file's identity (inode, size, times), is used only while it is unchanged
    (`still_true`), and is kept only if the file had settled when it was read
    (`vouched`); a folder's record is checked against every file in it
    (`folder_identity`). Every record is written in one format (`write_record`).
    """

    def __init__(self, cache_root: Path, content_dir: Path) -> None:
        self.cache_root, self._content_dir = cache_root, content_dir
        self.code = ""  # code_fingerprint(), once recalled
        self.previous: BuildState | None = None
        self._output_dir: Path | None = None
        self._content: Fingerprint | None = None
        self._sizes_known: dict[str, list[int]] | None = None  # read at the first photo
        self._sizes_seen: dict[str, list[int]] = {}  # this build's photos: what is kept
        self._views: dict[str, dict] | None = None  # read when pages are keyed

    def recall(self, output_dir: Path, asked: object) -> BuildMemory:
        """Read what the last build into `output_dir` left; `asked` is whatever else
        shapes the output (the options, the working folder, the day). Returns the memory."""
        self._output_dir, self.code = output_dir, code_fingerprint()
        # Taken before anything is read: a file that changes during the build then
        # differs from the record.
        self._content = fingerprint([self._content_dir], (asked, self.code))
        previous = read_state(self.cache_root, output_dir)
        if previous is not None and previous.outputs != output_fingerprint(output_dir):
            previous = None  # someone changed the site since: trust none of it
        self.previous = previous
        return self

    def unchanged(self) -> BuildState | None:
        """The last build's state, if its inputs and output are as it left them."""
        previous = self.previous
        if previous is not None and self._content is not None and previous.inputs == (
                self._content + fingerprint(previous.theme_dirs)).listing:
            return previous
        return None

    def configured_output(self, read: Callable[[], str | None]) -> str | None:
        """exhibition.yaml's `build.output`, read (by `read`) only when the file changed.

        The command line needs it before it can look for the previous build; reading it
        means importing a YAML parser, which a no-op build otherwise never needs.
        """
        path = str(Path(self._content_dir).resolve() / "exhibition.yaml")
        record = record_file(self.cache_root, "output", path)
        try:
            stat = os.stat(path)
        except OSError:
            return read()
        data = read_record(record, path)
        if data is not None and still_true(data.get("seen"), stat):
            return data.get("output")
        output = read()
        if (seen := vouched(stat)) is not None:
            write_record(record, path, {"seen": seen, "output": output})
        return output

    def photo_size(self, photo: Path, measure: Callable[[Path], tuple[int, int]]
                   ) -> tuple[int, int]:
        """A photo's upright size as the last build read it, else as `measure` says.

        Reading a size opens the photo and parses its EXIF (and imports Pillow), which a
        rebuild after a text edit otherwise never needs.
        """
        if self._sizes_known is None:
            data = read_record(self._sizes_record, str(self._content_dir))
            self._sizes_known = data.get("sizes", {}) if data is not None else {}
        try:
            stat = os.stat(photo)
        except OSError:
            return measure(photo)  # and let it say what is wrong
        known = self._sizes_known.get(str(photo))
        if known is not None and still_true(known[:4], stat):
            width, height = known[4:]
        else:
            width, height = measure(photo)
        if (seen := vouched(stat)) is not None:
            self._sizes_seen[str(photo)] = seen + [width, height]
        return width, height

    def keep_sizes(self, photos: Iterable[Path]) -> None:
        """Record the sizes of this build's `photos` (only theirs) for the next build: the
        ones measured now, and those of participants remembered without being read. A
        withdrawn photo's path (its participant's folder name) is forgotten."""
        if self._sizes_known is None:
            data = read_record(self._sizes_record, str(self._content_dir))
            self._sizes_known = data.get("sizes", {}) if data is not None else {}
        kept = {}
        for path in map(str, photos):
            size = self._sizes_seen.get(path) or self._sizes_known.get(path)
            if size is not None:
                kept[path] = size
        if kept != self._sizes_known:
            write_record(self._sizes_record, str(self._content_dir), {"sizes": kept})

    @property
    def _sizes_record(self) -> Path:
        return record_file(self.cache_root, "sizes", str(self._content_dir))

    def participants(self) -> RememberedParticipants:
        """Participant folders as the loader made them, trusted while unchanged."""
        path = self._content_dir / "exhibition.yaml"
        try:
            stat = os.stat(path)
            seen = vouched(stat)
            context = [str(path), *seen, self.code] if seen is not None else None
        except OSError:
            context = None
        return RememberedParticipants(self.cache_root, self._content_dir, context)

    def markdown(self) -> dict[tuple, str]:
        """Markdown conversions of the last build, if made by this photovoice."""
        previous = self.previous
        return dict(previous.markup) if previous and previous.code == self.code else {}

    def rendered_pages(self) -> dict[str, Rendered]:
        return self.previous.rendered_pages() if self.previous else {}

    def view_digests(self) -> dict[str, dict]:
        """The digests of the participants' views the last build hashed (pagekeys.PageKeys),
        by what each participant's views are made from: kept by content, like the derived
        photos, so they hold whatever build made them."""
        assert self._output_dir is not None, "not recalled"
        if self._views is None:
            data = read_record(self._views_record, str(self._output_dir))
            views = data.get("views") if data is not None else None
            self._views = views if isinstance(views, dict) else {}
        return self._views

    @property
    def _views_record(self) -> Path:
        return record_file(self.cache_root, "views", str(self._output_dir))

    def remember(self, theme_dirs: Iterable[Path], counts: dict[str, int],
                 warnings: Iterable[Diagnostic], markdown: dict[tuple, str],
                 pages: dict[str, Rendered], views: dict[str, dict] | None = None) -> None:
        """Record this build, now in place, for the next (`views`: see view_digests)."""
        assert self._output_dir is not None and self._content is not None, "not recalled"
        if views is not None and views != self._views:
            write_record(self._views_record, str(self._output_dir), {"views": views})
        theme_dirs = [str(folder) for folder in theme_dirs]
        inputs = self._content + fingerprint(theme_dirs)
        write_state(self.cache_root, self._output_dir, BuildState(
            inputs=None if inputs.racy else inputs.listing,
            outputs=output_fingerprint(self._output_dir), theme_dirs=theme_dirs,
            counts=counts, warnings=warning_records(warnings), code=self.code,
            markup=markdown, **page_records(pages)))


class RememberedParticipants:
    """What the loader made of each participant folder (a plain record, see
    participant_record.py), trusted while every file in the folder is as it was (inode,
    size, times) and so is the `context` (exhibition.yaml, photovoice itself): after a
    caption edit, only the participant.yaml that changed is read again.
    """

    def __init__(self, cache_root: Path, content_dir: Path, context: list | None):
        self._for = str(content_dir)
        self._path = record_file(cache_root, "participants", self._for)
        self._context = context
        data = read_record(self._path, self._for) if context is not None else None
        known = data.get("folders") if data and data.get("context") == context else None
        self._known: dict[str, list] = known if isinstance(known, dict) else {}
        self._kept: dict[str, list] = {}
        self._seen: dict[str, list] = {}  # this build's settled folders, by listing

    def get(self, folder: Path) -> dict | None:
        """The folder's record, if nothing in it changed since it was made."""
        if self._context is None:
            return None
        seen = folder_identity(folder)
        if seen is None:
            return None  # changed just now: read, and not remembered
        self._seen[str(folder)] = seen
        known = self._known.get(str(folder))
        if known is not None and known[0] == seen:
            self._kept[str(folder)] = known
            return known[1]
        return None

    def put(self, folder: Path, record: dict) -> None:
        seen = self._seen.get(str(folder))
        if seen is not None:
            self._kept[str(folder)] = [seen, record]

    def save(self) -> None:
        if self._context is None:
            return
        if self._kept.keys() != self._known.keys() or any(
                self._known.get(folder) is not kept for folder, kept in self._kept.items()):
            write_record(self._path, self._for, {"context": self._context,
                                                 "folders": self._kept})


def read_state(cache_root: Path, output_dir: Path) -> BuildState | None:
    """The previous build's state, or None (a missing or unreadable state costs a full build).

    One state per output folder: two outputs built from one content keep apart.
    """
    data = read_record(record_file(cache_root, "build", str(output_dir)), str(output_dir))
    try:
        state = BuildState(**data)
        state.rendered_pages()  # the shape of its records, checked once here
        return state
    except (ValueError, TypeError, IndexError):
        return None


def forget_output(cache_root: Path, output_dir: Path) -> None:
    """Delete the record of the last build into `output_dir` (a site deleted since)."""
    record_file(cache_root, "build", str(output_dir)).unlink(missing_ok=True)


def write_state(cache_root: Path, output_dir: Path, state: BuildState) -> None:
    # Its fields as they are (asdict would copy every page's record first).
    write_record(record_file(cache_root, "build", str(output_dir)), str(output_dir),
                 {f.name: getattr(state, f.name) for f in fields(state)})


def page_records(pages: dict[str, Rendered]) -> dict[str, object]:
    """The `pages` and `reads` fields of a BuildState, from build._write_pages's records."""
    index: dict[frozenset[str], int] = {}
    for *_, reads in pages.values():
        index.setdefault(reads, len(index))
    return {"pages": {path: [key, read_key, index[reads]]
                      for path, (key, read_key, reads) in pages.items()},
            "reads": [sorted(reads) for reads in index]}


def warning_records(warnings: Iterable[Diagnostic]) -> list[dict]:
    return [w.to_data() for w in warnings]


# What a cache folder holds that photovoice made: derived photos and narrations, the
# preview site, the build records, the PDF catalogues, compiled templates. Nothing else
# is ever removed.
_CACHE_PARTS = ("images", "audio", "preview", "builds", "catalogue")


def clean_cache(cache_root: Path) -> list[Path]:
    """`photovoice clean`: delete everything photovoice derived into the cache (withdrawn
    photos' files included), under the cache's lock; the parts removed.

    The next build derives what it needs again, to the same bytes.
    """
    removed = []
    if not cache_root.is_dir():
        return removed
    with one_build_at_a_time(None, cache_root):
        for entry in sorted(cache_root.iterdir()):
            if entry.is_symlink() or not entry.is_dir():
                continue
            # The preview's own leftovers (.preview.spare: its folders, named by pages)
            # are photovoice's when they hold its marker.
            ours = entry.name.startswith(".preview.") and (entry / MARKER).is_file()
            if entry.name in _CACHE_PARTS or entry.name.startswith("templates-") or ours:
                shutil.rmtree(entry)
                removed.append(entry)
    return removed
