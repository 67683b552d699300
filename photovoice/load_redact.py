"""A photo's `redact:` regions -> Redaction, as fractions of the upright photo.

Curators measure in an image editor, which shows pixels: a region given in pixels is
recognised (a value above 1) and the error gives the same region in fractions of this
photo's size, ready to copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .diagnostics import Phrase, said
from .fields import FieldReader
from .model import Redaction
from .yamlsource import LinedList, LinedMapping

KEYS = ("x", "y", "w", "h")
EXAMPLE = "{x: 0.4, y: 0.2, w: 0.2, h: 0.15}"


@dataclass(frozen=True)
class InPixels:
    """A region whose numbers are pixels: reported once the photo's size is known."""

    line: int | None
    field: str
    numbers: dict[str, float]


def read_redactions(reader: FieldReader, entry: LinedMapping, field: str
                    ) -> tuple[tuple[Redaction, ...], tuple[InPixels, ...]]:
    value = entry.get("redact")
    if value is None:
        return (), ()
    if not isinstance(value, LinedList):
        reader.source.report(entry.lines["redact"], f"{field}.redact",
                             said("expected a list of regions like - {example}",
                                  example=EXAMPLE))
        return (), ()
    regions, in_pixels = [], []
    for position, (region, line) in enumerate(zip(value, value.lines), start=1):
        where = f"{field}.redact[{position}]"
        region = reader.source.check_mapping(region, where, line, KEYS)
        if region is None:
            continue
        if _pixels(region):
            in_pixels.append(InPixels(line, where, {key: region[key] for key in KEYS}))
            continue
        numbers = {}
        for key in KEYS:
            if reader.source.require(region, key, f"{where}.{key}"):
                numbers[key] = reader.number(region, key, f"{where}.{key}", 0, 1)
        if None in numbers.values() or len(numbers) < 4:
            continue
        if numbers["w"] == 0 or numbers["h"] == 0 or numbers["x"] + numbers["w"] > 1.0001 \
                or numbers["y"] + numbers["h"] > 1.0001:
            reader.source.report(line, where, "the region must have a size and stay inside the "
                                 "image (x + w and y + h at most 1)")
            continue
        regions.append(Redaction(**numbers))
    return tuple(regions), tuple(in_pixels)


def _pixels(region: LinedMapping) -> bool:
    """Four numbers, none negative, one above 1: a region measured in pixels."""
    values: list[Any] = [region.get(key) for key in KEYS]
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return len(numbers) == 4 and min(numbers) >= 0 and max(numbers) > 1


def pixels_message(region: InPixels, width: int | None, height: int | None) -> Phrase:
    """What to write instead, in fractions of a photo `width` x `height` (upright)."""
    if not width or not height:
        return said("the numbers look like pixels; redact takes fractions from 0 to 1 of the "
                    "photo's width and height, not pixels (e.g. {example})", example=EXAMPLE)
    n = region.numbers
    fractions = {"x": n["x"] / width, "y": n["y"] / height,
                 "w": n["w"] / width, "h": n["h"] / height}
    if fractions["x"] + fractions["w"] > 1.0001 or fractions["y"] + fractions["h"] > 1.0001:
        return said("the numbers look like pixels, but this photo is {width} x {height} pixels "
                    "(upright) and the region would go past its edge; redact takes fractions "
                    "from 0 to 1 of the photo's width and height, not pixels",
                    width=width, height=height)
    written = ", ".join(f"{key}: {_short(value)}" for key, value in fractions.items())
    return said("the numbers look like pixels; redact takes fractions from 0 to 1 of the "
                "photo's width and height, not pixels. This photo is {width} x {height} pixels "
                "(upright), so write {{{fractions}}}", width=width, height=height,
                fractions=written)


def _short(value: float) -> str:
    """0.15873 -> '0.1587': close to a pixel on a 4000-pixel photo, and short to read."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
