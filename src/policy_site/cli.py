"""``policy-redline``: command-line access to the redline engine (a group: more commands will join).

User mistakes (a missing file, a file that is not UTF-8 text, malformed front matter) end with one
line on stderr naming the file and the fix, and exit status 2, like click's own usage errors;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from policy_site.redline import (
    compute_redline,
    render_inline_html,
    render_json,
    render_markdown,
    render_side_by_side_html,
)
from policy_site.review_render import render_review_failure, render_review_html, render_review_markdown
from policy_site.review import (
    DEFAULT_CONTEXT,
    ReviewError,
    review_repository,
)
from policy_site.registry import load_registry
from policy_site.settings import load_build_date
from policy_site.source_tree import FILE, SYMLINK, DocsEntry, check_docs_entry
from policy_site.sources import (
    DEFAULT_LOCALE,
    LOCALES,
    MAX_SOURCE_BYTES,
    FrontMatterError,
    SourceError,
    load_revision,
    split_front_matter,
)

USAGE_ERROR = 2


@click.group(name="policy-redline", context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Redlines between dated revisions of IPROS Corporation's policies."""


@main.command("diff")
@click.argument("old", metavar="OLD.md", type=click.Path(path_type=Path, dir_okay=True))
@click.argument("new", metavar="NEW.md", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--view", type=click.Choice(["inline", "side-by-side"]), default="inline", show_default=True,
              help="Inline (deletions struck through, insertions underlined) or side-by-side "
                   "新旧対照表 (old text left, new right). JSON is the same for both.")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown", "json"]), default="html",
              show_default=True,
              help="HTML fragment for the site, Markdown with <ins>/<del> for pull requests, "
                   "or JSON listing every block and its operation.")
@click.option("--lang", type=click.Choice(LOCALES), default=None,
              help="Language of the texts: phrase (ja, zh) or word (en) granularity and the "
                   "labels. Default: 'lang' in NEW.md's front matter, else the docs/<locale>/ "
                   "folder NEW.md is in, else ja.")
@click.option("--id-prefix", default="", metavar="PREFIX",
              help="Prefix for element ids (redline-<n>), to keep several redlines on one page apart.")
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, view: str, fmt: str, lang: str | None, id_prefix: str) -> None:
    """Print the redline from OLD.md to NEW.md on stdout.

    Front matter is not compared. When the texts are the same, the output says so and the exit
    status is still 0.
    """
    try:
        old_text, new_text = load_revision_text(old), load_revision_text(new)
    except SourceError as exc:
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(USAGE_ERROR)
    locale = lang or infer_locale(new, new_text)
    click.echo(render_diff(old_text, new_text, locale=locale, view=view, fmt=fmt, id_prefix=id_prefix), nl=False)


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
@click.pass_context
def review(ctx: click.Context, base: str, head: str | None, repo: str, html_path: Path | None,
           check: bool, context: int, build: bool) -> None:
    """Review the wording changes between git refs BASE and HEAD (default: the working tree).

    Prints Markdown for a pull-request comment on stdout: a summary table, then each changed policy
    source with its redline (a new revision against the previous revision of the same policy and
    language; a changed one against itself at BASE). Flags in-place edits of published revisions
    (unless a new 'correction:' is declared in the front matter), removed revisions, and Japanese
    revisions whose translation is missing or stale. Exit status: 0, or 1 with --check when
    anything is flagged; 2 for a usage error (not a git repository, unknown ref).
    """
    try:
        result = review_repository(repo, base, head, build=build)
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


def render_diff(old_text: str, new_text: str, *, locale: str, view: str, fmt: str, id_prefix: str = "") -> str:
    """The output of ``policy-redline diff`` for two texts (also usable without the command line)."""
    redline = compute_redline(old_text, new_text, locale=locale)
    renderers: dict[str, Callable[[], str]] = {
        "json": lambda: render_json(redline) + "\n",
        "markdown": lambda: render_markdown(redline, view=view),
        "html": lambda: (render_side_by_side_html if view == "side-by-side" else render_inline_html)(
            redline, id_prefix=id_prefix),
    }
    return renderers[fmt]()


def load_revision_text(path: Path) -> str:
    """Read one revision as text, checking its front matter; every problem is a one-line SourceError."""
    action = "Reading revision"
    if not path.exists():
        raise SourceError(path, "no such file; check the path", action)
    if path.is_dir():
        raise SourceError(path, "is a directory; pass a Markdown file", action)
    site = find_site(path)
    if site is not None:
        return check_site_source(site, path)
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
        if (folder / "mkdocs.yml").is_file() and (folder / "docs") in absolute.parents:
            return folder
    return None


def check_site_source(site: Path, path: Path) -> str:
    """A file inside a site is checked exactly as the build checks it (same validator, same message)."""
    docs_dir = site / "docs"
    absolute = Path(os.path.abspath(path))
    rel = absolute.relative_to(docs_dir).as_posix()
    linked = next((p for p in [absolute, *absolute.parents] if p != docs_dir and docs_dir in p.parents
                   and p.is_symlink()), None)
    kind = SYMLINK if linked is not None else FILE
    entry = DocsEntry(absolute.relative_to(docs_dir).as_posix() if linked is None
                      else linked.relative_to(docs_dir).as_posix(), kind)
    policy_ids = {policy.id for policy in load_registry(site / "policies.yml")}
    problem = check_docs_entry(entry, policy_ids=policy_ids)
    if problem is not None:
        raise problem
    load_revision(docs_dir, rel, policy_ids, build_date=load_build_date())
    return (docs_dir / rel).read_bytes().decode("utf-8")


def infer_locale(path: Path, text: str) -> str:
    """``lang``/``locale`` in the front matter, else a ``docs/<locale>/…`` folder, else ja."""
    meta, _ = split_front_matter(text)
    for key in ("lang", "locale"):
        if meta.get(key) in LOCALES:
            return meta[key]
    for part in reversed(path.resolve().parts[:-1]):
        if part in LOCALES:
            return part
    return DEFAULT_LOCALE
