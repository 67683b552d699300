"""The commands that start, tidy and hand on a project rather than build it:
`photovoice new`, `clean` and `publish`. Thin, like cli.py: each calls one library
function and prints what it did."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .buildstate import clean_cache
from .cli_common import cache_option, configured_output, content_option, report_environment_error
from .cli_language import LocalizedCommand, LocalizedGroup, translator_of
from .settings import cache_folder
from .translation import N_


@click.command(cls=LocalizedCommand, epilog="""\b
Examples:
  photovoice clean
""")
@content_option
@cache_option
def clean(content_dir: Path, cache_dir: Path | None) -> None:
    """Delete the processed photos, narrations and preview kept in the cache.

    Withdrawn photos' processed files go too. Your content and the built site are
    not touched; the next build processes the photos again.
    """
    cache_root = cache_folder(content_dir.resolve(), cache_dir)
    try:
        removed = clean_cache(cache_root)
    except OSError as error:
        report_environment_error(error, N_("the cache may be partly cleaned"))
        sys.exit(1)
    say = translator_of()
    if removed:
        click.echo(say.gettext("Emptied the cache in {folder}: {removed}.").format(
            folder=cache_root, removed=", ".join(_cache_parts_in_words(removed, say))))
    else:
        click.echo(say.gettext("Nothing to clean in {folder}.").format(folder=cache_root))


# The cache's folders, in words a curator knows: what each one kept.
CACHE_PART_WORDS = {"images": N_("the processed photos"), "audio": N_("the narrations"),
                    "preview": N_("the preview"), "catalogue": N_("the PDF catalogues"),
                    "builds": N_("the records of earlier builds"),
                    "templates": N_("the prepared page templates")}


def _cache_parts_in_words(removed: list[Path], say) -> list[str]:
    """Each kind of thing removed, once (preview and .preview.spare are both the preview)."""
    kinds = {"preview" if path.name.startswith(".preview.") else path.name.split("-")[0]
             for path in removed}
    return [say.gettext(words) for kind, words in CACHE_PART_WORDS.items() if kind in kinds]


@click.group(cls=LocalizedGroup)
def new() -> None:
    """Add a participant, or start an exhibition, from a commented template."""


@new.command("participant", epilog="""\b
Examples:
  photovoice new participant p07 --city brandon --credit anonymous
  photovoice new participant "Amal Haddad" --city brandon --name "Amal Haddad"
""")
@click.argument("folder")
@click.option("--city", required=True, help="The participant's city (a slug from exhibition.yaml).")
@click.option("--name", default=None, help="The participant's name, as they consented to show it.")
@click.option("--credit", type=click.Choice(["name", "initials", "anonymous"]), default="name",
              show_default=True, help="How visitors see the photographer.")
@content_option
def new_participant_command(folder: str, city: str, name: str | None, credit: str,
                            content_dir: Path) -> None:
    """Create content/participants/FOLDER/participant.yaml, commented in English and French.

    FOLDER may be named as you name people (Amélie Tremblay): it becomes the
    participant's web address (amelie-tremblay). Use a neutral one such as p07
    when they asked for initials or anonymity. Nothing is published until you
    set consent.publish to true.
    """
    from .scaffold import ScaffoldError, new_participant  # deferred: see ARCHITECTURE.md

    try:
        path = new_participant(content_dir, folder, city, name, credit)
    except ScaffoldError as error:
        say = translator_of()
        click.echo(say.refusal(error), err=True)
        for diagnostic in error.diagnostics:
            click.echo(say.diagnostic(diagnostic), err=True)
        sys.exit(1)
    click.echo(translator_of().gettext("Created {path}. Copy the photos beside it and fill "
                                       "in each field.").format(path=path))


@new.command("exhibition", epilog="""\b
Examples:
  photovoice new exhibition my-exhibition
""")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title-en", default=None, help="The exhibition's title in English.")
@click.option("--title-fr", default=None, help="The exhibition's title in French.")
def new_exhibition_command(directory: Path, title_en: str | None, title_fr: str | None) -> None:
    """Create a new exhibition project: content/, an example participant, and what
    publishes the built site alone (netlify.toml, a GitHub Pages workflow, a
    .gitignore that keeps content/ out of the repository)."""
    from .scaffold import ScaffoldError, new_exhibition  # deferred: see ARCHITECTURE.md

    try:
        project = new_exhibition(directory, title_en, title_fr)
    except ScaffoldError as error:
        click.echo(translator_of().refusal(error), err=True)
        sys.exit(1)
    click.echo(translator_of().gettext("Created the exhibition in {project}. Next: cd "
                                       "{project} && photovoice serve").format(project=project))


EPILOG_PUBLISH = """\b
Examples:
  photovoice publish E:\\exhibition          # a USB stick on Windows
  photovoice publish /Volumes/USB/exhibition  # a USB stick on a Mac
  photovoice publish --site public /mnt/share/place-matters
"""


@click.command(cls=LocalizedCommand, epilog=EPILOG_PUBLISH)
@click.argument("destination", type=click.Path(path_type=Path))
@click.option("--site", "site_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="The built site to copy.  [default: the folder photovoice build writes]")
@content_option
def publish(destination: Path, site_dir: Path | None, content_dir: Path) -> None:
    """Copy the built site to a folder or a drive (a USB stick, a shared drive).

    The copy is made beside DESTINATION and replaces it only when it is complete:
    the folder holds the previous site or the new one, never half of either, and
    files the new site no longer has (a withdrawn photo) are gone. Only the built
    site is copied, never the content folder. Build first: photovoice build.
    """
    from .publish import PublishError, publish_site

    site = site_dir or (configured_output(content_dir, None) if content_dir.is_dir()
                        else None) or Path("build")
    try:
        report = publish_site(site, destination,
                              content_dir if content_dir.is_dir() else None)
    except PublishError as error:
        click.echo(translator_of().refusal(error), err=True)
        sys.exit(1)
    say = translator_of()
    copied = say.gettext("Copied the site ({files}, {megabytes} MB) to {destination}.") \
        if not report.replaced else say.gettext(
            "Copied the site ({files}, {megabytes} MB) to {destination}; the previous copy "
            "there was replaced.")
    click.echo(copied.format(files=say.counted("{n} file", "{n} files", report.files),
                             megabytes=say.decimal(report.size / 1_000_000),
                             destination=report.destination))
