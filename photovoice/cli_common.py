"""What every command of the command line shares: the content folder's check and the
report of content errors (cli.py's commands and the `sheet` group's alike)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_language import translator_of
from .translation import N_


def existing_content(context: click.Context, parameter: click.Parameter | None,
                     folder: Path) -> Path:
    """The content folder, or a usage error (exit 2) when there is none."""
    if not folder.is_dir():
        raise click.UsageError(translator_of(context).gettext(
            "the content folder '{folder}' does not exist (run photovoice in your "
            "exhibition's project folder, or pass --content)").format(folder=folder), context)
    return folder


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
