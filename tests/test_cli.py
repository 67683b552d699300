"""The command line, run for real through Click's runner: exit codes, messages, output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


from photovoice import __version__

from helpers import edit, run, tree_digest, write


def test_build_writes_the_site_and_a_summary(project):
    result = run("build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (project / "build/en/index.html").is_file()
    assert (project / "build/fr/index.html").is_file()
    assert (project / ".photovoice-cache").is_dir()
    assert "Built 34 pages and 3 photos" in result.output
    assert "warning" in result.output  # p02 has no French text


def test_content_errors_exit_1_list_every_problem_and_keep_the_previous_site(project):
    assert run("build", "--jobs", "1").exit_code == 0
    before = tree_digest(project / "build")
    edit(project / "content/participants/amal-haddad/participant.yaml", "city: brandon",
         "city: winnipeg")
    edit(project / "content/participants/p02/participant.yaml", "photos:\n",
         "photos: abc\nx:\n")
    result = run("build")
    assert result.exit_code == 1
    assert "content/participants/amal-haddad/participant.yaml:2: city: unknown city " \
           "'winnipeg'" in result.output
    assert "content/participants/p02/participant.yaml:8: photos: expected a list" \
           in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project / "build") == before


def test_strict_turns_missing_french_into_an_error(project):
    result = run("build", "--strict")
    assert result.exit_code == 1
    assert "bio.fr: missing French text" in result.output
    assert not (project / "build").exists()


def test_strict_can_be_the_project_default(project):
    edit(project / "content/exhibition.yaml", "languages: [en, fr]",
         "languages: [en, fr]\nbuild:\n  strict: true\n  output: public")
    assert run("build").exit_code == 1
    edit(project / "content/participants/p02/participant.yaml",
         "bio:\n  en: He works at a fish plant.", "bio: Fish plant")
    assert run("build", "--no-strict", "-j", "1").exit_code == 0
    assert (project / "public/en/index.html").is_file()


def test_the_project_strict_default_reports_each_problem_once_as_an_error(project):
    # It used to print each missing French text twice: first as a warning, then as an
    # error blaming a --strict nobody gave.
    edit(project / "content/exhibition.yaml", "languages: [en, fr]",
         "languages: [en, fr]\nbuild:\n  strict: true")
    # A real process: the library's warnings go through logging to its stderr.
    result = subprocess.run([sys.executable, "-m", "photovoice", "build", "-j", "1"],
                            capture_output=True, text=True, cwd=project)
    assert result.returncode == 1
    assert result.stderr.count("bio.fr") == 1
    assert ("content/participants/p02/participant.yaml:6: bio.fr: missing French text; "
            "the French page will show the English one (an error with build.strict in "
            "exhibition.yaml)\n") in result.stderr
    assert "--strict" not in result.stderr
    checked = run("check")
    assert checked.exit_code == 1 and checked.output.count("bio.fr") == 1


def test_the_output_setting_is_read_again_when_it_changes(project, no_racy_window):
    # The command line remembers `build.output` by exhibition.yaml's metadata, so a no-op
    # build need not parse YAML; an edit must still be seen.
    edit(project / "content/exhibition.yaml", "languages: [en, fr]",
         "languages: [en, fr]\nbuild:\n  output: public")
    assert run("build", "-j", "1").exit_code == 0
    edit(project / "content/exhibition.yaml", "output: public", "output: site")
    assert run("build", "-j", "1").exit_code == 0
    assert (project / "site/en/index.html").is_file()
    edit(project / "content/exhibition.yaml", "output: site", "output: public")
    shutil.rmtree(project / "public")
    assert run("build", "-j", "1").exit_code == 0
    assert (project / "public/en/index.html").is_file()


def test_missing_content_folder_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert "the content folder 'content' does not exist" in result.output


def test_version_and_help():
    assert run("--version").output.strip() == f"photovoice, version {__version__}"
    help_text = run("build", "--help").output
    assert "--content" in help_text and "Examples:" in help_text


def test_quiet_prints_nothing_on_success(project):
    result = run("build", "-q", "-j", "1")
    assert result.exit_code == 0 and result.output == ""


def test_check_reports_warnings_and_a_summary_without_writing(project):
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "content/participants/p02/participant.yaml:6: bio.fr: warning: missing French text" \
        in result.output
    assert "Participants published         2" in result.output
    assert "Texts translated into French   63.6 %" in result.output
    assert not (project / "build").exists()  # the cache remembers the photos it decoded
    assert run("check", "--strict").exit_code == 1


def test_check_reports_errors_with_exit_1(project):
    edit(project / "content/participants/amal-haddad/participant.yaml", "city: brandon",
         "city: paris")
    result = run("check")
    assert result.exit_code == 1
    assert "participant.yaml:2: city: unknown city 'paris'" in result.output


def test_new_participant_then_build(project):
    result = run("new", "participant", "p09", "--city", "moncton", "--name", "Zoé L'Heureux")
    assert result.exit_code == 0, result.output
    created = project / "content/participants/p09/participant.yaml"
    assert "Zoé L'Heureux" in created.read_text()
    assert run("build", "-j", "1").exit_code == 0  # withheld until consent is confirmed
    assert not (project / "build/en/participants/p09").exists()
    again = run("new", "participant", "p09", "--city", "moncton")
    assert again.exit_code == 1 and "p09" in again.output


def test_new_participant_refuses_an_unknown_city(project):
    result = run("new", "participant", "p10", "--city", "monkton")
    assert result.exit_code == 1
    assert "unknown city 'monkton' (did you mean 'moncton'?)" in result.output
    assert not (project / "content/participants/p10").exists()


def test_new_exhibition_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "exhibition", "walk").exit_code == 0
    monkeypatch.chdir(tmp_path / "walk")
    assert {p.name for p in (tmp_path / "walk").iterdir()} >= {"content", "netlify.toml",
                                                                ".gitignore"}
    assert run("build", "-j", "1").exit_code == 0
    assert (tmp_path / "walk/build/index.html").is_file()
    assert run("new", "exhibition", str(tmp_path / "walk")).exit_code == 1


def test_check_with_an_unlisted_file_and_other_warnings(project):
    (project / "content/participants/p02/IMG_9999.jpg").write_bytes(
        (project / "content/participants/amal-haddad/DSC01234.JPG").read_bytes())
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "IMG_9999.jpg" in result.output and "not published" in result.output
    assert "City Brandon                   1 participant, 2 photos" in result.output


def test_python_dash_m_photovoice(tmp_path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "photovoice", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"photovoice, version {__version__}"


def test_a_themes_strings_must_be_text_with_text_keys(project):
    """A bare ON is true in YAML: as a key it hid Ontario's name, as a value it showed
    "True" on the page. Each is reported at its line, every one at once."""
    (project / "themes/mine/templates").mkdir(parents=True)
    write(project / "themes/mine/strings.en.yaml",
          "province_names:\n"
          "  ON: Ontario\n"
          "  QC: Quebec\n"
          "slideshow_play: yes\n"
          "home:\n"
          "12: twelve\n"
          "sections:\n"
          "  cities: [a, b]\n")
    result = run("build", "--jobs", "1", "--theme", "mine")
    assert result.exit_code == 1, result.output
    shown = str((project / "themes/mine/strings.en.yaml").resolve())
    hint = "(YAML reads yes, no, on and off as true/false: put the {} in quotes)"
    assert [line for line in result.output.splitlines() if "strings" in line] == [
        f"{shown}:2: province_names.ON: expected a text key, got true/false {hint.format('key')}",
        f"{shown}:4: slideshow_play: expected text, got true/false {hint.format('text')}",
        f"{shown}:5: home: expected text, got nothing (an empty value)",
        f"{shown}:6: 12: expected a text key, got a number (put it in quotes)",
        f"{shown}:8: sections.cities: expected text, got a list",
    ]
    assert "Traceback" not in result.output
    assert not (project / "build").exists()


def test_a_theme_may_rename_one_section_and_keep_the_others(project):
    # A theme may be nothing but strings: no templates/ or static/ folder.
    write(project / "themes/mine/strings.fr.yaml", "sections:\n  cities: lieux\n")
    result = run("build", "--jobs", "1", "--theme", "mine")
    assert result.exit_code == 0, result.output
    assert (project / "build/fr/lieux/index.html").is_file()
    assert (project / "build/fr/themes/index.html").is_file()  # the default's French name
    assert not (project / "build/fr/villes").exists()


def test_a_themes_template_may_still_call_the_text_macro(project):
    # The default theme calls the `text` filter; a theme written for the macro keeps
    # working, and marks a fallback translation with its language just the same.
    default = Path(__file__).parent.parent / "themes" / "default" / "templates"
    page = (default / "photo.html").read_text(encoding="utf-8")
    assert "{{ photo.title | text }}" in page
    write(project / "themes/mine/templates/photo.html",
          page.replace("{{ photo.title | text }}", "{{ m.text(photo.title) }}!")
          .replace("</article>", "<p>{{ m.text(t.home) }}</p></article>"))
    result = run("build", "--jobs", "1", "--theme", "mine")
    assert result.exit_code == 0, result.output
    english = (project / "build/en/participants/p02/harbour/index.html").read_text("utf-8")
    french = (project / "build/fr/participants/p02/harbour/index.html").read_text("utf-8")
    assert "<h1 id=\"photo-title\">The harbour!</h1>" in english
    assert '<h1 id="photo-title"><span lang="en">The harbour</span>!</h1>' in french
    # A theme's own text (a string, not a translated value) is in the page's language.
    assert "<p>Home</p>" in english and "<p>Accueil</p>" in french


ENDING = """
import atexit, sys
import photovoice.cli

class Loud:
    def __del__(self):
        sys.stdout.write("torn down\\n")

keep = Loud()
sys.argv = ["photovoice", *sys.argv[1:]]
{before}photovoice.cli.{entry}()
"""


def _end(entry: str, *args: str, before: str = ""):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-c", ENDING.format(entry=entry, before=before),
                           *args], capture_output=True, text=True)


def test_the_command_ends_without_tearing_the_interpreter_down(project):
    """The interpreter's teardown costs a no-op build a tenth of its time: `run` (the
    console script, `python -m photovoice`) skips it; main() alone, as Python ends, does not."""
    normal = _end("main", "--version")
    assert normal.returncode == 0 and "torn down" in normal.stdout
    fast = _end("run", "--version")
    assert fast.returncode == 0, fast.stderr
    assert fast.stdout == f"photovoice, version {__version__}\n"
    # Every exit status and message survives the early end.
    usage = _end("run", "build", "--content", "no-such-folder")
    assert usage.returncode == 2 and "does not exist" in usage.stderr
    assert "torn down" not in usage.stdout
    (project / "content/exhibition.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    failed = _end("run", "build", "--content", str(project / "content"),
                  "--output", str(project / "build"))
    assert failed.returncode == 1, failed.stderr
    assert "exhibition.yaml:" in failed.stderr and "nothing was written" in failed.stderr


def test_exit_functions_registered_before_the_command_still_run():
    """A .pth file or coverage's subprocess hook may register an atexit function before
    the command starts: it runs, in its turn, before the early end."""
    result = _end("run", "--version", before='atexit.register(sys.stdout.write, "first\\n")\n'
                  'atexit.register(sys.stdout.write, "second\\n")\n')
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\nsecond\nfirst\n"), result.stdout
