"""policy-site: build the artefacts of the policy site that MkDocs alone does not make."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from policy_site.bundle import BundleError, default_epoch, make_bundle


@click.group()
def main() -> None:
    """Build artefacts of the IPROS Corporation policy site."""


@main.command()
@click.option("--output", "-o", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder that receives the zip.")
@click.option("--root", default=".", show_default=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path), help="Project folder (with mkdocs.yml).")
def bundle(output: Path, root: Path) -> None:
    """Build the offline bundle: the whole site for file://, with a PDF of each policy per locale,
    as dist/ipros-policies-<date>.zip. SOURCE_DATE_EPOCH (default: the last commit's time) fixes
    the build date and every timestamp, so two runs give the same bytes."""
    root = root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise click.UsageError(f"'{root}' has no mkdocs.yml; run from the project folder or pass --root")
    with tempfile.TemporaryDirectory(prefix="policy-bundle-") as work:
        try:
            make_bundle(root, Path(work), output.resolve(), epoch=default_epoch(root), echo=click.echo)
        except BundleError as exc:
            raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":
    main()
