"""Measure the image pipeline's choices on corpus photos: cost (CPU seconds) vs quality.

    python benchmarks/choices.py [--photos 3]

- resize: how the 2400 px (and 2048 px) image is made from a 12 MP source, against a
  plain LANCZOS reference (PSNR and SSIM on luma);
- decode: full decode vs JPEG draft mode (only possible when the largest output is at
  most half the source width);
- WebP `method` 0-6 and JPEG settings at photovoice's qualities: CPU time, bytes, and
  PSNR/SSIM of the decoded file against the uncompressed resized picture.

CPU time (time.process_time) is used, not wall time, so a busy machine disturbs it less.
Prints a Markdown report (README.md quotes it).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus as corpus_module  # noqa: E402


def luma(picture: Image.Image) -> np.ndarray:
    return np.asarray(picture.convert("L"), np.float64)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a - b) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255 ** 2 / mse)


def _box(x: np.ndarray, k: int = 8) -> np.ndarray:
    """Mean over non-overlapping k x k windows (a cheap SSIM window)."""
    h, w = (x.shape[0] // k) * k, (x.shape[1] // k) * k
    return x[:h, :w].reshape(h // k, k, w // k, k).mean(axis=(1, 3))


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = _box(a), _box(b)
    var_a = _box(a * a) - mu_a ** 2
    var_b = _box(b * b) - mu_b ** 2
    cov = _box(a * b) - mu_a * mu_b
    return float(np.mean(((2 * mu_a * mu_b + c1) * (2 * cov + c2))
                         / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))))


def timed(fn, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        result = fn()
        best = min(best, time.process_time() - started)
    return best, result


def decode(path: Path, draft: tuple[int, int] | None = None) -> Image.Image:
    img = Image.open(path)
    if draft:
        img.draft("RGB", draft)
    img.load()
    return ImageOps.exif_transpose(img)


def size_for(picture: Image.Image, width: int) -> tuple[int, int]:
    w, h = picture.size
    return width, (2 * h * width + w) // (2 * w)


def encode(picture: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=3)
    args = parser.parse_args(argv)
    root = corpus_module.ensure_corpus("exhibition")
    photos = sorted((root / "content" / "participants").glob("*/*.jpg"))[: args.photos]
    rows: dict[str, list[tuple[float, float, float, float]]] = {}

    def add(label, seconds, size, p, s):
        rows.setdefault(label, []).append((seconds, size, p, s))

    for path in photos:
        t_full, full = timed(lambda: decode(path), 2)
        add("decode 12 MP, full", t_full, 0, 0, 0)
        t_half, half = timed(lambda: decode(path, (2016, 1512)), 2)
        add("decode 12 MP, draft 1/2 (2016 px)", t_half, 0, 0, 0)
        for width in (2400, 2048):
            size = size_for(full, width)
            t_ref, ref = timed(lambda: full.resize(size, Image.Resampling.LANCZOS))
            add(f"resize to {width}: LANCZOS from full size (reference)", t_ref, 0, 100, 1)
            for gap in (3.0, 2.0):
                t, out = timed(lambda: full.resize(size, Image.Resampling.LANCZOS,
                                                   reducing_gap=gap))
                add(f"resize to {width}: LANCZOS, reducing_gap={gap}", t, 0,
                    psnr(luma(ref), luma(out)), ssim(luma(ref), luma(out)))
            t, out = timed(lambda: full.resize(size, Image.Resampling.BICUBIC))
            add(f"resize to {width}: BICUBIC", t, 0, psnr(luma(ref), luma(out)),
                ssim(luma(ref), luma(out)))
        size = size_for(full, 2016)
        ref = full.resize(size, Image.Resampling.LANCZOS)
        t, out = timed(lambda: half.resize(size, Image.Resampling.LANCZOS))
        add("2016 px from the 1/2 draft (vs LANCZOS from full)", t_half + t - t_full, 0,
            psnr(luma(ref), luma(out)), ssim(luma(ref), luma(out)))
        picture = full.resize(size_for(full, 2400), Image.Resampling.LANCZOS, reducing_gap=3.0)
        reference = luma(picture)
        for method in range(7):
            t, blob = timed(lambda: encode(picture, "WEBP", quality=78, method=method))
            back = luma(Image.open(io.BytesIO(blob)))
            add(f"WebP q78 method {method}, 2400 px", t, len(blob), psnr(reference, back),
                ssim(reference, back))
        for label, options in (("JPEG q82 progressive+optimize (photovoice)",
                                 dict(quality=82, optimize=True, progressive=True)),
                               ("JPEG q82 baseline", dict(quality=82)),
                               ("JPEG q75 progressive+optimize",
                                dict(quality=75, optimize=True, progressive=True))):
            t, blob = timed(lambda: encode(picture, "JPEG", **options))
            back = luma(Image.open(io.BytesIO(blob)))
            add(f"{label}, 2400 px", t, len(blob), psnr(reference, back), ssim(reference, back))

    print(f"Measured on {len(photos)} corpus photos (4032x3024, landscape); medians of "
          "CPU seconds per photo; PSNR (dB) and SSIM (8x8 windows) on luma.\n")
    print("| step | CPU s | KB | PSNR dB | SSIM |\n|---|---:|---:|---:|---:|")
    for label, values in rows.items():
        med = [float(np.median([v[i] for v in values])) for i in range(4)]
        kb = f"{med[1] / 1000:.0f}" if med[1] else ""
        quality = (f"{med[2]:.2f} | {med[3]:.4f}" if med[2] and med[2] != 100 else
                   ("reference | reference" if med[2] == 100 else " | "))
        print(f"| {label} | {med[0]:.3f} | {kb} | {quality} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
