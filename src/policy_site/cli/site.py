"""policy-site: build the artefacts of the policy site that MkDocs alone does not make."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import click

from policy_site.cli.options import parse_date
from policy_site.authoring.revisions import render_new_revision, write_translations
from policy_site.bundle.make import BundleError, default_epoch, make_bundle
from policy_site.cli.check import check, publish_due
from policy_site.cli.init import init
from policy_site.cli.import_ import import_
from policy_site.common.git import GitMissing
from policy_site.plugin.project import ProjectError, load_project
from policy_site.sources.revision import MARKDOWN_SUFFIXES, SourceError, revision_path


@click.group()
def main() -> None:
    """Make and keep a policy site: a new site, its check, the offline bundle, new revisions, translation updates."""


@main.command()
@click.option("--output", "-o", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder that receives the zip.")
@click.option("--root", default=".", show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path), help="Project folder (with mkdocs.yml).")
def bundle(output: Path, root: Path) -> None:
    """Build the offline bundle: the whole site for file://, with a PDF of each policy per locale,
    as dist/<bundle_name>-<date>.zip (the plugin's bundle_name option). SOURCE_DATE_EPOCH (default: the last commit's time) fixes
    the build date and every timestamp, so two runs give the same bytes."""
    root = root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise click.UsageError(f"'{root}' has no mkdocs.yml; run from the project folder or pass --root")
    with tempfile.TemporaryDirectory(prefix="policy-bundle-") as work:
        try:
            make_bundle(root, Path(work), output.resolve(), epoch=default_epoch(root), echo=click.echo)
        except BundleError as exc:
            raise click.ClickException(str(exc)) from exc


ROOT_OPTION = click.option("--root", default=".", show_default=True,
                           type=click.Path(file_okay=False, exists=True, path_type=Path),
                           help="Project folder (with mkdocs.yml, policies.yml and docs/).")




def _load_project(root: Path, policy: str):
    """The catalog of the project at ``root`` as a build today would read it (its own registry,
    time zone and settings, from its mkdocs.yml), and the policy."""
    root = root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise click.UsageError(f"'{root}' has no mkdocs.yml; run from the project folder or pass --root")
    try:
        project = load_project(root)
        catalog = project.load_catalog()
    except (SourceError, ProjectError, ValueError) as exc:
        raise click.ClickException(f"{exc}") from exc
    ids = [p.id for p in catalog.policies]
    if policy not in ids:
        raise click.UsageError(f"unknown policy '{policy}'; use one of {', '.join(ids)} "
                               f"({project.registry.relative_to(project.root).as_posix()})")
    return root, catalog


def _authoritative_locale(catalog, policy: str, locale: str | None) -> str:
    """The locale whose revision a command writes: ``--locale``, else the one the default locale's
    pages follow for the policy; a translation locale is refused (its files follow their source)."""
    own = catalog.policy(policy)
    choices = catalog.locales.authoritative(own)
    if locale is None:
        return catalog.base_of(policy, catalog.locales.default)
    if locale not in choices:
        source = catalog.locales.source_of(locale, own) if locale in catalog.locales.codes_of(own) else None
        why = f"{locale} translates {source}: its files follow the {source} revision" if source else \
            f"{policy} has no locale '{locale}'"
        raise click.UsageError(f"--locale {locale}: {why}; use one of {', '.join(choices)}")
    return locale


LOCALE_OPTION = click.option("--locale", default=None, metavar="CODE",
                             help="The authoritative locale of the revision (default: the one the site's default "
                                  "locale follows for this policy).")


def _write_translations(root: Path, catalog, ja_path: str) -> None:
    """Write the translations of ``ja_path`` and say what was done; git (where the source a
    translation was made from is found again) missing is a one-line error."""
    try:
        results = write_translations(root / "docs", catalog, ja_path)
    except GitMissing as exc:
        raise click.ClickException(f"Finding the source text a translation was made from: {exc}") from None
    _echo_results(results)


def _echo_results(results) -> None:
    for result in results:
        todo = f", {result.marked} marked TRANSLATION NEEDED (translate them, then remove the marker)" \
            if result.marked else ""
        click.echo(f"Wrote docs/{result.path}: {result.kept} blocks translated{todo}")


@main.command("new-revision")
@click.argument("policy")
@click.argument("effective", metavar="YYYY-MM-DD", callback=parse_date)
@ROOT_OPTION
@LOCALE_OPTION
def new_revision(policy: str, effective: date, root: Path, locale: str | None) -> None:
    """Start a new revision of POLICY taking effect on YYYY-MM-DD: docs/<locale>/POLICY/YYYY-MM-DD.md
    with the text of the newest revision (provenance: authored), and the files of the locales that
    translate it with every block's translation carried over and source_sha256 set. Then edit the
    new text and run sync-translations."""
    try:
        locales = load_project(root.resolve()).locales if (root / "mkdocs.yml").is_file() else ()
    except ProjectError as exc:
        raise click.ClickException(f"{exc}") from exc
    for folder in locales:  # before reading the sources: a stray file there would stop that
        for suffix in MARKDOWN_SUFFIXES:
            existing = revision_path(folder, policy, effective, suffix=suffix)
            if (root / "docs" / existing).exists():
                raise click.UsageError(f"'docs/{existing}' already exists; "
                                       "edit it, or choose a later date for a new revision")
    root, catalog = _load_project(root, policy)
    source_locale = _authoritative_locale(catalog, policy, locale)
    newest = catalog.revisions_of(policy, source_locale)[-1]
    if effective <= newest.effective:
        raise click.UsageError(f"{effective.isoformat()} is not after the newest revision of {policy} "
                               f"({newest.effective.isoformat()}); a new revision must take effect after it")
    ja_path = revision_path(source_locale, policy, effective)
    target = root / "docs" / ja_path
    target.write_text(render_new_revision(newest, effective), encoding="utf-8")
    click.echo(f"Wrote docs/{ja_path}: the text of docs/{newest.path}, provenance: authored")
    _write_translations(root, catalog, ja_path)


@main.command("sync-translations")
@click.argument("policy")
@click.argument("effective", metavar="YYYY-MM-DD", callback=parse_date)
@ROOT_OPTION
@LOCALE_OPTION
def sync_translations(policy: str, effective: date, root: Path, locale: str | None) -> None:
    """After editing the authoritative revision of POLICY dated YYYY-MM-DD: in the files of the
    locales that translate it, keep the translation of every unchanged block, mark changed or new
    blocks TRANSLATION NEEDED (with the source quoted), and set source_sha256 to the source file's."""
    root, catalog = _load_project(root, policy)
    source_locale = _authoritative_locale(catalog, policy, locale)
    ja_path = revision_path(source_locale, policy, effective)
    if not (root / "docs" / ja_path).is_file():
        dates = ", ".join(r.effective.isoformat() for r in catalog.revisions_of(policy, source_locale))
        raise click.UsageError(f"'docs/{ja_path}' does not exist; revisions of {policy}: {dates}")
    _write_translations(root, catalog, ja_path)


main.add_command(init)
main.add_command(check)
main.add_command(publish_due)
main.add_command(import_)

if __name__ == "__main__":
    main()
