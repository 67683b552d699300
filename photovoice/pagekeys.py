"""A key per page: a hash of everything its template sees, so an unchanged page is reused.

A key covers the page's whole context, not only what the default theme shows, so a
theme may show anything it is given and a reused page is still right.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from .views import CityView, ParticipantView, PhotoView, ThemeView

if TYPE_CHECKING:
    from .pages import Page
    from .render import SiteTheme

# Views that many pages hold, often nested in one another (a photo is in its own page,
# its participant's, its city's, its themes' and the slideshow): each is pickled once and
# stands in every other pickle by its digest.
_SHARED_VIEWS = (PhotoView, ParticipantView, CityView, ThemeView)
_UNHASHABLE = (pickle.PicklingError, TypeError, AttributeError)


def render_salt(code: str, theme: SiteTheme, assets: Mapping[str, str],
                catalogs: Mapping[str, Mapping]) -> bytes:
    """What every page's output depends on besides its own context (`code`: photovoice's)."""
    digest = hashlib.sha256(code.encode())
    digest.update(pickle.dumps((sorted(assets.items()), catalogs), protocol=5))
    for theme_dir in theme.theme_dirs:
        templates = Path(theme_dir) / "templates"
        for path in sorted(templates.rglob("*")) if templates.is_dir() else ():
            if path.is_file():
                digest.update(f"\0{path.relative_to(theme_dir)}\0".encode())
                digest.update(path.read_bytes())
    return digest.digest()


def _hashed(digest: bytes) -> None:
    """What a shared view is pickled as inside another pickle (never unpickled)."""


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, keys: PageKeys, top: object = None):
        super().__init__(file, protocol=5)
        self._keys = keys
        self._top = top  # the view being hashed itself, pickled in full

    def reducer_override(self, obj):
        if type(obj) in _SHARED_VIEWS and obj is not self._top:
            return _hashed, (self._keys.digest(obj),)
        return NotImplemented


class PageKeys:
    """A hash of everything each page's template sees; None if it cannot be hashed.

    A value found in several pages' contexts (the strings, the navigation, the lists of
    cities and participants) and every shared view is pickled once; each page's own
    pickle holds their digests.
    """

    def __init__(self, salt: bytes, pages: list[Page]):
        self._salt = salt
        seen: dict[int, int] = {}
        for page in pages:
            for value in page.context.values():
                seen[id(value)] = seen.get(id(value), 0) + 1
        self._shared = {key for key, count in seen.items() if count > 1}
        self._digests: dict[int, bytes] = {}

    def key(self, page: Page) -> str | None:
        try:
            parts = [(name, self.digest(value) if id(value) in self._shared else value)
                     for name, value in sorted(page.context.items())]
            data = self._pickle((page.path, page.template, page.lang, parts))
        except _UNHASHABLE:
            return None
        return hashlib.sha256(self._salt + data).hexdigest()

    def digest(self, value: object) -> bytes:
        known = self._digests.get(id(value))
        if known is None:
            known = hashlib.sha256(self._pickle(value, top=value)).digest()
            # Keyed by id: every value hashed stays alive in the pages until the build ends.
            self._digests[id(value)] = known
        return known

    def _pickle(self, value: object, top: object = None) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, self, top).dump(value)
        return buffer.getvalue()
