"""Measure the image pipeline's choices on corpus photos: cost (CPU seconds) vs quality.

    python benchmarks/choices.py [--landscape 4] [--portrait 2] [--sections steps,draft,jobs]
        [--only LABEL-PART]

steps (landscape photos unless said):
- decode: full decode vs JPEG draft mode (only possible when the largest output is at
  most half the source width);
- resize: how the 2400 / 2048 px image is made from a 12 MP source, against a plain
  LANCZOS reference (PSNR and SSIM on luma), and every width of the cascade (each width
  from the previous one, the largest from the 1/2 draft) against LANCZOS from full size;
- portrait photos (stored sideways): turning the full decode upright, then resizing,
  vs resizing, then turning the (smaller) result;
- WebP `method` and JPEG settings at photovoice's qualities, at the largest width:
  CPU time, bytes, and PSNR/SSIM of the decoded file against the uncompressed picture.

draft: a largest output slightly above half the source (2048 from 4032): the full
decode resized down vs the 1/2 draft resized up, against LANCZOS from full size, and
the published JPEG's own coding error beside it.

jobs: the whole job of one photo (decode once, every width, every file), CPU seconds
and bytes per photo, landscape and portrait apart and weighted as in the exhibition
corpus (46 landscape, 19 portrait), for the full output set and for sigal's job (JPEG
2048 + 400), changing one choice at a time: filter, JPEG settings, when to turn,
widths, box fit (each width is the longest side) and the 1/2 draft resized up. The
row "photovoice" runs photovoice.images.derive_images itself; the script checks that
the replica with photovoice's settings (PHOTOVOICE) gives the same bytes.

CPU time (time.process_time, best of two) is used, not wall time, so a busy machine
disturbs it less. Prints a Markdown report (README.md quotes it).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # this checkout's photovoice
import corpus as corpus_module  # noqa: E402
from photovoice import images  # noqa: E402

R = Image.Resampling
TRANSPOSE = {6: Image.Transpose.ROTATE_270, 8: Image.Transpose.ROTATE_90}
LANDSCAPE_SHARE = 46 / 65  # the exhibition corpus: 46 landscape photos, 19 portrait
PROGRESSIVE = {"optimize": True, "progressive": True}
BASELINE = {"optimize": True}
OLD_WIDTHS = (2400, 1600, 960, 480)
PHOTOVOICE = {"box": True}  # job()'s options that replicate photovoice (pipeline 5)


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


def quality(ref: Image.Image, out: Image.Image) -> tuple[float, float]:
    a, b = luma(ref), luma(out)
    return psnr(a, b), ssim(a, b)


def timed(fn, repeat: int = 2):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        result = fn()
        best = min(best, time.process_time() - started)
    return best, result


def decode(path: Path, draft: tuple[int, int] | None = None, turn: bool = True) -> Image.Image:
    img = Image.open(path)
    orientation = img.getexif().get(0x0112, 1)
    if draft:
        img.draft("RGB", draft)
    img.load()
    return img.transpose(TRANSPOSE[orientation]) if turn and orientation in TRANSPOSE else img


def size_for(size: tuple[int, int], width: int) -> tuple[int, int]:
    """The width fitted, height in proportion (photovoice before pipeline 5)."""
    out_width = min(width, size[0])
    return out_width, max(1, (2 * size[1] * out_width + size[0]) // (2 * size[0]))


def box_for(size: tuple[int, int], side: int) -> tuple[int, int]:
    """The longest side fitted (photovoice from pipeline 5; sigal's box, turned)."""
    if size[0] >= size[1]:
        return size_for(size, side)
    return size_for(size[::-1], side)[::-1]


def draft_request(stored: tuple[int, int], needed: tuple[int, int],
                  slack: float) -> tuple[int, int]:
    """What to ask draft() for: the 1/2 scale when `needed` is at most `slack` above it."""
    half = (stored[0] // 2, stored[1] // 2)
    if all(n <= h * (1 + slack) for n, h in zip(needed, half)):
        return min(needed[0], half[0]), min(needed[1], half[1])
    return needed


def encode(picture: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def job(path: Path, widths, formats, resample=R.BICUBIC, jpeg=BASELINE,
        turn_first=False, box=False, slack=0.0) -> list[bytes]:
    """One photo's whole job, as photovoice does it, with the choices as parameters.

    box: each width is the longest side (else the width); slack: decode at 1/2 and
    resize up when the largest output is at most this fraction above half the source.
    """
    img = Image.open(path)
    orientation = img.getexif().get(0x0112, 1)
    method = TRANSPOSE.get(orientation)
    upright = img.size[::-1] if method else img.size
    fit = box_for if box else size_for
    widths = sorted((w for w in widths if w <= (max(upright) if box else upright[0])),
                    reverse=True)
    largest = fit(upright, widths[0])
    img.draft("RGB", draft_request(img.size, largest[::-1] if method else largest, slack))
    img.load()
    picture = img
    if method and turn_first:
        picture, method = picture.transpose(method), None
    blobs = []
    for width in widths:
        size = fit(upright, width)
        stored = size[::-1] if method else size
        if picture.size != stored:
            picture = picture.resize(stored, resample, reducing_gap=3.0)
        if method:
            picture, method = picture.transpose(method), None
        for fmt in formats:
            blobs.append(encode(picture, "JPEG", quality=82, **jpeg) if fmt == "jpeg"
                         else encode(picture, "WEBP", quality=78, method=4))
    return blobs


def photovoice_job(path: Path, widths, formats) -> list[bytes]:
    specs = images.plan_specs(images.inspect_image(path), widths, formats)
    return list(images.derive_images(images.ImageJob(path, specs)))


class Rows:
    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {}

    def add(self, label: str, seconds: float, size: float = 0, p: float | None = None,
            s: float | None = None) -> None:
        self.rows.setdefault(label, []).append((seconds, size, p, s))

    def print(self, header: str) -> None:
        print(header)
        print("| step | CPU s | KB | PSNR dB | SSIM |\n|---|---:|---:|---:|---:|")
        for label, values in self.rows.items():
            seconds = float(np.median([v[0] for v in values]))
            kb = float(np.median([v[1] for v in values])) / 1000
            ps = [v[2] for v in values if v[2] is not None]
            ss = [v[3] for v in values if v[3] is not None]
            q = (" | " if not ps else "identical | 1.0000" if min(ps) == float("inf")
                 else f"{np.median(ps):.1f} | {np.median(ss):.4f}")
            print(f"| {label} | {seconds:.3f} | {f'{kb:.0f}' if kb else ''} | {q} |")
        print()


def steps(landscape: list[Path], portrait: list[Path]) -> None:
    rows = Rows()
    for path in landscape:
        t_full, full = timed(lambda: decode(path))
        rows.add("decode, full", t_full)
        t_half, half = timed(lambda: decode(path, (2016, 1512)))
        rows.add("decode, draft 1/2 (2016 px)", t_half)
        for width in (2400, 2048):
            size = size_for(full.size, width)
            t_ref, ref = timed(lambda: full.resize(size, R.LANCZOS))
            rows.add(f"resize to {width}, LANCZOS (reference)", t_ref, 0, float("inf"), 1)
            for label, fn in ((f"resize to {width}, LANCZOS, reducing_gap=3",
                               lambda: full.resize(size, R.LANCZOS, reducing_gap=3.0)),
                              *((f"resize to {width}, {f.name}", lambda f=f: full.resize(size, f))
                                for f in (R.BICUBIC, R.HAMMING, R.BILINEAR))):
                t, out = timed(fn)
                rows.add(label, t, 0, *quality(ref, out))
        # The cascade: 2016 is the 1/2 draft itself, each smaller width from the previous.
        picture = half
        for width in (1440, 960, 480):
            ref = full.resize(size_for(full.size, width), R.LANCZOS)
            t, picture = timed(lambda: picture.resize(size_for(full.size, width), R.BICUBIC))
            rows.add(f"cascade: {width} from the previous width, BICUBIC (vs LANCZOS from full)",
                     t, 0, *quality(ref, picture))
        ref = full.resize(half.size, R.LANCZOS)
        rows.add("cascade: 2016 = the 1/2 draft, no resize (vs LANCZOS from full)",
                 t_half - t_full, 0, *quality(ref, half))
        reference = luma(half)
        for method in (2, 3, 4, 6):
            t, blob = timed(lambda: encode(half, "WEBP", quality=78, method=method))
            back = luma(Image.open(io.BytesIO(blob)))
            rows.add(f"WebP q78 method {method}, 2016 px", t, len(blob), psnr(reference, back),
                     ssim(reference, back))
        for label, options in (("JPEG q82 progressive+optimize", PROGRESSIVE),
                               ("JPEG q82 baseline+optimize (photovoice)", BASELINE),
                               ("JPEG q82 baseline, standard tables", {})):
            t, blob = timed(lambda: encode(half, "JPEG", quality=82, **options))
            back = luma(Image.open(io.BytesIO(blob)))
            rows.add(f"{label}, 2016 px", t, len(blob), psnr(reference, back),
                     ssim(reference, back))
    for path in portrait:
        stored = decode(path, turn=False)
        method = TRANSPOSE[Image.open(path).getexif()[0x0112]]
        upright_size = stored.size[::-1]
        for width in (2048, 2016):
            size = size_for(upright_size, width)
            t_first, first = timed(lambda: stored.transpose(method).resize(size, R.BICUBIC))
            t_after, after = timed(lambda: stored.resize(size[::-1], R.BICUBIC).transpose(method))
            rows.add(f"portrait to {width}: turn the full decode, then resize", t_first)
            rows.add(f"portrait to {width}: resize, then turn (photovoice; vs the above)",
                     t_after, 0, *quality(first, after))
    rows.print("Steps, median CPU seconds per photo "
               f"({len(landscape)} landscape, {len(portrait)} portrait photos):\n")


def draft(landscape: list[Path], portrait: list[Path]) -> None:
    """The largest output slightly above half the source: full decode vs 1/2 draft + resize up.

    Photos as stored (4032 x 3024, portraits sideways: the same geometry); the
    reference is LANCZOS from the full decode at the same size. The last column pair
    is the coding error of the published JPEG (q82, vs its own uncompressed picture),
    which the resampling error should stay well below.
    """
    rows = Rows()
    for path in landscape + portrait:
        t_full, full = timed(lambda: decode(path, turn=False))
        half_size = (full.width // 2, full.height // 2)
        t_half, half = timed(lambda: decode(path, half_size, turn=False))
        ref = full.resize(half.size, R.LANCZOS)
        rows.add("2016 = the 1/2 draft, no resize (accepted in pipeline 4)", t_half,
                 0, *quality(ref, half))
        for side in (2048, 2100, 2200, 2300):
            size = size_for(full.size, side)
            ref = full.resize(size, R.LANCZOS)
            above = f"{100 * (side / half_size[0] - 1):.1f} % above half"
            t, out = timed(lambda: full.resize(size, R.BICUBIC, reducing_gap=3.0))
            rows.add(f"{side} ({above}): full decode + BICUBIC down", t_full + t, 0,
                     *quality(ref, out))
            t, up = timed(lambda: half.resize(size, R.BICUBIC, reducing_gap=3.0))
            rows.add(f"{side} ({above}): 1/2 draft + BICUBIC up", t_half + t, 0,
                     *quality(ref, up))
            for label, picture in (("full", out), ("draft", up)):
                blob = encode(picture, "JPEG", quality=82, **BASELINE)
                back = Image.open(io.BytesIO(blob))
                rows.add(f"{side}: published JPEG q82 from {label}, vs LANCZOS from full", 0,
                         len(blob), *quality(ref, back))
                rows.add(f"{side}: JPEG q82 coding error (from {label}, vs its own picture)",
                         0, 0, *quality(picture, back))
    rows.print("Largest output slightly above half the source, CPU s include the decode "
               f"({len(landscape)} landscape, {len(portrait)} portrait photos as stored):\n")


def jobs(landscape: list[Path], portrait: list[Path], only: str = "") -> None:
    full_set, sigal_like = (("webp", "jpeg"), ("jpeg",))
    variants = [
        ("full set, before: 2400/1600/960/480, LANCZOS, progressive, turn first",
         OLD_WIDTHS, full_set, dict(resample=R.LANCZOS, jpeg=PROGRESSIVE, turn_first=True)),
        ("full set, 2400/..., BICUBIC", OLD_WIDTHS, full_set,
         dict(resample=R.BICUBIC, jpeg=PROGRESSIVE, turn_first=True)),
        ("full set, 2400/..., BICUBIC, baseline", OLD_WIDTHS, full_set,
         dict(jpeg=BASELINE, turn_first=True)),
        ("full set, 2400/..., BICUBIC, baseline, turn after", OLD_WIDTHS, full_set, {}),
        ("full set, 2016/1600/960/480, BICUBIC, baseline, turn after",
         (2016, 1600, 960, 480), full_set, {}),
        ("full set, 2016/1440/960/480, BICUBIC, baseline, turn after",
         (2016, 1440, 960, 480), full_set, {}),
        ("JPEG 2048+400, before: LANCZOS, progressive, turn first", (2048, 400), sigal_like,
         dict(resample=R.LANCZOS, jpeg=PROGRESSIVE, turn_first=True)),
        ("JPEG 2048+400, BICUBIC", (2048, 400), sigal_like,
         dict(jpeg=PROGRESSIVE, turn_first=True)),
        ("JPEG 2048+400, baseline", (2048, 400), sigal_like,
         dict(resample=R.LANCZOS, turn_first=True)),
        ("JPEG 2048+400, turn after", (2048, 400), sigal_like,
         dict(resample=R.LANCZOS, jpeg=PROGRESSIVE)),
        ("JPEG 2048+400, BICUBIC, baseline, turn after", (2048, 400), sigal_like, {}),
        ("JPEG 2048+400, HAMMING, baseline, turn after (not taken)", (2048, 400), sigal_like,
         dict(resample=R.HAMMING)),
        ("JPEG 2048+400, BICUBIC, standard Huffman tables, turn after (not taken)",
         (2048, 400), sigal_like, dict(jpeg={})),
        ("full set, 2016/1440/960/480, box fit", (2016, 1440, 960, 480), full_set,
         dict(box=True)),
        ("JPEG 2048+400, box fit", (2048, 400), sigal_like, dict(box=True)),
        ("JPEG 2048+400, 1/2 draft up to 2 % short", (2048, 400), sigal_like,
         dict(slack=0.02)),
        ("JPEG 2048+400, box fit, 1/2 draft up to 2 % short", (2048, 400), sigal_like,
         dict(box=True, slack=0.02)),
    ]
    variants += [("photovoice (full set)", images.WIDTHS, images.FORMATS, None),
                 ("photovoice (JPEG 2048+400)", (2048, 400), sigal_like, None)]
    variants = [v for v in variants if only in v[0]]
    groups = {"landscape": landscape, "portrait": portrait}
    seconds: dict[tuple[str, str, Path], float] = {}
    sizes: dict[tuple[str, str], list[int]] = {}
    scores: dict[str, list[tuple[float, float]]] = {}
    for group, paths in groups.items():
        for path in paths:
            full = decode(path)
            references: dict[tuple[int, int], Image.Image] = {}
            # Variants alternate within each round, so a change in machine load hits all.
            for round_ in range(2):
                for label, widths, formats, options in variants:
                    if options is None:
                        t, blobs = timed(lambda: photovoice_job(path, widths, formats), 1)
                        assert blobs == job(path, widths, formats, **PHOTOVOICE), \
                            f"the replica is not photovoice ({path.name})"
                    else:
                        t, blobs = timed(lambda: job(path, widths, formats, **options), 1)
                    key = (label, group, path)
                    seconds[key] = min(seconds.get(key, t), t)
                    if round_:
                        continue
                    sizes.setdefault((label, group), []).append(sum(map(len, blobs)))
                    out = Image.open(io.BytesIO(blobs[0]))
                    if out.size not in references:
                        references[out.size] = full.resize(out.size, R.LANCZOS)
                    scores.setdefault(label, []).append(quality(references[out.size], out))
    print("Whole job of one photo: median CPU s and KB per photo; weighted = as in the "
          "exhibition corpus (46 landscape, 19 portrait); quality of the largest file "
          f"(decoded) vs LANCZOS from full size ({len(landscape)} landscape, "
          f"{len(portrait)} portrait photos):\n")
    print("| job | CPU s landscape | CPU s portrait | CPU s weighted | KB weighted "
          "| PSNR dB | SSIM |\n|---|---:|---:|---:|---:|---:|---:|")
    share = {"landscape": LANDSCAPE_SHARE, "portrait": 1 - LANDSCAPE_SHARE}
    for label, *_ in variants:
        t = {g: float(np.median([seconds[(label, g, p)] for p in groups[g]])) for g in groups}
        kb = {g: float(np.median(sizes[(label, g)])) / 1000 for g in groups}
        p, s = np.median([x[0] for x in scores[label]]), np.median([x[1] for x in scores[label]])
        print(f"| {label} | {t['landscape']:.2f} | {t['portrait']:.2f} "
              f"| {sum(share[g] * t[g] for g in groups):.2f} "
              f"| {sum(share[g] * kb[g] for g in groups):.0f} | {p:.1f} | {s:.4f} |")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--landscape", type=int, default=4)
    parser.add_argument("--portrait", type=int, default=2)
    parser.add_argument("--sections", default="steps,jobs", help="steps,draft,jobs")
    parser.add_argument("--only", default="", help="jobs: only the rows whose label has this")
    args = parser.parse_args(argv)
    images.configure_pillow()
    root = corpus_module.ensure_corpus("exhibition")
    by_orientation: dict[int, list[Path]] = {1: [], 6: [], 8: []}
    for path in sorted((root / "content" / "participants").glob("*/*.jpg")):
        by_orientation[Image.open(path).getexif().get(0x0112, 1)].append(path)
    landscape = by_orientation[1][: args.landscape]
    # Both sideways orientations, alternately.
    portrait = [p for pair in zip(by_orientation[6], by_orientation[8]) for p in pair]
    portrait = portrait[: args.portrait]
    sections = args.sections.split(",")
    if "steps" in sections:
        steps(landscape, portrait)
    if "draft" in sections:
        draft(landscape, portrait)
    if "jobs" in sections:
        jobs(landscape, portrait, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
