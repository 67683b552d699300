"""Messages a curator can act on, met as a curator meets them: through `photovoice check`
and `photovoice build` in the project folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import edit, run

AMAL = "content/participants/amal-haddad/participant.yaml"
REPO = Path(__file__).parent.parent


def run_process(*args: str) -> subprocess.CompletedProcess:
    """The command in a process of its own, as a curator runs it: logging as it starts."""
    return subprocess.run([sys.executable, "-m", "photovoice", *args], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("old, new, expected", [
    # An unquoted French colon.
    ("  fr: Amal est arrivée à Brandon en 2019.", "  fr: Note : arrivée en 2019.",
     "8: YAML syntax error: a text that contains a colon followed by a space must be in "
     "quotes; write it in double quotes: fr: \"Note : arrivée en 2019.\""),
    ("caption: {en: My first winter., fr: Mon premier hiver.}",
     "caption:\n      en: My first winter.\n      fr: Note : mon premier hiver.",
     "27: YAML syntax error: a text that contains a colon followed by a space must be in "
     "quotes; write it in double quotes: fr: \"Note : mon premier hiver.\""),
    # A tab.
    ("  en: Amal came to Brandon in 2019.", "\ten: Amal came to Brandon in 2019.",
     "7: YAML syntax error: this line is indented with a tab; YAML indents with spaces only: "
     "replace the tab with spaces"),
    # Indentation that does not match.
    ("  fr: Amal est arrivée à Brandon en 2019.", "   fr: Amal est arrivée à Brandon en 2019.",
     "8: YAML syntax error: this line's indentation does not match the lines above: fields of "
     "the same level start in the same column, and the fields inside another (such as en: and "
     "fr:) two spaces further in; count the spaces"),
    # A quote opened and never closed: the line where it opens, not the end of the file.
    ("  en: Amal came to Brandon in 2019.", '  en: "Amal came to Brandon in 2019.',
     "7: YAML syntax error: the quote (\") opened on this line is never closed: end the text "
     "with \""),
    # An apostrophe inside single quotes.
    ("  en: Amal came to Brandon in 2019.", "  en: 'Amal's home is Brandon.'",
     "7: YAML syntax error: an apostrophe inside a text in single quotes ends it; write it in "
     "double quotes: en: \"Amal's home is Brandon.\""),
])
def test_a_yaml_mistake_is_explained_with_its_fix(project, old, new, expected):
    edit(project / AMAL, old, new)
    for command in ("check", "build"):
        result = run(command, "-j", "1") if command == "build" else run(command)
        assert result.exit_code == 1
        assert f"{AMAL}:{expected}\n" in result.output, result.output
        assert "mapping values" not in result.output and "token" not in result.output


# --- One meaning of --strict ---------------------------------------------------------------

SNOW_CAPTION = "    caption: {en: My first winter., fr: Mon premier hiver.}\n"


def test_check_and_build_give_the_same_warnings(project):
    edit(project / AMAL, SNOW_CAPTION, "")  # a photo without a caption
    checked = run_process("check")
    built = run_process("build", "-j", "1")
    assert checked.returncode == built.returncode == 0
    caption = (f"{AMAL}:21: photos[2].caption: warning: no caption in any language: the photo "
               "will be shown with its title only; add the participant's own words about it if "
               "they gave some")
    assert caption in checked.stdout and caption in built.stderr
    warnings = [line for line in checked.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 5  # p02's four missing French texts, and the caption
    assert sorted(warnings) == sorted(line for line in built.stderr.splitlines()
                                      if ": warning: " in line)
    assert checked.stdout.endswith("photovoice check: no errors, 5 warnings.\n")
    assert "with 5 warnings in" in built.stderr


def test_strict_fails_check_and_build_alike_and_says_so(project):
    edit(project / AMAL, SNOW_CAPTION, "")
    built = run("build", "--strict", "-j", "1")
    assert built.exit_code == 1
    assert (f"{AMAL}:21: photos[2].caption: no caption in any language: the photo will be "
            "shown with its title only; add the participant's own words about it if they "
            "gave some (an error with --strict)") in built.output
    assert built.output.endswith("photovoice: 5 errors; nothing was written.\n")
    assert not (project / "build").exists()
    checked = run("check", "--strict")
    assert checked.exit_code == 1
    assert checked.output.endswith("photovoice check: failed: no errors, but 5 warnings, which "
                                   "--strict counts as errors.\n")


def test_a_small_photo_is_a_short_note_that_never_fails_strict(project):
    for participant in ("p02",):  # leave only the fixture's tiny photos: no warnings at all
        edit(project / f"content/participants/{participant}/participant.yaml",
             "consent:\n  publish: true", "consent:\n  publish: false")
    checked = run("check", "--strict")
    assert checked.exit_code == 0, checked.output
    assert ("Note: 2 photos under 2,016 pixels on the longest side may look soft on very large "
            "screens; nothing to fix, but a larger original is sharper.\n") in checked.output
    assert checked.output.endswith("photovoice check: no errors, 0 warnings.\n")
    assert run("build", "--strict", "-j", "1").exit_code == 0


# --- Folder names as people write them ------------------------------------------------------

def test_a_folder_named_with_accents_capitals_and_spaces_builds_at_its_web_address(project):
    (project / "content/participants/amal-haddad").rename(
        project / "content/participants/Amal Haddad (Brandon)")
    result = run("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (project / "build/en/participants/amal-haddad-brandon/market/index.html").is_file()


def test_a_slug_line_chooses_the_web_address(project):
    (project / "content/participants/amal-haddad").rename(
        project / "content/participants/Amélie Côté")
    edit(project / "content/participants/Amélie Côté/participant.yaml", "city: brandon",
         "slug: p07\ncity: brandon")
    result = run("build", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (project / "build/en/participants/p07/market/index.html").is_file()
    assert not list((project / "build").rglob("*amelie*"))


def test_a_folder_name_with_no_letters_asks_for_a_slug(project):
    (project / "content/participants/amal-haddad").rename(project / "content/participants/!!")
    result = run("check")
    assert result.exit_code == 1
    assert ("content/participants/!!/participant.yaml: no web address can be made from the "
            "folder name '!!': add a line such as slug: p07\n") in result.output


def test_new_participant_takes_a_credit_and_a_name_like_folder(project):
    result = run("new", "participant", "Amélie Tremblay", "--city", "brandon", "--credit",
                 "initials")
    assert result.exit_code == 0, result.output
    text = (project / "content/participants/Amélie Tremblay/participant.yaml").read_text("utf-8")
    assert "\n  credit: initials\n" in text
    result = run("new", "participant", "p08", "--city", "brandon", "--credit", "secret")
    assert result.exit_code == 2
    assert "'secret' is not one of 'name', 'initials', 'anonymous'" in result.output


# --- Withdrawal leaves no name behind -------------------------------------------------------

def test_a_withdrawn_participant_leaves_no_name_in_any_file_name(project):
    assert run("build", "-j", "1").exit_code == 0
    edit(project / AMAL, "consent:\n  publish: true", "consent:\n  publish: false")
    assert run("build", "-j", "1").exit_code == 0
    outside_content = [p.relative_to(project).as_posix() for p in project.rglob("*")
                       if not p.relative_to(project).as_posix().startswith("content")]
    assert any(p.startswith(".build.spare/") for p in outside_content)  # the spare is there
    assert any(p.startswith(".photovoice-cache/") for p in outside_content)
    named = [p for p in outside_content if any(word in p for word in (
        "amal", "haddad", "market", "first-snow", "IMG_2023", "PXL_2023"))]
    assert named == []


def test_the_sample_exhibition_checks_strict_with_no_warnings():
    result = run("check", "--strict", "--content", str(REPO / "content"))
    assert result.exit_code == 0, result.output
    assert ": warning: " not in result.output
    assert result.output.endswith("photovoice check: no errors, 0 warnings.\n")


def test_an_anonymous_participant_needs_no_name(project):
    edit(project / AMAL, "name: Amal Haddad\n", "")
    result = run("build", "-j", "1")
    assert result.exit_code == 1
    assert f"{AMAL}:1: name: is required\n" in result.output
    edit(project / AMAL, "credit: name", "credit: anonymous")
    edit(project / AMAL, "Amal came", "She came")
    edit(project / AMAL, "Amal est", "Elle est")
    (project / "content/participants/amal-haddad").rename(project / "content/participants/p09")
    result = run("build", "-j", "1")
    assert result.exit_code == 0, result.output
    page = (project / "build/en/participants/p09/index.html").read_text(encoding="utf-8")
    assert "Amal" not in page and "Participant from Brandon" in page


def test_a_region_given_in_pixels_is_given_back_in_fractions_of_the_photo(project):
    # The photo is 800 x 600 as stored and turned upright by its EXIF: 600 x 800.
    edit(project / AMAL, "      - {x: 0.5, y: 0.25, w: 0.25, h: 0.5}",
         "      - {x: 300, y: 200, w: 150, h: 400}")
    result = run("check")
    assert result.exit_code == 1
    assert (f"{AMAL}:28: photos[2].redact[1]: the numbers look like pixels; redact takes "
            "fractions from 0 to 1 of the photo's width and height, not pixels. This photo is "
            "600 x 800 pixels (upright), so write {x: 0.5, y: 0.25, w: 0.25, h: 0.5}\n"
            ) in result.output
    assert result.output.count("redact[1]") == 1  # not four "between 0 and 1"
    edit(project / AMAL, "w: 150, h: 400}", "w: 450, h: 400}")
    assert ("would go past its edge" in run("check").output)


def test_a_broken_exhibition_yaml_is_reported_with_the_participants_own_errors(project):
    edit(project / "content/exhibition.yaml", "  fr: Exposition d'essai", "  fr: Expo : essai")
    edit(project / AMAL, "  en: Amal came to Brandon in 2019.", "\ten: Amal came")
    edit(project / "content/participants/p02/participant.yaml", "    title: {en: The harbour}",
         "    titel: {en: The harbour}")
    result = run("check")
    assert result.exit_code == 1
    assert "content/exhibition.yaml:3: YAML syntax error: a text that contains a colon" \
        in result.output
    assert f"{AMAL}:7: YAML syntax error: this line is indented with a tab" in result.output
    assert "photos[1].titel: unknown field (did you mean 'title'?)" in result.output
    # The themes of exhibition.yaml are unknown, so a photo's are not called unknown.
    assert "unknown theme" not in result.output
