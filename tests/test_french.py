"""French as a Canadian editor writes it, and what the exhibition says about itself.

City phrases with their article, épicène credits, French addresses, the inline language
syntax, the credits, contact and accessibility statement, and `check`'s advice on them.
The whole-site typography check is test_every_french_page_reads_as_french.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from photovoice.build import BuildOptions, build
from helpers import FIXTURE, edit, load_exhibition
from photovoice.markup import plain_text, render_markdown
from photovoice.model import City, Localized, Translatable
from photovoice.quality import review_exhibition
from photovoice.views import city_phrases, localized_slugs

from french_text import article_cities, english_problems, english_texts, french_problems, french_texts
from sitecheck import parse
from test_load import errors_of

FR = {"city_in": "à {city}", "city_from": "de {city}"}
EN = {"city_in": "in {city}", "city_from": "from {city}"}


def phrases(name: str, strings=FR, lang="fr", **fields) -> tuple[str, str]:
    city = City(slug="x", name=Translatable.of({lang: name}), province="ON", **fields)
    found = city_phrases(city, Localized(name, lang), strings, lang)
    return found.name_in, found.name_from


@pytest.mark.parametrize("name, article, expected", [
    ("Brandon", None, ("à Brandon", "de Brandon")),
    ("Edmundston", None, ("à Edmundston", "d’Edmundston")),
    ("Grand Sudbury", "le", ("au Grand Sudbury", "du Grand Sudbury")),
    ("Prairie", "la", ("à la Prairie", "de la Prairie")),
    ("Assomption", "l'", ("à l'Assomption", "de l'Assomption")),
    ("Escoumins", "les", ("aux Escoumins", "des Escoumins")),
])
def test_a_french_city_takes_its_article_in_sentences(name, article, expected):
    fields = {"article": Translatable.of(fr=article)} if article else {}
    assert phrases(name, **fields) == expected


def test_the_curators_phrases_win_and_english_keeps_its_own():
    assert phrases("Îles-de-la-Madeleine", name_in=Translatable.of(fr="aux Îles-de-la-Madeleine"),
                   name_from=Translatable.of(fr="des Îles")) == ("aux Îles-de-la-Madeleine",
                                                                 "des Îles")
    # A French article says nothing about English sentences.
    assert phrases("Greater Sudbury", EN, "en", article=Translatable.of(fr="le")) == \
        ("in Greater Sudbury", "from Greater Sudbury")


def test_an_article_that_is_not_one_is_reported_at_its_line(content_dir):
    edit(content_dir / "exhibition.yaml", "    province: MB\n",
         "    province: MB\n    article: {fr: du}\n")
    assert any(e.startswith("content/exhibition.yaml:25: cities.brandon.article.fr: 'du' is not "
                            "an article: use one of le, la, l', l’, les")
               for e in errors_of(content_dir)), errors_of(content_dir)


def test_a_given_slug_must_be_a_slug(content_dir):
    edit(content_dir / "exhibition.yaml", "    name: {en: Winter, fr: Hiver}\n",
         "    name: {en: Winter, fr: Hiver}\n    slugs: {fr: L'hiver}\n")
    assert any("themes.winter.slugs.fr: 'L'hiver' is not a valid slug" in e
               for e in errors_of(content_dir)), errors_of(content_dir)


def test_french_addresses_follow_the_french_names(built_site):
    theme = parse((built_site / "fr/themes/alimentation-et-commerces/index.html").read_text())
    switch = [a.attrs["href"] for a in theme.find("a", hreflang="en") if "lang" in a.attrs]
    assert switch == ["../../../en/themes/food/index.html"]
    english = (built_site / "en/participants/amal-haddad/market/index.html").read_text()
    assert 'hreflang="fr" href="https://example.org/test-exhibit/fr/participants/amal-haddad/' \
           'le-marche/"' in english
    sitemap = (built_site / "sitemap.xml").read_text()
    assert "fr/themes/hiver/" in sitemap and "fr/themes/winter/" not in sitemap
    # Names the same in both languages keep the key; a missing French title too.
    assert (built_site / "fr/villes/brandon/index.html").is_file()
    assert (built_site / "fr/participants/p02/harbour/index.html").is_file()
    assert not list(built_site.glob("fr/**/market")) + list(built_site.glob("fr/**/food"))


def test_made_addresses_never_collide_and_given_ones_win():
    same = Translatable.of(en="A", fr="Le marché")
    items = {"market": ({}, same), "market-2": ({}, Translatable.of(en="B", fr="Le marché")),
             "stall": ({"fr": "le-marche"}, Translatable.of(en="C", fr="Étal"))}
    assert localized_slugs(items, "fr", "en") == {
        "market": "le-marche-2", "market-2": "le-marche-3", "stall": "le-marche"}
    assert localized_slugs(items, "en", "en") == {
        "market": "market", "market-2": "market-2", "stall": "stall"}


def test_a_phrase_in_another_language_is_marked_for_screen_readers():
    html = render_markdown("J'ai appris à dire « [appointment]{lang=en} ».", "fr")
    assert html == '<p>J’ai appris à dire «\u00a0<span lang="en">appointment</span>\u00a0».</p>'
    assert plain_text("dire « [appointment]{lang=en} »") == "dire « appointment »"
    # Not a language code: left as typed.
    assert "[x]{lang=not a code}" in render_markdown("[x]{lang=not a code}", "en")


def test_check_advises_contact_dates_and_unmarked_english(content_dir):
    text = (content_dir / "exhibition.yaml").read_text(encoding="utf-8")
    (content_dir / "exhibition.yaml").write_text(text.split("# How visitors reach")[0],
                                                 encoding="utf-8")
    edit(content_dir / "exhibition.yaml", "    description: {en: The first snow., "
         "fr: La première neige.}", "    description: {en: The first snow., "
         "fr: \"La première neige, sans « boots ».\"}")
    notes = {(n.path.rsplit("/", 1)[-1], n.field): n.message
             for n in review_exhibition(load_exhibition(content_dir).exhibition).notes}
    assert notes[("exhibition.yaml", "contact")].startswith("no way for visitors to reach")
    assert ("exhibition.yaml", "accessibility.date") in notes
    assert ("exhibition.yaml", "accessibility.reviewed") in notes
    assert notes[("exhibition.yaml", "themes.winter.description.fr")] == (
        "« boots » looks like English inside French text: write it as [boots]{lang=en} so "
        "that screen readers pronounce it in English")


def test_check_is_quiet_when_they_are_given(content_dir):
    notes = review_exhibition(load_exhibition(content_dir).exhibition).notes
    assert not [n for n in notes if n.path.endswith("exhibition.yaml")]


CONTEXT = """\
credits:
  team: {en: Ana Roy (principal investigator)., fr: Ana Roy (chercheuse principale).}
  cite: {en: "Roy, A. (2026). *Test*.", fr: "Roy, A. (2026). *Essai*."}
contact:
  email: team@example.org
  response: {en: We answer within a week., fr: Nous répondons en une semaine.}
accessibility:
  status: full
  date: 2026-11-01
  reviewed: 2026-12-07
  tested_with: {en: NVDA with Firefox., fr: NVDA avec Firefox.}
"""


@pytest.mark.parametrize("old, new, expected", [
    ("  email: team@example.org", "  phone: 555",
     "exhibition.yaml:42: contact.phone: unknown field"),
    ("  email: team@example.org", "  email: not-an-address",
     "exhibition.yaml:42: contact.email: 'not-an-address' is not an email address"),
    ("  email: team@example.org", "  form: example.org/contact",
     "exhibition.yaml:42: contact.form: must be a web address starting with https://"),
    ("  date: 2026-11-01", "  date: 2026-13-01",
     "exhibition.yaml:44: accessibility.date: expected a date as YYYY-MM-DD"),
    ("  date: 2026-11-01", "  status: mostly",
     "exhibition.yaml:44: accessibility.status: must be full (fully conformant), partial"),
])
def test_each_context_error_names_its_line_and_field(content_dir, old, new, expected):
    edit(content_dir / "exhibition.yaml", old, new)
    errors = errors_of(content_dir)
    assert any(e.startswith("content/" + expected) for e in errors), errors


@pytest.fixture(scope="module")
def site_with_context(tmp_path_factory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("context")
    shutil.copytree(FIXTURE, root / "content")
    text = (root / "content/exhibition.yaml").read_text(encoding="utf-8")
    (root / "content/exhibition.yaml").write_text(text.split("# How visitors reach")[0] + CONTEXT,
                                                  encoding="utf-8")
    build(root / "content", root / "site", BuildOptions(jobs=1, cache_dir=root / "cache"))
    return root / "site"


def test_about_page_and_footer_show_credits_and_contact(site_with_context):
    about = (site_with_context / "fr/a-propos/index.html").read_text()
    assert '<h2 id="credits">Générique</h2>' in about
    assert "<h3>Équipe de recherche</h3>" in about and "<h3>Comment citer cette exposition</h3>" \
        in about and "Financement" not in about
    assert 'Courriel\u00a0: <a href="mailto:team@example.org">team@example.org</a>' in about
    home = parse((site_with_context / "en/index.html").read_text())
    footer = [(a.attrs["href"], a.text) for a in home.find("a") if a.text in
              ("Credits and how to cite", "Contact")]
    assert footer == [("about/index.html#credits", "Credits and how to cite"),
                      ("mailto:team@example.org", "Contact")]


def test_without_a_contact_the_statement_promises_none(content_dir, tmp_path):
    text = (content_dir / "exhibition.yaml").read_text(encoding="utf-8")
    (content_dir / "exhibition.yaml").write_text(text.split("contact:")[0], encoding="utf-8")
    build(content_dir, tmp_path / "site", BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    bare = (tmp_path / "site/en/accessibility/index.html").read_text()
    assert "has not published a contact address yet" in bare and "mailto:" not in bare
    assert "ask us" not in bare


def test_the_accessibility_statement_follows_the_wai_model(site_with_context, built_site):
    page = parse((site_with_context / "en/accessibility/index.html").read_text())
    headings = [h.text for h in page.find("h2")]
    assert headings == ["Conformance status", "How it is tested",
                        "Assistive technologies and browsers tried", "Known limitations",
                        "Alternate formats", "Feedback and contact", "Date of this statement"]
    html = (site_with_context / "fr/accessibilite/index.html").read_text()
    assert "<strong>entièrement conforme</strong>" in html
    assert "Cette déclaration a été rédigée le 1er novembre 2026. Elle a été revue pour la " \
           "dernière fois le 7 décembre 2026." in " ".join(html.split())
    assert "Nous répondons en une semaine." in html
    # Without a contact it promises none, and says so.
    bare = (built_site / "en/accessibility/index.html").read_text()
    assert "partially conformant" in bare


def test_an_anonymous_credit_is_epicene_and_names_its_city_once(tmp_path):
    import shutil

    shutil.copytree(FIXTURE, tmp_path / "content")
    edit(tmp_path / "content/participants/p02/participant.yaml", "credit: initials",
         "credit: anonymous")
    edit(tmp_path / "content/exhibition.yaml", "    name: Moncton\n",
         "    name: {en: Greater Moncton, fr: Grand Moncton}\n    article: {fr: le}\n")
    build(tmp_path / "content", tmp_path / "site",
          BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    page = (tmp_path / "site/fr/participants/p02/index.html").read_text()
    assert "<h1>Personne participante du Grand Moncton</h1>" in page
    assert "Photos d’une personne participante du Grand Moncton" in page
    assert "Grand Moncton (Nouveau-Brunswick)" not in page.split("<main", 1)[1].split("</main>")[0]
    city = (tmp_path / "site/fr/villes/grand-moncton/index.html").read_text()
    assert "Personnes participantes au Grand Moncton" in city
    photo = (tmp_path / "site/en/participants/p02/harbour/index.html").read_text()
    assert "by a participant from Greater Moncton ·" in photo
    assert "Greater Moncton, New Brunswick" not in photo.split('class="byline"', 1)[1].split("</p>")[0]


@pytest.mark.slow
def test_every_french_page_reads_as_french(built_sample):
    """Visible text and what is read aloud or shared (alt, aria-label, title, meta, Open
    Graph, JSON-LD) of every French page: OQLF spacing, ’, no point médian, articles."""
    sample = load_exhibition(Path(__file__).parent.parent / "content").exhibition
    cities = article_cities(sample)
    assert cities == ("Grand Sudbury",)
    pages = sorted((built_sample / "fr").rglob("*.html")) + [built_sample / "index.html",
                                                            built_sample / "404.html"]
    problems = [f"{page.relative_to(built_sample)}: {problem}"
                for page in pages for text in french_texts(page.read_text(encoding="utf-8"))
                for problem in french_problems(text, cities)]
    assert problems == []
    city = (built_sample / "fr/villes/grand-sudbury/index.html").read_text(encoding="utf-8")
    assert "Personnes participantes au Grand Sudbury" in city
    assert "Personne participante du Grand Sudbury" in city
    assert len(pages) > 80


@pytest.mark.slow
def test_english_pages_keep_english_spacing(built_sample):
    """French spacing must not leak into English: 200%, not 200 %; no space before a colon."""
    pages = sorted((built_sample / "en").rglob("*.html")) + [built_sample / "index.html"]
    problems = [f"{page.relative_to(built_sample)}: {problem}"
                for page in pages for text in english_texts(page.read_text(encoding="utf-8"))
                for problem in english_problems(text)]
    assert problems == []
    statement = (built_sample / "en/accessibility/index.html").read_text(encoding="utf-8")
    assert "200% and 400% zoom" in statement


def test_the_english_checker_finds_french_spacing():
    html = ('<html lang="en"><body><p>Zoom to 200 % at 6 h 45 : here</p>'
            '<p lang="fr">Zoom à 200 % : non vérifié ici</p></body></html>')
    found = [problem.split(": …")[0] for text in english_texts(html)
             for problem in english_problems(text)]
    assert found == ["a space before % (200% in English)", "a space before : ; ! or ? in English",
                     "a French time (6 h 45) in English"]


def test_the_checker_finds_what_an_editor_would():
    html = ('<html lang="fr"><head><meta name="description" content="Photo : ici">'
            '<script type="application/ld+json">{"name": "Participant·e de Grand Sudbury"}'
            '</script></head><body><p>« bonjour » ! 200 % à 6 h 45, l\'été</p>'
            '<p lang="en">Note: English is not checked</p></body></html>')
    found = [problem.split(": …")[0] for text in french_texts(html)
             for problem in french_problems(text, ("Grand Sudbury",))]
    assert sorted(set(found)) == sorted({
        "no no-break space before « : »", "point médian (write « personnes participantes »)", "« à/de » before a city that "
        "takes an article", "no no-break space after « « »", "no no-break space before « » »",
        "a breaking space before ; ! or ?", "no no-break space before %",
        "a straight apostrophe (’ in French text)", "a breaking space in a time (6 h 45)"})
