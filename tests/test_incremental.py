"""Rebuilds do only what changed: nothing when nothing changed, one page for one caption.

Fresh fixture files are "racy" (changed within the last two seconds, so a same-size
edit in the same clock tick could go unseen); tests about the saving itself make the
window zero, and one test checks the window is honoured.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import edit, tree_bytes
from photovoice import buildstate, records, stages
from photovoice.build import BuildOptions, build
from photovoice.diagnostics import ContentError

CAPTION = "participants/amal-haddad/participant.yaml"




@pytest.fixture
def options(tmp_path) -> BuildOptions:
    return BuildOptions(jobs=1, cache_dir=tmp_path / "cache")


def files(root: Path) -> dict[str, tuple[int, bytes]]:
    """site path -> (inode, bytes) of every file."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_nothing_changed_means_nothing_done(content_dir, tmp_path, options, no_racy_window):
    out = tmp_path / "out"
    first = build(content_dir, out, options)
    before = files(out)
    second = build(content_dir, out, options)
    assert second.up_to_date and not first.up_to_date
    assert (second.pages, second.photos, second.image_files) == \
           (first.pages, first.photos, first.image_files)
    assert second.images_derived == 0 and second.warnings == first.warnings
    assert files(out) == before  # not even rewritten: the same inodes


def test_one_caption_edited_renders_only_the_pages_that_show_it(content_dir, tmp_path, options,
                                                              no_racy_window):
    out = tmp_path / "out"
    first = build(content_dir, out, options)
    before = files(out)
    edit(content_dir / CAPTION, "en: My first winter.", "en: My first winter here.")
    report = build(content_dir, out, options)
    after = files(out)
    changed = {path for path in after if after[path] != before.get(path)}
    showing = {path for path, (_, data) in after.items() if b"My first winter here." in data}
    assert showing and changed == showing
    # Rendered again: the pages that read the photo's caption field, and its neighbours
    # (their pages read captions, and link to it). Not the pages that list the photo.
    assert len(changed) <= report.pages_rendered <= len(changed) + 2
    assert report.pages_rendered < first.pages_rendered / 5
    assert not report.up_to_date


def test_a_theme_that_shows_captions_in_lists_gets_them_updated(content_dir, tmp_path,
                                                               no_racy_window):
    # Which pages depend on a caption is learnt from what the templates read, not
    # assumed from the default theme: here the participant page prints every caption.
    theme = tmp_path / "project" / "themes" / "captions"
    default = Path(__file__).parent.parent / "themes" / "default" / "templates"
    (theme / "templates").mkdir(parents=True)
    page = (default / "participant.html").read_text(encoding="utf-8")
    (theme / "templates" / "participant.html").write_text(page.replace(
        "{% endblock %}\n", "{% for photo in participant.photos %}"
        "<p>{{ photo['caption'].text }}</p>{% endfor %}{% endblock %}\n"), encoding="utf-8")
    out = tmp_path / "out"
    options = BuildOptions(jobs=1, cache_dir=tmp_path / "cache", theme="captions")
    build(content_dir, out, options)
    edit(content_dir / CAPTION, "en: My first winter.", "en: My first winter here.")
    build(content_dir, out, options)
    listing = (out / "en/participants/amal-haddad/index.html").read_text(encoding="utf-8")
    assert "My first winter here." in listing


def test_photo_sizes_are_read_again_only_for_changed_photos(content_dir, tmp_path, options,
                                                          no_racy_window, monkeypatch):
    from PIL import Image

    from photovoice import images

    opened = []
    inspect = images.inspect_image
    monkeypatch.setattr(images, "inspect_image",
                        lambda src: opened.append(src.name) or inspect(src))
    out = tmp_path / "out"
    build(content_dir, out, options)
    assert len(opened) >= 3
    opened.clear()
    edit(content_dir / CAPTION, "en: My first winter.", "en: My first winter here.")
    build(content_dir, out, options)
    assert opened == []  # a caption edit opens no photo
    photo = content_dir / "participants/amal-haddad/IMG_20230514_093012.jpg"
    Image.new("RGB", (640, 1000), "olive").save(photo)  # replaced by a portrait
    build(content_dir, out, options)
    assert opened == [photo.name]
    page = (out / "en/participants/amal-haddad/market/index.html").read_text(encoding="utf-8")
    assert 'width="614" height="960"' in page  # the new shape, at the sizes it can fill


@pytest.mark.own_compiled_templates
def test_compiled_templates_are_kept_in_the_cache_for_the_next_build(content_dir, tmp_path,
                                                                     options, monkeypatch):
    import jinja2

    build(content_dir, tmp_path / "out", options)
    assert list((tmp_path / "cache").glob("templates-*/__jinja2_*.cache"))
    compiled = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *args, **kwargs: compiled.append(args[1:2])
                        or compile_(self, *args, **kwargs))
    report = build(content_dir, tmp_path / "elsewhere", options)  # every page rendered
    assert report.pages_rendered >= report.pages and compiled == []


@pytest.mark.own_compiled_templates
def test_templates_compiled_with_a_finalize_are_not_used_without_it(content_dir, tmp_path,
                                                                    options, monkeypatch):
    # A theme's environment (or a test's) with a finalize compiles code that calls it.
    making = stages.make_environment

    def finalizing(theme, assets, memo=None):
        environment = making(theme, assets, memo)
        environment.finalize = lambda value: value
        return environment

    with monkeypatch.context() as patched:
        patched.setattr(stages, "make_environment", finalizing)
        build(content_dir, tmp_path / "first", options)
    report = build(content_dir, tmp_path / "second", options)  # the same cache
    assert report.pages_rendered >= report.pages
    assert "<html" in (tmp_path / "second" / "en" / "index.html").read_text(encoding="utf-8")


@pytest.mark.own_compiled_templates
def test_a_template_change_renders_every_page(content_dir, tmp_path, options, no_racy_window):
    theme = tmp_path / "project" / "themes" / "mine"
    default = Path(__file__).parent.parent / "themes" / "default" / "templates" / "base.html"
    (theme / "templates").mkdir(parents=True)
    shutil.copy(default, theme / "templates" / "base.html")
    out, mine = tmp_path / "out", BuildOptions(jobs=1, cache_dir=tmp_path / "cache", theme="mine")
    first = build(content_dir, out, mine)
    edit(theme / "templates" / "base.html", "</body>", "<!-- changed --></body>")
    report = build(content_dir, out, mine)
    assert report.pages_rendered == first.pages_rendered and not report.up_to_date
    for page in ("en/index.html", "fr/index.html", "en/participants/amal-haddad/index.html"):
        assert "<!-- changed -->" in (out / page).read_text(encoding="utf-8")


def test_a_page_removed_from_the_site_is_written_again(content_dir, tmp_path, options,
                                                      no_racy_window):
    out = tmp_path / "out"
    build(content_dir, out, options)
    before = files(out)
    (out / "en" / "index.html").unlink()
    report = build(content_dir, out, options)
    assert not report.up_to_date
    assert {path: data for path, (_, data) in files(out).items()} == \
           {path: data for path, (_, data) in before.items()}


def test_an_edited_page_is_not_trusted(content_dir, tmp_path, options, no_racy_window):
    out = tmp_path / "out"
    build(content_dir, out, options)
    page = out / "en" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</main>", b"<p>hand edit</p></main>"))
    build(content_dir, out, options)
    assert page.read_bytes() == original


def test_a_new_empty_participant_folder_is_seen(content_dir, tmp_path, options, no_racy_window):
    out = tmp_path / "out"
    build(content_dir, out, options)
    (content_dir / "participants" / "new-person").mkdir()
    with pytest.raises(ContentError, match="new-person"):
        build(content_dir, out, options)


def test_other_options_are_another_build(content_dir, tmp_path, options, no_racy_window):
    out = tmp_path / "out"
    build(content_dir, out, options)
    narrow = build(content_dir, out, BuildOptions(jobs=1, cache_dir=tmp_path / "cache",
                                                  widths=(480,), formats=("jpeg",)))
    assert not narrow.up_to_date
    assert {p.suffix for p in (out / "media").rglob("*.*")} == {".jpg", ".mp3"}


def test_a_file_changed_just_now_is_checked_again(content_dir, tmp_path, options):
    # A build that read a file changed within the racy window cannot vouch that a
    # same-size edit in the same clock tick would have shown: the next build checks.
    out = tmp_path / "out"
    build(content_dir, out, options)
    caption = content_dir / CAPTION
    caption.write_bytes(caption.read_bytes())  # rewritten just now, same size
    build(content_dir, out, options)
    assert not build(content_dir, out, options).up_to_date


def test_nothing_changed_from_the_command_line(content_dir, tmp_path):
    time.sleep(records.RACY_SECONDS)  # the fixture's files were copied just now
    # As a curator runs it: in the project folder, which also holds build/ and the
    # staging folder that comes and goes beside it.
    command = [sys.executable, "-m", "photovoice", "build"]
    project = content_dir.parent
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=project)
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=project)
    assert "Built " in first.stderr
    assert "Nothing changed since the last build" in second.stderr
    # The warnings are still shown: they are still the curator's to fix.
    warnings = [line for line in first.stderr.splitlines() if "warning:" in line]
    assert warnings and all(line in second.stderr for line in warnings)


def test_nothing_changed_imports_no_parser_or_imaging_library(content_dir, tmp_path):
    # The point of the no-op path: it answers before YAML, Pillow, Jinja or Markdown load;
    # nor logging (the fixture's warnings are repeated through the command line's
    # callback), ctypes (only swapping a site in needs it), what only a full build reads,
    # or the other commands (new, clean, publish, sheet).
    time.sleep(records.RACY_SECONDS)
    command = [sys.executable, "-X", "importtime", "-m", "photovoice", "build"]
    project = content_dir.parent
    subprocess.run(command, capture_output=True, text=True, check=True, cwd=project)
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=project)
    assert "Nothing changed since the last build" in second.stderr
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines()
                if line.startswith("import time:")}
    assert "photovoice.buildstate" in imported  # the list is real
    assert "warning:" in second.stderr
    assert not imported & {"yaml", "PIL", "jinja2", "markdown_it", "photovoice.load",
                           "hashlib", "json", "logging", "ctypes", "photovoice.stages",
                           "photovoice.written", "photovoice.cli_project", "photovoice.cli_sheet"}


def test_warnings_go_to_the_callback_given_and_nowhere_else(content_dir, tmp_path, options,
                                                            no_racy_window, caplog,
                                                            monkeypatch):
    # A full build and a no-op build alike: each warning once, to the caller's callback.
    # (A command run earlier may have stopped photovoice's logger passing records on.)
    monkeypatch.setattr(logging.getLogger("photovoice"), "propagate", True)
    told: list = []
    options = BuildOptions(jobs=1, cache_dir=tmp_path / "cache", warn=told.append)
    with caplog.at_level("WARNING", logger="photovoice"):
        first = build(content_dir, tmp_path / "out", options)
        assert told == sorted(first.warnings) and first.warnings
        told.clear()
        second = build(content_dir, tmp_path / "out", options)
    assert second.up_to_date and told == list(second.warnings) == list(first.warnings)
    assert not [record for record in caplog.records if "warning:" in record.getMessage()]


def test_markdown_conversions_are_remembered_only_for_the_same_code(content_dir, tmp_path,
                                                                    options, monkeypatch):
    # The next build reuses what Markdown made of each text, as long as photovoice and
    # its libraries are the ones that made it; shown by planting a false conversion.
    out = tmp_path / "out"
    build(content_dir, out, options)
    state = buildstate.read_state(tmp_path / "cache", out.resolve())
    texts = [key for key in state.markup if key[0] == "words"]
    assert texts  # the fixture's introduction is Markdown
    state.markup[texts[0]] = "Planted words."
    buildstate.write_state(tmp_path / "cache", out.resolve(), state)
    edit(content_dir / CAPTION, "en: My first winter.", "en: My first winter here.")
    build(content_dir, out, options)
    assert "Planted words." in (out / "en" / "index.html").read_text(encoding="utf-8")

    state = buildstate.read_state(tmp_path / "cache", out.resolve())
    assert state.markup[texts[0]] == "Planted words."
    real_code = records.code_fingerprint()
    monkeypatch.setattr(buildstate, "code_fingerprint", lambda: real_code + " upgraded")
    edit(content_dir / CAPTION, "en: My first winter here.", "en: My first winter.")
    build(content_dir, out, options)
    assert "Planted words." not in (out / "en" / "index.html").read_text(encoding="utf-8")


def test_a_caption_edit_does_not_load_pillow_or_markdown(content_dir, tmp_path):
    # Pages are planned and named without Pillow, and photo sizes are remembered: a
    # rebuild that derives no image leaves Pillow (and pillow-heif) unimported. The
    # words of the Markdown introduction (in every page's description) are remembered
    # too, and the pages this edit renders show plain words: no Markdown either. Every
    # photo's hash is remembered: no thread pool to hash them (concurrent.futures).
    time.sleep(records.RACY_SECONDS)
    command = [sys.executable, "-X", "importtime", "-m", "photovoice", "build"]
    project = content_dir.parent
    subprocess.run(command, capture_output=True, text=True, check=True, cwd=project)
    edit(content_dir / CAPTION, "en: My first winter.", "en: My first winter here.")
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=project)
    assert "Built " in second.stderr
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines()
                if line.startswith("import time:")}
    assert "photovoice.imageplan" in imported  # the list is real
    assert not imported & {"PIL", "pillow_heif", "photovoice.images", "markdown_it",
                           "concurrent.futures"}


def test_the_replaced_site_is_recycled_as_the_next_staging_folder(content_dir, tmp_path,
                                                                   options):
    # Creating a folder per page, and deleting the replaced site, cost more than the rest
    # of a caption-edit rebuild: the replaced site is kept, emptied and filled again.
    out = tmp_path / "out"
    build(content_dir, out, options)
    build(content_dir, out, options)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".out.spare", "cache", "out", "project"]
    # The previous site's folders, not one of its files: a withdrawn photo or an edited
    # caption leaves no copy beside the site.
    spare = tmp_path / ".out.spare"
    assert (spare / "en" / "participants").is_dir()
    assert [p.name for p in spare.rglob("*") if not p.is_dir()] == [".photovoice-build"]
    shutil.rmtree(content_dir / "participants" / "p02")  # its pages and folders must go
    build(content_dir, out, options)
    fresh = build(content_dir, tmp_path / "fresh", options).output_dir

    assert tree_bytes(out) == tree_bytes(fresh)  # same files, same bytes, no empty folder left
    assert not any("p02" in path for path in tree_bytes(out))


