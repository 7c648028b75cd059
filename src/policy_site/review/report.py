"""The standalone HTML report of a wording review: the same findings as the comment, nothing left out.

The redlines come from the same renderers as the site (inline and side by side, 新旧対照表); the
CSS is BASE's redline stylesheet and the report's own from the installed package, never the pull
request's, and a Content-Security-Policy forbids every request and script.
"""

from __future__ import annotations

from importlib import resources

from policy_site.redline import render_inline_html, render_side_by_side_html, render_summary_html
from policy_site.redline.render_html import escape as escape_html
from policy_site.review.git import DOCS_DIR, Snapshot
from policy_site.review.model import SITE_CODE_FLAG, FileReview, Review
from policy_site.review.render import SITE_FLAG

MAX_FILE_REDLINE = 200_000   # bytes (UTF-8) of one file's redline in the report


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", "replace"))


def _redline_summary_line(item: FileReview, size: int) -> str:
    return (f"The redline of this file is {size:,} bytes, over the {MAX_FILE_REDLINE:,} shown per file "
            f"({item.size}); read it with `policy-redline diff`.")


def _status(review: Review) -> tuple[str, str]:
    """'N policy sources changed' and 'M flags' / 'nothing flagged' (every flag of the report)."""
    count = f"{len(review.files)} policy source{'s' if len(review.files) != 1 else ''} changed"
    return count, review.describe_flags()


def render_site_html(review: Review) -> list[str]:
    site = review.site
    if site is None:
        return []
    out = ['<section id="site" aria-labelledby="site-title">', '<h2 id="site-title">Published site</h2>']
    if not site.ran:
        out.append(f"<p>Not built: {escape_html(site.note)}; this is flagged.</p>")
    elif not (site.head_site_given or site.head_built):
        out.append("<p>The reviewed sources were built with BASE's generator; HEAD's own code was not run.</p>")
    else:
        out.append(f"<p>Pages and feeds whose visible text differs from what the reviewed sources publish: "
                   f"{len(site.pages)}.</p>")
    if site.errors:
        out.append('<ul class="review-flags">')
        out += [f'<li class="review-flag">⚠ {escape_html(error)}</li>' for error in site.errors]
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
        f"<p>{_html_side(review.base)} → "
        + (f"{_html_side(review.merge.head)} merged into <code>{escape_html(review.base.label)}</code>"
           if review.merge is not None else _html_side(review.head)) + "</p>",
    ]
    if review.site_code:
        out += [f'<p class="review-status review-status-flagged">⚠ {escape_html(SITE_CODE_FLAG[0].upper())}'
                f"{escape_html(SITE_CODE_FLAG[1:])}. A code owner must approve these changes:</p>", "<ul>"]
        out += [f"<li><code>{escape_html(path)}</code></li>" for path in review.site_code]
        out.append("</ul>")
    if not review.files:
        out.append(f'<p class="review-status">No wording changes: no policy source under {DOCS_DIR}/ differs.</p>')
    else:
        count, flagged = _status(review)
        status_class = "review-status review-status-flagged" if review.flag_count else "review-status"
        out.append(f'<p class="{status_class}">{count}, {flagged}.</p>')
        out += ['<table class="review-files">', "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Kind</th>"
                "<th scope=\"col\">Redline</th><th scope=\"col\">Flags</th></tr></thead>", "<tbody>"]
        for n, item in enumerate(review.files, 1):
            flags = "<br>".join(f'<span class="review-flag">⚠ {escape_html(flag.short)}</span>' for flag in item.flags)
            out.append(f'<tr><td><a href="#file-{n}"><code>{escape_html(item.path)}</code></a></td>'
                       f"<td>{escape_html(item.kind)}</td><td>{escape_html(item.size)}</td><td>{flags or '—'}</td></tr>")
        out += ["</tbody>", "</table>"]
        for n, item in enumerate(review.files, 1):
            out.extend(_file_html(n, item, review.column_orders, review.list_markers))
    out.extend(render_site_html(review))
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _meta_row(key_html: str, old: str | None, new: str | None) -> str:
    before = "—" if old is None else escape_html(old)
    after = "—" if new is None else escape_html(new)
    return f'<tr><th scope="row">{key_html}</th><td>{before}</td><td>{after}</td></tr>'


def _file_html(n: int, item: FileReview, column_orders: dict[str, str] | None = None,
               list_markers: str = "drawn") -> list[str]:
    prefix = f"file-{n}-"
    markers = ' class="policy-list-markers-text"' if list_markers == "text" else ""  # as the site draws lists
    out = [f'<section id="file-{n}"{markers} aria-labelledby="file-{n}-title">',
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
    if item.announcement is not None:
        out.append(f'<p class="review-correction"><strong>Announced:</strong> {escape_html(item.announcement)}</p>')
    if item.change_note is not None:
        out.append(f'<p class="review-correction"><strong>Change note:</strong> '
                   f'<span lang="{item.locale}">{escape_html(item.change_note)}</span></p>')
    out.append(f"<p>Compared with: {escape_html(item.compared_with)}</p>")
    listed = item.listed_front_matter
    if listed:
        out += ['<table class="review-meta">', "<caption>Front matter</caption>",
                '<thead><tr><th scope="col">Key</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>',
                "<tbody>"]
        for change in listed:
            key = f"<code>{escape_html(change.key)}</code>"
            if not change.entries and change.counts == (None, None):
                out.append(_meta_row(key, change.old, change.new))
                continue
            counts = [None if n is None else f"{n} entr{'y' if n == 1 else 'ies'}" for n in change.counts]
            out.append(_meta_row(key, *counts))  # a list: how many entries, then those that differ
            out += [_meta_row(f"{key} {escape_html(entry.label)}", entry.old, entry.new) for entry in change.entries]
        out += ["</tbody>", "</table>"]
    redline = item.redline
    if item.text_diff is not None:
        out.append(f"<pre><code>{escape_html(item.text_diff)}</code></pre>")
    elif redline is None:
        out.append("<p>The text cannot be compared (see above).</p>")
    elif not redline.changed:
        out.append("<p>The text is unchanged; only the front matter or the file's bytes differ.</p>")
    else:
        inline = render_inline_html(redline, locale=item.locale, id_prefix=prefix, heading_offset=3).rstrip("\n")
        side = (render_side_by_side_html(redline, locale=item.locale, id_prefix=f"{prefix}sbs-", heading_offset=3,
                                         order=(column_orders or {}).get(item.locale))
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


__all__ = ["MAX_FILE_REDLINE", "load_report_css", "render_review_html"]
