"""What a build or a catalogue is asked to do: the options given, where the cache is, and
where the warnings go.

`BuildOptions` is what the command line (or a caller of `build()`) says. What the run
then does, once the exhibition's own `build:` section is known, is `stages.Settings`
(`stages.resolve_settings`, shared by `build`, `check`, `serve` and `catalogue`: an
option given wins, then exhibition.yaml, then photovoice's default): only a build that
loads the content needs it. This module is read by every build, a no-op one too: it
imports nothing of photovoice (Diagnostic names only the type of what `report_warnings`
hands on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from .diagnostics import Diagnostic

ProgressCallback = Callable[[int, int], None]
WarningCallback = Callable[["Diagnostic"], None]


@dataclass(frozen=True)
class BuildOptions:
    strict: bool | None = None       # None: the exhibition's `build.strict`, else False
    jobs: int | None = None          # worker processes for images; None: the machine's cores
    theme: str | None = None         # a theme name or folder; None: exhibition's, else default
    cache_dir: Path | None = None    # None: .photovoice-cache/ beside the content folder
    widths: tuple[int, ...] | None = None   # None: the exhibition's `build.widths`, else WIDTHS
    formats: tuple[str, ...] | None = None  # None: the exhibition's `build.formats`, else both
    catalogue: bool | None = None    # None: the exhibition's `build.catalogue`, else False
    progress: ProgressCallback | None = field(default=None, compare=False)
    # Where each warning goes as the build finds it (the command line shows it in the
    # curator's language); None: to the `photovoice.build` logger.
    warn: WarningCallback | None = field(default=None, compare=False)


def cache_folder(content_dir: Path, cache_dir: Path | None = None) -> Path:
    """Where builds keep what they reuse: `cache_dir`, else .photovoice-cache beside content.

    Absolute: the records kept there name the folder they are about, and `check`, a build
    and the preview must find the same records whatever folder they were started from.
    """
    return Path(cache_dir or Path(content_dir).parent / ".photovoice-cache").resolve()


def report_warnings(options: BuildOptions, warnings: Iterable[Diagnostic]) -> None:
    """Each warning to `options.warn`, else to the `photovoice.build` logger.

    Logging is imported only for a caller that gave no callback: the command line gives
    one, and a build that finds nothing changed but still has warnings to repeat then
    ends without it (see ARCHITECTURE.md, "Deferred imports")."""
    if options.warn is not None:
        for warning in warnings:
            options.warn(warning)
        return
    warnings = tuple(warnings)
    if warnings:
        import logging  # deferred: see ARCHITECTURE.md

        for warning in warnings:
            logging.getLogger("photovoice.build").warning("%s", warning)
