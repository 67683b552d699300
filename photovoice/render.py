"""Owns the one Jinja Environment: theme lookup, filters, and page rendering."""

from __future__ import annotations

import base64
import hashlib
import re
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError,
                    pass_context, pass_environment)
from markupsafe import Markup

from . import markup
from .diagnostics import N_, ContentError, Diagnostic, English, Language, said
from .model import Localized, Typography
from .pages import Page
from .views import SHARED_VIEWS, Rendition
from .yamlsource import LinedMapping, Source, boolean_hint, kind_name

DEFAULT_THEME = "default"


def themes_root() -> Path:
    """Where the shipped themes are: inside the wheel, or beside the package in a checkout."""
    packaged = Path(__file__).parent / "themes"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "themes"


@dataclass(frozen=True)
class SiteTheme:
    """A template set: its folders in lookup order (the chosen theme, then default)."""

    theme_dirs: tuple[Path, ...]

    @classmethod
    def find(cls, name_or_path: str | None, project_dir: Path) -> "SiteTheme":
        default = themes_root() / DEFAULT_THEME
        if not name_or_path or name_or_path == DEFAULT_THEME:
            return cls((default,))
        for candidate in (Path(name_or_path), project_dir / "themes" / name_or_path,
                          themes_root() / name_or_path):
            if ((candidate / "templates").is_dir() or (candidate / "static").is_dir()
                    or any(candidate.glob("strings.*.yaml"))):
                return cls((candidate.resolve(), default))
        raise ContentError([Diagnostic(str(name_or_path), None, "theme",
                                       N_("no such theme: expected a folder with templates/, "
                                          "static/ or strings.<language>.yaml in it"))])

    def strings(self, lang: str) -> dict[str, Any]:
        """The interface strings for `lang`, a theme's own overriding the default's."""
        merged: dict[str, Any] = {}
        problems: list[Diagnostic] = []
        for theme_dir in reversed(self.theme_dirs):
            path = theme_dir / f"strings.{lang}.yaml"
            if path.is_file():
                data, found = read_strings(path)
                problems += found
                for key, value in data.items():
                    # A table (sections, province_names) is merged entry by entry: a
                    # theme that renames one section keeps the others.
                    if isinstance(value, dict) and isinstance(merged.get(key), dict):
                        merged[key] = {**merged[key], **value}
                    else:
                        merged[key] = value
        if problems:
            raise ContentError(problems)
        if not merged:
            raise ContentError([Diagnostic.of(
                f"strings.{lang}.yaml", None, "languages",
                said("no interface strings for '{lang}' in the theme; add {file}", lang=lang,
                     file=f"strings.{lang}.yaml"))])
        return merged

    def static_files(self) -> dict[str, Path]:
        """name -> file, a theme's own file replacing the default's of the same name."""
        files: dict[str, Path] = {}
        for theme_dir in reversed(self.theme_dirs):
            static = theme_dir / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file():
                        files[path.relative_to(static).as_posix()] = path
        return files


def read_strings(path: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    """A strings file: text keys, each naming a text or a table of texts (province_names).

    A bare ON or yes is true/false in YAML: as a key it hides the entry, as a value it
    shows as "True", so both are reported at their line rather than reaching a page.
    """
    source = Source(path, str(path))
    data = source.parse()
    if data is None:  # an empty file, or one reported as unreadable
        return {}, source.diagnostics
    if not isinstance(data, LinedMapping):
        source.report(1, "", said("expected a mapping (key: value pairs), got {kind}",
                                  kind=kind_name(data)))
        return {}, source.diagnostics
    return _text_entries(source, data, ""), source.diagnostics


def _text_entries(source: Source, mapping: LinedMapping, prefix: str) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for key, value in mapping.items():
        field = prefix + mapping.key_texts[key]
        if not isinstance(key, str):
            hint = boolean_hint(N_("key")) if isinstance(key, bool) else said(" (put it in quotes)")
            source.report(mapping.key_lines[key], field, said(
                "expected a text key, got {kind}{hint}", kind=kind_name(key), hint=hint))
        elif isinstance(value, str):
            entries[key] = value
        elif isinstance(value, LinedMapping) and not prefix:
            entries[key] = _text_entries(source, value, field + ".")
        else:
            hint = boolean_hint() if isinstance(value, bool) else ""
            source.report(mapping.lines[key], field, said("expected text, got {kind}{hint}",
                                                          kind=kind_name(value), hint=hint))
    return entries


def hashed_name(name: str, data: bytes) -> str:
    """'style.css' -> 'static/style.1a2b3c4d5e.css', so hosts may cache it forever."""
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"static/{stem}.{digest}.{ext}" if dot else f"static/{name}.{digest}"


@lru_cache(maxsize=65536)
def relative_url(target: str, page_path: str) -> str:
    """A link from one site path to another ('en/a/index.html', 'en/b/') -> '../b/'.

    Both are paths inside the site, so the answer needs no file system: a page has
    thousands of links, and posixpath.relpath (which resolves against the working
    folder each time) was the largest single cost of rendering.
    """
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    target, hash_mark, fragment = target.partition("#")
    if not target:
        return hash_mark + fragment
    start = _folders_of(page_path)
    goal = [part for part in target.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(start), len(goal)) and start[common] == goal[common]:
        common += 1
    url = "/".join([".."] * (len(start) - common) + goal[common:]) or "."
    return url + hash_mark + fragment


@lru_cache(maxsize=4096)
def _folders_of(page_path: str) -> tuple[str, ...]:
    """The folders a page is in: its dozens of links each need them."""
    return tuple(part for part in posixpath.dirname(page_path).split("/")
                 if part not in ("", "."))


def pretty_url(path: str) -> str:
    """The address to show and share: 'en/cities/index.html' -> 'en/cities/'."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def dom_id(path: str) -> str:
    """An id unique in a page, from the site path of what it names: 'en/a/b/index.html' ->
    'en-a-b'."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", pretty_url(path)).strip("-") or "root"


class _NotingEnvironment(Environment):
    """Jinja's Environment, which can note the fields of shared views that templates read.

    A page's key then covers only those fields (see pagekeys): after a caption edit, a
    page that lists the photo without its caption is not rendered again. Templates read
    attributes through getattr and getitem (and the `attr` filter below); filters get
    texts, paths and numbers, never whole views: the theme contract, docs/themes.md,
    held by tests/test_theme_contract.py.
    """

    reads: set[str] | None = None  # while a page renders: "PhotoView.caption", ...

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Called for every attribute a template reads (hundreds per page): kept lean.
        if self.reads is not None and type(obj) in SHARED_VIEWS:
            self.reads.add(_read_name(type(obj), attribute))
        return Environment.getattr(self, obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self.reads is not None and type(obj) in SHARED_VIEWS and isinstance(argument, str):
            self.reads.add(_read_name(type(obj), argument))
        return Environment.getitem(self, obj, argument)


@lru_cache(maxsize=1024)
def _read_name(view: type, field: str) -> str:
    return f"{view.__name__}.{field}"


@pass_environment
def _attr(environment: Environment, obj: Any, name: str) -> Any:
    # Jinja's own `attr` filter reads with Python's getattr, unseen by the environment.
    return environment.getattr(obj, name)


def make_environment(theme: SiteTheme, assets: Mapping[str, str],
                     memo: markup.MarkdownMemo | None = None) -> Environment:
    """The one Jinja environment; `memo` remembers what Markdown made of the texts."""
    env = _NotingEnvironment(
        loader=ChoiceLoader([FileSystemLoader(d / "templates") for d in theme.theme_dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment lives for one build, and a template file that changes during it
        # changes the next: no need to stat each template again for every page.
        auto_reload=False,
    )
    @pass_context
    def remembered_markdown(context, value: Localized | str, lang: str | None = None,
                            heading_level: int | None = None) -> Markup:
        return _markdown(context, value, lang, heading_level, memo)

    env.filters.update(href=_href, typo=_typo, text=_text, srcset=_srcset,
                       markdown=remembered_markdown,
                       fmt=_fmt, absolute=_absolute, pretty=pretty_url, plural=_plural,
                       dom_id=dom_id,
                       json_ld=_json_ld, attr=_attr, csp_hash=_csp_hash)
    env.globals.update(asset=pass_context(
        lambda context, name: relative_url(assets[name], context["page_path"])))
    return env


class Rendering(NamedTuple):
    text: str
    reads: frozenset[str]  # the fields of shared views its templates read: "PhotoView.caption"


def render_page(env: Environment, page: Page) -> Rendering:
    """The page's text, and the fields of shared views its templates read."""
    reads: set[str] = set()
    env.reads = reads  # noted by the environment's getattr and getitem while it renders
    try:
        return Rendering(env.get_template(page.template).render(page.context), frozenset(reads))
    except TemplateError as error:
        where = getattr(error, "filename", None) or page.template
        line = getattr(error, "lineno", None)
        raise ContentError([Diagnostic.of(str(where), line, "template", said(
            "{error}: {message} (rendering {page})", error=type(error).__name__,
            message=str(error.message), page=page.path))]) from None
    finally:
        env.reads = None


def _csp_hash(text: str) -> str:
    """The base64 SHA-256 of an inline style, as a Content-Security-Policy source names it."""
    return base64.b64encode(hashlib.sha256(str(text).encode("utf-8")).digest()).decode("ascii")


@pass_context
def _href(context, path: str) -> str:
    return relative_url(path, context["page_path"])


@pass_context
def _absolute(context, path: str) -> str:
    """An absolute URL from base_url, for canonical links and social cards."""
    return context["base_url"] + pretty_url(path)


@pass_context
def _typo(context, value: Localized | str, lang: str | None = None) -> Markup:
    text, text_lang = _text_and_lang(context, value, lang)
    return markup.render_inline(text, text_lang, context.get("typography", Typography.CANADA))


# `text` and `srcset` are filters, not macros: a page has dozens of them, and a Jinja
# macro call does much more work than a filter call.
@pass_context
def _text(context, value: Localized, in_lang: str | None = None) -> Markup:
    """Typeset text, marked with its own language where it is not the one around it
    (`in_lang`, else the page's): a fallback translation, a name as written."""
    if not isinstance(value, Localized):  # a theme's own string: in the language around it
        return _typo(context, value, in_lang)
    typeset = _typo(context, value)
    if value.lang != (in_lang or context.get("lang")):
        return Markup('<span lang="{}">{}</span>').format(value.lang, typeset)
    return typeset


@pass_context
def _srcset(context, renditions: Iterable[Rendition]) -> str:
    """'a-480.jpg 480w, a-960.jpg 960w', each file linked from the page."""
    page_path = context["page_path"]
    return ", ".join(f"{relative_url(r.path, page_path)} {r.width}w" for r in renditions)


def _markdown(context, value: Localized | str, lang: str | None, heading_level: int | None,
              memo: markup.MarkdownMemo | None) -> Markup:
    text, text_lang = _text_and_lang(context, value, lang)
    return markup.render_markdown(text, text_lang, context.get("typography", Typography.CANADA),
                                  heading_level, memo)


def _text_and_lang(context, value: Localized | str, lang: str | None) -> tuple[str, str]:
    if isinstance(value, Localized):
        return value.text, lang or value.lang
    return str(value), lang or context["lang"]


# Right-to-left letters and the characters that set a direction. A name holding them,
# put in a sentence as it is, can turn the sentence around it ("by Amal \u202eHaddad"
# showed the rest of the line backwards); isolated, it keeps its own direction and
# leaves the sentence's alone.
_DIRECTIONAL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f"
                          "\u202a-\u202e\u2066-\u2069\u061c\U00010800-\U00010fff"
                          "\U0001e800-\U0001efff]")


def isolated(value: Any) -> Any:
    """A text that sets a direction, between first-strong-isolate and pop-directional-
    isolate marks: what <bdi> (dir=auto) does, in attributes and the PDF too."""
    if isinstance(value, str) and _DIRECTIONAL.search(value):
        return f"\u2068{value}\u2069"
    return value


@pass_context
def _fmt(context, template: str, **fields: Any) -> str:
    values = {k: isolated(v.text if isinstance(v, Localized) else v)
              for k, v in fields.items()}
    if str(context.get("lang", "")).startswith("fr"):
        template = _elide_french(template, values)
    return template.format(**values)


def _elide_french(template: str, values: dict[str, Any]) -> str:
    """'Photos de {name}' with Amal -> 'Photos d'Amal': French elides de, le, que before a vowel."""
    for name, value in values.items():
        if isinstance(value, str) and value.lstrip("\u2068")[:1].lower() in \
                "aeiouyàâäéèêëîïôöùûü":
            template = re.sub(rf"\b(d|l|qu)e \{{{name}\}}", rf"\1’{{{name}}}", template)
    return template


@pass_context
def _json_ld(context, data: Any) -> Markup:
    """Structured data with its texts typeset in the page's language (addresses left alone)."""
    lang, typography = context["lang"], context.get("typography", Typography.CANADA)

    def typeset_texts(value: Any) -> Any:
        if isinstance(value, str):
            return value if "://" in value else markup.typeset(value, lang, typography)
        if isinstance(value, Mapping):
            return {key: typeset_texts(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [typeset_texts(item) for item in value]
        return value

    return markup.json_ld(typeset_texts(data))


@pass_context
def _plural(context, count: int, key: str) -> str:
    strings = context["t"]
    if count == 1 and f"{key}_one" in strings:
        return strings[f"{key}_one"]
    return strings[key].format(count=count)


def render_preview_error(theme: SiteTheme, problems: list[str], stylesheet: str,
                         language: Language = English()) -> str:
    """The page the preview server shows in place of any page while the content is
    broken: for the curator, so in the command line's language, not the site's."""
    env = make_environment(theme, {})
    count = len(problems)
    return env.get_template("preview-error.html").render(
        problems=problems, stylesheet=stylesheet, lang=language.lang,
        title=language.gettext("Build failed – photovoice preview"),
        heading=language.gettext("The site could not be rebuilt"),
        instruction=language.gettext(
            "Fix this problem, save, and this page reloads by itself:") if count == 1 else
        language.gettext("Fix these {n} problems, save, and this page reloads by "
                         "itself:").format(n=count))
