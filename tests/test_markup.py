"""Markdown sanitising, French typography and text direction."""

from __future__ import annotations

import random
from html.parser import HTMLParser
from pathlib import Path

import pytest

from photovoice.markup import (_NOT_JUST_WORDS, NBSP, NNBSP, _just_words, _markdown,
                               _paragraphs, _words_of_markdown,
                               plain_text, render_inline, render_markdown, text_direction,
                               typeset)
from photovoice.model import Typography
from photovoice.render import relative_url


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="#" onclick="alert(1)">x</a>',
    "</title><script>alert(1)</script>",
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
])
def test_markdown_never_lets_script_through(hostile):
    html = str(render_markdown(f"Before {hostile} after", "en"))
    assert_inert(html)
    assert "Before" in html and "after" in html


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """No element that runs code or loads anything, in the parsed HTML (not its text)."""
    collector = _TagCollector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        assert tag not in {"script", "iframe", "style", "svg", "img", "object", "embed"}, html
        for name, value in attrs:
            assert not name.startswith("on"), html
            assert not (value or "").strip().lower().startswith(("javascript:", "data:")), html


def test_raw_html_is_shown_as_the_text_the_participant_typed():
    html = str(render_markdown("I <3 my <b>city</b>", "en"))
    assert html == "<p>I &lt;3 my &lt;b&gt;city&lt;/b&gt;</p>"


def test_links_keep_safe_urls_and_get_rel():
    html = str(render_markdown("[site](https://example.org) and [mail](mailto:a@b.ca)", "en"))
    assert '<a href="https://example.org" rel="noopener noreferrer">site</a>' in html
    assert 'href="mailto:a@b.ca"' in html


def test_caption_headings_become_bold_paragraphs():
    assert str(render_markdown("# Big\n\ntext", "en")) == \
        "<p><strong>Big</strong></p>\n<p>text</p>"


def test_page_prose_headings_start_at_the_requested_level():
    html = str(render_markdown("## Who\n\n### Funders\n\nx", "en", heading_level=2))
    assert html.startswith("<h2>Who</h2>") and "<h3>Funders</h3>" in html


def test_canadian_french_spacing():
    text = "Il dit : « bonjour » ! Pourquoi ? Parce que ; voilà"
    expected = (f"Il dit{NBSP}: «{NBSP}bonjour{NBSP}»! Pourquoi? Parce que; voilà")
    assert typeset(text, "fr") == expected
    # Written without spaces, the same rules add them.
    assert typeset("Note: «oui»", "fr-CA") == f"Note{NBSP}: «{NBSP}oui{NBSP}»"


def test_france_french_spacing():
    assert typeset("Vraiment ? Oui ! «Non» : bon ;", "fr", Typography.FRANCE) == \
        f"Vraiment{NNBSP}? Oui{NNBSP}! «{NNBSP}Non{NNBSP}»{NBSP}: bon{NNBSP};"


def test_typography_spares_times_urls_and_entities():
    assert typeset("à 10:30, voir https://ex.org/a:b", "fr") == "à 10:30, voir https://ex.org/a:b"
    assert str(render_inline("Tom & Jerry ; ok", "fr", Typography.FRANCE)) == \
        f"Tom &amp; Jerry{NNBSP}; ok"


def test_typography_applies_to_text_not_tags_or_attributes():
    html = str(render_markdown('Voir [le site](https://ex.org/?a=1 "Titre : x") : merci', "fr"))
    assert 'href="https://ex.org/?a=1"' in html
    assert 'title="Titre : x"' in html  # attributes are left as written
    assert f"</a>{NBSP}: merci" in html


def test_english_text_is_left_alone():
    assert typeset("Note : yes !", "en") == "Note : yes !"


def test_code_is_not_typeset():
    assert "<code>a : b</code>" in str(render_markdown("`a : b`", "fr"))


@pytest.mark.parametrize("lang, direction", [
    ("ar", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("ar-SY", "rtl"),
    ("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ti", "ltr"),
])
def test_text_direction(lang, direction):
    assert text_direction(lang) == direction


@pytest.mark.parametrize("target, page, expected", [
    ("en/cities/index.html", "en/index.html", "cities/index.html"),
    ("index.html", "en/participants/p01/photo-1/index.html", "../../../../index.html"),
    ("static/style.css", "404.html", "static/style.css"),
    ("en/cities/index.html#brandon", "fr/villes/index.html", "../../en/cities/index.html#brandon"),
    ("en/index.html", "en/index.html", "index.html"),
    ("en/", "en/cities/index.html", ".."),
    ("#main", "en/index.html", "#main"),
    ("https://example.org/a", "en/index.html", "https://example.org/a"),
])
def test_links_are_relative_to_the_page(target, page, expected):
    assert relative_url(target, page) == expected


def test_a_caption_converted_after_another_carries_nothing_over():
    # One converter is reused: footnote-like state or a list must not leak across texts.
    first = str(render_markdown("- one\n- two", "en"))
    second = str(render_markdown("plain words", "en"))
    assert "<li>" in first and second == "<p>plain words</p>"


PLAIN_CASES = [
    "Our first winter, my children went to school in running shoes.",
    "Line one\nline two\n\nA second paragraph, with \"quotes\" and 'apostrophes'.",
    "L'été — « bien » : oui ? 50 % (à peu près) / 3,5 km… ½ — ça va",
    "1998. We arrived in Brandon.", "1) first", "- a list", "* star", "+ plus", "> quoted",
    "# Heading", "Setext\n===", "Rule\n\n---", "    indented code", "\tcode", "two spaces  \nbreak",
    "Tom & Jerry", "x < y > z", "*emphasis* and _this_", "a_b_c", "[a link](https://example.org)",
    "![image](x.png)", "`code`", "back\\slash", "Une phrase\u00a0: oui", "e-mail me@example.org",
    "https://example.org/path?x=1", "word -- word", "tilde ~ pipe |", "", "   ",
]


@pytest.mark.parametrize("text", PLAIN_CASES)
def test_plain_text_is_the_words_markdown_would_give(text):
    # plain_text skips Markdown for texts that are just words: same result either way.
    assert plain_text(text) == _words_of_markdown(text)


def _markdown_html(text: str) -> str:
    return _markdown().render(text).rstrip("\n")


@pytest.mark.parametrize("text", PLAIN_CASES + [
    "one\n\ntwo", "  lead\n   second line\n\n\n third", "trail \n \nnext ", "\n\nwords\n\n"])
def test_words_become_the_paragraphs_markdown_would_make(text):
    if _just_words(text):
        assert _paragraphs(text) == _markdown_html(text)


def test_any_words_become_the_paragraphs_markdown_would_make():
    # Random texts of the characters captions are made of, blank lines and indents included.
    pieces = list("ab cdé'\"\n.,:;?!()%«»/-—…019") + ["  ", "\n   ", " \n", "1.", "word", "\n\n"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(4000)]
    words = [text for text in texts if _just_words(text)]
    assert len(words) > 1000
    assert [_paragraphs(text) for text in words] == [_markdown_html(text) for text in words]


def test_plain_text_skips_markdown_for_the_sample_captions():
    # Every caption of the sample gives the same words either way, and most of them are
    # plain words, for which the conversion is skipped (what makes rebuilds faster).
    import yaml

    root = Path(__file__).resolve().parents[1] / "content" / "participants"
    texts = []
    for path in sorted(root.glob("*/participant.yaml")):
        for photo in yaml.safe_load(path.read_text(encoding="utf-8"))["photos"]:
            caption = photo.get("caption") or {}
            texts += [t for t in (caption.values() if isinstance(caption, dict) else [caption])
                      if isinstance(t, str)]
    assert len(texts) > 40
    assert all(plain_text(t) == _words_of_markdown(t) for t in texts)
    assert sum(not _NOT_JUST_WORDS.search(t) for t in texts) > len(texts) / 2
