"""Only photovoice's own leftovers are removed, and one that cannot be is reported."""

from __future__ import annotations

import logging
import os

from photovoice.build import BuildOptions, build
from photovoice.write import MARKER


def _build(content_dir, out, tmp_path):
    return build(content_dir, out, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))


def test_a_folder_named_like_a_leftover_but_not_photovoices_stays(content_dir, tmp_path):
    out = tmp_path / "site" / "build"
    backup = out.parent / ".build.backup-20240105"  # trailing digits, no process of ours
    backup.mkdir(parents=True)
    (backup / "notes.txt").write_text("the curator's")
    copied = out.parent / ".build.staging-20240105"  # our name, but not made by us
    copied.mkdir()
    (copied / "notes.txt").write_text("the curator's too")
    _build(content_dir, out, tmp_path)
    _build(content_dir, out, tmp_path)
    assert (backup / "notes.txt").read_text() == "the curator's"
    assert (copied / "notes.txt").read_text() == "the curator's too"


def test_a_killed_builds_staging_folder_is_removed(content_dir, tmp_path):
    out = tmp_path / "site" / "build"
    dead = out.parent / f".build.staging-{2**22 + 12345}"  # above Linux's largest pid
    (dead / "en").mkdir(parents=True)
    (dead / MARKER).write_text("photovoice's")
    (dead / "en" / "index.html").write_text("half a site")
    _build(content_dir, out, tmp_path)
    assert not dead.exists()


def test_a_staging_folder_is_marked_from_its_start(content_dir, tmp_path, monkeypatch):
    from photovoice import write
    out = tmp_path / "site" / "build"
    seen = []
    real = write.Staging.__init__

    def spy(self, root, *args, **kwargs):
        seen.append((root / MARKER).is_file())
        real(self, root, *args, **kwargs)

    monkeypatch.setattr(write.Staging, "__init__", spy)
    _build(content_dir, out, tmp_path)
    assert seen == [True]


def test_a_leftover_that_cannot_be_removed_is_reported(content_dir, tmp_path, monkeypatch,
                                                       caplog):
    out = tmp_path / "site" / "build"
    dead = out.parent / f".build.old-{2**22 + 12345}"
    dead.mkdir(parents=True)
    (dead / MARKER).write_text("photovoice's")
    (dead / "locked.jpg").write_bytes(b"a withdrawn photo")
    real_unlink = os.unlink

    def refuse(path, *args, **kwargs):
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse)
    # A command run earlier in the session may have given photovoice's logger its own
    # handler, not passing records on to pytest's.
    monkeypatch.setattr(logging.getLogger("photovoice"), "propagate", True)
    with caplog.at_level(logging.WARNING, logger="photovoice"):
        _build(content_dir, out, tmp_path)
    assert (dead / "locked.jpg").exists()
    assert any(str(dead) in record.getMessage() and "could not be deleted" in record.getMessage()
               for record in caplog.records)


def test_clean_removes_what_photovoice_derived_and_nothing_else(content_dir, tmp_path,
                                                                 monkeypatch):
    from click.testing import CliRunner

    from photovoice.cli import main
    cache = tmp_path / "cache"
    _build(content_dir, tmp_path / "site" / "build", tmp_path)
    assert any((cache / "images").rglob("*.jpg"))
    (cache / "notes.txt").write_text("the curator's")
    (cache / "mine").mkdir()
    result = CliRunner().invoke(main, ["clean", "--content", str(content_dir),
                                       "--cache", str(cache)])
    assert result.exit_code == 0, result.output
    assert f"Emptied the cache in {cache}: the processed photos, " in result.output
    assert "the records of earlier builds" in result.output and ", builds" not in result.output
    assert not (cache / "images").exists() and not (cache / "builds").exists()
    assert (cache / "notes.txt").read_text() == "the curator's" and (cache / "mine").is_dir()
    assert (tmp_path / "site" / "build" / "index.html").is_file()  # the site is not the cache's
