"""Failures of the machine, not the content: one line naming the path, exit 1, the
previous site untouched."""

from __future__ import annotations

import errno

import pytest
from click.testing import CliRunner

from photovoice.cli import main

from helpers import tree_digest


def _rebuild(project) -> tuple[int, str]:
    amal = project / "content/participants/amal-haddad/participant.yaml"
    amal.write_text(amal.read_text().replace("Amal came to Brandon",
                                             "Amal came to Brandon, Manitoba"))
    result = CliRunner().invoke(main, ["build", "-j", "1"], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "No space left on device"),
                                         (errno.EACCES, "Permission denied"),
                                         (errno.EROFS, "Read-only file system")])
def test_a_write_that_fails_is_one_line_naming_the_file(project_with_site, monkeypatch, code,
                                                        words):
    from photovoice import write
    before = tree_digest(project_with_site / "build")

    def fail(self, site_path, data):
        raise OSError(code, words, f"{self._root}/{site_path}")

    monkeypatch.setattr(write.Staging, "write_bytes", fail)
    status, output = _rebuild(project_with_site)
    assert status == 1
    lines = [line for line in output.splitlines() if not line.startswith("content/")]
    assert len(lines) == 1, output
    assert lines[0].startswith("photovoice: ") and ".build.staging-" in lines[0]
    assert lines[0].endswith(f": {words}; the previous site is unchanged.")
    assert "Traceback" not in output
    assert tree_digest(project_with_site / "build") == before


def test_an_output_name_too_long_is_one_line(project_with_site):
    before = tree_digest(project_with_site / "build")
    result = CliRunner().invoke(main, ["build", "-j", "1", "--output", "x" * 300],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert "File name too long; the previous site is unchanged." in result.output
    assert "x" * 300 in result.output and "Traceback" not in result.output
    assert tree_digest(project_with_site / "build") == before


def test_recursion_is_one_line(project_with_site, monkeypatch):
    from photovoice import stages

    def too_deep(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(stages, "load_exhibition", too_deep)
    before = tree_digest(project_with_site / "build")
    status, output = _rebuild(project_with_site)
    assert status == 1
    assert output.strip().endswith("photovoice: the content is nested too deeply to be read; "
                                   "the previous site is unchanged.")
    assert tree_digest(project_with_site / "build") == before
