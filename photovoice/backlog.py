"""The photos a preview still lacks, derived in worker processes in the order they are wanted.

A build derives every photo before it swaps its site in (complete or nothing); the
preview shows its pages first and lets the photos follow. The files land in the cache
one photo at a time, each announced to the caller, and a photo a browser has asked for
goes ahead of the others: only as many photos are handed to the workers as there are
workers, so the order can change until a worker takes the next one.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .derive import (PlannedPhoto, Todo, available_memory, decoder_warnings, derive_into,
                     destinations, is_large, problem_with, start_worker, workers_for)
from .diagnostics import Diagnostic, ImageError

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .cache import ImageCache

PhotoKey = tuple[str, str]
Landed = Callable[[PlannedPhoto, tuple[Diagnostic, ...]], None]  # in the cache; decoder warnings
Failed = Callable[[PlannedPhoto, Diagnostic], None]
Progress = Callable[[int, int], None]            # photos done, photos to derive


class PhotoBacklog:
    """Derive `todo` in up to `jobs` worker processes, wanted photos first.

    `on_landed`, `on_failed` and `progress` are called from the pool's thread, one photo
    at a time; `on_done` once, when the last photo is done (not after `stop()`).
    """

    def __init__(self, todo: list[Todo], cache: ImageCache, jobs: int | None,
                 on_landed: Landed, on_failed: Failed, progress: Progress,
                 on_done: Callable[[], None]) -> None:
        # Largest sources first, as a build does: one big panorama does not finish last alone.
        ordered = sorted(todo, key=lambda item: -item.photo.info.width * item.photo.info.height)
        self._waiting: OrderedDict[PhotoKey, Todo] = OrderedDict(
            (item.photo.key, item) for item in ordered)
        self._cache, self.total = cache, len(todo)
        self._workers = workers_for(jobs or os.cpu_count() or 1,
                                    [item.photo.info for item in todo], available_memory())
        self._on_landed, self._on_failed, self._progress = on_landed, on_failed, progress
        self._on_done = on_done
        self._lock = threading.Lock()
        self._running: set[Future] = set()
        self._pool: ProcessPoolExecutor | None = None
        self._stopped = False
        self.done = 0

    def start(self) -> None:
        if not self._waiting:
            self._on_done()
            return
        from concurrent.futures import ProcessPoolExecutor  # deferred: see ARCHITECTURE.md

        self._progress(0, self.total)
        self._pool = ProcessPoolExecutor(max_workers=self._workers, initializer=start_worker)
        with self._lock:
            for _ in range(self._workers):
                self._hand_out()

    def want(self, key: PhotoKey) -> None:
        """Derive this photo next (a browser is waiting for it), if not already begun."""
        with self._lock:
            if key in self._waiting:
                self._waiting.move_to_end(key, last=False)

    def waiting(self, key: PhotoKey) -> bool:
        with self._lock:
            return key in self._waiting

    def stop(self) -> None:
        """Derive nothing more; wait for the photos the workers have begun (their files
        are written whole into the cache, where the next preview finds them)."""
        with self._lock:
            self._stopped = True
            self._waiting.clear()
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _hand_out(self) -> None:
        """Give the first waiting photo to a worker (with the lock held)."""
        if self._stopped or not self._waiting or self._pool is None:
            return
        _, item = self._waiting.popitem(last=False)
        future = self._pool.submit(derive_into, item.jobs, destinations(self._cache, item),
                                   is_large(item.photo.info))
        self._running.add(future)
        future.add_done_callback(lambda finished: self._finished(item, finished))

    def _finished(self, item: Todo, future: Future) -> None:
        with self._lock:
            self._running.discard(future)
            if self._stopped or future.cancelled():
                return
            self.done += 1
            done, last = self.done, self.done == self.total
            self._hand_out()
        outcome = future.exception() or future.result()
        if isinstance(outcome, ImageError):
            self._on_failed(item.photo, problem_with(item.photo, outcome))
        elif isinstance(outcome, BaseException):  # a worker killed (the OOM killer...)
            self._on_failed(item.photo, problem_with(item.photo, ImageError(str(outcome))))
        else:  # what the decoders said, remembered with the cache as a build does
            self._cache.record_decoded(item.photo.job.src, outcome)
            self._on_landed(item.photo, decoder_warnings(item.photo, self._cache))
        self._progress(done, self.total)
        if last:
            self._let_workers_go()
            self._on_done()

    def _let_workers_go(self) -> None:
        """End the idle workers once every photo is done (from the pool's own thread:
        without waiting for them, which would wait for this very thread)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)


def cached_files(photo: PlannedPhoto, cache: ImageCache) -> list[Path]:
    """Every file of a photo the cache now holds, in photo.specs order."""
    return [path for key, specs in photo.parts for path in cache.paths(photo.source, key, specs)]
