"""The derivative cache: content-addressed keys, misses that mean misses, atomic writes."""

from __future__ import annotations

import marshal
import os
import stat
import time
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from helpers import jpeg_bytes
from photovoice import records
from photovoice import cache as cache_module
from photovoice import imageplan
from photovoice.build import BuildOptions, build
from photovoice.cache import ImageCache, store_files
from photovoice.imageplan import ImageJob, ImageSpec
from photovoice.model import Redaction

SPECS = (ImageSpec(960, "webp", 78), ImageSpec(960, "jpeg", 82), ImageSpec(480, "webp", 78),
         ImageSpec(480, "jpeg", 82))
BLOBS = (b"webp-960", b"jpeg-960", b"webp-480", b"jpeg-480")




@pytest.fixture
def hash_calls(monkeypatch) -> list[Path]:
    calls: list[Path] = []
    real_hash = cache_module.hash_file

    def counting_hash(path: Path) -> str:
        calls.append(path)
        return real_hash(path)

    monkeypatch.setattr(cache_module, "hash_file", counting_hash)
    return calls


@pytest.fixture
def photo(tmp_path) -> Path:
    path = tmp_path / "content" / "photo.jpg"
    path.parent.mkdir()
    path.write_bytes(b"pretend these are JPEG bytes")
    return path


def cache_in(tmp_path: Path) -> ImageCache:
    return ImageCache(tmp_path / ".photovoice-cache" / "images")


def job(src: Path, specs=SPECS, redactions=()) -> ImageJob:
    return ImageJob(src, specs, redactions)


# --- keys ------------------------------------------------------------------------------


def test_key_is_stable_and_content_addressed(tmp_path, photo):
    cache = cache_in(tmp_path)
    key = cache.key(job(photo))
    assert len(key) == 64 and int(key, 16) >= 0
    assert cache.key(job(photo)) == key
    assert cache_in(tmp_path).key(job(photo)) == key            # a new process agrees
    moved = tmp_path / "elsewhere.jpg"
    moved.write_bytes(photo.read_bytes())
    assert cache.key(job(moved)) == key                          # renaming is not a change


def test_key_changes_with_everything_that_shapes_the_output(tmp_path, photo, monkeypatch):
    cache = cache_in(tmp_path)
    key = cache.key(job(photo))
    other_quality = (ImageSpec(960, "webp", 80), *SPECS[1:])
    assert cache.key(job(photo, specs=other_quality)) != key
    assert cache.key(job(photo, specs=SPECS[:2])) != key
    redacted = cache.key(job(photo, redactions=(Redaction(0.1, 0.1, 0.2, 0.2),)))
    assert redacted != key
    assert cache.key(job(photo, redactions=(Redaction(0.1, 0.1, 0.2, 0.25),))) != redacted
    monkeypatch.setattr(imageplan, "PIPELINE_VERSION", imageplan.PIPELINE_VERSION + 1)
    assert cache.key(job(photo)) != key


def test_key_changes_with_the_source_bytes(tmp_path, photo):
    cache = cache_in(tmp_path)
    key = cache.key(job(photo))
    photo.write_bytes(b"pretend these are OTHER bytes")  # same size, just rewritten
    assert cache.key(job(photo)) != key


# --- the source-hash memo ----------------------------------------------------------------


def test_unchanged_source_is_hashed_once_even_across_builds(tmp_path, photo, no_racy_window, hash_calls):
    cache = cache_in(tmp_path)
    key = cache.key(job(photo))
    assert cache.key(job(photo, redactions=(Redaction(0, 0, 1, 1),))) != key
    assert len(hash_calls) == 1
    cache.save()
    next_build = cache_in(tmp_path)
    assert next_build.key(job(photo)) == key
    assert len(hash_calls) == 1                      # a no-op build reads no image


def test_changed_size_or_timestamp_is_hashed_again(tmp_path, photo, no_racy_window, hash_calls):
    cache = cache_in(tmp_path)
    cache.key(job(photo))
    os.utime(photo, ns=(1_000_000_000, 1_000_000_000))
    cache.key(job(photo))
    photo.write_bytes(photo.read_bytes() + b"!")
    cache.key(job(photo))
    assert len(hash_calls) == 3


class ChangeTimeAsModified:
    """The os module on a file system that reports a file's change time as its last
    modification (as some network and FUSE mounts do): there, only the inode tells a
    file from another of the same size and times put in its place."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def stat(path, *args, **kwargs) -> os.stat_result:
        real = os.stat(path, *args, **kwargs)
        named = {name: getattr(real, name) for name in dir(real) if name.startswith("st_")}
        named.update(st_ctime=real.st_mtime, st_ctime_ns=real.st_mtime_ns)
        head = list(real)[:os.stat_result.n_sequence_fields]
        head[stat.ST_CTIME] = head[stat.ST_MTIME]
        return os.stat_result(head, named)


def put_in_place_of(path: Path, data: bytes) -> None:
    """Another file in `path`'s place (a new inode), with its size and times."""
    old = os.stat(path)
    assert len(data) == old.st_size
    other = path.with_name(f".{path.name}.other")
    other.write_bytes(data)
    os.utime(other, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(other, path)


def test_a_source_replaced_by_one_of_the_same_size_and_times_is_hashed_again(
        tmp_path, photo, no_racy_window, hash_calls, monkeypatch):
    # The memory's one rule of trust (records.still_true): inode, size and times.
    monkeypatch.setattr(cache_module, "os", ChangeTimeAsModified())
    cache = cache_in(tmp_path)
    key = cache.key(job(photo))
    cache.save()
    put_in_place_of(photo, b"pretend these are JPEG bytez")
    assert cache_in(tmp_path).key(job(photo)) != key
    assert len(hash_calls) == 2


def test_a_photo_replaced_by_one_of_the_same_size_and_times_is_derived_again(
        content_dir, tmp_path, no_racy_window, monkeypatch):
    monkeypatch.setattr(cache_module, "os", ChangeTimeAsModified())
    photo = content_dir / "participants/amal-haddad/IMG_20230514_093012.jpg"
    options = BuildOptions(jobs=1, cache_dir=tmp_path / "cache")
    build(content_dir, tmp_path / "out", options)
    with Image.open(photo) as original:
        negative = ImageOps.invert(original.convert("RGB"))
    size = photo.stat().st_size
    replacement = next(data for quality in range(95, 5, -5)
                       if len(data := jpeg_bytes(negative, quality=quality)) <= size)
    # A JPEG ends at its end-of-image marker: what follows is not read.
    put_in_place_of(photo, replacement + bytes(size - len(replacement)))
    report = build(content_dir, tmp_path / "out", options)
    assert report.images_derived == 1


def test_sources_hashed_side_by_side_give_the_keys_hashed_one_by_one(tmp_path, no_racy_window,
                                                                    hash_calls):
    photos = []
    for n in range(5):
        photos.append(tmp_path / "content" / f"photo-{n}.jpg")
        photos[-1].parent.mkdir(exist_ok=True)
        photos[-1].write_bytes(b"pretend JPEG %d" % n * 10_000)
    one_by_one = [cache_in(tmp_path / "one").key(job(photo)) for photo in photos]
    hash_calls.clear()
    cache = cache_in(tmp_path / "side-by-side")
    cache.hash_sources(photos, threads=2)
    assert sorted(hash_calls) == sorted(photos)
    assert [cache.key(job(photo)) for photo in photos] == one_by_one
    assert len(hash_calls) == len(photos)            # key() used what was hashed
    cache.save()
    cache_in(tmp_path / "side-by-side").hash_sources(photos, threads=2)
    assert len(hash_calls) == len(photos)            # and remembered it


def test_a_file_changed_just_now_is_not_remembered(tmp_path, photo, hash_calls):
    # Another write in the same timestamp tick could keep size and mtime: don't trust them
    # in the next build. Within one build, a photo's several keys (its link-preview file's
    # too) come from one hash.
    cache = cache_in(tmp_path)
    key = cache.key(job(photo))
    assert cache.key(job(photo, redactions=(Redaction(0, 0, 1, 1),))) != key
    assert cache.key(job(photo)) == key
    cache.hash_sources([photo], threads=2)  # named again, after its keys were taken
    assert len(hash_calls) == 1
    cache.save()
    assert cache_in(tmp_path).key(job(photo)) == key
    assert len(hash_calls) == 2


def test_index_is_saved_atomically_and_forgets_deleted_sources(tmp_path, photo, no_racy_window):
    cache = cache_in(tmp_path)
    gone = photo.with_name("gone.jpg")
    gone.write_bytes(b"soon deleted")
    cache.key(job(photo))
    cache.key(job(gone))
    gone.unlink()
    cache.save()
    index = records.read_record(cache.root / cache_module.INDEX_NAME, str(cache.root))
    assert list(index["sources"]) == [str(photo.resolve())]
    assert [p.name for p in cache.root.iterdir()] == [cache_module.INDEX_NAME]  # no temp left


@pytest.mark.parametrize("garbage", [
    b"not marshal", marshal.dumps(["a list"]),
    marshal.dumps({"version": 999, "for": "", "sources": {}}),  # another version
    marshal.dumps({"version": records.FORMAT_VERSION, "for": "elsewhere", "sources": {}}),
    "sources: not a mapping", {"x": "not a list"}])
def test_unreadable_index_only_costs_rehashing(tmp_path, photo, no_racy_window, hash_calls, garbage):
    cache = cache_in(tmp_path)
    key = cache.key(job(photo))
    cache.root.mkdir(parents=True)
    index = cache.root / cache_module.INDEX_NAME
    if isinstance(garbage, bytes):
        index.write_bytes(garbage)
    else:  # a well-formed record of the wrong shape
        records.write_record(index, str(cache.root), {"sources": garbage})
    assert cache_in(tmp_path).key(job(photo)) == key
    assert len(hash_calls) == 2


# --- lookup and store ----------------------------------------------------------------------


def test_store_then_lookup(tmp_path, photo):
    cache = cache_in(tmp_path)
    key, source = cache.key(job(photo)), cache.source_hash(photo)
    assert cache.lookup(source, key, SPECS) is None
    stored = store_files(cache.paths(source, key, SPECS), BLOBS)
    assert [p.relative_to(cache.root).as_posix() for p in stored] == [
        f"{source}/{key}-960.webp", f"{source}/{key}-960.jpg",
        f"{source}/{key}-480.webp", f"{source}/{key}-480.jpg"]
    assert [p.read_bytes() for p in stored] == list(BLOBS)
    assert cache.lookup(source, key, SPECS) == stored
    assert cache_in(tmp_path).lookup(source, key, SPECS) == stored
    # Files end up in build/ by hard link: a web server must be able to read them.
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in stored)


def test_keep_only_removes_the_files_of_every_other_source(tmp_path, photo, no_racy_window):
    cache = cache_in(tmp_path)
    other = tmp_path / "other.jpg"
    other.write_bytes(photo.read_bytes() + b"another photo")
    kept = store_files(cache.paths(cache.source_hash(photo), cache.key(job(photo)), SPECS), BLOBS)
    gone = store_files(cache.paths(cache.source_hash(other), cache.key(job(other)), SPECS), BLOBS)
    legacy = cache.root / "ab" / "ab12-960.webp"  # the layout before: by key
    legacy.parent.mkdir()
    legacy.write_bytes(BLOBS[0])
    mine = cache.root / "notes"  # not the cache's
    mine.mkdir()
    cache.save()
    index = records.read_record(cache.root / cache_module.INDEX_NAME, str(cache.root))
    assert str(other.resolve()) in index["sources"]
    assert sorted(cache.keep_only({cache.source_hash(photo)})) == sorted(
        [gone[0].parent, legacy.parent])
    assert all(path.exists() for path in kept) and not any(path.exists() for path in gone)
    assert mine.is_dir() and not legacy.exists()
    index = records.read_record(cache.root / cache_module.INDEX_NAME, str(cache.root))
    assert list(index["sources"]) == [str(photo.resolve())]


def test_missing_or_empty_cache_file_is_a_miss(tmp_path, photo):
    cache = cache_in(tmp_path)
    key, source = cache.key(job(photo)), cache.source_hash(photo)
    stored = store_files(cache.paths(source, key, SPECS), BLOBS)
    stored[2].unlink()
    assert cache.lookup(source, key, SPECS) is None
    store_files(cache.paths(source, key, SPECS), BLOBS)
    stored[3].write_bytes(b"")
    assert cache.lookup(source, key, SPECS) is None


def test_an_output_file_elsewhere_is_not_a_hit(tmp_path, photo):
    cache = cache_in(tmp_path)
    key, source = cache.key(job(photo)), cache.source_hash(photo)
    build = tmp_path / "build" / "images"
    build.mkdir(parents=True)
    for spec, blob in zip(SPECS, BLOBS):
        (build / f"{key}-{spec.width}.{spec.ext}").write_bytes(blob)
    assert cache.lookup(source, key, SPECS) is None


def test_store_is_atomic(tmp_path, photo, monkeypatch):
    cache = cache_in(tmp_path)
    key, source = cache.key(job(photo)), cache.source_hash(photo)
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def failing_replace(src, dst):
        renames.append((Path(src), Path(dst)))
        if len(renames) == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(cache_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        store_files(cache.paths(source, key, SPECS), BLOBS)
    first, second = renames
    assert first[0].parent == first[1].parent and first[0] != first[1]  # temp beside target
    assert first[1].read_bytes() == BLOBS[0]
    assert not second[1].exists()                       # never a half-written file
    assert sorted(p.name for p in first[1].parent.iterdir()) == [first[1].name]  # temp removed
    assert cache.lookup(source, key, SPECS) is None


def test_store_refuses_a_mismatched_number_of_images(tmp_path, photo):
    cache = cache_in(tmp_path)
    with pytest.raises(ValueError):
        store_files(cache.paths(cache.source_hash(photo), cache.key(job(photo)), SPECS),
                    BLOBS[:3])


def test_caches_with_different_roots_share_nothing(tmp_path, photo, no_racy_window):
    first, second = ImageCache(tmp_path / "a"), ImageCache(tmp_path / "b")
    key, source = first.key(job(photo)), first.source_hash(photo)
    store_files(first.paths(source, key, SPECS), BLOBS)
    first.save()
    assert second.lookup(source, key, SPECS) is None
    assert not (tmp_path / "b").exists()


# --- hashing while the build reads the content ---------------------------------------------


def test_the_build_hashes_photos_while_it_reads_the_others(content_dir, tmp_path, no_racy_window,
                                                            hash_calls, monkeypatch):
    from photovoice import images
    from photovoice.build import BuildOptions, build

    measured: list[tuple[str, int]] = []  # (photo, photos hashed by then)
    inspect = images.inspect_image

    def slow_inspect(path):
        time.sleep(0.2)  # a slow disk: time enough for a thread to start hashing
        measured.append((path.name, len(hash_calls)))
        return inspect(path)

    monkeypatch.setattr(images, "inspect_image", slow_inspect)
    build(content_dir, tmp_path / "out", BuildOptions(jobs=2, cache_dir=tmp_path / "cache"))
    assert len(measured) >= 3
    assert measured[0][1] >= 1  # the first photo was being hashed while its size was read
    assert len(hash_calls) == len(set(hash_calls))  # and each photo hashed once


def test_a_build_whose_content_is_wrong_still_checks_each_photo_once(content_dir, tmp_path,
                                                                     no_racy_window, monkeypatch):
    """The curator learns of a broken photo in the same run as of a YAML mistake: the
    failing build decodes its photos too (remembered by content hash), hashing each once."""
    from photovoice.build import BuildOptions, build
    from photovoice.diagnostics import ContentError

    hashed: list[Path] = []
    real_hash = cache_module.hash_file
    monkeypatch.setattr(cache_module, "hash_file",
                        lambda path: hashed.append(path) or real_hash(path))
    broken = content_dir / "participants/p02/participant.yaml"  # read after amal-haddad's 3
    broken.write_text(broken.read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    photo = content_dir / "participants/amal-haddad/PXL_20230601_141530123.jpg"
    photo.write_bytes(photo.read_bytes()[:4000])
    with pytest.raises(ContentError) as failed:
        build(content_dir, tmp_path / "out", BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    assert [d.field for d in failed.value.errors] == ["photos[2].file", ""]
    assert len(hashed) == len(set(hashed)) == 2  # amal-haddad's published photos
