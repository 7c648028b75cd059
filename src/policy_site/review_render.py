"""Renderings of a wording review: the pull-request comment (Markdown) and the standalone HTML report.

Both say the same things in the same order (:mod:`policy_site.review` decides what is flagged);
the redlines come from the same renderers as the site.
"""

from __future__ import annotations

import re

from policy_site.redline import (
    render_inline_html,
    render_markdown,
    render_side_by_side_html,
    render_summary_html,
)
from policy_site.redline.render_html import escape as escape_html
from policy_site.redline.render_text import escape_markdown
from policy_site.review import (
    DEFAULT_CONTEXT,
    DOCS_DIR,
    FOLD_LINES,
    NEW,
    FileReview,
    Review,
    Snapshot,
)


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
        return "\n".join(lines) + "\n"
    count, flagged = _status(review)
    lines.append(f"**{count}, {flagged}** — see ⚠️ below." if review.flagged else f"**{count}, {flagged}.**")
    lines += ["", "In the redlines, <del>struck-through</del> text is deleted and <ins>underlined</ins> text "
              "inserted; unchanged passages are shortened.", "",
              "| # | File | Kind | Redline | Flags |", "| --- | --- | --- | --- | --- |"]
    for n, item in enumerate(review.files, 1):
        flags = "<br>".join(f"⚠️ {_md(flag.short)}" for flag in item.flags) or "—"
        lines.append(f"| {n} | {_md_code(item.path)} | {_md(item.kind)} | {item.size} | {flags} |")
    for n, item in enumerate(review.files, 1):
        lines += ["", f"### {n}. {_md_code(item.path)} — {_md(item.kind)}", ""]
        lines.extend(_file_markdown(item, context, fold_lines))
    return "\n".join(lines) + "\n"


def _file_markdown(item: FileReview, context: int, fold_lines: int) -> list[str]:
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
        if size > fold_lines:
            lines += ["<details>", f"<summary>Redline ({size} lines)</summary>", "", body, "", "</details>"]
        else:
            lines.append(body)
    return lines


# --------------------------------------------------------------------------------------------
# Standalone HTML report

_REPORT_CSS = """
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK JP", "Noto Sans JP", sans-serif;
       line-height: 1.6; color: #1f2328; background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-top: 1px solid #d0d7de; padding-top: 1rem; }
h3 { font-size: 1.05rem; }
table.review-files { border-collapse: collapse; width: 100%; }
table.review-files th, table.review-files td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; text-align: start; vertical-align: top; }
table.review-meta { border-collapse: collapse; }
table.review-meta th, table.review-meta td { border: 1px solid #d0d7de; padding: 0.2em 0.6em; text-align: start; vertical-align: top; }
.review-flag { color: #8f1216; font-weight: 700; }
.review-status-flagged { color: #8f1216; font-weight: 700; }
.review-correction { background: #fff8c5; padding: 0.3em 0.6em; }
.review-redline { margin: 1rem 0; }
details > summary { cursor: pointer; font-weight: 700; margin: 0.5rem 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
"""


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

    ``css`` defaults to the reviewed repository's ``docs/assets/redline.css``; it is inlined, and a
    Content-Security-Policy forbids every request and every script, so that the page works from a
    file and cannot load anything.
    """
    style = _safe_css((css if css is not None else review.css) + _REPORT_CSS)
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
        out += [
            "<h3>Summary of changes</h3>",
            render_summary_html(redline, locale=item.locale, id_prefix=prefix).rstrip("\n"),
            '<details class="review-redline" open>',
            "<summary>Redline (inline)</summary>",
            render_inline_html(redline, locale=item.locale, id_prefix=prefix, heading_offset=3).rstrip("\n"),
            "</details>",
            '<details class="review-redline">',
            "<summary>Side by side (新旧対照表)</summary>",
            render_side_by_side_html(redline, locale=item.locale, id_prefix=f"{prefix}sbs-",
                                     heading_offset=3).rstrip("\n"),
            "</details>",
        ]
    out.append("</section>")
    return out


__all__ = ["render_review_html", "render_review_markdown"]
