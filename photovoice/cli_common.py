"""What the command line's modules share (cli.py's commands, cli_project's and the
`sheet` group's alike): the shared options, the content folder's check, the report of
content errors and of the machine's failures, the configured output folder, and the
progress shown while photos are processed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .buildstate import BuildMemory
from .cli_language import translator_of
from .settings import cache_folder
from .translation import N_


def existing_content(context: click.Context, parameter: click.Parameter | None,
                     folder: Path) -> Path:
    """The content folder, or a usage error (exit 2) when there is none."""
    if not folder.is_dir():
        raise click.UsageError(translator_of(context).gettext(
            "the content folder '{folder}' does not exist (run photovoice in your "
            "exhibition's project folder, or pass --content)").format(folder=folder), context)
    return folder


# Options several commands share, defined once so they read the same in every --help.
content_option = click.option(
    "--content", "content_dir", default="content", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="The exhibition's content folder.")
cache_option = click.option(
    "--cache", "cache_dir", default=None, envvar="PHOTOVOICE_CACHE_DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where processed photos are kept between builds, for this exhibition only (a "
         "build deletes from it the photos its content no longer publishes).  "
         "[default: .photovoice-cache beside the content folder]")

# Commands that read an exhibition: the folder must be there (`new` makes it).
existing_content_option = click.option(
    "--content", "content_dir", default="content", show_default=True, callback=existing_content,
    type=click.Path(file_okay=False, path_type=Path), help="The exhibition's content folder.")


def report_content_error(error, action: str = N_("nothing was written")) -> None:
    """Every diagnostic, then how many errors and what was (not) done, in the run's
    language (`action` is a message marked with N_)."""
    say = translator_of()
    for diagnostic in error.diagnostics:
        click.echo(say.diagnostic(diagnostic), err=True)
    errors = say.counted("{n} error", "{n} errors", len(error.errors))
    click.echo(say.gettext("photovoice: {errors}; {action}.").format(
        errors=errors, action=say.gettext(action)), err=True)


def report_environment_error(error: OSError | RecursionError, action: str) -> None:
    """A failure of the machine rather than the content (a full disk, a folder that may
    not be written, a name too long): one line naming the path, no traceback."""
    say = translator_of()
    if isinstance(error, RecursionError):
        detail = say.gettext("the content is nested too deeply to be read")
    else:
        reason = error.strerror or str(error)
        where = " -> ".join(str(name) for name in (error.filename, error.filename2)
                            if name is not None)
        detail = f"{where}: {reason}" if where else reason
    click.echo(say.gettext("photovoice: {detail}; {action}.").format(
        detail=detail, action=say.gettext(action)), err=True)


def configured_output(content_dir: Path, cache_dir: Path | None) -> Path | None:
    """exhibition.yaml's build.output, read again only when the file changed."""
    def read() -> str | None:
        from .load import read_build_settings  # deferred: see ARCHITECTURE.md
        return read_build_settings(content_dir).output

    output = BuildMemory(cache_folder(content_dir, cache_dir), content_dir).configured_output(read)
    return Path(output) if output else None


def progress_bar():
    """A progress bar over image processing, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    state = {}

    def update(done: int, total: int) -> None:
        if total == 0:
            return
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total,
                                             label=translator_of().gettext("Processing photos"),
                                             file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state.get("done", 0))
        state["done"] = done
        if done == total:
            state.pop("bar").__exit__(None, None, None)

    return update


def preview_progress(say):
    """The preview's photos as they are made: one line rewritten on a terminal, else a
    line when they begin and when the last is ready."""
    tty = sys.stderr.isatty()

    def update(done: int, total: int) -> None:
        if total == 0:
            return
        ready = say.gettext("Photos ready: {done} of {total}").format(done=done, total=total)
        if done == 0:
            click.echo(say.ngettext(
                "Preparing {n} photo in the background; pages show a grey box for each until "
                "it is ready.", "Preparing {n} photos in the background; pages show a grey box "
                "for each until it is ready.", total).format(n=total), err=True)
        elif tty:
            end = "\n" if done == total else ""
            click.echo(f"\r{ready}", nl=False, err=True)
            click.echo(end, nl=False, err=True)
        elif done == total:
            click.echo(f"{ready}.", err=True)

    return update
