"""`photovoice sheet review PARTICIPANT`: what the site will publish for one participant.

For the participant to check and sign off before publishing: each published photo as a
thumbnail made by the site's own image pipeline (so a blurred face is blurred here too),
every text in every language as the site will show it (a missing translation shows the
text the page falls back to, and says so), and the credit as it will read.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..load import load_exhibition
from ..model import Exhibition, Participant, Photo, Translatable
from ..render import SiteTheme
from ..views import credit_for, resolve
from ..write import write_atomically
from .book import put
from .columns import sheet_name

THUMBNAIL_SIDE = 240
_ROW_HEIGHT = 150  # points: the thumbnail and some room

WORDS = {
    "en": {"title": "Review before publishing", "folder": "Folder", "credit": "Credit",
           "city": "City", "bio": "Bio", "photo": "Photo", "title_": "Title",
           "alt": "Alt text (read aloud to blind visitors)", "caption": "Caption",
           "themes": "Themes", "original": "Original words", "transcript": "Transcript",
           "ok": "OK to publish? (yes / no)", "comments": "Changes wanted",
           "fallback": "[no {lang} text yet: the page shows this {shown} text]",
           "signed": "Reviewed by (name)", "date": "Date", "signature": "Signature",
           "intro": "This is everything the website will show of you. Check each photo and "
                    "text; write the changes you want; then sign below."},
    "fr": {"title": "Relecture avant publication", "folder": "Dossier", "credit": "Mention",
           "city": "Ville", "bio": "Biographie", "photo": "Photo", "title_": "Titre",
           "alt": "Texte de remplacement (lu aux personnes aveugles)", "caption": "Légende",
           "themes": "Thèmes", "original": "Mots d'origine", "transcript": "Transcription",
           "ok": "Publier? (oui / non)", "comments": "Changements demandés",
           "fallback": "[pas encore de texte en {lang} : la page montre ce texte en {shown}]",
           "signed": "Relu par (nom)", "date": "Date", "signature": "Signature",
           "intro": "Voici tout ce que le site montrera de vous. Vérifiez chaque photo et "
                    "chaque texte, notez les changements souhaités, puis signez plus bas."},
}


class ReviewError(Exception):
    """A participant who cannot be reviewed: unknown, or withdrawn."""


def write_review(content_dir: Path, slug: str, dest: Path, lang: str = "en") -> int:
    """Write the review workbook of participant `slug`; the number of photos in it."""
    exhibition = load_exhibition(Path(content_dir)).exhibition
    participant = next((p for p in exhibition.participants if p.slug == slug), None)
    if participant is None:
        known = ", ".join(p.slug for p in exhibition.participants)
        raise ReviewError(f"no participant '{slug}' in {content_dir}/participants "
                          f"(there are: {known})")
    if participant not in exhibition.published_participants:
        raise ReviewError(f"'{slug}' has withdrawn or has no published photo: the site "
                          "publishes nothing of theirs, so there is nothing to review")
    write_atomically(Path(dest), _workbook(exhibition, participant, lang))
    return len(participant.published_photos)


def _workbook(exhibition: Exhibition, participant: Participant, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    words = WORDS[lang]
    book = Workbook()
    ws = book.active
    ws.title = sheet_name("review", lang)
    theme = SiteTheme.find(exhibition.build.theme, exhibition.root.parent)
    strings = {code: theme.strings(code) for code in exhibition.languages}
    rows: list[list[Any]] = [[words["title"]], [words["intro"]], [],
                             [words["folder"], participant.slug]]
    for code in exhibition.languages:
        city = resolve(exhibition.cities[participant.city].name, exhibition, code)
        rows.append([f"{words['credit']} ({code})",
                     credit_for(participant, city, strings[code], code).text])
        rows.append([f"{words['city']} ({code})", city.text])
    for code in exhibition.languages:
        rows.append([f"{words['bio']} ({code})", _text(participant.bio, exhibition, code, lang)])
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            put(ws.cell(row=number, column=column), value, wrap=column > 1)
    ws["A1"].font = Font(bold=True, size=14)
    first = len(rows) + 2
    _photo_table(ws, exhibition, participant, lang, first)
    last = first + len(participant.published_photos) + 2
    for offset, key in enumerate(("signed", "date", "signature")):
        put(ws.cell(row=last + offset, column=1), words[key])
        ws.cell(row=last + offset, column=1).font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _photo_table(ws, exhibition: Exhibition, participant: Participant, lang: str,
                 first: int) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    words = WORDS[lang]
    languages = exhibition.languages
    headers = [words["photo"]]
    for key in ("title_", "alt", "caption", "themes"):
        headers += [f"{words[key]} ({code})" for code in languages]
    headers += [words["original"], words["transcript"], words["ok"], words["comments"]]
    for column, text in enumerate(headers, start=1):
        put(ws.cell(row=first, column=column), text, wrap=True)
        ws.cell(row=first, column=column).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(column)].width = 36 if column > 1 else 34
    for index, photo in enumerate(participant.published_photos, start=1):
        row = first + index
        ws.row_dimensions[row].height = _ROW_HEIGHT
        _thumbnail(ws, photo, f"A{row}")
        values = []
        for field in (photo.title, photo.alt, photo.caption):
            values += [_text(field, exhibition, code, lang) for code in languages]
        values += [", ".join(resolve(exhibition.themes[slug].name, exhibition, code).text
                             for slug in photo.themes) for code in languages]
        values += [f"[{photo.original.lang}] {photo.original.text}" if photo.original else "",
                   " / ".join(_text(photo.transcript, exhibition, code, lang)
                              for code in languages) if photo.transcript else "", "", ""]
        for column, value in enumerate(values, start=2):
            put(ws.cell(row=row, column=column), value, wrap=True)
    ws.freeze_panes = ws.cell(row=first + 1, column=2)


def _text(value: Translatable, exhibition: Exhibition, code: str, lang: str) -> str:
    shown = resolve(value, exhibition, code)
    if shown.text and shown.lang != code:
        note = WORDS[lang]["fallback"].format(lang=code, shown=shown.lang)
        return f"{note} {shown.text}"
    return shown.text


def _thumbnail(ws, photo: Photo, anchor: str) -> None:
    """The photo as the site derives it: upright, blurred where asked, no metadata."""
    from openpyxl.drawing.image import Image as SheetImage

    from ..images import configure_pillow, derive_image
    from ..imageplan import ImageSpec

    configure_pillow()
    data = derive_image(photo.file, ImageSpec(THUMBNAIL_SIDE, "jpeg", 80), photo.redact)
    picture = SheetImage(io.BytesIO(data))
    scale = THUMBNAIL_SIDE / max(photo.width, photo.height, 1)
    picture.width, picture.height = round(photo.width * scale), round(photo.height * scale)
    ws.add_image(picture, anchor)
