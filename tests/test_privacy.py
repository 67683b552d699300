"""Privacy, proven on the whole sample exhibition: exiftool finds nothing but geometry,
and no camera file name appears anywhere in the output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path


SAMPLE = Path(__file__).parent.parent / "content"
ALWAYS_ALLOWED_GROUPS = {"ExifTool", "System", "File", "Composite"}
# The only tags of other groups: the JFIF header's version and pixel density, and
# the WebP (RIFF) frame size. Geometry, nothing about a person, a camera or a place.
GEOMETRY_TAGS = {
    "JFIF:JFIFVersion", "JFIF:ResolutionUnit", "JFIF:XResolution", "JFIF:YResolution",
    "RIFF:ImageWidth", "RIFF:ImageHeight", "RIFF:HorizontalScale", "RIFF:VerticalScale",
    "RIFF:VP8Version", "RIFF:AlphaPreprocessing", "RIFF:AlphaFiltering",
    "RIFF:AlphaCompression",
}
SOURCE_SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".tif", ".tiff", ".m4a",
                   ".mp3", ".wav", ".ogg"}


def exiftool_tags(files: list[Path]) -> list[dict]:
    exiftool = shutil.which("exiftool")
    assert exiftool, "exiftool is missing: scripts/setup-tests installs libimage-exiftool-perl"
    result = subprocess.run([exiftool, "-j", "-G1", "-a", "-u", "-ee", *map(str, files)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_sample_images_carry_only_geometry(built_sample):
    media = sorted(p for p in (built_sample / "media").rglob("*") if p.suffix in {".jpg", ".webp"})
    assert len(media) > 100
    assert any(p.name.split(".")[0].endswith("-1200") for p in media)  # link-preview JPEGs too
    for record in exiftool_tags(media):
        extra = {tag for tag in record if tag != "SourceFile"
                 and tag.split(":")[0] not in ALWAYS_ALLOWED_GROUPS and tag not in GEOMETRY_TAGS}
        assert not extra, (record["SourceFile"], sorted(extra))
        assert not any("ICC" in tag or "GPS" in tag or "Thumbnail" in tag for tag in record)


def test_sample_sources_really_carry_what_must_not_leak():
    """The proof above means something only if the sources hold GPS and camera tags."""
    sources = [p for p in SAMPLE.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg"}]
    records = exiftool_tags(sources)
    assert any(tag.startswith("GPS:") for record in records for tag in record)
    assert any("IFD0:Model" in record for record in records)


def test_no_source_file_name_anywhere_in_the_output(built_sample):
    names = {p.stem for p in SAMPLE.rglob("*") if p.suffix.lower() in SOURCE_SUFFIXES}
    assert any(re.match(r"(IMG|PXL|DSC)", name) for name in names)
    for path in built_sample.rglob("*"):
        relative = path.relative_to(built_sample).as_posix()
        assert not any(name in relative for name in names), relative
        if path.is_file():
            data = path.read_bytes()
            for name in names:
                assert name.encode() not in data, (relative, name)


def test_sample_has_no_upscaled_image(built_sample):
    from PIL import Image
    for path in (built_sample / "media").rglob("*.jpg"):
        size = int(re.search(r"-(\d+)\.[0-9a-f]{10}\.jpg$", path.name).group(1))
        with Image.open(path) as image:
            assert max(image.size) == size, path  # the size in the name: the longest side
