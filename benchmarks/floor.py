"""The floor: the least work any build must do to publish the same image files.

For every JPEG under <content>/participants/: decode it once (JPEG draft mode when the
largest output is at most half the source), resize to each size (photovoice's box fit:
the size is the longest side; largest first, each from the previous one, with the same
filter as photovoice), apply the EXIF orientation after the first resize (as photovoice
does: fewer pixels to move), encode with the same settings as photovoice (beside WebP,
the JPEG only at its one fallback size, with the fallback's options), write the file.
No YAML, no hashing, no cache, no pages, no metadata checks, no staging folder. run.py
passes photovoice's settings. Its worker processes keep the memory a photo freed for
the next one, as photovoice's workers do (photovoice.derive.reuse_freed_memory): giving
it back to the system is allocator churn, not work.

    python benchmarks/floor.py --content C --output O --jobs 2 \
        --widths 2016,1440,960,480 --formats webp,jpeg --jpeg-fallback 1440
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

# The same allocator limits as photovoice's workers (the floor measures work, not churn).
from photovoice.derive import reuse_freed_memory

TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}


def output_size(src: tuple[int, int], side: int) -> tuple[int, int]:
    """photovoice's rule: the longest side is `side` (never upscaled), the other side in
    proportion, rounded half up."""
    long, short = max(src), min(src)
    out_long = min(side, long)
    out_short = max(1, (2 * short * out_long + long) // (2 * long))
    return (out_long, out_short) if src[0] >= src[1] else (out_short, out_long)


def process(task: tuple) -> int:
    (src, dest_stem, widths, formats, quality, webp_method, reducing_gap, resample, jpeg,
     jpeg_fallback, fallback_options) = task
    resample = Image.Resampling[resample]
    img = Image.open(src)  # opened by name: load() closes the file
    orientation = img.getexif().get(0x0112, 1)
    method = TRANSPOSE.get(orientation)
    stored = img.size
    upright = (stored[1], stored[0]) if orientation >= 5 else stored
    # photovoice's plan: the sizes the source can fill (never upscaled), else its own.
    widths = [w for w in widths if w <= max(upright)] or [max(upright)]
    largest = output_size(upright, max(widths))
    # photovoice's plan beside WebP: one JPEG, the largest size up to the fallback's.
    jpeg_width = (max((w for w in widths if w <= jpeg_fallback), default=min(widths))
                  if jpeg_fallback and "webp" in formats else None)
    # photovoice's encoding: beside WebP, the JPEG (the fallback) with its own options.
    jpeg = fallback_options if "webp" in formats else jpeg
    if img.format in ("JPEG", "MPO"):
        img.draft("RGB", largest[::-1] if orientation >= 5 else largest)
    img.load()
    picture = img if img.mode in ("RGB", "L") else img.convert("RGB")
    written = 0
    for width in sorted(set(widths), reverse=True):
        size = output_size(upright, width)
        stored_size = size[::-1] if method is not None and orientation >= 5 else size
        if picture.size != stored_size:
            picture = picture.resize(stored_size, resample, reducing_gap=reducing_gap)
        if method is not None:
            picture, method = picture.transpose(method), None
        for fmt in formats:
            if fmt == "jpeg" and jpeg_width not in (None, width):
                continue
            buffer = io.BytesIO()
            if fmt == "jpeg":
                picture.save(buffer, "JPEG", quality=quality["jpeg"], **jpeg)
            else:
                picture.save(buffer, "WEBP", quality=quality["webp"], method=webp_method)
            Path(f"{dest_stem}-{width}.{EXTENSIONS[fmt]}").write_bytes(buffer.getvalue())
            written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--widths", default="2016,1440,960,480")
    parser.add_argument("--formats", default="webp,jpeg")
    parser.add_argument("--webp-quality", type=int, default=78)
    parser.add_argument("--jpeg-quality", type=int, default=82)
    parser.add_argument("--webp-method", type=int, default=4)
    parser.add_argument("--reducing-gap", type=float, default=3.0)
    parser.add_argument("--resample", default="BICUBIC", help="a PIL.Image.Resampling name")
    parser.add_argument("--jpeg-options", default='{"optimize": true}',
                        help="JPEG save() options besides quality, as JSON")
    parser.add_argument("--jpeg-fallback-options", default="{}",
                        help="the JPEG's save() options beside WebP, as JSON")
    parser.add_argument("--jpeg-fallback", type=int, default=0,
                        help="beside WebP, the JPEG's one size is the largest width up to "
                             "this [default: 0, the JPEG at every width]")
    args = parser.parse_args(argv)
    widths = tuple(int(w) for w in args.widths.split(","))
    formats = tuple(args.formats.split(","))
    quality = {"webp": args.webp_quality, "jpeg": args.jpeg_quality}
    tasks = []
    for src in sorted((args.content / "participants").glob("*/*")):
        if src.suffix.lower() not in (".jpg", ".jpeg"):
            continue
        folder = args.output / src.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        tasks.append((str(src), str(folder / src.stem), widths, formats, quality,
                      args.webp_method, args.reducing_gap, args.resample,
                      json.loads(args.jpeg_options), args.jpeg_fallback,
                      json.loads(args.jpeg_fallback_options)))
    if args.jobs <= 1:
        files = sum(map(process, tasks))
    else:
        with ProcessPoolExecutor(max_workers=args.jobs, initializer=reuse_freed_memory) as pool:
            files = sum(pool.map(process, tasks))
    print(f"floor: {len(tasks)} photos, {files} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
