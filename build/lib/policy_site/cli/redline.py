"""``policy-redline``: command-line access to the redline engine (a group: more commands will join).

User mistakes (a missing file, a file that is not UTF-8 text, malformed front matter) end with one
line on stderr naming the file and the fix, and exit status 2, like click's own usage errors;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path

import click

from policy_site.cli.diff import (  # noqa: F401  (render_diff & co. re-exported for callers)
    FORMATS,
    LANGS,
    VIEWS,
    infer_locale,
    load_revision_text,
    render_diff,
    run_diff,
)
from policy_site.review.render import render_review_failure, render_review_html, render_review_markdown
from policy_site.review.changes import DEFAULT_CONTEXT, review_repository
from policy_site.review.git import ReviewError

USAGE_ERROR = 2


@click.group(name="policy-redline", context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Redlines between dated revisions of IPROS Corporation's policies."""


@main.command("diff")
@click.argument("old", metavar="OLD.md", type=click.Path(path_type=Path, dir_okay=True))
@click.argument("new", metavar="NEW.md", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--view", type=click.Choice(VIEWS), default="inline", show_default=True,
              help="Inline (deletions struck through, insertions underlined) or side-by-side "
                   "新旧対照表 (old text left, new right). JSON is the same for both.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html",
              show_default=True,
              help="HTML fragment for the site, Markdown with <ins>/<del> for pull requests, "
                   "or JSON listing every block and its operation.")
@click.option("--lang", type=click.Choice(LANGS), default="auto", show_default=True,
              help="Language of the texts: phrase (ja, zh) or word (en) granularity, the labels, the "
                   "summary and the lang attribute. auto: 'lang' in the front matter (NEW.md, then "
                   "OLD.md), else the docs/<locale>/ folder, else the text (kana: ja; Han without "
                   "kana: zh; otherwise en).")
@click.option("--id-prefix", default="", metavar="PREFIX",
              help="Prefix for element ids (redline-<n>), to keep several redlines on one page apart.")
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, view: str, fmt: str, lang: str, id_prefix: str) -> None:
    """Print the redline from OLD.md to NEW.md on stdout.

    Front matter is not compared. When the texts are the same, the output says so and the exit
    status is still 0.
    """
    ctx.exit(run_diff(old=old, new=new, view=view, fmt=fmt, lang=lang, id_prefix=id_prefix))


@main.command("review")
@click.argument("base", metavar="BASE")
@click.argument("head", metavar="[HEAD]", required=False)
@click.option("--repo", default=".", show_default=True, metavar="DIR",
              help="A folder inside the git repository to review.")
@click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              metavar="FILE", help="Also write a standalone HTML report (same rendering as the site) to FILE.")
@click.option("--check", is_flag=True,
              help="Exit with status 1 when anything is flagged (published text edited in place, a "
                   "revision removed, a translation missing or stale, an invalid source).")
@click.option("--context", type=click.IntRange(min=0), default=DEFAULT_CONTEXT, show_default=True,
              metavar="N", help="Unchanged blocks shown around each change in the Markdown redlines.")
@click.option("--build/--no-build", default=True, show_default=True,
              help="Also build the site at BASE and HEAD (strict, in temporary git worktrees) and flag "
                   "published text that changed outside the policy sources. Skipped when a side has no "
                   "mkdocs.yml.")
@click.option("--head-site", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="With --build: compare with DIR, HEAD's site built elsewhere (e.g. by the pull request's "
                   "own CI job), instead of building HEAD here. DIR is only read (its HTML and XML as text), "
                   "so the pull request's code never runs; a missing DIR or one without index.html is "
                   "flagged like a HEAD that does not build.")
@click.pass_context
def review(ctx: click.Context, base: str, head: str | None, repo: str, html_path: Path | None,
           check: bool, context: int, build: bool, head_site: Path | None) -> None:
    """Review the wording changes between git refs BASE and HEAD (default: the working tree).

    Prints Markdown for a pull-request comment on stdout: a summary table, then each changed policy
    source with its redline (a new revision against the previous revision of the same policy and
    language; a changed one against itself at BASE). Flags in-place edits of published revisions
    (unless a new 'correction:' is declared in the front matter), removed revisions, and Japanese
    revisions whose translation is missing or stale. Exit status: 0, or 1 with --check when
    anything is flagged (also published text that changed outside the sources, with --build); 2 for
    a usage error (not a git repository, unknown ref) or when the review itself failed.
    """
    if head_site is not None and not build:
        raise click.UsageError("--head-site needs --build: it replaces the HEAD side of the site comparison")
    try:
        result = review_repository(repo, base, head, build=build, head_site=head_site)
        html = render_review_html(result) if html_path is not None else None
        markdown = render_review_markdown(result, context=context)
    except ReviewError as exc:
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(USAGE_ERROR)
    except Exception as exc:  # noqa: BLE001 - a review that crashes must still say so, in one line
        cause = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no message'}"[:300]
        click.echo(render_review_failure(cause), nl=False)
        click.echo(f"Error: the review failed ({cause}); nothing was reviewed", err=True)
        ctx.exit(USAGE_ERROR)
    if html_path is not None:
        try:
            html_path.write_text(html, encoding="utf-8")
        except OSError as exc:
            click.echo(f"Error: cannot write the HTML report '{html_path}' ({exc.strerror}); "
                       "check that its folder exists and is writable", err=True)
            ctx.exit(USAGE_ERROR)
    click.echo(markdown, nl=False)
    if check and result.any_flagged:
        ctx.exit(1)
