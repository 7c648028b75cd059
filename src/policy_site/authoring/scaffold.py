"""A new policy site, as ``policy-site init`` writes it: every file rendered in memory first, then
written into an empty folder, so that a refused setting leaves nothing half-made.

The files that do not depend on the site (the workflows, the site's README) are shipped in the
package under ``templates/site/``; a path there without its leading dot (``github/``, ``gitignore``)
is written with it (package data leaves dotfiles out). The theme's templates, scripts and
stylesheets are not copied: the plugin serves them from the installed package (``policy_site/theme``),
so a site gets their fixes by upgrading the generator.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from packaging.requirements import Requirement

from policy_site.common.catalogs import load_catalog_part

TEMPLATES = importlib.resources.files("policy_site") / "templates" / "site"
# Package data keeps no dotfiles: these template paths are written with a leading dot.
DOTTED = {"github": ".github", "gitignore": ".gitignore"}
# Placeholders of the shipped text templates (workflows and README use `$` and `${{ }}` themselves).
_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
DISTRIBUTION = "policy-site"


@dataclass(frozen=True)
class SiteSpec:
    """What ``policy-site init`` was told: checked by the command before anything is rendered."""

    company: str
    locales: tuple[str, ...]
    default: str
    time_zone: str
    translations: Mapping[str, str] = field(default_factory=dict)  # locale -> the locale it translates
    generator: str = ""  # the pip requirement of the generator the site's workflows install


def render_site(spec: SiteSpec) -> dict[str, bytes]:
    """Every file of the new site, by path relative to its folder. Each ``docs/<locale>/`` holds a
    ``.gitkeep``: git keeps no empty folder, and the docs check ignores dot files as MkDocs does."""
    files = {path: data for path, data in _list_templates(TEMPLATES, "")}
    values = {"COMPANY": spec.company, "TIME_ZONE": spec.time_zone, "DEFAULT_LOCALE": spec.default,
              "LOCALES": ", ".join(spec.locales)}
    for path in [p for p in files if p.startswith(".github/") or p == "README.md"]:
        files[path] = _fill(files[path].decode("utf-8"), values).encode("utf-8")
    files["mkdocs.yml"] = render_mkdocs_config(spec).encode("utf-8")
    files["policies.yml"] = render_registry().encode("utf-8")
    files["requirements.txt"] = render_requirements(spec.generator or find_generator_requirement()).encode("utf-8")
    for locale in spec.locales:
        files[f"docs/{locale}/.gitkeep"] = b""
    return dict(sorted(files.items()))


def write_site(root: Path, files: Mapping[str, bytes]) -> None:
    """Write the rendered files under ``root`` (created if missing)."""
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _list_templates(folder, prefix: str):
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = DOTTED.get(entry.name, entry.name) if not prefix else entry.name
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            yield from _list_templates(entry, f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}", entry.read_bytes()


def _fill(text: str, values: Mapping[str, str]) -> str:
    def value(match: re.Match) -> str:
        return values[match.group(1)]

    return _PLACEHOLDER.sub(value, text)


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def render_language_name(locale: str) -> str:
    """The language's name in itself, as the language switcher shows it (Babel's)."""
    try:
        name = Locale.parse(locale.replace("-", "_")).get_display_name(locale.replace("-", "_")) or locale
    except (ValueError, UnknownLocaleError):
        return locale
    return name[:1].upper() + name[1:]


def list_search_languages(locales: tuple[str, ...]) -> list[str]:
    """The site's locales that Material's search can stem (a lunr language file ships for them);
    English always, for the words every page has."""
    lunr = importlib.resources.files("material") / "templates" / "assets" / "javascripts" / "lunr" / "min"
    known = {"en"} | {entry.name[len("lunr."):-len(".min.js")] for entry in lunr.iterdir()
                      if entry.name.startswith("lunr.") and entry.name.endswith(".min.js")}
    return list(dict.fromkeys(["en", *(code for code in locales if code in known)]))


def render_mkdocs_config(spec: SiteSpec) -> str:
    """The site's mkdocs.yml: Material, static-i18n (one folder per locale, the default at the root),
    search and the policy-site plugin with its options. No ``markdown_extensions``: the plugin sets
    them (the Markdown policy sources are checked against)."""
    site = load_catalog_part(spec.default, "site")
    company = {"company": spec.company}
    languages = []
    for locale in spec.locales:
        languages.append(f"        - locale: {locale}\n          name: {_yaml_text(render_language_name(locale))}\n"
                         + ("          default: true\n" if locale == spec.default else "") + "          build: true\n")
    translations = ", ".join(f"{locale}: {source}" for locale, source in spec.translations.items())
    search = ", ".join(list_search_languages(spec.locales))
    return f"""\
# {spec.company}'s policies, made with policy-site init. The site's name, description and copyright in
# the default language ({spec.default}); the other languages' come from the generator's catalogs with the
# company's name (set them per language in the i18n list below to word them yourself).
site_name: {_yaml_text(site["site_name"].format(**company))}
site_description: {_yaml_text(site["site_description"].format(**company))}
# The Publish workflow sets SITE_URL to the real address; locally the dev server's.
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
copyright: {_yaml_text(site["copyright"].format(**company))}

docs_dir: docs
strict: false
not_in_nav: |
  /*/*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].md
use_directory_urls: true

theme:
  name: material
  language: {spec.default}
  font: false            # no Google Fonts: system fonts only (the generator's theme/assets/site.css)
  features:
    - navigation.footer
    - navigation.top
    - content.tabs.link
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/brightness-7, name: {_yaml_text(site["palette_to_dark"])}}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/brightness-4, name: {_yaml_text(site["palette_to_light"])}}}

extra_css:
  - assets/site.css
  - assets/redline.css

extra_javascript:
  - assets/history.js
  - assets/place.js

extra:
  generator: false

plugins:
  - search:
      lang: [{search}]
      pipeline: [stopWordFilter]
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: false
      languages:
{"".join(languages).rstrip()}
  # The offline bundle (policy-site bundle) builds with OFFLINE=true: .html URLs and a search that
  # works from file://. After i18n, or the offline search index holds only the last language.
  - offline:
      enabled: !ENV [OFFLINE, false]
  # After i18n, whose per-locale files it extends.
  - policy-site:
      registry: policies.yml
      time_zone: {spec.time_zone}   # a revision takes effect at midnight of its date there
      company: {_yaml_text(spec.company)}
      # locale -> the locale whose texts it translates (block for block, checked); a locale not
      # listed is authoritative: its own texts with their own dates.
      translations: {{{translations}}}

# markdown_extensions: none here. The policy-site plugin sets them: policy sources are checked
# against exactly the Markdown their pages are rendered with.

validation:
  nav:
    omitted_files: info
  links:
    not_found: warn
    anchors: warn
"""


def render_registry() -> str:
    return """\
# The site's policies: an id (the folder docs/<locale>/<id>/), a title per locale, and optionally
# the locales it exists in. `policy-site import` adds an entry; e.g.
#
#   - id: terms
#     title: {en: Terms of Service, fr: Conditions d'utilisation}
#   - id: legal-notice
#     title: {fr: Mentions légales}
#     locales: [fr]
policies: []
"""


def find_generator_requirement() -> str:
    """How the site's workflows install this generator: the repository and commit it was installed
    from (pip's record of a git install, PEP 610), else its name and version."""
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return DISTRIBUTION
    try:
        origin = json.loads(dist.read_text("direct_url.json") or "{}")
    except ValueError:
        origin = {}
    vcs = origin.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and origin.get("url") and vcs.get("commit_id"):
        return f"{DISTRIBUTION} @ git+{origin['url']}@{vcs['commit_id']}"
    return f"{DISTRIBUTION}=={dist.version}"


def list_pinned_dependencies() -> list[str]:
    """``name==version`` of every installed distribution the generator needs, found from its
    metadata: the site builds with the stack ``init`` ran with, on every machine."""
    seen: dict[str, str] = {}
    todo = [DISTRIBUTION]
    while todo:
        name = todo.pop()
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key in seen:
            continue
        seen[key] = f"{dist.metadata['Name']}=={dist.version}"
        for spec in dist.requires or ():
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    seen.pop(DISTRIBUTION, None)
    return sorted(seen.values(), key=str.lower)


def render_requirements(generator: str) -> str:
    pins = "\n".join(list_pinned_dependencies())
    return f"""\
# The generator and the stack it builds with, pinned (the versions policy-site init ran with), so that
# every machine builds the same site. Upgrade by changing the generator's line and these pins together.
{generator}
{pins}
"""
