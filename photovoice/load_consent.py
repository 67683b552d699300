"""participant.yaml's `consent:` -> Consent, and the check that a participant who is not
credited by name is not named in their own texts either.

Consent is given use by use (the site, the printed catalogue, the recorded voice, link
previews, the slideshow), on a signed form that may have to be renewed by a date: past
it, nothing of theirs is published until the renewed form is recorded.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Iterator

from .diagnostics import Severity, said
from .fields import FieldReader
from .model import USES, Consent, Credit
from .yamlsource import LinedList, LinedMapping, suggest

CONSENT_KEYS = ("publish", "credit", *USES, "form", "signed", "renew_by")
# Words many names hold that are also everyday words in the exhibition's languages
# (Marie de la Tour): finding "de" in a caption says nothing about who wrote it.
NAME_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "di", "da", "do", "dos", "das",
                            "del", "della", "van", "von", "der", "den", "ter", "el", "al", "bin",
                            "ibn", "ben", "st", "ste", "y", "e"})
# The texts of a photo that are published, and so must not name who is not named.
# What a participant not credited by name chose, as messages say it: the reason a name
# must not appear, in words, rather than the YAML value (credit: anonymous).
CREDIT_CHOSEN = {Credit.INITIALS: said("chose to be named by their initials"),
                 Credit.ANONYMOUS: said("chose to stay anonymous")}
PHOTO_TEXT_KEYS = ("slug", "title", "alt", "caption", "original", "transcript",
                   "transcript_original")


def read_consent(reader: FieldReader, data: LinedMapping, today: datetime.date
                 ) -> Consent | None:
    source = reader.source
    if not source.require(data, "consent", "consent"):
        return None
    consent = source.check_mapping(data["consent"], "consent", data.lines["consent"],
                                   CONSENT_KEYS)
    if consent is None:
        return None
    if "publish" not in consent:
        source.report(consent.line, "consent.publish",
                      "is required: true to publish this participant, false to withhold")
        return None
    publish = source.typed(consent, "publish", "consent.publish", (bool,), "true or false")
    credit = source.typed(
        consent, "credit", "consent.credit", (str,), "name, initials or anonymous",
        lambda v: None if v in {c.value for c in Credit} else
        said("must be name, initials or anonymous{suggestion}",
             suggestion=suggest(v, [c.value for c in Credit])))
    uses = {use: reader.flag(consent, use, f"consent.{use}", True) for use in USES}
    signed = reader.date(consent, "signed", "consent.signed")
    renew_by = reader.date(consent, "renew_by", "consent.renew_by")
    if publish is None:
        return None
    lapsed = bool(publish and renew_by and renew_by < today.isoformat())
    if lapsed:
        source.report(consent.lines["renew_by"], "consent.renew_by",
                      said("the consent form was to be renewed by {date}: this participant is "
                           "left out of the site and the catalogue until you enter the renewed "
                           "form's date here", date=str(renew_by)), Severity.WARNING)
    elif signed and renew_by and renew_by < signed:
        source.report(consent.lines["renew_by"], "consent.renew_by",
                      said("{date} is before the form was signed ({signed})",
                           date=str(renew_by), signed=str(signed)))
    return Consent(publish=publish, credit=Credit(credit) if credit else Credit.NAME,
                   form=reader.text(consent, "form", "consent.form"), signed=signed,
                   renew_by=renew_by, lapsed=lapsed, **uses)


def name_parts(name: str, public_words: set[str]) -> dict[str, str]:
    """The parts of `name` a text could give them away by, folded -> as written.

    Particles (de, van) and the words of public names such as the cities' are left out:
    the credit "a participant from Regina" already says Regina."""
    parts = {}
    for word in re.findall(r"[^\W\d_]+", name):
        folded = fold(word)
        if len(folded) >= 2 and folded not in NAME_PARTICLES and folded not in public_words:
            parts.setdefault(folded, word)
    return parts


def names_in_texts(parts: dict[str, str], data: LinedMapping
                   ) -> Iterator[tuple[int | None, str, str]]:
    """(line, field, part as written) for each published text of `data` holding a part."""
    if not parts:
        return
    pattern = re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, parts)) + r")(?![^\W\d_])")
    texts = list(_texts(data.get("bio"), data.lines.get("bio"), "bio"))
    photos = data.get("photos")
    if isinstance(photos, LinedList):
        for position, (entry, line) in enumerate(zip(photos, photos.lines), start=1):
            if not isinstance(entry, LinedMapping) or entry.get("publish") is False:
                continue  # a withdrawn photo is not published: nothing of it to check
            for key in PHOTO_TEXT_KEYS:
                texts += _texts(entry.get(key), entry.lines.get(key, line),
                                f"photos[{position}].{key}")
    for line, field, text in texts:
        found = pattern.search(fold(text))
        if found:
            yield line, field, parts[found.group(1)]


def _texts(value, line: int | None, field: str) -> Iterator[tuple[int | None, str, str]]:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        yield line, field, str(value)
    elif isinstance(value, LinedMapping):
        for key, inner in value.items():
            if key != "lang":
                yield from _texts(inner, value.lines.get(key, line), f"{field}.{key}")


def fold(text: str) -> str:
    """Case and accents set aside (Amélie, AMELIE and amelie are one), in any script."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
