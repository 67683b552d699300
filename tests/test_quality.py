"""`review_exhibition`: each note triggers on one edited copy of the fixture, not on the clean one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from helpers import edit, load_exhibition
from photovoice.quality import Summary, review_exhibition


AMAL = "participants/amal-haddad/participant.yaml"
P02 = "participants/p02/participant.yaml"
MARKET_ALT_EN = "A fruit stall with crates of oranges under a striped awning"
MARKET_ALT_FR = "Un étal de fruits avec des caisses d'oranges sous un auvent rayé"
SNOW_CAPTION = "caption: {en: My first winter., fr: Mon premier hiver.}"


def notes_of(content_dir: Path) -> list[str]:
    """Every note except 'too small' (all the fixture's photos are tiny)."""
    return [str(n) for n in review(content_dir).notes if "longest side" not in n.message]


def review(content_dir: Path):
    return review_exhibition(load_exhibition(content_dir).exhibition)


def test_the_clean_fixture_has_no_warnings_and_notes_its_small_photos(exhibition):
    report = review_exhibition(exhibition)
    assert report.notes == ()
    assert [(n.path, n.line, n.field) for n in report.small_photos] == [
        ("content/participants/amal-haddad/participant.yaml", 10, "photos[1].file"),
        ("content/participants/amal-haddad/participant.yaml", 21, "photos[2].file"),
        ("content/participants/p02/participant.yaml", 9, "photos[1].file"),
    ]
    assert report.largest_width == 2016


def test_a_small_photo_note_is_short_and_names_its_size(exhibition):
    small = [str(n) for n in review_exhibition(exhibition).small_photos]
    assert small[1] == (
        "content/participants/amal-haddad/participant.yaml:21: photos[2].file: warning: "
        "'PXL_20230601_141530123.jpg' is 600 x 800 pixels; it may look soft on very large "
        "screens")


def test_a_photo_as_wide_as_the_largest_size_is_not_noted(content_dir):
    Image.new("RGB", (2016, 1512), (200, 120, 40)).save(
        content_dir / "participants/amal-haddad/IMG_20230514_093012.jpg", quality=50)
    fields = [(n.path, n.field) for n in review(content_dir).small_photos]
    assert ("content/" + AMAL, "photos[1].file") not in fields
    assert ("content/" + AMAL, "photos[2].file") in fields


def test_the_largest_size_follows_the_exhibitions_build_widths(content_dir):
    # Sizes are the longest side: the 600 x 800 portrait fills 720, the 640 x 480 screenshot not.
    edit(content_dir / "exhibition.yaml", "languages: [en, fr]",
         "languages: [en, fr]\nbuild:\n  widths: [320, 720]")
    report = review(content_dir)
    assert [(n.path, n.field) for n in report.small_photos] == [(f"content/{P02}", "photos[1].file")]
    assert report.largest_width == 720


@pytest.mark.parametrize("old, new, field, reason", [
    (MARKET_ALT_EN, "Oranges", "photos[1].alt.en", "is only 7 characters long"),
    (MARKET_ALT_EN, "Photo of a fruit stall with oranges", "photos[1].alt.en",
     "starts with 'Photo of', which screen readers do not need"),
    (MARKET_ALT_EN, "picture   OF a fruit stall with oranges", "photos[1].alt.en",
     "starts with 'picture   OF'"),
    (MARKET_ALT_FR, "Une photo d'un étal de fruits et d'oranges", "photos[1].alt.fr",
     "starts with 'Une photo d''"),
    (MARKET_ALT_FR, "Photographie de fruits et d'oranges au marché", "photos[1].alt.fr",
     "starts with 'Photographie de'"),
    ("title: {en: The market,", "title: {en: A fruit STALL with crates of oranges  under a "
     "striped awning,", "photos[1].alt.en", "repeats the title"),
    (MARKET_ALT_EN, "IMG_20230514_093012.jpg", "photos[1].alt.en",
     "contains the file name 'IMG_20230514_093012.jpg'"),
    (MARKET_ALT_EN, "Our stall on Saturday img_20230514_093012", "photos[1].alt.en",
     "contains the file name"),
])
def test_alt_text_that_does_not_describe_is_a_note(content_dir, old, new, field, reason):
    edit(content_dir / AMAL, old, new)
    notes = notes_of(content_dir)
    assert len(notes) == 1, notes
    assert notes[0].startswith(f"content/{AMAL}:10: {field}: warning: alt text ")
    assert reason in notes[0]
    assert notes[0].endswith(": describe what the photo shows, in a sentence or two, for "
                             "people who cannot see it")


def test_several_problems_of_one_alt_text_make_one_note(content_dir):
    edit(content_dir / AMAL, MARKET_ALT_EN, "Photo of stall")
    assert notes_of(content_dir) == [
        f"content/{AMAL}:10: photos[1].alt.en: warning: alt text is only 14 characters long; "
        "starts with 'Photo of', which screen readers do not need (they already announce an "
        "image): describe what the photo shows, in a sentence or two, for people who cannot "
        "see it"]


def test_a_plain_word_file_name_in_an_alt_text_is_not_a_note(content_dir):
    folder = content_dir / "participants/amal-haddad"
    (folder / "IMG_20230514_093012.jpg").rename(folder / "market.jpg")
    edit(content_dir / AMAL, "file: IMG_20230514_093012.jpg", "file: market.jpg")
    edit(content_dir / AMAL, MARKET_ALT_EN, "A busy market stall with crates of oranges")
    assert notes_of(content_dir) == []


def test_a_photo_without_caption_in_any_language_is_a_note(content_dir):
    edit(content_dir / AMAL, "    " + SNOW_CAPTION + "\n", "")
    assert notes_of(content_dir) == [
        f"content/{AMAL}:21: photos[2].caption: warning: no caption in any language: the photo "
        "will be shown with its title only; add the participant's own words about it if they "
        "gave some"]


def test_a_text_copied_unchanged_into_both_languages_is_a_note(content_dir):
    edit(content_dir / AMAL, SNOW_CAPTION, "caption: {en: My first winter., fr: my first  "
         "WINTER.}")
    edit(content_dir / AMAL, "fr: Amal est arrivée à Brandon en 2019.",
         "fr: Amal came to Brandon in 2019.")
    assert notes_of(content_dir) == [
        f"content/{AMAL}: bio: warning: the English and French texts are identical: translate "
        "it, or, if it really is the same in every language, write it once as plain text "
        "(field: text)",
        f"content/{AMAL}:21: photos[2].caption: warning: the English and French texts are "
        "identical: translate it, or, if it really is the same in every language, write it "
        "once as plain text (field: text)",
    ]


def test_a_plain_string_is_never_a_translation_note(content_dir):
    edit(content_dir / AMAL, SNOW_CAPTION, "caption: My first winter.")
    assert notes_of(content_dir) == []


def test_missing_languages_are_left_to_the_loader(content_dir):
    loaded = load_exhibition(content_dir)
    assert any(w.path == "content/" + P02 for w in loaded.warnings)
    assert [n for n in review_exhibition(loaded.exhibition).notes
            if n.path == "content/" + P02 and "longest side" not in n.message] == []


def test_an_unlisted_image_in_a_folder_is_a_note(content_dir):
    folder = content_dir / "participants/amal-haddad"
    (folder / "IMG_9999.JPEG").write_bytes(b"not even read")
    (folder / "notes.txt").write_text("not a photo", encoding="utf-8")
    (folder / ".hidden.jpg").write_bytes(b"")
    (folder / "old.heic").mkdir()
    assert notes_of(content_dir) == [
        f"content/{AMAL}:9: photos: warning: 'IMG_9999.JPEG' is in the folder but not listed in "
        "participant.yaml, so not published"]


def test_a_consenting_participant_without_a_published_photo_is_a_note(content_dir):
    edit(content_dir / P02, "themes: [food, winter]", "themes: [food, winter]\n    publish: false")
    assert notes_of(content_dir) == [
        f"content/{P02}:8: photos: warning: consent.publish is true but no photo is published "
        "(every photo has publish: false), so this participant will not appear on the site"]


def test_withdrawn_participants_are_skipped_entirely(content_dir):
    (content_dir / "participants/withdrawn-person/IMG_0001.jpg").write_bytes(b"x")
    assert review(content_dir).notes == review(content_dir).notes
    assert not any("withdrawn-person" in n.path for n in review(content_dir).notes)


def test_notes_are_sorted_and_deterministic(content_dir):
    edit(content_dir / AMAL, MARKET_ALT_EN, "Oranges")
    edit(content_dir / AMAL, "    " + SNOW_CAPTION + "\n", "")
    (content_dir / "participants/p02/zz.png").write_bytes(b"x")
    (content_dir / "participants/p02/aa.png").write_bytes(b"x")
    first, second = review(content_dir), review(content_dir)
    assert first == second
    keys = [(n.path, n.line or 0, n.field, n.message) for n in first.notes]
    assert keys == sorted(keys)
    assert [n.message[:5] for n in first.notes if n.field == "photos"] == ["'aa.p", "'zz.p"]


def test_the_summary_of_the_fixture(exhibition):
    assert review_exhibition(exhibition).summary == Summary(
        participants=2,
        withdrawn_participants=1,
        photos=3,
        withdrawn_photos=1,
        per_city=(("brandon", 1, 2), ("moncton", 1, 1)),
        per_theme=(("food", 2), ("winter", 2)),
        # 11 texts: Amal's bio and 2 x 3 photo texts in both; José's bio + 3 in English only.
        translation=(("en", 100.0), ("fr", 63.6)),
    )


def test_the_summary_counts_only_what_is_published(content_dir):
    edit(content_dir / P02, "themes: [food, winter]", "themes: [food, winter]\n    publish: false")
    summary = review(content_dir).summary
    assert (summary.participants, summary.withdrawn_participants) == (1, 1)
    assert (summary.photos, summary.withdrawn_photos) == (2, 2)
    assert summary.per_city == (("brandon", 1, 2),)
    assert summary.per_theme == (("food", 1), ("winter", 1))
    assert summary.translation == (("en", 100.0), ("fr", 100.0))


def test_a_plain_string_counts_as_translated_in_every_language(content_dir):
    edit(content_dir / P02, "bio:\n  en: He works at a fish plant.", "bio: He works at a fish plant")
    assert review(content_dir).summary.translation == (("en", 100.0), ("fr", 72.7))
