"""What files each published photo gets: widths, formats, exact sizes, encoder quality.

Planning needs no pixels: the build's main process plans every photo (and names its
files) without importing Pillow; images.py does the pixel work in the workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Redaction

PIPELINE_VERSION = 8  # 8: the JPEG beside WebP with standard Huffman tables (images.py),
# which no cache key holds
# The sizes of each photo's renditions: each is the rendition's longest side (its width
# when landscape, its height when portrait), since every place the theme shows a photo
# limits its height too. 2016 is half a 12 MP phone photo (4032 x 3024), landscape or
# portrait: decoded at half size by the JPEG decoder, no resize. 1440 serves 360-414 px
# phones at 3x and 1x laptops; 960 phones at 2x; 2016 2x laptops and full-screen slideshows.
WIDTHS = (480, 960, 1440, 2016)
FORMATS = ("webp", "jpeg")  # the order of each width's files
# With WebP made, the JPEG is only <img>'s fallback (every browser in use shows the WebP
# <source>), so it gets one size, not every width: the largest width up to this one.
# 1440 fills an old phone's screen at 3x and an old laptop's photo page; the "View
# full size" link opens the largest WebP. Without WebP (build.formats: [jpeg]) the
# JPEG gets every width.
JPEG_FALLBACK_WIDTH = 1440
# The width Open Graph consumers (Facebook, LinkedIn, Mastodon...) ask for in link previews.
SHARE_WIDTH = 1200

# WebP q76 at images._WEBP_METHOD 2: no size's bytes above those of q78 at method 4, the
# setting before, in half its encoding time (benchmarks/results.md, issue 21).
DEFAULT_QUALITY = {"webp": 76, "jpeg": 82}
_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
# WebP cannot store a side longer than this; JPEG's limit (65535) is never reached first.
_WEBP_MAX_SIDE = 16383
# libjpeg's JPEG_MAX_DIMENSION: only the share JPEG, which has no WebP twin, can reach it.
_JPEG_MAX_SIDE = 65500


@dataclass(frozen=True)
class ImageSpec:
    """One rendition: `width` is its size class, the longest side of the output (see
    output_size), which names the file and the cache entry."""

    width: int
    format: str
    quality: int

    def __post_init__(self) -> None:
        if self.format not in _EXTENSIONS:
            raise ValueError(f"image format must be 'webp' or 'jpeg', not {self.format!r}")
        if self.width < 1 or not 1 <= self.quality <= 100:
            raise ValueError(f"bad image spec: width {self.width}, quality {self.quality}")

    @property
    def ext(self) -> str:
        return _EXTENSIONS[self.format]


@dataclass(frozen=True)
class SourceInfo:
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class ImageJob:
    src: Path
    specs: tuple[ImageSpec, ...]
    redactions: tuple[Redaction, ...] = ()


def plan_specs(info: SourceInfo, widths: tuple[int, ...] = WIDTHS,
               formats: tuple[str, ...] = FORMATS) -> tuple[ImageSpec, ...]:
    """The files of each size (longest side) the source can fill, largest first: every
    format's, except that beside WebP the JPEG has only its fallback size.

    A source smaller than every size gets its own size; none is longer than WebP allows.
    """
    longest = max(info.width, info.height)
    widths = sorted((w for w in set(widths) if w <= longest), reverse=True) or [longest]
    widths = [w for w in widths if w <= _WEBP_MAX_SIDE] or [_WEBP_MAX_SIDE]
    fallback = fallback_width(widths) if "webp" in formats else None
    return tuple(
        ImageSpec(width, fmt, DEFAULT_QUALITY[fmt]) for width in widths for fmt in formats
        if fmt == "webp" or fallback in (None, width)
    )


def fallback_width(widths: list[int] | tuple[int, ...]) -> int:
    """The JPEG's one size beside WebP: the largest up to JPEG_FALLBACK_WIDTH, else the
    smallest there is."""
    return max((w for w in widths if w <= JPEG_FALLBACK_WIDTH), default=min(widths))


def share_spec(info: SourceInfo) -> ImageSpec:
    """The JPEG link previews show: SHARE_WIDTH wide, or the source's width if narrower.

    Link cards are laid out by width, so a portrait's preview is SHARE_WIDTH wide (and
    taller): the spec's size is the longest side that gives that width.
    """
    width = min(SHARE_WIDTH, info.width)
    side = _scaled(info.height, width, info.width) if info.height > info.width else width
    return ImageSpec(min(side, _JPEG_MAX_SIDE), "jpeg", DEFAULT_QUALITY["jpeg"])


def output_size(info_or_size: SourceInfo | tuple[int, int], side: int) -> tuple[int, int]:
    """The exact size derive_images produces for size `side`: the source fitted in a
    `side` x `side` box, so `side` is its longest side (never upscaled)."""
    if isinstance(info_or_size, SourceInfo):
        src_width, src_height = info_or_size.width, info_or_size.height
    else:
        src_width, src_height = info_or_size
    if src_width >= src_height:
        out_width = min(side, src_width)
        return out_width, _scaled(src_height, out_width, src_width)
    out_height = min(side, src_height)
    return _scaled(src_width, out_height, src_height), out_height


def _scaled(length: int, numerator: int, denominator: int) -> int:
    """length * numerator / denominator, rounded half up, at least 1: in integers, so the
    answer never depends on float rounding."""
    return max(1, (2 * length * numerator + denominator) // (2 * denominator))
