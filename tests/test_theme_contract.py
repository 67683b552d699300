"""The theme contract that page reuse relies on (docs/themes.md), checked while a site renders.

A page is reused when every field of the shared views (PhotoView, ParticipantView,
CityView, ThemeView) its templates read is unchanged; the environment notes the fields
templates read with `.` and `[]`. A filter given a whole view, or a view printed whole,
reads fields in Python, unseen: so filters get texts, paths and numbers, never views.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from photovoice import stages
from photovoice.build import BuildOptions, build
from photovoice.views import SHARED_VIEWS

from helpers import write

# Filters that only arrange values, never read them.
ARRANGING = {"length", "count", "first", "last", "batch", "slice", "reverse", "list",
             "default", "d", "selectattr", "rejectattr", "attr"}
# Filters that read each value by an attribute, through the environment, when given one.
BY_ATTRIBUTE = {"map", "sort", "groupby", "sum", "min", "max", "unique"}


class ContractBroken(AssertionError):
    pass


def _is_view(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(type(item) in SHARED_VIEWS for item in value)
    return type(value) in SHARED_VIEWS


def _checked(name: str, function):
    def filter_checking_its_arguments(*args, **kwargs):
        values = [value for value in args if not _is_context(value)] + list(kwargs.values())
        if name in BY_ATTRIBUTE and "attribute" in kwargs:
            values = []
        if name not in ARRANGING and any(_is_view(value) for value in values):
            raise ContractBroken(f"the filter '{name}' was given a whole view")
        return function(*args, **kwargs)

    # Jinja passes the context or environment to filters marked for it: keep the marks.
    for mark in ("jinja_pass_arg",):
        if hasattr(function, mark):
            setattr(filter_checking_its_arguments, mark, getattr(function, mark))
    return filter_checking_its_arguments


def _is_context(value) -> bool:
    return type(value).__name__ in ("Context", "_NotingEnvironment", "EvalContext")


def _never_a_view(value):
    if _is_view(value):
        raise ContractBroken(f"a template printed a whole {type(value).__name__}")
    return value


@pytest.fixture
def checked_environment(monkeypatch):
    making = stages.make_environment

    def make_checked_environment(theme, assets, memo=None):
        environment = making(theme, assets, memo)
        environment.filters = {name: _checked(name, function)
                               for name, function in environment.filters.items()}
        environment.finalize = _never_a_view
        return environment

    monkeypatch.setattr(stages, "make_environment", make_checked_environment)


def test_the_default_theme_keeps_the_contract(content_dir, tmp_path, checked_environment):
    report = build(content_dir, tmp_path / "site",
                   BuildOptions(jobs=1, cache_dir=tmp_path / "cache"))
    assert report.pages_rendered >= report.pages  # every page was rendered, and checked


@pytest.mark.parametrize("breach", ["{{ photo | string }}", "{{ photo }}",
                                    "{{ [photo] | join }}", "{{ photo | typo }}"])
def test_a_theme_breaking_the_contract_is_caught(content_dir, tmp_path, checked_environment,
                                                 breach):
    default = Path(__file__).resolve().parents[1] / "themes/default/templates/photo.html"
    theme = content_dir.parent / "themes" / "leaky"
    original = default.read_text(encoding="utf-8")
    template = original.replace("<h1", f"{breach}<h1", 1)
    assert template != original, "the breach must reach the template"
    write(theme / "templates" / "photo.html", template)
    with pytest.raises(ContractBroken):
        build(content_dir, tmp_path / "site",
              BuildOptions(jobs=1, cache_dir=tmp_path / "cache", theme="leaky"))
