"""An incremental build makes, byte for byte, the site a clean build makes.

Hypothesis edits a copy of the sample exhibition at random (captions, titles, a
withdrawn photo, a withdrawn participant, a theme string, a replaced photo, a renamed
city); after each edit the
same output folder is rebuilt with the memory of the builds before it, and a clean
build (a new output folder, no memory) is compared with it, file by file.

The clean build starts with the incremental build's derived image files (not its
index of source hashes, nor any build state): derived files are named by the hash of
their source's bytes and of how they are made, so reusing them is not memory of a
build; deriving 47 photos again after every edit would make the test too slow for CI.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from photovoice.build import BuildOptions, build
from photovoice.cache import INDEX_NAME
from photovoice.diagnostics import ContentError

from helpers import SAMPLE, no_racy_window, tree_bytes

THEMES = Path(__file__).resolve().parents[1] / "themes"
# Small files and one format: the pages are the same; deriving is what takes time.
WIDTHS, FORMATS = (480,), ("jpeg",)

pytestmark = pytest.mark.slow


def _replace_file(path: Path, data: bytes) -> None:
    """A new file in place of the old (a new inode), as editors and copies do."""
    temporary = path.with_name(f".{path.name}.edit")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    _replace_file(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode())


def _participant(content: Path, choice: int) -> Path:
    folders = sorted(p for p in (content / "participants").iterdir() if p.is_dir())
    return folders[choice % len(folders)] / "participant.yaml"


def _photo(data: dict, choice: int) -> dict:
    return data["photos"][choice % len(data["photos"])]


def _retext(value, suffix: str):
    """A translatable text (one text, or one per language) with `suffix` added."""
    if isinstance(value, dict):
        return {lang: f"{text} {suffix}" for lang, text in value.items()}
    return f"{value} {suffix}" if value else suffix


def edit_caption(content: Path, theme: Path, choice: int) -> None:
    def change(data):
        photo = _photo(data, choice)
        photo["caption"] = _retext(photo.get("caption"), f"(edit {choice})")
    _edit_yaml(_participant(content, choice), change)


def edit_title(content: Path, theme: Path, choice: int) -> None:
    def change(data):
        photo = _photo(data, choice // 7)
        photo["title"] = _retext(photo["title"], f"{choice % 97}")
    _edit_yaml(_participant(content, choice), change)


def withdraw_photo(content: Path, theme: Path, choice: int) -> None:
    def change(data):
        _photo(data, choice // 7)["publish"] = False
    _edit_yaml(_participant(content, choice), change)


def withdraw_participant(content: Path, theme: Path, choice: int) -> None:
    """Their pages go; the photos before and after theirs become neighbours, and every
    later photo's place in the exhibition changes."""
    def change(data):
        data["consent"]["publish"] = False
    _edit_yaml(_participant(content, choice), change)


def edit_theme_string(content: Path, theme: Path, choice: int) -> None:
    path = theme / f"strings.{('en', 'fr')[choice % 2]}.yaml"

    def change(data):
        keys = sorted(key for key, value in data.items()
                      if isinstance(value, str) and "{" not in value and key != "og_locale")
        key = keys[choice % len(keys)]
        data[key] = f"{data[key]} {choice % 89}"
    _edit_yaml(path, change)


def replace_photo(content: Path, theme: Path, choice: int) -> None:
    photos = sorted(p for p in (content / "participants").rglob("*")
                    if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    source, target = photos[choice % len(photos)], photos[(choice // 3 + 1) % len(photos)]
    if source != target:
        _replace_file(target, source.read_bytes())


def rename_city(content: Path, theme: Path, choice: int) -> None:
    def change(data):
        slugs = sorted(data["cities"])
        city = data["cities"][slugs[choice % len(slugs)]]
        city["name"] = _retext(city["name"], f"{choice % 83}")
    _edit_yaml(content / "exhibition.yaml", change)


EDITS = [edit_caption, edit_title, withdraw_photo, withdraw_participant, edit_theme_string,
         replace_photo, rename_city]


@pytest.fixture(scope="module")
def derived_images(tmp_path_factory) -> Path:
    """The sample's derived files, made once: every example's first build starts there."""
    cache = tmp_path_factory.mktemp("derived")
    build(SAMPLE, tmp_path_factory.mktemp("first") / "site",
          BuildOptions(cache_dir=cache, widths=WIDTHS, formats=FORMATS))
    return cache / "images"


def _share_derived_files(source: Path, cache: Path) -> None:
    """Link every derived file of `source` into `cache`'s image folder (no index)."""
    for path in source.rglob("*"):
        if path.is_file() and path.name != INDEX_NAME:
            target = cache / "images" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                os.link(path, target)


def _build(content: Path, out: Path, cache: Path, theme: Path):
    """The site's files, or the problems that stopped the build."""
    try:
        build(content, out, BuildOptions(jobs=1, cache_dir=cache, theme=str(theme),
                                         widths=WIDTHS, formats=FORMATS))
    except ContentError as error:
        return [str(d) for d in error.diagnostics]
    return tree_bytes(out)


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000)),
                      min_size=1, max_size=3))
def test_an_incremental_build_equals_a_clean_build(derived_images, monkeypatch, edits):
    no_racy_window(monkeypatch)  # each edit makes a new file: its inode tells it apart
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        content, theme = work / "project" / "content", work / "project" / "themes" / "mine"
        shutil.copytree(SAMPLE, content, copy_function=os.link)
        shutil.copytree(THEMES / "default", theme, copy_function=os.link)
        cache = work / "cache"
        _share_derived_files(derived_images, cache)
        _build(content, work / "site", cache, theme)
        for number, (edit, choice) in enumerate(edits):
            edit(content, theme, choice)
            incremental = _build(content, work / "site", cache, theme)
            clean_cache = work / f"clean-cache-{number}"
            _share_derived_files(cache / "images", clean_cache)
            clean = _build(content, work / f"clean-{number}", clean_cache, theme)
            assert incremental == clean, f"after {edit.__name__}({choice})"
