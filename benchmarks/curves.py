"""Encoder curves for the full image set: CPU time against bytes (and quality), per size.

    python benchmarks/curves.py [--landscape 2] [--portrait 1]
        [--webp-methods 0,2,4,6] [--webp-qualities 70,74,78,82] [--jpeg-qualities 75,82,88]
        [--against 78:4]

For each size of the full set (photovoice's WIDTHS, each the longest side, made as the
build makes it: the 1/2 draft, then each size from the one above), every encoder
setting asked for is timed (CPU seconds, best of two), its bytes counted and its
decoded picture compared with the uncompressed one (PSNR and SSIM on luma). Then what
the JPEG renditions cost: the CPU seconds and bytes of the four JPEGs beside the four
WebPs at photovoice's settings. Last, every WebP setting beside a reference one
(`--against QUALITY:METHOD`, default photovoice's): its CPU seconds for a photo's
sizes, and each size's bytes over the photos as a share of the reference's, so the
setting that costs least without any size growing can be read off. CPU time, not wall
time: the machine is shared. Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from choices import (LANDSCAPE_SHARE, R, TRANSPOSE, box_for, corpus_module,  # noqa: E402
                     encode, images, quality, timed)


def renditions(path: Path, widths: tuple[int, ...]) -> list[tuple[int, Image.Image]]:
    """The uncompressed picture of every size, upright, each from the one above (the
    encoders' cost depends on the picture, not on when it was turned upright)."""
    img = Image.open(path)
    method = TRANSPOSE.get(img.getexif().get(0x0112, 1))
    upright = img.size[::-1] if method else img.size
    largest = box_for(upright, max(widths))
    img.draft("RGB", largest[::-1] if method else largest)
    img.load()
    picture = img.convert("RGB")
    if method:
        picture = picture.transpose(method)
    made = []
    for width in sorted(widths, reverse=True):
        size = box_for(upright, width)
        if picture.size != size:
            picture = picture.resize(size, R.BICUBIC, reducing_gap=3.0)
        made.append((width, picture))
    return made


def settings(args) -> list[tuple[str, str, dict]]:
    grid = [(q, m) for m in args.webp_methods for q in args.webp_qualities]
    if args.reference not in grid:
        grid.append(args.reference)
    rows = [("webp", f"WebP q{q} method {m}", {"quality": q, "method": m}) for q, m in grid]
    rows += [("jpeg", f"JPEG q{q} baseline optimized", {"quality": q, "optimize": True})
             for q in args.jpeg_qualities]
    return rows


def measure(pictures: list[Image.Image], fmt: str, options: dict
            ) -> tuple[float, float, float, float, float]:
    """Median over the photos of (CPU s, KB, PSNR dB, SSIM), then the KB of all of them."""
    found = []
    for picture in pictures:
        cpu, blob = timed(lambda: encode(picture, fmt.upper(), **options))
        decoded = Image.open(io.BytesIO(blob)).convert("RGB")
        found.append((cpu, len(blob) / 1000, *quality(picture, decoded)))
    medians = tuple(statistics.median(column) for column in zip(*found))
    return (*medians, sum(row[1] for row in found))


def against(table: dict, sizes: list[int], labels: list[str], reference: str) -> list[str]:
    """Each WebP setting beside the reference: CPU s for one photo's sizes (the sum of
    the sizes' medians), each size's bytes over all the photos in % of the reference's,
    and the largest of those shares (at most 100 %: no size grows)."""
    widths = sorted(sizes, reverse=True)
    lines = [f"\nEach WebP setting beside {reference} (bytes: the photos' total per size):\n",
             "| setting | CPU s a photo | " + " | ".join(f"{w} bytes" for w in widths)
             + " | largest share |", "|---|---:|" + "---:|" * (len(widths) + 1)]
    for label in labels:
        if not label.startswith("WebP") or any((w, label) not in table for w in widths):
            continue
        cpu = sum(table[(w, label)][0] for w in widths)
        shares = [100 * table[(w, label)][4] / table[(w, reference)][4] for w in widths]
        lines.append(f"| {label} | {cpu:.3f} | "
                     + " | ".join(f"{share:.1f} %" for share in shares)
                     + f" | {max(shares):.1f} % |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--landscape", type=int, default=2)
    parser.add_argument("--portrait", type=int, default=1)
    numbers = lambda text: [int(x) for x in text.split(",")]  # noqa: E731
    parser.add_argument("--webp-methods", type=numbers, default=[0, 2, 4, 6])
    parser.add_argument("--webp-qualities", type=numbers, default=[70, 74, 78, 82])
    parser.add_argument("--jpeg-qualities", type=numbers, default=[75, 82, 88])
    parser.add_argument("--against", default=None, metavar="QUALITY:METHOD",
                        help="the WebP setting the others' bytes are compared with "
                             "[default: photovoice's]")
    args = parser.parse_args(argv)
    if args.against:
        quality_against, method_against = numbers(args.against.replace(":", ","))
    else:
        quality_against, method_against = images.DEFAULT_QUALITY["webp"], images._WEBP_METHOD
    reference = f"WebP q{quality_against} method {method_against}"
    args.reference = (quality_against, method_against)
    images.configure_pillow()
    root = corpus_module.ensure_corpus("exhibition")
    photos = sorted((root / "content" / "participants").glob("*/*.jpg"))
    by_orientation: dict[bool, list[Path]] = {True: [], False: []}
    for path in photos:
        by_orientation[Image.open(path).getexif().get(0x0112, 1) in TRANSPOSE].append(path)
    chosen = by_orientation[False][: args.landscape] + by_orientation[True][: args.portrait]
    sizes: dict[int, list[Image.Image]] = {}
    for path in chosen:
        for width, picture in renditions(path, images.WIDTHS):
            sizes.setdefault(width, []).append(picture)
    print(f"{len(chosen)} photos of the exhibition corpus ({args.landscape} landscape, "
          f"{args.portrait} portrait); medians over the photos.\n")
    print("| size | setting | CPU s | KB | PSNR dB | SSIM |\n|---|---|---:|---:|---:|---:|")
    table: dict[tuple[int, str], tuple] = {}
    for width in sorted(sizes, reverse=True):
        for fmt, label, options in settings(args):
            row = table[(width, label)] = measure(sizes[width], fmt, options)
            print(f"| {width} | {label} | {row[0]:.3f} | {row[1]:.0f} | {row[2]:.2f} "
                  f"| {row[3]:.4f} |", flush=True)
    ours = {"webp": f"WebP q{images.DEFAULT_QUALITY['webp']} method {images._WEBP_METHOD}",
            "jpeg": f"JPEG q{images.DEFAULT_QUALITY['jpeg']} baseline optimized"}
    print("\nWhat each format costs at photovoice's settings, all four sizes, per photo:\n")
    print("| format | CPU s | KB |\n|---|---:|---:|")
    for fmt, label in ours.items():
        if all((width, label) in table for width in sizes):
            cpu = sum(table[(width, label)][0] for width in sizes)
            size = sum(table[(width, label)][1] for width in sizes)
            print(f"| {fmt} | {cpu:.3f} | {size:.0f} |")
    print("\n".join(against(table, list(sizes), [label for _, label, _ in settings(args)],
                             reference)))
    print(f"\n(The exhibition corpus weights landscape photos {LANDSCAPE_SHARE:.2f}.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
