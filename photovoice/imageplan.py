"""What files each published photo gets: widths, formats, exact sizes, encoder quality.

Planning needs no pixels: the build's main process plans every photo (and names its
files) without importing Pillow; images.py does the pixel work in the workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Redaction

PIPELINE_VERSION = 4
# 2016 is half a 12 MP phone photo (4032 x 3024): decoded at half size by the JPEG
# decoder, no resize. 1440 serves 360-414 px phones at 3x and 1x laptops; 960 phones
# at 2x; 2016 2x laptops and full-screen slideshows.
WIDTHS = (480, 960, 1440, 2016)
FORMATS = ("webp", "jpeg")  # the order of each width's files; JPEG is always there
# The width Open Graph consumers (Facebook, LinkedIn, Mastodon...) ask for in link previews.
SHARE_WIDTH = 1200

DEFAULT_QUALITY = {"webp": 78, "jpeg": 82}
_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
# WebP cannot store a side longer than this; JPEG's limit (65535) is never reached first.
_WEBP_MAX_SIDE = 16383
# libjpeg's JPEG_MAX_DIMENSION: only the share JPEG, which has no WebP twin, can reach it.
_JPEG_MAX_SIDE = 65500


@dataclass(frozen=True)
class ImageSpec:
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
    """A file per format for each responsive width the source can fill, largest first.

    A very tall picture loses the widths that would make it taller than WebP allows.
    """
    widths = sorted((w for w in set(widths) if w <= info.width), reverse=True) or [info.width]
    widths = [w for w in widths if output_size(info, w)[1] <= _WEBP_MAX_SIDE] or [
        max(1, _WEBP_MAX_SIDE * info.width // info.height)]
    return tuple(
        ImageSpec(width, fmt, DEFAULT_QUALITY[fmt]) for width in widths for fmt in formats
    )


def share_spec(info: SourceInfo) -> ImageSpec:
    """The JPEG link previews show: SHARE_WIDTH wide, or the source's width if narrower."""
    width = min(SHARE_WIDTH, info.width)
    if output_size(info, width)[1] > _JPEG_MAX_SIDE:
        width = max(1, _JPEG_MAX_SIDE * info.width // info.height)
    return ImageSpec(width, "jpeg", DEFAULT_QUALITY["jpeg"])


def output_size(info_or_size: SourceInfo | tuple[int, int], width: int) -> tuple[int, int]:
    """The exact size derive_images produces for `width` (never upscaled)."""
    if isinstance(info_or_size, SourceInfo):
        src_width, src_height = info_or_size.width, info_or_size.height
    else:
        src_width, src_height = info_or_size
    out_width = min(width, src_width)
    # Integer round-half-up, so the answer never depends on float rounding.
    out_height = (2 * src_height * out_width + src_width) // (2 * src_width)
    return out_width, max(1, out_height)
