"""The command line in the curator's language: `--lang`, else the system's language.

The language is chosen once per run and kept in the Click context, where every command
and every --help page finds it (translator_of); nothing is kept at module level. Help
texts stay written in English in cli.py (docstrings and help=): their English text is the
catalogue's msgid, and the classes below show them through the chosen catalogue.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from contextlib import contextmanager

import click
from click.formatting import HelpFormatter

from .translation import LANGUAGES, N_, Translator, language_from, translator_for

_TRANSLATOR = "photovoice.translator"


def translator_of(context: click.Context | None = None) -> Translator:
    """This run's Translator: the one --lang chose, else the system language's."""
    meta = (context or click.get_current_context()).meta
    if _TRANSLATOR not in meta:
        meta[_TRANSLATOR] = translator_for(language_from(os.environ))
    return meta[_TRANSLATOR]


def _choose_language(context: click.Context, parameter: click.Parameter,
                     lang: str | None) -> None:
    if lang is not None:
        context.meta[_TRANSLATOR] = translator_for(lang)


# Eager, so that `photovoice --lang fr build --help` already speaks French.
language_option = click.option(
    "--lang", "language", type=click.Choice(LANGUAGES), default=None, is_eager=True,
    expose_value=False, callback=_choose_language,
    help="The language of photovoice's messages.  [default: the system's language "
         "if French, else English]")


class LocalizedCommand(click.Command):
    """A command whose --help is shown in the run's language."""

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        text = _help_of(self, translator_of(ctx))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_usage(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces),
                              prefix=translator_of(ctx).gettext("Usage: "))

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        say = translator_of(ctx)
        records = [_localized_record(record, parameter, say)
                   for parameter in self.get_params(ctx)
                   if (record := parameter.get_help_record(ctx)) is not None]
        if records:
            with _section(formatter, say.gettext("Options:")):
                formatter.write_dl(records)

    def format_epilog(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_NO_REWRAP + translator_of(ctx).gettext(
                    _epilog_of(self)))


class LocalizedGroup(LocalizedCommand, click.Group):
    """A group whose --help, and its commands' summaries, are in the run's language."""

    command_class = LocalizedCommand

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        LocalizedCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        say = translator_of(ctx)
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) and not command.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, click.utils.make_default_short_help(_help_of(command, say), limit))
                for name, command in commands]
        with _section(formatter, say.gettext("Commands:")):
            formatter.write_dl(rows)


LocalizedGroup.group_class = LocalizedGroup


@contextmanager
def _section(formatter: HelpFormatter, heading: str) -> Iterator[None]:
    """Click's formatter.section, with the heading's colon in the catalogue (Options :)."""
    formatter.write_paragraph()
    formatter.write(f"{'':>{formatter.current_indent}}{heading}\n")
    formatter.indent()
    try:
        yield
    finally:
        formatter.dedent()


# Click's mark for a paragraph it must not rewrap (the examples): kept out of the catalogue.
_NO_REWRAP = "\b\n"


def _epilog_of(command: click.Command) -> str:
    return inspect.cleandoc(command.epilog or "").removeprefix(_NO_REWRAP)


def help_texts(command: click.Command, context: click.Context | None = None) -> list[str]:
    """Every --help text of `command` and its subcommands, as the catalogue's msgids."""
    context = context or click.Context(command, info_name=command.name)
    texts = [text for text in (inspect.cleandoc(command.help or "").partition("\f")[0],
                               _epilog_of(command)) if text]
    texts += [parameter.help for parameter in command.get_params(context)
              if getattr(parameter, "help", None)]
    for name, child in sorted(getattr(command, "commands", {}).items()):
        texts += help_texts(child, click.Context(child, parent=context, info_name=name))
    return texts


def _help_of(command: click.Command, say: Translator) -> str:
    if not command.help:
        return ""
    return say.gettext(inspect.cleandoc(command.help).partition("\f")[0])


def _localized_record(record: tuple[str, str], parameter: click.Parameter,
                      say: Translator) -> tuple[str, str]:
    """An option's help line, its own text and Click's [default: ...] in the language."""
    names, text = record
    own = getattr(parameter, "help", None)
    if own and text.startswith(own):
        text = say.gettext(own) + text[len(own):]
    for english in (N_("[default: "), N_("[required]")):
        text = text.replace(english, say.gettext(english))
    return names, text
