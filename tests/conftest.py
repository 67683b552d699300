"""Shared fixtures: each builds on the one before.

content_dir (a fresh copy of the fixture exhibition in tmp_path) -> exhibition
(loaded); built_project (the fixture built once per test run: content, site and cache)
-> built_site (its site, to read) and project_with_site (a copy of it a test may change).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from photovoice import stages
from photovoice.build import BuildOptions, build
from helpers import FIXTURE, SAMPLE, load_exhibition, no_racy_window



def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


def pytest_collection_modifyitems(items):
    """`slow`: what `-m "not slow"` leaves out for a quick run: the sample's build, the
    browser tests and the tests that kill builds (see the README, "Development")."""
    for item in items:
        if ("built_sample" in getattr(item, "fixturenames", ()) or item.get_closest_marker("browser")
                or "killed" in item.name):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def english_system(monkeypatch) -> None:
    """Every test starts on an English system, whatever the machine's locale: photovoice
    speaks French when LC_ALL, LC_MESSAGES or LANG say so (tests/test_translation.py)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("compiled-templates")


@pytest.fixture(autouse=True)
def templates_compiled_once(request, compiled_templates, monkeypatch) -> None:
    """The theme's templates compiled once per test run, not once per test.

    A build keeps compiled templates in its cache folder, and every test's project has a
    fresh one: compiling them was a third of each fixture build. Jinja checks each
    template's source checksum before using its compiled code, so sharing them changes no
    page; the builds that run in a process of their own still use their own cache, and
    tests marked `own_compiled_templates` (those of the template cache itself) too.
    """
    if request.node.get_closest_marker("own_compiled_templates"):
        return
    keep_in_cache = stages._template_cache
    monkeypatch.setattr(stages, "_template_cache",
                        lambda environment, cache_root: keep_in_cache(environment,
                                                                      compiled_templates))


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "project" / "content"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def project(content_dir: Path, monkeypatch) -> Path:
    """The project folder holding content_dir, as the working folder (the commands'
    defaults, content/ and build/, are then the curator's)."""
    monkeypatch.chdir(content_dir.parent)
    return content_dir.parent


@pytest.fixture
def exhibition(content_dir: Path):
    return load_exhibition(content_dir).exhibition


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The fixture exhibition built once per test run, as `photovoice build` leaves a
    project: content/, build/ and .photovoice-cache/. Never changed: copy it."""
    project = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(FIXTURE, project / "content")
    build(project / "content", project / "build", BuildOptions(jobs=1))
    return project


@pytest.fixture(scope="session")
def built_site(built_project) -> Path:
    """The fixture's site, to read only."""
    return built_project / "build"


@pytest.fixture
def project_with_site(built_project, tmp_path, monkeypatch) -> Path:
    """A project of this test's own whose site is already built (a copy of
    built_project), the working folder, as a curator's is after `photovoice build`."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    monkeypatch.chdir(project)
    return project


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The sample exhibition in content/, built once (it takes a while: many photos)."""
    project = tmp_path_factory.mktemp("sample") / "project"
    build(SAMPLE, project / "build", BuildOptions(cache_dir=project / ".photovoice-cache"))
    return project / "build"


@pytest.fixture(name="no_racy_window")
def no_racy_window_fixture(monkeypatch) -> None:
    no_racy_window(monkeypatch)


# --- Browser tests (tests/test_browser_*.py) ----------------------------------------------
# Session fixtures: the built sample, a server under /exhibit/, one Chromium, and one visit
# of every page per pass. They live in tests/browser_fixtures.py (helpers: browser_*.py).
from browser_fixtures import (  # noqa: E402,F401
    browser, browser_site, file_survey, host_server, http_survey, new_context, site_pages,
    site_server)
