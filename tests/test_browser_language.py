"""Languages as Chromium sees them: lang per folder, language switch, hreflang, right to left."""

from __future__ import annotations

import pytest

from browser_support import classify, http_status
from browser_survey import facts_by_page

pytestmark = pytest.mark.browser

RTL = {"ar", "fa", "he", "ps", "ur", "yi", "dv", "sd", "ug"}


def test_every_page_declares_the_language_of_its_folder(http_survey, site_pages):
    problems = []
    for site_page in site_pages:
        facts = http_survey[site_page.rel].facts
        if site_page.lang:
            if facts["lang"] != site_page.lang:
                problems.append(f"{site_page}: <html lang={facts['lang']!r}>")
            continue
        # The bilingual root pages: lang of the default language, each half marked.
        languages = {p.lang for p in site_pages if p.lang}
        if facts["lang"] not in languages:
            problems.append(f"{site_page}: <html lang={facts['lang']!r}>")
        if set(facts["halves"]) != languages:
            problems.append(f"{site_page}: halves marked {facts['halves']}, "
                            f"expected {sorted(languages)}")
    assert not problems, "\n".join(problems)


def test_the_language_switch_goes_to_the_same_page_in_the_other_language(http_survey, site_pages,
                                                                        site_server):
    problems = []
    by_rel = {p.rel: p for p in site_pages}
    for site_page in site_pages:
        if not site_page.lang:
            continue
        switch = http_survey[site_page.rel].facts["languageSwitch"]
        if not switch:
            problems.append(f"{site_page}: no language switch")
        for link in switch:
            target = by_rel.get(site_server.rel(link["href"]) or "")
            if target is None:
                problems.append(f"{site_page}: the switch to {link['text']} goes to {link['href']}")
                continue
            # Addresses are the language's own (/fr/villes/grand-sudbury/): the same page is
            # the same kind of page, the one the page's hreflang alternate names.
            # (Alternates are complete addresses on the public host: compare their ends.)
            address = "/" + target.rel.removesuffix("index.html")
            alternate = [a["href"] for a in http_survey[site_page.rel].facts["alternates"]
                         if a["hreflang"] == target.lang]
            if (target.lang == site_page.lang or target.kind != site_page.kind
                    or len(alternate) != 1 or not alternate[0].endswith(address)):
                problems.append(f"{site_page}: the switch to {link['text']} goes to {target}")
            if not (link["lang"] == link["hreflang"] == target.lang
                    == http_survey[target.rel].facts["lang"]):
                problems.append(f"{site_page}: the switch to {target} says lang={link['lang']!r} "
                                f"hreflang={link['hreflang']!r}")
            back = [site_server.rel(b["href"])
                    for b in http_survey[target.rel].facts["languageSwitch"]]
            if site_page.rel not in back:
                problems.append(f"{target}: its switch does not lead back to {site_page}")
    assert not problems, "\n".join(problems)
    names = {link["text"]: link["lang"] for _, facts in facts_by_page(http_survey)
             for link in facts["languageSwitch"]}
    assert names.get("Français") == "fr" and names.get("English") == "en", names


def site_path(url: str, server, base_url: str | None) -> str | None:
    """The path inside the site of a URL on the test server or under the canonical base_url."""
    path = server.rel(url)
    if path is None and base_url and url.startswith(base_url):
        path = url[len(base_url):]
    return path


def page_file(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def test_hreflang_alternates_resolve_and_point_back(http_survey, site_pages, site_server):
    # Alternates may be absolute (base_url, as search engines want): the entry page's
    # canonical URL is base_url, the site's root; map it onto the test server.
    base_url = http_survey["index.html"].facts["canonical"]
    problems = []

    def alternates_of(rel):
        found = {}
        for alternate in http_survey[rel].facts["alternates"]:
            path = site_path(alternate["href"], site_server, base_url)
            found[alternate["hreflang"]] = path
            if path is None:
                problems.append(f"{rel}: hreflang={alternate['hreflang']} leaves the site: "
                                f"{alternate['href']}")
        return found

    for site_page in site_pages:
        if site_page.kind == "not-found":
            continue  # noindex, no alternates
        own = alternates_of(site_page.rel)
        if not own:
            problems.append(f"{site_page}: no hreflang alternates")
        if site_page.lang and page_file(own.get(site_page.lang) or "?") != site_page.rel:
            problems.append(f"{site_page}: the alternates leave out the page itself: {own}")
        for lang, path in own.items():
            if path is None:
                continue
            if http_status(site_server.url(path)) != 200 or page_file(path) not in http_survey:
                problems.append(f"{site_page}: hreflang={lang} -> {path} does not resolve")
                continue
            if lang == "x-default":
                continue
            target = classify(page_file(path))
            if target.lang != lang:
                problems.append(f"{site_page}: hreflang={lang} is the {target.lang} page {path}")
            back = alternates_of(target.rel).get(site_page.lang)
            if site_page.lang and page_file(back or "?") != site_page.rel:
                problems.append(f"{target}: no hreflang={site_page.lang} back to {site_page}")
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_original_words_in_a_right_to_left_language_are_marked_rtl(http_survey):
    originals = [(rel, o) for rel, facts in facts_by_page(http_survey) for o in facts["originals"]]
    arabic = [(rel, o) for rel, o in originals if o["lang"] == "ar"]
    assert arabic, "no page shows an original text in Arabic"
    problems = [f"{rel}: original in {o['lang']} has dir={o['dir']!r}, renders {o['direction']}"
                for rel, o in originals
                if (o["lang"].split("-")[0] in RTL) != (o["dir"] == "rtl" == o["direction"])]
    problems += [f"{rel}: <{e['tag']} lang={e['lang']}> renders {e['direction']}"
                 for rel, facts in facts_by_page(http_survey) for e in facts["langElements"]
                 if e["lang"].split("-")[0] in RTL and e["direction"] != "rtl"]
    assert not problems, "\n".join(problems)
