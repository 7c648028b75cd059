"""``policy-redline diff`` without the weight: reading two files, the language, the output.

The command is declared with click in :mod:`policy_site.cli.redline` (help, usage errors). Importing click
costs more than a whole small diff, so the console script (:mod:`policy_site.cli.entry`) runs a
well-formed ``diff`` invocation (only known options with valid values, two paths) with
:func:`parse_fast` and :func:`run_diff` directly; anything else (``--help``, a mistake, another
command) goes to click, which answers as always. Both paths call the same functions below, so
their output is the same (tested).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from policy_site.common import scripts
from policy_site.common.catalogs import CatalogError, list_catalog_locales
from policy_site.common.frontmatter import FrontMatterError, split_front_matter
from policy_site.sources.revision import MAX_SOURCE_BYTES, SourceError

USAGE_ERROR = 2
VIEWS = ("inline", "side-by-side")
FORMATS = ("html", "markdown", "json")
CATALOG_LOCALES = list_catalog_locales()  # every language the redline has labels for
LANGS = ("auto",) + CATALOG_LOCALES
_OPTIONS = {"--view": ("view", VIEWS), "--format": ("fmt", FORMATS), "--lang": ("lang", LANGS),
            "--id-prefix": ("id_prefix", None)}
_KANA = scripts.compile_class(*scripts.KANA_LETTERS)
_HAN = scripts.compile_class(*scripts.HAN)
# The commonest short words of each Latin-script language with a catalog: enough to tell an English
# policy from a French or German one (the text rule of ``--lang auto``), never a language model.
_COMMON_WORDS = {
    "en": frozenset("the and of to is are you your we our for that with this by or be".split()),
    "fr": frozenset("le la les des et est sont vous votre nous notre pour que qui avec dans une du au aux".split()),
    "de": frozenset("der die das und ist sind sie ihre wir unsere für mit von den dem zu nicht eine im".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


def parse_fast(args: list[str]) -> dict | None:
    """Options of a well-formed ``diff`` call, or None to let click handle (and explain) it."""
    if not args or args[0] != "diff":
        return None
    options = {"view": "inline", "fmt": "html", "lang": "auto", "id_prefix": ""}
    paths: list[str] = []
    k = 1
    while k < len(args):
        arg = args[k]
        if arg.startswith("-") and arg != "-":
            name, has_value, value = arg.partition("=")
            if name not in _OPTIONS:
                return None
            if not has_value:
                if k + 1 >= len(args):
                    return None
                k += 1
                value = args[k]
            key, choices = _OPTIONS[name]
            if choices is not None and value not in choices:
                return None
            options[key] = value
        else:
            paths.append(arg)
        k += 1
    if len(paths) != 2:
        return None
    return {"old": Path(paths[0]), "new": Path(paths[1]), **options}


def run_diff(*, old: Path, new: Path, view: str, fmt: str, lang: str, id_prefix: str) -> int:
    """Print the redline of two files on stdout; a user mistake is one line on stderr, status 2."""
    try:
        old_text, new_text = load_revision_text(old), load_revision_text(new)
        locale = lang if lang != "auto" else infer_locale(new, new_text, old, old_text)
        output = render_diff(old_text, new_text, locale=locale, view=view, fmt=fmt, id_prefix=id_prefix,
                             order=load_site_column_order(new, locale))
    except (SourceError, CatalogError) as exc:  # CatalogError: the locale's catalog lacks a key
        sys.stderr.write(f"Error: {exc}\n")
        return USAGE_ERROR
    stream = sys.stdout
    try:
        stream.write(output)
    except UnicodeEncodeError:  # a console that cannot show CJK text: write UTF-8 bytes
        stream.flush()
        stream.buffer.write(output.encode("utf-8"))
    stream.flush()
    return 0


def load_site_column_order(path: Path, locale: str) -> str | None:
    """The side-by-side column order the site of ``path`` sets for ``locale`` (its ``column_order``
    option), None outside a site or where it sets none: the catalog's order then."""
    site = find_site(path)
    if site is None:
        return None
    # start-up: the options are read only for a file of a site, as data (no MkDocs)
    from policy_site.plugin.config import load_options_data

    config = site / "mkdocs.yml"  # load_revision_text has checked these settings already
    return load_options_data(config.read_bytes(), config_file_path=str(config)).column_order.get(locale)


def render_diff(old_text: str, new_text: str, *, locale: str, view: str, fmt: str, id_prefix: str = "",
                order: str | None = None) -> str:
    """The output of ``policy-redline diff`` for two texts (also usable without the command line).

    The engine and the one renderer asked for are imported here, not at module level: the console
    script imports this module to parse every ``policy-redline`` call, also those click answers."""
    # start-up: the engine only when a diff is rendered (see the docstring)
    from policy_site.redline.compute import compute_redline

    redline = compute_redline(old_text, new_text, locale=locale)
    if fmt == "json":
        from policy_site.redline.render_text import render_json  # start-up: only the renderer asked for

        return render_json(redline) + "\n"
    if fmt == "markdown":
        from policy_site.redline.render_text import render_markdown  # start-up: only the renderer asked for

        return render_markdown(redline, view=view, order=order)
    from policy_site.redline import render_html  # start-up: only the renderer asked for

    if view == "side-by-side":
        return render_html.render_side_by_side_html(redline, id_prefix=id_prefix, order=order)
    return render_html.render_inline_html(redline, id_prefix=id_prefix)


def load_revision_text(path: Path) -> str:
    """Read one revision as text, checking its front matter; every problem is a one-line SourceError."""
    action = "Reading revision"
    if not path.exists():
        raise SourceError(path, "no such file; check the path", action)
    if path.is_dir():
        raise SourceError(path, "is a directory; pass a Markdown file", action)
    site = find_site(path)
    if site is not None:  # a file of a site is checked exactly as the build checks it
        # start-up: MkDocs (the site's settings: registry, time zone) and the tree walk's YAML are
        # needed only for a file of a site
        from policy_site.plugin.project import ProjectError, load_project
        from policy_site.sources.tree import load_site_source

        try:
            project = load_project(site)
        except ProjectError as exc:
            raise SourceError(path, f"the settings of its site cannot be read ({exc})", action) from None
        return load_site_source(project.docs_dir, project.registry, path, build_date=project.load_build_date(),
                                locales=project.locales)
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceError(path, f"is over {MAX_SOURCE_BYTES:,} bytes; pass a policy text", action)
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot be read ({exc.strerror}); check its permissions", action) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(path, "is not UTF-8 text; save it as UTF-8", action) from None
    if "\x00" in text:
        raise SourceError(path, "is not UTF-8 text (it contains NUL bytes); pass a Markdown file", action)
    try:
        split_front_matter(text)
    except FrontMatterError as exc:
        raise SourceError(path, str(exc), action) from None
    return text


def find_site(path: Path) -> Path | None:
    """The project folder (with mkdocs.yml) whose docs/ holds ``path``, or None outside a site."""
    absolute = Path(os.path.abspath(path))
    for folder in absolute.parents:
        if (folder / "docs") in absolute.parents and (folder / "mkdocs.yml").is_file():
            return folder
    return None


def infer_locale(path: Path, text: str, old_path: Path | None = None, old_text: str | None = None) -> str:
    """``--lang auto``: the language of the texts compared.

    In order: ``lang``/``locale`` in the front matter (NEW.md, then OLD.md); a ``docs/<locale>/``
    folder either file is in (of a locale with a catalog); the text itself (NEW.md and OLD.md
    together): any kana → ja, Han without kana → zh, otherwise the Latin-script language whose
    common words it uses most (en, fr, de; en when none). Policies of a site always carry their
    locale in the folder; the text rule is for files from elsewhere.
    """
    files = [(path, text)] + ([(old_path, old_text)] if old_path is not None and old_text is not None else [])
    bodies = []
    for _, content in files:
        meta, body = split_front_matter(content)
        bodies.append(body)
        for key in ("lang", "locale"):
            value = meta.get(key)
            if isinstance(value, str) and value.lower() in CATALOG_LOCALES:
                return value.lower()
    for file_path, _ in files:
        for part in reversed(file_path.resolve().parts[:-1]):
            if part in CATALOG_LOCALES:
                return part
    return detect_locale("\n".join(bodies))


def detect_locale(text: str) -> str:
    """kana → ja; Han without kana → zh; otherwise en, fr or de by their common words (en also for
    empty text, and on a tie)."""
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh"
    counts = dict.fromkeys(_COMMON_WORDS, 0)
    for word in _WORD.findall(text.lower()):
        for locale, words in _COMMON_WORDS.items():
            if word in words:
                counts[locale] += 1
    best = max(counts, key=lambda locale: (counts[locale], locale == "en"))
    return best if best in CATALOG_LOCALES else "en"


__all__ = ["LANGS", "FORMATS", "VIEWS", "detect_locale", "infer_locale", "load_revision_text",
           "main", "render_diff", "run_diff"]
