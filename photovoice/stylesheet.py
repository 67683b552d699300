"""The theme's static files as the site publishes them: the stylesheet learns the shapes
of the published photos.

A photo fitted to the screen's height (`width: auto; max-height: 70svh`) has no box
until its file arrives, since its width comes from the file: the words under it jump
when it lands. CSS can compute that width beforehand (the height allowed times the
photo's proportions) if it knows the proportions, and a page may hold no style of its
own (its Content-Security-Policy allows none). So each shape the published photos have,
the size of their largest file, gets one class in the stylesheet every page links,
`.shape-2016x1512{aspect-ratio:2016/1512;--r:2016/1512;--w:2016px}`, and each photo's
<img> carries its class (`Picture.shape`). A photo of a new shape changes the
stylesheet's name, and so every page (asset names are part of every page's key); a photo
of a known shape changes nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping

from .views import Picture

STYLESHEET = "style.css"

# A string (kept whole: it may hold "/*") or a comment; a comment opened with /*! is kept
# (a licence, by convention).
_STRING_OR_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*(?!!).*?\*/""",
                                re.DOTALL)


def shape_rules(pictures: Iterable[Picture]) -> str:
    """One rule per shape, in a stable order: the same photos make the same stylesheet."""
    shapes = sorted({(p.largest.width, p.largest.height, p.shape) for p in pictures})
    return "".join(f".{name}{{aspect-ratio:{width}/{height};--r:{width}/{height};"
                   f"--w:{width}px}}\n" for width, height, name in shapes)


def without_comments(css: str) -> str:
    """The stylesheet without its comments: they are for the theme's readers, and every
    visitor would download them (the theme keeps them in its own file)."""
    css = _STRING_OR_COMMENT.sub(lambda match: match.group(1) or "", css)
    return re.sub(r"\n[ \t]*(?=\n)", "", css)  # the lines that held only a comment


def site_static(files: Mapping[str, Path], pictures: Iterable[Picture]) -> dict[str, bytes]:
    """Each static file's bytes in the site: the theme's, its stylesheet (if it has one)
    without comments and followed by the photos' shapes."""
    static = {name: path.read_bytes() for name, path in files.items()}
    if STYLESHEET in static:
        css = without_comments(static[STYLESHEET].decode("utf-8"))
        static[STYLESHEET] = (css + shape_rules(pictures)).encode("utf-8")
    return static
