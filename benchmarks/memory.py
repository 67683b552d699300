"""Peak memory of deriving one large photo, per source format, measured as the README
states its bound: `/usr/bin/time -v`'s "Maximum resident set size" of a process that
derives the photo's files (WebP at 480, 960, 1440 and 2016 px, the JPEG at 1440).

    python benchmarks/memory.py                  # 100 MP: JPEG, PNG RGB/RGBA, TIFF LZW, HEIC
    python benchmarks/memory.py --megapixels 25 --formats png-rgba,heic
    python benchmarks/memory.py --build --jobs 2 --formats png-rgb,png-rgba,tiff-lzw

With `--build`, the photos of the given formats are published by one participant of a
copy of the tests' small exhibition, and `photovoice build --jobs N` is measured: the
largest single process (`ru_maxrss`, a worker at its peak) and the largest sum of the
resident sets of the whole process tree at one instant (sampled every 0.1 s).

The sources are made on the fly under benchmarks/.corpus/memory/ (git-ignored), from a
smooth picture with noise (HEVC encoding of 100 MP takes minutes; it is kept).
Prints a Markdown table to paste into results.md.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from run import measure  # benchmarks/run.py: the process tree's peak, sampled from /proc

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "benchmarks" / ".corpus" / "memory"
FORMATS = ("jpeg", "png-rgb", "png-rgba", "tiff-lzw", "heic")

MAKE = r"""
import sys
from PIL import Image
kind, width, height, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
size = (width, height)
ramp = Image.linear_gradient("L").resize(size)
picture = Image.merge("RGB", [ramp, Image.effect_noise(size, 24),
                              Image.radial_gradient("L").resize(size)])
if kind == "png-rgba":
    picture.putalpha(ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
if kind == "heic":
    import pillow_heif
    pillow_heif.from_pillow(picture).save(path, quality=80, tile_size=512,
                                          enc_params={"preset": "ultrafast"})
elif kind == "tiff-lzw":
    picture.save(path, compression="tiff_lzw")
elif kind == "jpeg":
    picture.save(path, quality=90)
else:
    picture.save(path, compress_level=1)
"""

DERIVE = r"""
import sys
from pathlib import Path
from photovoice import images
images.configure_pillow()
src = Path(sys.argv[1])
blobs = images.derive_images(images.ImageJob(src, images.plan_specs(images.inspect_image(src))))
assert len(blobs) == 8, len(blobs)
"""

SUFFIX = {"jpeg": "jpg", "png-rgb": "png", "png-rgba": "png", "tiff-lzw": "tif", "heic": "heic"}


def source(kind: str, megapixels: int) -> Path:
    width = int((megapixels * 1_000_000 * 4) ** 0.5)  # a 4:1 panorama
    height = megapixels * 1_000_000 // width
    path = FOLDER / f"{kind}-{megapixels}mp.{SUFFIX[kind]}"
    if not path.exists():
        FOLDER.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part" + path.suffix)
        subprocess.run([sys.executable, "-c", MAKE, kind, str(width), str(height),
                        str(partial)], check=True)
        partial.rename(path)
    return path


def peak_mb(path: Path) -> float:
    result = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", DERIVE, str(path)],
                            cwd=REPO, capture_output=True, text=True, check=True)
    kib = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert kib, result.stderr
    return int(kib.group(1)) / 1024


PHOTO = """  - file: {name}
    slug: large-{index}
    title: {{en: Large {index}, fr: Grande {index}}}
    alt: {{en: A large test picture, fr: Une grande image d'essai}}
    themes: [food]
"""


def build_peaks(paths: list[Path], jobs: int) -> tuple[float, float]:
    """The largest process and the process tree's peak, in MB, of a build publishing
    `paths` (nothing cached) with `jobs` workers."""
    with tempfile.TemporaryDirectory(dir=FOLDER) as scratch:
        content = Path(scratch) / "content"
        shutil.copytree(REPO / "tests" / "fixtures" / "exhibition", content)
        participant = content / "participants" / "p02"
        entries = []
        for index, path in enumerate(paths, start=1):
            name = f"large-{index}{path.suffix}"
            (participant / name).hardlink_to(path)
            entries.append(PHOTO.format(name=name, index=index))
        yaml = participant / "participant.yaml"
        yaml.write_text(yaml.read_text() + "".join(entries))
        sample = measure([sys.executable, "-m", "photovoice", "build", "--content", content,
                          "--output", Path(scratch) / "site", "--jobs", str(jobs)], cwd=REPO)
        return sample.maxrss_mb, sample.tree_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=int, default=100)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--build", action="store_true",
                        help="measure one build publishing every source given")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.build:
        paths = [source(kind, args.megapixels) for kind in args.formats.split(",")]
        largest, tree = build_peaks(paths, args.jobs)
        print(f"| build --jobs {args.jobs}: {args.formats} ({args.megapixels} MP each) "
              f"| largest process {largest:.0f} MB | process tree {tree:.0f} MB |")
        return
    print("| source | size | peak RSS |\n|---|---|---|")
    for kind in args.formats.split(","):
        path = source(kind, args.megapixels)
        print(f"| {kind} | {args.megapixels} MP, {path.stat().st_size / 1e6:.0f} MB "
              f"| {peak_mb(path):.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
