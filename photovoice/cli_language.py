"""The command line in the curator's language: `--lang`, else the system's language.

The language is chosen once per run and kept in the Click context, where every command
and every --help page finds it (translator_of); nothing is kept at module level. Help
texts stay written in English in cli.py (docstrings and help=): their English text is the
catalogue's msgid, and the classes below show them through the chosen catalogue. Click's
own messages (a usage error, "Try ... for help") are in the catalogue too, and shown in
the run's language while a command runs (click_speaking_the_run_language).
"""

from __future__ import annotations

import gettext
import inspect
import os
import sys
from collections.abc import Iterator, Sequence
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
    chosen = context.meta.get(_TRANSLATOR)
    if lang is not None and (chosen is None or chosen.lang != lang):
        context.meta[_TRANSLATOR] = translator_for(lang)


def language_asked(args: Sequence[str]) -> str | None:
    """The language of `photovoice --lang fr ...`, read before Click parses the options,
    so that a mistake among them is already told in French. Only the options before
    the command count: after it, --lang is the command's own (a sheet's, a catalogue's)."""
    for index, arg in enumerate(args):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else \
            args[index + 1] if arg == "--lang" and index + 1 < len(args) else None
        if value is not None:
            return value if value in LANGUAGES else None
        if arg == "--" or not arg.startswith("-"):
            return None
    return None


# Eager, so that `photovoice --lang fr build --help` already speaks French.
language_option = click.option(
    "--lang", "language", type=click.Choice(LANGUAGES), default=None, is_eager=True,
    expose_value=False, callback=_choose_language,
    help="The language of photovoice's messages.  [default: the system's language "
         "if French, else English]")


# The words Click puts in usage lines and beside options (its parameter types' names, our
# arguments' names): marked here for the catalogue, shown in the run's language.
METAVARS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."), N_("TEXT"), N_("DIRECTORY"), N_("PATH"),
            N_("FILE"), N_("INTEGER"), N_("INTEGER RANGE"), N_("FOLDER"), N_("DESTINATION"),
            N_("PARTICIPANT"))


def _metavar_in(metavar: str, say: Translator) -> str:
    """A metavar in the run's language, with Click's marks kept: [FILE], FOLDER..."""
    optional = metavar.startswith("[") and metavar.endswith("]")
    core = metavar[1:-1] if optional else metavar
    core, dots = (core[:-3], "...") if core.endswith("...") else (core, "")
    shown = say.gettext(core) + dots
    return f"[{shown}]" if optional else shown


class _MetavarInLanguage(click.Parameter):
    """A parameter whose metavar (what it takes: FOLDER, TEXT, [FILE]) is shown in the
    run's language, in the usage line, in --help and in errors."""

    def make_metavar(self, ctx: click.Context) -> str:
        return _metavar_in(super().make_metavar(ctx), translator_of(ctx))


class LocalizedArgument(_MetavarInLanguage, click.Argument):
    """An argument named in the run's language: in the usage line and in errors."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        say = translator_of(ctx)
        return say.gettext(N_("'{name}'")).format(name=_metavar_in(self.name.upper(), say))


class LocalizedOption(_MetavarInLanguage, click.Option):
    """An option whose value's kind (DIRECTORY, TEXT) and quoted name in errors follow the
    run's language."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        quoted = translator_of(ctx).gettext(N_("'{name}'"))
        return " / ".join(quoted.format(name=name) for name in self.opts)


class LocalizedCommand(click.Command):
    """A command whose --help is shown in the run's language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Click's decorators make plain parameters; these subclasses add no state, only
        # the run's language to the names Click shows.
        for parameter in self.params:
            if type(parameter) is click.Argument:
                parameter.__class__ = LocalizedArgument
            elif type(parameter) is click.Option:
                parameter.__class__ = LocalizedOption

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # Click makes the --help option on first use, its text through gettext, and
        # keeps it: its text stays the English msgid, shown through the catalogue as
        # every help text is, whichever language the run that made it spoke.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        text = _help_of(self, translator_of(ctx))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_usage(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        # The parameters' pieces are in the language already (make_metavar); Click's
        # own, [OPTIONS] and a group's COMMAND [ARGS]..., are its English words.
        say = translator_of(ctx)
        clicks = (self.options_metavar, getattr(self, "subcommand_metavar", None))
        pieces = [say.gettext(piece) if piece in clicks else piece
                  for piece in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces),
                              prefix=say.gettext("Usage: "))

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
    """A group whose --help, and its commands' summaries, are in the run's language, and
    that runs its commands with Click's own messages in that language."""

    command_class = LocalizedCommand

    def main(self, *args, **kwargs):
        with click_speaking_the_run_language():
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None and any(parameter.callback is _choose_language
                                      for parameter in self.params):
            lang = language_asked(args)
            if lang is not None:
                ctx.meta[_TRANSLATOR] = translator_for(lang)
        return super().parse_args(ctx, args)

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
def click_speaking_the_run_language() -> Iterator[None]:
    """Click's own messages ("No such option", "Missing argument", "Try ... for help")
    in the run's language, from photovoice's catalogue, for the time of one run.

    Click marks its messages for gettext, but each of its modules binds the standard
    library's functions at import (`from gettext import gettext as _`), which read the
    process's domain and the system locale: they know nothing of --lang, and the French
    catalogue is read from its .po file, never installed as a .mo. So while a command
    runs, those names in Click's modules point to the run's Translator, then back."""
    replacements = {"_": (gettext.gettext, _click_gettext),
                    "ngettext": (gettext.ngettext, _click_ngettext)}
    bound = [(module, name) for module_name, module in list(sys.modules.items())
             if module is not None and module_name.partition(".")[0] == "click"
             for name, (original, _replacement) in replacements.items()
             if vars(module).get(name) is original]
    for module, name in bound:
        setattr(module, name, replacements[name][1])
    try:
        yield
    finally:
        for module, name in bound:
            setattr(module, name, replacements[name][0])


def _click_translator() -> Translator:
    """The Translator of the context Click is working in; while Click shows an error,
    after the context has closed, the error's own context."""
    context = click.get_current_context(silent=True) or getattr(sys.exc_info()[1], "ctx", None)
    if isinstance(context, click.Context):
        return translator_of(context)
    return translator_for(language_from(os.environ))


def _click_gettext(message: str) -> str:
    return _click_translator().gettext(message)


def _click_ngettext(singular: str, plural: str, number: int) -> str:
    return _click_translator().ngettext(singular, plural, number)


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
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            child = command.get_command(context, name)
            texts += help_texts(child, click.Context(child, parent=context, info_name=name))
    return texts


def _help_of(command: click.Command, say: Translator) -> str:
    if not command.help:
        return ""
    return say.gettext(inspect.cleandoc(command.help).partition("\f")[0])


def _localized_record(record: tuple[str, str], parameter: click.Parameter,
                      say: Translator) -> tuple[str, str]:
    """An option's help line: its own text in the language, then what Click adds
    ([default: 8000; 1<=x<=65535], already in the language) with the language's
    separator between the items."""
    names, text = record
    own = getattr(parameter, "help", None) or ""
    if not text.startswith(own):
        return names, text
    extras = text[len(own):].replace("; ", say.gettext(N_("; ")))
    return names, (say.gettext(own) if own else "") + extras


HELP_OPTION_TEXT = N_("Show this message and exit.")
# Click shows these through gettext without marking them: marked here for the catalogue.
CLICK_UNMARKED = (N_("required"),)
