"""Every link, image candidate, stylesheet and script resolves: under a sub-path and from file://.

The surveys visited every page once; here the links are followed from the entry page
through what the browser resolved, so a page no link leads to is found too.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from browser_support import MOUNT, http_status
from browser_survey import follow_links

pytestmark = pytest.mark.browser


def missing_fragments(visits: dict, url: str) -> list[str]:
    problems = []
    for link in visits[url].links:
        target, _, fragment = link.partition("#")
        if fragment and target in visits and fragment not in visits[target].ids:
            problems.append(f"{url}: link to a missing #{fragment} on {target}")
    return problems


def test_every_link_and_asset_resolves_under_a_sub_path(http_survey, site_server, site_pages):
    visits = {visit.url: visit for visit in http_survey.values()}
    visits[site_server.url()] = http_survey["index.html"]  # /exhibit/ serves the entry page
    reached = follow_links(visits, site_server.url(),
                           lambda url: url.startswith(site_server.origin))

    problems, external, assets = [], set(), {}
    for url in reached:
        visit = visits[url]
        if visit.status != 200:
            problems.append(f"{visit.status} for the page {url}")
        problems += [f"{url}: while loading: {failure}" for failure in visit.failed]
        for target in [*visit.links, *visit.resources]:
            target = target.split("#")[0]
            if not target.startswith(site_server.origin):
                external.add(target)
            elif site_server.rel(target) is None:
                problems.append(f"{url}: {target} leaves the sub-path {MOUNT}")
            elif target in visits:
                if visits[target].status != 200:
                    problems.append(f"{url}: {visits[target].status} for {target}")
            else:  # an image, stylesheet, script or icon: asked for below
                assets.setdefault(target, url)
        problems += missing_fragments(visits, url)
    with ThreadPoolExecutor(8) as pool:
        statuses = dict(zip(assets, pool.map(http_status, assets)))
    problems += [f"{assets[target]}: {status} for {target}"
                 for target, status in statuses.items() if status != 200]
    assert not problems, "\n".join(problems)

    reached_pages = {site_server.rel(url) or "index.html" for url in reached}
    expected = {p.rel for p in site_pages if p.kind != "not-found"}
    assert expected <= reached_pages, f"no link leads to: {sorted(expected - reached_pages)}"
    assert all(url.startswith(("https://", "mailto:")) for url in external), sorted(external)
    print(f"\nlinks under {MOUNT}: {len(reached)} pages followed, {len(statuses)} assets checked, "
          f"{len(external)} URLs on other origins not fetched (base_url, external links)")


def test_the_not_found_page_answers_any_missing_address(new_context, site_server):
    page = new_context().new_page()
    response = page.goto(site_server.url("no/such/page/index.html"))
    assert response.status == 404
    assert page.locator("h1").count() == 1
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)", \
        "the 404 page's style did not apply"
    links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert links and all(http_status(href) == 200 for href in links), links


def test_the_not_found_page_is_styled_wherever_it_is_opened(new_context, browser_site):
    """Its style is inline: even from a folder it shows as designed (its links need a host)."""
    page = new_context().new_page()
    page.goto((browser_site.resolve() / "404.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"


def file_path(url: str) -> Path:
    return Path(url2pathname(urlsplit(url).path))


def test_every_link_and_asset_resolves_from_file_urls(file_survey, browser_site, site_pages):
    site = browser_site.resolve()
    visits = {visit.url: visit for visit in file_survey.values()}
    reached = follow_links(visits, (site / "index.html").as_uri(),
                           lambda url: url.startswith("file:"))

    problems = []
    for url in reached:
        problems += [f"{url}: while loading: {failure}" for failure in visits[url].failed]
        for target in [*visits[url].links, *visits[url].resources]:
            target = target.split("#")[0]
            if not target.startswith("file:"):
                continue
            path = file_path(target)
            if not path.is_file():
                folder = " but a folder: link to its index.html" if path.is_dir() else ""
                where = file_path(url).relative_to(site)
                problems.append(f"{where}: {target} is not a file{folder}")
            elif site not in path.parents:
                problems.append(f"{url}: {target} is outside the site")
        problems += missing_fragments(visits, url)
    assert not problems, "\n".join(problems)
    reached_pages = {file_path(url).relative_to(site).as_posix() for url in reached}
    expected = {p.rel for p in site_pages if p.kind != "not-found"}
    assert expected <= reached_pages, \
        f"not reachable from file://: {sorted(expected - reached_pages)}"
