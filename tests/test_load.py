"""The loader: what loads, and one broken fixture per error message, with its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from photovoice.diagnostics import ContentError, Severity
from helpers import edit, load_exhibition, write
from photovoice.model import Credit


AMAL = "participants/amal-haddad/participant.yaml"


def errors_of(content_dir: Path, strict: bool = False) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_exhibition(content_dir, strict=strict)
    return [str(d) for d in caught.value.diagnostics if d.severity is Severity.ERROR]


def test_fixture_loads_with_its_model(exhibition):
    assert exhibition.languages == ("en", "fr")
    assert exhibition.base_url == "https://example.org/test-exhibit/"
    assert list(exhibition.cities) == ["brandon", "moncton"]
    assert exhibition.cities["brandon"].population == 51313
    slugs = [p.slug for p in exhibition.participants]
    assert slugs == ["amal-haddad", "p02", "withdrawn-person"]
    amal = exhibition.participants[0]
    # A withdrawn photo is not even in the model: nothing downstream can show it.
    assert [p.slug for p in amal.photos] == ["market", "first-snow"]
    assert amal.photos[0].original.lang == "ar"
    assert amal.photos[1].redact[0].w == 0.25
    # Orientation 6: the stored 800x600 pixels are shown upright as 600x800.
    assert (amal.photos[1].width, amal.photos[1].height) == (600, 800)
    assert exhibition.participants[1].consent.credit is Credit.INITIALS
    assert [p.slug for p in exhibition.published_participants] == ["amal-haddad", "p02"]
    withdrawn = exhibition.participants[2]
    assert (withdrawn.name, withdrawn.photos, withdrawn.bio) == ("", (), withdrawn.bio)
    assert not withdrawn.bio


def test_missing_french_is_a_warning_naming_each_field(content_dir):
    result = load_exhibition(content_dir)
    warnings = [str(w) for w in result.warnings]
    assert "content/participants/p02/participant.yaml:6: bio.fr: warning: missing French " \
           "text; the French page will show the English one" in warnings
    assert any(w.startswith("content/participants/p02/participant.yaml:11: "
                            "photos[1].title.fr:") for w in warnings)
    assert all(w.severity is Severity.WARNING for w in result.warnings)


def test_missing_french_is_an_error_when_strict(content_dir):
    errors = errors_of(content_dir, strict=True)
    assert "content/participants/p02/participant.yaml:6: bio.fr: missing French text; " \
           "the French page will show the English one (an error with --strict)" in errors


@pytest.mark.parametrize("old, new, expected", [
    ("city: brandon", "city: [brandon",
     "participant.yaml:3: YAML syntax error: expected ',' or ']', but got ':'"),
    ("photos:\n", "photos: abc\nold_photos:\n",
     "participant.yaml:9: photos: expected a list of photos (each starting with '- file:'), "
     "got text"),
    ("name: Amal Haddad\n", "",
     "participant.yaml:1: name: is required"),
    ("city: brandon", "city: brandom",
     "participant.yaml:2: city: unknown city 'brandom' (did you mean 'brandon'?); the cities "
     "in exhibition.yaml are: brandon, moncton"),
    ("themes: [food]", "themes: [fod]",
     "participant.yaml:17: photos[1].themes[1]: unknown theme 'fod' (did you mean 'food'?); "
     "the themes in exhibition.yaml are: food, winter"),
    ("file: PXL_20230601_141530123.jpg", "file: IMG_20230514_093012.jpg",
     "participant.yaml:21: photos[2].file: 'IMG_20230514_093012.jpg' is already listed (line 10)"),
    ("slug: first-snow", "slug: market",
     "participant.yaml:21: photos[2].slug: the slug 'market' is already used (line 10)"),
    ("file: PXL_20230601_141530123.jpg", "file: ../elsewhere.jpg",
     "participant.yaml:21: photos[2].file: '../elsewhere.jpg' must be the name of a file in this "
     "participant's folder, with no folder part"),
    ("file: PXL_20230601_141530123.jpg", "file: /etc/passwd",
     "participant.yaml:21: photos[2].file: '/etc/passwd' must be the name of a file in this "
     "participant's folder, with no folder part"),
    ("file: PXL_20230601_141530123.jpg", "file: PXL_20230601_141530123.JPG",
     "participant.yaml:21: photos[2].file: 'PXL_20230601_141530123.JPG' does not exist in "
     "amal-haddad/ (did you mean 'PXL_20230601_141530123.jpg'?)"),
    ("publish: true", "publish: yes please",
     "participant.yaml:4: consent.publish: expected true or false, got text"),
    ("credit: name", "credit: nmae",
     "participant.yaml:5: consent.credit: must be name, initials or anonymous "
     "(did you mean 'name'?)"),
    ("    slug: market\n", "    slug: market\n    captoin: oops\n",
     "participant.yaml:12: photos[1].captoin: unknown field (did you mean 'caption'?); expected "
     "one of: file, slug, slugs, title, alt, caption, themes, original, redact, audio, transcript, "
     "transcript_original, release, publish"),
    ("      - {x: 0.5, y: 0.25, w: 0.25, h: 0.5}", "      - {x: 0.9, y: 0.25, w: 0.25, h: 0.5}",
     "participant.yaml:28: photos[2].redact[1]: the region must have a size and stay inside the "
     "image (x + w and y + h at most 1)"),
    ("      lang: ar", "      lang: 'arabic language'",
     "participant.yaml:19: photos[1].original.lang: 'arabic language' is not a language tag "
     "(BCP 47, e.g. ar, fa, es, tl, uk)"),
    ("    alt: {en: A fruit stall", "    alt: {en: '', xx: A fruit stall",
     "participant.yaml:13: photos[1].alt.xx: unknown language; this exhibition's languages "
     "are en, fr"),
])
def test_each_participant_error_names_file_line_and_field(content_dir, old, new, expected):
    edit(content_dir / AMAL, old, new)
    assert f"content/{AMAL.rsplit('/', 1)[0]}/{expected}" in errors_of(content_dir)


def test_every_problem_is_reported_in_one_run(content_dir):
    edit(content_dir / AMAL, "city: brandon", "city: nowhere")
    edit(content_dir / "participants/p02/participant.yaml", "themes: [food, winter]",
         "themes: [nothing]")
    edit(content_dir / "exhibition.yaml", "province: NB", "province: XX")
    errors = errors_of(content_dir)
    assert len(errors) == 3
    assert errors[0].startswith("content/exhibition.yaml:30: cities.moncton.province: unknown")


def test_an_unknown_field_is_reported_at_its_own_line_not_its_values(content_dir):
    # `titel:` is on line 1; its value (a mapping of languages) starts on line 2.
    edit(content_dir / "exhibition.yaml", "title:\n  en: Test Exhibition", "titel:\n  en: Test Exhibition")
    errors = errors_of(content_dir)
    assert any(error.startswith("content/exhibition.yaml:1: titel: unknown field (did you mean "
                                "'title'?)") for error in errors), errors


def test_exhibition_errors(content_dir):
    edit(content_dir / "exhibition.yaml", "title:\n  en: Test Exhibition\n  fr: Exposition d'essai\n",
         "")
    edit(content_dir / "exhibition.yaml", "base_url: https://example.org/test-exhibit/",
         "base_url: example.org")
    errors = errors_of(content_dir)
    assert "content/exhibition.yaml:1: title: is required" in errors
    assert "content/exhibition.yaml:17: base_url: must be one absolute address starting " \
           "with https:// (or http://), with no space, line break, ? or # " \
           "(e.g. https://example.org/exhibition/)" in errors


def test_folder_without_participant_yaml(content_dir):
    (content_dir / "participants" / "empty-folder").mkdir()
    assert "content/participants/empty-folder: has no participant.yaml (photovoice new " \
           "participant empty-folder --city CITY writes one)" in errors_of(content_dir)


def test_empty_participants_folder(content_dir):
    for folder in (content_dir / "participants").iterdir():
        import shutil
        shutil.rmtree(folder)
    assert errors_of(content_dir) == [
        "content/participants: is empty: add one folder per participant "
        "(photovoice new participant SLUG --city CITY)"]


def test_folders_differing_only_by_case(content_dir):
    import shutil
    shutil.copytree(content_dir / "participants/amal-haddad",
                    content_dir / "participants/Amal-Haddad")
    errors = errors_of(content_dir)
    assert "content/participants/amal-haddad/participant.yaml: slug: the web address " \
           "'amal-haddad' is also the one of the folder 'Amal-Haddad': add a different slug: " \
           "to one of them" in errors


def test_symlink_leaving_the_content_folder(content_dir, tmp_path):
    outside = tmp_path / "secret.jpg"
    outside.write_bytes((content_dir / "participants/amal-haddad/DSC01234.JPG").read_bytes())
    link = content_dir / "participants/amal-haddad/linked.jpg"
    os.symlink(outside, link)
    edit(content_dir / AMAL, "file: PXL_20230601_141530123.jpg", "file: linked.jpg")
    assert f"content/{AMAL}:21: photos[2].file: 'linked.jpg' is a link to a file outside the " \
           "content folder; copy the photo into this folder instead" in errors_of(content_dir)


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"hello, this is text\n" * 20, "not an image"),
])
def test_unreadable_image_is_an_error_on_its_file_line(content_dir, data, message):
    (content_dir / "participants/amal-haddad/IMG_20230514_093012.jpg").write_bytes(data)
    errors = errors_of(content_dir)
    assert len(errors) == 1
    assert errors[0].startswith(f"content/{AMAL}:10: photos[1].file: IMG_20230514_093012.jpg: ")
    assert message in errors[0]


def test_withdrawn_photos_may_be_deleted_and_their_text_is_not_checked(content_dir):
    (content_dir / "participants/withdrawn-person/IMG_4512.jpg").unlink()
    (content_dir / "participants/amal-haddad/DSC01234.JPG").unlink()
    edit(content_dir / "participants/withdrawn-person/participant.yaml", "city: moncton",
         "city: gone")
    result = load_exhibition(content_dir)  # no error: nothing of theirs is published
    assert not [w for w in result.warnings if "withdrawn" in w.path]


@pytest.mark.parametrize("credit, chose", [("anonymous", "chose to stay anonymous"),
                                           ("initials", "chose to be named by their initials")])
def test_folder_name_must_not_reveal_a_hidden_name(content_dir, credit, chose):
    edit(content_dir / AMAL, "credit: name", f"credit: {credit}")
    assert f"content/{AMAL}:5: consent.credit: this participant {chose}, but " \
           "the folder name 'amal-haddad' contains their name (amal, haddad), and the folder " \
           "name is part of every web address: rename the folder, or add a line such as " \
           "slug: p07" \
           in errors_of(content_dir)


def test_default_photo_slug_never_comes_from_a_camera_name(content_dir):
    edit(content_dir / AMAL, "    slug: market\n", "")
    edit(content_dir / AMAL, "    slug: first-snow\n", "")
    photos = load_exhibition(content_dir).exhibition.participants[0].photos
    assert [p.slug for p in photos[:2]] == ["the-market", "first-snow"]
    write(content_dir / "participants/amal-haddad/kitchen-table.jpg",
          "")  # a meaningful stem is used as the slug, when it is a real image


def test_yaml_booleans_where_text_is_expected_get_a_quoting_hint(content_dir):
    # (province: ON is read as written, as the template shows it: tests/test_curator_files.py)
    edit(content_dir / AMAL, "    original:\n      lang: ar", "    original:\n      lang: no")
    assert f"content/{AMAL}:19: photos[1].original.lang: expected a language tag like ar or " \
           "fa, but YAML reads no without quotes as yes or no: write \"no\", in quotes" \
           in errors_of(content_dir)


def test_diagnostics_with_and_without_lines_sort_together():
    from photovoice.diagnostics import Diagnostic
    mixed = [Diagnostic("a.yaml", 3, "x", "m"), Diagnostic("a.yaml", None, "", "file"),
             Diagnostic("a.yaml", 1, "y", "m")]
    assert [d.line for d in sorted(mixed)] == [None, 1, 3]
