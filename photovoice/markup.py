"""Markdown -> sanitised HTML, French typography, and text direction.

The only module that marks HTML as safe: everything a participant or curator
writes is rendered by markdown-it-py (CommonMark), then cleaned by an allow-list (nh3)
before a template sees it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Callable, Mapping

import nh3
from markupsafe import Markup, escape

from .model import Typography

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "abbr",
                "q", "cite", "span", "sub", "sup", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "span": {"lang"},
                      "q": {"lang"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "syr",
                 "ug", "ur", "yi"}

NBSP = "\u00a0"
NNBSP = "\u202f"
_HEADING = re.compile(r"<(/?)h[1-6][^>]*>")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_ENTITY = re.compile(r"(&#?[A-Za-z0-9]+;)")
# Anything Markdown or the HTML cleaner would turn into something else than the words:
# inline marks, links, HTML and entities, a no-break space (written back as &nbsp;), and at
# the start of a line lists, headings, quotes, rules and code; two spaces end a line.
_NOT_JUST_WORDS = re.compile(
    r"[\\`*_\[\]<>&#!|~=+\u00a0]|^[ \t]*(?:-|\d+[.)](?:\s|$))|^(?: {4}|\t)| {2,}$",
    re.MULTILINE)
_SPACES_ONLY_LINE = re.compile(r"^ +$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n\n+")
_UNTYPESET = {"code", "pre"}


def text_direction(lang: str) -> str:
    primary = lang.lower().split("-")[0]
    return "rtl" if lang.lower() in RTL_LANGUAGES or primary in RTL_LANGUAGES else "ltr"


def typeset(text: str, lang: str, typography: Typography = Typography.CANADA) -> str:
    """Plain text with the spacing rules of `lang` (French only, for now)."""
    if not lang.lower().startswith("fr") or not text:
        return text
    return "".join(part if _ENTITY.fullmatch(part) else _french_spacing(part, typography)
                   for part in _ENTITY.split(text))


def _french_spacing(text: str, typography: Typography) -> str:
    space = r"[ \u00a0\u202f]"
    # After a word or closing mark, or at the start of a text node that follows a tag.
    after_word = r"(?:(?<=[^\s\d:/;!?«])|^)"
    # Guillemets hold a no-break space inside (OQLF and Imprimerie nationale agree).
    inner = NBSP if typography is Typography.CANADA else NNBSP
    text = re.sub(rf"«{space}*", "«" + inner, text)
    text = re.sub(rf"{space}*»", inner + "»", text)
    # A colon takes a no-break space before it, but not in 10:30 or in URLs.
    # After a number too ("à 6 h 45 :"); 10:30 has no space after its colon.
    text = re.sub(rf"(?:(?<=[^\s:/;!?«])|^){space}*:(?=\s|$)", NBSP + ":", text)
    # A number keeps its unit: 200 %, 6 h 45 (OQLF: a no-break space on each side of h).
    text = re.sub(rf"(\d){space}*%", "\\1" + NBSP + "%", text)
    text = re.sub(rf"\b(\d{{1,2}}){space}h(?:{space}(\d\d)\b|\b)",
                  lambda m: m.group(1) + NBSP + "h" + (NBSP + m.group(2) if m.group(2) else ""),
                  text)
    # The apostrophe of French is the typographic one: l’été, aujourd’hui.
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    if typography is Typography.CANADA:
        # OQLF: no space before ; ! ?
        return re.sub(rf"{after_word}{space}+([;!?])", r"\1", text)
    return re.sub(rf"{after_word}{space}*([;!?])(?=\s|$|[»)\"'])", NNBSP + r"\1", text)


def render_markdown(text: str, lang: str, typography: Typography = Typography.CANADA,
                    heading_level: int | None = None, memo: MarkdownMemo | None = None
                    ) -> Markup:
    """Markdown written by a person -> HTML safe to put in any page.

    With `heading_level`, the text's top headings become that level (h2 under a
    page's h1) and the rest keep their steps; without it, headings become bold
    paragraphs so a caption cannot break the page's outline.
    """
    if not text:
        return Markup("")
    html = _paragraphs(text) if _just_words(text) else _html_of(text, memo)
    return _safe_html(_shift_headings(html, heading_level), lang, typography, heading_level)


def _html_of(text: str, memo: MarkdownMemo | None) -> str:
    """What Markdown makes of `text`: converted once per build, whatever the language or
    page that shows it (the words of a page's description come from it too)."""
    return _converted(memo, ("html", text), lambda: _markdown().render(text).rstrip("\n"))


@lru_cache(maxsize=4096)
def _safe_html(html: str, lang: str, typography: Typography, heading_level: int | None
               ) -> Markup:
    return Markup(_typeset_html(_cleaner(heading_level).clean(html), lang, typography))


@lru_cache(maxsize=8)
def _cleaner(heading_level: int | None) -> nh3.Cleaner:
    """The allow-list for texts whose headings start at `heading_level`: made once, for
    making one costs several times what it takes to clean a caption (the slideshow
    cleans every caption)."""
    return nh3.Cleaner(tags=ALLOWED_TAGS | _heading_tags(heading_level),
                       attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_SCHEMES,
                       attribute_filter=_only_absolute_links,
                       link_rel="noopener noreferrer", strip_comments=True)


# A link to another site names its scheme; one within the exhibition is relative
# (`../about/`, `#part`; the catalogue completes it with base_url). An address that
# starts with a slash (or a backslash, which browsers read as one) is not: `//host/` is
# another site without its scheme, which the cleaner passes as relative, and `/path`
# leaves the exhibition's folder (on a USB stick, for the visitor's own disk).
_ALLOWED_LINK = re.compile(r"^(?:https?://[^/\\\s]|mailto:|tel:|(?![a-z][a-z0-9+.-]*:)"
                           r"(?![/\\]))", re.IGNORECASE)


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """A link's address when docs/content.md allows it, else no address."""
    if tag == "a" and attribute == "href" and not _ALLOWED_LINK.match(value.strip()):
        return None
    return value


def _just_words(text: str) -> bool:
    # Tabs and carriage returns too: Markdown rewrites them (tabs as spaces).
    return not _NOT_JUST_WORDS.search(text) and "\t" not in text and "\r" not in text


def _paragraphs(text: str) -> str:
    """The HTML Markdown makes of words: paragraphs split at blank lines, each line
    stripped of its spaces (as CommonMark does), and nothing else.

    Most captions are just words: skipping Markdown for them keeps it unimported in a
    rebuild after a caption edit.
    """
    blocks = _BLANK_LINES.split(_SPACES_ONLY_LINE.sub("", text))
    paragraphs = ("\n".join(line.strip(" ") for line in block.strip("\n").split("\n"))
                  for block in blocks)
    return "\n".join(f"<p>{paragraph.replace(chr(34), '&quot;')}</p>"
                      for paragraph in paragraphs if paragraph)


def _heading_tags(heading_level: int | None) -> set[str]:
    return set() if heading_level is None else {f"h{n}" for n in range(heading_level, 7)}


def _shift_headings(html: str, heading_level: int | None) -> str:
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    if not levels:
        return html
    if heading_level is None:
        return _HEADING.sub(lambda m: "</strong></p>" if m.group(1) else "<p><strong>", html)
    shift = heading_level - min(levels)
    return re.sub(r"<(/?)h([1-6])",
                  lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


@lru_cache(maxsize=1)
def _markdown():
    """The one Markdown parser: CommonMark, as markdown-it-py implements it.

    Not Python-Markdown: its inline processing is quadratic in a paragraph's length, so one
    long caption with links could stall a build, while markdown-it keeps to linear time by
    design (benchmarks/markdown_speed.py measures both).
    Raw HTML in a caption is shown as the text the participant typed, not run.
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False})
    # Before links, which would otherwise take the brackets.
    parser.inline.ruler.before("link", "language_span", _language_span)
    return parser


# [appointment]{lang=en}: a phrase in another language than the text around it, so that a
# screen reader pronounces it in its own language (WCAG 3.1.2).
LANGUAGE_SPAN = re.compile(r"\[([^\]\n]+)\]\{lang=([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}")


def _language_span(state, silent: bool) -> bool:
    """markdown-it's inline rule for LANGUAGE_SPAN: the words, escaped, in a span."""
    match = LANGUAGE_SPAN.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = f'<span lang="{match.group(2)}">{escape(match.group(1))}</span>'
    state.pos = match.end()
    return True


@lru_cache(maxsize=16384)
def render_inline(text: str, lang: str, typography: Typography = Typography.CANADA) -> Markup:
    """Plain text (a title, a name, an alt) escaped and typeset for `lang`."""
    return escape(typeset(text, lang, typography))


def _typeset_html(html: str, lang: str, typography: Typography) -> str:
    if not lang.lower().startswith("fr"):
        return html
    parts = _TAG_OR_TEXT.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in _UNTYPESET:
                depth += -1 if part.startswith("</") else 1
        elif depth == 0 and part:
            parts[index] = typeset(part, lang, typography)
    return "".join(parts)


def plain_text(markdown_text: str, memo: MarkdownMemo | None = None) -> str:
    """The words of a Markdown text, for a meta description or a PDF outline."""
    if not _NOT_JUST_WORDS.search(markdown_text or ""):
        # Most captions are just words: Markdown would only wrap their paragraphs.
        return " ".join(markdown_text.split()) if markdown_text else ""
    return _converted(memo, ("words", markdown_text),
                      lambda: _words_of_markdown(markdown_text, memo))


class MarkdownMemo:
    """What Markdown made of each text (its HTML, its words): the last build's, as the
    build memory kept them, and this build's (`used`, for the next).

    Every page's description holds the words of the exhibition's introduction, and a
    list of captions shows some Markdown: remembered, a rebuild after a caption edit
    needs neither Markdown nor its conversions.
    """

    def __init__(self, known: Mapping[tuple, str] | None = None) -> None:
        self._known = dict(known or {})
        self.used: dict[tuple, str] = {}

    def converted(self, key: tuple, convert: Callable[[], str]) -> str:
        result = self.used.get(key)
        if result is None:
            result = self._known.get(key)
            if result is None:
                result = convert()
            self.used[key] = result
        return result


def _converted(memo: MarkdownMemo | None, key: tuple, convert: Callable[[], str]) -> str:
    return convert() if memo is None else memo.converted(key, convert)


def _words_of_markdown(markdown_text: str, memo: MarkdownMemo | None = None) -> str:
    html = _html_of(markdown_text, memo)
    text = nh3.clean(html, tags=set())
    return re.sub(r"\s+", " ", nh3.clean(text, tags=set())).strip()


def json_ld(data) -> Markup:
    """Structured data for a <script type="application/ld+json"> block, unable to close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
