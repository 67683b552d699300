"""Page weight on a phone-sized first visit, and what makes the first paint fast."""

from __future__ import annotations

import pytest

from browser_survey import facts_by_page

pytestmark = pytest.mark.browser

KB = 1000
JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
BUDGET = {"total": 200 * KB, "stylesheet": 20 * KB, "script": 10 * KB}


def first_load(context, url: str) -> dict[str, int]:
    """Bytes of every response body on a first visit, by Playwright resource type."""
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    sizes: dict[str, int] = {"total": 0}
    for response in responses:
        if response.status != 200:
            continue
        size = len(response.body())
        kind = response.request.resource_type
        sizes[kind] = sizes.get(kind, 0) + size
        sizes["total"] += size
    page.close()
    return sizes


def test_home_and_participant_pages_stay_light_on_a_phone(new_context, site_server, site_pages):
    chosen = [p for p in site_pages if p.kind == "home"]
    chosen += [next(p for p in site_pages if p.kind == "participant" and p.lang == "en")]
    report, problems = [], []
    for site_page in chosen:
        # A fresh context each time: an empty cache, as on a first visit.
        context = new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
        sizes = first_load(context, site_server.url(site_page.rel))
        report.append(f"{site_page}: "
                      + ", ".join(f"{k} {v / KB:.1f} KB" for k, v in sorted(sizes.items())))
        for kind, budget in BUDGET.items():
            if sizes.get(kind, 0) > budget:
                problems.append(f"{site_page}: {kind} {sizes[kind] / KB:.1f} KB "
                                f"> {budget / KB:.0f} KB")
    print("\npage weight at 360 px:\n" + "\n".join(report))
    assert not problems, "\n".join(problems)


def test_scripts_never_block_rendering_and_only_the_first_image_is_eager(http_survey):
    problems = []
    for rel, facts in facts_by_page(http_survey):
        for script in facts["scripts"]:
            if script["type"].lower() not in JAVASCRIPT_TYPES:
                continue  # a data block (JSON-LD): never run, never blocks
            if not script["src"]:
                problems.append(f"{rel}: inline script")
            elif not (script["defer"] or script["async"] or script["type"] == "module"):
                problems.append(f"{rel}: render-blocking script {script['src']}")
        images = facts["images"]
        if not images:
            continue
        first, later = images[0], images[1:]
        if first["fetchpriority"] != "high" or first["loading"] == "lazy":
            problems.append(f"{rel}: first image {first['src']} is loading={first['loading']}, "
                            f"fetchpriority={first['fetchpriority']}")
        problems += [f"{rel}: image {i['src']} after the first is not lazy"
                     for i in later if i["loading"] != "lazy"]
    assert not problems, "\n".join(problems)


def test_every_image_holds_its_space_before_it_loads(http_survey):
    """width and height attributes reserve the box, unless CSS undoes them (width: auto)."""
    problems, waiting = [], 0
    for rel, facts in facts_by_page(http_survey):
        for image in facts["images"]:
            if image["shown"] and not image["loaded"]:
                waiting += 1
                if 0 in image["box"]:
                    problems.append(f"{rel}: {image['src']} is {image['box'][0]}x{image['box'][1]} "
                                    "until it loads: the page will jump")
    assert waiting, "every image had loaded: nothing was checked"
    assert not problems, "\n".join(problems)
