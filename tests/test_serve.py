"""`photovoice serve` for real: a server process, Chromium, and edits to the content."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from PIL import Image

from photovoice.build import BuildOptions, build
from helpers import edit, free_port, images_of

pytestmark = pytest.mark.browser

AMAL = "participants/amal-haddad/participant.yaml"


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
def photos_cached(content_dir):
    """The exhibition built once into the cache beside it: the preview then has every
    photo at once, and no page reloads as photos land (what a test of reloads needs)."""
    build(content_dir, content_dir.parent / "built-once", BuildOptions(jobs=1))


@pytest.fixture
def running_server(content_dir):
    port = free_port()
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
    """A page whose reload channel is up, so it hears about the next rebuild."""
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


# -- what another web page on the curator's machine can do to the preview: nothing -------

ATTACK = """<!doctype html><title>attack</title><script>
window.results = {};
const target = "127.0.0.1:%(port)d";
const socket = new WebSocket("ws://" + target + "/_photovoice/reload");
socket.onopen = () => { window.results.socket = "open"; };
socket.onmessage = (event) => { window.results.message = event.data; };
socket.onclose = () => { window.results.socket = window.results.socket || "refused"; };
fetch("http://" + target + "/forcereload", {mode: "no-cors"}).catch(() => {});
fetch("http://" + target + "/forcereload?path=/", {mode: "no-cors"}).catch(() => {});
</script>"""


def _chromium_resolving_attackers(browser):
    """Another Chromium (beside the session's) where two names resolve to this machine,
    as a DNS-rebinding attacker's would."""
    from browser_support import CHROMIUM_ARGS, chromium_path
    rules = "--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP attacker.test 127.0.0.1"
    return browser.browser_type.launch(executable_path=chromium_path(),
                                       args=CHROMIUM_ARGS + [rules])


def test_the_preview_answers_only_to_its_own_name(running_server):
    base, _ = running_server
    port = int(base.rsplit(":", 1)[1].strip("/"))
    for host, expected in [(f"127.0.0.1:{port}", 200), (f"localhost:{port}", 200),
                           (f"rebind.test:{port}", 421), ("127.0.0.1", 421)]:
        request = urllib.request.Request(base + "en/index.html", headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == expected, host


def test_a_page_from_another_origin_can_do_nothing_to_the_preview(photos_cached, running_server,
                                                                    tmp_path, browser):
    import http.server
    import threading

    base, content_dir = running_server
    port = int(base.rsplit(":", 1)[1].strip("/"))
    (tmp_path / "attack.html").write_text(ATTACK % {"port": port})
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))
    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    chromium = _chromium_resolving_attackers(browser)
    try:
        curator = chromium.new_context().new_page()
        frames = []
        curator.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: frames.append(payload)))
        with curator.expect_websocket():
            curator.goto(base + "en/index.html")
        # The socket's first frame may come before a wait for it could start: the
        # handler above has counted every frame since the socket opened.
        for _ in range(300):
            if frames:
                break
            curator.wait_for_timeout(100)
        assert frames, "the preview's reload socket said nothing"
        curator.evaluate("window.notReloaded = true")

        # A DNS-rebinding page: the preview's address under the attacker's name.
        rebound = chromium.new_context().new_page()
        response = rebound.goto(f"http://rebind.test:{port}/en/index.html")
        assert response.status == 421
        assert "Amal" not in rebound.content()

        # A page of another origin: the reload socket and a reload by GET.
        page = chromium.new_context().new_page()
        page.goto(f"http://attacker.test:{attacker.server_port}/attack.html")
        page.wait_for_function("() => window.results.socket !== undefined",
                               timeout=30_000)
        assert page.evaluate("window.results") == {"socket": "refused"}
        page.wait_for_timeout(1000)  # time for a reload, had one been asked
        assert curator.evaluate("window.notReloaded") is True

        # The curator's own page hears of a rebuild, and of nothing else: no path.
        edit(content_dir / AMAL, "Every Saturday I buy", "Each Sunday I buy")
        curator.wait_for_function("() => window.notReloaded === undefined",
                                  timeout=30_000)
        assert frames and set(frames) <= {"hello", "reload"}, frames
    finally:
        chromium.close()
        attacker.shutdown()
        attacker.server_close()


# -- the first preview of an exhibition: pages at once, photos as they come -------------


def test_on_an_empty_cache_the_home_page_comes_with_images_that_answer(running_server):
    base, content_dir = running_server  # started on an empty cache
    with urllib.request.urlopen(base + "en/", timeout=30) as response:
        html = response.read().decode("utf-8")
    images = images_of(html)
    assert images and html.rstrip().endswith("</html>")
    for src, width, height in images:
        for path in (src, re.sub(r"\.jpg$", ".webp", src)):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                kind, data = response.headers["Content-Type"], response.read()
            image = Image.open(io.BytesIO(data))  # the placeholder or the photo
            assert image.size == (width, height), path
            assert kind == {"JPEG": "image/jpeg", "WEBP": "image/webp"}[image.format], path


def test_on_an_empty_cache_no_image_is_ever_broken(running_server, new_context):
    base, _ = running_server
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    answers, failures = [], []
    page.on("response", lambda response: answers.append(response)
            if response.request.resource_type == "image" else None)
    # A reload aborts the requests of the page it leaves: not a broken image.
    page.on("requestfailed", lambda request: None if request.failure == "net::ERR_ABORTED"
            else failures.append((request.url, request.failure)))
    page.goto(base + "en/")
    for _ in range(3):  # the lazy images too; photos landing reload the page meanwhile
        try:
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("load")
            broken = page.evaluate("""() => Array.from(document.images)
                .filter(image => image.complete && image.naturalWidth === 0)
                .map(image => image.currentSrc)""")
        except Exception as error:  # a reload began while asking: ask again
            if "destroyed" not in str(error) and "navigat" not in str(error):
                raise
            continue
        assert broken == []
    assert answers and not failures
    assert all(answer.status == 200 and answer.headers["content-type"].startswith("image/")
               for answer in answers), [(a.url, a.status) for a in answers]
