"""policy-site: build the artefacts of the policy site that MkDocs alone does not make."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import click

from policy_site.authoring.revisions import render_new_revision, write_translations
from policy_site.bundle.make import BundleError, default_epoch, make_bundle
from policy_site.cli.check import check, publish_due
from policy_site.cli.init import init
from policy_site.common.git import GitMissing
from policy_site.plugin.project import ProjectError, load_project
from policy_site.sources.revision import DEFAULT_LOCALE, LOCALES, MARKDOWN_SUFFIXES, SourceError, revision_path


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


def _parse_date(ctx: click.Context, param: click.Parameter, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD", ctx=ctx, param=param)


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


def _write_translations(root: Path, catalog, ja_path: str) -> None:
    """Write the translations of ``ja_path`` and say what was done; git (where the Japanese a
    translation was made from is found again) missing is a one-line error."""
    try:
        results = write_translations(root / "docs", catalog, ja_path)
    except GitMissing as exc:
        raise click.ClickException(f"Finding the Japanese text a translation was made from: {exc}") from None
    _echo_results(results)


def _echo_results(results) -> None:
    for result in results:
        todo = f", {result.marked} marked TRANSLATION NEEDED (translate them, then remove the marker)" \
            if result.marked else ""
        click.echo(f"Wrote docs/{result.path}: {result.kept} blocks translated{todo}")


@main.command("new-revision")
@click.argument("policy")
@click.argument("effective", metavar="YYYY-MM-DD", callback=_parse_date)
@ROOT_OPTION
def new_revision(policy: str, effective: date, root: Path) -> None:
    """Start a new revision of POLICY taking effect on YYYY-MM-DD: docs/ja/POLICY/YYYY-MM-DD.md with
    the text of the newest revision (provenance: authored), and its en and zh files with every
    block's translation carried over and source_sha256 set. Then edit the Japanese and run
    sync-translations."""
    for locale in LOCALES:  # before reading the sources: a stray file there would stop that
        for suffix in MARKDOWN_SUFFIXES:
            existing = revision_path(locale, policy, effective, suffix=suffix)
            if (root / "docs" / existing).exists():
                raise click.UsageError(f"'docs/{existing}' already exists; "
                                       "edit it, or choose a later date for a new revision")
    root, catalog = _load_project(root, policy)
    newest = catalog.revisions_of(policy)[-1]
    if effective <= newest.effective:
        raise click.UsageError(f"{effective.isoformat()} is not after the newest revision of {policy} "
                               f"({newest.effective.isoformat()}); a new revision must take effect after it")
    ja_path = revision_path(DEFAULT_LOCALE, policy, effective)
    target = root / "docs" / ja_path
    target.write_text(render_new_revision(newest, effective), encoding="utf-8")
    click.echo(f"Wrote docs/{ja_path}: the text of docs/{newest.path}, provenance: authored")
    _write_translations(root, catalog, ja_path)


@main.command("sync-translations")
@click.argument("policy")
@click.argument("effective", metavar="YYYY-MM-DD", callback=_parse_date)
@ROOT_OPTION
def sync_translations(policy: str, effective: date, root: Path) -> None:
    """After editing the Japanese revision of POLICY dated YYYY-MM-DD: in its en and zh files, keep
    the translation of every unchanged block, mark changed or new blocks TRANSLATION NEEDED (with
    the Japanese quoted), and set source_sha256 to the Japanese file's."""
    root, catalog = _load_project(root, policy)
    ja_path = revision_path(DEFAULT_LOCALE, policy, effective)
    if not (root / "docs" / ja_path).is_file():
        dates = ", ".join(r.effective.isoformat() for r in catalog.revisions_of(policy))
        raise click.UsageError(f"'docs/{ja_path}' does not exist; revisions of {policy}: {dates}")
    _write_translations(root, catalog, ja_path)


main.add_command(init)
main.add_command(check)
main.add_command(publish_due)


if __name__ == "__main__":
    main()
