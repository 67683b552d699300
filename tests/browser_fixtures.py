"""Session fixtures of the browser tests, registered by tests/conftest.py.

One built sample exhibition, one server (under /exhibit/), one Chromium per test run;
each test opens its own browser contexts through `new_context`, closed after the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import MissingTool, SiteServer, launch_chromium, list_pages
from browser_survey import survey_files, survey_http

DEFAULT_VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser_site(built_sample) -> Path:
    """The built site the browser tests look at: the sample exhibition in content/."""
    return built_sample


@pytest.fixture(scope="session")
def site_pages(browser_site):
    pages = list_pages(browser_site)
    assert len(pages) > 4, f"{browser_site} holds almost no pages"
    return pages


@pytest.fixture(scope="session")
def site_server(browser_site):
    with SiteServer(browser_site) as server:
        yield server


@pytest.fixture(scope="session")
def host_server(browser_site):
    """The same site at the root of the host, text gzip-compressed, as Netlify serves it."""
    with SiteServer(browser_site, mount="/", compress=True) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    try:
        with launch_chromium() as chromium:
            yield chromium
    except MissingTool as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture
def new_context(browser):
    """Open a browser context (Playwright's new_context options); each one closes after the test.

    Uncaught JavaScript errors on any of its pages fail the test.
    """
    contexts, errors = [], []

    def open_context(**options):
        options.setdefault("viewport", DEFAULT_VIEWPORT)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(
            f"{page.url}: {error}")))
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def http_survey(site_server, site_pages):
    """Every page visited once under /exhibit/ with JavaScript: facts, axe, layout, links."""
    try:
        return survey_http(site_server, site_pages)
    except MissingTool as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def file_survey(browser_site, site_pages):
    """Every page visited once from file:// without JavaScript: links, images, text."""
    try:
        return survey_files(browser_site, site_pages)
    except MissingTool as error:
        pytest.fail(str(error), pytrace=False)
