"""`photovoice new`: what it writes loads and builds, and what it refuses it explains."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from photovoice.build import BuildOptions, build
from photovoice.diagnostics import ContentError, Severity
from photovoice.load import (BUILD_KEYS, CITY_KEYS, CONSENT_KEYS, EXHIBITION_KEYS,
                             PARTICIPANT_KEYS, PHOTO_KEYS, THEME_KEYS, read_city_slugs,
                             read_theme_slugs)
from helpers import FIXTURE, edit, load_exhibition, tree_bytes
from photovoice.scaffold import FILES, ScaffoldError, new_exhibition, new_participant


REPO = Path(__file__).parent.parent
PHOTO = FIXTURE / "participants/amal-haddad/IMG_20230514_093012.jpg"


def fill_in(yaml_path: Path, theme: str) -> None:
    """What a curator does: add a photo, fill in every field, confirm consent."""
    shutil.copy(PHOTO, yaml_path.parent / "kitchen.jpg")
    edit(yaml_path, 'file: ""', "file: kitchen.jpg")
    for text in ("Arrived in 2021.", "The kitchen", "A kitchen table set for six people",
                 "We cook together on Sundays."):
        edit(yaml_path, 'en: ""', f'en: "{text}"')
    for text in ("Arrivée en 2021.", "La cuisine", "Une table de cuisine mise pour six",
                 "Nous cuisinons ensemble le dimanche."):
        edit(yaml_path, 'fr: ""', f'fr: "{text}"')
    edit(yaml_path, "themes: []", f"themes: [{theme}]")
    edit(yaml_path, "\n  publish: false", "\n  publish: true")


# --- new_participant ------------------------------------------------------------------------

def test_a_new_participant_is_withheld_and_the_exhibition_still_loads(content_dir):
    before = tree_bytes(content_dir)
    warnings_before = load_exhibition(content_dir).warnings
    path = new_participant(content_dir, "p03", "moncton", "Nadia Rahimi")
    assert path == content_dir / "participants/p03/participant.yaml"
    after = tree_bytes(content_dir)
    assert sorted(set(after) - set(before)) == ["participants/p03",
                                                "participants/p03/participant.yaml"]
    assert all(after[name] == data for name, data in before.items())
    loaded = load_exhibition(content_dir)
    assert loaded.warnings == warnings_before
    new = next(p for p in loaded.exhibition.participants if p.slug == "p03")
    assert new.consent.publish is False
    assert "p03" not in [p.slug for p in loaded.exhibition.published_participants]
    text = path.read_text(encoding="utf-8")
    assert 'name: "Nadia Rahimi"' in text
    assert "city: moncton" in text
    assert "(obligatoire) : brandon, moncton." in text
    assert "(required): food, winter." in text


def test_the_template_filled_in_loads_without_any_warning(content_dir):
    path = new_participant(content_dir, "p03", "moncton", "Nadia Rahimi")
    fill_in(path, "food")
    loaded = load_exhibition(content_dir)
    assert not [w for w in loaded.warnings if "p03" in w.path]
    new = next(p for p in loaded.exhibition.published_participants if p.slug == "p03")
    assert (new.name, new.city, new.bio.resolve("fr").text) == (
        "Nadia Rahimi", "moncton", "Arrivée en 2021.")
    assert [(p.slug, p.themes, p.caption.resolve("en").text) for p in new.photos] == [
        ("kitchen", ("food",), "We cook together on Sundays.")]


def test_consent_given_before_the_template_is_filled_in_lists_what_is_missing(content_dir):
    path = new_participant(content_dir, "p03", "moncton")
    edit(path, "\n  publish: false", "\n  publish: true")
    with pytest.raises(ContentError) as caught:
        load_exhibition(content_dir)
    errors = [(d.path, d.field, d.message) for d in caught.value.diagnostics
              if d.severity is Severity.ERROR]
    shown = "content/participants/p03/participant.yaml"
    assert errors == [(shown, field, "must not be empty") for field in (
        "name", "photos[1].file", "photos[1].title", "photos[1].alt")] + [
        (shown, "photos[1].themes", "needs at least one theme")]


@pytest.mark.parametrize("name", [
    'Amal "Am" Haddad', "Le marché : le samedi #1", "no", "- José", "{a: b}", "O'Brien",
    "Jean\\Luc", "تسنيم", "Line\u2028separator", "\U0001F600 emoji", "  padded  ",
])
def test_a_name_is_quoted_so_that_it_loads_exactly(content_dir, name):
    path = new_participant(content_dir, "p03", "brandon", name)
    fill_in(path, "winter")
    new = next(p for p in load_exhibition(content_dir).exhibition.participants
               if p.slug == "p03")
    assert new.name == name.strip()


@pytest.mark.parametrize("slug, message", [
    ("", "'' cannot be a participant's folder name"),
    ("../p03", "'../p03' cannot be a participant's folder name: use letters, digits, spaces or "
     "hyphens (for example 'Amélie Tremblay', or p07 if the participant asked for initials "
     "or anonymity)"),
    ("!!!", "'!!!' cannot be a participant's folder name"),
    (" p03", "' p03' cannot be a participant's folder name"),
    (".p03", "'.p03' cannot be a participant's folder name"),
    ("p02", "content/participants/p02/participant.yaml already exists: choose another name, "
     "or edit that file"),
])
def test_bad_or_taken_slugs_are_refused_and_nothing_is_written(content_dir, slug, message):
    before = tree_bytes(content_dir)
    with pytest.raises(ScaffoldError) as caught:
        new_participant(content_dir, slug, "brandon")
    assert message in str(caught.value)
    assert tree_bytes(content_dir) == before


def test_a_folder_with_the_same_web_address_is_refused(content_dir):
    (content_dir / "participants/Nadia").mkdir()
    with pytest.raises(ScaffoldError, match=r"^content/participants/Nadia already exists and "
                       r"would have the same web address as 'nadia' \(nadia\): choose another "
                       r"name$"):
        new_participant(content_dir, "nadia", "brandon")
    assert not (content_dir / "participants/nadia").exists()


def test_a_folder_named_as_people_are_named_gets_its_web_address(content_dir):
    path = new_participant(content_dir, "Amélie Tremblay", "brandon", "Amélie Tremblay")
    assert path == content_dir / "participants/Amélie Tremblay/participant.yaml"
    fill_in(path, "food")
    participant = next(p for p in load_exhibition(content_dir).exhibition.participants
                       if p.folder.name == "Amélie Tremblay")
    assert participant.slug == "amelie-tremblay"


@pytest.mark.parametrize("credit", ["initials", "anonymous"])
def test_new_participant_writes_the_credit_asked_for(content_dir, credit):
    path = new_participant(content_dir, "p07", "brandon", "Nadia Rahimi", credit)
    assert f"\n  credit: {credit}\n" in path.read_text(encoding="utf-8")
    fill_in(path, "food")
    participant = next(p for p in load_exhibition(content_dir).exhibition.participants
                       if p.slug == "p07")
    assert participant.consent.credit.value == credit


def test_a_hidden_name_in_the_folder_name_is_refused(content_dir):
    with pytest.raises(ScaffoldError, match=r"^the participant chose to be named by their initials, but "
                       r"the folder name 'Nadia R' contains their name \(nadia\), and it "
                       r"becomes their web address: choose a neutral folder name such as p07$"):
        new_participant(content_dir, "Nadia R", "brandon", "Nadia Rahimi", "initials")
    assert not (content_dir / "participants/Nadia R").exists()


def test_a_folder_of_photos_without_participant_yaml_gets_one(content_dir):
    # The loader's error for such a folder says to run `photovoice new participant`.
    folder = content_dir / "participants/p03"
    folder.mkdir()
    shutil.copy(PHOTO, folder / "IMG_1234.jpg")
    with pytest.raises(ContentError, match="has no participant.yaml"):
        load_exhibition(content_dir)
    assert new_participant(content_dir, "p03", "brandon") == folder / "participant.yaml"
    assert sorted(p.name for p in folder.iterdir()) == ["IMG_1234.jpg", "participant.yaml"]
    assert load_exhibition(content_dir).exhibition.participants[2].consent.publish is False


def test_a_file_in_place_of_the_folder_is_refused(content_dir):
    (content_dir / "participants/p03").write_text("", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="^content/participants/p03 is a file, not a "
                       "folder: choose another name$"):
        new_participant(content_dir, "p03", "brandon")


def test_an_unknown_city_is_refused_with_the_known_ones(content_dir):
    before = tree_bytes(content_dir)
    with pytest.raises(ScaffoldError) as caught:
        new_participant(content_dir, "p03", "brandom")
    assert str(caught.value) == (
        "unknown city 'brandom' (did you mean 'brandon'?); the cities in exhibition.yaml are: "
        "brandon, moncton. For a new city, first add it under cities: in exhibition.yaml.")
    assert tree_bytes(content_dir) == before


def test_other_errors_in_exhibition_yaml_do_not_stop_new_participant(content_dir):
    edit(content_dir / "exhibition.yaml", "province: MB", "province: XX\n    colour: red")
    edit(content_dir / "exhibition.yaml", "  moncton:", "  Bad_Key:\n    name: x\n  moncton:")
    assert read_city_slugs(content_dir) == ("brandon", "moncton")
    assert read_theme_slugs(content_dir) == ("food", "winter")
    assert new_participant(content_dir, "p03", "moncton").is_file()


def test_an_unreadable_exhibition_yaml_is_refused_with_its_line(content_dir):
    edit(content_dir / "exhibition.yaml", "languages: [en, fr]", "languages: [en, fr")
    with pytest.raises(ScaffoldError) as caught:
        new_participant(content_dir, "p03", "moncton")
    assert str(caught.value).startswith("cannot read the cities of the exhibition; fix this "
                                        "first (photovoice new exhibition writes a new "
                                        "project):\ncontent/exhibition.yaml:")
    assert "YAML syntax error" in str(caught.value)
    assert not (content_dir / "participants/p03").exists()


def test_a_missing_exhibition_yaml_or_empty_cities_is_refused(tmp_path, content_dir):
    with pytest.raises(ScaffoldError, match="exhibition.yaml: not found"):
        new_participant(tmp_path / "nowhere", "p03", "brandon")
    assert not (tmp_path / "nowhere").exists()
    (content_dir / "exhibition.yaml").write_text("title: x\ncities:\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="^exhibition.yaml has no cities yet"):
        new_participant(content_dir, "p03", "brandon")
    with pytest.raises(ContentError):
        read_city_slugs(tmp_path / "nowhere")


# --- the templates ------------------------------------------------------------------------

@pytest.mark.parametrize("name, keys", [
    ("participant.yaml", PARTICIPANT_KEYS + CONSENT_KEYS + PHOTO_KEYS),
    ("exhibition.yaml", EXHIBITION_KEYS + CITY_KEYS + THEME_KEYS + BUILD_KEYS),
])
def test_every_field_is_in_the_templates_with_english_and_french_comments(name, keys):
    text = (FILES / name).read_text(encoding="utf-8")
    for key in keys:
        assert re.search(rf"^ *(?:# *)?(?:- )?{key}:", text, re.MULTILINE), key
    english = re.findall(r"^ *# English: ", text, re.MULTILINE)
    french = re.findall(r"^ *# Français : ", text, re.MULTILINE)
    assert len(english) == len(french) >= 10
    assert "\t" not in text


# --- new_exhibition -----------------------------------------------------------------------

def test_a_new_exhibition_has_its_files_and_nothing_else(tmp_path):
    target = new_exhibition(tmp_path / "our-show", "Le lieu : compte", "Ici, « chez nous »")
    assert target == tmp_path / "our-show"
    assert sorted(tree_bytes(target)) == [
        ".github", ".github/workflows", ".github/workflows/pages.yml", ".gitignore", "content",
        "content/exhibition.yaml", "content/participants",
        "content/participants/p01", "content/participants/p01/participant.yaml",
        "netlify.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["our-show"]
    gitignore = [line for line in (target / ".gitignore").read_text(encoding="utf-8")
                 .splitlines() if not line.startswith("#")]
    # Everything stays out but the built site and what publishes it: tests/test_curator_files.py
    assert gitignore == ["/*", "!/.gitignore", "!/build/", "!/netlify.toml", "!/.github/"]


def test_a_new_exhibition_loads_with_its_titles_and_a_withheld_example(tmp_path):
    target = new_exhibition(tmp_path / "show", "Le lieu : compte", "Ici, « chez nous » #1")
    loaded = load_exhibition(target / "content")
    assert loaded.warnings == ()
    exhibition = loaded.exhibition
    assert exhibition.title.resolve("en").text == "Le lieu : compte"
    assert exhibition.title.resolve("fr").text == "Ici, « chez nous » #1"
    assert list(exhibition.cities) == ["brandon"]
    assert list(exhibition.themes) == ["home"]
    assert [p.slug for p in exhibition.participants] == ["p01"]
    assert exhibition.published_participants == ()


def test_a_new_exhibition_has_default_titles(tmp_path):
    title = load_exhibition(new_exhibition(tmp_path / "show") / "content").exhibition.title
    assert (title.resolve("en").text, title.resolve("fr").text) == (
        "Our exhibition", "Notre exposition")


def test_a_new_exhibition_builds_and_then_builds_its_example_filled_in(tmp_path):
    target = new_exhibition(tmp_path / "show", "Show", "Expo")
    report = build(target / "content", target / "build", BuildOptions(jobs=1))
    # What is left to fill in, and only that: the team's contact, the statement's dates.
    to_fill_in = ["accessibility.date", "accessibility.reviewed", "contact"]
    assert (report.photos, [w.field for w in report.warnings]) == (0, to_fill_in)
    assert (target / "build/en/index.html").is_file()
    assert (target / "build/fr/index.html").is_file()
    example = target / "content/participants/p01/participant.yaml"
    fill_in(example, "home")
    edit(example, 'name: ""', "name: Nadia Rahimi")
    report = build(target / "content", target / "build", BuildOptions(jobs=1))
    assert (report.photos, [w.field for w in report.warnings]) == (1, to_fill_in)
    assert (target / "build/en/participants/p01/kitchen/index.html").is_file()


def test_a_new_exhibition_goes_into_an_existing_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert (new_exhibition(tmp_path / "empty") / "content/exhibition.yaml").is_file()


def test_a_new_exhibition_never_overwrites(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    before = tree_bytes(tmp_path)
    with pytest.raises(ScaffoldError, match=r"'.*busy' already exists and is not empty: "
                       r"choose a new folder name \(photovoice new never overwrites files\)"):
        new_exhibition(tmp_path / "busy")
    with pytest.raises(ScaffoldError, match=r"'.*file' is a file"):
        new_exhibition(tmp_path / "file")
    assert tree_bytes(tmp_path) == before
