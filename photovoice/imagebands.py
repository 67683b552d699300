"""A large picture converted and reduced a band of rows at a time, in bounded memory.

A decoded picture whose colour mode must change before it can be published (an alpha
channel or a colour key to flatten on white, a palette, 16-bit grey, CMYK, a grey
profile) would otherwise be converted whole: a second full-size copy, twice and more
the memory of the decoded picture (a 100-megapixel RGBA PNG: 400 MB decoded, 1.3 GB at
the peak). Here each band of source rows is converted, redacted and resized straight
into the largest output, so the peak is the decoded picture, the output and one band.

Pillow's `resize(box=...)` computes the output rows of a region from the rows around
it, so bands cropped with the filter's reach on either side meet without a seam.

A HEIF's picture is decoded by libheif into a buffer of its own; copying it whole into a
Pillow image would hold the picture twice. It stays where libheif left it
(`DecodedRows`), and each band is copied out as it is needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PIL import Image

# Output rows per band: a band of a 100-megapixel panorama (20,000 pixels wide) is then
# about 200 source rows, 16 MB.
_OUTPUT_ROWS = 16
# BICUBIC reaches 2 output pixels either side: that many source rows times the scale.
_FILTER_REACH = 2


class DecodedRows:
    """A picture decoded outside Pillow: rows of pixels, `stride` bytes apart, in a
    buffer that Pillow reads band by band (the `size`, `mode`, `info` and `crop` of an
    Image, which is all `reduce_in_bands` uses)."""

    def __init__(self, mode: str, size: tuple[int, int], pixels: memoryview, stride: int,
                 info: dict) -> None:
        self.mode, self.size, self.info = mode, size, info
        self._pixels, self._stride = pixels, stride

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    def crop(self, box: tuple[int, int, int, int]) -> Image.Image:
        """The box's pixels as a Pillow image of their own, with the picture's info."""
        left, top, right, bottom = box
        rows = Image.frombytes(self.mode, (self.width, bottom - top),
                               bytes(self._pixels[top * self._stride:bottom * self._stride]),
                               "raw", self.mode, self._stride)
        picture = rows if (left, right) == (0, self.width) else rows.crop(
            (left, 0, right, bottom - top))
        picture.info = dict(self.info)
        return picture


def needs_converting(img: Image.Image | DecodedRows) -> bool:
    """Whether publishing the decoded picture makes a copy of it (to convert its mode,
    or to bring it into Pillow)."""
    if isinstance(img, DecodedRows):
        return True
    if img.mode not in ("RGB", "L") or "transparency" in img.info:
        return True
    return img.mode == "L" and bool(img.info.get("icc_profile"))  # to RGB and back


def reduce_in_bands(img: Image.Image | DecodedRows, size: tuple[int, int],
                    convert: Callable[[Image.Image], Image.Image],
                    boxes: list[tuple[int, int, int, int]], resample: Image.Resampling
                    ) -> Image.Image:
    """`img` converted by `convert`, each box in `boxes` filled with its average colour
    (a redaction, computed at full size), and resized to `size` (both as stored)."""
    width, height = img.size
    out_width, out_height = size
    scale = height / out_height
    reach = math.ceil(_FILTER_REACH * scale) + 1
    colours = [(box, _average(convert(img.crop(box)))) for box in boxes]
    reduced = None
    for top in range(0, out_height, _OUTPUT_ROWS):
        bottom = min(out_height, top + _OUTPUT_ROWS)
        first, last = top * scale, bottom * scale  # the source rows of these output rows
        crop_top = max(0, math.floor(first) - reach)
        crop_bottom = min(height, math.ceil(last) + reach)
        band = convert(img.crop((0, crop_top, width, crop_bottom)))
        for (left, upper, right, lower), colour in colours:
            if upper < crop_bottom and lower > crop_top:
                band.paste(colour, (left, max(upper, crop_top) - crop_top, right,
                                    min(lower, crop_bottom) - crop_top))
        piece = band.resize((out_width, bottom - top), resample,
                            box=(0, first - crop_top, width, last - crop_top))
        if reduced is None:
            reduced = Image.new(piece.mode, size)
        reduced.paste(piece, (0, top))
    assert reduced is not None
    return reduced


def _average(region: Image.Image):
    """The region's average colour: all a redaction leaves (see images._obliterate)."""
    return region.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))

