"""The pages run under the Content-Security-Policy of the site's _headers without a single violation."""

from __future__ import annotations

import re

import pytest

from browser_support import headers_for, host_headers

pytestmark = pytest.mark.browser

CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)

# Runs before any page script (and is not itself subject to the policy).
LISTEN_JS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


def policy(site) -> str:
    value = headers_for("/", host_headers(site)).get("Content-Security-Policy")
    assert value, "_headers sets no Content-Security-Policy for /*"
    return value


def test_no_page_breaks_the_content_security_policy(new_context, site_server, site_pages):
    expected = policy(site_server.site)
    context = new_context()
    context.add_init_script(LISTEN_JS)
    console = []
    context.on("console", lambda message: CSP_MESSAGE.search(message.text) and console.append(
        f"{message.page.url if message.page else ''}: {message.text}"))
    page = context.new_page()
    chosen = {}  # one page of every template, both languages
    for site_page in site_pages:
        chosen.setdefault((site_page.kind, site_page.lang), site_page)
    assert {"home", "participant", "photo"} <= {kind for kind, _ in chosen}

    violations, viewer_opened = [], False
    for site_page in chosen.values():
        response = page.goto(site_server.url(site_page.rel))
        assert response.headers.get("content-security-policy") == expected, site_page
        page.wait_for_load_state("networkidle")
        if site_page.kind == "participant" and not viewer_opened:
            page.locator("a[data-viewer-photo]").first.click()
            page.wait_for_selector("dialog[open] img")
            page.keyboard.press("ArrowRight")
            page.wait_for_load_state("networkidle")
            viewer_opened = True
        violations += [f"{site_page}: {v}" for v in page.evaluate("window.__cspViolations")]
    assert viewer_opened
    assert not violations, "\n".join(violations)
    assert not console, "console messages:\n" + "\n".join(console)

    # The listeners do hear a violation: a data: image is outside img-src 'self'.
    with page.expect_console_message(lambda message: CSP_MESSAGE.search(message.text)):
        page.evaluate("""() => { const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.body.append(img); }""")
    page.wait_for_function("() => window.__cspViolations.length > 0")
