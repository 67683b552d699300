"""The Nu HTML Checker (vnu.jar, from npm) over every HTML file of the built site."""

from __future__ import annotations

import json
import subprocess

import pytest

from browser_support import VNU_JAR, java_path, require_file

pytestmark = pytest.mark.browser


def test_every_page_is_valid_html(browser_site):
    files = sorted(browser_site.rglob("*.html"))
    assert files
    result = subprocess.run(
        [java_path(), "-jar", str(require_file(VNU_JAR)), "--errors-only", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False)
    # vnu writes its JSON report to stderr; exit status 1 means "errors found".
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"] if m["type"] in {"error", "non-document-error"}
              or m.get("subType") == "fatal"]
    listed = [f"{m.get('url', '').removeprefix('file:' + str(browser_site) + '/')}:"
              f"{m.get('lastLine', '?')}: {m['message']}" for m in errors]
    assert not listed, f"{len(listed)} HTML errors:\n" + "\n".join(listed)
    assert result.returncode == 0, result.stderr[-2000:]
