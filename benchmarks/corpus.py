"""Deterministic, phone-like benchmark corpora laid out as photovoice content folders.

Each photo is a synthetic scene with the statistics a JPEG codec cares about: smooth
regions, hard edges, texture at several scales and per-pixel sensor noise (luminance
and chroma), saved like a phone does (quality 92, 4:2:0), with EXIF: make, model, date,
GPS and an orientation tag (1, 6 or 8; 6 and 8 are portrait photos stored sideways).
A 12 MP photo weighs about 3 MB.

    python benchmarks/corpus.py --corpus exhibition   # 13 participants x 5 photos, 4032x3024
    python benchmarks/corpus.py --corpus scaling      # 50 participants x 20 photos, 2000x1500
    python benchmarks/corpus.py --corpus panorama     # one 100-megapixel panorama (20000x5000)

Corpora go to benchmarks/.corpus/<name>/ (git-ignored) and are reused when present:
a `.complete` file records the generator version and is written last.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

GENERATOR_VERSION = 4
HERE = Path(__file__).resolve().parent
CORPUS_ROOT = Path(os.environ.get("PHOTOVOICE_BENCH_CORPUS", HERE / ".corpus"))


@dataclass(frozen=True)
class CorpusSpec:
    name: str
    participants: int
    photos_each: int
    size: tuple[int, int]      # stored (landscape) size
    spares: int                # replacement photos for the "one photo replaced" scenario


CORPORA = {
    "exhibition": CorpusSpec("exhibition", 13, 5, (4032, 3024), 6),
    "scaling": CorpusSpec("scaling", 50, 20, (2000, 1500), 4),
    "panorama": CorpusSpec("panorama", 1, 1, (20000, 5000), 0),
    "tiny": CorpusSpec("tiny", 2, 3, (1600, 1200), 2),  # a smoke test of the benchmark itself
    # The scaling corpus's 1,000 photos and texts with small pixels: for `photovoice sheet`,
    # which reads the texts and each photo's header, never its pixels.
    "scaling-texts": CorpusSpec("scaling-texts", 50, 20, (400, 300), 0),
    # The repository's own sample exhibition (content/), as a curator has it: 13
    # participants, 48 photos of 4032 x 3024. Not generated: hard-linked.
    "sample": CorpusSpec("sample", 13, 0, (4032, 3024), 0),
}
SAMPLE_CONTENT = HERE.parent / "content"

CITIES = ("brandon", "moncton", "quebec-city")
THEMES = ("food", "winter", "work", "family")


# --- pixels --------------------------------------------------------------------------


def scene(width: int, height: int, seed: int) -> Image.Image:
    """A deterministic RGB picture with photo-like structure, texture and noise."""
    rng = np.random.default_rng(seed)
    # Structure at a quarter of the size: octaves of smooth value noise plus shapes.
    qw, qh = max(8, width // 4), max(8, height // 4)
    acc = np.zeros((qh, qw, 3), np.float32)
    acc += rng.uniform(60, 190, 3).astype(np.float32)
    _add_octaves(acc, rng, ((128, 60.0), (32, 34.0), (8, 20.0)))
    quarter = Image.fromarray(np.clip(acc, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(quarter)
    for _ in range(int(rng.integers(25, 45))):  # buildings, poles, signs: hard edges
        x0, y0 = int(rng.integers(0, qw)), int(rng.integers(0, qh))
        x1 = x0 + int(rng.integers(4, max(5, qw // 4)))
        y1 = y0 + int(rng.integers(4, max(5, qh // 3)))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        if rng.random() < 0.6:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    for _ in range(int(rng.integers(30, 60))):
        draw.line([tuple(int(v) for v in rng.integers(0, (qw, qh))) for _ in range(2)],
                  fill=tuple(int(v) for v in rng.integers(0, 256, 3)), width=int(rng.integers(1, 3)))
    # Fine texture over everything, shapes included (foliage, brick, fabric).
    acc = np.asarray(quarter, np.float32).copy()
    _add_octaves(acc, rng, ((2, 14.0), (1, 8.0)))
    quarter = Image.fromarray(np.clip(acc, 0, 255).astype(np.uint8))
    full = quarter.resize((width, height), Image.Resampling.BICUBIC)
    del quarter, acc
    # Per-pixel texture and sensor noise, in horizontal bands to keep memory flat.
    out = np.empty((height, width, 3), np.uint8)
    band = max(1, 8_000_000 // (width * 3))
    for top in range(0, height, band):
        rows = min(band, height - top)
        pixels = np.asarray(full.crop((0, top, width, top + rows)), np.int16)
        luma = rng.integers(-4, 5, (rows, width, 1), dtype=np.int16)
        luma += rng.integers(-4, 5, (rows, width, 1), dtype=np.int16)
        chroma = rng.integers(-3, 4, (rows, width, 3), dtype=np.int16)
        pixels += luma
        pixels += chroma
        np.clip(pixels, 0, 255, out=pixels)
        out[top:top + rows] = pixels
    return Image.fromarray(out)


def _add_octaves(acc: np.ndarray, rng: np.random.Generator, octaves) -> None:
    """Add smooth value noise at each (scale, amplitude) to `acc`, in place."""
    qh, qw = acc.shape[:2]
    for scale, amplitude in octaves:
        small = rng.random((qh // scale + 2, qw // scale + 2, 3), dtype=np.float32)
        layer = Image.fromarray((small * 255).astype(np.uint8)).resize(
            (qw, qh), Image.Resampling.BICUBIC)
        acc += (np.asarray(layer, np.float32) - 127.5) * (amplitude / 127.5)


def exif_bytes(seed: int, orientation: int) -> bytes:
    rng = np.random.default_rng(seed + 1_000_000)
    exif = Image.Exif()
    exif[0x010F] = "Google"                       # Make
    exif[0x0110] = "Pixel 7"                      # Model
    exif[0x0112] = orientation                    # Orientation
    exif[0x0131] = "HDR+ 1.0.540104767zd"         # Software
    stamp = f"2023:{5 + seed % 5:02d}:{1 + seed % 28:02d} {8 + seed % 10:02d}:{seed % 60:02d}:12"
    exif[0x0132] = stamp                          # DateTime
    sub = exif.get_ifd(0x8769)                    # Exif IFD
    sub[0x9003] = stamp                           # DateTimeOriginal
    sub[0x829A] = 1 / 120                         # ExposureTime
    sub[0x8827] = 100                             # ISO
    gps = exif.get_ifd(0x8825)
    lat, lon = 45 + rng.random() * 5, 64 + rng.random() * 36
    gps[0x0001] = "N"
    gps[0x0002] = _dms(lat)
    gps[0x0003] = "W"
    gps[0x0004] = _dms(lon)
    gps[0x0005] = 0
    gps[0x0006] = float(round(rng.random() * 300, 1))
    return exif.tobytes()


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (float(degrees), float(minutes), seconds)


def orientation_for(index: int) -> int:
    """Mostly landscape; about one in four portrait (6), one in ten upside-down portrait (8)."""
    return {0: 6, 5: 8}.get(index % 10, 6 if index % 10 == 7 else 1)


def write_photo(task: tuple[str, int, int, int, int]) -> int:
    path, width, height, seed, orientation = task
    picture = scene(width, height, seed)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92, subsampling="4:2:0",
                 exif=exif_bytes(seed, orientation))
    temporary = Path(path + ".tmp")
    temporary.write_bytes(buffer.getvalue())
    os.replace(temporary, path)
    return len(buffer.getvalue())


# --- the content folder ----------------------------------------------------------------


EXHIBITION_YAML = """\
title: {{en: Benchmark Exhibition, fr: Exposition de mesure}}
subtitle: {{en: Synthetic phone photos, fr: Photos de téléphone synthétiques}}
intro:
  en: |
    A generated exhibition of {count} photos used to measure **photovoice build**.
  fr: |
    Une exposition générée de {count} photos pour mesurer **photovoice build**.
languages: [en, fr]
cities:
  brandon: {{name: Brandon, province: MB, lat: 49.8485, lon: -99.9501}}
  moncton: {{name: Moncton, province: NB}}
  quebec-city: {{name: {{en: Quebec City, fr: Québec}}, province: QC}}
themes:
  food: {{name: {{en: Food and shops, fr: Alimentation et commerces}}}}
  winter: {{name: {{en: Winter, fr: Hiver}}}}
  work: {{name: {{en: Work, fr: Travail}}}}
  family: {{name: {{en: Family, fr: Famille}}}}
{build}"""


# Names that none of the generated texts contain: photovoice refuses a text that names a
# participant who is credited by initials or not at all.
GIVEN_NAMES = ("Amira", "Bao", "Camila", "Dawit", "Elif", "Farid", "Grace", "Hamza")
FAMILY_NAMES = ("Okafor", "Nguyen", "Rojas", "Haile", "Kaya", "Rahimi", "Mensah")


def participant_yaml(number: int, photos: list[tuple[str, str]]) -> str:
    name = (f"{GIVEN_NAMES[number % len(GIVEN_NAMES)]} "
            f"{FAMILY_NAMES[number // len(GIVEN_NAMES) % len(FAMILY_NAMES)]}")
    lines = [
        f"name: {name}",
        f"city: {CITIES[number % len(CITIES)]}",
        "consent:",
        "  publish: true",
        f"  credit: {('name', 'initials', 'anonymous')[number % 3]}",
        "bio:",
        f"  en: Person {number} arrived in {2015 + number % 8}.",
        f"  fr: La personne participante {number} est arrivée en {2015 + number % 8}.",
        "photos:",
    ]
    for index, (file_name, slug) in enumerate(photos):
        theme = THEMES[(number + index) % len(THEMES)]
        lines += [
            f"  - file: {file_name}",
            f"    slug: {slug}",
            f"    title: {{en: Photo {index + 1} by person {number}, "
            f"fr: Photo {index + 1} de la personne {number}}}",
            f"    alt: {{en: A synthetic street scene number {index + 1}, "
            f"fr: Une scène de rue synthétique numéro {index + 1}}}",
            "    caption:",
            f"      en: \"This is where I go every week ({number}-{index}).\"",
            f"      fr: \"C'est ici que je vais chaque semaine ({number}-{index}).\"",
            f"    themes: [{theme}]",
        ]
    return "\n".join(lines) + "\n"


def corpus_dir(name: str) -> Path:
    return CORPUS_ROOT / name


def write_texts(spec: CorpusSpec, content: Path) -> list[tuple[Path, int, int]]:
    """Writes the corpus's texts (where they differ) and says which photo goes where: its
    path, its index in the corpus and its EXIF orientation."""
    photo_files = []
    texts = {content / "exhibition.yaml": EXHIBITION_YAML.format(
        count=spec.participants * spec.photos_each, build="")}
    for p in range(spec.participants):
        folder = content / "participants" / f"p{p + 1:03d}"
        photos = []
        for i in range(spec.photos_each):
            index = p * spec.photos_each + i
            file_name = (f"PANO_{20230600 + index}.jpg" if spec.name == "panorama"
                         else f"PXL_2023{index:04d}_1415{index % 60:02d}.jpg")
            photos.append((file_name, f"photo-{i + 1}"))
            orientation = 1 if spec.name == "panorama" else orientation_for(index)
            photo_files.append((folder / file_name, index, orientation))
        texts[folder / "participant.yaml"] = participant_yaml(p + 1, photos)
    for path, text in texts.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return photo_files


def ensure_corpus(name: str, jobs: int | None = None, log=print) -> Path:
    """The corpus folder (content/, spares/), generating it if missing or outdated."""
    spec = CORPORA[name]
    root = corpus_dir(name)
    marker = root / ".complete"
    content = root / "content"
    if marker.is_file() and marker.read_text().strip() == str(GENERATOR_VERSION):
        if name != "sample":
            write_texts(spec, content)  # cheap; keeps older corpora's texts valid
        return root
    shutil.rmtree(root, ignore_errors=True)
    if name == "sample":
        shutil.copytree(SAMPLE_CONTENT, content, copy_function=os.link)
        marker.write_text(f"{GENERATOR_VERSION}\n")
        return root
    (root / "spares").mkdir(parents=True)
    width, height = spec.size
    tasks = [(str(path), width, height, index, orientation)
             for path, index, orientation in write_texts(spec, content)]
    for s in range(spec.spares):
        tasks.append((str(root / "spares" / f"spare-{s}.jpg"), width, height, 900_000 + s, 1))
    started = time.perf_counter()
    log(f"generating the {name} corpus ({len(tasks)} photos of {width}x{height}) in {root}")
    total = 0
    workers = jobs or os.cpu_count() or 1
    if name == "panorama":
        workers = 1  # one big picture; two would only double the memory
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done, size in enumerate(pool.map(write_photo, tasks, chunksize=4), start=1):
            total += size
            if done % 50 == 0:
                log(f"  {done}/{len(tasks)} photos")
    log(f"  {len(tasks)} photos, {total / len(tasks) / 1e6:.2f} MB each on average, "
        f"in {time.perf_counter() - started:.0f} s")
    marker.write_text(f"{GENERATOR_VERSION}\n")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="exhibition")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    print(ensure_corpus(args.corpus, args.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
