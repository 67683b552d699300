"""Derive web images from participants' photos: pure Pillow functions, no file writes.

Safety first: outputs carry pixels only (no EXIF, GPS, XMP, ICC, comments or
thumbnails), redactions are blurred on the full decoded picture before any resize so
every size inherits them, and anything Pillow cannot read safely becomes an
`ImageError` whose message a curator can act on (the caller adds the file name).

Every choice of filter, encoder setting and width below was measured (CPU time, bytes,
PSNR/SSIM): see "Pipeline choices" in benchmarks/README.md and benchmarks/choices.py.
"""

from __future__ import annotations

import io
import logging
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageCms, ImageFile, ImageFilter, UnidentifiedImageError

from . import heif
from .diagnostics import ImageError
# What files a photo gets is planned without Pillow; the names stay importable from here.
from .imageplan import (  # noqa: F401
    DEFAULT_QUALITY, FORMATS, PIPELINE_VERSION, SHARE_WIDTH, WIDTHS, ImageJob, ImageSpec,
    SourceInfo, output_size, plan_specs, share_spec,
)
from .model import Redaction

log = logging.getLogger(__name__)

MAX_PIXELS = 150_000_000
TRUNCATED = ("the file is truncated: it ends before the rest of its picture (an interrupted "
             "copy or upload?); copy the photo again from the phone or camera")
_WEBP_METHOD = 4
# Pillow's BICUBIC widens with the reduction factor (antialiased, like every Pillow
# filter): within 52 dB of LANCZOS at two thirds of its cost.
_RESAMPLE = Image.Resampling.BICUBIC
# reduce() by an integer factor until the picture is at most this many times the target,
# then the filter: nearly the quality of the filter from full size at a fraction of the cost.
_REDUCING_GAP = 3.0
# Baseline, Huffman tables optimized: a third of the time of progressive for 3 % more
# bytes. Browsers show the WebP; the JPEG is for old ones and link previews.
_JPEG_OPTIONS = {"optimize": True}
# A redaction becomes the average colour of its region: a face or a number plate leaves
# nothing behind but one colour, and no output size can bring any of it back.
_REDACTION_BLOCKS = 1

# Pillow format name -> the name SourceInfo reports. MPO is how Pillow labels the
# JPEGs many phones write (a main picture plus depth or preview frames).
_READABLE_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP",
                     "TIFF": "TIFF", "HEIF": "HEIF"}
_ORIENTATION_TAG = 0x0112
# The same table as ImageOps.exif_transpose. We apply it ourselves, from the tag the
# header parse found, so inspect_image and derive_images always agree on the upright size.
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}
_ICC_SPACES = {"RGB": "RGB ", "CMYK": "CMYK", "L": "GRAY"}
# Everything Pillow and pillow-heif raise for data they cannot decode.
_DECODE_FAILURES = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error,
                    RuntimeError)


def configure_pillow() -> None:
    """Process start-up for the build and for pool workers; safe to call repeatedly."""
    # Pillow errors above twice this and warns above it; we also check it ourselves.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    # A truncated upload must fail, not be padded with grey and published.
    ImageFile.LOAD_TRUNCATED_IMAGES = False


@lru_cache(maxsize=1)
def _read_heif_too() -> None:
    """Teach Pillow HEIC/HEIF, once, when the first such file turns up.

    pillow-heif takes longer to import than Pillow itself, and most exhibitions
    have no iPhone originals.
    """
    import pillow_heif

    # Thumbnails, depth maps and auxiliary images are other pictures in the same file:
    # never published, so not even parsed.
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def inspect_image(src: Path) -> SourceInfo:
    """Upright size and format, from the header only (no pixel decoding)."""
    with _translated_errors(src), open(src, "rb") as fp:
        img = _open_checked(fp)
        width, height = _upright_size(_stored_size(img), _orientation(img, src))
        return SourceInfo(width, height, _READABLE_FORMATS[img.format])


def upright_size(path: Path) -> tuple[int, int]:
    """A photo's size as shown, from its header; raises ImageError if it cannot be read."""
    configure_pillow()
    info = inspect_image(path)
    return info.width, info.height


def derive_images(job: ImageJob) -> tuple[bytes, ...]:
    """Encoded outputs for every spec, in job.specs order, from one decode of job.src."""
    if not job.specs:
        return ()
    blobs: dict[int, bytes] = {}
    with _translated_errors(job.src):
        picture, upright, orientation = _decode(job.src, max(spec.width for spec in job.specs))
        _redact(picture, job.redactions, orientation)
        for width in sorted({spec.width for spec in job.specs}, reverse=True):
            # Reassigning frees the larger picture; each smaller width starts from the
            # previous output, a fraction of the work of starting from the source.
            picture = _fit(picture, output_size(upright, width), orientation)
            orientation = 1  # upright from the first (largest) width on
            clean = _pixels_only(picture)
            for index, spec in enumerate(job.specs):
                if spec.width == width:
                    blobs[index] = _encode(clean, spec)
    return tuple(blobs[index] for index in range(len(job.specs)))


# --- opening and checking ----------------------------------------------------------


@contextmanager
def _translated_errors(src: Path) -> Iterator[None]:
    """Pillow's failures become an ImageError a curator can read; its warnings, log records.

    Pillow warns (rather than fails) about e.g. corrupt EXIF. Recording those makes a
    photo behave the same whatever the process's warning filters (pytest's `error`,
    Python's `default`) and keeps the library off stderr. catch_warnings is process-wide:
    derive in worker processes or one photo at a time, not in threads.
    """
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    except ImageError:
        raise
    except FileNotFoundError as exc:
        raise ImageError("the file does not exist") from exc
    except (PermissionError, IsADirectoryError) as exc:
        raise ImageError(f"cannot read the file ({exc.strerror})") from exc
    except Image.DecompressionBombError as exc:
        # Pillow's own guard fired first, above twice MAX_PIXELS; it gives no dimensions.
        raise ImageError(f"too large (limit {MAX_PIXELS // 1_000_000} million pixels); "
                         "possibly a decompression bomb") from exc
    except MemoryError as exc:
        raise ImageError("not enough memory to decode the image") from exc
    except _DECODE_FAILURES as exc:
        raise ImageError("the image data is truncated or corrupt") from exc
    finally:
        _pass_on(caught, src)


_ABOUT_OUR_CODE = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


def _pass_on(caught: list[warnings.WarningMessage], src: Path) -> None:
    for warning in caught:
        if issubclass(warning.category, _ABOUT_OUR_CODE):
            # Not the photo's problem: back to the caller's filters (pytest's `error`).
            warnings.warn_explicit(warning.message, warning.category,
                                   warning.filename, warning.lineno)
        elif not issubclass(warning.category, Image.DecompressionBombWarning):  # we raise instead
            log.warning("%s: %s", src, str(warning.message).strip())


def _open_checked(fp: BinaryIO) -> ImageFile.ImageFile:
    """Parse the header and refuse what we must not decode."""
    head = fp.read(32)
    if not head:
        raise ImageError("the file is empty")
    layout = None
    if heif.is_heif(head):
        _read_heif_too()
        layout = heif.read_layout(fp)
        if layout.cut_short:
            raise ImageError(TRUNCATED)
    fp.seek(0)
    try:
        img = Image.open(fp)
    except UnidentifiedImageError as exc:
        kind = heif.unsupported_kind(layout) if layout is not None else None
        if kind is not None:
            raise ImageError(f"this HEIF file holds {kind} picture, which photovoice cannot "
                             "read; open it in a photo app and export it as JPEG") from exc
        raise ImageError(_unidentified_message(head)) from exc
    if img.format not in _READABLE_FORMATS:
        raise ImageError(f"unsupported image format {img.format}; "
                         "use JPEG, PNG, WebP, TIFF or HEIC")
    width, height = img.size
    # Pillow only warns between 1x and 2x its limit (see configure_pillow).
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"too large: {width} x {height} pixels (limit {MAX_PIXELS // 1_000_000} million); "
            "possibly a decompression bomb"
        )
    return img


def _unidentified_message(head: bytes) -> str:
    if _looks_like_image(head):
        return "the image data is truncated or corrupt"
    if all(byte >= 0x20 or byte in b"\t\n\r" for byte in head):  # no control bytes
        return "not an image photovoice can read (text file?)"
    return "not an image photovoice can read"


def _looks_like_image(head: bytes) -> bool:
    """A known signature, so Pillow's refusal means damage, not a wrong file type."""
    return (
        head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or heif.is_heif(head)
    )


def _orientation(img: Image.Image, src: Path) -> int:
    """The EXIF (or XMP) orientation, 1 when absent, unknown or unreadable."""
    try:
        # PngImageFile.getexif() decodes the whole image to look for a late eXIf chunk;
        # the base method reads only what the header parse found, keeping this cheap.
        value = Image.Image.getexif(img).get(_ORIENTATION_TAG, 1)
    except Exception as exc:  # EXIF is untrusted; mangled metadata still leaves a photo
        log.warning("%s: ignoring unreadable EXIF: %s", src, exc)
        return 1
    return value if value in _TRANSPOSE else 1


def _stored_size(img: Image.Image) -> tuple[int, int]:
    """The pixel grid as stored, before any orientation is applied."""
    if img.format == "TIFF":
        # Recent Pillow reports a TIFF's size upright already (and rotates it while
        # loading); the IFD's ImageWidth and ImageLength still say how it is stored.
        return img.tag_v2.get(256, img.width), img.tag_v2.get(257, img.height)
    return img.size


def _upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    width, height = size
    return (height, width) if orientation >= 5 else (width, height)


# --- decoding to an upright sRGB picture --------------------------------------------


def _decode(src: Path, largest_width: int) -> tuple[Image.Image, tuple[int, int], int]:
    """Decode once, as small as the largest output allows, in sRGB but not yet upright.

    Returns the picture, the source's full upright size and the orientation still to
    apply: turning the picture after the first resize moves a fraction of the pixels.
    """
    with open(src, "rb") as fp:
        img = _open_checked(fp)
        orientation = _orientation(img, src)
        upright = _upright_size(_stored_size(img), orientation)
        if img.format in ("JPEG", "MPO"):
            # draft() lets libjpeg decode at 1/2, 1/4 or 1/8 scale, never below the size
            # asked for. It works on the stored (not upright) picture, hence the swap.
            needed = _upright_size(output_size(upright, largest_width), orientation)
            img.draft(img.mode, needed)
        img.load()
        # Asked again: a plugin that rotates while loading (Pillow's TIFF) drops the tag.
        orientation = _orientation(img, src)
    return _to_srgb(img, src), upright, orientation


def _fit(picture: Image.Image, size: tuple[int, int], orientation: int) -> Image.Image:
    """`picture` (stored turned by `orientation`) resized and turned to the upright `size`."""
    stored_size = _upright_size(size, orientation)  # a swap is its own inverse
    if picture.size != stored_size:
        picture = picture.resize(stored_size, _RESAMPLE, reducing_gap=_REDUCING_GAP)
    method = _TRANSPOSE.get(orientation)
    return picture if method is None else picture.transpose(method)


def _to_srgb(img: Image.Image, src: Path) -> Image.Image:
    """An RGB or L picture in sRGB, transparency flattened on white."""
    icc_profile = img.info.get("icc_profile")
    picture = _to_base_mode(img)
    if icc_profile:
        picture = _apply_icc(picture, icc_profile, src)
    if picture.mode == "CMYK":
        picture = picture.convert("RGB")  # no usable profile: Pillow's formula is all we have
    return picture


def _to_base_mode(img: Image.Image) -> Image.Image:
    """RGB, L or CMYK, the modes ICC profiles describe and encoders accept."""
    mode = img.mode
    if mode in ("RGB", "L") and "transparency" in img.info:
        return _flatten_on_white(img)  # a colour key (PNG tRNS): pixels of one colour are clear
    if mode in ("RGB", "L", "CMYK"):
        return img
    if mode == "I" or mode.startswith("I;16"):
        # Pillow's I;16 -> L conversion clips at 255, turning most 16-bit pictures
        # white; scale 0..65535 down to 0..255 instead. point() scales "I;16" directly;
        # byte-swapped variants go through 32-bit "I" first.
        wide = img if mode in ("I", "I;16") else img.convert("I")
        return wide.point(lambda value: value / 257 + 0.5).convert("L")
    if mode in ("1", "F"):
        return img.convert("L")
    if mode in ("RGBA", "RGBa", "LA", "La", "PA") or (mode == "P" and img.has_transparency_data):
        return _flatten_on_white(img)
    if mode in ("P", "RGBX", "YCbCr"):
        return img.convert("RGB")
    raise ImageError(f"unsupported colour mode {mode}")


def _flatten_on_white(img: Image.Image) -> Image.Image:
    grey = img.mode in ("LA", "La", "L")
    with_alpha = img.convert("LA" if grey else "RGBA")
    flat = Image.new("L" if grey else "RGB", img.size, "white")
    flat.paste(with_alpha, mask=with_alpha.getchannel("A"))
    return flat


def _apply_icc(picture: Image.Image, icc_profile: bytes, src: Path) -> Image.Image:
    """Convert from the embedded profile to sRGB; a broken or mismatched profile is ignored."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if source.profile.xcolor_space != _ICC_SPACES[picture.mode]:
            log.warning("%s: ignoring an ICC profile for %s in a %s image",
                        src, source.profile.xcolor_space.strip(), picture.mode)
            return picture
        srgb = ImageCms.createProfile("sRGB")
        if picture.mode == "RGB":
            ImageCms.profileToProfile(picture, source, srgb, outputMode="RGB", inPlace=True)
            return picture
        converted = ImageCms.profileToProfile(picture, source, srgb, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:
        log.warning("%s: ignoring an unusable ICC profile: %s", src, exc)
        return picture
    assert converted is not None
    # A grey profile keeps the picture grey: R = G = B, so L loses nothing.
    return converted.convert("L") if picture.mode == "L" else converted


# --- redaction and encoding ---------------------------------------------------------


def _redact(picture: Image.Image, redactions: tuple[Redaction, ...], orientation: int) -> None:
    """Irreversibly blur each region, in place, on the full decoded picture.

    Redactions are drawn on the upright photo; `picture` may still be stored turned by
    `orientation`, so each box is mapped onto it: the same pixels, before any resize.
    """
    upright = _upright_size(picture.size, orientation)
    for redaction in redactions:
        box = _stored_box(redaction.box(*upright), upright, orientation)
        picture.paste(_obliterate(picture.crop(box)), box)


def _stored_box(box: tuple[int, int, int, int], upright: tuple[int, int],
                orientation: int) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) of the upright picture, in the stored picture."""
    left, top, right, bottom = box
    width, height = upright
    return {
        1: (left, top, right, bottom),
        2: (width - right, top, width - left, bottom),
        3: (width - right, height - bottom, width - left, height - top),
        4: (left, height - bottom, right, height - top),
        5: (top, left, bottom, right),
        6: (top, width - right, bottom, width - left),
        7: (height - bottom, width - right, height - top, width - left),
        8: (height - bottom, left, height - top, right),
    }[orientation]


def _obliterate(region: Image.Image) -> Image.Image:
    width, height = region.size
    block = max(1, -(-max(width, height) // _REDACTION_BLOCKS))
    grid = (max(1, round(width / block)), max(1, round(height / block)))
    # BOX averages every pixel of a block: the detail is destroyed here, not hidden.
    blocks = region.resize(grid, Image.Resampling.BOX).resize(region.size, Image.Resampling.NEAREST)
    return blocks.filter(ImageFilter.GaussianBlur(block))


def _pixels_only(picture: Image.Image) -> Image.Image:
    """The picture with an empty `.info`: what the encoders would take from the source.

    resize() and convert() copy `.info` (EXIF, XMP, comments...), and a photo published
    at its own size is the decoded file itself. The JPEG and WebP writers read only
    `.info` and the options _encode gives them (EXIF, ICC and XMP always given, empty),
    never the file's other records; emptying `.info` keeps everything but the pixels
    out of the published file, where copying the pixels into a new image cost 5-10 % of
    a photo's work.
    """
    picture.info = {}
    return picture


def _encode(picture: Image.Image, spec: ImageSpec) -> bytes:
    buffer = io.BytesIO()
    try:
        if spec.format == "jpeg":
            picture.save(buffer, "JPEG", quality=spec.quality, **_JPEG_OPTIONS,
                         exif=b"", icc_profile=None)
        else:
            picture.save(buffer, "WEBP", quality=spec.quality, method=_WEBP_METHOD,
                         exif=b"", icc_profile=None, xmp=b"")
    except (OSError, ValueError) as exc:  # not the source's fault: say what failed
        width, height = picture.size
        message = f"cannot encode a {width} x {height} {spec.format.upper()}: {exc}"
        raise ImageError(message) from exc
    return buffer.getvalue()
