"""What a HEIF file holds, read from its boxes (ISO/IEC 14496-12 and 23008-12), no pixels.

libheif decodes a grid image (every iPhone and most Android HEIC photos: a mosaic of
512 x 512 tiles) even when some of its tiles are missing, and fills their place with
solid green: a photo cut short by an interrupted copy or upload would be published
with green blocks. The file's own index (`iloc`) says where every item's data lies, so
a file that ends before its data does is refused before anything is decoded.

It also says what kind of picture the file holds: a HEIF that libheif cannot decode
(uncompressed, JPEG 2000...) is named for what it is, not called damaged.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from typing import BinaryIO

_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# The item types libheif decodes into a picture with the HEVC decoder it ships with.
DECODABLE = {"hvc1", "grid", "iden", "iovl"}
_KINDS = {
    "unci": "an uncompressed (ISO/IEC 23001-17)", "av01": "an AVIF (AV1)",
    "j2k1": "a JPEG 2000", "jpeg": "a JPEG-in-HEIF", "vvc1": "a VVC (H.266)",
    "avc1": "an H.264 (AVC)", "mski": "a mask", "tili": "a tiled",
}
# The metadata box is small (item index, properties); anything larger is not a photo's.
_MAX_META = 16 << 20


@dataclass
class HeifLayout:
    """What the boxes say: the primary picture's item type, and whether all data is there."""

    primary_type: str | None = None
    cut_short: bool = False   # a box or an item's data goes past the end of the file
    item_types: dict[int, str] = field(default_factory=dict)


def is_heif(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in _BRANDS


def read_layout(fp: BinaryIO) -> HeifLayout:
    """The file's layout; a structure too mangled to follow gives what was found so far
    (Pillow and libheif then refuse the file themselves)."""
    layout = HeifLayout()
    file_size = os.fstat(fp.fileno()).st_size
    fp.seek(0)
    position, meta = 0, None
    while position < file_size:
        header = _read_exactly(fp, position, 16)
        if len(header) < 8:
            layout.cut_short = True
            break
        size, kind = struct.unpack(">I4s", header[:8])
        start = 8
        if size == 1:
            if len(header) < 16:
                layout.cut_short = True
                break
            size, start = struct.unpack(">Q", header[8:16])[0], 16
        elif size == 0:
            size = file_size - position  # the last box, to the end of the file
        if size < start:
            break  # not a box: let the decoder say what is wrong
        if position + size > file_size:
            layout.cut_short = True
        if kind == b"meta" and meta is None and size <= _MAX_META:
            meta = _read_exactly(fp, position + start, min(size, file_size - position) - start)
        position += size
    if meta is not None:
        try:
            _read_meta(meta, layout, file_size)
        except (struct.error, IndexError, ValueError):
            pass  # a damaged index: the decoder's refusal is the message
    return layout


def unsupported_kind(layout: HeifLayout) -> str | None:
    """What the primary picture is, when libheif cannot decode that kind; else None."""
    kind = layout.primary_type
    if kind is None or kind in DECODABLE:
        return None
    return _KINDS.get(kind, f"a '{kind}'")


def _read_exactly(fp: BinaryIO, offset: int, length: int) -> bytes:
    fp.seek(offset)
    return fp.read(length)


def _children(data: bytes, start: int = 0):
    """(type, payload) of each box in data[start:]."""
    position = start
    while position + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, position + 8)[0], 16
        elif size == 0:
            size = len(data) - position
        if size < header:
            return
        yield kind, data[position + header:position + size]
        position += size


def _read_meta(meta: bytes, layout: HeifLayout, file_size: int) -> None:
    primary = None
    for kind, payload in _children(meta, 4):  # meta is a full box: version and flags first
        if kind == b"pitm":
            primary = struct.unpack_from(">H" if payload[0] == 0 else ">I", payload, 4)[0]
        elif kind == b"iinf":
            layout.item_types = _item_types(payload)
        elif kind == b"iloc" and not layout.cut_short:
            layout.cut_short = any(end > file_size for end in _extent_ends(payload))
    if primary is not None:
        layout.primary_type = layout.item_types.get(primary)


def _item_types(iinf: bytes) -> dict[int, str]:
    entries = _children(iinf, 6 if iinf[0] == 0 else 8)
    types = {}
    for kind, infe in entries:
        version = infe[0] if kind == b"infe" else 0
        if kind != b"infe" or version < 2:
            continue
        item_id, offset = ((struct.unpack_from(">H", infe, 4)[0], 8) if version == 2
                           else (struct.unpack_from(">I", infe, 4)[0], 10))
        types[item_id] = infe[offset:offset + 4].decode("latin-1")
    return types


def _extent_ends(iloc: bytes):
    """Where each item's data stored in the file itself (construction method 0) ends."""
    version = iloc[0]
    offset_size, length_size = iloc[4] >> 4, iloc[4] & 15
    base_size, index_size = iloc[5] >> 4, (iloc[5] & 15) if version in (1, 2) else 0
    position = 6
    count, position = _number(iloc, position, 2 if version < 2 else 4)
    for _ in range(count):
        _, position = _number(iloc, position, 2 if version < 2 else 4)  # item_ID
        method = 0
        if version in (1, 2):
            method, position = _number(iloc, position, 2)
            method &= 15
        position += 2  # data_reference_index
        base, position = _number(iloc, position, base_size)
        extents, position = _number(iloc, position, 2)
        for _ in range(extents):
            position += index_size
            offset, position = _number(iloc, position, offset_size)
            length, position = _number(iloc, position, length_size)
            if method == 0 and length:  # a length of 0: to the end of the file
                yield base + offset + length


def _number(data: bytes, position: int, size: int) -> tuple[int, int]:
    if size == 0:
        return 0, position
    if position + size > len(data):
        raise ValueError("iloc ends early")
    return int.from_bytes(data[position:position + size], "big"), position + size
