"""A curator's path through the files photovoice writes beside content/: what the
template promised (province: ON), the workbooks and their names, what a repository
would take, and what stays after a participant withdraws."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from photovoice.cli import main

from helpers import edit
from sheet_support import cell_value, edit_cell

AMAL = ("amal-haddad", "IMG_20230514_093012.jpg")


@pytest.fixture
def project(content_dir: Path, monkeypatch) -> Path:
    monkeypatch.chdir(content_dir.parent)
    return content_dir.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_province_on_as_the_template_shows_it_is_ontario(project):
    edit(project / "content/exhibition.yaml", "province: NB", "province: ON")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "province" not in result.output
    assert run("build", "-j", "1").exit_code == 0
    assert "Moncton, Ontario" in (project / "build/en/cities/moncton/index.html").read_text(
        encoding="utf-8")
    assert run("sheet", "export").exit_code == 0
    assert cell_value(project / "exhibition.xlsx", "Cities", ("moncton",), "Province") == "ON"
    assert run("sheet", "import", "exhibition.xlsx").output.startswith("Nothing to change")


def test_a_bare_no_for_a_province_is_the_word_written_never_false(project):
    edit(project / "content/exhibition.yaml", "province: NB", "province: no")
    result = run("check")
    assert result.exit_code == 1
    assert "content/exhibition.yaml:30: cities.moncton.province: unknown province or " \
           "territory code; use one of" in result.output


def test_review_takes_the_folder_name_a_curator_sees(project):
    folder = project / "content/participants"
    (folder / "amal-haddad").rename(folder / "Amal Haddad")
    result = run("sheet", "review", "Amal Haddad")
    assert result.exit_code == 0, result.output
    assert result.output == ("Wrote review-amal-haddad.xlsx for Amal Haddad to check and sign "
                             "off: 2 photos as the site will publish them.\n")
    assert (project / "review-amal-haddad.xlsx").is_file()
    assert run("sheet", "review", "amal-haddad", "-o", "again.xlsx").exit_code == 0
    assert run("sheet", "review", "amal haddad", "-o", "lower.xlsx").exit_code == 0


def test_review_by_folder_name_when_slug_overrides_it(project):
    folder = project / "content/participants"
    (folder / "amal-haddad").rename(folder / "Amélie Tremblay")
    edit(folder / "Amélie Tremblay/participant.yaml", "name: Amal Haddad\n",
         "name: Amal Haddad\nslug: p07\n")
    assert run("sheet", "review", "Amélie Tremblay").exit_code == 0
    assert (project / "review-p07.xlsx").is_file()
    # As macOS's Finder copies it (é as e and an accent), or typed in lowercase.
    for typed in (unicodedata.normalize("NFD", "Amélie Tremblay"), "amélie tremblay"):
        assert run("sheet", "review", typed, "-o", "again.xlsx").exit_code == 0, typed
    result = run("sheet", "review", "Amelie")
    assert result.exit_code == 1
    assert result.output == ("photovoice: no participant 'Amelie' in content/participants "
                             "(there are: Amélie Tremblay, p02, withdrawn-person)\n")


def test_translations_again_keeps_a_translation_not_yet_imported(project):
    assert run("sheet", "translations", "--to", "fr").exit_code == 0
    book = project / "translations-fr.xlsx"
    workbook = load_workbook(book)
    workbook["Translations"]["G3"] = "Le port"
    workbook.save(book)
    before = book.read_bytes()
    result = run("sheet", "translations", "--to", "fr")
    assert result.exit_code == 1
    assert result.output == (
        "photovoice: translations-fr.xlsx holds edits not yet imported into the content "
        "(photovoice sheet import translations-fr.xlsx --dry-run lists them): import them "
        "first (photovoice sheet import translations-fr.xlsx), or add --replace to write over "
        "them; they would be lost\n")
    assert book.read_bytes() == before
    assert run("sheet", "import", "translations-fr.xlsx").exit_code == 0
    result = run("sheet", "translations", "--to", "fr")  # imported: nothing left to lose
    assert result.exit_code == 0, result.output
    assert load_workbook(book)["Translations"]["F3"].value != "The harbour"


def test_export_again_keeps_edits_not_yet_imported_unless_replace(project):
    assert run("sheet", "export").exit_code == 0
    assert run("sheet", "export").exit_code == 0  # the same as the content: written again
    book = project / "exhibition.xlsx"
    edit_cell(book, "Photos", AMAL, "Title (fr)", "Le marché couvert")
    result = run("sheet", "export")
    assert result.exit_code == 1
    assert "exhibition.xlsx holds edits not yet imported" in result.output
    assert cell_value(book, "Photos", AMAL, "Title (fr)") == "Le marché couvert"
    edit_cell(book, "Photos", AMAL, "Title (fr)", "Le marché")
    workbook = load_workbook(book)
    workbook["Participants"]["D3"] = "=A1"  # a formula: refused by an import
    workbook.save(book)
    result = run("sheet", "export")
    assert result.exit_code == 1
    assert result.output == (
        "photovoice: exhibition.xlsx holds edits that cannot be imported as they are "
        "(photovoice sheet import exhibition.xlsx says what to fix): fix and import them "
        "first, or add --replace to write over them; they would be lost\n")
    assert run("sheet", "export", "--replace").exit_code == 0
    assert load_workbook(book)["Participants"]["D3"].value == "moncton"
    (project / "notes.xlsx").write_bytes(b"my own notes")
    result = run("sheet", "export", "notes.xlsx")
    assert result.exit_code == 1
    assert result.output == ("photovoice: notes.xlsx exists and is not a file photovoice wrote "
                             "for this: give another file name, or add --replace to write "
                             "over it\n")
    assert (project / "notes.xlsx").read_bytes() == b"my own notes"


def test_nothing_to_translate_writes_nothing(project):
    result = run("sheet", "translations", "--to", "en")
    assert result.exit_code == 0, result.output
    assert result.output == ("Nothing to translate into English: every published text has it "
                             "already. No file was written.\n")
    assert not (project / "translations-en.xlsx").exists()


def test_a_repository_takes_none_of_the_files_that_name_participants(project):
    """What `new exhibition` writes for a repository, over the files a curator's
    commands leave in the project folder: only the built site goes in."""
    from photovoice.scaffold import FILES

    (project / ".gitignore").write_text((FILES / "gitignore.txt").read_text("utf-8"), "utf-8")
    workflow = project / ".github/workflows/pages.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text((FILES / "pages.yml").read_text("utf-8"), "utf-8")
    for command in (("build", "-j", "1"), ("sheet", "export"), ("sheet", "export", "--csv"),
                    ("sheet", "translations", "--to", "fr"), ("sheet", "review", "p02"),
                    ("sheet", "review", "amal-haddad", "-o", "relecture.xlsx")):
        assert run(*command).exit_code == 0
    (project / "catalogue.pdf").write_bytes(b"%PDF-1.7 Amal Haddad")  # photovoice catalogue
    git = ["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=project, check=True)
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    added = subprocess.run(["git", "ls-files"], cwd=project, check=True, capture_output=True,
                           text=True).stdout.splitlines()
    assert {path.split("/")[0] for path in added} == {".gitignore", ".github", "build"}
    # A file added by force (or in a repository made before) stops the publishing.
    subprocess.run(git + ["add", "-f", "exhibition-sheets", "relecture.xlsx"], cwd=project,
                   check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Site"], cwd=project, check=True)
    checkout = project.parent / "checkout"
    subprocess.run(["git", "clone", "-q", str(project), str(checkout)], check=True)
    script = yaml.safe_load(workflow.read_text("utf-8"))["jobs"]["publish"]["steps"][1]["run"]
    step = subprocess.run(["bash", "-e", "-c", script], cwd=checkout, capture_output=True,
                          text=True)
    assert step.returncode == 1
    assert step.stdout.splitlines()[1:] == ["exhibition-sheets/Cities.csv",
                                            "exhibition-sheets/Participants.csv",
                                            "exhibition-sheets/Photos.csv",
                                            "exhibition-sheets/Themes.csv", "relecture.xlsx"]


def test_a_name_in_the_title_that_made_the_web_address_is_reported_on_the_title(project):
    p02 = project / "content/participants/p02/participant.yaml"
    edit(p02, "    slug: harbour\n    title: {en: The harbour}",
         "    title: {en: José's harbour}")
    result = run("check")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "José" in line]
    assert errors == [
        "content/participants/p02/participant.yaml:10: photos[1].title.en: contains 'José', "
        "part of this participant's name, but they chose to be named by their initials: the "
        "site would show it; take it out"]
    assert "photos[1].file" not in result.output  # a file name made it: tests/test_consent.py



def test_a_build_after_a_withdrawal_names_the_files_that_still_hold_them(project):
    for command in (("sheet", "export"), ("sheet", "export", "--csv"),
                    ("sheet", "translations", "--to", "fr"), ("sheet", "review", "p02"),
                    ("sheet", "review", "amal-haddad")):
        assert run(*command).exit_code == 0
    assert "still holds" not in run("build", "-j", "1").output
    edit(project / "content/participants/p02/participant.yaml", "  publish: true",
         "  publish: false")
    result = CliRunner().invoke(main, ["build", "-j", "1"], catch_exceptions=False)
    assert result.exit_code == 0
    notes = [line for line in result.output.splitlines() if "still holds" in line]
    assert [note.split()[1] for note in notes] == [
        "exhibition-sheets/Participants.csv", "exhibition-sheets/Photos.csv",
        "exhibition.xlsx", "review-p02.xlsx", "translations-fr.xlsx"]
    assert notes[3] == (
        "photovoice: review-p02.xlsx still holds words of participants who are no longer "
        "published (p02): photovoice wrote it for your team, and no build changes it; delete "
        "it, or write it again (guide: Withdraw consent).")
    # What the guide says to do: write them again, or delete them.
    for command in (("sheet", "export", "--replace"), ("sheet", "export", "--csv")):
        assert run(*command).exit_code == 0, command
    (project / "review-p02.xlsx").unlink()
    (project / "translations-fr.xlsx").unlink()
    edit(project / "content/participants/amal-haddad/participant.yaml", "Amal came",
         "Amal arrived")  # so that the build is not up to date
    assert "still holds" not in run("build", "-j", "1").output


def test_review_again_keeps_the_participants_answers_and_signature(project):
    assert run("sheet", "review", "p02").exit_code == 0
    book = project / "review-p02.xlsx"
    assert run("sheet", "review", "p02").exit_code == 0  # nothing filled in: written again
    workbook = load_workbook(book)
    ws = workbook["Review"]
    answer = next(row[2] for row in ws.iter_rows() if row[1].value == "OK to publish? (yes / no)")
    answer.value = "yes"
    workbook.save(book)
    before = book.read_bytes()
    result = run("sheet", "review", "p02")
    assert result.exit_code == 1
    assert result.output == ("photovoice: review-p02.xlsx holds the participant's answers or "
                             "signature: keep it, and give another file name with -o, or add "
                             "--replace to write over it (they would be lost)\n")
    assert book.read_bytes() == before
    assert run("sheet", "review", "p02", "--replace").exit_code == 0
    (project / "notes.xlsx").write_text("my notes")
    result = run("sheet", "review", "p02", "-o", "notes.xlsx")
    assert result.exit_code == 1
    assert "notes.xlsx exists and is not a review workbook photovoice wrote" in result.output
