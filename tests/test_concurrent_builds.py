"""Builds that overlap in time: the site is always one complete build, never a mix.

Each build runs as its own process, as from two terminals or a save while `serve`
rebuilds; they share the output folder and the cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import edit, tree_digest

# Each test runs many whole builds in separate processes, one after another by design.
pytestmark = pytest.mark.slow

AMAL = "participants/amal-haddad/participant.yaml"
MARKET_TITLE = "title: {en: The market, fr: Le marché}"


def _command(content: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "photovoice.cli", "build", "-q", "-j", "1",
            "--content", str(content), "--output", str(out)]


# Loaded by each build process (Python imports sitecustomize at start-up): a pause
# between reading the previous build's record and linking its files into the new site,
# long enough for a build started just before to finish meanwhile: where they raced.
SLOWER = """
import os
import time
from photovoice import write

_init = write.Staging.__init__

def _pausing(self, *args, **kwargs):
    time.sleep(float(os.environ.get("PAUSE_BEFORE_STAGING", "0")))
    _init(self, *args, **kwargs)

write.Staging.__init__ = _pausing
"""


def _start(content: Path, out: Path, cache: Path, pause: Path | None = None,
           seconds: float = 0) -> subprocess.Popen:
    env = dict(os.environ, PHOTOVOICE_CACHE_DIR=str(cache),
               PAUSE_BEFORE_STAGING=str(seconds))
    if pause is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pause), env.get("PYTHONPATH", "")])
    process = subprocess.Popen(_command(content, out), env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    if pause is not None:
        time.sleep(0.3)  # the next build starts while this one runs
    return process


@pytest.fixture
def pause(tmp_path) -> Path:
    folder = tmp_path / "pause"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(SLOWER)
    return folder


def _finish(*builds: subprocess.Popen) -> None:
    for process in builds:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output.decode(errors="replace")


def _withdraw_the_market(content: Path) -> None:
    edit(content / AMAL, MARKET_TITLE, MARKET_TITLE + "\n    publish: false")


def _publish_the_market(content: Path) -> None:
    edit(content / AMAL, MARKET_TITLE + "\n    publish: false", MARKET_TITLE)


def _reference(content: Path, tmp_path: Path, name: str) -> dict[str, str]:
    out = tmp_path / "references" / name
    _finish(_start(content, out, tmp_path / "references" / f"{name}-cache"))
    return tree_digest(out)


def _staging_begun(out: Path) -> None:
    """Wait until a build into `out` has read its content and begun its staging folder."""
    deadline = time.monotonic() + 120
    while not any(out.parent.glob(f".{out.name}.staging-*")):
        assert time.monotonic() < deadline, "the first build never began staging"
        time.sleep(0.05)


def _variant(content: Path, tmp_path: Path, name: str, change) -> Path:
    copy = tmp_path / name / "content"
    shutil.copytree(content, copy)
    change(copy)
    return copy


def test_overlapping_builds_leave_one_complete_site(content_dir, tmp_path, pause):
    """The first build swaps its site in while the second, which read the record of the
    site before, is about to link that record's pages: they are now the first's."""
    published = content_dir
    withdrawn = _variant(published, tmp_path, "withdrawn", _withdraw_the_market)
    other = _variant(withdrawn, tmp_path, "other", lambda c: edit(
        c / AMAL, "Amal came to Brandon in 2019.", "Amal came to Brandon in 2020."))
    sites = {"published": _reference(published, tmp_path, "published"),
             "withdrawn": _reference(withdrawn, tmp_path, "withdrawn")}
    out, cache = tmp_path / "shared" / "build", tmp_path / "shared" / "cache"
    for round_ in range(2):
        _finish(_start(other, out, cache))  # the site before: neither of the two
        first = _start(published, out, cache, pause, 2)
        _staging_begun(out)
        second = _start(withdrawn, out, cache, pause, 6)
        _finish(first, second)
        assert tree_digest(out) in sites.values(), f"round {round_}: neither build's site"
        pages = "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
        assert "The market" not in pages, "the second build, withdrawn, shows the photo"
    # And a later build of one content is that content's site, whatever came before.
    _finish(_start(published, out, cache))
    assert tree_digest(out) == sites["published"]


def test_withdrawing_during_a_build_leaves_no_trace(content_dir, tmp_path, pause):
    """Publish, start a build, withdraw, start another: the photo is gone, for good."""
    after = _variant(content_dir, tmp_path, "after", _withdraw_the_market)
    expected = _reference(after, tmp_path, "after")
    out, cache = tmp_path / "site" / "build", tmp_path / "site" / "cache"
    _withdraw_the_market(content_dir)
    _finish(_start(content_dir, out, cache))
    for round_ in range(2):
        _publish_the_market(content_dir)
        building = _start(content_dir, out, cache, pause, 2)
        _staging_begun(out)
        _withdraw_the_market(content_dir)
        _finish(building, _start(content_dir, out, cache, pause, 6))
        pages = "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
        assert "The market" not in pages and "Le marché" not in pages, f"round {round_}"
        # and no later build keeps it
        _finish(_start(content_dir, out, cache))
        assert tree_digest(out) == expected
