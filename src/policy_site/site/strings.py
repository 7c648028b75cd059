"""Interface wording of the site in each locale (never policy wording).

The words are the ``site`` part of each locale's interface catalog (``policy_site/locales/<locale>.json``,
read by :mod:`policy_site.common.catalogs`): a language is added by adding its catalog, not code.
What names one company or one site (its name, the site's name, a sentence it words its own way)
is not in the catalogs but in the site's configuration: the catalogs write ``{company}`` and
``{site_name}``, and :func:`render_site_strings` fills them in with the configured values and
applies the site's own wording. The plugin (which reads the configuration) resolves every locale's
strings once per build and hands them to :func:`use_site_strings`, because the strings are asked
for by dozens of functions that know only the locale; outside a build, :func:`t` gives the
catalog's wording.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import date

from policy_site.common import scripts
from policy_site.common.catalogs import CatalogError, load_catalog_part, load_language_names
from policy_site.sources.locales import describe_locale

# The values a site's configuration gives every string: the catalogs' only placeholders that no
# caller of t() passes.
SITE_VARIABLES = ("company", "site_name")
_VARIABLE = re.compile(r"(?<!\{)\{(" + "|".join(SITE_VARIABLES) + r")\}(?!\})")  # not "{{company}}", a quoted brace
_FORMATTER = string.Formatter()

# The strings of the site being built, per locale (set by the plugin for each build).
_site_strings: dict[str, Mapping[str, str]] = {}


class SiteStringError(ValueError):
    """A site's configuration leaves a string without a value it needs, or words one wrongly;
    ``str()`` is the cause and the fix (the caller names the configuration file)."""


def load_strings(locale: str) -> Mapping[str, str]:
    """The strings of ``locale``: the site's when a build has set them, else the catalog's."""
    strings = _site_strings.get(locale)
    return strings if strings is not None else load_catalog_part(locale, "site")


def use_site_strings(strings: Mapping[str, Mapping[str, str]]) -> None:
    """Make ``strings`` (per locale, from :func:`render_site_strings`) what :func:`t` says."""
    _site_strings.clear()
    _site_strings.update(strings)


def quote_text(text: str) -> str:
    """A plain text (a name from the configuration) as a string template: braces kept as written."""
    return text.replace("{", "{{").replace("}", "}}")


def _fields(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _FORMATTER.parse(template) if name is not None}
    except ValueError as exc:
        raise SiteStringError(f"is not a valid template ({exc}); write braces as {{{{ and }}}}") from None


def render_site_strings(locale: str, *, overrides: Mapping[str, str],
                        variables: Mapping[str, str | None]) -> dict[str, str]:
    """``locale``'s catalog with the site's own wording (``overrides``: key → template) and its
    variables (``company``; ``site_name`` is the resolved string of that key) filled in.

    SiteStringError names the locale and key of the first problem: a key no catalog has, a
    placeholder a string is not given, a variable the configuration does not set."""
    catalog = load_catalog_part(locale, "site")
    merged = dict(catalog)
    for key, template in overrides.items():
        if key not in catalog:
            raise SiteStringError(f"the {locale} string '{key}' is not an interface string; correct its name "
                                  "(the keys are those of the ja catalog, policy_site/locales/ja.json)")
        try:
            allowed = _fields(catalog[key]) | set(SITE_VARIABLES)
            unknown = sorted(_fields(template) - allowed)
        except SiteStringError as exc:
            raise SiteStringError(f"the {locale} string '{key}' {exc}") from None
        if unknown:
            raise SiteStringError(f"the {locale} string '{key}' uses {{{unknown[0]}}}, which it is not given; "
                                  f"use only {', '.join('{' + name + '}' for name in sorted(allowed))}")
        merged[key] = template
    values = dict(variables)

    def fill(key: str) -> str:
        def value(match: re.Match) -> str:
            found = values.get(match.group(1))
            if found is None:
                raise SiteStringError(f"the {locale} string '{key}' names the {match.group(1).replace('_', ' ')}, "
                                      f"which is not set for {locale}; set '{match.group(1)}' for {locale} "
                                      "under the policy-site plugin")
            return quote_text(found)

        return _VARIABLE.sub(value, merged[key])

    # The site's name first: other strings (the home page's title, the feed's) name it.
    merged["site_name"] = fill("site_name")
    values["site_name"] = merged["site_name"].format()
    return {key: fill(key) for key in merged}


# Characters set in full width in Japanese and Chinese running text: kana, CJK ideographs and
# punctuation, full-width forms.
_CJK = scripts.char_class(*scripts.FULL_WIDTH_TEXT)
# Markdown link targets, HTML tags and format placeholders are markup, never running text.
_MARKUP = re.compile(r"(\]\([^)\s]*\)|<[^>]*>|\{[a-z_]*\})")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_PARENTHESIS = re.compile(r" ?\(([^()]*)\) ?")
_SPACE_BEFORE = re.compile(f"(?<=[{_CJK}])[ ]+(?=[0-9\\[{{（]|\x00)")
_SPACE_AFTER = re.compile(f"(?:(?<=[0-9\\]}}）]|\x00)|(?<=[0-9][年月日号號]))[ ]+(?=[{_CJK}])")


def render_typography(text: str, locale: str) -> str:
    """Japanese and Chinese typesetting of interface text: full-width brackets （…） and no
    half-width space between the text and a date, a number or a link.

    Running text like 「この版は 2009年2月10日 に改定 (推定復元)」 reads as a machine's; the rules
    of Japanese (JIS X 4051) and Chinese (GB/T 15834) typesetting set it 「この版は2009年2月10日に
    改定（推定復元）」. English text is returned unchanged.
    """
    if locale not in ("ja", "zh"):
        return text
    parts = _MARKUP.split(text)
    # Markup is swapped out for a NUL while the rules run, so that "{date}" or a link counts as a
    # word next to which no space is kept, and its own characters are never touched.
    joined = "".join("\x00" if i % 2 else part for i, part in enumerate(parts))
    joined = _PARENTHESIS.sub(_full_width_parenthesis, joined)
    joined = _SPACE_BEFORE.sub("", joined)
    joined = _SPACE_AFTER.sub("", joined)
    pieces = joined.split("\x00")
    return "".join(piece + (parts[2 * i + 1] if 2 * i + 1 < len(parts) else "") for i, piece in enumerate(pieces))


def _full_width_parenthesis(match: re.Match) -> str:
    """（…） around Japanese or Chinese, or a placeholder; "(…)" kept inside Latin text."""
    before = match.string[match.start() - 1] if match.start() else ""
    if _CJK_CHAR.search(match.group(1) + before) or "\x00" in match.group(1):
        return f"（{match.group(1)}）"
    return match.group(0)


def t(locale: str, key: str, **values: str) -> str:
    """The interface string ``key`` in ``locale``, with Japanese/Chinese typesetting applied."""
    return render_typography(load_strings(locale)[key].format(**values), locale)


def language_name(code: str, locale: str) -> str:
    """The language of ``code`` as ``locale`` names it in running text, for the notices that say
    which text prevails ("the Japanese text", 「日文文本」, « la version en japonais »): the
    catalog's ``languages`` part where it has one, else Babel's name."""
    return load_language_names(locale).get(code) or describe_locale(code, locale)


def annotate(locale: str, text: str, note: str) -> str:
    """``text`` with a parenthetical note, as each language writes it: 現行版（推定復元）, 现行版本（推定复原）,
    "revised (reconstruction)"."""
    return t(locale, "annotated", text=text, note=note)


def format_days(count: int, locale: str) -> str:
    """A number of days as the sentence around it needs it ("1 day", "30 days" in English)."""
    return t(locale, "days_one" if count == 1 else "days_many", n=str(count))


def format_date(value: date, locale: str) -> str:
    """A date as running text writes it: 2025年4月30日 (ja, zh), and Babel's long form in every
    other locale ("April 30, 2025", "30 avril 2025", "30. April 2025")."""
    if locale in ("ja", "zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return _format_long_date(value, locale)


def _format_long_date(value: date, locale: str) -> str:
    # Babel is imported on first use: its locale data costs start-up time that pages without a
    # date (and every command that never writes one) should not pay.
    from babel import UnknownLocaleError
    from babel.dates import format_date as babel_format_date

    try:
        text = babel_format_date(value, format="long", locale=locale)
    except (UnknownLocaleError, ValueError):
        raise CatalogError(f"Writing a date in '{locale}': Babel has no date format for locale '{locale}'; "
                           "use a locale code Babel knows (such as fr, de, pt_BR)") from None
    if value.day == 1 and locale.split("_")[0] == "fr" and text.startswith("1 "):
        return "1er" + text[1:]  # French writes the first of the month as an ordinal: 1er avril 2025
    return text
