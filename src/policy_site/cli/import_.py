"""policy-site import: a policy's dated versions from an archive, as the site's revisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from policy_site.cli.options import parse_date
from policy_site.authoring.importing import ImportRefused, load_dated_inputs, plan_import, write_import
from policy_site.plugin.project import ProjectError, load_project
from policy_site.sources.revision import SourceError




@click.command("import")
@click.argument("policy")
@click.argument("files", nargs=-1, required=True, metavar="FILE…",
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--locale", required=True, help="The locale the texts are in (one of the site's i18n languages, "
              "authoritative: its texts are the company's own).")
@click.option("--title", help="The policy's title in that locale; required for a policy not yet in the registry.")
@click.option("--date", "effective", callback=parse_date, metavar="YYYY-MM-DD",
              help="The date the one FILE took effect, when its name is not YYYY-MM-DD.md.")
@click.option("--source", help="Where the texts come from (a URL or an archive reference), recorded as 'source:'.")
@click.option("--captured", callback=parse_date, metavar="YYYY-MM-DD",
              help="When the texts were captured from the published page, recorded as 'captured:' (required: "
                   "a published text says when its wording was captured).")
@click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Project folder (with mkdocs.yml, the registry and docs/).")
def import_(policy: str, files: tuple[Path, ...], locale: str, title: str | None, effective: date | None,
            source: str | None, captured: date | None, root: Path) -> None:
    """Import dated versions of POLICY (Markdown files named YYYY-MM-DD.md, as an archive of the
    policy's versions has them) as its published revisions docs/<locale>/POLICY/<date>.md, and
    register the policy. Only the markup the site refuses is converted, never a word; every change
    is listed. Nothing is written if any file is refused; importing the same files again changes
    nothing."""
    if captured is None:
        raise click.UsageError("a published text records when its wording was captured; pass --captured YYYY-MM-DD")
    try:
        project = load_project(root.resolve())
        inputs = load_dated_inputs(list(files), effective)
        plan = plan_import(project, policy, locale, inputs, title=title, captured=captured, source=source,
                           build_date=project.load_build_date())
    except ImportRefused as exc:
        raise click.UsageError(str(exc)) from None
    except (ProjectError, SourceError) as exc:
        raise click.ClickException(str(exc)) from None
    for imported in plan.files:
        for change in imported.changes:
            click.echo(f"Converted {imported.name} line {change.line}: {change.what}")
    if plan.is_noop:
        click.echo("Nothing to do: " + ", ".join(f"docs/{f.path}" for f in plan.files)
                   + " already hold these texts, and the registry lists the policy")
        return
    write_import(plan)
    for imported in plan.files:
        state = "unchanged (already imported)" if imported.unchanged else \
            f"provenance: published, {len(imported.changes)} conversion{'s' if len(imported.changes) != 1 else ''}"
        click.echo(f"Wrote docs/{imported.path}: {state}" if not imported.unchanged
                   else f"Kept docs/{imported.path}: {state}")
    if plan.registry_note:
        click.echo(plan.registry_note[0].upper() + plan.registry_note[1:])
