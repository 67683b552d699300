"""Content written to hurt: links out of the content folder, YAML bombs, huge texts,
names that turn the page's text around, device names, injected URLs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from photovoice import records
from photovoice.cli import main
from photovoice.diagnostics import ContentError
from helpers import edit, load_exhibition


AMAL = "participants/amal-haddad/participant.yaml"


def _errors(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_exhibition(content_dir)
    return [str(d) for d in caught.value.errors]


# -- (2) links out of the content folder ----------------------------------------------

def test_the_content_walk_does_not_enter_linked_folders(content_dir, tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "private-notes.txt").write_text("not the exhibition's")
    folder = content_dir / "participants/amal-haddad"
    os.symlink(outside, folder / "outside-link")
    # A link to its own folder: followed, the walk would go 40 links deep (two such
    # links: 2 to the 40th entries).
    os.symlink(".", folder / "loop-a")
    listing = records.fingerprint([content_dir]).listing
    deep, loop, link = (records.listed_name(name) for name in ("deep", "loop-a", "outside-link"))
    walked = [entry.rsplit("/", 1)[-1] for entry in listing if isinstance(entry, str)]
    links = {f"{entry[0]:08x}": entry[1] for entry in listing
             if isinstance(entry, tuple) and isinstance(entry[1], str)}
    # Plain booleans: pytest's explanation of a failing `in` on a long listing takes minutes.
    entered = [deep in walked, loop in walked, link in walked]
    recorded = [links.get(loop) == ".", links.get(link) == str(outside)]
    assert entered == [False, False, False] and recorded == [True, True]


def test_a_linked_participant_folder_outside_the_content_is_refused(content_dir, tmp_path):
    import shutil
    outside = tmp_path / "elsewhere" / "p05"
    shutil.copytree(content_dir / "participants/p02", outside)
    os.symlink(outside, content_dir / "participants/p05")
    assert _errors(content_dir) == [
        "content/participants/p05: is a link to a folder outside the content folder; move or "
        "copy the participant's folder into content/participants instead"]


def test_a_linked_participant_yaml_outside_the_content_is_refused(content_dir, tmp_path):
    outside = tmp_path / "participant.yaml"
    (content_dir / AMAL).rename(outside)
    os.symlink(outside, content_dir / AMAL)
    assert _errors(content_dir) == [
        f"content/{AMAL}: is a link to a file outside the content folder; copy the file into "
        "this folder instead"]


def test_links_inside_the_content_folder_still_work(content_dir):
    folder = content_dir / "participants/amal-haddad"
    os.symlink("IMG_20230514_093012.jpg", folder / "market.jpg")
    edit(content_dir / AMAL, "file: IMG_20230514_093012.jpg", "file: market.jpg")
    load_exhibition(content_dir)


def test_a_linked_participant_folder_outside_fails_the_build(content_dir, tmp_path, monkeypatch):
    import shutil
    outside = tmp_path / "elsewhere" / "p05"
    shutil.copytree(content_dir / "participants/p02", outside)
    os.symlink(outside, content_dir / "participants/p05")
    monkeypatch.chdir(content_dir.parent)
    result = CliRunner().invoke(main, ["build", "-j", "1"])
    assert result.exit_code == 1
    assert "content/participants/p05: is a link to a folder outside" in result.output
    assert not (content_dir.parent / "build").exists()


# -- (3) YAML bombs, deep nesting, huge texts ------------------------------------------

ALIAS_ERROR = ("YAML anchors and aliases (&name, *name, <<) are not accepted: write each "
               "value out in full")
LAUGHS = "".join(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]\n" for n in range(1, 10))


@pytest.mark.parametrize("text, line", [
    ("name: &who Amal\ncity: brandon\nbio: *who\n", 3),
    ('l0: &l0 "lol"\n' + LAUGHS + "themes: *l9\n", 2),  # a billion laughs, in 800 bytes
    ("base: &b {publish: true}\nconsent:\n  <<: *b\n", 3),
], ids=["alias", "billion-laughs", "merge-key"])
def test_yaml_aliases_are_refused_at_their_line(content_dir, text, line):
    (content_dir / AMAL).write_text(text, encoding="utf-8")
    assert _errors(content_dir) == [f"content/{AMAL}:{line}: {ALIAS_ERROR}"]


@pytest.mark.parametrize("depth", [21, 1_000, 100_000])
def test_deep_nesting_is_refused_not_a_crash(content_dir, depth):
    (content_dir / AMAL).write_text("name: Amal\nbio: " + "[" * depth + "]" * depth + "\n",
                                    encoding="utf-8")
    assert _errors(content_dir) == [
        f"content/{AMAL}:2: YAML nested more than 20 levels deep; content files need only a few"]


def test_deep_block_nesting_is_refused_at_its_line(content_dir):
    (content_dir / AMAL).write_text("".join(" " * i + "k:\n" for i in range(1_500)),
                                    encoding="utf-8")
    assert _errors(content_dir) == [
        f"content/{AMAL}:21: YAML nested more than 20 levels deep; content files need only a few"]


@pytest.mark.parametrize("field, old, limit", [
    ("photos[1].caption.en", 'en: "Every Saturday', 20_000),
    ("photos[1].alt.en", "alt: {en: A fruit", 1_000),
    ("name", "name: Amal", 1_000),
])
def test_texts_past_their_limit_are_refused_naming_the_field(content_dir, field, old, limit):
    head, _, rest = old.rpartition(" ")
    edit(content_dir / AMAL, old, f"{head} {'word ' * (limit // 5)}{rest}")
    errors = [e for e in _errors(content_dir) if f" {field}:" in e]
    assert len(errors) == 1
    assert f"this field holds at most {limit:,}" in errors[0]


def test_texts_at_their_limit_are_accepted(content_dir):
    edit(content_dir / AMAL, 'en: "Every Saturday', 'en: "' + "a" * 19_900 + " Every Saturday")
    load_exhibition(content_dir)


def test_control_characters_are_removed_with_a_warning(content_dir):
    edit(content_dir / AMAL, "name: Amal Haddad", 'name: "Amal\\0 Had\\x1bdad"')
    loaded = load_exhibition(content_dir)
    amal = next(p for p in loaded.exhibition.participants if p.slug == "amal-haddad")
    assert amal.name == "Amal Haddad"
    assert [str(w) for w in loaded.warnings if w.field == "name"] == [
        f"content/{AMAL}:1: name: warning: contains invisible control characters "
        "(U+0000, U+001B), removed"]


def test_each_markdown_text_is_converted_once_per_build(content_dir, tmp_path, monkeypatch):
    from collections import Counter

    from photovoice import markup
    from photovoice.build import BuildOptions, build

    parser = markup._markdown()
    converted: Counter[str] = Counter()

    class Counting:
        def render(self, text):
            converted[text] += 1
            return parser.render(text)

    monkeypatch.setattr(markup, "_markdown", Counting)
    edit(content_dir / AMAL, "en: Amal came to Brandon in 2019.",
         "en: Amal came to *Brandon* in 2019.")  # shown on English and French pages
    build(content_dir, tmp_path / "out", BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    assert "Amal came to *Brandon* in 2019." in converted
    assert converted and max(converted.values()) == 1, converted


# -- (9) links in Markdown: only what docs/content.md says -----------------------------

@pytest.mark.parametrize("href, kept", [
    ("https://example.org/a", True), ("http://example.org/", True),
    ("mailto:amal@example.org", True), ("tel:+12045550100", True),
    ("../about/", True), ("#top", True), ("contact/", True),  # within the exhibition
    ("//evil.example/", False), ("/etc/passwd", False), ("/\\evil.example/", False),
    ("javascript:alert(1)", False), ("ftp://example.org/", False),
])
def test_markdown_links_keep_only_the_addresses_the_docs_allow(href, kept):
    from photovoice.markup import render_markdown
    html = str(render_markdown(f"see [this]({href}) now", "en"))
    assert ("href=" in html) is kept, html
    assert "this" in html


# -- (9) names in sentences, device names, base_url ------------------------------------

def test_a_name_that_sets_a_direction_is_isolated_in_its_sentence(content_dir, tmp_path):
    from photovoice.build import BuildOptions, build
    edit(content_dir / AMAL, "name: Amal Haddad", 'name: "Amal \\u202eHaddad"')
    site = tmp_path / "out"
    build(content_dir, site, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    page = (site / "en/participants/amal-haddad/market/index.html").read_text("utf-8")
    # by_credit is "by {name}": the name, override and all, sits inside FSI ... PDI.
    assert "by \u2068Amal \u202eHaddad\u2069" in page
    # Elsewhere it is alone in its own element (a link, a heading) or data (JSON-LD).
    assert page.count("\u202e") == page.count("\u2068Amal \u202eHaddad\u2069") + \
        page.count(">Amal \u202eHaddad<") + page.count('"Amal \u202eHaddad"')


def test_names_in_sentences_without_direction_are_left_as_typed(content_dir, tmp_path):
    from photovoice.build import BuildOptions, build
    site = tmp_path / "out"
    build(content_dir, site, BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    page = (site / "en/participants/amal-haddad/market/index.html").read_text("utf-8")
    assert "by Amal Haddad" in page and "\u2068" not in page


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_refused_as_addresses(content_dir, name):
    import shutil
    shutil.copytree(content_dir / "participants/p02", content_dir / f"participants/{name}")
    edit(content_dir / AMAL, "slug: market", f"slug: {name}")
    errors = _errors(content_dir)
    assert any(f"participants/{name}/participant.yaml: the folder name '{name}' is a name "
               "Windows reserves" in e for e in errors), errors
    assert any(f"{AMAL}:11: photos[1].slug: '{name}' is a name Windows reserves" in e
               for e in errors), errors


def test_a_photo_file_named_like_a_device_needs_a_slug(content_dir):
    folder = content_dir / "participants/amal-haddad"
    (folder / "DSC01234.JPG").rename(folder / "aux.jpg")
    edit(content_dir / AMAL, "DSC01234.JPG\n    slug: withdrawn-photo", "aux.jpg")
    edit(content_dir / AMAL, "    publish: false\n", "")
    errors = [e for e in _errors(content_dir) if "aux" in e]
    assert len(errors) == 1 and "would be 'aux', which is a name Windows reserves" in errors[0]


@pytest.mark.parametrize("url", [
    '"https://example.org/\\nDisallow: /"', '"https://example.org/ Sitemap: x"',
    "https://example.org/?utm=1", "//example.org/", "ftp://example.org/",
    "https://example.org\\\\evil/", '"https://exa mple.org/"'])
def test_base_url_must_be_one_absolute_address(content_dir, url):
    edit(content_dir / "exhibition.yaml", "base_url: https://example.org/test-exhibit/",
         f"base_url: {url}")
    errors = _errors(content_dir)
    assert len(errors) == 1 and "base_url: must be one absolute address" in errors[0], errors
