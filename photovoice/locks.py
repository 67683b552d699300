"""One build at a time per output folder and per cache: the operating system's advisory
file locks (flock), held for the whole build.

Two builds into one output folder (a second terminal, a save while `serve` rebuilds)
each trusted what the other was replacing: the previous site's files, hard-linked into
the new one, and the record of what they held. Under the lock, a build reads the
previous state, links the previous files and swaps its site in with no other build
doing any of it. A second build waits, saying so. The lock goes with the process: a
build killed outright leaves no stale lock behind.
"""

from __future__ import annotations

import os
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator


def cache_lock_path(cache_root: Path) -> Path:
    return cache_root / "lock"


@contextmanager
def one_build_at_a_time(output_dir: Path | None, cache_root: Path) -> Iterator[None]:
    """Hold the output folder's lock (if any), then the cache's: always in that order,
    so two builds sharing one of them never wait for each other in a circle.

    The output's lock is the folder that holds it, locked as it is (Linux and the BSDs
    lock folders too): the output itself is swapped whole, and a lock file beside it
    would be one more file in the curator's project. The cache's is a file inside it
    (the preview's output folder is inside the cache: two locks on one folder, taken by
    one process, would wait for each other).
    """
    with ExitStack() as held:
        if output_dir is not None:
            output_dir.parent.mkdir(parents=True, exist_ok=True)
            held.enter_context(_locked(os.open(output_dir.parent, os.O_RDONLY), output_dir))
        lock_file = cache_lock_path(cache_root)
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        held.enter_context(_locked(os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644),
                                   cache_root))
        yield


@contextmanager
def _locked(fd: int, subject: Path) -> Iterator[None]:
    """Hold an exclusive lock on the open file `fd`, then close it (which releases it)."""
    try:
        try:
            import fcntl
        except ImportError:  # Windows has no flock: one build at a time is the curator's care
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            import logging

            logging.getLogger(__name__).warning(
                "Another photovoice build is using %s; waiting for it to finish.", subject)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
