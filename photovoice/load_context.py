"""exhibition.yaml's credits, contact and accessibility statement -> the model.

Read with the exhibition's reader, so problems are reported at their line like the rest.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .diagnostics import said
from .model import AccessibilityStatement, Conformance, Contact, Credits
from .diagnostics import said
from .yamlsource import LinedMapping

if TYPE_CHECKING:
    from .load import _ExhibitionReader

CREDITS_KEYS = ("team", "partners", "funders", "ethics", "cite")
CONTACT_KEYS = ("email", "form", "response")
ACCESSIBILITY_KEYS = ("status", "date", "reviewed", "tested_with", "limitations")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def read_credits(reader: "_ExhibitionReader", data: LinedMapping) -> Credits:
    section = _section(reader, data, "credits", CREDITS_KEYS)
    if section is None:
        return Credits()
    return Credits(**{key: reader.translatable(section, key, f"credits.{key}")
                      for key in CREDITS_KEYS})


def read_contact(reader: "_ExhibitionReader", data: LinedMapping) -> Contact:
    section = _section(reader, data, "contact", CONTACT_KEYS)
    if section is None:
        return Contact()
    source = reader.source
    email = source.typed(section, "email", "contact.email", (str,), "an email address",
                         lambda v: None if EMAIL.match(v.strip()) else
                         said("'{value}' is not an email address (name@example.org)",
                              value=v))
    form = source.typed(section, "form", "contact.form", (str,), "a web address",
                        lambda v: None if re.match(r"^https?://[^\s/]+", v) else
                        said("must be a web address starting with https://"))
    if "email" not in section and "form" not in section:
        source.report(section.line, "contact", "needs an email, a form (a web address), or both")
    return Contact(email=(email or "").strip(), form=(form or "").strip(),
                   response=reader.translatable(section, "response", "contact.response"))


def read_statement(reader: "_ExhibitionReader", data: LinedMapping) -> AccessibilityStatement:
    section = _section(reader, data, "accessibility", ACCESSIBILITY_KEYS)
    if section is None:
        return AccessibilityStatement()
    status = reader.source.typed(
        section, "status", "accessibility.status", (str,), "full, partial or none",
        lambda v: None if v in {c.value for c in Conformance} else
        said("must be full (fully conformant), partial (partially conformant) or none "
             "(not conformant) with WCAG 2.2 AA"))
    return AccessibilityStatement(
        status=Conformance(status) if status else Conformance.PARTIAL,
        date=reader.date(section, "date", "accessibility.date"),
        reviewed=reader.date(section, "reviewed", "accessibility.reviewed"),
        tested_with=reader.translatable(section, "tested_with", "accessibility.tested_with"),
        limitations=reader.translatable(section, "limitations", "accessibility.limitations"))


def _section(reader: "_ExhibitionReader", data: LinedMapping, key: str,
             keys: tuple[str, ...]) -> LinedMapping | None:
    if data.get(key) is None:
        return None
    return reader.source.check_mapping(data[key], key, data.lines[key], keys)

