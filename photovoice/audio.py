"""Participants' voices: re-encode narration so no tag, name or device detail survives.

ID3, Vorbis and MP4 tags can hold a name, a phone model or a place, so the audio
is decoded and re-encoded with ffmpeg (Debian's package) as a speech-quality
MP3 that carries nothing but sound: no tags, no chapters, no encoder string.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .diagnostics import said

AUDIO_VERSION = 2
BITRATE = "64k"  # clear speech, about 0.5 MB a minute


class AudioError(Exception):
    """Narration that cannot be published; the message is for curators and has no path."""


def ffmpeg_command(src: Path, dest: Path) -> list[str]:
    return [
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-i", str(src),
        "-map", "0:a:0", "-vn", "-sn", "-dn",           # the first audio stream, nothing else
        "-map_metadata", "-1", "-map_chapters", "-1",  # no tags, no chapter titles
        "-ac", "1", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", BITRATE,
        "-id3v2_version", "0", "-write_id3v1", "0",    # no ID3 block at all
        "-write_xing", "0",                            # no Info header naming the encoder
        "-fflags", "+bitexact", "-flags:a", "+bitexact",  # same input, same bytes
        "-f", "mp3", str(dest),
    ]


def clean_audio(src: Path) -> bytes:
    """The narration as a metadata-free MP3."""
    if shutil.which("ffmpeg") is None:
        raise AudioError(said("publishing audio needs ffmpeg, which is not installed "
                              "(on Debian or Ubuntu: apt install ffmpeg)"))
    if src.stat().st_size == 0:
        raise AudioError(said("the audio file is empty"))
    import subprocess  # deferred: see ARCHITECTURE.md

    with tempfile.TemporaryDirectory(prefix="photovoice-audio-") as scratch:
        dest = Path(scratch) / "voice.mp3"
        result = subprocess.run(ffmpeg_command(src, dest), capture_output=True, text=True,
                                timeout=600, env={**os.environ, "LC_ALL": "C"})
        if result.returncode != 0 or not dest.is_file() or dest.stat().st_size == 0:
            reason = (result.stderr.strip().splitlines() or ["no audio found"])[-1]
            raise AudioError(said("not a sound file ffmpeg can read ({reason})", reason=reason))
        return dest.read_bytes()


def audio_key(src: Path) -> str:
    digest = hashlib.sha256(f"audio-{AUDIO_VERSION}-{BITRATE}".encode())
    with src.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
