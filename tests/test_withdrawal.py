"""A withdrawn photo leaves nothing behind: not in the site, not in the cache (its derived
files, its narration, the records about it), not in the preview, not in the folders kept
for the next build."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from photovoice.build import BuildOptions, build
from photovoice.cli import main
from photovoice.preview import build_preview

from helpers import edit

AMAL = "participants/amal-haddad/participant.yaml"
# What the withdrawn photo's entry holds (tests/fixtures): its texts, file name and slug.
CANARIES = (b"CANARY-PHOTO", b"DSC01234", b"withdrawn-photo")


@pytest.fixture
def published(content_dir: Path) -> Path:
    """The fixture's withdrawn photo published, with a narration of its own."""
    folder = content_dir / "participants/amal-haddad"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                    "sine=frequency=523:duration=1", str(folder / "its-voice.m4a")], check=True)
    edit(content_dir / AMAL, "    publish: false\n",
         "    audio: its-voice.m4a\n    transcript: {en: Hello., fr: Bonjour.}\n")
    return content_dir


def every_file(root: Path, content_dir: Path) -> list[Path]:
    return [path for path in root.rglob("*")
            if path.is_file() and not path.is_relative_to(content_dir)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_nothing_left(project: Path, content_dir: Path, derived: dict[str, Path]) -> None:
    """No copy of a file derived from the photo, no file or folder naming it or holding
    its words, anywhere beside the content: site, cache, preview, spare folders."""
    everything = every_file(project, content_dir)
    assert not [path for path in everything if digest(path) in derived]
    for path in project.rglob("*"):
        if path.is_relative_to(content_dir):
            continue
        for canary in CANARIES:
            assert canary.decode() not in str(path.relative_to(project)), path
            if path.is_file():
                assert canary not in path.read_bytes(), (canary, path)


def test_a_withdrawn_photo_leaves_no_file_anywhere(published: Path, no_racy_window):
    project = published.parent
    cache, out, preview = project / ".photovoice-cache", project / "build", \
        project / ".photovoice-cache" / "preview"
    options = BuildOptions(jobs=1)
    build(published, out, options)
    build(published, preview, options)  # as `photovoice serve` does
    before = {digest(path): path for path in every_file(cache, published)
              if path.suffix in (".webp", ".jpg", ".mp3")}
    assert any(b"CANARY-PHOTO" in path.read_bytes() for path in every_file(out, published))
    edit(published / AMAL, "    audio: its-voice.m4a\n", "    publish: false\n")
    build(published, out, options)  # the next build: nothing of it is left from here on
    after = {digest(path) for path in every_file(cache, published)}
    derived = {sha: path for sha, path in before.items() if sha not in after}
    # Its image files (WebP and JPEG at its one width: a small photo), its narration.
    assert sum(path.suffix in (".webp", ".jpg") for path in derived.values()) >= 2
    assert any(path.suffix == ".mp3" for path in derived.values())
    for _ in range(2):
        assert_nothing_left(project, published, derived)
        build(published, out, options)
    assert not preview.exists()  # it showed the photo: `serve` builds it again


def test_photovoice_clean_leaves_nothing_derived(published: Path):
    project = published.parent
    build(published, project / "build", BuildOptions(jobs=1))
    build(published, project / ".photovoice-cache" / "preview", BuildOptions(jobs=1))
    result = CliRunner().invoke(main, ["clean", "--content", str(published)])
    assert result.exit_code == 0, result.output
    assert [path.name for path in every_file(project / ".photovoice-cache", published)] \
        == ["lock"]  # the cache's lock file: empty
    assert not [path for path in (project / ".photovoice-cache").rglob("*")
                if "withdrawn-photo" in str(path)]


def test_the_preview_forgets_a_withdrawn_photo_too(published: Path):
    """`photovoice serve` builds its site in steps (preview.py): its first step deletes
    what the cache holds of a photo no longer published, as a build does."""
    project = published.parent
    preview_dir = project / ".photovoice-cache" / "preview"
    build(published, project / "build", BuildOptions(jobs=1))
    cached = {path for path in (project / ".photovoice-cache").rglob("*")
              if path.suffix in (".webp", ".jpg", ".mp3")}
    edit(published / AMAL, "    audio: its-voice.m4a\n", "    publish: false\n")
    started = build_preview(published, preview_dir, BuildOptions(jobs=1))
    try:
        left = {path for path in cached if path.exists()}
        assert len(cached - left) >= 3  # its image files and its narration
        assert not [path for path in (project / ".photovoice-cache").rglob("*")
                    if path.is_file() and b"CANARY-PHOTO" in path.read_bytes()]
    finally:
        started.stop()


def test_a_withdrawn_participant_leaves_no_name_and_no_catalogue_anywhere(content_dir: Path):
    """Their folder's name, their name and their words: not in the site, the spare
    folder, the cache's records (photo sizes included), nor in a PDF catalogue kept in
    the cache (compressed, so only its files can tell)."""
    project = content_dir.parent
    options = BuildOptions(jobs=1, catalogue=True)
    build(content_dir, project / "build", options)
    build(content_dir, project / "build", options)
    catalogues = project / ".photovoice-cache" / "catalogue"
    with_amal = set(catalogues.iterdir())
    edit(content_dir / AMAL, "  publish: true\n  credit: name\n",
         "  publish: false\n  credit: name\n")
    build(content_dir, project / "build", options)
    assert not set(catalogues.iterdir()) & with_amal and len(list(catalogues.iterdir())) == 2
    for path in project.rglob("*"):
        if path.is_relative_to(content_dir):
            continue
        for name in ("amal", "Amal", "Haddad", "za'atar"):
            assert name not in str(path.relative_to(project)), path
            if path.is_file():
                assert name.encode() not in path.read_bytes(), (name, path)
    build(content_dir, project / "build", BuildOptions(jobs=1, catalogue=False))
    assert not catalogues.exists()
