"""``policy-site init``: a new, working policy site in an empty folder."""

from __future__ import annotations

from pathlib import Path

import click

from policy_site.authoring.scaffold import SiteSpec, render_site, write_site
from policy_site.common.catalogs import list_catalog_locales
from policy_site.sources.dates import load_time_zone


def _check_spec(company: str, locales: tuple[str, ...], default: str | None, time_zone: str,
                translations: tuple[str, ...], generator: str) -> SiteSpec:
    """The settings as a SiteSpec; every mistake one click.UsageError saying the fix."""
    if not company.strip():
        raise click.UsageError("--company is empty; give the company's name, e.g. --company 'Acme Inc.'")
    known = list_catalog_locales()
    for locale in locales:
        if locale not in known:
            raise click.UsageError(f"locale '{locale}' has no interface catalog (policy_site/locales/{locale}.json); "
                                   f"use one of {', '.join(known)}, or add the catalog first")
    if len(set(locales)) != len(locales):
        raise click.UsageError("a locale is given twice; give each --locale once")
    default = default or locales[0]
    if default not in locales:
        raise click.UsageError(f"--default-locale '{default}' is not one of the locales ({', '.join(locales)}); "
                               "add it with --locale or choose one of them")
    try:
        load_time_zone(time_zone)
    except ValueError as exc:
        raise click.UsageError(f"--time-zone: {exc}") from None
    mapping: dict[str, str] = {}
    for item in translations:
        code, sep, source = item.partition("=")
        if not sep or not code or not source:
            raise click.UsageError(f"--translation '{item}' is not CODE=SOURCE; e.g. --translation fr=en "
                                   "(fr translates the en texts)")
        for name in (code, source):
            if name not in locales:
                raise click.UsageError(f"--translation '{item}': '{name}' is not one of the locales "
                                       f"({', '.join(locales)}); add it with --locale or correct it")
        if code == source:
            raise click.UsageError(f"--translation '{item}': a locale cannot translate itself; name another locale")
        if code in mapping:
            raise click.UsageError(f"--translation: '{code}' is given twice; a locale translates one other locale")
        mapping[code] = source
    for code, source in mapping.items():
        if source in mapping:
            raise click.UsageError(f"--translation {code}={source}: '{source}' is itself a translation; "
                                   f"translate the texts '{source}' translates ({mapping[source]}) instead")
    return SiteSpec(company=company.strip(), locales=locales, default=default, time_zone=time_zone,
                    translations=mapping, generator=generator.strip())


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--company", required=True, help="The company's name, as the site shows it (e.g. 'Acme Inc.').")
@click.option("--locale", "locales", multiple=True, required=True, metavar="CODE",
              help="A language of the site (repeat for each: --locale en --locale fr); each needs an interface "
                   "catalog of the generator.")
@click.option("--default-locale", metavar="CODE",
              help="The language at the site's root (one of the locales); default: the first --locale.")
@click.option("--time-zone", required=True, metavar="ZONE",
              help="The IANA time zone where the policies apply (e.g. America/Los_Angeles): a revision takes "
                   "effect at midnight of its date there.")
@click.option("--translation", "translations", multiple=True, metavar="CODE=SOURCE",
              help="Declare locale CODE a translation of locale SOURCE (block for block, checked); a locale not "
                   "declared is authoritative, with its own texts and dates. Repeat for each.")
@click.option("--generator", default="", metavar="REQUIREMENT",
              help="The pip requirement of policy-site that the site's requirements.txt (and so its workflows) "
                   "install; default: where this one was installed from (a git URL and commit), else its version.")
def init(directory: Path, company: str, locales: tuple[str, ...], default_locale: str | None, time_zone: str,
         translations: tuple[str, ...], generator: str) -> None:
    """Write a new policy site into DIR (new or empty): mkdocs.yml, an empty policies.yml, docs/<locale>/
    for each locale, the theme files, the GitHub workflows (build, review, comment, publish), a README
    and requirements.txt. Its first strict build passes; `policy-site check` is its test."""
    spec = _check_spec(company, locales, default_locale, time_zone, translations, generator)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise click.UsageError(f"'{directory}' is not empty; give a new or empty folder")
    files = render_site(spec)
    write_site(directory, files)
    click.echo(f"Wrote a policy site for {spec.company} in {directory} ({len(files)} files; locales "
               f"{', '.join(spec.locales)}, default {spec.default}, time zone {spec.time_zone}).")
    click.echo(f"Next: cd {directory}; python -m venv .venv; .venv/bin/pip install -r requirements.txt; "
               ".venv/bin/policy-site check (README.md says how to add a policy and publish).")
