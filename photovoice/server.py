"""The preview server: livereload over the built site, given a rebuild callable.

Every save under the watched folders runs `rebuild`; open pages reload. When a
rebuild fails, every page shows an overlay listing the problems (file and line),
and the server keeps running until the next good save.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import web

from .build import build
from .diagnostics import ContentError
from .render import SiteTheme, render_preview_error, themes_root
from .settings import BuildOptions, cache_folder

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


def rebuild_into_state(rebuild: Callable[[], object], state: PreviewState) -> bool:
    """Run one rebuild; remember its problems for the overlay. True when it succeeded."""
    try:
        rebuild()
    except ContentError as error:
        # The overlay lists what stops the build; warnings stay in the terminal.
        state.set_problems([str(d) for d in error.errors])
        for diagnostic in error.diagnostics:
            log.error("%s", diagnostic)
        return False
    state.set_problems([])
    return True


def _static_handler(state: PreviewState, overlay: Callable[[list[str]], str]):
    class PreviewHandler(web.StaticFileHandler):
        """Serves the site, or the error overlay in place of any page while broken."""

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")

        async def get(self, path: str, include_body: bool = True) -> None:
            problems = state.current_problems()
            if problems and (not path or path.endswith(("/", ".html"))):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(overlay(problems))
                return
            await super().get(path, include_body)

    return PreviewHandler


def serve(rebuild: Callable[[], object], site_dir: Path, watch: Sequence[Path],
          overlay: Callable[[list[str]], str], port: int = 8000, open_browser: bool = False,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Build once, then serve `site_dir` on 127.0.0.1 and rebuild on every change."""
    # Every save reloads: livereload's default ignores saves within 3 s of the last reload.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    state = PreviewState()
    rebuild_into_state(rebuild, state)
    handler = _static_handler(state, overlay)

    class PreviewServer(Server):
        def get_web_handlers(self, script):
            return [(r"/(.*)", handler, {"path": str(site_dir),
                                         "default_filename": "index.html"})]

    server = PreviewServer()

    def on_change() -> None:
        rebuild_into_state(rebuild, state)
        # Report a page, not the saved file: for an image livereload.js would only
        # refresh <img> elements, and the captions around them would stay stale.
        server.watcher.filepath = str(site_dir / "index.html")

    for path in watch:
        server.watch(str(path), on_change, ignore=_ignored)
    url = f"http://127.0.0.1:{port}/"
    if on_ready:
        on_ready(url)
    server.serve(port=port, host="127.0.0.1", root=str(site_dir),
                 open_url_delay=0.5 if open_browser else None, restart_delay=0)


def _ignored(filename: str) -> bool:
    name = Path(filename).name
    return name.startswith(".") or name.endswith(("~", ".swp", ".tmp"))


def preview_site(content_dir: Path, options: BuildOptions, port: int = 8000, open_browser: bool = False,
                 on_ready: Callable[[str], None] | None = None) -> None:
    """`photovoice serve`: build into the cache's preview folder and serve it live."""
    content_dir = Path(content_dir).resolve()
    project = content_dir.parent
    cache_dir = cache_folder(content_dir, options.cache_dir)
    site_dir = cache_dir / "preview"

    def rebuild():
        return build(content_dir, site_dir, options)

    def overlay(problems: list[str]) -> str:
        stylesheets = sorted((site_dir / "static").glob("style.*.css"))
        href = f"/static/{stylesheets[0].name}" if stylesheets else ""
        return render_preview_error(SiteTheme.find(None, project), problems, href)

    watch = [content_dir] + [folder for folder in (project / "themes", themes_root())
                             if folder.is_dir() and _writable(folder)]
    serve(rebuild, site_dir, watch, overlay, port=port, open_browser=open_browser,
          on_ready=on_ready)


def _writable(folder: Path) -> bool:
    """Themes inside an installed package never change; a checkout's do."""
    return os.access(folder, os.W_OK) and "site-packages" not in folder.parts
