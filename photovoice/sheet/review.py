"""`photovoice sheet review PARTICIPANT`: what the site will publish for one participant.

For the participant to check and sign off before publishing: each published photo as a
thumbnail made by the site's own image pipeline (so a blurred face is blurred here too),
every text in every language as the site will show it (a missing translation shows the
text the page falls back to, and says so), and the credit as it will read.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..diagnostics import said
from ..imageplan import ImageJob, ImageSpec
from ..load import load_exhibition
from ..load_participant import slugify
from ..model import Exhibition, Participant, Photo, Translatable
from ..render import SiteTheme
from ..stages import upright_size
from ..views import city_phrases, credit_for, resolve
from ..write import write_atomically
from ..written import note_written
from .book import load_openpyxl, put
from .columns import sheet_name, typeset_words

THUMBNAIL_SIDE = 200
_COLUMN_WIDTH = 36  # characters
_TEXT_CHARS = 40  # characters on a line of a wrapped cell that wide, about

_WORDS = {
    "en": {"title": "Review before publishing", "folder": "Folder", "credit": "Credit",
           "city": "City", "bio": "Bio", "photo": "Photo", "title_": "Title",
           "alt": "Alt text (read aloud to blind visitors)", "caption": "Caption",
           "themes": "Themes", "original": "Original words", "transcript": "Transcript",
           "ok": "OK to publish? (yes / no)", "comments": "Changes wanted",
           "fallback": "[no {lang} text yet: the page shows this {shown} text]",
           "en": "English", "fr": "French",
           "signed": "Reviewed by (name)", "date": "Date", "signature": "Signature",
           "intro": "This is everything the website will show of you. Check each photo and "
                    "text; write the changes you want; then sign below."},
    "fr": {"title": "Relecture avant publication", "folder": "Dossier", "credit": "Mention",
           "city": "Ville", "bio": "Biographie", "photo": "Photo", "title_": "Titre",
           "alt": "Texte de remplacement (lu aux personnes aveugles)", "caption": "Légende",
           "themes": "Thèmes", "original": "Mots d'origine", "transcript": "Transcription",
           "ok": "Publier? (oui / non)", "comments": "Changements demandés",
           "fallback": "[pas encore de texte en {lang} : la page montre ce texte en {shown}]",
           "en": "anglais", "fr": "français",
           "signed": "Relu par (nom)", "date": "Date", "signature": "Signature",
           "intro": "Voici tout ce que le site montrera de vous. Vérifiez chaque photo et "
                    "chaque texte, notez les changements souhaités, puis signez plus bas."},
}
WORDS = {lang: {key: typeset_words(text, lang) for key, text in words.items()}
         for lang, words in _WORDS.items()}


# The cells a participant fills in, found by their labels in either language.
_LABELS = {"title": {words["title"] for words in WORDS.values()},
           "answer": {words[key] for words in WORDS.values() for key in ("ok", "comments")},
           "sign-off": {words[key] for words in WORDS.values()
                        for key in ("signed", "date", "signature")}}


class ReviewError(Exception):
    """A participant who cannot be reviewed: unknown, or withdrawn."""


@dataclass(frozen=True)
class Review:
    """A review workbook written: where, how many photos, and how each language's pages
    name the participant (their credit: never the name of someone not credited by it)."""

    dest: Path
    photos: int
    mentions: Mapping[str, str]


def write_review(content_dir: Path, who: str, dest: Path | None = None,
                 lang: str = "en", replace: bool = False) -> Review:
    """Write the review workbook of the participant whose folder (or address) is `who`,
    to `dest` (default review-SLUG.xlsx). An existing `dest` holding the participant's
    answers or signature, or that is not a review workbook, is kept (a ReviewError),
    unless `replace`."""
    exhibition = load_exhibition(Path(content_dir), image_size=upright_size).exhibition
    participant = _participant(exhibition, who, content_dir)
    if participant not in exhibition.published_participants:
        raise ReviewError(said("'{participant}' has withdrawn or has no published photo: the "
                               "site publishes nothing of theirs, so there is nothing to "
                               "review", participant=who))
    dest = Path(dest) if dest else Path(f"review-{participant.slug}.xlsx")
    if not replace and dest.exists():
        _check_replaceable(dest)
    theme = SiteTheme.find(exhibition.build.theme, exhibition.root.parent)
    mentions = {code: _credited(exhibition, participant, theme.strings(code), code).mention.text
                for code in exhibition.languages}
    write_atomically(dest, _workbook(exhibition, participant, lang))
    note_written(Path(content_dir), (dest,), (participant.folder.name,))
    return Review(dest, len(participant.photos), mentions)


def _check_replaceable(dest: Path) -> None:
    """Raise a ReviewError if `dest` holds answers or a signature, or is not a review."""
    load_openpyxl()
    from openpyxl import load_workbook

    try:
        rows = [list(row) + [None, None, None] for ws in load_workbook(dest).worksheets
                for row in ws.iter_rows(values_only=True)]
    except Exception:  # openpyxl raises many kinds for a file that is not xlsx
        rows = []
    if not any(row[0] in _LABELS["title"] for row in rows):
        raise ReviewError(said("{file} exists and is not a review workbook photovoice wrote: "
                               "give another file name with -o, or add --replace to write "
                               "over it", file=dest.as_posix()))
    answered = any(row[1] in _LABELS["answer"] and any(row[2:]) or
                   row[0] in _LABELS["sign-off"] and any(row[1:]) for row in rows)
    if answered:
        raise ReviewError(said("{file} holds the participant's answers or signature: keep "
                               "it, and give another file name with -o, or add --replace to "
                               "write over it (they would be lost)", file=dest.as_posix()))


def _participant(exhibition: Exhibition, who: str, content_dir: Path) -> Participant:
    """The participant `who` names: their folder as written (Amélie Tremblay), or their
    address (amelie-tremblay)."""
    # NFC: a folder name typed, or copied from macOS's Finder (NFD), is the same name.
    wanted = unicodedata.normalize("NFC", who.strip().rstrip("/\\"))
    for participant in exhibition.participants:
        folder = unicodedata.normalize("NFC", participant.folder.name)
        if wanted in (folder, participant.slug) or \
                slugify(wanted) and slugify(wanted) in (participant.slug, slugify(folder)):
            return participant
    raise ReviewError(said("no participant '{participant}' in {folder} (there are: {known})",
                           participant=who, folder=str(Path(content_dir) / "participants"),
                           known=", ".join(p.folder.name for p in exhibition.participants)))


def _credited(exhibition: Exhibition, participant: Participant, strings: Mapping, code: str):
    city_entry = exhibition.cities[participant.city]
    phrases = city_phrases(city_entry, resolve(city_entry.name, exhibition, code), strings, code)
    return credit_for(participant, phrases, strings, code)


def _workbook(exhibition: Exhibition, participant: Participant, lang: str) -> bytes:
    load_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    words = WORDS[lang]
    book = Workbook()
    ws = book.active
    ws.title = sheet_name("review", lang)
    theme = SiteTheme.find(exhibition.build.theme, exhibition.root.parent)
    strings = {code: theme.strings(code) for code in exhibition.languages}
    rows: list[list[Any]] = [[words["title"]], [words["intro"]], [],
                             [words["folder"], "", participant.slug]]
    for code in exhibition.languages:
        rows.append([f"{words['credit']} ({code})", "",
                     _credited(exhibition, participant, strings[code], code).credit.text])
        rows.append([f"{words['city']} ({code})", "",
                     resolve(exhibition.cities[participant.city].name, exhibition, code).text])
    for code in exhibition.languages:
        rows.append([f"{words['bio']} ({code})", "",
                     _text(participant.bio, exhibition, code, lang)])
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            put(ws.cell(row=number, column=column), value, wrap=number > 2)
        if len(row) > 1:
            ws.row_dimensions[number].height = _height(row[2:], _TEXT_CHARS)
    ws["A1"].font = Font(bold=True, size=14)
    _print_on_wide_pages(ws)
    last = _photo_table(ws, exhibition, participant, lang, len(rows) + 2)
    for offset, key in enumerate(("signed", "date", "signature")):
        put(ws.cell(row=last + offset, column=1), words[key])
        ws.cell(row=last + offset, column=1).font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _photo_table(ws, exhibition: Exhibition, participant: Participant, lang: str,
                 first: int) -> int:
    """One block per photo: its thumbnail, then each text, one column per language.

    Returns the row after the last block."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    words = WORDS[lang]
    languages = exhibition.languages
    for column, width in enumerate((34, 20, *(_COLUMN_WIDTH for _ in languages)), start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    row = first
    for photo in participant.photos:
        _thumbnail(ws, photo, f"A{row}")
        put(ws.cell(row=row, column=2), words["photo"])
        for offset, code in enumerate(languages):
            put(ws.cell(row=row, column=3 + offset), code)
            ws.cell(row=row, column=3 + offset).font = Font(bold=True)
        block = [(words[key], [_text(field, exhibition, code, lang) for code in languages])
                 for key, field in (("title_", photo.title), ("alt", photo.alt),
                                    ("caption", photo.caption))]
        block.append((words["themes"], [", ".join(
            resolve(exhibition.themes[slug].name, exhibition, code).text
            for slug in photo.themes) for code in languages]))
        if photo.original:
            block.append((words["original"], [f"[{photo.original.lang}] {photo.original.text}"]))
        if photo.transcript:
            block.append((words["transcript"], [_text(photo.transcript, exhibition, code, lang)
                                                for code in languages]))
        block += [(words["ok"], []), (words["comments"], [])]
        height = 15.0
        for label, texts in block:
            row += 1
            put(ws.cell(row=row, column=2), label, wrap=True)
            ws.cell(row=row, column=2).font = Font(bold=True)
            for offset, text in enumerate(texts):
                put(ws.cell(row=row, column=3 + offset), text, wrap=True)
            ws.row_dimensions[row].height = _height([label, *texts], _TEXT_CHARS)
            height += ws.row_dimensions[row].height
        # The thumbnail floats over the cells: the block is at least as tall as it.
        ws.row_dimensions[row].height += max(0.0, THUMBNAIL_SIDE * 0.75 + 10 - height)
        row += 2
    return row


def _height(values: list[Any], chars: int) -> float:
    """Points for a row of wrapped texts: spreadsheet files keep no automatic height."""
    lines = max((sum(len(part) // chars + 1 for part in str(value).split("\n"))
                 for value in values if value), default=1)
    return 15.0 * lines


def _print_on_wide_pages(ws) -> None:
    """Landscape, every column on the page's width: the review is printed to be signed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _text(value: Translatable, exhibition: Exhibition, code: str, lang: str) -> str:
    shown = resolve(value, exhibition, code)
    if shown.text and shown.lang != code:
        words = WORDS[lang]
        note = words["fallback"].format(lang=words.get(code, code),
                                        shown=words.get(shown.lang, shown.lang))
        return f"{note} {shown.text}"
    return shown.text


def _thumbnail(ws, photo: Photo, anchor: str) -> None:
    """The photo as the site derives it: upright, blurred where asked, no metadata."""
    from openpyxl.drawing.image import Image as SheetImage

    from ..images import configure_pillow, derive_images

    configure_pillow()
    job = ImageJob(photo.file, (ImageSpec(THUMBNAIL_SIDE, "jpeg", 80),), photo.redact)
    data = derive_images(job)[0]
    picture = SheetImage(io.BytesIO(data))
    scale = THUMBNAIL_SIDE / max(photo.width, photo.height, 1)
    picture.width, picture.height = round(photo.width * scale), round(photo.height * scale)
    ws.add_image(picture, anchor)
