"""`photovoice sheet ...`: the exhibition's texts in a spreadsheet, as commands.

Thin, like cli.py: each command calls one library function and prints what it did.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_common import existing_content_option, report_content_error
from .cli_language import LocalizedGroup, translator_of
from .diagnostics import N_, ContentError

LANG_OPTION = click.option(
    "--lang", type=click.Choice(["en", "fr"]), default=None,
    help="The language of the sheet's own words (headers, notes).  [default: the language "
         "of photovoice's messages]")


def _sheet_language(lang: str | None) -> str:
    """--lang as given, else the curator's: the language photovoice speaks in this run
    (photovoice --lang, else the system's), so a French curator gets a French workbook."""
    return lang or translator_of().lang


REPLACE_OPTION = click.option(
    "--replace", is_flag=True,
    help="Write over FILE even if it holds edits not yet imported (they are lost).")


def _fail(error, action: str) -> None:
    report_content_error(error, action)
    sys.exit(1)


def _refuse(error: Exception) -> None:
    click.echo(translator_of().refusal(error), err=True)
    sys.exit(1)


@click.group(cls=LocalizedGroup)
def sheet() -> None:
    """The exhibition in a spreadsheet: edit, translate and review its texts.

    Export a workbook, edit it in Excel, LibreOffice or Google Sheets, and import
    it back: every change is checked like `photovoice check` before any file is
    written.
    """


@sheet.command("export", epilog="""\b
Examples:
  photovoice sheet export                      # exhibition.xlsx
  photovoice sheet export textes.xlsx --lang fr
  photovoice sheet export --csv sheets         # one CSV file per sheet in sheets/
""")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@existing_content_option
@LANG_OPTION
@click.option("--csv", "as_csv", is_flag=True,
              help="Write one CSV file per sheet into the folder FILE instead.")
@REPLACE_OPTION
def export_command(file: Path | None, content_dir: Path, lang: str | None, as_csv: bool,
                   replace: bool) -> None:
    """Write the whole exhibition into one workbook (FILE, default exhibition.xlsx).

    One sheet each for participants, photos, cities and themes, one column per
    language for every text; yellow cells are missing a translation or alt text.
    A withdrawn participant appears only by folder and consent. An existing FILE with
    edits not yet imported is kept, unless --replace.
    """
    from .sheet.export import export_csv, export_workbook
    from .sheet.guard import UnimportedEdits

    lang = _sheet_language(lang)
    try:
        if as_csv:
            folder = file or Path("exhibition-sheets")
            written = export_csv(content_dir, folder, lang)
            say = translator_of()
            click.echo(say.ngettext(
                "Wrote {n} CSV files into {folder}: {names}.",
                "Wrote {n} CSV files into {folder}: {names}.", len(written)).format(
                n=say.number(len(written)), folder=folder,
                names=", ".join(path.name for path in written)))
            return
        dest = file or Path("exhibition.xlsx")
        content = export_workbook(content_dir, dest, lang, replace)
    except ContentError as error:
        _fail(error, N_("no sheet was written"))
    except UnimportedEdits as error:
        _refuse(error)
    counts = {name: len(rows) for name, rows in content.entries.items()}
    # publish: false, a withdrawal or a draft whose consent is not confirmed yet.
    held_back = sum(entry.withdrawn for entry in content.entries["participants"])
    say = translator_of()
    note = say.counted(" ({n} not published: folder and consent only)",
                       " ({n} not published: folder and consent only)",
                       held_back) if held_back else ""
    click.echo(say.gettext("Wrote {dest}: {participants}{note}, {photos}, {cities}, {themes}. "
                           "Edit it, then: photovoice sheet import {dest}").format(
        dest=dest, note=note,
        participants=say.counted("{n} participant", "{n} participants", counts["participants"]),
        photos=say.counted("{n} photo", "{n} photos", counts["photos"]),
        cities=say.counted("{n} city", "{n} cities", counts["cities"]),
        themes=say.counted("{n} theme", "{n} themes", counts["themes"])))


@sheet.command("import", epilog="""\b
Examples:
  photovoice sheet import exhibition.xlsx --dry-run   # list the changes, write nothing
  photovoice sheet import exhibition.xlsx
  photovoice sheet import translations-fr.xlsx
""")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@existing_content_option
@click.option("--dry-run", is_flag=True, help="List the changes; write nothing.")
def import_command(file: Path, content_dir: Path, dry_run: bool) -> None:
    """Write the changes of an edited workbook (or translations file) into the YAML files.

    Everything is checked first, with the rules of `photovoice check`; if anything
    is wrong, each problem is listed by sheet and cell and no file is changed.
    Files the sheet does not change stay byte for byte as they were.
    """
    from .sheet.changes import import_workbook
    from .sheet.translations import import_translations, is_translations

    importer = import_translations if is_translations(file) else import_workbook
    try:
        report = importer(content_dir, file, dry_run=dry_run)
    except ContentError as error:
        _fail(error, N_("nothing was written"))
    say = translator_of()
    for change in report.changes:
        for key in change.changed_columns():
            click.echo(f"{change.entry.file.relative_to(content_dir.parent).as_posix()}: "
                       f"{_field(change, key)} ({change.cells.get(key, '?')}): "
                       + _difference(change.old.get(key), change.new[key], say))
    for warning in report.warnings:
        click.echo(say.diagnostic(warning), err=True)
    fields = sum(len(change.changed_columns()) for change in report.changes)
    counts = dict(fields=say.counted("{n} field", "{n} fields", fields),
                  files=say.counted("{n} file", "{n} files", len(report.written)))
    if not report.changes:
        click.echo(say.gettext("Nothing to change: the content already says what the sheet "
                               "says."))
    elif dry_run:
        click.echo(say.ngettext(
            "{fields} would change in {files} (dry run: nothing was written).",
            "{fields} would change in {files} (dry run: nothing was written).",
            fields).format(**counts))
    else:
        click.echo(say.gettext("Changed {fields} in {files}.").format(**counts))


def _field(change, key: str) -> str:
    """photos[2].title.fr: the field as check names it (positions from 1)."""
    path = change.entry.path
    prefix = f"photos[{path[1] + 1}]." if path[:1] == ("photos",) else \
        "".join(f"{step}." for step in path)
    return prefix + key


def _difference(old, new, say) -> str:
    """"old" -> "new" (« old » -> « new »), a long text shown from a little before
    where the two differ."""
    old, new = ("" if value is None else str(value) for value in (old, new))
    same = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    start = max(0, same - 20) if max(len(old), len(new)) > 70 else 0
    return f"{_excerpt(old, start, say)} -> {_excerpt(new, start, say)}"


def _excerpt(text: str, start: int, say) -> str:
    if not text:
        return say.gettext("(empty)")
    part = text[start:start + 60] if len(text) > 70 else text
    # One line per change: a line break in the text shows as \n.
    quoted = say.gettext('"{text}"').format(text=part.replace("\n", "\\n"))
    return ("..." if start else "") + quoted + ("..." if start + 60 < len(text) and
                                                len(text) > 70 else "")


@sheet.command("translations", epilog="""\b
Examples:
  photovoice sheet translations --to fr                 # translations-fr.xlsx
  photovoice sheet translations --to en --lang fr traductions-en.xlsx
  photovoice sheet translations --to fr textes-fr.xlf    # XLIFF 2.0, for translation tools
""")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "to", default="fr", show_default=True,
              help="The language to translate into.")
@click.option("--from", "source", default=None,
              help="The source language to prefer.  [default: the exhibition's first]")
@existing_content_option
@LANG_OPTION
@REPLACE_OPTION
def translations_command(file: Path | None, to: str, source: str | None, content_dir: Path,
                         lang: str | None, replace: bool) -> None:
    """Only the texts still missing in one language, each beside its source, for a translator.

    Import the file back with `photovoice sheet import FILE`: it fills exactly those
    fields. A FILE ending in .xlf is written as XLIFF 2.0. An existing FILE with
    translations not yet imported is kept, unless --replace.
    """
    from .sheet.guard import UnimportedEdits
    from .sheet.translations import export_translations

    dest = file or Path(f"translations-{to}.xlsx")
    try:
        missing = export_translations(content_dir, dest, to, _sheet_language(lang), source,
                                      replace)
    except ContentError as error:
        _fail(error, N_("no file was written"))
    except UnimportedEdits as error:
        _refuse(error)
    say = translator_of()
    if not missing:
        click.echo(say.gettext("Nothing to translate {into}: every published text has it "
                               "already. No file was written.").format(into=say.into(to)))
        return
    click.echo(say.ngettext(
        "Wrote {dest}: {n} text to translate {into}. Then: photovoice sheet import {dest}",
        "Wrote {dest}: {n} texts to translate {into}. Then: photovoice sheet import {dest}",
        len(missing)).format(dest=dest, n=say.number(len(missing)), into=say.into(to)))


@sheet.command("review", epilog="""\b
Examples:
  photovoice sheet review "Amal Haddad"        # review-amal-haddad.xlsx
  photovoice sheet review amal-haddad          # the same: the folder's web address
  photovoice sheet review p07 --lang fr -o relecture-p07.xlsx
""")
@click.argument("participant")
@click.option("--output", "-o", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write.  [default: review-FOLDER.xlsx]")
@existing_content_option
@LANG_OPTION
@click.option("--replace", is_flag=True,
              help="Write over the workbook even if it holds the participant's answers or "
                   "signature (they are lost).")
def review_command(participant: str, output: Path | None, content_dir: Path,
                   lang: str | None, replace: bool) -> None:
    """What the site will publish for one participant, for them to check and sign off.

    PARTICIPANT is their folder's name (or their web address). Each published photo
    as a thumbnail (blurred where the site blurs it), every text in every language, and
    the credit as it will read.
    """
    from .sheet.review import ReviewError, write_review

    say = translator_of()
    try:
        review = write_review(content_dir, participant, output, _sheet_language(lang), replace)
    except ContentError as error:
        _fail(error, N_("no review was written"))
    except ReviewError as error:
        _refuse(error)
    # Named as the site names them (a credit by initials or anonymous stays so here).
    mention = review.mentions.get(say.lang) or next(iter(review.mentions.values()))
    click.echo(say.ngettext(
        "Wrote {dest} for {participant} to check and sign off: {n} photo as the site will "
        "publish it.", "Wrote {dest} for {participant} to check and sign off: {n} photos as "
        "the site will publish them.", review.photos).format(
        dest=review.dest, n=say.number(review.photos), participant=mention))
