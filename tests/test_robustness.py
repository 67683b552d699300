"""Nothing breaks: generated YAML, bad input through the CLI, interrupted builds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from photovoice.diagnostics import ContentError
from helpers import edit, eventually, jpeg_bytes, load_exhibition, tree_digest


AMAL = "participants/amal-haddad/participant.yaml"

# -- the loader either loads or raises ContentError, whatever the document -------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=20), st.sampled_from(["brandon", "food", "market", "en",
                                                           "IMG_20230514_093012.jpg"]))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(
        ["en", "fr", "file", "title", "alt", "themes", "x", "publish", "lang", "text"])),
        children, max_size=4)), max_leaves=12)
photo = st.fixed_dictionaries({}, optional={
    "file": st.one_of(values, st.just("IMG_20230514_093012.jpg")), "slug": values,
    "title": values, "alt": values, "caption": values, "themes": values, "original": values,
    "redact": values, "publish": values})
participant = st.fixed_dictionaries({}, optional={
    "name": values, "city": st.one_of(values, st.just("brandon")),
    "consent": st.one_of(values, st.fixed_dictionaries({"publish": st.booleans()},
                                                       optional={"credit": values})),
    "bio": values, "photos": st.one_of(values, st.lists(photo, max_size=3)),
    "extra": values})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=st.one_of(participant, values), raw=st.one_of(st.none(), st.text(max_size=60)))
def test_loader_loads_or_raises_content_error(content_dir, document, raw):
    path = content_dir / AMAL
    text = raw if raw is not None else yaml.safe_dump(document, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    try:
        load_exhibition(content_dir)
    except ContentError as error:
        assert error.diagnostics
        assert all(str(d).startswith("content/") for d in error.diagnostics)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_loader_survives_any_bytes(content_dir, data):
    (content_dir / AMAL).write_bytes(data)
    try:
        load_exhibition(content_dir)
    except ContentError:
        pass


# -- bad input through the command line: exit 1, a clear message, the old site kept ----

def _bomb_png() -> bytes:
    import struct
    import zlib
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = b"IDAT" + zlib.compress(b"\0" * 64)
    idat = struct.pack(">I", 64) + data + struct.pack(">I", zlib.crc32(data))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat


PHOTO = "participants/amal-haddad/IMG_20230514_093012.jpg"
CASES = {
    "truncated": (lambda c: (c / PHOTO).write_bytes((c / PHOTO).read_bytes()[:2000]),
                  f"{AMAL}", "truncated"),
    "zero-byte": (lambda c: (c / PHOTO).write_bytes(b""), f"{AMAL}:10", "the file is empty"),
    "text-as-jpg": (lambda c: (c / PHOTO).write_text("not a photo\n" * 50), f"{AMAL}:10",
                    "not an image"),
    "gif": (lambda c: Image.new("P", (40, 30)).save(c / PHOTO, "GIF"), f"{AMAL}:10", "GIF"),
    "bomb": (lambda c: (c / PHOTO).write_bytes(_bomb_png()), f"{AMAL}:10", "too large"),
    "yaml-syntax": (lambda c: edit(c / AMAL, "city: brandon", "city: : :"), f"{AMAL}:2",
                    "YAML syntax error"),
    "wrong-type": (lambda c: edit(c / AMAL, "photos:\n", "photos: abc\nx:\n"), f"{AMAL}:9",
                   "expected a list of photos"),
    "missing-field": (lambda c: edit(c / AMAL, "consent:\n  publish: true\n",
                                     "consent:\n"), f"{AMAL}:4",
                      "consent.publish: is required"),
    "unknown-city": (lambda c: edit(c / AMAL, "city: brandon", "city: paris"), f"{AMAL}:2",
                     "unknown city 'paris'"),
    "unknown-theme": (lambda c: edit(c / AMAL, "themes: [food]", "themes: [sport]"),
                      f"{AMAL}:17", "unknown theme 'sport'"),
    "listed-twice": (lambda c: edit(c / AMAL, "file: PXL_20230601_141530123.jpg",
                                    "file: IMG_20230514_093012.jpg"), f"{AMAL}:21",
                     "already listed (line 10)"),
    "duplicate-slug": (lambda c: edit(c / AMAL, "slug: first-snow", "slug: market"),
                       f"{AMAL}:21", "the slug 'market' is already used"),
    "parent-path": (lambda c: edit(c / AMAL, "file: PXL_20230601_141530123.jpg",
                                   "file: ../elsewhere.jpg"), f"{AMAL}:21", "no folder part"),
    "absolute-path": (lambda c: edit(c / AMAL, "file: PXL_20230601_141530123.jpg",
                                     "file: /etc/hostname"), f"{AMAL}:21", "no folder part"),
    "no-participant-yaml": (lambda c: (c / "participants/p09").mkdir(), "participants/p09",
                            "has no participant.yaml"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_1_naming_the_file_and_keeps_the_site(project_with_site, case):
    from click.testing import CliRunner
    from photovoice.cli import main
    breaks, where, words = CASES[case]
    content = project_with_site / "content"
    before = tree_digest(project_with_site / "build")
    breaks(content)
    result = CliRunner().invoke(main, ["build", "-j", "1"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert f"content/{where}" in result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project_with_site / "build") == before


def test_symlink_out_of_the_content_folder_is_refused(project_with_site, tmp_path):
    from click.testing import CliRunner
    from photovoice.cli import main
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg_bytes())
    content = project_with_site / "content"
    os.symlink(secret, content / "participants/amal-haddad/escape.jpg")
    edit(content / AMAL, "file: PXL_20230601_141530123.jpg", "file: escape.jpg")
    result = CliRunner().invoke(main, ["build", "-j", "1"])
    assert result.exit_code == 1
    assert "link to a file outside the content folder" in result.output


# -- interrupted builds leave the previous site ---------------------------------------

def _slow_content(content_dir: Path) -> None:
    """Enough large photos that a cold build takes a few seconds."""
    import random
    rng = random.Random(7)
    folder = content_dir / "participants/amal-haddad"
    entries = []
    for index in range(8):
        noise = Image.effect_noise((2400, 1800), 60).convert("RGB")
        noise = Image.blend(noise, Image.new("RGB", noise.size, tuple(rng.randrange(256)
                                                                      for _ in range(3))), 0.5)
        noise.save(folder / f"big-{index}.jpg", quality=90)
        entries.append(f"  - file: big-{index}.jpg\n    title: Big {index}\n"
                       f"    alt: A noisy test picture number {index}\n    themes: [food]\n")
    with open(folder / "participant.yaml", "a", encoding="utf-8") as handle:
        handle.write("".join(entries))


def _children(pid: int) -> dict[int, str]:
    """pid -> start time of each process `pid` started (the image workers), from /proc."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        if int(fields[1]) == pid:
            found[int(stat.parent.name)] = fields[19]
    return found


def _still_running(processes: dict[int, str]) -> dict[int, str]:
    """Those of `processes` that still run: not ended, not a zombie, not a reused pid."""
    running = {}
    for pid, started in processes.items():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] not in ("Z", "X") and fields[19] == started:
            running[pid] = started
    return running


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="finds the workers in /proc")
@pytest.mark.parametrize("sig, whole_group", [(signal.SIGKILL, False), (signal.SIGINT, True)],
                         ids=["SIGKILL-to-the-build", "SIGINT-to-the-group"])
def test_killed_build_leaves_the_previous_site(content_dir, tmp_path, sig, whole_group):
    """SIGKILL goes to the build process alone, as from the OOM killer or `kill -9 PID`:
    nothing can shut its pool down, and its image workers must still not live on.
    SIGINT goes to the whole process group, as Ctrl-C in a terminal does."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, "-m", "photovoice.cli", "build", "--content", str(content_dir),
               "--output", str(out), "-j", "2"]
    env = dict(os.environ, PHOTOVOICE_CACHE_DIR=str(cache))
    subprocess.run(command, check=True, capture_output=True, env=env)
    before = tree_digest(out)
    cached_before = set(cache.rglob("*.jpg"))
    _slow_content(content_dir)
    # Ctrl-C is not ignored (as it would be in a background shell job).
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    # Kill it once a big photo's files are in the cache: mid-derivation, well after start-up.
    while len(set(cache.rglob("*.jpg")) - cached_before) < 3:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    workers = _children(process.pid)
    assert workers, "the build runs no image worker to watch"
    try:
        (os.killpg if whole_group else os.kill)(process.pid, sig)
        process.wait(timeout=60)
        deadline = time.monotonic() + 5
        while _still_running(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = _still_running(workers)
    finally:
        for pid in _still_running(workers):
            os.kill(pid, signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)  # the workers held its pipes open too
    assert not survivors, f"image workers outlived the build by 5 s: {sorted(survivors)}"
    assert process.returncode != 0
    if sig == signal.SIGINT:
        assert b"Traceback" not in stderr
        assert b"the previous site is unchanged" in stderr
    assert tree_digest(out) == before
    # The next build cleans up after the killed one and succeeds; the site it replaced
    # is kept, alone, as the following build's staging folder.
    subprocess.run(command, check=True, capture_output=True, env=env)
    left = [".out.spare", "cache", "out", "project"]
    assert eventually(lambda: sorted(p.name for p in tmp_path.iterdir()), left) == left
