"""Renderings of a wording review: the pull-request comment (Markdown) and the standalone HTML report.

Both say the same things in the same order (:mod:`policy_site.review.changes` decides what is flagged);
the redlines come from the same renderers as the site.
"""

from __future__ import annotations

import re
from importlib import resources

from policy_site.redline import (
    render_inline_html,
    render_markdown,
    render_side_by_side_html,
    render_summary_html,
)
from policy_site.redline.render_html import escape as escape_html
from policy_site.redline.render_text import escape_markdown
from policy_site.review.changes import (
    DEFAULT_CONTEXT,
    FOLD_LINES,
    NEW,
    FileReview,
    Review,
)
from policy_site.review.git import DOCS_DIR, Snapshot


# GitHub caps a job summary at 1 MiB and a comment at 65,536 characters (the comment workflow
# truncates); each file's redline is bounded so that one huge source cannot crowd out the others.
MAX_FILE_REDLINE = 200_000   # bytes (UTF-8) of one file's redline, in the Markdown and in the HTML report
MAX_MARKDOWN = 900_000       # bytes (UTF-8) of the whole Markdown: under GitHub's 1 MiB with room to spare
MAX_SECTIONS = 300           # file sections in the Markdown; the table lists them all up to MAX_ROWS
MAX_ROWS = 1000

_MENTION = re.compile(r"(?<![\w.+-])([@#])(?=[A-Za-z0-9_])")
_ZWJ = "\u200d"


def neutralize(markdown: str) -> str:
    """No ``@name`` mention or ``#123`` reference from text that a pull request controls: a
    zero-width joiner after ``@``/``#`` keeps the text readable but stops GitHub linking it (and
    pinging people). HTML entities (``&#123;``) and e-mail addresses are left alone."""
    return _MENTION.sub(lambda m: m.group(1) + _ZWJ, markdown)


def render_review_failure(cause: str) -> str:
    """What the comment says when the review itself failed: never an empty or green-looking comment."""
    return neutralize("## Wording review\n\n⚠️ **The review failed**: " + _md(cause) + ". The wording of this "
                      "pull request was not reviewed; fix the cause and push again.\n")


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", "replace"))


def _redline_summary_line(item: FileReview, size: int) -> str:
    return (f"The redline of this file is {size:,} bytes, over the {MAX_FILE_REDLINE:,} shown per file "
            f"({item.size}) or over what is left of the comment's size; read it with `policy-redline diff` "
            "or in the HTML report.")


SITE_FLAG = "published text changed outside the policy sources"


def render_site_markdown(review: Review, *, context: int = DEFAULT_CONTEXT) -> list[str]:
    """The published-site check (:mod:`policy_site.review.site_check`), when it was asked for."""
    site = review.site
    if site is None:
        return []
    lines = ["", "### Published site", ""]
    if not site.ran:
        lines.append(f"Not checked: {_md(site.note)}.")
    else:
        head = ("took HEAD's site as its own CI job built it (read as data, never run)" if site.head_site_given
                else "HEAD as it is")
        lines.append(f"Built (strictly, as CI does) BASE's generator with the reviewed policy sources, and {head}, "
                     "then compared the visible text of every page and feed: "
                     + (f"**{len(site.pages)} differ** — ⚠️ below." if site.pages else
                        "the same, except what the errors below say." if site.errors else
                        "no page differs: everything published comes from the reviewed sources."))
    for error in site.errors:
        lines.append(f"- ⚠️ **Flagged:** {_md(error)}")
    if site.config_changed:
        lines += ["", "**Site configuration changed** (flagged only where it changes published text):", ""]
        lines += [f"- {_md_code(path)}" for path in site.config_changed[:200]]
        if len(site.config_changed) > 200:
            lines.append(f"- … and {len(site.config_changed) - 200} more")
    budget = MAX_FILE_REDLINE * 2
    for page in site.pages[:100]:
        lines += ["", f"#### ⚠️ {_md_code(page.path)} — {SITE_FLAG} (page {page.change})", ""]
        if page.redline is None or not page.redline.changed:
            continue
        body = render_markdown(page.redline, locale=page.path.split("/", 1)[0] if page.path[:3] in ("en/", "zh/")
                               else "ja", context=context, summary=False).rstrip("\n")
        if _bytes(body) > min(MAX_FILE_REDLINE, budget):
            lines.append(f"The redline of this page is {_bytes(body):,} bytes, too long to show here; build both "
                         "sides and compare them.")
            continue
        budget -= _bytes(body)
        lines += ["<details>", f"<summary>Redline of the published text ({body.count(chr(10)) + 1} lines)</summary>",
                  "", body, "", "</details>"]
    if len(site.pages) > 100:
        lines += ["", f"… and {len(site.pages) - 100} more pages differ."]
    return lines


def render_site_html(review: Review) -> list[str]:
    site = review.site
    if site is None:
        return []
    out = ['<section id="site" aria-labelledby="site-title">', '<h2 id="site-title">Published site</h2>']
    if not site.ran:
        out.append(f"<p>Not checked: {escape_html(site.note)}.</p>")
    else:
        out.append(f"<p>Pages and feeds whose visible text differs from what the reviewed sources publish: "
                   f"{len(site.pages)}.</p>")
    if site.errors:
        out.append('<ul class="review-flags">')
        out += [f'<li class="review-flag">⚠ {escape_html(error)}</li>' for error in site.errors]
        out.append("</ul>")
    if site.config_changed:
        out += ["<p>Site configuration changed (flagged only where it changes published text):</p>", "<ul>"]
        out += [f"<li><code>{escape_html(path)}</code></li>" for path in site.config_changed]
        out.append("</ul>")
    for n, page in enumerate(site.pages, 1):
        out.append(f'<h3 class="review-flag">⚠ <code>{escape_html(page.path)}</code> — {SITE_FLAG} '
                   f"(page {escape_html(page.change)})</h3>")
        if page.redline is not None and page.redline.changed:
            inline = render_inline_html(page.redline, id_prefix=f"site-{n}-", heading_offset=3).rstrip("\n")
            out.append(inline if _bytes(inline) <= MAX_FILE_REDLINE else
                       f"<p>The redline of this page is {_bytes(inline):,} bytes, too long to show here.</p>")
    out.append("</section>")
    return out


def _status(review: Review) -> tuple[str, str]:
    """'N policy sources changed' and 'M flagged' / 'nothing flagged', for both renderings."""
    count = f"{len(review.files)} policy source{'s' if len(review.files) != 1 else ''} changed"
    return count, f"{len(review.flagged)} flagged" if review.flagged else "nothing flagged"


_CODE_SAFE = re.compile(r"^[^`|\n\r<>&]+$")


def _md(text: str) -> str:
    return escape_markdown(text).replace("\n", " ")


def _md_code(text: str) -> str:
    """A path or ref as inline code when that is safe, else as escaped text."""
    return f"`{text}`" if _CODE_SAFE.match(text) else _md(text)


def _md_side(snapshot: Snapshot) -> str:
    if snapshot.commit is None:
        return "the working tree"
    return f"{_md_code(snapshot.label)} ({_md_code(snapshot.commit[:12])})"


def render_review_markdown(review: Review, *, context: int = DEFAULT_CONTEXT, fold_lines: int = FOLD_LINES) -> str:
    """The pull-request comment: title, summary table, then one section per file with its redline.

    Redlines come from :func:`policy_site.redline.render_markdown` with ``context`` unchanged
    blocks around each change; one longer than ``fold_lines`` lines is folded in ``<details>``.
    """
    lines = ["## Wording review", "", f"{_md_side(review.base)} → {_md_side(review.head)}", ""]
    if not review.files:
        lines.append(f"No wording changes: no policy source under {DOCS_DIR}/ differs.")
        lines.extend(render_site_markdown(review, context=context))
        return neutralize("\n".join(lines) + "\n")
    count, flagged = _status(review)
    lines.append(f"**{count}, {flagged}** — see ⚠️ below." if review.flagged else f"**{count}, {flagged}.**")
    if review.site is not None and review.site.flagged and not review.flagged:
        lines.append("")
        lines.append("⚠️ The published site is flagged: see below.")
    lines += ["", "In the redlines, <del>struck-through</del> text is deleted and <ins>underlined</ins> text "
              "inserted; unchanged passages are shortened.", "",
              "| # | File | Kind | Redline | Flags |", "| --- | --- | --- | --- | --- |"]
    for n, item in enumerate(review.files[:MAX_ROWS], 1):
        flags = "<br>".join(f"⚠️ {_md(flag.short)}" for flag in item.flags) or "—"
        lines.append(f"| {n} | {_md_code(item.path)} | {_md(item.kind)} | {item.size} | {flags} |")
    if len(review.files) > MAX_ROWS:
        lines += ["", f"… and {len(review.files) - MAX_ROWS} more files (listed in the HTML report)."]
    lines.extend(render_site_markdown(review, context=context))
    budget = MAX_MARKDOWN - sum(_bytes(line) + 1 for line in lines)
    for n, item in enumerate(review.files[:MAX_SECTIONS], 1):
        section = ["", f"### {n}. {_md_code(item.path)} — {_md(item.kind)}", ""]
        section.extend(_file_markdown(item, context, fold_lines, budget=max(0, budget - 2000)))
        budget -= sum(_bytes(line) + 1 for line in section)
        lines.extend(section)
    if len(review.files) > MAX_SECTIONS:
        lines += ["", f"… {len(review.files) - MAX_SECTIONS} more files are not shown here; see the HTML report."]
    return neutralize("\n".join(lines) + "\n")


def _file_markdown(item: FileReview, context: int, fold_lines: int, budget: int = MAX_MARKDOWN) -> list[str]:
    lines = [f"- ⚠️ **Flagged:** {_md(flag.detail)}" for flag in item.flags]
    if item.correction is not None:
        lines.append(f"- **Correction declared:** {_md(item.correction)}")
    if item.notice_waived is not None:
        lines.append(f"- **Notice period waived:** {_md(item.notice_waived)}")
    lines.append(f"- Compared with: {_md(item.compared_with)}")
    if item.front_matter:
        lines.append("- Front matter:")
        for change in item.front_matter:
            if item.kind == NEW:
                lines.append(f"  - {_md_code(change.key)}: {_md(change.new or '')}")
            else:
                old = "(none)" if change.old is None else change.old
                new = "(none)" if change.new is None else change.new
                lines.append(f"  - {_md_code(change.key)}: {_md(old)} → {_md(new)}")
    lines.append("")
    if item.redline is None:
        lines.append("The text cannot be compared (see above).")
    elif not item.redline.changed:
        lines.append("The text is unchanged; only the front matter or the file's bytes differ.")
    else:
        body = render_markdown(item.redline, locale=item.locale, context=context).rstrip("\n")
        size = body.count("\n") + 1
        if _bytes(body) > min(MAX_FILE_REDLINE, budget):
            lines.append(_redline_summary_line(item, _bytes(body)))
        elif size > fold_lines:
            lines += ["<details>", f"<summary>Redline ({size} lines)</summary>", "", body, "", "</details>"]
        else:
            lines.append(body)
    return lines


# --------------------------------------------------------------------------------------------
# Standalone HTML report

def load_report_css() -> str:
    """The report's own stylesheet, from the installed package (never from the reviewed repository)."""
    return resources.files("policy_site.review").joinpath("review.css").read_text(encoding="utf-8")


def _html_side(snapshot: Snapshot) -> str:
    if snapshot.commit is None:
        return "the working tree"
    return f"<code>{escape_html(snapshot.label)}</code> (<code>{snapshot.commit[:12]}</code>)"


def _safe_css(css: str) -> str:
    """CSS for a ``<style>`` element: ``</`` escaped so that the stylesheet cannot end the element."""
    return css.replace("</", "<\\/")


def render_review_html(review: Review, *, css: str | None = None) -> str:
    """A standalone page: the summary table, then per file its flags, front matter, the redline's
    summary, the inline view and the side-by-side view (新旧対照表), rendered as on the site.

    ``css`` defaults to the redline stylesheet of the *base* revision (a pull request cannot restyle
    its own report, e.g. hide its flags), then the report's own stylesheet from the installed
    package. Both are inlined, and a Content-Security-Policy forbids every request and every
    script, so that the page works from a file and cannot load anything.
    """
    style = _safe_css((css if css is not None else review.css) + load_report_css())
    title = f"Wording review: {review.base.label} → {review.head.label}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape_html(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        '<main class="md-typeset">',
        "<h1>Wording review</h1>",
        f"<p>{_html_side(review.base)} → {_html_side(review.head)}</p>",
    ]
    if not review.files:
        out.append(f'<p class="review-status">No wording changes: no policy source under {DOCS_DIR}/ differs.</p>')
    else:
        count, flagged = _status(review)
        status_class = "review-status review-status-flagged" if review.flagged else "review-status"
        out.append(f'<p class="{status_class}">{count}, {flagged}.</p>')
        out += ['<table class="review-files">', "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Kind</th>"
                "<th scope=\"col\">Redline</th><th scope=\"col\">Flags</th></tr></thead>", "<tbody>"]
        for n, item in enumerate(review.files, 1):
            flags = "<br>".join(f'<span class="review-flag">⚠ {escape_html(flag.short)}</span>' for flag in item.flags)
            out.append(f'<tr><td><a href="#file-{n}"><code>{escape_html(item.path)}</code></a></td>'
                       f"<td>{escape_html(item.kind)}</td><td>{escape_html(item.size)}</td><td>{flags or '—'}</td></tr>")
        out += ["</tbody>", "</table>"]
        for n, item in enumerate(review.files, 1):
            out.extend(_file_html(n, item))
    out.extend(render_site_html(review))
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _file_html(n: int, item: FileReview) -> list[str]:
    prefix = f"file-{n}-"
    out = [f'<section id="file-{n}" aria-labelledby="file-{n}-title">',
           f'<h2 id="file-{n}-title">{n}. <code>{escape_html(item.path)}</code> — {escape_html(item.kind)}</h2>']
    if item.flags:
        out.append('<ul class="review-flags">')
        out += [f'<li class="review-flag">⚠ {escape_html(flag.detail)}</li>' for flag in item.flags]
        out.append("</ul>")
    if item.correction is not None:
        out.append(f'<p class="review-correction"><strong>Correction declared:</strong> '
                   f'<span lang="{item.locale}">{escape_html(item.correction)}</span></p>')
    if item.notice_waived is not None:
        out.append(f'<p class="review-correction"><strong>Notice period waived:</strong> '
                   f'<span lang="{item.locale}">{escape_html(item.notice_waived)}</span></p>')
    out.append(f"<p>Compared with: {escape_html(item.compared_with)}</p>")
    if item.front_matter:
        out += ['<table class="review-meta">', "<caption>Front matter</caption>",
                '<thead><tr><th scope="col">Key</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>',
                "<tbody>"]
        for change in item.front_matter:
            old = "—" if change.old is None else escape_html(change.old)
            new = "—" if change.new is None else escape_html(change.new)
            out.append(f"<tr><th scope=\"row\"><code>{escape_html(change.key)}</code></th><td>{old}</td><td>{new}</td></tr>")
        out += ["</tbody>", "</table>"]
    redline = item.redline
    if redline is None:
        out.append("<p>The text cannot be compared (see above).</p>")
    elif not redline.changed:
        out.append("<p>The text is unchanged; only the front matter or the file's bytes differ.</p>")
    else:
        inline = render_inline_html(redline, locale=item.locale, id_prefix=prefix, heading_offset=3).rstrip("\n")
        side = (render_side_by_side_html(redline, locale=item.locale, id_prefix=f"{prefix}sbs-", heading_offset=3)
                .rstrip("\n") if _bytes(inline) <= MAX_FILE_REDLINE else "")
        out += ["<h3>Summary of changes</h3>",
                render_summary_html(redline, locale=item.locale, id_prefix=prefix).rstrip("\n")]
        if _bytes(inline) + _bytes(side) > MAX_FILE_REDLINE:
            out.append(f"<p>{escape_html(_redline_summary_line(item, _bytes(inline) + _bytes(side)))}</p>")
        else:
            out += ['<details class="review-redline" open>', "<summary>Redline (inline)</summary>", inline,
                    "</details>", '<details class="review-redline">', "<summary>Side by side (新旧対照表)</summary>",
                    side, "</details>"]
    out.append("</section>")
    return out


__all__ = ["render_review_html", "render_review_markdown"]
