"""Publishing without content/ on a host: the host files every build writes, the project
`photovoice new exhibition` writes (Netlify, GitHub Pages), and `photovoice publish`."""

from __future__ import annotations

import base64
import errno
import hashlib
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from browser_support import headers_for, host_headers
from helpers import FIXTURE, run, tree_bytes


# --- _headers and _redirects --------------------------------------------------------------

def test_every_build_writes_the_security_headers_hosts_read(built_site):
    rules = host_headers(built_site)
    page = headers_for("/en/index.html", rules)
    assert page["Referrer-Policy"] == "no-referrer"
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert "geolocation=()" in page["Permissions-Policy"]
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "Cache-Control" not in page  # hosts would join two rules' values with a comma
    photo = headers_for("/media/amal-haddad/x.jpg", rules)
    assert photo["Cache-Control"] == "public, max-age=31536000, immutable"
    assert photo["Content-Security-Policy"] == page["Content-Security-Policy"]


def test_the_404_page_style_is_the_one_the_content_security_policy_allows(built_site):
    """style-src 'self' blocks inline style; _headers lets in the 404 page's by its hash."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    policy = headers_for("/404.html", host_headers(built_site))["Content-Security-Policy"]
    style_src = next(d for d in policy.split(";") if d.split()[0] == "style-src")
    assert style_src.split() == ["style-src", "'self'", f"'sha256-{digest}'"]


def test_every_build_writes_the_language_redirect(built_site):
    lines = (built_site / "_redirects").read_text(encoding="utf-8").split("\n")
    assert [line.split() for line in lines if line.strip()] == [
        ["/", "/en/", "302", "Language=en"], ["/", "/fr/", "302", "Language=fr"]]


def test_no_netlify_toml_repeats_the_headers_or_the_redirect():
    """One source of truth: the theme's host-headers.txt, written into every build."""
    root = Path(__file__).parent.parent
    for toml in (root / "netlify.toml", root / "photovoice/scaffold_files/netlify.toml"):
        config = tomllib.loads(toml.read_text(encoding="utf-8"))
        assert "headers" not in config and "redirects" not in config, toml
        assert config["build"]["publish"] == "build"


# --- A new project publishes build/ alone -------------------------------------------------

@pytest.fixture
def new_project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = run("new", "exhibition", "show")
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "show")
    shutil.copy(FIXTURE / "participants/amal-haddad/IMG_20230514_093012.jpg",
                tmp_path / "show/content/participants/p01/kitchen.jpg")
    return tmp_path / "show"


def test_the_new_netlify_toml_publishes_build_and_installs_nothing(new_project):
    config = tomllib.loads((new_project / "netlify.toml").read_text(encoding="utf-8"))
    assert config == {"build": {"publish": "build"}}


def workflow_steps(project: Path) -> list[dict]:
    workflow = yaml.safe_load((project / ".github/workflows/pages.yml").read_text("utf-8"))
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    (job,) = workflow["jobs"].values()
    return job["steps"]


def test_the_new_github_pages_workflow_uploads_build_and_installs_nothing(new_project):
    steps = workflow_steps(new_project)
    assert [step.get("uses", "run") for step in steps] == [
        "actions/checkout@v4", "run", "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4"]
    assert steps[2]["with"] == {"path": "build"}
    commands = {line.split()[0] for line in steps[1]["run"].splitlines()}
    assert commands == {"if", "echo", "git", "exit", "fi"}  # checks, and nothing to install


def commit_and_check_out(project: Path, checkout: Path) -> None:
    """What the curator pushes and what the workflow's checkout then holds."""
    git = ["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Site"]):
        subprocess.run(git + command, cwd=project, check=True)
    subprocess.run(["git", "clone", "-q", str(project), str(checkout)], check=True)


def run_check_step(project: Path, checkout: Path) -> subprocess.CompletedProcess:
    script = workflow_steps(project)[1]["run"]
    return subprocess.run(["bash", "-e", "-c", script], cwd=checkout, capture_output=True,
                          text=True)


def test_the_repository_of_a_built_project_holds_the_site_and_no_content(new_project, tmp_path):
    assert run("build", "-j", "1").exit_code == 0
    commit_and_check_out(new_project, tmp_path / "checkout")
    pushed = tree_bytes(tmp_path / "checkout")
    assert {"build/index.html", "build/_headers", "build/_redirects", "netlify.toml",
            ".github/workflows/pages.yml", ".gitignore"} <= set(pushed)
    assert not [path for path in pushed if path.startswith(("content", ".photovoice-cache"))]
    assert not [path for path in pushed if "kitchen" in path or "p01" in path]
    step = run_check_step(new_project, tmp_path / "checkout")
    assert step.returncode == 0, step.stdout + step.stderr


def test_the_workflow_explains_a_push_without_a_built_site(new_project, tmp_path):
    commit_and_check_out(new_project, tmp_path / "checkout")
    step = run_check_step(new_project, tmp_path / "checkout")
    assert step.returncode == 1
    assert step.stdout == ("::error::build/ is not in the repository: run photovoice build on "
                           "your computer, then commit and push the build folder.\n")


# --- photovoice publish -------------------------------------------------------------------

@pytest.fixture
def site(built_site, tmp_path) -> Path:
    """A built site of our own, to change between two publications."""
    copy = tmp_path / "project/build"
    shutil.copytree(built_site, copy)
    return copy


def test_publish_copies_the_whole_site_and_replaces_the_previous_copy(site, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    result = run("publish", str(usb / "exhibition"), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Copied the site \(\d+ files, \d+\.\d MB\) to .*exhibition\.\n",
                        result.output)
    assert tree_bytes(usb / "exhibition") == tree_bytes(site)
    withdrawn = list(site.glob("media/amal-haddad/first-snow-*"))
    assert withdrawn
    for file in withdrawn:
        file.unlink()
    result = run("publish", str(usb / "exhibition"), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert result.output.endswith("; the previous copy there was replaced.\n")
    assert tree_bytes(usb / "exhibition") == tree_bytes(site)  # the withdrawn photo's files are gone
    assert [p.name for p in usb.iterdir()] == ["exhibition"]  # nothing left beside it


def test_publish_takes_the_folder_build_writes(site, tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "project/content")
    monkeypatch.chdir(tmp_path / "project")
    result = run("publish", str(tmp_path / "usb"))
    assert result.exit_code == 0, result.output
    assert tree_bytes(tmp_path / "usb") == tree_bytes(site)


def test_publish_never_deletes_a_folder_it_did_not_fill(site, tmp_path):
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis/chapter1.docx").write_text("mine", encoding="utf-8")
    before = tree_bytes(tmp_path / "thesis")
    result = run("publish", str(tmp_path / "thesis"), "--site", str(site))
    assert result.exit_code == 1
    assert result.output == (f"photovoice: {tmp_path / 'thesis'} has files that photovoice "
                             "did not copy there; they would be deleted. Choose an empty or "
                             "new folder (for example a new folder on the drive)\n")
    assert tree_bytes(tmp_path / "thesis") == before


def test_publish_refuses_the_content_and_an_unbuilt_site(site, tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "project/content")
    monkeypatch.chdir(tmp_path / "project")
    result = run("publish", "content/site")
    assert result.exit_code == 1
    assert "content/site is the content folder, inside it, or one of its parents" in result.output
    result = run("publish", str(tmp_path / "usb"), "--site", "content")
    assert result.exit_code == 1
    assert result.output == ("photovoice: content is not a site built by photovoice: run "
                             "photovoice build first (or name the built folder with --site)\n")
    assert not (tmp_path / "usb").exists()


def test_publish_refuses_a_drive_that_is_not_there(site, tmp_path):
    result = run("publish", str(tmp_path / "E/exhibition"), "--site", str(site))
    assert result.exit_code == 1
    assert result.output.endswith(f"{tmp_path / 'E'} does not exist (is the drive plugged in?)\n")


def test_a_copy_that_fails_halfway_leaves_the_previous_copy_whole(site, tmp_path, monkeypatch):
    dest = tmp_path / "share/exhibition"
    dest.parent.mkdir()
    assert run("publish", str(dest), "--site", str(site)).exit_code == 0
    before = tree_bytes(dest)
    (site / "en/new-page.html").write_text("new", encoding="utf-8")
    copied, copy = [], shutil.copyfile

    def copy_until_full(src, dst, **kwargs):
        if len(copied) == 20:
            raise OSError(errno.ENOSPC, "No space left on device")
        copied.append(src)
        return copy(src, dst)

    monkeypatch.setattr(shutil, "copyfile", copy_until_full)
    result = run("publish", str(dest), "--site", str(site))
    assert result.exit_code == 1
    assert result.output == (f"photovoice: could not copy the site to {dest}: No space left on "
                             "device; what was there is unchanged\n")
    assert tree_bytes(dest) == before
    assert [p.name for p in dest.parent.iterdir()] == ["exhibition"]


def test_publish_says_when_the_drive_is_too_small(site, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(
        8_000_000_000, 7_999_999_000, 1_000))
    result = run("publish", str(tmp_path / "usb"), "--site", str(site))
    assert result.exit_code == 1
    assert re.fullmatch(r"photovoice: not enough space for the site at .*usb: it needs "
                        r"\d+\.\d MB, and 0\.0 MB is free; nothing was copied\n", result.output)
    assert not (tmp_path / "usb").exists()
