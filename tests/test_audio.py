"""Narration: re-encoded with nothing but sound, and always with a transcript."""

from __future__ import annotations

import json
import subprocess

import pytest

from photovoice.diagnostics import ContentError
from helpers import edit, load_exhibition

from sitecheck import parse

AMAL = "participants/amal-haddad/participant.yaml"


def voice_file(site):
    files = sorted((site / "media/amal-haddad").glob("first-snow-voice.*.mp3"))
    assert len(files) == 1
    return files[0]


def test_narration_is_reencoded_without_any_tag(built_site):
    data = voice_file(built_site).read_bytes()
    assert not data.startswith(b"ID3") and b"TAG" not in data[-128:]
    for secret in (b"CANARY", b"Secret title", b"GPS", b"Lavf"):
        assert secret not in data, secret
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams",
                            "-of", "json", str(voice_file(built_site))],
                           capture_output=True, text=True, check=True)
    info = json.loads(probe.stdout)
    assert info["format"]["format_name"] == "mp3"
    assert not info["format"].get("tags") and not info["streams"][0].get("tags")
    assert float(info["format"]["duration"]) > 2


def test_photo_page_has_a_native_player_with_the_transcript_below(built_site):
    for path, words in (("en/participants/amal-haddad/first-snow",
                         "The smell of za'atar brings me home."),
                        ("fr/participants/amal-haddad/premiere-neige",
                         "L’odeur du za’atar me ramène chez moi.")):
        html = (built_site / path / "index.html").read_text()
        page = parse(html)
        player = page.find("audio")
        assert len(player) == 1
        assert player[0].attrs["preload"] == "none" and "controls" in player[0].attrs
        assert player[0].attrs["src"] == "../../../../media/amal-haddad/" + voice_file(built_site).name
        after_player = html.split("</audio>", 1)[1]
        assert words in after_player.split("</section>", 1)[0]
        original = [b for b in page.find("blockquote", lang="ar") if "السوق" in b.text]
        assert original and original[0].attrs["dir"] == "rtl"


def test_audio_without_transcript_is_an_error(content_dir):
    text = (content_dir / AMAL).read_text()
    start = text.index("    transcript:\n")
    end = text.index("    transcript_original:")
    (content_dir / AMAL).write_text(text[:start] + text[end:])
    with pytest.raises(ContentError) as caught:
        load_exhibition(content_dir)
    assert f"content/{AMAL}:29: photos[2].transcript: is required when a photo has audio: " \
           "write down what is said, for visitors who cannot hear it" in str(caught.value)


def test_unsupported_audio_file_is_an_error(content_dir):
    (content_dir / "participants/amal-haddad/notes.txt").write_text("hello")
    edit(content_dir / AMAL, "audio: voice-note.m4a", "audio: notes.txt")
    with pytest.raises(ContentError, match=r"participant.yaml:29: photos\[2\].audio: 'notes.txt' "
                                           "is not a sound file photovoice accepts"):
        load_exhibition(content_dir)


def test_corrupt_audio_fails_the_build_on_its_line(content_dir, tmp_path):
    from photovoice.build import BuildOptions, build
    (content_dir / "participants/amal-haddad/voice-note.m4a").write_bytes(b"\0" * 4000)
    with pytest.raises(ContentError) as caught:
        build(content_dir, tmp_path / "out", BuildOptions(jobs=1, cache_dir=tmp_path / "c"))
    message = str(caught.value)
    assert f"content/{AMAL}:29: photos[2].audio: voice-note.m4a: not a sound file ffmpeg " \
           "can read" in message
    assert not (tmp_path / "out").exists()
