"""Properties of derived images: upright, right-sized, sRGB, redacted, and metadata-free.

Every source image is generated here, under tmp_path; nothing binary is committed.
"""

from __future__ import annotations

import io
import pickle
import platform
import random
import struct
import subprocess
import sys
import warnings
import zlib
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pillow_heif
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image, ImageChops, ImageFile, ImageOps, ImageStat, JpegImagePlugin, PngImagePlugin

from photovoice import images
from photovoice.images import (
    DEFAULT_QUALITY, MAX_PIXELS, Complaints, ImageError, ImageJob, ImageSpec, SourceInfo,
    derive_images, inspect_image, output_size, plan_specs, share_spec,
)
from photovoice.model import Redaction

from helpers import derive_image, jpeg_bytes
from sitecheck import jpeg_segments, webp_chunks

REPO = Path(__file__).resolve().parents[1]
RED, BLUE, GREEN = (230, 20, 20), (20, 20, 230), (20, 200, 20)
CAMERA_MAKE = "PhotovoiceTestCam"
SECRET = "Secret-Comment-1234"
# What must never appear in a published file, whatever the format.
FORBIDDEN_BYTES = (b"Exif", b"GPS", b"xmpmeta", b"Photoshop 3.0", b"ICC_PROFILE",
                   CAMERA_MAKE.encode(), SECRET.encode())
FORBIDDEN_INFO = ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop",
                  "Comment", "adobe")


@pytest.fixture(autouse=True, scope="module")
def _pillow_configured():
    images.configure_pillow()
    # The tests write HEIC files themselves; photovoice only learns to read them when
    # it meets one (test_heic_is_read_without_anyone_registering_pillow_heif).
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


# --- source builders -----------------------------------------------------------------


def noise(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """Deterministic RGB noise: as much detail as a picture can have."""
    data = random.Random(seed).randbytes(size[0] * size[1] * 3)
    return Image.frombytes("RGB", size, data)


def gradient(size: tuple[int, int]) -> Image.Image:
    """A smooth picture that is cheap to encode at any size."""
    ramp = Image.linear_gradient("L")
    return Image.merge("RGB", [ramp.resize(size), ramp.rotate(90).resize(size),
                               Image.radial_gradient("L").resize(size)])


def marked(size: tuple[int, int]) -> Image.Image:
    """Green, with a red top-left and a blue top-right corner: all 8 orientations differ."""
    width, height = size
    img = Image.new("RGB", size, GREEN)
    img.paste(RED, (0, 0, width // 3, height // 3))
    img.paste(BLUE, (width - width // 3, 0, width, height // 3))
    return img


# How to store an upright picture so that the EXIF orientation tag brings it back.
STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def oriented(upright: Image.Image, orientation: int) -> tuple[Image.Image, bytes]:
    """(stored pixels, EXIF bytes) that display as `upright`."""
    method = STORE_FOR_ORIENTATION[orientation]
    stored = upright.transpose(method) if method is not None else upright.copy()
    exif = Image.Exif()
    exif[0x0112] = orientation
    return stored, exif.tobytes()


def save(img: Image.Image, path: Path, fmt: str, **params) -> Path:
    img.save(path, fmt, **params)
    return path


# A tiny ICC profile writer, so colour management is tested against a known profile
# (ImageCms can only create sRGB, LAB and XYZ itself).
D50 = (0.9642, 1.0, 0.8249)
DISPLAY_P3_COLORANTS = {"rXYZ": (0.515102, 0.241182, -0.001050),
                        "gXYZ": (0.291965, 0.692236, 0.041882),
                        "bXYZ": (0.157153, 0.066582, 0.784378)}


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in xyz)


def _curve_tag(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (b"desc\0\0\0\0" + struct.pack(">I", len(ascii_text)) + ascii_text
            + struct.pack(">IIHB", 0, 0, 0, 0) + bytes(67))


def icc_profile(space: bytes, tags: dict[str, bytes]) -> bytes:
    """An ICC v2 display profile with these tags."""
    offset = 128 + 4 + 12 * len(tags)
    table = body = b""
    for signature, data in tags.items():
        data += bytes(-len(data) % 4)
        table += signature.encode() + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (struct.pack(">II", offset + len(body), 0) + struct.pack(">I", 0x02100000)
              + b"mntr" + space + b"XYZ " + bytes(12) + b"acsp" + bytes(28)
              + b"".join(_s15(v) for v in D50) + bytes(48))
    return header + struct.pack(">I", len(tags)) + table + body


def display_p3_profile() -> bytes:
    tags = {"desc": _desc_tag("Display P3 (test)"), "wtpt": _xyz_tag(D50)}
    tags |= {name: _xyz_tag(xyz) for name, xyz in DISPLAY_P3_COLORANTS.items()}
    tags |= {name: _curve_tag(2.2) for name in ("rTRC", "gTRC", "bTRC")}
    return icc_profile(b"RGB ", tags)


def linear_grey_profile() -> bytes:
    return icc_profile(b"GRAY", {"desc": _desc_tag("Grey gamma 1.0 (test)"),
                                 "wtpt": _xyz_tag(D50), "kTRC": _curve_tag(1.0)})


def p3_to_srgb(rgb: tuple[int, int, int]) -> tuple[int, ...]:
    """Independent arithmetic: gamma-2.2 Display P3 -> sRGB through linear light."""
    matrix = ((1.2249, -0.2247, 0.0), (-0.0420, 1.0419, 0.0), (-0.0197, -0.0786, 1.0979))
    linear = [(v / 255) ** 2.2 for v in rgb]
    out = []
    for row in matrix:
        value = min(1.0, max(0.0, sum(c * v for c, v in zip(row, linear))))
        encoded = 12.92 * value if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055
        out.append(round(encoded * 255))
    return tuple(out)


def private_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE          # Make
    exif[0x0110] = "PV-1000"            # Model
    exif[0x0131] = "TestEditor 1.0"     # Software
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (45.0, 30.0, 12.5), 3: "W", 4: (73.0, 33.0, 1.0)})
    return exif.tobytes()


XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Make="' + CAMERA_MAKE.encode()
       + b'"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def with_jpeg_segments(data: bytes, *segments: tuple[int, bytes]) -> bytes:
    """Insert raw marker segments (e.g. APP13 Photoshop, COM) right after SOI."""
    extra = b"".join(bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
                     for marker, payload in segments)
    return data[:2] + extra + data[2:]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG header declaring this size, with (almost) no pixel data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _png_chunk(b"IEND", b""))


# --- assertions ----------------------------------------------------------------------


def decode(blob: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(blob))
    img.load()
    return img


def rgb_at(img: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    pixel = img.convert("RGB").getpixel(xy)
    assert isinstance(pixel, tuple)
    return pixel


def assert_close(actual, expected, tolerance: int) -> None:
    assert all(abs(a - e) <= tolerance for a, e in zip(actual, expected)), (actual, expected)


def assert_no_metadata(blob: bytes, spec: ImageSpec) -> None:
    for forbidden in FORBIDDEN_BYTES:
        assert forbidden not in blob, forbidden
    img = decode(blob)
    assert img.format == spec.format.upper()
    assert not set(FORBIDDEN_INFO) & set(img.info), img.info.keys()
    assert len(img.getexif()) == 0
    if spec.format == "jpeg":
        markers = jpeg_segments(blob)
        # APP0 (JFIF) is the only application segment; no COM (0xFE).
        assert [m for m in markers if 0xE1 <= m <= 0xEF or m == 0xFE] == []
        # Baseline (SOF0): benchmarks/README.md, "Pipeline choices".
        assert 0xC0 in markers and 0xC2 not in markers
    else:
        assert set(webp_chunks(blob)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def derive_all(src: Path, redactions=(), complaints: Complaints | None = None
               ) -> tuple[tuple[ImageSpec, ...], tuple[bytes, ...]]:
    specs = plan_specs(inspect_image(src))
    return specs, derive_images(ImageJob(src, specs, tuple(redactions)), complaints)


# --- planning --------------------------------------------------------------------------


@pytest.mark.parametrize("width, widths", [
    (200, [200]), (479, [479]), (480, [480]), (1000, [960, 480]), (1440, [1440, 960, 480]),
    (2015, [1440, 960, 480]), (2016, [2016, 1440, 960, 480]), (12000, [2016, 1440, 960, 480]),
])
def test_plan_specs_never_upscales_and_lists_largest_first(width, widths):
    # A size is the longest side: a portrait photo gets the same sizes as a landscape one.
    # Beside the WebPs, one JPEG: the largest size up to 1440, <img>'s fallback.
    jpeg = max(w for w in widths if w <= 1440) if min(widths) <= 1440 else min(widths)
    for info in (SourceInfo(width, 100, "JPEG"), SourceInfo(100, width, "JPEG")):
        specs = plan_specs(info)
        assert [(s.width, s.format) for s in specs] == [
            (w, fmt) for w in widths for fmt in ("webp", "jpeg") if fmt == "webp" or w == jpeg]
        assert {(s.format, s.quality) for s in specs} == {
            ("webp", DEFAULT_QUALITY["webp"]), ("jpeg", 82)}


def test_plan_specs_gives_jpeg_every_width_without_webp():
    specs = plan_specs(SourceInfo(4032, 3024, "JPEG"), formats=("jpeg",))
    assert [(s.width, s.format) for s in specs] == [
        (2016, "jpeg"), (1440, "jpeg"), (960, "jpeg"), (480, "jpeg")]


@pytest.mark.parametrize("widths, jpeg", [
    ((2016, 1440, 960, 480), 1440), ((2400, 1600), 1600), ((3000, 2000), 2000), ((800,), 800),
])
def test_the_jpeg_fallback_is_the_largest_width_up_to_1440_else_the_smallest(widths, jpeg):
    specs = plan_specs(SourceInfo(4032, 3024, "JPEG"), widths)
    assert [s.width for s in specs if s.format == "jpeg"] == [jpeg]
    assert sorted(s.width for s in specs if s.format == "webp") == sorted(widths)


@pytest.mark.parametrize("size, sizes, expected", [
    ((4000, 34000), (20000, 2016), [2016]),  # 20000 tall is more than WebP allows
    ((100, 50000), (20000,), [16383]),       # no size left: the longest WebP allows
    ((100, 50000), (2016, 480), [2016, 480]),
])
def test_plan_specs_keeps_very_long_pictures_within_webp_limits(size, sizes, expected):
    info = SourceInfo(*size, "JPEG")
    specs = plan_specs(info, sizes)
    assert [s.width for s in specs if s.format == "webp"] == expected
    assert all(max(output_size(info, s.width)) <= 16383 for s in specs)


@pytest.mark.parametrize("size, out", [
    ((4032, 3024), (1200, 900)), ((1200, 10), (1200, 10)), ((1000, 750), (1000, 750)),
    ((300, 200), (300, 200)),
    ((3024, 4032), (1200, 1600)),  # link cards are laid out by width: a portrait is taller
    ((600, 800), (600, 800)),
    ((1600, 100_000), (1048, 65500)),  # 1200 wide would be 75000 tall, more than a JPEG holds
])
def test_share_spec_is_a_1200_px_wide_jpeg_never_enlarged(size, out):
    info = SourceInfo(*size, "JPEG")
    spec = share_spec(info)
    assert (spec.format, spec.quality) == ("jpeg", 82)
    assert output_size(info, spec.width) == out


def test_the_jpeg_beside_webp_has_the_pixels_of_an_optimized_one_written_quicker(tmp_path):
    # Beside WebP the JPEG is <img>'s fallback, which browsers in use never fetch: written
    # with the standard Huffman tables. A JPEG someone fetches (a site without WebP, a
    # link preview: derived without WebP beside it) gets optimized tables: fewer bytes
    # for the same pixels.
    src = save(noise((1200, 900)), tmp_path / "photo.png", "PNG")
    jpeg = ImageSpec(960, "jpeg", 82)
    fallback = derive_images(ImageJob(src, (ImageSpec(960, "webp", 76), jpeg)))[1]
    alone = derive_image(src, jpeg)
    assert decode(fallback).tobytes() == decode(alone).tobytes()
    assert len(fallback) > len(alone)


def test_encoding_failure_is_an_image_error_that_says_so(tmp_path):
    src = save(gradient((60, 17000)), tmp_path / "scroll.png", "PNG")
    with pytest.raises(ImageError, match=r"^cannot encode a 60 x 17,000 WEBP"):
        derive_image(src, ImageSpec(17000, "webp", 78))
    assert [decode(b).size for b in derive_all(src)[1]][:1] == [(7, 2016)]


def test_image_spec_extension_and_validation():
    assert ImageSpec(480, "jpeg", 82).ext == "jpg"
    assert ImageSpec(480, "webp", 78).ext == "webp"
    with pytest.raises(ValueError):
        ImageSpec(480, "png", 80)
    with pytest.raises(ValueError):
        ImageSpec(0, "jpeg", 80)


@given(st.integers(1, 30000), st.integers(1, 30000), st.integers(1, 4000))
def test_output_size_fits_a_box_keeps_aspect_and_never_upscales(src_width, src_height, side):
    out = output_size((src_width, src_height), side)
    long, short = (0, 1) if src_width >= src_height else (1, 0)  # which index is which
    src = (src_width, src_height)
    assert out[long] == min(side, src[long])  # the size is the longest side...
    assert 1 <= out[short] <= out[long]       # ...and stays the longest
    assert abs(out[short] - src[short] * out[long] / src[long]) <= 0.5 or out[short] == 1
    assert output_size(SourceInfo(src_width, src_height, "PNG"), side) == out
    # Turning the source turns the output: portrait and landscape are treated alike.
    assert output_size((src_height, src_width), side) == out[::-1]


def test_portrait_photo_fits_the_box_of_each_size(tmp_path):
    """A portrait's largest image is 2016 tall, not 2016 wide: the theme limits every
    photo's height to the screen, so a wider file would never be shown at its size."""
    stored, exif = oriented(gradient((2160, 2880)), 6)
    src = save(stored, tmp_path / "portrait.jpg", "JPEG", exif=exif)
    specs, blobs = derive_all(src)
    sizes = {(spec.width, spec.format): decode(blob).size for spec, blob in zip(specs, blobs)}
    assert sizes == {(2016, "webp"): (1512, 2016), (1440, "webp"): (1080, 1440),
                     (1440, "jpeg"): (1080, 1440), (960, "webp"): (720, 960),
                     (480, "webp"): (360, 480)}


def test_image_job_pickles():
    specs = plan_specs(SourceInfo(1000, 800, "JPEG"))
    job = ImageJob(Path("a.jpg"), specs, (Redaction(0.1, 0.2, 0.3, 0.4),))
    assert pickle.loads(pickle.dumps(job)) == job


# --- orientation -------------------------------------------------------------------


def assert_upright_marker(img: Image.Image) -> None:
    width, height = img.size
    assert width > height, img.size
    near = (4, 4), (width - 5, 4), (4, height - 5), (width - 5, height - 5)
    for xy, colour in zip(near, (RED, BLUE, GREEN, GREEN)):
        assert_close(rgb_at(img, xy), colour, 40)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path, orientation):
    upright = marked((96, 64))
    stored, exif = oriented(upright, orientation)
    src = save(stored, tmp_path / "photo.jpg", "JPEG", quality=95, exif=exif)
    # The test's own construction must agree with Pillow's reference implementation.
    with Image.open(src) as reference:
        assert ImageOps.exif_transpose(reference).size == (96, 64)
    assert inspect_image(src) == SourceInfo(96, 64, "JPEG")
    specs, blobs = derive_all(src)
    for spec, blob in zip(specs, blobs):
        img = decode(blob)
        assert img.size == (96, 64)
        assert_upright_marker(img)
        assert_no_metadata(blob, spec)


@pytest.mark.parametrize("fmt, suffix", [("PNG", "png"), ("WEBP", "webp"), ("TIFF", "tif"),
                                         ("HEIF", "heic")])
def test_orientation_is_honoured_in_every_format(tmp_path, fmt, suffix):
    stored, exif = oriented(marked((96, 64)), 6)
    params = {"quality": 95} if fmt in ("WEBP", "HEIF") else {}
    src = save(stored, tmp_path / f"photo.{suffix}", fmt, exif=exif, **params)
    assert (inspect_image(src).width, inspect_image(src).height) == (96, 64)
    for blob in derive_all(src)[1]:
        assert_upright_marker(decode(blob))


def test_draft_decoding_keeps_orientation_and_redaction_right(tmp_path, monkeypatch):
    """A JPEG stored sideways, decoded at reduced scale: marker, size and blur still land right."""
    upright = marked((1000, 3000))
    upright.paste(noise((500, 1000), seed=3), (250, 1000))  # detail where the redaction goes
    stored, exif = oriented(upright, 6)
    src = save(stored, tmp_path / "tall.jpg", "JPEG", quality=95, exif=exif)
    decoded_sizes = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def spy_draft(self, mode, size):
        result = real_draft(self, mode, size)
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy_draft)
    redaction = Redaction(0.25, 1 / 3, 0.5, 1 / 3)
    spec = ImageSpec(1440, "jpeg", 90)
    blob = derive_image(src, spec, (redaction,))
    assert decoded_sizes == [(1500, 500)]  # stored orientation, half scale, >= 480 x 1440 upright
    img = decode(blob)
    assert img.size == output_size((1000, 3000), 1440) == (480, 1440)
    assert_close(rgb_at(img, (4, 4)), RED, 40)
    assert_close(rgb_at(img, (475, 4)), BLUE, 40)
    assert max(ImageStat.Stat(img.crop((150, 520, 330, 920))).var) < 30
    assert max(ImageStat.Stat(img.crop((150, 1000, 330, 1400))).var) < 30  # plain green, for scale


# --- sizes -------------------------------------------------------------------------


def test_small_source_gives_one_width_at_its_own_size(tmp_path):
    src = save(noise((200, 150)), tmp_path / "small.jpg", "JPEG")
    specs, blobs = derive_all(src)
    assert [(s.width, s.format) for s in specs] == [(200, "webp"), (200, "jpeg")]
    assert [decode(b).size for b in blobs] == [(200, 150), (200, 150)]


def test_panorama_gets_every_width(tmp_path):
    src = save(gradient((12000, 3000)), tmp_path / "panorama.jpg", "JPEG", quality=85)
    specs, blobs = derive_all(src)
    sizes = [decode(blob).size for blob in blobs]
    assert [size for spec, size in zip(specs, sizes) if spec.format == "webp"] == [
        (2016, 504), (1440, 360), (960, 240), (480, 120)]
    assert sizes == [output_size(inspect_image(src), spec.width) for spec in specs]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(2, 2600), height=st.integers(1, 900),
       orientation=st.sampled_from([1, 3, 6, 8]))
def test_output_size_predicts_the_derived_size_exactly(tmp_path, width, height, orientation):
    stored, exif = oriented(gradient((width, height)), orientation)
    src = save(stored, tmp_path / "photo.jpg", "JPEG", exif=exif)
    info = inspect_image(src)
    specs, blobs = derive_all(src)
    for spec, blob in zip(specs, blobs):
        assert decode(blob).size == output_size(info, spec.width)


# --- metadata and colour -------------------------------------------------------------


P3_SAMPLE = (200, 80, 80)


def private_source(tmp_path: Path, fmt: str) -> Path:
    """A flat P3 colour carrying GPS, camera make, XMP and an ICC profile."""
    img = Image.new("RGB", (320, 240), P3_SAMPLE)
    common = {"exif": private_exif(), "icc_profile": display_p3_profile()}
    if fmt == "JPEG":
        data = jpeg_bytes(img, quality=95, xmp=XMP, comment=SECRET, **common)
        iptc_byline = b"\x1c\x02\x50\0\x08" + CAMERA_MAKE[:8].encode()
        photoshop = b"Photoshop 3.0\0" + b"8BIM\x04\x04\0\0\0\0\0\x0c" + iptc_byline
        src = tmp_path / "private.jpg"
        src.write_bytes(with_jpeg_segments(data, (0xED, photoshop)))
        return src
    if fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        text.add_text("Comment", SECRET)
        return save(img, tmp_path / "private.png", "PNG", pnginfo=text, **common)
    suffix = {"WEBP": "webp", "TIFF": "tif", "HEIF": "heic"}[fmt]
    params = {"xmp": XMP} if fmt in ("WEBP", "HEIF") else {}
    return save(img, tmp_path / f"private.{suffix}", fmt, **params, **common)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF", "HEIF"])
def test_outputs_carry_no_metadata_and_are_converted_to_srgb(tmp_path, fmt):
    src = private_source(tmp_path, fmt)
    assert CAMERA_MAKE.encode() in src.read_bytes()  # the source does carry private data
    with Image.open(src) as source:
        assert source.info.get("icc_profile")
    specs, blobs = derive_all(src)
    expected = p3_to_srgb(P3_SAMPLE)
    assert_close(expected, (218, 67, 74), 2)  # sanity of the independent arithmetic
    tolerance = 8 if fmt == "HEIF" else 5     # HEIC is lossy YCbCr before we even start
    for spec, blob in zip(specs, blobs):
        assert_no_metadata(blob, spec)
        assert_close(rgb_at(decode(blob), (160, 120)), expected, tolerance)


@pytest.mark.parametrize("size", [(1000, 750), (480, 360), (300, 200)])
def test_no_comment_or_exif_reaches_any_width(tmp_path, size):
    # Resized, or published at the source's own size (decoded and encoded again), the
    # picture is encoded without what the JPEG writer would copy from the source.
    src = tmp_path / "commented.jpg"
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    Image.new("RGB", size, (90, 120, 150)).save(src, "JPEG", comment=b"met at the clinic",
                                                 exif=exif.tobytes())
    with Image.open(src) as source:
        assert source.info["comment"] == b"met at the clinic"
    specs, blobs = derive_all(src)
    assert len(blobs) >= 2
    for spec, blob in zip(specs, blobs):
        assert b"clinic" not in blob and CAMERA_MAKE.encode() not in blob
        assert_no_metadata(blob, spec)


def test_grey_icc_profile_is_honoured(tmp_path):
    src = save(Image.new("L", (64, 64), 128), tmp_path / "grey.png", "PNG",
               icc_profile=linear_grey_profile())
    for blob in derive_all(src)[1]:
        assert_close(rgb_at(decode(blob), (32, 32)), (188, 188, 188), 3)  # linear 50% in sRGB


def test_mismatched_or_broken_icc_profile_is_ignored(tmp_path):
    rgb_profile_on_grey = save(Image.new("L", (64, 64), 100), tmp_path / "a.png", "PNG",
                               icc_profile=display_p3_profile())
    broken = save(Image.new("RGB", (64, 64), (100, 100, 100)), tmp_path / "b.png", "PNG",
                  icc_profile=b"not a profile at all")
    said = {rgb_profile_on_grey: "its colour profile is for RGB pictures, not grey ones, and "
                                 "was ignored; check its colours on the site",
            broken: "its colour profile is unusable and was ignored; check its colours on "
                    "the site"}
    for src, complaint in said.items():
        complaints = Complaints()
        for blob in derive_all(src, complaints=complaints)[1]:
            assert_close(rgb_at(decode(blob), (32, 32)), (100, 100, 100), 3)
        assert tuple(map(str, complaints.as_tuple())) == (complaint,)  # once, for all the sizes
        assert tuple(map(str, images.check_image(src))) == (complaint,)


@pytest.mark.parametrize("exif", [b"Exif\0\0MM\0*\0\0\0\x08\xff\xff", b"Exif\0\0garbage",
                                  b"Exif\0\0II*\0\xff\xff\xff\x7f"])
def test_mangled_exif_still_builds_as_stored(tmp_path, exif):
    data = with_jpeg_segments(jpeg_bytes(marked((96, 64))), (0xE1, exif))
    src = tmp_path / "mangled.jpg"
    src.write_bytes(data)
    assert inspect_image(src) == SourceInfo(96, 64, "JPEG")
    complaints = Complaints()
    for spec, blob in zip(*derive_all(src, complaints=complaints)):
        assert_upright_marker(decode(blob))
        assert_no_metadata(blob, spec)
    # Pillow's complaints (it warns, not raises) become one sentence each, said once.
    said = tuple(map(str, complaints.as_tuple()))
    assert said == tuple(map(str, images.check_image(src)))
    assert all(sentence.startswith("its EXIF data is damaged (") and sentence.endswith(
        "); check that the photo is the right way up on the site") for sentence in said)
    assert len(said) == len(set(said)) and str(src) not in "".join(said)


# --- source formats and colour modes ------------------------------------------------


def cmyk_jpeg(path: Path) -> Path:
    img = Image.new("CMYK", (64, 48), (255, 0, 0, 0))   # pure cyan
    save(img, path, "JPEG", quality=95)
    with Image.open(path) as source:
        assert source.info.get("adobe")                 # Adobe APP14: inverted CMYK
    return path


def palette_png(path: Path) -> Path:
    img = Image.new("P", (64, 48), 0)
    img.putpalette([0, 0, 0, 20, 20, 230] + [0] * 762)
    img.paste(1, (32, 0, 64, 48))
    return save(img, path, "PNG", transparency=0)


def flat(mode: str, value, fmt: str, **params):
    """A builder for a flat 64 x 48 source in this mode and format."""
    return lambda path: save(Image.new(mode, (64, 48), value), path, fmt, **params)


WHITE, MID_GREY, CLEAR = (255, 255, 255), (128, 128, 128), (0, 0, 0, 0)
SOURCES = {  # name: (builder, the colour the output must show)
    "cmyk-jpeg": (cmyk_jpeg, (0, 255, 255)),
    "16-bit-png": (flat("I;16", 32768, "PNG"), MID_GREY),
    "16-bit-tiff": (flat("I;16", 32768, "TIFF"), MID_GREY),
    "16-bit-big-endian-tiff": (flat("I;16B", 32768, "TIFF"), MID_GREY),
    "rgba-png": (flat("RGBA", (255, 0, 0, 128), "PNG"), (255, 127, 127)),
    "palette-png-with-transparency": (palette_png, BLUE),
    "la-png": (flat("LA", (0, 0), "PNG"), WHITE),
    # A colour key (tRNS): every pixel of that colour is transparent.
    "rgb-png-with-colour-key": (flat("RGB", GREEN, "PNG", transparency=GREEN), WHITE),
    "grey-png-with-colour-key": (flat("L", 60, "PNG", transparency=60), WHITE),
    "1-bit-png": (flat("1", 1, "PNG"), WHITE),
    "grey-jpeg": (flat("L", 90, "JPEG"), (90, 90, 90)),
    "rgb-tiff": (flat("RGB", BLUE, "TIFF", compression="tiff_lzw"), BLUE),
    "rgb-webp": (flat("RGB", BLUE, "WEBP", lossless=True), BLUE),
    "rgba-webp": (flat("RGBA", CLEAR, "WEBP", lossless=True), WHITE),
    "heic": (flat("RGB", BLUE, "HEIF", quality=95), BLUE),
    "heic-with-alpha": (flat("RGBA", CLEAR, "HEIF", quality=95), WHITE),
}


@pytest.mark.parametrize("name", SOURCES)
def test_every_supported_source_builds_with_the_right_colour(tmp_path, name):
    build_source, colour = SOURCES[name]
    src = build_source(tmp_path / f"source.{'heic' if 'heic' in name else 'img'}")
    specs, blobs = derive_all(src)
    assert len(blobs) == 2
    for spec, blob in zip(specs, blobs):
        img = decode(blob)
        assert img.size == (64, 48)
        assert img.mode in ("RGB", "L")
        assert_close(rgb_at(img, (48, 24)), colour, 12)
        assert_no_metadata(blob, spec)
    if name == "palette-png-with-transparency":
        assert_close(rgb_at(decode(blobs[1]), (10, 24)), WHITE, 12)  # the transparent half


def test_multi_picture_jpeg_publishes_only_the_main_picture(tmp_path):
    src = tmp_path / "phone.jpg"  # MPO: how Pillow labels phone JPEGs with extra frames
    Image.new("RGB", (64, 48), BLUE).save(src, "MPO", save_all=True,
                                          append_images=[Image.new("RGB", (64, 48), RED)])
    assert inspect_image(src) == SourceInfo(64, 48, "JPEG")
    for spec, blob in zip(*derive_all(src)):
        assert_close(rgb_at(decode(blob), (32, 24)), BLUE, 12)
        assert_no_metadata(blob, spec)
        assert getattr(decode(blob), "n_frames", 1) == 1


def test_sixteen_bit_gradient_keeps_its_tones(tmp_path):
    ramp = Image.linear_gradient("L").rotate(90).resize((256, 64))
    ramp = ramp.convert("I").point(lambda v: v * 257)  # 0..65535, left to right
    src = save(ramp.convert("I;16"), tmp_path / "ramp.png", "PNG")
    img = decode(derive_all(src)[1][1])
    for x in (16, 128, 240):
        assert_close(rgb_at(img, (x, 32)), (x,) * 3, 6)


# --- redaction -------------------------------------------------------------------------


def region(img: Image.Image, redaction: Redaction, inset: float = 0.1) -> Image.Image:
    """The redacted box in this output, shrunk a little so resampling at its edge doesn't count."""
    left, top, right, bottom = redaction.box(*img.size)
    dx, dy = (right - left) * inset + 2, (bottom - top) * inset + 2
    return img.crop((round(left + dx), round(top + dy), round(right - dx), round(bottom - dy)))


def variance(img: Image.Image) -> float:
    return max(ImageStat.Stat(img).var)


def test_redaction_flattens_the_region_at_every_size(tmp_path):
    redaction = Redaction(0.25, 0.2, 0.3, 0.4)
    src = save(noise((1200, 900)), tmp_path / "noisy.jpg", "JPEG", quality=95)
    flat = save(Image.new("RGB", (1200, 900), (128, 128, 128)), tmp_path / "flat.jpg", "JPEG")
    specs, redacted = derive_all(src, [redaction])
    _, plain = derive_all(src)
    _, flat_outputs = derive_all(flat)
    assert len(specs) == 3  # 960 and 480 WebP, the 960 JPEG
    for spec, blob, plain_blob, flat_blob in zip(specs, redacted, plain, flat_outputs):
        img, original = decode(blob), decode(plain_blob)
        flat_variance = variance(region(decode(flat_blob), redaction))
        assert variance(region(original, redaction)) > 200, spec  # there was detail to hide
        assert variance(region(img, redaction)) < flat_variance + 15, spec
        # Far from the box nothing changed. JPEG blocks are coded independently; WebP
        # adapts its quantiser segments to the whole picture, so on pure noise it drifts a
        # little (compare ~40 between the noise and its own WebP encoding).
        outside = (int(img.width * 0.7), 0, img.width, img.height)
        diff = ImageStat.Stat(ImageChops.difference(img.crop(outside), original.crop(outside))).mean
        assert max(diff) < (0.5 if spec.format == "jpeg" else 8), (spec, diff)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_redaction_boxes_map_onto_the_stored_picture_exactly(orientation):
    """The picture is turned upright after its first resize, so redactions (drawn on the
    upright photo) are applied to the stored picture: exactly the same pixels."""
    upright_size = (37, 23)
    boxes = [Redaction(0.1, 0.2, 0.3, 0.5).box(*upright_size), (0, 0, 1, 1), (36, 22, 37, 23),
             (0, 0, 37, 23), (5, 0, 6, 23)]
    for box in boxes:
        expected = Image.new("L", upright_size)
        expected.paste(255, box)
        stored_size = upright_size[::-1] if orientation >= 5 else upright_size
        stored = Image.new("L", stored_size)
        stored.paste(255, images._stored_box(box, upright_size, orientation))
        method = images._TRANSPOSE.get(orientation)
        turned = stored.transpose(method) if method is not None else stored
        assert turned.tobytes() == expected.tobytes(), (orientation, box)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_redaction_lands_on_the_upright_region_in_every_orientation(tmp_path, orientation):
    redaction = Redaction(0.1, 0.15, 0.35, 0.3)
    upright = noise((600, 400), seed=orientation)
    stored, exif = oriented(upright, orientation)
    src = save(stored, tmp_path / "photo.png", "PNG", exif=exif)
    for blob in derive_all(src, [redaction])[1]:
        img = decode(blob)
        assert img.size[0] > img.size[1]
        assert variance(region(img, redaction)) < 15
        # The mirror-image region (where a wrongly mapped box would land) keeps its detail.
        assert variance(region(img, Redaction(0.55, 0.55, 0.35, 0.3))) > 200


def test_redaction_reaches_the_edges_and_overlaps(tmp_path):
    src = save(noise((640, 480), seed=1), tmp_path / "noisy.png", "PNG")
    beyond_the_edge = Redaction(0.8, 0.7, 0.5, 0.5)
    overlapping = (Redaction(0.0, 0.0, 0.2, 0.2), Redaction(0.1, 0.1, 0.2, 0.2))
    for blob in derive_all(src, (beyond_the_edge, *overlapping))[1]:
        img = decode(blob)
        assert variance(region(img, Redaction(0.8, 0.7, 0.2, 0.3))) < 15
        for redaction in overlapping:
            assert variance(region(img, redaction)) < 15


def test_redaction_applies_to_grey_and_transparent_sources(tmp_path):
    grey = save(noise((300, 200)).convert("L"), tmp_path / "grey.png", "PNG")
    rgba = noise((300, 200), seed=2).convert("RGBA")
    rgba.putalpha(200)
    transparent = save(rgba, tmp_path / "alpha.png", "PNG")
    redaction = Redaction(0.2, 0.2, 0.6, 0.6)
    for src in (grey, transparent):
        for blob in derive_all(src, [redaction])[1]:
            assert variance(region(decode(blob), redaction)) < 15


# --- determinism -------------------------------------------------------------------------


def test_output_is_deterministic_in_process_and_in_a_worker(tmp_path):
    stored, exif = oriented(noise((1000, 700)), 6)
    src = save(stored, tmp_path / "photo.jpg", "JPEG", exif=exif)
    job = ImageJob(src, plan_specs(inspect_image(src)), (Redaction(0.1, 0.1, 0.3, 0.3),))
    first = derive_images(job)
    assert derive_images(job) == first
    spawn = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=images.configure_pillow) as pool:
        assert pool.submit(derive_images, job).result() == first


# --- errors ----------------------------------------------------------------------------


def assert_image_error(src: Path, message: str, *, inspect: bool = True) -> None:
    calls = [lambda: derive_image(src, ImageSpec(480, "jpeg", 82))]
    if inspect:
        calls.append(lambda: inspect_image(src))
    for call in calls:
        with pytest.raises(ImageError) as caught:
            call()
        assert str(caught.value) == message
        assert str(src) not in str(caught.value)


def test_empty_file(tmp_path):
    src = tmp_path / "empty.jpg"
    src.write_bytes(b"")
    assert_image_error(src, "the file is empty")


def test_text_file_named_jpg(tmp_path):
    src = tmp_path / "notes.jpg"
    src.write_text("Interview notes: remember to ask about consent.\n")
    assert_image_error(src, "not an image photovoice can read (text file?)")


def test_binary_non_image(tmp_path):
    src = tmp_path / "data.jpg"
    src.write_bytes(bytes(range(256)) * 4)
    assert_image_error(src, "not an image photovoice can read")


def test_missing_file(tmp_path):
    assert_image_error(tmp_path / "gone.jpg", "the file does not exist")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_image_is_an_error_not_grey(tmp_path, fmt):
    buffer = io.BytesIO()
    noise((400, 300)).save(buffer, fmt)
    src = tmp_path / f"cut.{fmt.lower()}"
    src.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert inspect_image(src).width == 400  # the header alone is intact
    assert_image_error(src, "the image data is truncated or corrupt", inspect=False)


@pytest.mark.parametrize("fmt", ["GIF", "BMP"])
def test_unsupported_formats(tmp_path, fmt):
    src = save(Image.new("RGB", (8, 8)), tmp_path / "photo.jpg", fmt)
    assert_image_error(src, f"unsupported image format {fmt}; use JPEG, PNG, WebP, TIFF or HEIC")


def test_decompression_bomb_is_refused_before_decoding(tmp_path, monkeypatch):
    src = tmp_path / "bomb.png"
    src.write_bytes(png_header_only(100_000, 100_000))
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))
    for call in (inspect_image, lambda p: derive_image(p, ImageSpec(480, "jpeg", 82))):
        with pytest.raises(ImageError, match=r"^too large.*decompression bomb$"):
            call(src)
    assert decoded == []  # refused from the header: no pixel was decoded


@pytest.mark.parametrize("warning_filter", ["ignore", "error", "default"])
def test_pillows_warning_band_is_refused_whatever_the_warning_filters(tmp_path, warning_filter):
    src = tmp_path / "big.png"
    src.write_bytes(png_header_only(20_000, 10_000))  # between 1x and 2x Pillow's limit
    with warnings.catch_warnings():
        warnings.simplefilter(warning_filter)
        assert_image_error(src, "too large: 20,000 x 10,000 pixels (limit 150 million); "
                                "possibly a decompression bomb")


def test_large_legitimate_header_is_inspected_without_decoding(tmp_path):
    src = tmp_path / "huge.png"
    src.write_bytes(png_header_only(14_000, 10_000))  # 140 MP: above Pillow's default limit
    assert inspect_image(src) == SourceInfo(14_000, 10_000, "PNG")


def test_pillow_warnings_are_complaints_deprecations_reach_the_caller(tmp_path, monkeypatch):
    src = save(Image.new("RGB", (8, 8)), tmp_path / "photo.png", "PNG")
    real_open = Image.open

    def warning_open(*args, **kwargs):
        warnings.warn("odd chunk", UserWarning)
        warnings.warn("this Pillow API is going away", DeprecationWarning)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", warning_open)
    with pytest.warns(DeprecationWarning, match="going away"):
        assert inspect_image(src).width == 8
    complaints = Complaints()
    with pytest.warns(DeprecationWarning, match="going away"):
        derive_images(ImageJob(src, (ImageSpec(8, "jpeg", 80),)), complaints)
    assert tuple(map(str, complaints.as_tuple())) == (
        "the decoder warned: odd chunk; check that the photo looks right on the site",)


# --- start-up ----------------------------------------------------------------------------


def test_configure_pillow_is_idempotent():
    images.configure_pillow()
    images.configure_pillow()
    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


READ_HEIC_IN_A_FRESH_PROCESS = """
import sys
from pathlib import Path
from photovoice import images
images.configure_pillow()
assert "pillow_heif" not in sys.modules, "imported before any HEIC was seen"
src = Path(sys.argv[1])
info = images.inspect_image(src)
blobs = images.derive_images(images.ImageJob(src, images.plan_specs(info, (32,), ("jpeg",))))
import pillow_heif
assert pillow_heif.options.THUMBNAILS is False and pillow_heif.options.DEPTH_IMAGES is False
print(info.width, info.height, info.format, len(blobs))
"""


def test_heic_is_read_without_anyone_registering_pillow_heif(tmp_path):
    src = save(noise((64, 48)), tmp_path / "phone.heic", "HEIF")
    result = subprocess.run([sys.executable, "-c", READ_HEIC_IN_A_FRESH_PROCESS, str(src)],
                            cwd=REPO, check=True, capture_output=True, text=True)
    assert result.stdout.split() == ["64", "48", "HEIF", "1"]


def test_importing_changes_no_pillow_settings():
    script = ("from PIL import Image; before = Image.MAX_IMAGE_PIXELS; "
              "import photovoice.images; assert Image.MAX_IMAGE_PIXELS == before; "
              "Image.init(); assert 'HEIF' not in Image.OPEN")
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True)


# --- memory ------------------------------------------------------------------------------

MAKE_PANORAMA = """
import sys
from PIL import Image
size = (20000, 5000)
ramp = Image.linear_gradient("L").resize(size)
Image.merge("RGB", [ramp, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                    Image.radial_gradient("L").resize(size)]).save(sys.argv[1], quality=85)
"""

# VmHWM, not getrusage: Linux carries the parent's peak RSS across fork/vfork + exec into
# the child's ru_maxrss (and so into RUSAGE_CHILDREN), which would measure pytest itself.
DERIVE_AND_REPORT_PEAK = """
import sys
from pathlib import Path
from photovoice import images
images.configure_pillow()
src = Path(sys.argv[1])
blobs = images.derive_images(images.ImageJob(src, images.plan_specs(images.inspect_image(src))))
assert len(blobs) == 5  # four WebPs and the JPEG
status = Path("/proc/self/status").read_text()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))  # KiB
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_hundred_megapixel_jpeg_derives_in_bounded_memory(tmp_path):
    src = tmp_path / "panorama.jpg"
    # Made in its own process so this test process stays small.
    subprocess.run([sys.executable, "-c", MAKE_PANORAMA, str(src)], check=True)
    result = subprocess.run([sys.executable, "-c", DERIVE_AND_REPORT_PEAK, str(src)], cwd=REPO,
                            check=True, capture_output=True, text=True)
    peak_mib = int(result.stdout.strip()) / 1024
    # Decoding all 100 MP would take ~400 MiB alone; the draft-scaled decode needs a fraction.
    assert peak_mib < 300, f"peak RSS {peak_mib:.0f} MiB"


# A photo's work in a worker, as the allocator sees it: large buffers of changing sizes,
# allocated and freed in an overlapping order, photo after photo.
_PHOTO_AFTER_PHOTO = r"""
import resource, sys
if sys.argv[1] == "worker":
    from photovoice.derive import start_worker
    start_worker()  # what each worker process runs first
sizes = [(12 << 20, 9 << 20, 3 << 20), (9 << 20, 12 << 20, 5 << 20), (3 << 20, 16 << 20, 12 << 20)]
def photo(a, b, c):
    decoded = bytearray(a); resized = bytearray(b); del decoded
    encoded = bytearray(c); del resized; del encoded
for a, b, c in sizes * 5:
    photo(a, b, c)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for n in range(60):
    photo(*sizes[n % 3])
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 60)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc",
                    reason="glibc's allocator; elsewhere reuse_freed_memory does nothing")
def test_workers_reuse_the_memory_each_photo_frees():
    # glibc gives large freed blocks back to the kernel and faults them in, zeroed, for
    # the next photo: thousands of page faults a photo. A worker keeps them.
    def faults_per_photo(role: str) -> float:
        done = subprocess.run([sys.executable, "-c", _PHOTO_AFTER_PHOTO, role], cwd=REPO,
                              capture_output=True, text=True, check=True)
        return float(done.stdout)

    assert faults_per_photo("plain process") > 1000  # the pattern does fault by default
    assert faults_per_photo("worker") < 50
