"""``policy-redline``: command-line access to the redline engine (a group: more commands will join).

User mistakes (a missing file, a file that is not UTF-8 text, malformed front matter) end with one
line on stderr naming the file and the fix, and exit status 2, like click's own usage errors;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from policy_site.cli.options import parse_date
from policy_site.common.catalogs import CatalogError, check_catalog
from policy_site.cli.diff import (  # noqa: F401  (render_diff & co. re-exported for callers)
    FORMATS,
    LANGS,
    VIEWS,
    infer_locale,
    load_revision_text,
    render_diff,
    run_diff,
)
from policy_site.review.changes import DEFAULT_CONTEXT, EXIT_STATUS, review_repository
from policy_site.review.git import ReviewError
from policy_site.review.render import MAX_CHARS, MIN_CHARS, render_review_failure, render_review_markdown
from policy_site.review.report import render_review_html

USAGE_ERROR = 2


@click.group(name="policy-redline", context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Redlines between dated revisions of a company's policies, and the wording review of a change."""


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
              help="Language of the texts (any with an interface catalog): phrase (ja, zh) or word "
                   "(other languages) granularity, the labels, the summary and the lang attribute. "
                   "auto: 'lang' in the front matter (NEW.md, then OLD.md), else the docs/<locale>/ "
                   "folder, else the text (kana: ja; Han without kana: zh; otherwise en, fr or de by "
                   "their common words).")
@click.option("--id-prefix", default="", metavar="PREFIX",
              help="Prefix for element ids (redline-<n>), to keep several redlines on one page apart.")
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, view: str, fmt: str, lang: str, id_prefix: str) -> None:
    """Print the redline from OLD.md to NEW.md on stdout.

    Front matter is not compared. When the texts are the same, the output says so and the exit
    status is still 0.
    """
    if lang != "auto":
        try:
            check_catalog(lang)
        except CatalogError as exc:
            raise click.UsageError(str(exc)) from None
    ctx.exit(run_diff(old=old, new=new, view=view, fmt=fmt, lang=lang, id_prefix=id_prefix))




@main.command("review")
@click.argument("base", metavar="BASE")
@click.argument("head", metavar="[HEAD]", required=False)
@click.option("--repo", default=".", show_default=True, metavar="DIR",
              help="A folder inside the git repository to review.")
@click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              metavar="FILE", help="Also write a standalone HTML report (same rendering as the site) to FILE.")
@click.option("--check", is_flag=True,
              help="Exit with status 1 when anything is flagged that the pull request must fix (published text "
                   "edited in place, a revision removed, a translation missing or stale, an invalid source, a "
                   "notice too short, a stale branch, the published site), else 3 when it needs a code owner's "
                   "approval (site code changed, a correction of wording in effect), else 0.")
@click.option("--context", type=click.IntRange(min=0), default=DEFAULT_CONTEXT, show_default=True,
              metavar="N", help="Unchanged blocks shown around each change in the Markdown redlines.")
@click.option("--build/--no-build", default=True, show_default=True,
              help="Also build the reviewed policy sources with BASE's generator (strict, in a temporary git "
                   "worktree), as CI does, and compare with HEAD's site if --head-site or --trust-head gives one. "
                   "A side that cannot be built (no mkdocs.yml, a configuration under another name, a failing "
                   "build) is flagged.")
@click.option("--head-site", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="With --build: compare with DIR, HEAD's site built elsewhere (e.g. by the pull request's "
                   "own CI job). DIR is only read (its HTML and XML as text), so the pull request's code never "
                   "runs; a missing DIR or one without index.html is flagged like a HEAD that does not build.")
@click.option("--trust-head", is_flag=True,
              help="With --build: also build HEAD as it is and compare. This RUNS THE PULL REQUEST'S CODE (its "
                   "hooks, src/, mkdocs.yml) on this machine; without it, HEAD's code is never run.")
@click.option("--review-date", default=None, metavar="YYYY-MM-DD", callback=parse_date,
              help="The day the notice period and the date limits are measured from (default: today in the "
                   "site's time_zone, from the clock; never from a commit date or SOURCE_DATE_EPOCH). To "
                   "reproduce an earlier review.")
@click.option("--max-chars", type=click.IntRange(min=MIN_CHARS), default=MAX_CHARS, show_default=True, metavar="N",
              help="Size of the Markdown in characters (UTF-16 units, as GitHub counts): the table, then each "
                   "file's first change, then the rest as it fits, saying what was left out.")
@click.pass_context
def review(ctx: click.Context, base: str, head: str | None, repo: str, html_path: Path | None,
           check: bool, context: int, build: bool, head_site: Path | None, trust_head: bool,
           review_date: date | None, max_chars: int) -> None:
    """Review the wording changes that merging git ref HEAD into BASE makes (HEAD default: the
    working tree, compared as it is).

    BASE is the branch the pull request goes into, at its tip; HEAD is reviewed as merged into it
    (when BASE has moved on since HEAD forked, a stale branch that would undo a newer revision is
    flagged). Prints Markdown for a pull-request comment on stdout: a summary table, then each
    changed policy source with its redline. Any change outside the policy sources, the registry and
    the glossary is "site code changed", which the review cannot certify. Exit status: 0; with
    --check 1 (to fix) or 3 (needs a code owner's approval) as described there; 2 for a usage error
    (not a git repository, unknown ref, a branch that does not merge) or when the review failed.
    """
    if head_site is not None and not build:
        raise click.UsageError("--head-site needs --build: it replaces the HEAD side of the site comparison")
    if trust_head and (not build or head_site is not None):
        raise click.UsageError("--trust-head needs --build and no --head-site: it builds HEAD here to compare with")
    try:
        result = review_repository(repo, base, head, build=build, head_site=head_site, trust_head=trust_head,
                                   review_date=review_date, warn=lambda line: click.echo(line, err=True))
        html = render_review_html(result) if html_path is not None else None
        markdown = render_review_markdown(result, context=context, max_chars=max_chars)
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
    if check:
        ctx.exit(EXIT_STATUS[result.outcome])
