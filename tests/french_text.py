"""What a Canadian French editor checks in every French text a visitor meets.

`french_texts(html)` gathers a page's French: its visible text and the attributes and
metadata read aloud or shown elsewhere (alt, title, aria-label, data-viewer-*, meta
descriptions, Open Graph, JSON-LD), leaving out what is marked as another language.
`french_problems(text)` lists what breaks the rules (OQLF, épicène writing).
`english_texts` and `english_problems` do the same for English pages, where French spacing
must not leak in ("200 %", "6 h 45", "Note :").
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

NBSP, NNBSP = "\u00a0", "\u202f"
NO_BREAK = f"[{NBSP}{NNBSP}]"
SPOKEN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
META_NAMES = {"description", "og:title", "og:description", "og:site_name", "og:image:alt",
              "twitter:image:alt"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}

RULES = [
    (re.compile(r"\w·\w"), "point médian (write « personnes participantes »)"),
    (re.compile(rf"(?<!{NO_BREAK}):(?=\s|$)"), "no no-break space before « : »"),
    (re.compile(rf"«(?!{NO_BREAK})"), "no no-break space after « « »"),
    (re.compile(rf"(?<!{NO_BREAK})»"), "no no-break space before « » »"),
    (re.compile(r" [;!?]"), "a breaking space before ; ! or ?"),
    (re.compile(rf"\d(?!{NO_BREAK})\s?%"), "no no-break space before %"),
    (re.compile(rf"\b\d{{1,2}}(?:\s|{NO_BREAK})h(?:\s|{NO_BREAK})\d\d\b"), None),  # checked below
    (re.compile(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]"), "a straight apostrophe (’ in French text)"),
]
TIME = re.compile(rf"\b\d{{1,2}}(\s|{NO_BREAK})h(\s|{NO_BREAK})\d\d\b")


def article_cities(exhibition) -> tuple[str, ...]:
    """The French names of the cities that take an article (« le Grand Sudbury »)."""
    return tuple(city.name.values["fr"] for city in exhibition.cities.values()
                 if city.article.values.get("fr"))


def french_problems(text: str, article_cities: tuple[str, ...] = ()) -> list[str]:
    """Each problem as 'rule: …the words around it…'."""
    problems = []
    for pattern, rule in RULES:
        if rule is None:
            continue
        problems += [f"{rule}: …{_around(text, m)}…" for m in pattern.finditer(text)]
    for match in TIME.finditer(text):
        if not all(re.fullmatch(NO_BREAK, space) for space in match.groups()):
            problems.append(f"a breaking space in a time (6 h 45): …{_around(text, match)}…")
    for city in article_cities:
        for match in re.finditer(rf"\b(?:à|de|d’|d')\s*{re.escape(city)}", text):
            problems.append(f"« à/de » before a city that takes an article: "
                            f"…{_around(text, match)}…")
    return problems


ENGLISH_RULES = [
    (re.compile(rf"\d(?:\s|{NO_BREAK})+%"), "a space before % (200% in English)"),
    (re.compile(rf"\w(?:\s|{NO_BREAK})+[:;!?](?=\s|$)"), "a space before : ; ! or ? in English"),
    (re.compile(rf"\b\d{{1,2}}(?:\s|{NO_BREAK})h(?:\s|{NO_BREAK})\d\d\b"),
     "a French time (6 h 45) in English"),
]


def english_problems(text: str) -> list[str]:
    return [f"{rule}: …{_around(text, m)}…" for pattern, rule in ENGLISH_RULES
            for m in pattern.finditer(text)]


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 25): match.end() + 25].replace("\n", " ")


def french_texts(html: str) -> list[str]:
    parser = _TextIn("fr")
    parser.feed(html)
    return parser.texts


def english_texts(html: str) -> list[str]:
    parser = _TextIn("en")
    parser.feed(html)
    return parser.texts


class _TextIn(HTMLParser):
    """The texts of one language (`wanted`), by the lang attributes around them."""

    def __init__(self, wanted: str):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.langs: list[tuple[str, str]] = []  # (tag, language) of open elements
        self.texts: list[str] = []
        self.json_ld = False
        self.skip = 0

    @property
    def lang(self) -> str:
        return self.langs[-1][1] if self.langs else self.wanted

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang", self.lang) or self.lang
        if tag not in VOID:
            self.langs.append((tag, lang))
        if tag in ("style",) or (tag == "script" and attributes.get("type") !=
                                 "application/ld+json"):
            self.skip += 1
        self.json_ld = tag == "script" and attributes.get("type") == "application/ld+json"
        if not lang.startswith(self.wanted):
            return
        for name, value in attributes.items():
            if value and (name in SPOKEN_ATTRIBUTES or name.startswith("data-viewer-")):
                self.texts.append(value)
        if tag == "meta" and (attributes.get("name") in META_NAMES
                              or attributes.get("property") in META_NAMES):
            self.texts.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self.skip and not self.json_ld:
            self.skip -= 1
        self.json_ld = False
        for index in range(len(self.langs) - 1, -1, -1):
            if self.langs[index][0] == tag:
                del self.langs[index:]
                break

    def handle_data(self, data):
        if self.json_ld:
            self.texts += [text for text in _strings(json.loads(data)) if "://" not in text]
        elif not self.skip and self.lang.startswith(self.wanted) and data.strip():
            self.texts.append(data)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
