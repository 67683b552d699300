"""Opening a participant's photo: what Pillow may decode, what it said while decoding.

Anything Pillow cannot read safely becomes an `ImageError` whose message a curator can
act on (the caller adds the file name). Everything a decoder says about a photo it
could read (Pillow's warnings, EXIF it could not parse, libtiff's messages, which go to
the process's stderr) becomes a *complaint*: one short sentence, collected once per
photo, that the build reports as a warning at the photo's line. A decoder that says it
could not read part of the pixels (a TIFF strip read error) makes an ImageError: the
picture would be published damaged.
"""

from __future__ import annotations

import os
import struct
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageFile, UnidentifiedImageError

from . import heif
from .diagnostics import N_, ImageError, Phrase, said
from .imagebands import DecodedRows
from .imageplan import SourceInfo

MAX_PIXELS = 150_000_000
TRUNCATED = N_("the file is truncated: it ends before the rest of its picture (an "
               "interrupted copy or upload?); copy the photo again from the phone or camera")
CORRUPT = N_("the image data is truncated or corrupt")

# Pillow format name -> the name SourceInfo reports. MPO is how Pillow labels the
# JPEGs many phones write (a main picture plus depth or preview frames).
READABLE_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP",
                    "TIFF": "TIFF", "HEIF": "HEIF"}
_ORIENTATION_TAG = 0x0112
# Everything Pillow and pillow-heif raise for data they cannot decode.
_DECODE_FAILURES = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error,
                    RuntimeError)
_ABOUT_OUR_CODE = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


class Complaints:
    """What the decoders said about one photo, each sentence once, in the order said."""

    def __init__(self) -> None:
        self._said: dict[str | Phrase, None] = {}

    def add(self, sentence: str | Phrase) -> None:
        self._said.setdefault(sentence, None)

    def about_metadata(self, detail: str) -> None:
        self.add(said("its EXIF data is damaged ({detail}); check that the photo is the "
                      "right way up on the site", detail=_short(detail)))

    def about_decoding(self, detail: str) -> None:
        self.add(said("the decoder warned: {detail}; check that the photo looks right on "
                      "the site", detail=_short(detail)))

    def as_tuple(self) -> tuple[str | Phrase, ...]:
        return tuple(self._said)


def configure_pillow() -> None:
    """Process start-up for the build and for pool workers; safe to call repeatedly."""
    # Pillow errors above twice this and warns above it; we also check it ourselves.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    # A truncated upload must fail, not be padded with grey and published.
    ImageFile.LOAD_TRUNCATED_IMAGES = False


def _read_heif_too() -> None:
    """Teach Pillow HEIC/HEIF when such a file turns up (again for each: Pillow's own
    registry holds what it knows, and registering is cheap next to decoding a photo).

    pillow-heif takes longer to import than Pillow itself, and most exhibitions
    have no iPhone originals.
    """
    import pillow_heif

    # Thumbnails, depth maps and auxiliary images are other pictures in the same file:
    # never published, so not even parsed.
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def inspect_image(src: Path) -> SourceInfo:
    """Upright size and format, from the header only (no pixel decoding).

    What the header parse complains about is not kept: decoding the photo (to publish or
    to check it) parses the header again and reports it then, once.
    """
    with reading(src, Complaints()), open(src, "rb") as fp:
        img = open_checked(fp)
        width, height = size_when_upright(stored_size(img), orientation(img, Complaints()))
        return SourceInfo(width, height, READABLE_FORMATS[img.format])


@contextmanager
def reading(src: Path, complaints: Complaints) -> Iterator[None]:
    """Pillow's failures become an ImageError a curator can read; its warnings, complaints.

    Recording Pillow's warnings makes a photo behave the same whatever the process's
    warning filters (pytest's `error`, Python's `default`) and keeps the library off
    stderr. catch_warnings is process-wide: decode in worker processes or one photo at a
    time, not in threads.
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
        raise ImageError(said("cannot read the file ({reason})", reason=exc.strerror)) from exc
    except Image.DecompressionBombError as exc:
        # Pillow's own guard fired first, above twice MAX_PIXELS; it gives no dimensions.
        raise ImageError(said("too large (limit {limit} million pixels); possibly a "
                              "decompression bomb", limit=MAX_PIXELS // 1_000_000)) from exc
    except MemoryError as exc:
        raise ImageError("not enough memory to decode the image") from exc
    except _DECODE_FAILURES as exc:
        raise ImageError(CORRUPT) from exc
    finally:
        _pass_on(caught, complaints)


def _pass_on(caught: list[warnings.WarningMessage], complaints: Complaints) -> None:
    for warning in caught:
        if issubclass(warning.category, _ABOUT_OUR_CODE):
            # Not the photo's problem: back to the caller's filters (pytest's `error`).
            warnings.warn_explicit(warning.message, warning.category,
                                   warning.filename, warning.lineno)
        elif issubclass(warning.category, Image.DecompressionBombWarning):
            continue  # we raise instead
        elif "exif" in str(warning.message).lower() or "makernote" in str(warning.message).lower():
            complaints.about_metadata(str(warning.message))
        else:
            complaints.about_decoding(str(warning.message))


@contextmanager
def decoder_messages(complaints: Complaints) -> Iterator[None]:
    """What C libraries print on stderr while decoding (libtiff does; nothing else
    Pillow uses does) is caught and made complaints, or an ImageError when the library
    says it failed to read: its pixels would be published as the decoder left them.

    stderr is the process's, so decode one photo at a time per process (as `reading`).
    """
    sys.stderr.flush()
    saved = os.dup(2)
    failed: BaseException | None = None
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        except _DECODE_FAILURES as exc:
            failed = exc  # Pillow gave up too: the library's own words say more
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            printed = capture.read().decode("utf-8", "replace").splitlines()
    failures = []
    for line in (line.strip() for line in printed):
        if "warning" in line.lower():
            complaints.about_decoding(line)
        elif line:
            failures.append(line)
    if failures:
        raise ImageError(said("the image data is damaged ({detail}): it cannot be published "
                              "as it is; export the photo again",
                              detail=_short(failures[0]))) from failed
    if failed is not None:
        raise failed


def load_pixels(img: ImageFile.ImageFile, src: Path) -> Image.Image | DecodedRows:
    """Decode the picture `open_checked` opened from `src`: `img` itself, loaded, or for a
    HEIF the rows as libheif decoded them (Pillow's HEIF plugin copies them into a
    picture of its own, holding both at once)."""
    if img.format != "HEIF":
        img.load()
        return img
    import pillow_heif  # deferred: see ARCHITECTURE.md (imported already by open_checked)

    info = dict(img.info)
    img.close()  # the plugin holds a copy of the whole file: one is enough
    # The same decoding as Pillow's plugin: 8 bits a channel, rows as libheif lays them.
    heif_file = pillow_heif.open_heif(src, convert_hdr_to_8bit=True, remove_stride=False)
    frame = heif_file[heif_file.primary_index]
    pixels = frame.data  # decodes
    return DecodedRows(frame.mode, frame.size, pixels, frame.stride, info)


def _short(detail: str) -> str:
    detail = " ".join(detail.split()).rstrip(".")
    return detail if len(detail) <= 120 else detail[:117] + "..."


def open_checked(fp: BinaryIO) -> ImageFile.ImageFile:
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
            raise ImageError(said("this HEIF file holds {kind} picture, which photovoice "
                                  "cannot read; open it in a photo app and export it as JPEG",
                                  kind=kind)) from exc
        raise ImageError(_unidentified_message(head)) from exc
    if img.format not in READABLE_FORMATS:
        raise ImageError(said("unsupported image format {format}; use JPEG, PNG, WebP, "
                              "TIFF or HEIC", format=img.format))
    width, height = img.size
    # Pillow only warns between 1x and 2x its limit (see configure_pillow).
    if width * height > MAX_PIXELS:
        raise ImageError(said("too large: {width} x {height} pixels (limit {limit} million); "
                              "possibly a decompression bomb", width=width, height=height,
                              limit=MAX_PIXELS // 1_000_000))
    return img


def _unidentified_message(head: bytes) -> str:
    if _looks_like_image(head):
        return CORRUPT
    if all(byte >= 0x20 or byte in b"\t\n\r" for byte in head):  # no control bytes
        return N_("not an image photovoice can read (text file?)")
    return N_("not an image photovoice can read")


def _looks_like_image(head: bytes) -> bool:
    """A known signature, so Pillow's refusal means damage, not a wrong file type."""
    return (
        head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or heif.is_heif(head)
    )


def orientation(img: Image.Image, complaints: Complaints) -> int:
    """The EXIF (or XMP) orientation, 1 when absent, unknown or unreadable."""
    try:
        # PngImageFile.getexif() decodes the whole image to look for a late eXIf chunk;
        # the base method reads only what the header parse found, keeping this cheap.
        value = Image.Image.getexif(img).get(_ORIENTATION_TAG, 1)
    except Exception as exc:  # EXIF is untrusted; mangled metadata still leaves a photo
        complaints.about_metadata(str(exc) or type(exc).__name__)
        return 1
    return value if value in range(1, 9) else 1


def stored_size(img: Image.Image) -> tuple[int, int]:
    """The pixel grid as stored, before any orientation is applied."""
    if img.format == "TIFF":
        # Recent Pillow reports a TIFF's size upright already (and rotates it while
        # loading); the IFD's ImageWidth and ImageLength still say how it is stored.
        return img.tag_v2.get(256, img.width), img.tag_v2.get(257, img.height)
    return img.size


def size_when_upright(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    width, height = size
    return (height, width) if orientation >= 5 else (width, height)
