"""Photos as phones, cameras and messaging apps leave them: cut short, oddly named,
oddly stored. Each case is made here (nothing binary is committed) and met through
`photovoice build` and `photovoice check`, as a curator meets it.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageChops, ImageStat

from photovoice import images
from photovoice.diagnostics import ImageError

from helpers import derive_image, edit, in_a_process, run

AMAL = "content/participants/amal-haddad/participant.yaml"
CUTS = (0.1, 0.35, 0.6, 0.85, 0.99)




def picture(size: tuple[int, int] = (512, 384)) -> Image.Image:
    """Smooth and detailed enough that HEVC spends bytes on every tile."""
    ramp = Image.linear_gradient("L")
    return Image.merge("RGB", [ramp.resize(size), Image.effect_noise(size, 60),
                               Image.radial_gradient("L").resize(size)])


@pytest.fixture(scope="module")
def heic_bytes() -> dict[bool, bytes]:
    """A HEIC as phones write it, a grid of tiles (an iPhone's are 512 x 512), and a
    single picture: each encoded once (HEVC is slow)."""
    encoded = {}
    for tiles in (True, False):
        buffer = io.BytesIO()
        pillow_heif.from_pillow(picture()).save(buffer, format="HEIF", quality=80,
                                                tile_size=128 if tiles else 0,
                                                enc_params={"preset": "ultrafast"})
        encoded[tiles] = buffer.getvalue()
    return encoded


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, version: int, payload: bytes) -> bytes:
    return box(kind, struct.pack(">I", version << 24) + payload)


def uncompressed_heif(path: Path, width: int = 64, height: int = 48) -> Path:
    """A valid HEIF holding an uncompressed (ISO/IEC 23001-17) RGB picture, as cameras
    and scientific tools write them; the libheif pillow-heif ships cannot decode it."""
    pixels = bytes((x * 4 % 256, y * 5 % 256, 128)[channel]
                   for y in range(height) for x in range(width) for channel in range(3))
    ftyp = box(b"ftyp", b"mif1" + bytes(4) + b"mif1unif")
    components = b"".join(struct.pack(">HBBB", index, 7, 0, 0) for index in range(3))
    properties = box(b"iprp", box(b"ipco", (
        full_box(b"ispe", 0, struct.pack(">II", width, height))
        + box(b"cmpd", struct.pack(">IHHH", 3, 4, 5, 6))
        + full_box(b"uncC", 0, bytes(4) + struct.pack(">I", 3) + components
                   + struct.pack(">BBBBIIIII", 0, 1, 0, 0, 0, 0, 0, 0, 0))))
        + full_box(b"ipma", 0, struct.pack(">IHB", 1, 1, 3) + bytes([0x01, 0x82, 0x83])))

    def meta(data_offset: int) -> bytes:
        return full_box(b"meta", 0, (
            full_box(b"hdlr", 0, bytes(4) + b"pict" + bytes(12) + b"\0")
            + full_box(b"pitm", 0, struct.pack(">H", 1))
            + full_box(b"iloc", 0, bytes([0x44, 0x00]) + struct.pack(
                ">HHHHII", 1, 1, 0, 1, data_offset, len(pixels)))
            + full_box(b"iinf", 0, struct.pack(">H", 1) + full_box(
                b"infe", 2, struct.pack(">HH", 1, 0) + b"unci" + b"\0"))
            + properties))

    offset = len(ftyp) + len(meta(0)) + 8
    path.write_bytes(ftyp + meta(offset) + box(b"mdat", pixels))
    return path


def add_photos(participant_yaml: Path, files: list[str], slugs: bool = True) -> None:
    """List more photos after the participant's own (the file ends with its photo list),
    titled "Extra 0", "Extra 1"..., with those slugs or none."""
    entries = "".join(
        f"  - file: \"{name}\"\n" + (f"    slug: extra-{index}\n" if slugs else "")
        + f"    title: {{en: Extra {index}, fr: Supplément {index}}}\n"
        f"    alt: {{en: A street at night, fr: Une rue la nuit}}\n"
        f"    caption: {{en: Late., fr: Tard.}}\n    themes: [food]\n"
        for index, name in enumerate(files))
    text = participant_yaml.read_text(encoding="utf-8")
    participant_yaml.write_text(text.rstrip("\n") + "\n" + entries, encoding="utf-8")


def line_of(participant_yaml: Path, text: str) -> int:
    lines = participant_yaml.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


# --- 1. a HEIC cut short ---------------------------------------------------------------


@pytest.mark.parametrize("tiles", [True, False], ids=["grid", "single"])
@pytest.mark.parametrize("ends_at_end", [False, True], ids=["sized", "to-end"])
def test_a_heic_cut_short_is_refused_at_any_length(tmp_path, heic_bytes, tiles, ends_at_end):
    """Cut anywhere from 10 % to 99 % of its length. A data box that says it runs to the
    end of the file (size 0) leaves only the item index to tell the file is short."""
    data = heic_bytes[tiles]
    if ends_at_end:
        mdat = data.index(b"mdat") - 4
        data = data[:mdat] + bytes(4) + data[mdat + 4:]
    (tmp_path / "whole.heic").write_bytes(data)
    assert images.inspect_image(tmp_path / "whole.heic").width == 512
    assert derive_image(tmp_path / "whole.heic", images.ImageSpec(480, "jpeg", 80))
    for fraction in CUTS:
        cut = tmp_path / f"cut-{fraction}.heic"
        cut.write_bytes(data[: int(len(data) * fraction)])
        for read in (lambda: images.inspect_image(cut),
                     lambda: derive_image(cut, images.ImageSpec(480, "jpeg", 80))):
            with pytest.raises(ImageError) as caught:
                read()
            assert str(caught.value) == images.TRUNCATED, fraction


def test_truncated_heic_photos_fail_build_and_check_each_by_name(project, heic_bytes):
    """An iPhone photo cut short by an interrupted copy was published with green blocks."""
    folder = project / "content/participants/amal-haddad"
    data = heic_bytes[True]
    names = []
    for fraction in CUTS:
        names.append(f"IMG_{int(fraction * 100):04d}.HEIC")
        (folder / names[-1]).write_bytes(data[: int(len(data) * fraction)])
    add_photos(folder / "participant.yaml", names)
    for command in ("build", "check"):
        result = run(command, "--jobs", "1") if command == "build" else run(command)
        assert result.exit_code == 1, result.output
        for index, name in enumerate(names):
            line = line_of(folder / "participant.yaml", name)
            assert (f"{AMAL}:{line}: photos[{4 + index}].file: {name}: {images.TRUNCATED}"
                    in result.output), (command, result.output)
        assert "Traceback" not in result.output
    assert not (project / "build").exists()  # nothing published


# --- 2. names devices and apps give -------------------------------------------------

# As phones, cameras and apps name files, and what their names hold: a counter, the date
# and time it was taken or sent (1684056612345 ms: 2023-05-14 09:30:12), an id.
APP_NAMES = {
    "IMG_E1234.JPG": "1234",  # an iPhone edit
    "_DSC1234.JPG": "1234",  # Sony
    "100_1234.JPG": "1234",  # Kodak
    "P1010023.JPG": "1010023",  # Panasonic, Olympus
    "FB_IMG_1684056612345.jpg": "1684056612345",  # Facebook
    "mmexport1684056612345.jpg": "1684056612345",  # WeChat
    "received_1234567890123456.jpeg": "1234567890123456",  # Messenger
    "WhatsApp Image 2023-05-14 at 09.30.12.jpeg": "2023",
    "signal-2023-05-14-093012.jpg": "093012",
    "photo 14.05.23.jpg": "14-05-23",
    "3F2504E0-4F89-11D3-9A0C-0305E82C3301.jpg": "3f2504e0",  # a share sheet's export
}


def test_names_devices_and_apps_give_never_become_addresses(project):
    folder = project / "content/participants/amal-haddad"
    photo = (folder / "DSC01234.JPG").read_bytes()
    for name in APP_NAMES:
        (folder / name).write_bytes(photo)
    (folder / "Kitchen Table.jpg").write_bytes(photo)  # a person's name for it is kept
    add_photos(folder / "participant.yaml", [*APP_NAMES, "Kitchen Table.jpg"], slugs=False)
    result = run("build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    pages = {path.parent.name for path in (project / "build/en/participants/amal-haddad")
             .glob("*/index.html")}
    assert pages == {"market", "first-snow", "kitchen-table",
                     *(f"extra-{index}" for index in range(len(APP_NAMES)))}
    media = {path.name.split(".")[0] for path in (project / "build/media/amal-haddad").iterdir()}
    for name, held in APP_NAMES.items():
        for address in media | pages:
            assert held not in address, (name, address)


def test_machine_named_photos_with_one_title_each_get_an_address(project):
    folder = project / "content/participants/amal-haddad"
    photo = (folder / "DSC01234.JPG").read_bytes()
    names = ["IMG_20230514_093012 (1).jpg", "FB_IMG_1684056612345.jpg",
             "mmexport1684056699999.jpg"]
    for name in names:
        (folder / name).write_bytes(photo)
    add_photos(folder / "participant.yaml", names, slugs=False)
    yaml = folder / "participant.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Extra 1,", "Extra 0,")
                    .replace("Extra 2,", "Extra 0,").replace("slug: market", "slug: extra-0-2"),
                    encoding="utf-8")
    for command in ("check", "build"):
        result = run(command, "--jobs", "1") if command == "build" else run(command)
        assert result.exit_code == 0, result.output
    built = project / "build/en/participants/amal-haddad"
    titles = {page.parent.name: re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text()).group(1)
              for page in built.glob("*/index.html")}
    # The curator's own slug (extra-0-2) stays; the three titled "Extra 0" get the rest.
    assert sorted(titles) == ["extra-0", "extra-0-2", "extra-0-3", "extra-0-4", "first-snow"]
    assert [titles[slug] for slug in ("extra-0", "extra-0-3", "extra-0-4")] == ["Extra 0"] * 3
    assert "market" in titles["extra-0-2"].lower()
    before = sorted(path.name for path in (project / "build/media/amal-haddad").iterdir())
    assert run("build", "--jobs", "1").exit_code == 0
    assert sorted(path.name for path in (project / "build/media/amal-haddad").iterdir()) == before
    for held in ("20230514", "093012", "1684056612345", "1684056699999"):
        assert not any(held in name for name in before + sorted(titles))


# --- 7. a valid HEIF photovoice cannot decode -----------------------------------------


def test_an_uncompressed_heif_is_named_for_what_it_is(project):
    folder = project / "content/participants/amal-haddad"
    uncompressed_heif(folder / "scan.heif")
    add_photos(folder / "participant.yaml", ["scan.heif"])
    line = line_of(folder / "participant.yaml", "scan.heif")
    expected = (f"{AMAL}:{line}: photos[4].file: scan.heif: this HEIF file holds an "
                "uncompressed (ISO/IEC 23001-17) picture, which photovoice cannot read; "
                "open it in a photo app and export it as JPEG")
    for result in (run("check"), run("build", "--jobs", "1")):
        assert result.exit_code == 1
        assert expected in result.output, result.output
        assert "truncated or corrupt" not in result.output


# --- 6. a colour key in an RGB PNG ----------------------------------------------------


def test_a_colour_keyed_png_is_published_on_white_not_in_its_key_colour(project):
    """An RGB PNG whose tRNS chunk makes one colour (here bright green) transparent."""
    folder = project / "content/participants/amal-haddad"
    source = Image.new("RGB", (640, 480), (0, 255, 0))
    source.paste((20, 20, 230), (320, 0, 640, 480))
    source.save(folder / "logo-on-clear.png", transparency=(0, 255, 0))
    add_photos(folder / "participant.yaml", ["logo-on-clear.png"])
    result = run("build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    published = sorted((project / "build/media/amal-haddad").glob("extra-0-*"))
    assert {path.suffix for path in published} == {".jpg", ".webp"}
    for path in published:
        with Image.open(path) as img:
            width, height = img.size
            img = img.convert("RGB")
            clear, blue = img.getpixel((width // 8, height // 2)), img.getpixel((width * 7 // 8, 1))
        assert all(channel >= 245 for channel in clear), (path.name, clear)
        assert blue[2] > 200 and blue[1] < 60, (path.name, blue)


# --- 3. every error in one run; check decodes every photo -----------------------------


def broken_photos(folder: Path) -> list[str]:
    """A JPEG and a PNG cut in half: their headers are whole, their pictures are not."""
    names = []
    for fmt, name in (("JPEG", "cut-short.jpg"), ("PNG", "cut-short.png")):
        buffer = io.BytesIO()
        Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, fmt)
        (folder / name).write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
        names.append(name)
    return names


def expected_broken(project: Path, names: list[str], first_index: int = 4) -> list[str]:
    yaml = project / AMAL
    return [f"{AMAL}:{line_of(yaml, name)}: photos[{first_index + index}].file: {name}: "
            "the image data is truncated or corrupt" for index, name in enumerate(names)]


def test_check_decodes_every_photo_and_never_calls_a_broken_one_fine(project):
    folder = project / "content/participants/amal-haddad"
    names = broken_photos(folder)
    add_photos(folder / "participant.yaml", names)
    result = run("check")
    assert result.exit_code == 1, result.output
    for line in expected_broken(project, names):
        assert line in result.output
    assert "is fine" not in result.output and "no errors" not in result.output


def test_a_content_error_and_broken_photos_are_reported_in_one_run(project):
    folder = project / "content/participants/amal-haddad"
    names = broken_photos(folder)
    add_photos(folder / "participant.yaml", names)
    edit(project / "content/participants/p02/participant.yaml", "city: moncton",
         "city: winnipeg")
    unknown_city = "content/participants/p02/participant.yaml:2: city: unknown city 'winnipeg'"
    for result in (run("build", "--jobs", "1"), run("check")):
        assert result.exit_code == 1
        assert unknown_city in result.output
        for line in expected_broken(project, names):
            assert line in result.output, result.output
    assert not (project / "build").exists()


def test_a_theme_typo_and_broken_photos_are_reported_in_one_run(project):
    folder = project / "content/participants/amal-haddad"
    names = broken_photos(folder)
    add_photos(folder / "participant.yaml", names)
    result = run("build", "--jobs", "1", "--theme", "defualt")
    assert result.exit_code == 1
    assert "defualt" in result.output
    for line in expected_broken(project, names):
        assert line in result.output, result.output


def test_check_decodes_each_photo_once_and_trusts_what_a_build_decoded(project, monkeypatch):
    decoded: list[str] = []
    real_check = images.check_image
    monkeypatch.setattr(images, "check_image",
                        lambda src: decoded.append(src.name) or real_check(src))
    assert run("check").exit_code == 0
    assert sorted(decoded) == ["IMG_20230514_093012.jpg", "PXL_20230601_141530123.jpg",
                               "Screenshot_20230702-101500.png"]
    decoded.clear()
    assert run("check").exit_code == 0
    assert decoded == []  # remembered by content hash
    folder = project / "content/participants/amal-haddad"
    (folder / "kitchen.jpg").write_bytes((folder / "DSC01234.JPG").read_bytes())
    add_photos(folder / "participant.yaml", ["kitchen.jpg"])
    assert run("build", "--jobs", "1").exit_code == 0
    assert run("check").exit_code == 0
    assert decoded == []  # the build decoded it: check does not again


# --- 5. what decoders say, once, where the curator can find it ------------------------

# An EXIF block whose first directory points past its end: Pillow warns
# "Corrupt EXIF data. Expecting to read 12 bytes but only got 0." on every read.
BROKEN_EXIF = b"Exif\0\0MM\0*\0\0\0\x08\xff\xff"


def jpeg_with_broken_exif(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    segment = b"\xff\xe1" + struct.pack(">H", len(BROKEN_EXIF) + 2) + BROKEN_EXIF
    path.write_bytes(data[:2] + segment + data[2:])
    return path


def damaged_tiff(path: Path) -> Path:
    """An LZW TIFF whose last strip lies past the end of the file, as a copy cut short
    leaves it: libtiff says "TIFFFillStrip: Read error on strip 2" on stderr."""
    Image.effect_noise((256, 192), 50).convert("RGB").save(path, compression="tiff_lzw")
    data = bytearray(path.read_bytes())
    directory = struct.unpack_from("<I", data, 4)[0]
    for index in range(struct.unpack_from("<H", data, directory)[0]):
        tag, _, count, value = struct.unpack_from("<HHII", data, directory + 2 + 12 * index)
        if tag == 273:  # StripOffsets
            struct.pack_into("<I", data, value + 4 * (count - 1), len(data) + 1000)
    path.write_bytes(bytes(data))
    return path


def test_a_decoder_warning_is_one_counted_diagnostic_at_the_photos_line(project):
    folder = project / "content/participants/amal-haddad"
    jpeg_with_broken_exif(folder / "kitchen.jpg")
    add_photos(folder / "participant.yaml", ["kitchen.jpg"])
    line = line_of(folder / "participant.yaml", "kitchen.jpg")
    said = (f"{AMAL}:{line}: photos[4].file: warning: kitchen.jpg: its EXIF data is damaged "
            "(Corrupt EXIF data. Expecting to read 12 bytes but only got 0); check that the "
            "photo is the right way up on the site")
    first = in_a_process(project, "build", "--jobs", "2")
    edit(folder / "participant.yaml", "Late.", "Later.")  # a rebuild: the photo is cached
    rebuilt = in_a_process(project, "build", "--jobs", "1")
    for output in (first, rebuilt, in_a_process(project, "build"), in_a_process(project, "check")):
        assert output.count(said) == 1, output
        assert output.count("Corrupt EXIF") == 1
        # Only the site's own folder may be named in full (a build's summary names it,
        # a no-op's too: under load the third build may find nothing to do).
        assert str(project) not in output.replace(str(project / "build"), "")
    # p02's bio, title, alt and caption have no French; and the EXIF
    assert "with 5 warnings" in first and "with 5 warnings" in rebuilt
    assert "4 photos processed" in first and "1 from cache" not in first
    assert "0 photos processed, 4 from the cache" in rebuilt


def test_a_decoder_error_that_damages_pixels_stops_the_build(project, capfd):
    folder = project / "content/participants/amal-haddad"
    damaged_tiff(folder / "scan.tif")
    add_photos(folder / "participant.yaml", ["scan.tif"])
    line = line_of(folder / "participant.yaml", "scan.tif")
    expected = (f"{AMAL}:{line}: photos[4].file: scan.tif: the image data is damaged "
                "(TIFFFillStrip: Read error on strip 2; got 18446744073709550616 bytes, "
                "expected ")
    for result in (run("build", "--jobs", "1"), run("build", "--jobs", "2"), run("check")):
        assert result.exit_code == 1
        assert expected in result.output, result.output
    assert "TIFFFillStrip" not in capfd.readouterr().err  # said once, by photovoice
    assert not (project / "build").exists()


# --- 4. large pictures in bounded memory -----------------------------------------------


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "I;16", "CMYK", "RGB-key", "HEIC"])
def test_a_picture_to_convert_is_converted_a_band_at_a_time(tmp_path, monkeypatch, mode):
    """No second full-size copy for flattening or a mode change: each band of rows is
    converted and resized straight into the largest output (memory figures: the
    benchmark's `memory` corpus). The result is the picture converted whole."""
    size = (1600, 1200)
    ramp = Image.linear_gradient("L")
    base = Image.merge("RGB", [ramp.resize(size), ramp.rotate(90).resize(size),
                               Image.radial_gradient("L").resize(size)])  # smooth: JPEG-exact
    sources = {
        "RGBA": lambda: Image.merge("RGBA", [*base.split(), Image.linear_gradient("L")
                                             .resize(size)]),
        "LA": lambda: Image.merge("LA", [base.convert("L"), Image.linear_gradient("L")
                                         .resize(size)]),
        "P": lambda: base.quantize(64),
        "I;16": lambda: Image.linear_gradient("L").resize(size).convert("I")
                                                  .point(lambda v: v * 257).convert("I;16"),
        "CMYK": lambda: base.convert("CMYK"),
        "RGB-key": lambda: base,
    }
    src = tmp_path / {"CMYK": "source.jpg", "HEIC": "source.heic"}.get(mode, "source.png")
    params = {"transparency": base.getpixel((800, 600))} if mode == "RGB-key" else {}
    if mode == "HEIC":  # libheif decodes it into rows of its own, which are not copied whole
        pillow_heif.from_pillow(base).save(src, quality=90, enc_params={"preset": "ultrafast"})
    else:
        sources[mode]().save(src, **params)
    converted: list[tuple[int, int]] = []
    real = images._to_srgb
    monkeypatch.setattr(images, "_to_srgb",
                        lambda img, said: converted.append(img.size) or real(img, said))
    spec = images.ImageSpec(960, "jpeg", 95)
    redaction = images.Redaction(0.1, 0.2, 0.2, 0.1)  # converted on its own: 120 rows
    blob = images.derive_images(images.ImageJob(src, (spec,), (redaction,)))[0]
    assert max(height for _, height in converted) < 150  # of 1200
    with Image.open(src) as whole:
        expected = real(whole, images.Complaints())
        images._redact(expected, (redaction,), 1)
        expected = expected.resize((960, 720), Image.Resampling.BICUBIC).convert("RGB")
    with Image.open(io.BytesIO(blob)) as published:
        difference = ImageChops.difference(published.convert("RGB"), expected)
        assert max(ImageStat.Stat(difference).mean) < 2.5, ImageStat.Stat(difference).mean


def test_build_and_check_copy_no_large_picture_whole(project, monkeypatch):
    """Through the commands: an RGBA PNG and a HEIC are converted a band at a time by
    build, and check converts only a corner; neither lets Pillow's HEIF plugin copy
    libheif's picture into one of its own."""
    folder = project / "content/participants/amal-haddad"
    size = (2200, 700)  # wider than the widest output: reduced, so converted in bands
    base = Image.merge("RGB", [Image.linear_gradient("L").resize(size),
                               Image.effect_noise(size, 30),
                               Image.radial_gradient("L").resize(size)])
    Image.merge("RGBA", [*base.split(), Image.linear_gradient("L").resize(size)]).save(
        folder / "wide.png")
    pillow_heif.from_pillow(base).save(folder / "wide.heic", quality=80,
                                       enc_params={"preset": "ultrafast"})
    add_photos(folder / "participant.yaml", ["wide.png", "wide.heic"])
    converted: list[tuple[int, int]] = []
    real = images._to_srgb
    monkeypatch.setattr(images, "_to_srgb",
                        lambda img, said: converted.append(img.size) or real(img, said))

    def copied_whole(self):
        raise AssertionError("the HEIF plugin copied the whole picture")

    monkeypatch.setattr(pillow_heif.as_plugin.HeifImageFile, "load", copied_whole)
    for command in ("check", "build"):
        result = run(command, "--jobs", "1") if command == "build" else run(command)
        assert result.exit_code == 0, result.output
    ours = [height for width, height in converted if width == 2200]  # the others' are small
    assert len(ours) > 10 and max(ours) < 100  # of 700 rows
    with Image.open(io.BytesIO((project / "build/media/amal-haddad").glob(
            "extra-1-2016.*.webp").__next__().read_bytes())) as published:
        assert published.width == 2016


def test_fewer_workers_when_large_photos_would_not_fit_in_memory():
    from photovoice.derive import available_memory, workers_for
    from photovoice.imageplan import SourceInfo

    phone = [SourceInfo(4032, 3024, "")] * 10  # 12 MP: 4 workers fit in 2 GB easily
    panorama = [SourceInfo(20000, 5000, "")] * 3  # 100 MP: up to ~780 MB each at the peak
    assert workers_for(4, phone, 2 << 30) == 4
    assert workers_for(4, phone + panorama, 2 << 30) == 2
    assert workers_for(4, phone + panorama, 1 << 30) == 1
    assert workers_for(4, panorama, 300 << 20) == 1  # never none
    assert workers_for(4, panorama[:2], None) == 2  # nothing known: as asked
    assert available_memory() is None or available_memory() > 0
