"""What `photovoice new` writes: a participant's folder, or a whole new project.

Everything written is safe to build at once: a new participant starts with
`consent.publish: false`, so nothing of theirs is read or published until the
curator has filled in the file and confirmed consent. Nothing is ever overwritten.
The files' text lives in `scaffold_files/` beside this module (shipped in the wheel).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from string import Template
from typing import Callable, Sequence

from .diagnostics import ContentError, Diagnostic, Phrase, display_path, said
from .load import read_city_slugs, read_theme_slugs
from .load_consent import CREDIT_CHOSEN
from .load_participant import slugify
from .model import Credit
from .yamlsource import suggest

log = logging.getLogger(__name__)

FILES = Path(__file__).parent / "scaffold_files"
EXAMPLE_PARTICIPANT = "p01"
EXAMPLE_CITY = "brandon"  # the city of scaffold_files/exhibition.yaml
DEFAULT_TITLES = {"en": "Our exhibition", "fr": "Notre exposition"}


class ScaffoldError(Exception):
    """A request `photovoice new` cannot carry out; the message is for curators, and the
    diagnostics, if any, are the content's problems that stopped it."""

    def __init__(self, message: "str | Phrase", diagnostics: Sequence[Diagnostic] = ()):
        super().__init__(message)
        self.diagnostics = tuple(diagnostics)

    def __str__(self) -> str:
        return "\n".join([str(self.args[0]), *(str(d) for d in self.diagnostics)])


CREDITS = ("name", "initials", "anonymous")


def new_participant(content_dir: Path, folder_name: str, city: str, name: str | None = None,
                    credit: str = "name") -> Path:
    """Write content/participants/<folder_name>/participant.yaml, withheld; return its path.

    The folder is named as the curator likes (Amélie Tremblay); its web address is that
    name made one (amelie-tremblay). The folder may exist already if it has no
    participant.yaml (photos copied in first).
    """
    content_dir = Path(content_dir)
    _check_folder_name(folder_name)
    _check_credit(folder_name, name, credit)
    cities = _read_slugs(read_city_slugs, content_dir, said(
        "cannot read the cities of the exhibition; fix this first (photovoice new exhibition "
        "writes a new project):"))
    _check_city(city, cities)
    folder = content_dir / "participants" / folder_name
    _check_new_folder(folder, content_dir)
    themes = _read_slugs(read_theme_slugs, content_dir, said(
        "cannot read the themes of the exhibition; fix this first (photovoice new exhibition "
        "writes a new project):"))
    text = _template("participant.yaml").substitute(
        name=quote(name.strip() if name else ""),
        credit=credit,
        city=city,
        cities=", ".join(cities),
        themes=", ".join(themes) or "none yet, add them to exhibition.yaml first",
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "participant.yaml"
    _write_new(path, text)
    return path


def new_exhibition(target_dir: Path, title_en: str | None = None,
                   title_fr: str | None = None) -> Path:
    """Write a new project into an empty folder: content/, and what publishes build/ alone
    (netlify.toml, a GitHub Pages workflow, a .gitignore that keeps content/ out)."""
    target = Path(target_dir)
    _check_empty(target)
    titles = {"en": (title_en or "").strip() or DEFAULT_TITLES["en"],
              "fr": (title_fr or "").strip() or DEFAULT_TITLES["fr"]}
    content = target / "content"
    files = {
        content / "exhibition.yaml": _template("exhibition.yaml").substitute(
            title_en=quote(titles["en"]), title_fr=quote(titles["fr"])),
        target / "netlify.toml": (FILES / "netlify.toml").read_text(encoding="utf-8"),
        target / ".gitignore": (FILES / "gitignore.txt").read_text(encoding="utf-8"),
        target / ".github" / "workflows" / "pages.yml":
            (FILES / "pages.yml").read_text(encoding="utf-8"),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(path, text)
    (content / "participants").mkdir()
    new_participant(content, EXAMPLE_PARTICIPANT, EXAMPLE_CITY)
    return target


def quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar, readable (accents kept) and safe."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else
                   f"\\U{ord(c):08x}" if ord(c) > 0xFFFF else f"\\u{ord(c):04x}"
                   for c in quoted)


def _check_folder_name(folder_name: str) -> None:
    if folder_name.strip() != folder_name or folder_name.startswith(".") \
            or any(c in folder_name for c in '/\\:*?"<>|') or not slugify(folder_name):
        raise ScaffoldError(said(
            "'{folder}' cannot be a participant's folder name: use letters, digits, spaces or "
            "hyphens (for example 'Amélie Tremblay', or p07 if the participant asked for "
            "initials or anonymity)", folder=folder_name))


def _check_credit(folder_name: str, name: str | None, credit: str) -> None:
    """With initials or anonymous, the web address must not carry the participant's name."""
    if credit == "name" or not name:
        return
    words = {w for w in slugify(name).split("-") if len(w) >= 3}
    shown = words & set(slugify(folder_name).split("-"))
    if shown:
        raise ScaffoldError(said(
            "the participant {chose}, but the folder name '{folder}' contains their name "
            "({parts}), and it becomes their web address: choose a neutral folder name "
            "such as p07", chose=CREDIT_CHOSEN[Credit(credit)], folder=folder_name,
            parts=", ".join(sorted(shown))))


def _read_slugs(read: Callable[[Path], tuple[str, ...]], content_dir: Path,
                refusal: Phrase) -> tuple[str, ...]:
    try:
        return read(content_dir)
    except ContentError as error:
        raise ScaffoldError(refusal, error.diagnostics) from None


def _check_city(city: str, cities: tuple[str, ...]) -> None:
    if city in cities:
        return
    if not cities:
        raise ScaffoldError("exhibition.yaml has no cities yet: first add the participant's "
                            "city under cities: in exhibition.yaml.")
    known = sorted(cities)
    raise ScaffoldError(said("unknown city '{city}'{suggestion}; the cities in exhibition.yaml "
                             "are: {cities}. For a new city, first add it under cities: in "
                             "exhibition.yaml.", city=city, suggestion=suggest(city, known),
                             cities=", ".join(known)))


def _check_new_folder(folder: Path, content_dir: Path) -> None:
    """Refuse a participant.yaml that exists, or a folder name taken up to capitals.

    A folder without participant.yaml is accepted (photos copied in first): the loader's
    error for it says to run `photovoice new participant`.
    """
    shown = display_path(folder, content_dir)
    if (folder / "participant.yaml").exists():
        raise ScaffoldError(said("{folder}/participant.yaml already exists: choose another "
                                 "name, or edit that file", folder=str(shown)))
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(said("{path} is a file, not a folder: choose another name",
                                 path=str(shown)))
    parent = folder.parent
    if not parent.is_dir():
        return
    for other in sorted(parent.iterdir()):
        if other.name != folder.name and slugify(other.name) == slugify(folder.name):
            raise ScaffoldError(said(
                "{other} already exists and would have the same web address as '{folder}' "
                "({slug}): choose another name", other=display_path(other, content_dir),
                folder=folder.name, slug=slugify(folder.name)))


def _check_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ScaffoldError(said("'{target}' is a file: choose a new folder name for the "
                                 "project", target=str(target)))
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(said("'{target}' already exists and is not empty: choose a new "
                                 "folder name (photovoice new never overwrites files)",
                                 target=str(target)))


def _template(name: str) -> Template:
    return Template((FILES / name).read_text(encoding="utf-8"))


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet (mode 'x': never overwrite)."""
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    log.info("wrote %s", path)
