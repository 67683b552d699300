"""The printed catalogue: a tagged PDF with the site's consent and credit rules."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pypdf
import pytest
import weasyprint  # noqa: F401  (the test extra installs it: fail loudly, never skip)

from photovoice.build import BuildOptions, build
from photovoice.catalogue import PdfUnavailable, make_catalogue
from photovoice.diagnostics import ContentError

from helpers import FIXTURE, edit
from sitecheck import assert_no_metadata

SECRETS = re.compile(r"canary|x7k|q8z", re.IGNORECASE)
# Long enough never to occur by chance in compressed or image data.
RAW_SECRETS = (b"CANARY", b"canary", b"-x7k", b"-q8z", b"CANARY-CAMERA-MODEL", b"Exif")
FULL_NAMES = ("José Reyes", "Jose Reyes", "Reyes")
# Per language: cover, contents, introduction, 2 participant pages, 3 photo pages, about,
# accessibility statement.
PAGES_PER_LANGUAGE = 10


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """The fixture's catalogue in English, in French and in both, made once for the module."""
    project = tmp_path_factory.mktemp("catalogue") / "project"
    shutil.copytree(FIXTURE, project / "content")
    options = BuildOptions(jobs=1, cache_dir=project / "cache")
    made = {}
    for name, langs in (("en", ("en",)), ("fr", ("fr",)), ("both", ("en", "fr"))):
        output = project / "print" / f"catalogue-{name}.pdf"
        made[name] = (output, make_catalogue(project / "content", output, langs, options))
    return made


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def structure(path: Path) -> list:
    """Every structure element of a tagged PDF, depth first."""
    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
            if kid is not None and not isinstance(kid, int):
                walk(kid)

    walk(pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


def marked_texts(page) -> dict[int, str]:
    """The text of each marked-content sequence of a page, by MCID."""
    open_ids, texts = [], {}

    def operator(op, args, cm, tm):
        if op == b"BDC":
            open_ids.append(args[1].get("/MCID") if isinstance(args[1], dict) else None)
        elif op == b"BMC":
            open_ids.append(None)
        elif op == b"EMC" and open_ids:
            open_ids.pop()

    def text(value, cm, tm, font, size):
        mcid = next((i for i in reversed(open_ids) if i is not None), None)
        if mcid is not None:
            texts[mcid] = texts.get(mcid, "") + value

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return texts


def text_languages(path: Path) -> list[tuple[str, str]]:
    """(language, text) of each marked text, its language the nearest /Lang of the
    structure elements holding it, else the document's."""
    reader = pypdf.PdfReader(path)
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    texts = [marked_texts(page) for page in reader.pages]
    root = reader.trailer["/Root"]
    found = []

    def walk(node, lang, page):
        node = node.get_object()
        lang = str(node.get("/Lang", lang))
        if "/Pg" in node:
            page = page_numbers[node.raw_get("/Pg").idnum]
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
            if isinstance(kid, int):  # a marked-content id on the element's page
                found.append((lang, " ".join(texts[page].get(kid, "").split())))
            elif kid is not None:
                walk(kid, lang, page)

    walk(root["/StructTreeRoot"], str(root["/Lang"]), None)
    return found


def languages_of(found: list[tuple[str, str]], text: str) -> set[str]:
    langs = {lang for lang, marked in found if text in marked}
    assert langs, f"{text!r} is in no marked content of the PDF"
    return langs


def outline_titles(path: Path) -> list[str]:
    def flatten(items):
        for item in items:
            yield from flatten(item) if isinstance(item, list) else [item.title]
    return list(flatten(pypdf.PdfReader(path).outline))


def streams(path: Path) -> list[tuple[str, bytes]]:
    """(filter, decoded bytes) of every stream; JPEGs stay as embedded (DCTDecode)."""
    reader = pypdf.PdfReader(path)
    found = []
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if isinstance(obj, pypdf.generic.StreamObject):
            found.append((str(obj.get("/Filter")), obj.get_data()))
    return found


def test_report_matches_the_pdf(catalogues):
    output, report = catalogues["en"]
    assert report.output == output
    assert report.photos == 3
    assert report.pages == len(pypdf.PdfReader(output).pages) == PAGES_PER_LANGUAGE
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".")] == []


def test_letter_pages_with_numbers(catalogues):
    output, _ = catalogues["en"]
    reader = pypdf.PdfReader(output)
    box = reader.pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert re.search(r"\b2\s*$", reader.pages[1].extract_text())


def test_document_language_and_title(catalogues):
    for name, lang, title in (
            ("en", "en", "Test Exhibition – Exhibition catalogue"),
            ("fr", "fr", "Exposition d’essai – Catalogue de l’exposition"),
            ("both", "en", "Test Exhibition – Exhibition catalogue / "
                           "Exposition d’essai – Catalogue de l’exposition")):
        reader = pypdf.PdfReader(catalogues[name][0])
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert reader.metadata.title == title
        assert "/Author" not in reader.metadata


def test_no_author_metadata_names_a_participant(catalogues):
    for output, _ in catalogues.values():
        reader = pypdf.PdfReader(output)
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b"dc:creator" not in xmp
        for name in (b"Amal", b"Haddad", "José".encode(), b"Reyes"):
            assert name not in xmp
            assert name.decode() not in " ".join(str(v) for v in reader.metadata.values())


def test_titles_captions_and_original_words(catalogues):
    text = pdf_text(catalogues["en"][0])
    for expected in ("The market", "Every Saturday I buy", "First snow", "My first winter.",
                     "The harbour", "We start at five in the morning.",
                     "Welcome to a", "Accessibility statement", "A research team."):
        assert expected in text
    assert "الزعتر" in text  # the Arabic original


def test_credit_rules(catalogues):
    for name in ("en", "fr", "both"):
        text = pdf_text(catalogues[name][0])
        assert "J. R." in text
        assert "Amal Haddad" in text
        for full_name in FULL_NAMES:
            assert full_name not in text


def test_withdrawn_content_leaves_no_trace(catalogues):
    for output, _ in catalogues.values():
        assert not SECRETS.search(pdf_text(output))
        assert not SECRETS.search(" ".join(outline_titles(output)))
        data = output.read_bytes()
        for secret in RAW_SECRETS:
            assert secret not in data
        for kind, decoded in streams(output):
            for secret in RAW_SECRETS:
                assert secret not in decoded, (kind, secret)


def test_photos_are_the_derived_jpegs_without_metadata(catalogues):
    output, _ = catalogues["en"]
    jpegs = [data for kind, data in streams(output) if "DCTDecode" in kind]
    assert len(jpegs) == 3  # one per published photo; the cover reuses the first
    cached = {path.read_bytes() for path in (output.parent.parent / "cache").rglob("*.jpg")}
    for data in jpegs:
        assert_no_metadata(data)
        assert b"CANARY-CAMERA-MODEL" not in data
        assert data in cached  # embedded as derived, never re-read from the original


def test_tagged_pdf_with_alt_text_and_languages(catalogues):
    output, _ = catalogues["en"]
    root = pypdf.PdfReader(output).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    elements = structure(output)
    alts = {str(e["/Alt"]) for e in elements if e.get("/S") == "/Figure"}
    assert "A fruit stall with crates of oranges under a striped awning" in alts
    assert "Fishing boats tied up at a wooden wharf on a grey morning" in alts
    assert {str(e["/Lang"]) for e in elements if "/Lang" in e} == {"ar"}
    headings = [e.get("/S") for e in elements if str(e.get("/S", "")).startswith("/H")]
    assert headings.count("/H1") == 1


def test_outline_lists_participants_and_photos(catalogues):
    titles = outline_titles(catalogues["en"][0])
    assert titles[0] == "Test Exhibition"
    for expected in ("Amal Haddad", "The market", "First snow", "J. R.", "The harbour"):
        assert expected in titles


def test_both_languages_in_one_pdf(catalogues):
    output, report = catalogues["both"]
    assert report.pages == 2 * PAGES_PER_LANGUAGE
    text = pdf_text(output)
    assert text.index("The market") < text.index("Le marché")
    assert "Chaque samedi, j’achète du za’atar ici" in text
    assert "Table des matières" in text
    titles = outline_titles(output)
    assert "Test Exhibition" in titles and "Exposition d’essai" in titles
    langs = [str(e["/Lang"]) for e in structure(output) if "/Lang" in e]
    assert set(langs) == {"ar", "fr", "en"}  # the French part; in it, English fallbacks
    assert langs.count("ar") == 2  # the original words, in each part
    found = text_languages(output)
    assert languages_of(found, "The market") == {"en"}
    assert languages_of(found, "Le marché") == {"fr"}
    assert languages_of(found, "Table des matières") == {"fr"}
    assert languages_of(found, "The harbour") == {"en"}  # in the French part too


def test_fallback_text_carries_its_own_language(catalogues):
    """p02 wrote no French: in the French catalogue, their title, caption and alt text are
    English, and a screen reader must be told so (WCAG 3.1.2)."""
    output, _ = catalogues["fr"]
    found = text_languages(output)
    assert languages_of(found, "The harbour") == {"en"}  # the photo page, the contents
    assert languages_of(found, "We start at five in the morning.") == {"en"}
    assert languages_of(found, "Le marché") == {"fr"}  # the rest stays French
    assert languages_of(found, "Thèmes") == {"fr"}
    assert languages_of(found, "Chaque samedi") == {"fr"}
    figures = {str(e["/Alt"]): str(e.get("/Lang", "")) for e in structure(output)
               if e.get("/S") == "/Figure"}
    assert figures["Fishing boats tied up at a wooden wharf on a grey morning"] == "en"
    assert figures["Un étal de fruits avec des caisses d’oranges sous un auvent rayé"] == ""
    assert {lang for lang, marked in found if "الزعتر" in marked} == {"ar"}
    from weasyprint.pdf import tags  # the hook that adds /Lang is gone once the PDF is made
    assert tags._build_box_tree.__qualname__ == "_build_box_tree"


def test_french_catalogue_is_french(catalogues):
    text = pdf_text(catalogues["fr"][0])
    assert "Le marché" in text and "Première neige" in text
    assert "The market" not in text
    assert "The harbour" in text  # no French title: the English one, as on the site


def test_content_errors_leave_the_previous_catalogue(content_dir, tmp_path):
    output = tmp_path / "catalogue.pdf"
    output.write_bytes(b"previous")
    edit(content_dir / "participants" / "amal-haddad" / "participant.yaml",
         "city: brandon", "city: brandom")
    with pytest.raises(ContentError) as caught:
        make_catalogue(content_dir, output, ("en",), BuildOptions(jobs=1))
    assert "unknown city 'brandom'" in str(caught.value)
    assert output.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["catalogue.pdf"]


def test_consent_to_print_decides_who_is_in_the_catalogue(content_dir, tmp_path):
    amal = content_dir / "participants" / "amal-haddad" / "participant.yaml"
    edit(amal, "  credit: name\n", "  credit: name\n  print: false\n")
    output = tmp_path / "catalogue.pdf"
    make_catalogue(content_dir, output, ("en",), BuildOptions(jobs=1))
    text = pdf_text(output)
    assert "Amal" not in text and "The market" not in text and "The harbour" in text
    edit(amal, "  print: false\n", "  print: true\n  web: false\n")  # print, not the site
    make_catalogue(content_dir, output, ("en",), BuildOptions(jobs=1))
    assert "Amal Haddad" in pdf_text(output)


def test_refuses_to_write_into_the_content_or_the_site(content_dir, tmp_path):
    options = BuildOptions(jobs=1, cache_dir=tmp_path / "cache")
    with pytest.raises(ContentError, match="inside the content folder"):
        make_catalogue(content_dir, content_dir / "catalogue.pdf", ("en",), options)
    site = tmp_path / "site"
    build(content_dir, site, options)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    with pytest.raises(ContentError, match="builds the site into"):
        make_catalogue(content_dir, site / "en" / "catalogue.pdf", ("en",), options)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_unknown_language(content_dir, tmp_path):
    with pytest.raises(ContentError, match="'de' is not a language of this exhibition"):
        make_catalogue(content_dir, tmp_path / "c.pdf", ("de",), BuildOptions(jobs=1))


def test_without_weasyprint_the_curator_is_told_what_to_install(content_dir, tmp_path,
                                                               monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    with pytest.raises(PdfUnavailable, match=re.escape("pipx inject photovoice weasyprint (or, if you installed "
                                              "photovoice with pip: pip install weasyprint)")):
        make_catalogue(content_dir, tmp_path / "c.pdf", ("en",), BuildOptions(jobs=1))
    assert not (tmp_path / "c.pdf").exists()



def test_links_in_texts_never_point_at_the_curators_disk(content_dir, tmp_path):
    edit(content_dir / "exhibition.yaml", "    A research team.",
         "    A research team ([contact us](contact/)).")
    output = tmp_path / "catalogue.pdf"
    make_catalogue(content_dir, output, ("en",),
                   BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    links = [annotation.get_object()["/A"].get("/URI")
             for page in pypdf.PdfReader(output).pages
             for annotation in page.get("/Annots", [])
             if "/URI" in annotation.get_object().get("/A", {})]
    assert "https://example.org/test-exhibit/contact/" in links
    for kind, data in streams(output) + [("file", output.read_bytes())]:
        assert b"file:" not in data and str(tmp_path).encode() not in data


def test_cli_command(content_dir, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from photovoice.cli import main

    monkeypatch.chdir(content_dir.parent)
    result = CliRunner().invoke(main, ["catalogue", "--lang", "en", "-j", "1", "-o", "c.pdf"])
    assert result.exit_code == 0, result.output
    assert (content_dir.parent / "c.pdf").read_bytes().startswith(b"%PDF-")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = CliRunner().invoke(main, ["catalogue", "-o", "d.pdf"])
    assert result.exit_code == 2
    assert "pipx inject photovoice weasyprint" in result.output


def test_build_writes_each_languages_catalogue_into_the_site_and_offers_it(content_dir,
                                                                           monkeypatch):
    from click.testing import CliRunner

    from photovoice.cli import main

    monkeypatch.chdir(content_dir.parent)
    site = content_dir.parent / "build"
    result = CliRunner().invoke(main, ["build", "-j", "1", "--catalogue"])
    assert result.exit_code == 0, result.output
    assert ("The PDF catalogue is in the site too (en/catalogue.pdf, fr/catalogue.pdf), "
            "offered from its About and accessibility pages.") in result.output
    for lang, about, statement in (("en", "about", "accessibility"),
                                   ("fr", "a-propos", "accessibilite")):
        pdf = site / lang / "catalogue.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        for page in (about, statement):
            html = (site / lang / page / "index.html").read_text(encoding="utf-8")
            assert 'href="../catalogue.pdf"' in html, (lang, page)
    text = pdf_text(site / "en" / "catalogue.pdf")
    assert "Feedback and contact" in text and "team@example.org" in text  # the statement's
    assert "Commentaires et coordonnées" in pdf_text(site / "fr" / "catalogue.pdf")
    # --catalogue asks for that one build: the next plain build leaves the catalogue out,
    # until build.catalogue asks for it in every build.
    assert CliRunner().invoke(main, ["build", "-j", "1"]).exit_code == 0
    assert not (site / "en" / "catalogue.pdf").exists()
    edit(content_dir / "exhibition.yaml", "languages: [en, fr]",
         "languages: [en, fr]\nbuild:\n  catalogue: true")
    assert CliRunner().invoke(main, ["build", "-j", "1"]).exit_code == 0
    cached = sorted((content_dir.parent / ".photovoice-cache" / "catalogue").iterdir())
    assert CliRunner().invoke(main, ["build", "-j", "1"]).exit_code == 0
    # Laid out once: the unchanged exhibition's PDFs come from the cache.
    assert sorted((content_dir.parent / ".photovoice-cache" / "catalogue").iterdir()) == cached
    assert (site / "en" / "catalogue.pdf").is_file()
    assert CliRunner().invoke(main, ["build", "-j", "1", "--no-catalogue"]).exit_code == 0
    assert not (site / "en" / "catalogue.pdf").exists()
    assert "catalogue.pdf" not in (site / "en/about/index.html").read_text(encoding="utf-8")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = CliRunner().invoke(main, ["build", "-j", "1"])
    assert result.exit_code == 1
    assert ("content/exhibition.yaml: build.catalogue: making a PDF needs WeasyPrint, which is "
            "not installed: pipx inject photovoice weasyprint") in result.output
    assert not (site / "en" / "catalogue.pdf").exists()  # the previous site, unchanged
