"""The pull-request comment of a wording review (Markdown), within the size of one comment.

GitHub takes at most 65,536 characters in a comment; a longer one is cut by whoever posts it, and
what falls past the cut is never seen. So the comment is laid out by priority within
``max_chars``: the verdict and the table first, then the first change of every file, then the
rest of each file as it fits, and it says how much was left out (the HTML report has everything).
Nothing of it is cut afterwards. :mod:`policy_site.review.report` renders the HTML report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policy_site.redline.render_text import escape_markdown
from policy_site.review.git import DOCS_DIR, Snapshot, locale_of_page
from policy_site.review.hunks import Hunks, cut_markdown, split_hunks, units
from policy_site.review.model import DEFAULT_CONTEXT, FOLD_LINES, NEW, SITE_CODE_FLAG, FileReview, MetaChange, Review

MAX_CHARS = 60_000      # UTF-16 units of the whole comment: under GitHub's 65,536 with room for the poster's line
MIN_CHARS = 10_000
MAX_ROWS = 1000         # rows of the summary table, at most (and at most a third of the comment)
MAX_HEAD = 4_000        # flags and front matter of one file, at most
MAX_NAMES = 50          # changed site files named in the comment
SITE_FLAG = "published text changed outside the policy sources"

_MENTION = re.compile(r"(?<![\w.+&-])([@#])(?=[A-Za-z0-9_])")  # not the # of a reference (&#36;)
_ZWJ = "\u200d"
_CODE_SAFE = re.compile(r"^[^`|\n\r<>&]+$")


def neutralize(markdown: str) -> str:
    """No ``@name`` mention or ``#123`` reference from text that a pull request controls: a
    zero-width joiner after ``@``/``#`` keeps the text readable but stops GitHub linking it (and
    pinging people). HTML entities (``&#123;``) and e-mail addresses are left alone."""
    return _MENTION.sub(lambda m: m.group(1) + _ZWJ, markdown)


def render_review_failure(cause: str) -> str:
    """What the comment says when the review itself failed: never an empty or green-looking comment."""
    return neutralize("## Wording review\n\n⚠️ **The review failed**: " + _md(cause) + ". The wording of this "
                      "pull request was not reviewed; fix the cause and push again.\n")


def _md(text: str) -> str:
    return escape_markdown(text).replace("\n", " ")


def _md_code(text: str) -> str:
    """A path or ref as inline code when that is safe, else as escaped text."""
    return f"`{text}`" if _CODE_SAFE.match(text) else _md(text)


def _md_side(snapshot: Snapshot) -> str:
    if snapshot.commit is None:
        return "the working tree"
    return f"{_md_code(snapshot.label)} ({_md_code(snapshot.commit[:12])})"


def _lines(lines: list[str]) -> int:
    return sum(units(line) + 1 for line in lines)


@dataclass
class _Item:
    """One section of the comment: its fixed head, and its redline as changes to show in turn."""

    head: list[str]
    hunks: Hunks | None
    empty: str = ""                 # what to say when there is no redline
    shown: int = 0                  # changes shown
    first: str | None = None        # the first change cut to fit, when it did not fit whole
    summary: bool = False           # the summary of sections is shown
    sizes: list[int] = field(default_factory=list)

    def body(self, fold_lines: int) -> list[str]:
        if self.hunks is None:
            return [self.empty] if self.empty else []
        out = [self.hunks.summary, ""] if self.summary and self.hunks.summary else []
        if self.first is not None:
            return out + [self.first, "", _left_out(len(self.hunks.changes), cut=True)]
        first, rest = self.hunks.render(min(self.shown, 1)), self.hunks.render(self.shown)[len(self.hunks.render(1)):]
        out.append(first)
        rest = rest.lstrip("\n")
        if rest:
            size = rest.count("\n") + 1
            if first.count("\n") + size + 1 > fold_lines:
                out += ["", "<details>", f"<summary>Redline, continued ({size} lines)</summary>", "", rest, "",
                        "</details>"]
            else:
                out += ["", rest]
        left = len(self.hunks.changes) - self.shown
        return out + (["", _left_out(left)] if left > 0 else [])


def _left_out(count: int, *, cut: bool = False) -> str:
    what = ("the rest of this change" + (f" and {count - 1} more change{'s' if count != 2 else ''}" if count > 1 else "")
            if cut else f"{count} more change{'s' if count != 1 else ''} of this redline")
    return (f"*… {what} left out for the comment's size: read them in the HTML report (`--html`) or with "
            "`policy-redline diff`.*")


def _file_head(n: int, item: FileReview) -> list[str]:
    lines = [f"- ⚠️ **Flagged:** {_md(flag.detail)}" for flag in item.flags]
    if item.correction is not None:
        lines.append(f"- **Correction declared:** {_md(item.correction)}")
    if item.notice_waived is not None:
        lines.append(f"- **Notice period waived:** {_md(item.notice_waived)}")
    if item.announcement is not None:
        lines.append(f"- **Announced:** {_md(item.announcement)}")
    if item.change_note is not None:
        lines.append(f"- **Change note:** {_md(item.change_note)}")
    lines.append(f"- Compared with: {_md(item.compared_with)}")
    listed = item.listed_front_matter
    if listed:
        lines.append("- Front matter:")
        for change in listed:
            lines += _meta_lines(change, new_file=item.kind == NEW)
    kept, size = [], 0
    for line in lines:
        if size + units(line) + 1 > MAX_HEAD:
            kept.append(f"- … {len(lines) - len(kept)} more lines of flags and front matter (see the HTML report)")
            break
        kept.append(line)
        size += units(line) + 1
    return ["", f"### {n}. {_md_code(item.path)} — {_md(item.kind)}", "", *kept, ""]


def _meta_lines(change: MetaChange, *, new_file: bool) -> list[str]:
    """A front matter key: its value (new file) or old → new; a list entry by entry, as they differ."""
    def pair(old: str | None, new: str | None) -> str:
        if new_file:
            return _md(new or "")
        return f"{_md('(none)' if old is None else old)} → {_md('(none)' if new is None else new)}"

    if not change.entries and change.counts == (None, None):
        return [f"  - {_md_code(change.key)}: {pair(change.old, change.new)}"]
    counts = ["(none)" if n is None else f"{n} entr{'y' if n == 1 else 'ies'}" for n in change.counts]
    head = f"  - {_md_code(change.key)}: " + (counts[1] if new_file else f"{counts[0]} → {counts[1]}")
    return [head] + [f"    - {_md(entry.label)}: {pair(entry.old, entry.new)}" for entry in change.entries]


def _file_item(n: int, item: FileReview, context: int) -> _Item:
    head = _file_head(n, item)
    if item.text_diff is not None:
        fence = "~" * max(3, max((len(run) for run in re.findall(r"~+", item.text_diff)), default=0) + 1)
        diff = f"{fence}diff\n{item.text_diff.rstrip()}\n{fence}"
        return _Item(head, Hunks("", [("", diff)], ""))
    if item.redline is None:
        return _Item(head, None, "The text cannot be compared (see above).")
    if not item.redline.changed:
        return _Item(head, None, "The text is unchanged; only the front matter or the file's bytes differ.")
    return _Item(head, split_hunks(item.redline, locale=item.locale, context=context))


def _page_items(review: Review, context: int) -> list[_Item]:
    site = review.site
    if site is None:
        return []
    items = []
    for page in site.pages:
        head = ["", f"#### ⚠️ {_md_code(page.path)} — {SITE_FLAG} (page {page.change})", ""]
        if page.redline is None or not page.redline.changed:
            items.append(_Item(head, None))
            continue
        locale = locale_of_page(page.path, review.base.locales)
        hunks = split_hunks(page.redline, locale=locale, context=context)
        items.append(_Item(head, Hunks("", hunks.changes, hunks.tail)))
    return items


def _site_code_lines(review: Review) -> list[str]:
    if not review.site_code:
        return []
    count = len(review.site_code)
    lines = ["", f"⚠️ **{SITE_CODE_FLAG[0].upper() + SITE_CODE_FLAG[1:]}.** {count} file{'s' if count != 1 else ''} "
             "outside the policy sources, the registry and the glossary changed; a code owner must approve this "
             "pull request (`.github/CODEOWNERS`):", ""]
    lines += [f"- {_md_code(path)}" for path in review.site_code[:MAX_NAMES]]
    if count > MAX_NAMES:
        lines.append(f"- … and {count - MAX_NAMES} more (listed in the HTML report)")
    return lines


def _site_lines(review: Review) -> list[str]:
    """The published-site check: how it ran and what failed (the pages that differ come later)."""
    site = review.site
    if site is None:
        return []
    lines = ["", "### Published site", ""]
    if not site.ran:
        lines.append(f"Not built: {_md(site.note)}; this is flagged.")
    elif site.head_site_given or site.head_built:
        head = ("took HEAD's site as its own CI job built it (read as data, never run)" if site.head_site_given
                else "HEAD as it is (--trust-head: its code ran here)")
        lines.append(f"Built (strictly, as CI does) BASE's generator with the reviewed policy sources, and {head}, "
                     "then compared the visible text of every page and feed: "
                     + (f"**{len(site.pages)} differ** — ⚠️ below." if site.pages else
                        "the same, except what the errors below say." if site.errors else
                        "no page differs: everything published comes from the reviewed sources."))
    else:
        lines.append("Built (strictly, as CI does) the reviewed policy sources, registry and glossary with BASE's "
                     "generator" + (": they build." if not site.errors else ".")
                     + " HEAD's own code was not run (`--trust-head` builds HEAD as it is, which runs it).")
    lines += [f"- ⚠️ **Flagged:** {_md(error)}" for error in site.errors]
    return lines


def _header(review: Review) -> list[str]:
    base, head = review.base, review.head
    if review.merge is not None:
        sides = (f"{_md_side(base)} → {_md_side(review.merge.head)} merged into {_md_code(base.label)} "
                 f"(the branch is {review.merge.behind} commit{'s' if review.merge.behind != 1 else ''} behind: "
                 "reviewed as the merge would make it)")
    else:
        sides = f"{_md_side(base)} → {_md_side(head)}"
    lines = ["## Wording review", "", sides, *_site_code_lines(review), ""]
    flags = review.describe_flags()
    if not review.files:
        lines.append(f"No wording changes: no policy source under {DOCS_DIR}/ differs.")
        if review.flag_count:  # site code, or the published site: flagged all the same
            lines += ["", f"**{flags}** — see ⚠️."]
        return lines
    count = f"{len(review.files)} policy source{'s' if len(review.files) != 1 else ''} changed"
    lines.append(f"**{count}, {flags}** — see ⚠️ below." if review.flag_count else f"**{count}, {flags}.**")
    lines += ["", "In the redlines, <del>struck-through</del> text is deleted and <ins>underlined</ins> text "
              "inserted; unchanged passages are shortened."]
    return lines


def _table(review: Review, limit: int) -> tuple[list[str], int]:
    """The summary table within ``limit`` units, and how many rows it leaves out."""
    lines = ["", "| # | File | Kind | Redline | Flags |", "| --- | --- | --- | --- | --- |"]
    size = _lines(lines)
    for n, item in enumerate(review.files[:MAX_ROWS], 1):
        flags = "<br>".join(f"⚠️ {_md(flag.short)}" for flag in item.flags) or "—"
        row = f"| {n} | {_md_code(item.path)} | {_md(item.kind)} | {item.size} | {flags} |"
        if size + units(row) + 1 > limit:
            break
        lines.append(row)
        size += units(row) + 1
    left = len(review.files) - (len(lines) - 3)
    if left:
        lines += ["", f"… and {left} more files (listed in the HTML report)."]
    return lines, left


def render_review_markdown(review: Review, *, context: int = DEFAULT_CONTEXT, fold_lines: int = FOLD_LINES,
                           max_chars: int = MAX_CHARS) -> str:
    """The pull-request comment, at most ``max_chars`` UTF-16 units: title, sides, verdict, the table,
    the site check, then one section per file (its first change always), then the pages that differ.

    Redlines come from :func:`policy_site.redline.render_markdown` with ``context`` unchanged
    blocks around each change; what follows a file's first change is folded past ``fold_lines`` lines.
    """
    max_chars = max(max_chars, MIN_CHARS)
    top = _header(review)
    table: list[str] = []
    if review.files:
        table, _ = _table(review, max_chars // 3)
    site = _site_lines(review)
    items = [_file_item(n, item, context) for n, item in enumerate(review.files, 1)] + _page_items(review, context)
    reserve = 600  # the closing line on what was left out
    budget = max_chars - _lines(top) - _lines(table) - _lines(site) - reserve
    placed: list[_Item] = []
    for item in items:  # every section's head, in order, as long as they fit
        if _lines(item.head) + 200 > budget:
            break
        placed.append(item)
        budget -= _lines(item.head) + units(item.empty) + 1
    for index, item in enumerate(placed):  # then the first change of each, in a fair share
        if item.hunks is None or not item.hunks.changes:
            continue
        share = budget // sum(1 for later in placed[index:] if later.hunks is not None and later.hunks.changes)
        first = item.hunks.render(1)
        if units(first) + 2 <= share:
            item.shown = 1
        else:
            item.first = cut_markdown(first, max(0, share - 300))
        budget -= units(item.first if item.first is not None else first) + 300
    for item in placed:  # then the rest, in order, as it fits
        if item.hunks is None:
            continue
        if item.first is not None:  # a first change cut to its share gets what is left
            longer = cut_markdown(item.hunks.render(1), units(item.first) + max(0, budget - 100))
            budget -= units(longer) - units(item.first)
            item.first = longer
            continue
        if item.hunks.summary and units(item.hunks.summary) + 2 <= budget:
            item.summary = True
            budget -= units(item.hunks.summary) + 2
        while item.shown < len(item.hunks.changes):
            step = units(item.hunks.render(item.shown + 1)) - units(item.hunks.render(item.shown)) + 80
            if step > budget:
                break
            item.shown += 1
            budget -= step
    files = placed[:len(review.files)]
    pages = placed[len(review.files):]
    out = top + table + site
    for item in files:
        out += item.head + item.body(fold_lines)
    if review.site is not None and review.site.pages and pages:
        for item in pages:
            out += item.head + item.body(fold_lines)
    out += _closing(review, items, placed)
    return neutralize("\n".join(out) + "\n")


def _closing(review: Review, items: list[_Item], placed: list[_Item]) -> list[str]:
    """One line on what the size of the comment left out, if anything."""
    sections = len(items) - len(placed)
    changes = sum(len(item.hunks.changes) - (item.shown if item.first is None else 0)
                  for item in placed if item.hunks is not None)
    if not sections and not changes:
        return []
    parts = []
    if changes:
        parts.append(f"{changes} change{'s' if changes != 1 else ''} of the redlines above")
    if sections:
        parts.append(f"{sections} section{'s' if sections != 1 else ''} (files or pages) not shown at all")
    return ["", f"*Left out for the comment's size: {' and '.join(parts)}; the HTML report (`--html`) shows "
                "everything.*"]


__all__ = ["MAX_CHARS", "neutralize", "render_review_failure", "render_review_markdown"]
