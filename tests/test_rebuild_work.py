"""A rebuild does work in proportion to what changed: it reads again only the participant
folders that changed (the memory keeps what the loader made of the others), places no
map label again when the cities did not change, and its site is a clean build's."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import edit, load_exhibition, tree_bytes
from photovoice import cartography, load_participant, quality
from photovoice.build import BuildOptions, build
from photovoice.participant_record import from_record, participant_record

AMAL = "participants/amal-haddad/participant.yaml"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The participant folders the loader reads, build after build."""
    seen: list[str] = []
    real = load_participant.read_participant

    def counted(folder: Path, *args, **kwargs):
        seen.append(folder.name)
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(load_participant, "read_participant", counted)
    monkeypatch.setattr("photovoice.load.read_participant", counted)
    return seen


def _build(content_dir: Path, out: Path):
    return build(content_dir, out, BuildOptions(jobs=1, cache_dir=out.parent / "cache"))


def _read_again_after(change, content_dir: Path, out: Path, reads: list[str]) -> list[str]:
    """The participant folders a rebuild reads after `change()`, the first build done."""
    _build(content_dir, out)
    reads.clear()
    change()
    _build(content_dir, out)
    return sorted(reads)


# Read at every build, never kept in the cache, which outlives them: a withdrawn
# participant's words, and the folder holding a withdrawn photo (amal-haddad: its file name).
NEVER_KEPT = ["amal-haddad", "withdrawn-person"]


def _is_a_clean_build(out: Path, content_dir: Path, tmp_path: Path) -> bool:
    clean = tmp_path / "clean"
    build(content_dir, clean, BuildOptions(jobs=1, cache_dir=tmp_path / "clean-cache"))
    return tree_bytes(out) == tree_bytes(clean)


def test_a_caption_edit_reads_that_participant_file_alone(content_dir, tmp_path, reads,
                                                          no_racy_window):
    out = tmp_path / "out"
    _build(content_dir, out)
    everyone = sorted(reads)
    assert len(everyone) == 3
    reads.clear()
    edit(content_dir / AMAL, "en: My first winter.", "en: My first winter here.")
    report = _build(content_dir, out)
    assert reads == sorted({"amal-haddad", *NEVER_KEPT})
    assert report.pages_rendered > 0
    assert _is_a_clean_build(out, content_dir, tmp_path)


def test_a_photo_replaced_in_a_folder_reads_that_folder_again(content_dir, tmp_path, reads,
                                                              no_racy_window):
    photo = content_dir / "participants/p02/Screenshot_20230702-101500.png"
    data = photo.read_bytes()

    def replace_photo() -> None:
        photo.unlink()
        photo.write_bytes(data)  # a new file (inode) with the same name

    assert _read_again_after(replace_photo, content_dir, tmp_path / "out", reads) \
        == sorted(["p02", *NEVER_KEPT])


def test_exhibition_yaml_changed_reads_every_participant_again(content_dir, tmp_path, reads,
                                                               no_racy_window):
    exhibition = content_dir / "exhibition.yaml"
    text = exhibition.read_text(encoding="utf-8")
    read = _read_again_after(lambda: exhibition.write_text(text + "\n", encoding="utf-8"),
                             content_dir, tmp_path / "out", reads)
    assert len(read) == 3


def test_a_participant_file_just_written_is_read_again_until_it_settles(content_dir, tmp_path,
                                                                        reads):
    out = tmp_path / "out"
    _build(content_dir, out)  # the fixture's files were copied just now: not remembered
    reads.clear()
    _build(content_dir, out)
    assert len(reads) == 3


def test_a_participant_made_plain_and_back_is_the_same(content_dir):
    exhibition = load_exhibition(content_dir).exhibition
    for participant in exhibition.participants:
        record = participant_record(participant, [])
        again, diagnostics = from_record(record)
        assert again == participant and diagnostics == []
        assert repr(again) == repr(participant)  # the same types all the way down


def test_a_caption_edit_places_no_map_label_again(content_dir, tmp_path, monkeypatch,
                                                  no_racy_window):
    out = tmp_path / "out"
    _build(content_dir, out)
    placed = []
    real = cartography.place_labels
    monkeypatch.setattr(cartography, "place_labels",
                        lambda *args: placed.append(args) or real(*args))
    edit(content_dir / AMAL, "en: My first winter.", "en: My first winter here.")
    _build(content_dir, out)
    assert placed == []
    assert (out / "en/index.html").read_text(encoding="utf-8").count("<svg") >= 1
    assert _is_a_clean_build(out, content_dir, tmp_path)


def test_a_caption_edit_reviews_that_participant_alone(content_dir, tmp_path, monkeypatch,
                                                       no_racy_window):
    """The review's notes on the others come from the memory, as a clean build gives them."""
    p02 = content_dir / "participants" / "p02"
    (p02 / "unlisted.png").write_bytes(next(p02.glob("*.png")).read_bytes())
    out = tmp_path / "out"
    _build(content_dir, out)
    reviewed: list[str] = []
    real = quality._review_participant
    monkeypatch.setattr(quality, "_review_participant", lambda participant, exhibition: (
        reviewed.append(participant.folder.name), real(participant, exhibition))[1])
    edit(content_dir / AMAL, "en: My first winter.", "en: My first winter here.")

    report = _build(content_dir, out)

    assert reviewed == ["amal-haddad"]  # p02 unchanged; withdrawn-person is not reviewed
    assert any("unlisted.png" in str(warning) for warning in report.warnings)
    clean = build(content_dir, tmp_path / "clean",
                  BuildOptions(jobs=1, cache_dir=tmp_path / "clean-cache"))
    assert report.warnings == clean.warnings
