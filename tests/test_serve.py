"""`photovoice serve` for real: a server process, Chromium, and edits to the content."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import edit

pytestmark = pytest.mark.browser

AMAL = "participants/amal-haddad/participant.yaml"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} did not come up"
        time.sleep(0.2)


@pytest.fixture
def running_server(content_dir):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "photovoice.cli", "serve", "--port", str(port), "-j", "1"],
        cwd=content_dir.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + "en/index.html")
        yield base, content_dir
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert b"Traceback" not in output, output.decode(errors="replace")


def test_serve_listens_on_loopback_and_builds_outside_build(running_server):
    base, content_dir = running_server
    assert base.startswith("http://127.0.0.1:")
    assert not (content_dir.parent / "build").exists()  # the preview lives in the cache
    assert (content_dir.parent / ".photovoice-cache/preview/en/index.html").is_file()


def open_live(new_context, url: str):
    """A page whose livereload connection is up, so it hears about the next rebuild."""
    page = new_context().new_page()
    with page.expect_websocket() as connecting:
        page.goto(url)
    connecting.value.wait_for_event("framereceived")  # the server's hello
    return page


def test_edited_caption_appears_without_a_manual_reload(running_server, new_context):
    base, content_dir = running_server
    page = open_live(new_context, base + "en/participants/amal-haddad/market/index.html")
    caption = page.locator("figcaption")
    assert "Every Saturday" in caption.inner_text()
    edit(content_dir / AMAL, "Every Saturday I buy", "Each Sunday morning I buy")
    page.wait_for_function(
        "() => document.querySelector('figcaption')?.innerText.includes('Each Sunday morning')",
        timeout=30_000)


def test_content_error_shows_in_the_browser_and_recovers(running_server, new_context):
    base, content_dir = running_server
    page = open_live(new_context, base + "en/participants/amal-haddad/index.html")
    edit(content_dir / AMAL, "city: brandon", "city: atlantis")
    page.wait_for_function("() => document.body.innerText.includes('could not be rebuilt')",
                           timeout=30_000)
    text = page.locator("main").inner_text()
    assert "content/participants/amal-haddad/participant.yaml:2: city: unknown city " \
           "'atlantis'" in text
    edit(content_dir / AMAL, "city: atlantis", "city: brandon")
    page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Amal Haddad'",
                           timeout=30_000)
