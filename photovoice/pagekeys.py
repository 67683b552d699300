"""Keys for each page, so that a page whose inputs did not change is reused, not rendered.

Two keys:

- what the page is made from (`PageInputs`): the site-wide inputs (photovoice, the
  theme, exhibition.yaml, the settings) and the participants whose content it shows:
  all of them for the pages that gather them (home, cities, themes, the slideshow...),
  its own participant and the two whose photos come before and after theirs for a
  participant's page and their photos' pages. Made without hashing any page's views, so
  that after one participant's file changed, the pages of the others cost nothing.
- what the page read (`PageKeys`), for the pages whose inputs changed: its context, in
  which each shared view (a photo's view sits in its own page, its participant's, its
  city's, its themes', the slideshow...) counts only by the fields the page's templates
  read when it was last rendered (render.py notes them). A page that lists a photo by
  its title is then not rendered again when the photo's caption changes, whatever the
  theme shows: if every field the last rendering read is unchanged, so is the page.
  A participant's views are made from what their own page is made from: their digests
  are remembered by that (`PageInputs.views`), so the pages that gather everyone hash
  only the views of the participants whose content changed.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Collection, Iterable, Mapping

from .model import Exhibition
from .views import SHARED_VIEWS, Picture

if TYPE_CHECKING:
    from .pages import Page, PhotoKey
# Held whole by many views and pickled again under each page's set of reads: a photo's
# picture (its eight renditions) was a third of every key's pickling. Digested once.
_DIGESTED_ONCE = frozenset({Picture})
_UNHASHABLE = (pickle.PicklingError, TypeError, AttributeError)
_ABSENT = "\0absent"  # a field a template asked for and the view does not have


def render_salt(code: str, theme_dirs: Iterable[Path], assets: Mapping[str, str],
                catalogs: Mapping[str, Mapping]) -> bytes:
    """What every page's output depends on besides its own context (`code`: photovoice's)."""
    digest = hashlib.sha256(code.encode())
    digest.update(pickle.dumps((sorted(assets.items()), catalogs), protocol=5))
    for theme_dir in theme_dirs:
        templates = Path(theme_dir) / "templates"
        for path in sorted(templates.rglob("*")) if templates.is_dir() else ():
            if path.is_file():
                digest.update(f"\0{path.relative_to(theme_dir)}\0".encode())
                digest.update(path.read_bytes())
    return digest.digest()


def _hashed(digest: bytes) -> None:
    """What a shared view is pickled as inside another pickle (never unpickled)."""


def _fields(view: str, fields: tuple) -> None:
    """What a shared view is pickled as when it is hashed itself (never unpickled)."""


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, keys: PageKeys, reads: frozenset[str] | None,
                 top: object = None):
        super().__init__(file, protocol=5)
        self._keys, self._reads, self._top = keys, reads, top

    def reducer_override(self, obj):
        kind = type(obj)
        if kind in _DIGESTED_ONCE and obj is not self._top:
            return _hashed, (self._keys.digest(obj, None),)
        if kind not in SHARED_VIEWS:
            return NotImplemented
        if obj is not self._top:
            return _hashed, (self._keys.digest(obj, self._reads),)
        if self._reads is None:
            return NotImplemented  # every field, pickled as usual
        names = self._keys.field_names(type(obj), self._reads)
        return _fields, (type(obj).__name__,
                         tuple((name, getattr(obj, name, _ABSENT)) for name in names))


class PageKeys:
    """Page keys for one build; None for a page whose context cannot be hashed.

    `reads` (the fields a page's last rendering read, as "PhotoView.caption") limits
    what counts of each shared view. Each value of a page's context, and each shared
    view, is pickled once whatever the pages holding it (the strings, the navigation,
    the lists of cities are held by many): the pages' pickles hold digests.
    """

    def __init__(self, salt: bytes, views: Mapping[int, tuple[str, int]] | None = None,
                 remembered: Mapping[str, dict] | None = None):
        self._salt = salt
        self._digests: dict[tuple[int, int], bytes] = {}
        self._names: dict[tuple[type, int], tuple[str, ...]] = {}
        self._reads: dict[frozenset[str], frozenset[str]] = {}  # one object per set of reads
        self._tokens: dict[int, str] = {}  # id of a set of reads -> its stable name
        # A participant's views, by id: what they are made from (PageInputs.views) and
        # their place; their digests as the last builds made them, and as this one does.
        self._views = views or {}
        self._remembered = remembered or {}
        self._made: dict[str, dict[str, list]] = {}

    def key(self, page: Page, reads: Collection[str]) -> str | None:
        reads = self._reads.setdefault(frozenset(reads), frozenset(reads))
        try:
            parts = [(name, self.digest(value, reads))
                     for name, value in sorted(page.context.items())]
            data = self._pickle((page.path, page.template, page.lang, parts), reads)
        except _UNHASHABLE:
            return None
        return hashlib.sha256(self._salt + data).hexdigest()

    def digest(self, value: object, reads: frozenset[str] | None) -> bytes:
        # Keyed by id: every value hashed stays alive in the pages until the build ends.
        known = self._digests.get((id(value), id(reads)))
        if known is None:
            place = self._views.get(id(value)) if reads is not None else None
            if place is not None:
                known = self._view_digest(value, reads, place)
            else:
                known = hashlib.sha256(self._pickle(value, reads, top=value)).digest()
            self._digests[(id(value), id(reads))] = known
        return known

    def _view_digest(self, view: object, reads: frozenset[str], place: tuple[str, int]
                     ) -> bytes:
        """A participant's view by the fields read, as remembered for what it is made from."""
        made, slot = place
        token = self._tokens.get(id(reads))
        if token is None:
            token = hashlib.sha256("\0".join(sorted(reads)).encode()).hexdigest()[:16]
            self._tokens[id(reads)] = token
        table = self._made.get(made)
        if table is None:
            table = self._made[made] = {
                name: list(slots) for name, slots in self._remembered.get(made, {}).items()}
        slots = table.setdefault(token, [])
        if slot < len(slots) and slots[slot] is not None:
            return slots[slot]
        known = hashlib.sha256(self._pickle(view, reads, top=view)).digest()
        slots.extend([None] * (slot + 1 - len(slots)))
        slots[slot] = known
        return known

    def remembered(self) -> dict[str, dict]:
        """The participants' views' digests to remember, for the views this build made:
        the next build's are made from the same inputs where a participant's did not change."""
        made_now = {made for made, _ in self._views.values()}
        return {made: self._made.get(made) or self._remembered[made] for made in made_now
                if made in self._made or made in self._remembered}

    def field_names(self, view: type, reads: frozenset[str]) -> tuple[str, ...]:
        names = self._names.get((view, id(reads)))
        if names is None:
            prefix = f"{view.__name__}."
            names = tuple(sorted(read[len(prefix):] for read in reads if read.startswith(prefix)))
            self._names[(view, id(reads))] = names
        return names

    def _pickle(self, value: object, reads: frozenset[str] | None, top: object = None
                ) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, self, reads, top).dump(value)
        return buffer.getvalue()


# The pages made from one participant's content (and their neighbours'); every other page
# gathers them all.
_ONE_PARTICIPANT = frozenset({"participant", "photo"})


class PageInputs:
    """A key for each page from what it is made of, without making it.

    The pages are planned from the exhibition, the photos' files (`pictures`), the
    narrations (`voices`) and the settings; they are rendered with what `salt` covers.
    A participant's page and their photos' pages hold the views of that participant and,
    as the photos before and after theirs, of the participants beside them in the
    exhibition's order, and their photos' places in it (tests/test_page_inputs.py holds
    the planner to that); every other page counts every participant.
    """

    def __init__(self, salt: bytes, exhibition: Exhibition,
                 pictures: Mapping[PhotoKey, Picture], voices: Mapping[PhotoKey, str],
                 catalogue: bool):
        site = replace(exhibition, participants=())
        self._site = hashlib.sha256(salt + _model_bytes((site, catalogue))).digest()
        files: dict[str, list] = {}
        for key, picture in pictures.items():
            files.setdefault(key[0], []).append((key, picture, voices.get(key)))
        self._participants = {
            participant.slug: hashlib.sha256(
                _model_bytes((participant, files.get(participant.slug, ())))).digest()
            for participant in exhibition.participants}
        self._everyone = hashlib.sha256(b"".join(self._participants.values())).digest()

    def key(self, page: Page) -> str:
        view = page.context.get("participant") if page.key[0] in _ONE_PARTICIPANT else None
        if view is None or not view.photos:
            made_of = [self._everyone]
        else:
            made_of = self._made_of(page, view)
        where = f"\0{page.path}\0{page.template}\0{page.lang}\0".encode()
        return hashlib.sha256(self._site + where + b"".join(made_of)).hexdigest()

    def views(self, pages: Iterable[Page]) -> dict[int, tuple[str, int]]:
        """Each participant's views (theirs and their photos'), by id: what they are made
        from, as for the participant's own page, and their place (0: the participant).

        The pages that gather every participant hold the same views: PageKeys then takes
        their digests from the last build's where that participant did not change.
        """
        places: dict[int, tuple[str, int]] = {}
        for page in pages:
            view = page.context.get("participant") if page.key[0] == "participant" else None
            if view is None or not view.photos:
                continue
            made = hashlib.sha256(self._site + f"\0views\0{page.lang}\0".encode()
                                  + b"".join(self._made_of(page, view))).hexdigest()[:32]
            places[id(view)] = (made, 0)
            for slot, photo in enumerate(view.photos, 1):
                places[id(photo)] = (made, slot)
        return places

    def _made_of(self, page: Page, view) -> list[bytes]:
        """A participant's page is made from theirs and their neighbours' content, and
        their photos' places in the exhibition."""
        first, last = view.photos[0], view.photos[-1]
        return [self._participants[view.slug],
                *(self._participants[photo.ref.partition("/")[0]] if photo else b"-"
                  for photo in (first.previous, last.next)),
                repr((first.position, first.total, page.context.get("slideshow_path"))).encode()]


class _ModelPickler(pickle.Pickler):
    """The model as bytes: its read-only mappings as the dicts they show."""
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[MappingProxyType] = lambda mapping: (dict, (dict(mapping),))


def _model_bytes(value: object) -> bytes:
    buffer = io.BytesIO()
    _ModelPickler(buffer, protocol=5).dump(value)
    return buffer.getvalue()
