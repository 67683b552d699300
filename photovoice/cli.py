"""The command line: a thin layer over the library that picks exit codes.

Exit codes: 0 success, 1 content errors (every problem listed), 2 usage errors.
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path

import click

from . import __version__
from .build import BuildOptions, build as run_build
from .cli_common import (cache_option, configured_output, existing_content_option,
                         preview_progress, progress_bar, report_content_error,
                         report_environment_error)
from .cli_language import LocalizedGroup, language_option, translator_of
from .translation import N_
from .diagnostics import ContentError, Diagnostic
from .settings import cache_folder

EPILOG_BUILD = """\b
Examples:
  photovoice build
  photovoice build --content my-exhibition/content --output public
  photovoice build --strict      # missing French text is an error
"""


def _configure_logging(verbose: int, quiet: bool) -> None:
    """The library's messages on stderr, each as its bare text (file:line: field: message),
    a diagnostic in the run's language."""
    import logging  # deferred: see ARCHITECTURE.md

    say = translator_of()

    class InLanguage(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            if isinstance(record.args, tuple) and len(record.args) == 1 \
                    and isinstance(record.args[0], Diagnostic):
                return say.diagnostic(record.args[0])
            return super().format(record)

    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(InLanguage("%(message)s"))
    root = logging.getLogger("photovoice")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


class Photovoice(LocalizedGroup):
    """photovoice's commands: those written below, and those of the project (`new`,
    `clean`, `publish`) and the spreadsheet (`sheet`), imported when run or listed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "clean", "new", "publish", "sheet"])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in ("clean", "new", "publish"):
            from . import cli_project  # deferred: see ARCHITECTURE.md

            return getattr(cli_project, name)
        if name == "sheet":
            from .cli_sheet import sheet  # deferred: see ARCHITECTURE.md

            return sheet
        return super().get_command(ctx, name)


@click.group(cls=Photovoice, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="photovoice")
@language_option
def main() -> None:
    """Build bilingual, accessible websites for Photovoice exhibitions.

    Put each participant's photos and a participant.yaml in
    content/participants/<slug>/, then run `photovoice build`.
    """


# Options several commands share, defined once so they read the same in every --help.
strict_option = click.option(
    "--strict/--no-strict", default=None,
    help="Treat warnings (such as a missing French text) as errors.")
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(1, 256), default=None,
    help="The number of processes that work on the photos at once.  [default: the "
         "number of cores]")
theme_option = click.option(
    "--theme", default=None, help="A theme name or folder.  [default: default]")
verbose_option = click.option("--verbose", "-v", count=True, help="Say more about each step.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Only print errors.")


@main.command(epilog=EPILOG_BUILD)
@existing_content_option
@click.option("--output", "output_dir", default=None,
              type=click.Path(dir_okay=True, path_type=Path),
              help="Where to write the site.  [default: build]")
@strict_option
@jobs_option
@theme_option
@cache_option
@click.option("--catalogue/--no-catalogue", default=None,
              help="Also write each language's PDF catalogue into the site, offered from its "
                   "About and accessibility pages (default: build.catalogue in "
                   "exhibition.yaml). Needs WeasyPrint.")
@verbose_option
@quiet_option
def build(content_dir: Path, output_dir: Path | None, strict: bool | None, jobs: int | None,
          theme: str | None, cache_dir: Path | None, catalogue: bool | None, verbose: int,
          quiet: bool) -> None:
    """Build the site from the content folder into the output folder.

    The previous site is replaced only when the whole build succeeds.
    """
    if verbose or quiet:
        _configure_logging(verbose, quiet)
    # Else nothing to set up: the build's warnings come to `_show_warning`, and with no
    # handler configured Python's logging prints anything else the library says (a wait
    # for another build) to stderr as the bare message (its "last resort" handler).
    output = output_dir or configured_output(content_dir, cache_dir) or Path("build")
    options = BuildOptions(strict=strict, jobs=jobs, theme=theme, cache_dir=cache_dir,
                           catalogue=catalogue,
                           progress=progress_bar() if not quiet else None,
                           warn=_show_warning if not quiet else _hide_warning)
    try:
        report = run_build(content_dir, output, options)
    except ContentError as error:
        report_content_error(error)
        sys.exit(1)
    except (OSError, RecursionError) as error:
        report_environment_error(error, N_("the previous site is unchanged"))
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(translator_of().gettext("photovoice: interrupted; the previous site is "
                                           "unchanged."), err=True)
        sys.exit(130)
    if not quiet:
        click.echo(_build_summary(report, translator_of()), err=True)
        for stale in report.stale_files:
            click.echo(translator_of().gettext(
                "photovoice: {file} still holds words of participants who are no longer "
                "published ({participants}): photovoice wrote it for your team, and no build "
                "changes it; delete it, or write it again (guide: Withdraw consent).").format(
                file=stale.file, participants=", ".join(stale.participants)), err=True)


def _show_warning(warning: Diagnostic) -> None:
    click.echo(translator_of().diagnostic(warning), err=True)


def _hide_warning(warning: Diagnostic) -> None:
    """-q: only errors are printed."""


def _build_summary(report, say) -> str:
    """The line a build ends with, in the run's language."""
    counts = dict(pages=say.counted("{n} page", "{n} pages", report.pages),
                  photos=say.counted("{n} photo", "{n} photos", report.photos),
                  warnings=say.counted("{n} warning", "{n} warnings", len(report.warnings)),
                  output=report.output_dir)
    if report.up_to_date:
        return say.gettext("Nothing changed since the last build: {output} is up to date "
                           "({pages}, {photos}, {warnings}).").format(**counts)
    built = say.gettext(
        "Built {pages} and {photos} ({files}; {processed}, {cached}) into {output} with "
        "{warnings} in {seconds} s.").format(
        files=say.counted("{n} image file", "{n} image files", report.image_files),
        processed=say.counted("{n} photo processed", "{n} photos processed",
                              report.images_derived),
        cached=say.counted("{n} from the cache", "{n} from the cache", report.images_cached),
        seconds=say.decimal(report.seconds), **counts)
    if report.catalogues:
        built += "\n" + say.gettext("The PDF catalogue is in the site too ({files}), offered "
                                    "from its About and accessibility pages.").format(
            files=", ".join(report.catalogues))
    return built


EPILOG_SERVE = """\b
Examples:
  photovoice serve               # then open http://127.0.0.1:8000/
  photovoice serve --port 8080 --open
"""


@main.command(epilog=EPILOG_SERVE)
@existing_content_option
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="The port on 127.0.0.1 to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in your browser.")
@strict_option
@jobs_option
@theme_option
@verbose_option
def serve(content_dir: Path, port: int, open_browser: bool, strict: bool | None,
          jobs: int | None, theme: str | None, verbose: int) -> None:
    """Preview the site while you edit: rebuilds and reloads on every save.

    The site is served on http://127.0.0.1 only (not on the network). If the
    content has a problem, the browser shows it (file and line) until you fix it.
    Stop with Ctrl-C.
    """
    _configure_logging(verbose, quiet=False)
    from .server import preview_site  # deferred: see ARCHITECTURE.md

    options = BuildOptions(strict=strict, jobs=jobs, theme=theme)
    say = translator_of()
    try:
        preview_site(content_dir, options, port=port, open_browser=open_browser,
                     on_ready=lambda url: click.echo(say.gettext(
                         "Serving the exhibition on {url} (Ctrl-C to stop)").format(url=url),
                         err=True),
                     progress=preview_progress(say), language=say)
    except OSError as error:
        raise click.UsageError(say.gettext("cannot serve on port {port}: {reason}").format(
            port=port, reason=error.strerror)) from None
    except KeyboardInterrupt:
        pass


EPILOG_CATALOGUE = """\b
Examples:
  photovoice catalogue                    # both languages, into catalogue.pdf
  photovoice catalogue --lang fr --output catalogue-fr.pdf
"""


@main.command(epilog=EPILOG_CATALOGUE)
@existing_content_option
@click.option("--lang", type=click.Choice(["en", "fr", "both"]), default="both",
              show_default=True,
              help="The catalogue's language; both: one PDF, English part then French part.")
@click.option("--output", "-o", default="catalogue.pdf", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write; an existing file is replaced only by a complete catalogue.")
@strict_option
@jobs_option
@theme_option
@cache_option
@verbose_option
@quiet_option
def catalogue(content_dir: Path, lang: str, output: Path, strict: bool | None,
              jobs: int | None, theme: str | None, cache_dir: Path | None, verbose: int,
              quiet: bool) -> None:
    """Make a printable exhibition catalogue: a tagged PDF on US Letter pages.

    Same photos, words, consent and credit rules as the site. Needs WeasyPrint:
    pipx inject photovoice weasyprint.
    """
    _configure_logging(verbose, quiet)
    from .catalogue import PdfUnavailable, make_catalogue  # deferred: see ARCHITECTURE.md

    langs = () if lang == "both" else (lang,)  # (): every language of the exhibition
    options = BuildOptions(strict=strict, jobs=jobs, theme=theme, cache_dir=cache_dir,
                           progress=progress_bar() if not quiet else None)
    try:
        report = make_catalogue(content_dir, output, langs, options)
    except ContentError as error:
        report_content_error(error, action=N_("no catalogue was written"))
        sys.exit(1)
    except (OSError, RecursionError) as error:
        report_environment_error(error, N_("no catalogue was written"))
        sys.exit(1)
    except PdfUnavailable as error:
        click.echo(translator_of().refusal(error), err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo(translator_of().gettext("photovoice: interrupted; no catalogue was "
                                           "written."), err=True)
        sys.exit(130)
    if not quiet:
        say = translator_of()
        click.echo(say.gettext("Made a {pages}-page catalogue of {photos} in {output} with "
                               "{warnings}.").format(
            pages=say.number(report.pages),
            photos=say.counted("{n} photo", "{n} photos", report.photos),
            output=report.output,
            warnings=say.counted("{n} warning", "{n} warnings", len(report.warnings))),
            err=True)


EPILOG_CHECK = """\b
Examples:
  photovoice check
  photovoice check --strict     # exit 1 on any warning, e.g. in a CI job
"""


@main.command(epilog=EPILOG_CHECK)
@existing_content_option
@click.option("--strict", is_flag=True,
              help="Treat warnings as errors, as photovoice build --strict does.")
@cache_option
def check(content_dir: Path, strict: bool, cache_dir: Path | None) -> None:
    """Check the content without building: errors, then warnings, then a summary.

    Every photo is decoded, as a build would (once: the result is kept in the cache
    folder). Warnings are what build warns about too: missing translations, alt text
    that will not help a blind visitor, missing captions, and image files that are in
    a folder but not listed (so not published). A note on photos smaller than the
    largest size the site makes is only for your information.
    """
    _configure_logging(0, quiet=True)
    from .quality import review_exhibition  # deferred: see ARCHITECTURE.md
    from .stages import ImageCache, check_content, resolve_settings

    cache = ImageCache(cache_folder(content_dir, cache_dir) / "images")
    try:  # every warning listed, whatever makes them errors: the exit status says that
        loaded = check_content(content_dir, cache)
    except ContentError as error:
        report_content_error(error, action=N_("nothing was checked further"))
        sys.exit(1)
    except (OSError, RecursionError) as error:
        report_environment_error(error, N_("nothing was checked further"))
        sys.exit(1)
    settings = resolve_settings(BuildOptions(strict=strict or None), loaded.exhibition.build,
                                content_dir)
    report = review_exhibition(loaded.exhibition)
    notes = sorted(set(loaded.warnings) | set(report.notes),
                   key=lambda d: (d.path, d.line or 0, d.field, d.message))
    say = translator_of()
    for note in notes:
        click.echo(say.diagnostic(note))
    if report.small_photos:
        click.echo(say.ngettext(
            "Note: {n} photo under {width} pixels on the longest side may look soft on very "
            "large screens; nothing to fix, but a larger original is sharper.",
            "Note: {n} photos under {width} pixels on the longest side may look soft on "
            "very large screens; nothing to fix, but a larger original is sharper.",
            len(report.small_photos)).format(n=say.number(len(report.small_photos)),
                                             width=say.number(report.largest_width)))
    click.echo(_summary_table(report.summary, loaded.exhibition, say))
    warnings = say.counted("{n} warning", "{n} warnings", len(notes))
    if settings.strict and notes:
        click.echo(say.gettext("photovoice check: failed: no errors, but {warnings}, which "
                               "{because} counts as errors.").format(
            warnings=warnings, because=settings.strict_because))
        sys.exit(1)
    click.echo(say.gettext("photovoice check: no errors, {warnings}.").format(warnings=warnings))


def _summary_table(summary, exhibition, say) -> str:
    """What check found, cities and themes by their names in the curator's language."""
    def photos(number: int) -> str:
        return say.counted("{n} photo", "{n} photos", number)

    def named(entry) -> str:
        return entry.name.resolve(say.lang, exhibition.languages).text or entry.slug

    # `publish: false` holds back a draft as well as a withdrawal: "not published" says both.
    rows = [(say.gettext("Participants published"), say.number(summary.participants)),
            (say.gettext("Participants not published"),
             say.number(summary.withdrawn_participants)),
            (say.gettext("Photos published"), say.number(summary.photos)),
            (say.gettext("Photos not published"), say.number(summary.withdrawn_photos))]
    rows += [(say.gettext("City {city}").format(city=named(exhibition.cities[city])),
              ", ".join((say.counted("{n} participant", "{n} participants", people),
                         photos(count))))
             for city, people, count in summary.per_city]
    rows += [(say.gettext("Theme {theme}").format(theme=named(exhibition.themes[theme])),
              photos(count)) for theme, count in summary.per_theme]
    rows += [(say.gettext("Texts translated {into}").format(into=say.into(lang)),
              say.gettext("{percent} %").format(percent=say.decimal(percent)))
             for lang, percent in summary.translation]
    width = max(len(label) for label, _ in rows)
    return "\n".join(["", say.gettext("Summary")]
                     + [f"  {label.ljust(width)}  {value}" for label, value in rows] + [""])


def run(prog_name: str | None = None) -> None:
    """The `photovoice` command: main(), then the process ends without tearing down the
    interpreter.

    Python's own exit frees every module, class and object one by one, after the work
    is done; the operating system takes the whole process back at once. That is a
    measurable share of a no-op build (benchmarks/notebook.md). Everything else of the
    usual exit happens first: Python waits for running threads and calls the atexit
    functions, in their order, with ours the last; the process then ends with the
    status main() exited with.
    """

    ending = {"status": 1}  # main() raising anything but SystemExit is a crash
    atexit.register(_end_now, ending)
    try:
        main(prog_name=prog_name)
    except SystemExit as exit_:
        code = exit_.code
        # Python prints a text code to stderr and exits with 1.
        ending["status"] = 0 if code is None else code if isinstance(code, int) else 1
        raise


def _end_now(ending: dict) -> None:
    """An atexit function: first the atexit functions registered before ours (a .pth
    file's, coverage's subprocess hook), then the end."""
    atexit.unregister(_end_now)
    run_earlier = getattr(atexit, "_run_exitfuncs", None)
    if run_earlier is None:  # not CPython: let Python end its own way
        return
    run_earlier()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, or a closed stream
            pass
    os._exit(ending["status"])


if __name__ == "__main__":  # pragma: no cover
    run(prog_name="photovoice")
