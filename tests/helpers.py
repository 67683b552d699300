"""Helpers shared by the tests (fixtures are in conftest.py)."""

from __future__ import annotations

import hashlib
import io
import re
import socket
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from photovoice import records

from photovoice import load
from photovoice.cli import main
from photovoice.images import ImageJob, ImageSpec, derive_images, upright_size
from photovoice.model import Redaction

FIXTURE = Path(__file__).parent / "fixtures" / "exhibition"
SAMPLE = Path(__file__).parent.parent / "content"

# The loader as the build calls it, reading each photo's size from its header.
load_exhibition = partial(load.load_exhibition, image_size=upright_size)


def derive_image(src: Path, spec: ImageSpec, redactions: tuple[Redaction, ...] = ()) -> bytes:
    """One file of one photo: the pipeline's one decode, for a single spec."""
    return derive_images(ImageJob(src, (spec,), tuple(redactions)))[0]


def run(*args: str):
    """The command line run through Click's runner, in this process: its result."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def in_a_process(project: Path, *args: str) -> str:
    """The command as a curator runs it, in its own process: everything it prints."""
    result = subprocess.run([sys.executable, "-m", "photovoice", *args], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def no_racy_window(monkeypatch) -> None:
    """Treat every file as old enough to remember (see records.RACY_SECONDS): a test
    need not wait for the files it just wrote to settle."""
    monkeypatch.setattr(records, "RACY_SECONDS", 0)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_bytes(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under root, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(root.rglob("*"))}


def tree_digest(root: Path) -> dict[str, str]:
    """Every file's sha256 under root, by relative path (folders left out)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def jpeg_bytes(img: Image.Image | None = None, **params) -> bytes:
    """`img` (default: a small plain picture) encoded as a JPEG."""
    buffer = io.BytesIO()
    (img or Image.new("RGB", (64, 48), (120, 30, 60))).save(buffer, "JPEG", **params)
    return buffer.getvalue()


def images_of(html: str) -> list[tuple[str, int, int]]:
    """(src, width, height) of every <img> of a page, src as a site path (no ../)."""
    found = []
    for tag in re.findall(r"<img\b[^>]*>", html):
        src = re.search(r'\ssrc="(?:\.\./)*([^"]+)"', tag).group(1)
        found.append((src, int(re.search(r'\swidth="(\d+)"', tag).group(1)),
                      int(re.search(r'\sheight="(\d+)"', tag).group(1))))
    return found


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def eventually(read, expected, timeout: float = 15.0):
    """read() once it returns `expected`, or its last answer after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
