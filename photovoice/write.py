"""Writing the site: a staging folder beside the output, swapped in at the end.

Only the build writes the output folder, and only through this module.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from .diagnostics import ContentError, Diagnostic

MARKER = ".photovoice-build"
_MARKER_TEXT = "This folder is written by photovoice build and replaced whole on every build.\n"
_RENAME_EXCHANGE = 2


class Staging:
    """A folder being filled with the new site.

    Paths are strings inside: a rebuild places every file of the site, and making a
    Path object for each (its parent, its folders' parents) is more work than linking it.
    """

    def __init__(self, root: Path, previous: Path | None = None, folders: Iterable[str] = ()):
        self._root = str(root)
        self._previous = (str(previous) if previous and (previous / MARKER).is_file()
                          else None)
        self._dirs: set[str] = set()  # folders this site uses, as site paths ("" the root)
        self._recycled = set(folders)  # empty folders already in root (see SiteWriter)

    def _target(self, site_path: str) -> str:
        target = f"{self._root}/{site_path}"
        if site_path in self._recycled:  # a folder then, a file now
            shutil.rmtree(target)
            self._recycled = {f for f in self._recycled
                              if f != site_path and not f.startswith(f"{site_path}/")}
        folder = site_path.rpartition("/")[0]
        if folder not in self._dirs:
            if folder and folder not in self._recycled:
                os.makedirs(f"{self._root}/{folder}", exist_ok=True)
            self._dirs.add(folder)
        return target

    def remove_unused_folders(self) -> None:
        """The recycled folders this site has no file in (a participant since removed)."""
        used = set()
        for folder in self._dirs:
            while folder and folder not in used:
                used.add(folder)
                folder = folder.rpartition("/")[0]
        for folder in sorted(self._recycled - used, key=lambda f: f.count("/"), reverse=True):
            os.rmdir(f"{self._root}/{folder}")
        self._recycled.clear()

    def write_text(self, site_path: str, text: str) -> None:
        self.write_bytes(site_path, text.encode("utf-8"))

    def write_bytes(self, site_path: str, data: bytes) -> None:
        target = self._target(site_path)
        if not self._keep_previous(site_path, data, target):
            with open(target, "wb") as file:
                file.write(data)

    def copy(self, src: Path, site_path: str) -> None:
        self.write_bytes(site_path, src.read_bytes())

    def _keep_previous(self, site_path: str, data: bytes, target: str) -> bool:
        """Link the previous build's identical file, so unchanged pages keep their date.

        After editing one caption, only the pages that show it change on disk: a
        sync to a server or a host's cache sees exactly what changed.
        """
        if self._previous is None:
            return False
        old = f"{self._previous}/{site_path}"
        try:
            if os.stat(old).st_size != len(data):
                return False
            with open(old, "rb") as file:
                if file.read() != data:
                    return False
            os.link(old, target)
        except OSError:
            return False
        return True

    def keep(self, site_path: str) -> bool:
        """Link the previous build's file at site_path, known unchanged; False if impossible."""
        if self._previous is None:
            return False
        try:
            os.link(f"{self._previous}/{site_path}", self._target(site_path))
        except OSError:
            return False
        return True

    def link(self, src: Path, site_path: str) -> None:
        """Hard-link a cached file (no copy); copy where links are impossible."""
        target = self._target(site_path)
        try:
            os.link(src, target)
        except OSError:
            shutil.copyfile(src, target)


class SiteWriter:
    def __init__(self, output_dir: Path, content_dir: Path):
        self.output_dir = output_dir
        self.content_dir = content_dir

    def check_target(self) -> None:
        """Refuse an output folder whose replacement would destroy someone's files."""
        out, content = self.output_dir, self.content_dir
        problem = None
        if out == content or out in content.parents or content in out.parents:
            problem = "must not be the content folder, inside it, or one of its parents"
        elif out.exists() and not out.is_dir():
            problem = "exists and is not a folder"
        elif out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
            problem = ("is a folder that photovoice did not build; it would be replaced. "
                       "Choose an empty or new folder")
        if problem:
            raise ContentError([Diagnostic(str(out), None, "--output", problem)])

    @contextmanager
    def staging(self) -> Iterator[Staging]:
        parent = self.output_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        root = parent / f".{self.output_dir.name}.staging-{os.getpid()}"
        if (root / MARKER).is_file():  # this process's own, from a build interrupted
            shutil.rmtree(root, ignore_errors=True)
        folders = self._recycle_spare(root)
        (root / MARKER).write_text(_MARKER_TEXT)  # photovoice's, should it be left behind
        swapped = False
        try:
            staging = Staging(root, previous=self.output_dir, folders=folders)
            yield staging
            # The previous site's own marker, linked like any unchanged file (the one
            # written when staging began marks the folder, not the site).
            os.unlink(root / MARKER)
            staging.write_text(MARKER, _MARKER_TEXT)
            staging.remove_unused_folders()
            self._swap_in(root)
            swapped = True
        finally:
            if not swapped:
                shutil.rmtree(root, ignore_errors=True)
            elif root.exists():  # the previous site
                self._keep_folders(root)

    @property
    def _spare(self) -> Path:
        return self.output_dir.parent / f".{self.output_dir.name}.spare"

    def _keep_folders(self, replaced: Path) -> None:
        """Empty the site just replaced of its files and keep its folders, as the next
        build's staging folder.

        A rebuild then creates no folder (there is one per page) and deletes no site;
        unlinking the files is cheap (they are hard links). No file is kept: a withdrawn
        photo or an edited caption must leave no copy behind.
        """
        marker = os.path.join(replaced, MARKER)  # kept: the spare is photovoice's
        inside = len(str(replaced)) + 1
        gone = []  # folders the new site has not: a withdrawn photo's must not stay named
        try:
            for entry in _tree(replaced):
                if entry.is_dir(follow_symlinks=False):
                    if not os.path.isdir(os.path.join(self.output_dir, entry.path[inside:])):
                        gone.append(entry.path)
                elif entry.path != marker:
                    os.unlink(entry.path)
            for folder in gone:
                shutil.rmtree(folder, ignore_errors=True)
            os.rename(replaced, self._spare)
        except OSError:  # another build's spare is there, or the files would not go
            _remove_or_warn(replaced)

    def _recycle_spare(self, root: Path) -> list[str]:
        """Make `root` the staging folder: the folders of the site the last build replaced
        (see _keep_folders), else a new folder. Returns those folders, as site paths."""
        try:
            if not (self._spare / MARKER).is_file():
                raise FileNotFoundError(self._spare)  # none, or not photovoice's
            os.rename(self._spare, root)
        except OSError:
            root.mkdir()
            return []
        with contextlib.suppress(FileNotFoundError):
            os.unlink(root / MARKER)
        inside = len(str(root)) + 1
        return [entry.path[inside:].replace(os.sep, "/") for entry in _tree(root)
                if entry.is_dir(follow_symlinks=False)]

    def _remove_leftovers(self) -> None:
        """Folders of builds that were killed before they could clean up.

        Only photovoice's own: named as it names them (staging or old, then the process
        id) and holding its marker, written into every staging folder when it is made (a
        site it replaced holds it too). A curator's `.build.backup-2024` is neither, and
        stays.
        """
        name = re.compile(rf"\.{re.escape(self.output_dir.name)}\.(?:staging|old)-(\d+)")
        for leftover in self.output_dir.parent.iterdir():
            ours = name.fullmatch(leftover.name)
            if ours and (leftover / MARKER).is_file() and not leftover.is_symlink() \
                    and not _alive(int(ours.group(1))):
                _remove_or_warn(leftover)

    def _swap_in(self, staged: Path) -> None:
        out = self.output_dir
        if not out.exists():
            os.rename(staged, out)
            return
        if _exchange(staged, out):
            return  # `staged` now holds the previous site; the caller removes it
        # No atomic exchange (not Linux): two renames, then the previous site is removed.
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(staged, out)
        _remove_or_warn(old)


def remove_site(folder: Path) -> None:
    """Delete a site photovoice built (or its spare folders), if there; warn if it will
    not go."""
    if (folder / MARKER).is_file() and not folder.is_symlink():
        _remove_or_warn(folder)


def _remove_or_warn(folder: Path) -> None:
    """Delete a replaced or leftover site; say so if it will not go: it may hold photos
    since withdrawn, and nothing of an old site is to stay behind silently."""
    failed: list[str] = []

    def note(path: str, error: BaseException) -> None:
        failed.append(f"{path}: {getattr(error, 'strerror', None) or error}")

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=lambda function, path, error: note(path, error))
    else:
        shutil.rmtree(folder, onerror=lambda function, path, info: note(path, info[1]))
    if failed:
        import logging
        logging.getLogger(__name__).warning(
            "warning: %s holds a previous build that could not be deleted (%s); delete it "
            "yourself: it may hold photos since withdrawn", folder, failed[0])


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file opened for writing that appears at `path` whole, or not at all.

    Written beside `path` under a temporary name and renamed over it when the block
    ends without an error; readers (a web server, a concurrent build) never see half.
    Mode 0644: cached files are hard-linked into the site, which a server must read
    (mkstemp alone would leave them 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fp:
            yield fp
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    with atomic_file(path) as fp:
        fp.write(data)


def _tree(root: Path) -> Iterator[os.DirEntry]:
    """Every entry under root, each folder's entries listed before going into it (a file
    may be unlinked as it is met); symlinked folders are not entered."""
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                yield entry


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2), if the system can."""
    import ctypes  # deferred: see ARCHITECTURE.md

    try:
        # The running program's own C library: find_library would start ldconfig.
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_into_site(site_dir: Path, site_path: str, data: bytes) -> None:
    """A file added to a site already in place (the preview's pages that follow its
    first ones): written whole or not at all, as a server may be reading the folder."""
    write_atomically(site_dir / site_path, data)


def link_into_site(site_dir: Path, site_path: str, src: Path) -> None:
    """A cached file added to a site already in place (the preview's photos, as each is
    derived): hard-linked under a temporary name, then renamed, so a reader sees the
    whole file or none; copied where links are impossible."""
    target = site_dir / site_path
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.link(src, temporary)
    except FileExistsError:
        os.unlink(temporary)
        os.link(src, temporary)
    except OSError:
        write_atomically(target, src.read_bytes())
        return
    os.replace(temporary, target)
