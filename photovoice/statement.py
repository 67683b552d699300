"""Credits, contact and the accessibility statement, resolved for one page language."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Mapping

from .model import Conformance, Exhibition, Localized
from .views import resolve


@dataclass(frozen=True)
class CreditsView:
    team: Localized
    partners: Localized
    funders: Localized
    ethics: Localized
    cite: Localized

    def __bool__(self) -> bool:
        return any((self.team, self.partners, self.funders, self.ethics, self.cite))


@dataclass(frozen=True)
class ContactView:
    email: str
    form: str
    response: Localized

    def __bool__(self) -> bool:
        return bool(self.email or self.form)


@dataclass(frozen=True)
class StatementView:
    status: Conformance
    date: str       # "2 novembre 2026", or "" when not given
    reviewed: str
    tested_with: Localized
    limitations: Localized


def credits_view(exhibition: Exhibition, lang: str) -> CreditsView:
    given = exhibition.credits
    return CreditsView(*(resolve(getattr(given, key), exhibition, lang)
                         for key in ("team", "partners", "funders", "ethics", "cite")))


def contact_view(exhibition: Exhibition, lang: str) -> ContactView:
    given = exhibition.contact
    return ContactView(given.email, given.form, resolve(given.response, exhibition, lang))


def statement_view(exhibition: Exhibition, strings: Mapping, lang: str) -> StatementView:
    given = exhibition.accessibility
    return StatementView(given.status, spell_date(given.date, strings),
                         spell_date(given.reviewed, strings),
                         resolve(given.tested_with, exhibition, lang),
                         resolve(given.limitations, exhibition, lang))


def spell_date(iso: str, strings: Mapping) -> str:
    """'2026-11-02' -> 'November 2, 2026' / '2 novembre 2026' (the theme's date_format)."""
    if not iso:
        return ""
    date = datetime.date.fromisoformat(iso)
    day = strings.get("first_day", "1") if date.day == 1 else str(date.day)
    return strings["date_format"].format(day=day, month=strings["month_names"][str(date.month)],
                                         year=date.year)
