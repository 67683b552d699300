"""Consent as research ethics records it: use by use, on a form that may need renewing,
with bystanders' releases noted per photo; and a participant who is not credited by
name is not named in their own texts either. Each through the command line, as a
curator meets it."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from photovoice.model import Consent, Credit
from photovoice.sheet.changes import import_workbook

from helpers import edit, in_a_process, load_exhibition, run
from sheet_support import cell_value, edit_cell, exported

AMAL = "participants/amal-haddad/participant.yaml"
P02 = "participants/p02/participant.yaml"
AMAL_CONSENT = "consent:\n  publish: true\n  credit: name\n"


def amal_consents(content_dir: Path, *lines: str) -> None:
    edit(content_dir / AMAL, AMAL_CONSENT, AMAL_CONSENT + "".join(f"  {line}\n" for line in lines))


def built(project: Path, *args: str) -> str:
    result = run("build", "--jobs", "1", *args)
    assert result.exit_code == 0, result.output
    return result.output


def site_text(project: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace")
                     for path in sorted((project / "build").rglob("*"))
                     if path.is_file() and path.suffix in (".html", ".xml", ".txt", ""))


def test_every_use_is_consented_unless_said_and_the_form_is_recorded(content_dir):
    amal_consents(content_dir, "web: true", "print: false", "audio: false", "previews: false",
                  "slideshow: false", "form: PV-2026-014", "signed: 2026-03-02",
                  "renew_by: 2999-03-02")
    amal, p02 = load_exhibition(content_dir).exhibition.participants[:2]
    assert amal.consent == Consent(publish=True, credit=Credit.NAME, web=True, print=False,
                                   audio=False, previews=False, slideshow=False,
                                   form="PV-2026-014", signed="2026-03-02", renew_by="2999-03-02")
    assert (p02.consent.web, p02.consent.print, p02.consent.audio, p02.consent.previews,
            p02.consent.slideshow, p02.consent.form) == (True, True, True, True, True, "")


def test_a_use_that_is_not_true_or_false_is_an_error_at_its_line(project):
    amal_consents(project / "content", "print: maybe", "signed: 2 March")
    result = run("check")
    assert result.exit_code == 1
    assert f"content/{AMAL}:6: consent.print: expected true or false, got text" in result.output
    assert (f"content/{AMAL}:7: consent.signed: expected a date as YYYY-MM-DD (2026-11-30), "
            "got '2 March'") in result.output


def test_without_consent_to_the_web_a_participant_is_only_in_print(project):
    amal_consents(project / "content", "web: false")
    built(project)
    assert not (project / "build/en/participants/amal-haddad").exists()
    assert "Amal" not in site_text(project)
    exhibition = load_exhibition(project / "content").exhibition
    assert [p.slug for p in exhibition.published_participants] == ["p02"]
    assert [p.slug for p in exhibition.for_print().published_participants] == ["amal-haddad",
                                                                                "p02"]


def test_with_no_one_on_the_web_the_home_page_offers_no_empty_way_in(project):
    amal_consents(project / "content", "web: false")
    edit(project / "content" / P02, "  credit: initials\n", "  credit: initials\n  web: false\n")
    built(project)
    home = (project / "build/en/index.html").read_text(encoding="utf-8")
    assert "hero-actions" not in home and "slideshow/" not in home


def test_without_consent_to_print_a_participant_is_only_on_the_site(project):
    amal_consents(project / "content", "print: false")
    exhibition = load_exhibition(project / "content").exhibition
    assert [p.slug for p in exhibition.for_print().published_participants] == ["p02"]
    built(project)
    assert (project / "build/en/participants/amal-haddad/index.html").is_file()


def test_without_consent_to_audio_neither_the_voice_nor_its_transcript_is_published(project):
    built(project)
    assert list((project / "build").rglob("*-voice.*.mp3")) != []  # the fixture's narration
    amal_consents(project / "content", "audio: false")
    built(project)
    assert list((project / "build").rglob("*-voice.*.mp3")) == []
    assert "The smell of za" not in site_text(project)  # the transcript's words


def meta_of(page: Path) -> tuple[list[str], list[dict]]:
    html = page.read_text(encoding="utf-8")
    images = re.findall(r'<meta property="og:image" content="([^"]+)"', html)
    data = [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    return images, data


def test_without_consent_to_previews_no_link_preview_or_structured_data_shows_them(project):
    built(project)
    market = project / "build/en/participants/amal-haddad/market/index.html"
    images, data = meta_of(market)
    assert images and data[0]["creator"]["name"] == "Amal Haddad"  # with consent: shown
    amal_consents(project / "content", "previews: false")
    built(project)
    for page in (market, project / "build/en/participants/amal-haddad/index.html",
                 project / "build/en/index.html", project / "build/en/cities/brandon/index.html",
                 project / "build/en/themes/food/index.html"):
        images, data = meta_of(page)
        html = page.read_text(encoding="utf-8")
        assert not any("amal-haddad" in image for image in images), page
        assert "Amal" not in json.dumps(data) and "za'atar" not in json.dumps(data), page
        assert not re.search(r'<meta (name|property)="[^"]*description" content="[^"]*'
                             r"(Amal|za.atar|fruit stall)", html), page
    shares = [path for path in (project / "build/media").rglob("*")
              if "amal-haddad" in path.as_posix() and "share" in path.name]
    assert shares == []


def test_without_consent_to_the_slideshow_their_photos_are_not_in_it(project):
    amal_consents(project / "content", "slideshow: false")
    built(project)
    slideshow = (project / "build/en/slideshow/index.html").read_text(encoding="utf-8")
    assert "amal-haddad" not in slideshow and "p02/harbour" in slideshow
    edit(project / "content" / P02, "  credit: initials\n", "  credit: initials\n  slideshow: false\n")
    built(project)
    assert not (project / "build/en/slideshow").exists()
    assert "slideshow/" not in (project / "build/en/index.html").read_text(encoding="utf-8")


def test_a_form_past_its_renewal_date_warns_in_check_and_keeps_them_off_the_site(project):
    amal_consents(project / "content", "form: PV-014", "signed: 2024-03-02",
                  "renew_by: 2025-03-02")
    said = (f"content/{AMAL}:8: consent.renew_by: warning: the consent form was to be renewed "
            "by 2025-03-02: this participant is left out of the site and the catalogue until "
            "you enter the renewed form's date here")
    checked = run("check")
    assert checked.exit_code == 0 and said in checked.output
    assert said in in_a_process(project, "build")  # warnings are logged, to stderr
    assert not (project / "build/en/participants/amal-haddad").exists()
    assert "Amal" not in site_text(project)
    assert run("build", "--strict").exit_code == 1
    edit(project / "content" / AMAL, "renew_by: 2025-03-02", "renew_by: 2999-03-02")
    assert said not in in_a_process(project, "build")
    assert (project / "build/en/participants/amal-haddad/index.html").is_file()


def test_renewal_is_judged_on_the_day_of_the_build(content_dir):
    amal_consents(content_dir, "renew_by: 2026-06-30")
    on_time = load_exhibition(content_dir, today=datetime.date(2026, 6, 30)).exhibition
    late = load_exhibition(content_dir, today=datetime.date(2026, 7, 1)).exhibition
    assert [p.slug for p in on_time.published_participants] == ["amal-haddad", "p02"]
    assert [p.slug for p in late.published_participants] == ["p02"]


def test_a_bystander_release_note_is_kept_and_never_published(project):
    edit(project / "content" / AMAL, "    slug: market\n",
         "    slug: market\n    release: RELEASE-NOTE-k3j signed by the stall keeper\n")
    photo = load_exhibition(project / "content").exhibition.participants[0].photos[0]
    assert photo.release == "RELEASE-NOTE-k3j signed by the stall keeper"
    built(project)
    assert "k3j" not in site_text(project)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("caption: {en: \"We start at five in the morning.\"}",
     "caption: {en: \"Reyes starts at five in the morning.\"}",
     f"content/{P02}:13: photos[1].caption.en: contains 'Reyes', part of this participant's "
     "name, but they chose to be named by their initials: the site would show it; take it "
     "out"),
    ("title: {en: The harbour}", "title: {en: JOSE's harbour}",
     f"content/{P02}:11: photos[1].title.en: contains 'José'"),
    ("alt: {en: Fishing boats", "alt: {en: José's fishing boats",
     f"content/{P02}:12: photos[1].alt.en: contains 'José'"),
    ("bio:\n  en: He works", "bio:\n  en: Mr Reyes works", f"content/{P02}:7: bio.en: contains"),
    ("slug: harbour", "slug: reyes-harbour", f"content/{P02}:10: photos[1].slug: contains 'Reyes'"),
    ("    slug: harbour\n", "",
     f"content/{P02}:9: photos[1].file: the photo's web address"),
])
def test_a_name_in_the_texts_of_someone_not_credited_by_name_is_an_error(project, old, new,
                                                                         expected):
    content = project / "content"
    if not new:  # an address made from a file name that carries the name
        (content / "participants/p02/Screenshot_20230702-101500.png").rename(
            content / "participants/p02/reyes-harbour.png")
        edit(content / P02, "Screenshot_20230702-101500.png", "reyes-harbour.png")
    edit(content / P02, old, new)
    result = run("check")
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert run("build").exit_code == 1


def test_names_are_looked_for_as_words_and_a_city_name_is_no_name(content_dir):
    edit(content_dir / P02, "name: José Reyes", "name: Moncton Reyes")
    edit(content_dir / P02, "We start at five", "In Moncton, the Reyesville boats start at five")
    load_exhibition(content_dir)  # no error: Moncton is said by the credit, Reyesville is a word
    edit(content_dir / P02, "credit: initials", "credit: name")
    edit(content_dir / P02, "Reyesville boats", "Reyes boats")
    load_exhibition(content_dir)  # credited by name: their name is theirs to show


def test_the_sheet_carries_each_consent_and_round_trips(content_dir):
    amal_consents(content_dir, "print: false", "renew_by: 2999-03-02")
    before = (content_dir / AMAL).read_text(encoding="utf-8")
    book = exported(content_dir)
    assert cell_value(book, "Participants", ("amal-haddad",), "Consent: print") == "false"
    assert cell_value(book, "Participants", ("amal-haddad",), "Consent: renew by") == "2999-03-02"
    assert import_workbook(content_dir, book).written == ()
    assert (content_dir / AMAL).read_text(encoding="utf-8") == before
    edit_cell(book, "Participants", ("amal-haddad",), "Consent: website", "false")
    import_workbook(content_dir, book)
    assert "  web: false\n" in (content_dir / AMAL).read_text(encoding="utf-8")
    assert load_exhibition(content_dir).exhibition.participants[0].consent.web is False


def test_a_remembered_participant_is_read_again_once_their_form_lapses(content_dir):
    from photovoice.participant_record import RecordedParticipants

    class Store(dict):
        put = dict.__setitem__

    memo = RecordedParticipants(Store())
    amal_consents(content_dir, "renew_by: 2026-06-30")
    on_time = load_exhibition(content_dir, remembered=memo, today=datetime.date(2026, 6, 30))
    late = load_exhibition(content_dir, remembered=memo, today=datetime.date(2026, 7, 1))
    assert [p.slug for p in on_time.exhibition.published_participants] == ["amal-haddad", "p02"]
    assert [p.slug for p in late.exhibition.published_participants] == ["p02"]
    assert any(w.field == "consent.renew_by" for w in late.warnings)
