"""Derive web images from participants' photos: pure Pillow functions, no file writes.

Safety first: outputs carry pixels only (no EXIF, GPS, XMP, ICC, comments or
thumbnails), redactions are blurred on the full decoded picture before any resize so
every size inherits them, and anything Pillow cannot read safely becomes an
`ImageError` whose message a curator can act on (the caller adds the file name); what
the decoders say about a photo they could read is collected (imagesource.Complaints).

Every choice of filter, encoder setting and width below was measured (CPU time, bytes,
PSNR/SSIM): see "Pipeline choices" in benchmarks/README.md and benchmarks/choices.py.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageCms, ImageFilter

from .diagnostics import N_, ImageError, said
from .imagebands import needs_converting, reduce_in_bands
# What files a photo gets is planned without Pillow; the names stay importable from here.
from .imageplan import (  # noqa: F401
    DEFAULT_QUALITY, FORMATS, JPEG_FALLBACK_WIDTH, PIPELINE_VERSION, SHARE_WIDTH, WIDTHS,
    ImageJob, ImageSpec, SourceInfo, output_size, plan_specs, share_spec,
)
# Opening and checking a source; the names stay importable from here.
from .imagesource import (  # noqa: F401
    CORRUPT, MAX_PIXELS, TRUNCATED, Complaints, configure_pillow, decoder_messages,
    inspect_image, load_pixels, open_checked, orientation as _orientation, reading,
    size_when_upright, stored_size,
)
from .model import Redaction

# Method 2 encodes in half the time of method 4; its quality (imageplan.DEFAULT_QUALITY)
# is set so that no size's files grow (benchmarks/curves.py): no more bytes for a
# visitor, under a decibel less. Methods 3 and up cost as much as 4.
_WEBP_METHOD = 2
# Pillow's BICUBIC widens with the reduction factor (antialiased, like every Pillow
# filter): nearly LANCZOS's quality for less work (benchmarks/README.md, "Pipeline choices").
_RESAMPLE = Image.Resampling.BICUBIC
# reduce() by an integer factor until the picture is at most this many times the target,
# then the filter: nearly the quality of the filter from full size at a fraction of the cost.
_REDUCING_GAP = 3.0
# Baseline, Huffman tables optimized: much quicker to write than progressive, for a few
# more bytes: the JPEGs someone fetches (a site without WebP, link previews).
_JPEG_OPTIONS = {"optimize": True}
# Beside WebP the JPEG is <img>'s fallback, which no browser in use fetches (each takes
# the WebP <source>): the standard Huffman tables write the same pixels in half the
# time, for 1-2 % more bytes (benchmarks/results.md, issue 21).
_JPEG_FALLBACK_OPTIONS: dict[str, bool] = {}
# A redaction becomes the average colour of its region: a face or a number plate leaves
# nothing behind but one colour, and no output size can bring any of it back.
_REDACTION_BLOCKS = 1

# The same table as ImageOps.exif_transpose. We apply it ourselves, from the tag the
# header parse found, so inspect_image and derive_images always agree on the upright size.
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}
_ICC_SPACES = {"RGB": "RGB ", "CMYK": "CMYK", "L": "GRAY"}
_MODE_NAMES = {"RGB": "RGB", "CMYK": "CMYK", "L": N_("grey")}


def upright_size(path: Path) -> tuple[int, int]:
    """A photo's size as shown, from its header; raises ImageError if it cannot be read."""
    configure_pillow()
    info = inspect_image(path)
    return info.width, info.height


def derive_images(job: ImageJob, complaints: Complaints | None = None) -> tuple[bytes, ...]:
    """Encoded outputs for every spec, in job.specs order, from one decode of job.src;
    what the decoders said about it goes into `complaints`."""
    if not job.specs:
        return ()
    complaints = Complaints() if complaints is None else complaints
    jpeg_options = (_JPEG_FALLBACK_OPTIONS if any(spec.format == "webp" for spec in job.specs)
                    else _JPEG_OPTIONS)
    blobs: dict[int, bytes] = {}
    with reading(job.src, complaints):
        picture, upright, orientation = _decode(job, complaints)
        for width in sorted({spec.width for spec in job.specs}, reverse=True):
            # Reassigning frees the larger picture; each smaller width starts from the
            # previous output, a fraction of the work of starting from the source.
            picture = _fit(picture, output_size(upright, width), orientation)
            orientation = 1  # upright from the first (largest) width on
            clean = _pixels_only(picture)
            for index, spec in enumerate(job.specs):
                if spec.width == width:
                    blobs[index] = _encode(clean, spec, jpeg_options)
    return tuple(blobs[index] for index in range(len(job.specs)))


# --- decoding to an upright sRGB picture --------------------------------------------


def _decode(job: ImageJob, complaints: Complaints
            ) -> tuple[Image.Image, tuple[int, int], int]:
    """Decode once, as small as the largest output allows, in sRGB and redacted, but
    not yet upright.

    Returns the picture, the source's full upright size and the orientation still to
    apply: turning the picture after the first resize moves a fraction of the pixels.
    """
    largest_width = max(spec.width for spec in job.specs)
    with open(job.src, "rb") as fp:
        img = open_checked(fp)
        orientation = _orientation(img, complaints)
        upright = size_when_upright(stored_size(img), orientation)
        if img.format in ("JPEG", "MPO"):
            # draft() lets libjpeg decode at 1/2, 1/4 or 1/8 scale, never below the size
            # asked for. It works on the stored (not upright) picture, hence the swap.
            needed = size_when_upright(output_size(upright, largest_width), orientation)
            img.draft(img.mode, needed)
        with decoder_messages(complaints):
            decoded = load_pixels(img, job.src)
        if decoded is img:
            # Asked again: a plugin that rotates while loading (Pillow's TIFF) drops the tag.
            orientation = _orientation(img, complaints)
    largest = size_when_upright(output_size(upright, largest_width), orientation)
    if needs_converting(decoded) and largest != decoded.size:
        boxes = [_stored_box(redaction.box(*upright), upright, orientation)
                 for redaction in job.redactions]
        picture = reduce_in_bands(decoded, largest, lambda part: _to_srgb(part, complaints),
                                  boxes, _RESAMPLE)
        return picture, upright, orientation
    whole = decoded if isinstance(decoded, Image.Image) else decoded.crop((0, 0, *decoded.size))
    picture = _to_srgb(whole, complaints)
    _redact(picture, job.redactions, orientation)
    return picture, upright, orientation


def _fit(picture: Image.Image, size: tuple[int, int], orientation: int) -> Image.Image:
    """`picture` (stored turned by `orientation`) resized and turned to the upright `size`."""
    stored = size_when_upright(size, orientation)  # a swap is its own inverse
    if picture.size != stored:
        picture = picture.resize(stored, _RESAMPLE, reducing_gap=_REDUCING_GAP)
    method = _TRANSPOSE.get(orientation)
    return picture if method is None else picture.transpose(method)


def _to_srgb(img: Image.Image, complaints: Complaints) -> Image.Image:
    """An RGB or L picture in sRGB, transparency flattened on white."""
    icc_profile = img.info.get("icc_profile")
    picture = _to_base_mode(img)
    if icc_profile:
        picture = _apply_icc(picture, icc_profile, complaints)
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
    raise ImageError(said("unsupported colour mode {mode}", mode=mode))


def _flatten_on_white(img: Image.Image) -> Image.Image:
    grey = img.mode in ("LA", "La", "L")
    with_alpha = "LA" if grey else "RGBA"
    # Converting a picture to its own mode would copy it whole, and so would taking
    # its alpha out: paste reads the mask from the picture's own alpha channel.
    if img.mode != with_alpha:
        img = img.convert(with_alpha)
    flat = Image.new("L" if grey else "RGB", img.size, "white")
    flat.paste(img, mask=img)
    return flat


def _apply_icc(picture: Image.Image, icc_profile: bytes, complaints: Complaints
               ) -> Image.Image:
    """Convert from the embedded profile to sRGB; a broken or mismatched profile is ignored."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if source.profile.xcolor_space != _ICC_SPACES[picture.mode]:
            complaints.add(said("its colour profile is for {space} pictures, not {mode} ones, "
                                "and was ignored; check its colours on the site",
                                space=source.profile.xcolor_space.strip(),
                                mode=said(_MODE_NAMES[picture.mode])))
            return picture
        srgb = ImageCms.createProfile("sRGB")
        if picture.mode == "RGB":
            ImageCms.profileToProfile(picture, source, srgb, outputMode="RGB", inPlace=True)
            return picture
        converted = ImageCms.profileToProfile(picture, source, srgb, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        complaints.add("its colour profile is unusable and was ignored; check its colours "
                       "on the site")
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
    upright = size_when_upright(picture.size, orientation)
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
    out of the published file without copying the pixels into a new image (a full copy
    of every photo, for nothing).
    """
    picture.info = {}
    return picture


def _encode(picture: Image.Image, spec: ImageSpec, jpeg_options: dict[str, bool]) -> bytes:
    buffer = io.BytesIO()
    try:
        if spec.format == "jpeg":
            picture.save(buffer, "JPEG", quality=spec.quality, **jpeg_options,
                         exif=b"", icc_profile=None)
        else:
            picture.save(buffer, "WEBP", quality=spec.quality, method=_WEBP_METHOD,
                         exif=b"", icc_profile=None, xmp=b"")
    except (OSError, ValueError) as exc:  # not the source's fault: say what failed
        width, height = picture.size
        raise ImageError(said("cannot encode a {width} x {height} {format}: {reason}",
                              width=width, height=height, format=spec.format.upper(),
                              reason=str(exc))) from exc
    return buffer.getvalue()


def check_image(src: Path) -> tuple[str, ...]:
    """Decode the whole photo as a build would, encoding nothing: what the decoders said
    about it. Raises ImageError if it cannot be published."""
    complaints = Complaints()
    with reading(src, complaints), open(src, "rb") as fp:
        img = open_checked(fp)
        _orientation(img, complaints)
        if img.format in ("JPEG", "MPO"):
            img.draft(img.mode, (1, 1))  # at 1/8 scale libjpeg still reads every byte
        with decoder_messages(complaints):
            decoded = load_pixels(img, src)
        # The colour mode and profile, judged on a corner: the same code, little memory.
        _to_srgb(decoded.crop((0, 0, min(8, decoded.width), min(8, decoded.height))),
                 complaints)
    return complaints.as_tuple()


# The preview's stand-in for a photo not yet derived: a flat mid-grey, as light as a
# photograph's average, readable on the light and the dark theme alike.
PLACEHOLDER_GREY = (160, 160, 160)


def placeholder_image(width: int, height: int, format: str) -> bytes:
    """A flat grey image of the rendition's size and format: the page lays out as it
    will with the photo, and no image is broken."""
    picture = Image.new("RGB", (width, height), PLACEHOLDER_GREY)
    buffer = io.BytesIO()
    if format == "webp":
        # Lossless at its fastest: a flat picture takes a few dozen bytes.
        picture.save(buffer, "WEBP", lossless=True, quality=0, method=0)
    else:
        picture.save(buffer, "JPEG", quality=50, optimize=True)
    return buffer.getvalue()
