"""Pages keyed by what they are made from (pagekeys.PageInputs): after one participant's
file changed, the pages made from the others' content are kept without hashing a view.

That holds only if a participant's page and their photos' pages hold the views of that
participant and of the two beside them in the exhibition's order, nothing else: the
first test holds the planner to it; the property test (test_incremental_property.py)
compares incremental builds with clean ones after random edits.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Mapping

from photovoice import pagekeys
from photovoice.build import BuildOptions, build
from photovoice.pages import plan_pages
from photovoice.render import SiteTheme
from photovoice.views import CityView, ParticipantView, PhotoView, Picture, Rendition, ThemeView

from helpers import SAMPLE, edit, load_exhibition, tree_bytes


def _views_held(value, found: set[str]) -> None:
    """The participants whose views `value` holds, by slug, into `found`."""
    if isinstance(value, (CityView, ThemeView)):
        found.add("*")  # a view gathering many participants
    if isinstance(value, PhotoView):
        found.add(value.ref.partition("/")[0])
    elif isinstance(value, ParticipantView):
        found.add(value.slug)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _views_held(getattr(value, field.name), found)
    elif isinstance(value, Mapping):
        for item in value.values():
            _views_held(item, found)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _views_held(item, found)


def _pages_of(content: Path):
    exhibition = load_exhibition(content).exhibition
    picture = Picture(webp=(), jpeg=(Rendition("media/x.jpg", 480, 360, "jpeg"),))
    pictures = {(participant.slug, photo.slug): picture
                for participant in exhibition.participants for photo in participant.photos}
    theme = SiteTheme.find(None, content.parent)
    catalogs = {lang: theme.strings(lang) for lang in exhibition.languages}
    return plan_pages(exhibition, pictures, catalogs)


def _with_more_participants(content: Path) -> Path:
    """The fixture with p02's folder copied twice more: four published participants."""
    for copy in ("p03", "p04"):
        shutil.copytree(content / "participants" / "p02", content / "participants" / copy)
    return content


def test_a_participants_pages_hold_only_their_own_and_their_neighbours_views(content_dir):
    for content in (SAMPLE, _with_more_participants(content_dir)):
        pages = [page for page in _pages_of(content) if page.key[0] in ("participant", "photo")]
        assert pages
        for page in pages:
            participant = page.context["participant"]
            first, last = participant.photos[0], participant.photos[-1]
            beside = {photo.ref.partition("/")[0] for photo in (first.previous, last.next)
                      if photo is not None}
            held: set[str] = set()
            _views_held(dict(page.context), held)
            assert held <= {participant.slug} | beside, page.path


def test_a_caption_edit_hashes_the_views_of_the_pages_made_from_that_participant(
        content_dir, tmp_path, monkeypatch, no_racy_window):
    content = _with_more_participants(content_dir)
    out, options = tmp_path / "site", BuildOptions(jobs=1, cache_dir=tmp_path / "cache")
    build(content, out, options)
    hashed: set[str] = set()
    key = pagekeys.PageKeys.key
    monkeypatch.setattr(pagekeys.PageKeys, "key", lambda self, page, reads=None: (
        hashed.add(page.path), key(self, page, reads))[1])
    edit(content / "participants" / "amal-haddad" / "participant.yaml",
         "My first winter.", "My first winter here.")

    report = build(content, out, options)

    participants_pages = {path.split("/")[2] for path in hashed
                          if path.count("/") > 2 and "/participants/" in path}
    # amal-haddad's own, p02's (its first photo follows hers), never p03's nor p04's
    assert participants_pages == {"amal-haddad", "p02"}
    assert "en/index.html" in hashed  # the pages that gather every participant
    assert report.pages_rendered < report.pages
    clean = tmp_path / "clean"
    build(content, clean, BuildOptions(jobs=1, cache_dir=tmp_path / "clean-cache"))
    assert tree_bytes(out) == tree_bytes(clean)


def test_a_caption_edit_hashes_no_view_of_the_participants_whose_content_is_unchanged(
        content_dir, tmp_path, monkeypatch, no_racy_window):
    """The pages gathering everyone take the other participants' views' digests from the
    last build (what each participant's views are made from is unchanged)."""
    content = _with_more_participants(content_dir)
    out, options = tmp_path / "site", BuildOptions(jobs=1, cache_dir=tmp_path / "cache")
    build(content, out, options)
    hashed: set[str] = set()
    pickle = pagekeys.PageKeys._pickle

    def noting(self, value, reads, top=None):
        # A photo beside a participant's holds it as its previous or next (a view without
        # neighbours of its own): hashed with that photo, so not counted.
        if isinstance(top, PhotoView) and (top.previous or top.next):
            hashed.add(top.ref.partition("/")[0])
        elif isinstance(top, ParticipantView):
            hashed.add(top.slug)
        return pickle(self, value, reads, top)

    monkeypatch.setattr(pagekeys.PageKeys, "_pickle", noting)
    edit(content / "participants" / "p03" / "participant.yaml",
         "We start at five in the morning.", "We start at five.")

    report = build(content, out, options)

    # p03's views, and those of p02 and p04 beside it (their first or last photo's
    # neighbour is p03's); never amal-haddad's
    assert {"p02", "p03", "p04"} >= hashed >= {"p03"}
    assert report.pages_rendered < report.pages
    clean = tmp_path / "clean"
    build(content, clean, BuildOptions(jobs=1, cache_dir=tmp_path / "clean-cache"))
    assert tree_bytes(out) == tree_bytes(clean)
