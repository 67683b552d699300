"""The PDF catalogue's French reads as a Canadian editor writes it: the same checker as the
site's French pages (tests/french_text.py), over every French text of the PDF.

What is read is what a reader of the PDF gets: the marked text of each structure element
whose language (its /Lang, else the nearest above, else the document's) is French, the
figures' /Alt, the bookmarks and the document title. pypdf returns U+00A0 and U+202F as
WeasyPrint wrote them (see test_extraction_keeps_no_break_spaces), so the spacing rules
are checked on the PDF itself, not on the HTML given to WeasyPrint.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import weasyprint

from photovoice.build import BuildOptions
from photovoice.catalogue import make_catalogue

from french_text import article_cities, french_problems
from helpers import FIXTURE, SAMPLE, edit, load_exhibition
from test_catalogue import marked_texts, outline_titles


def french_pdf_texts(path: Path) -> list[str]:
    """Every French text of the PDF: marked text, /Alt, bookmarks and title."""
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    marked = [marked_texts(page) for page in reader.pages]
    found: list[tuple[str, str]] = []

    def walk(node, lang, page):
        node = node.get_object()
        lang = str(node.get("/Lang", lang))
        if "/Pg" in node:
            page = page_numbers[node.raw_get("/Pg").idnum]
        if "/Alt" in node:
            found.append((lang, str(node["/Alt"])))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
            if isinstance(kid, int):
                found.append((lang, marked[page].get(kid, "")))
            elif kid is not None:
                walk(kid, lang, page)

    walk(root["/StructTreeRoot"], str(root["/Lang"]), None)
    # Line ends become spaces; a no-break space is kept (str.split and str.strip would
    # take it), as a fragment's edge: « then a phrase marked as English.
    found = [(lang, re.sub(r"[ \t\r\n]+", " ", text).strip(" ")) for lang, text in found]
    french = [text for lang, text in found if lang.startswith("fr") and text]
    other = {text for lang, text in found if not lang.startswith("fr")}
    # A bookmark has no language of its own: it is French unless it is another language's text.
    titles = [title for title in outline_titles(path) + reader.metadata.title.split(" / ")
              if title not in other and not any(title in text for text in other)]
    return french + titles


def problems_of(path: Path, cities: tuple[str, ...]) -> list[str]:
    return [problem for text in french_pdf_texts(path) for problem in french_problems(text, cities)]


def catalogue(content: Path, output: Path, langs: tuple[str, ...], cache: Path) -> Path:
    make_catalogue(content, output, langs, BuildOptions(jobs=1, cache_dir=cache))
    return output


def test_extraction_keeps_no_break_spaces():
    """What the checker relies on: pypdf gives back the no-break spaces WeasyPrint laid out."""
    pdf = io.BytesIO()
    weasyprint.HTML(string='<html lang="fr"><p>Note\u00a0: «\u202fun\u202f» 200\u202f% '
                           '; à 6\u00a0h\u00a045</p></html>').write_pdf(pdf)
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "Note\u00a0: «\u202fun\u202f» 200\u202f% ; à 6\u00a0h\u00a045" in text


def test_french_catalogue_and_french_part_read_as_french(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    edit(tmp_path / "content/exhibition.yaml", "    name: Moncton\n",
         "    name: {en: Greater Moncton, fr: Grand Moncton}\n    article: {fr: le}\n")
    cities = article_cities(load_exhibition(tmp_path / "content").exhibition)
    assert cities == ("Grand Moncton",)
    for langs in (("fr",), ("en", "fr")):
        output = catalogue(tmp_path / "content", tmp_path / f"{len(langs)}.pdf", langs,
                           tmp_path / "cache")
        texts = french_pdf_texts(output)
        # The statement, its contact and the credits are read; English is not.
        for expected in ("Commentaires et coordonnées", "Courriel\u00a0:", "Table des matières",
                         "Un étal de fruits avec des caisses d’oranges sous un auvent rayé",
                         "Exposition d’essai – Catalogue de l’exposition"):
            assert any(expected in text for text in texts), (langs, expected)
        assert not any("The harbour" in text or "Welcome to a" in text for text in texts)
        assert problems_of(output, cities) == [], langs


def test_a_french_mistake_in_the_catalogue_is_found(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    # What typesetting cannot mend: the writing itself.
    edit(tmp_path / "content/participants/amal-haddad/participant.yaml", "fr: Le marché",
         "fr: Le marché des participant·e·s de Grand Moncton")
    output = catalogue(tmp_path / "content", tmp_path / "c.pdf", ("en", "fr"), tmp_path / "cache")
    found = {problem.split(": …")[0] for problem in problems_of(output, ("Grand Moncton",))}
    assert found == {"point médian (write « personnes participantes »)",
                     "« à/de » before a city that takes an article"}


def test_the_samples_french_catalogue_reads_as_french(built_sample, tmp_path):
    cities = article_cities(load_exhibition(SAMPLE).exhibition)
    assert cities == ("Grand Sudbury",)
    # The sample's photos are derived already, in the built sample's cache.
    output = catalogue(SAMPLE, tmp_path / "fr.pdf", ("fr",),
                       built_sample.parent / ".photovoice-cache")
    assert problems_of(output, cities) == []
    assert any("du Grand Sudbury" in text for text in french_pdf_texts(output))
