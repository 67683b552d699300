"""The preview server: the built site on 127.0.0.1, rebuilt and reloaded on every save.

Every save under the watched folders runs `rebuild`; open pages reload through a small
WebSocket channel of our own. When a rebuild fails, every page shows an overlay listing
the problems (file and line), and the server keeps running until the next good save.

Not livereload: it answers any Host (a DNS-rebinding page gets the whole preview),
accepts its WebSocket from any origin, sends the curator's absolute paths on it, and
reloads every tab on a GET /forcereload from any page; it is barely maintained. Tornado,
which it ran on, is, and the channel takes a few lines.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import os
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

from tornado import ioloop, web, websocket

from .diagnostics import ContentError, Diagnostic, English, Language
from .preview import PreviewEvents, PreviewSession
from .render import SiteTheme, render_preview_error, themes_root
from .settings import BuildOptions, ProgressCallback, cache_folder

log = logging.getLogger(__name__)


@dataclass
class PreviewState:
    """What the server shows: the site, or the problems of the last rebuild."""

    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set_problems(self, problems: list[str]) -> None:
        with self.lock:
            self.problems = list(problems)

    def current_problems(self) -> list[str]:
        with self.lock:
            return list(self.problems)

    def add_problem(self, problem: str) -> None:
        """One found after the preview was put in place (a photo that cannot be derived)."""
        with self.lock:
            self.problems.append(problem)


def rebuild_into_state(rebuild: Callable[[], object], state: PreviewState,
                       language: Language = English()) -> bool:
    """Run one rebuild; remember its problems for the overlay, in the curator's
    language. True when it succeeded."""
    try:
        rebuild()
    except ContentError as error:
        # The overlay lists what stops the build; warnings stay in the terminal.
        state.set_problems([language.diagnostic(d) for d in error.errors])
        for diagnostic in error.diagnostics:
            log.error("%s", diagnostic)
        return False
    except OSError as error:  # a full disk, a folder that may not be written...
        problem = f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
        state.set_problems([problem])
        log.error("%s", problem)
        return False
    state.set_problems([])
    return True


RELOAD_SOCKET = "/_photovoice/reload"
# How long a request waits for a page the preview is still rendering (it is rendered
# next): long enough for the slowest page on a busy machine.
PAGE_PATIENCE = 30.0
RELOAD_SCRIPT = "/_photovoice/reload.js"
_SCRIPT_TAG = f'<script src="{RELOAD_SCRIPT}"></script>'.encode()


@dataclass(frozen=True)
class Origin:
    """The only names the preview answers to: its own, on the loopback address.

    A web page from anywhere can make the curator's browser send requests to
    127.0.0.1; a DNS-rebinding page does so under its own name (Host: evil.example),
    and any page can open a WebSocket with its own Origin. Both are refused.
    """

    port: int

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    @property
    def origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.hosts)


class _OwnHostOnly:
    """Refuses any request whose Host is not the preview's own (mixed into handlers)."""

    def prepare(self) -> None:
        if self.request.host not in self.settings["preview_origin"].hosts:
            raise web.HTTPError(421)  # Misdirected Request: not this server's name


class ReloadChannel:
    """The open pages' sockets; `reload()` tells each to load itself again.

    Only touched from the server's event loop (the watcher thread hands it over).
    """

    def __init__(self) -> None:
        self.sockets: set[websocket.WebSocketHandler] = set()

    def reload(self) -> None:
        for socket in list(self.sockets):
            try:
                socket.write_message("reload")
            except websocket.WebSocketClosedError:
                self.sockets.discard(socket)


class _ReloadSocket(_OwnHostOnly, websocket.WebSocketHandler):
    def initialize(self, channel: ReloadChannel) -> None:
        self.channel = channel

    def check_origin(self, origin: str) -> bool:
        return origin in self.settings["preview_origin"].origins

    def open(self) -> None:
        self.channel.sockets.add(self)
        self.write_message("hello")

    def on_message(self, message) -> None:
        pass  # pages have nothing to say

    def on_close(self) -> None:
        self.channel.sockets.discard(self)


class _ReloadScript(_OwnHostOnly, web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(resources.files("photovoice").joinpath("data/preview-reload.js")
                    .read_bytes())


def with_reload_script(html: bytes) -> bytes:
    """The page with the reload script before </body> (or at its end)."""
    at = html.rfind(b"</body>")
    return html + _SCRIPT_TAG if at < 0 else html[:at] + _SCRIPT_TAG + html[at:]


class _PreviewPages(_OwnHostOnly, web.StaticFileHandler):
    """Serves the site with the reload script in each page, or the error overlay in place
    of any page while the last rebuild failed. A page still being rendered is waited
    for; a photo still being derived is answered with a grey image of its size."""

    def initialize(self, path: str, default_filename: str, state: PreviewState,
                   overlay: Callable[[list[str]], str], session: PreviewSession) -> None:
        super().initialize(path, default_filename)
        self.state, self.overlay, self.session = state, overlay, session

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    async def get(self, path: str, include_body: bool = True) -> None:
        if path and not path.endswith(("/", ".html")):
            if not os.path.exists(os.path.join(self.root, path)):
                placeholder = self.session.placeholder(path)
                if placeholder is not None:
                    self.set_header("Content-Type", mimetypes.guess_type(path)[0] or "")
                    self.set_header("Cache-Control", "no-store")
                    self.not_the_file = True
                    self.finish(placeholder if include_body else b"")
                    return
            await super().get(path, include_body)
            return
        page = path + "index.html" if path == "" or path.endswith("/") else path
        waited = 0.0
        while self.session.page_pending(page) and waited < PAGE_PATIENCE:
            await asyncio.sleep(0.02)
            waited += 0.02
        problems = self.state.current_problems()
        if problems:
            self.set_status(500)
            self._finish_page(self.overlay(problems).encode("utf-8"))
            return
        self.path = self.parse_url_path(path)  # as StaticFileHandler.get: its checks use it
        absolute = self.get_absolute_path(self.root, self.path)
        page = self.validate_absolute_path(self.root, absolute)  # 403, 404 or a redirect
        if page is None:
            return
        with open(page, "rb") as file:
            self._finish_page(file.read())

    def compute_etag(self) -> str | None:
        # A page is sent with the script added (or the overlay in its place), a photo
        # still to come as a placeholder: not the file StaticFileHandler's tag describes.
        # Both are no-store anyway.
        return None if self.not_the_file else super().compute_etag()

    not_the_file = False

    def _finish_page(self, html: bytes) -> None:
        self.not_the_file = True
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(with_reload_script(html))


def preview_application(site_dir: Path, state: PreviewState, channel: ReloadChannel,
                        overlay: Callable[[list[str]], str], port: int,
                        session: PreviewSession) -> web.Application:
    return web.Application([
        (RELOAD_SOCKET, _ReloadSocket, {"channel": channel}),
        (RELOAD_SCRIPT, _ReloadScript),
        (r"/(.*)", _PreviewPages, {"path": str(site_dir), "default_filename": "index.html",
                                   "state": state, "overlay": overlay, "session": session}),
    ], preview_origin=Origin(port))


def serve(session: PreviewSession, watch: Sequence[Path], overlay: Callable[[list[str]], str],
          port: int = 8000, open_browser: bool = False,
          on_ready: Callable[[str], None] | None = None,
          language: Language = English()) -> None:
    """Put the preview in place, then serve it on 127.0.0.1 and rebuild on every change.

    One thread watches the folders and rebuilds, one change after the other: a save
    during a rebuild is seen when it ends, and builds never overlap. Open pages reload
    after each rebuild, and as the photos they were shown a placeholder for are ready.
    """
    state, channel = PreviewState(), ReloadChannel()
    loop = ioloop.IOLoop.current()
    reload_soon = _Coalesced(loop, channel.reload)

    def photo_ready(key: tuple[str, str]) -> None:  # from the preview's threads
        if key in session.shown_placeholders:
            loop.add_callback(reload_soon)

    def problem(diagnostic: Diagnostic) -> None:  # from the preview's threads
        state.add_problem(language.diagnostic(diagnostic))
        log.error("%s", diagnostic)
        loop.add_callback(reload_soon)

    session.events.photo_ready, session.events.problem = photo_ready, problem
    session.events.warning = lambda diagnostic: log.warning("%s", diagnostic)

    def rebuild() -> None:
        if rebuild_into_state(session.rebuild, state, language):
            session.start()

    rebuild()
    app = preview_application(session.site_dir, state, channel, overlay, port, session)
    app.listen(port, address="127.0.0.1")

    def on_change() -> None:
        rebuild()
        loop.add_callback(channel.reload)

    watcher = threading.Thread(target=_watch, args=(watch, on_change), daemon=True,
                               name="photovoice-watch")
    watcher.start()
    url = f"http://127.0.0.1:{port}/"
    if on_ready:
        on_ready(url)
    if open_browser:
        loop.call_later(0.5, webbrowser.open, url)
    loop.start()


class _Coalesced:
    """Calls `action` on the loop once, a moment after the first of a run of calls: the
    photos of a page land one after the other, and the page reloads once for several."""

    def __init__(self, loop: ioloop.IOLoop, action: Callable[[], None],
                 delay: float = 1.0) -> None:
        self.loop, self.action, self.delay = loop, action, delay
        self.waiting = False

    def __call__(self) -> None:  # on the loop
        if not self.waiting:
            self.waiting = True
            self.loop.call_later(self.delay, self._act)

    def _act(self) -> None:
        self.waiting = False
        self.action()


def _watch(folders: Sequence[Path], on_change: Callable[[], None],
           interval: float = 0.3) -> None:
    """Call on_change after each change under `folders`, never while it still runs."""
    seen = _snapshot(folders)
    while True:
        time.sleep(interval)
        now = _snapshot(folders)
        if now != seen:
            seen = now
            on_change()


def _snapshot(folders: Sequence[Path]) -> dict[str, tuple[int, int, int]]:
    """Every watched file by (inode, size, mtime); links to folders are not entered."""
    files = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
            for name in names:
                if _ignored(name):
                    continue
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                files[path] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return files


def _ignored(filename: str) -> bool:
    name = Path(filename).name
    return name.startswith(".") or name.endswith(("~", ".swp", ".tmp"))


def preview_site(content_dir: Path, options: BuildOptions, port: int = 8000,
                 open_browser: bool = False,
                 on_ready: Callable[[str], None] | None = None,
                 progress: ProgressCallback | None = None,
                 language: Language = English()) -> None:
    """`photovoice serve`: the preview in the cache's preview folder, served live; the
    photos it lacks are derived in the background (`progress`: photos done, to do).
    The page shown while the content is broken speaks the curator's `language`."""
    content_dir = Path(content_dir).resolve()
    project = content_dir.parent
    cache_dir = cache_folder(content_dir, options.cache_dir)
    site_dir = cache_dir / "preview"
    events = PreviewEvents(progress=progress or PreviewEvents().progress)
    session = PreviewSession(content_dir, site_dir, options, events)

    def overlay(problems: list[str]) -> str:
        stylesheets = sorted((site_dir / "static").glob("style.*.css"))
        href = f"/static/{stylesheets[0].name}" if stylesheets else ""
        return render_preview_error(SiteTheme.find(None, project), problems, href, language)

    watch = [content_dir] + [folder for folder in (project / "themes", themes_root())
                             if folder.is_dir() and _writable(folder)]
    serve(session, watch, overlay, port=port, open_browser=open_browser, on_ready=on_ready,
          language=language)


def _writable(folder: Path) -> bool:
    """Themes inside an installed package never change; a checkout's do."""
    return os.access(folder, os.W_OK) and "site-packages" not in folder.parts
