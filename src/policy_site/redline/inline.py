"""Inline Markdown reduced to the text a reader sees: the single definition the redline diffs.

Losslessness is promised against this text, so every rule lives here and nowhere else:

- emphasis delimiters (``**x**``, ``*x*``, ``__x__``, ``_x_``) are dropped, their content kept;
- code spans keep their content verbatim;
- backslash escapes give the escaped character, for the characters Python-Markdown escapes
  (``\\*``, ``\\[``, ``\\|``…; ``\\<`` stays as written, and so does a backslash before a newline),
  as the pages are rendered by it;
- entity references (``&amp;``, ``&#x4E2D;``, ``&nbsp;``) give their character, as a browser shows them;
- an autolink ``<https://…>`` / ``<a@b.jp>`` gives its address;
- a link ``[label](target)`` gives its label, as the page shows it (clickable). Its target is not
  part of the text: :func:`reduce_inline_links` also returns each link's label span and target, so
  that the redline shows a changed target as one "link changed" mark on the label instead of
  character edits inside a URL. Images ``![alt](src)`` give their alt text;
- a hard line break gives ``\n``: ``<br>`` (any case, ``<br/>``, ``<br />``) and two or more
  spaces ending a line, as Python-Markdown renders them; renderers show it as a line break;
- any other raw HTML is kept as written, as text: the site's sources contain none (the build
  rejects it), and a redline of other files must show, never execute, it;
- a soft line break (a newline inside a block) is a space, and runs of spaces and tabs become one
  space, as a browser collapses them; a no-break space (U+00A0) and an ideographic space (U+3000)
  are kept, as a browser keeps them;
- NUL and other control characters become U+FFFD, so that the text is always valid HTML text and
  nothing is silently dropped.
"""

from __future__ import annotations

import re

# What Python-Markdown with the site's extensions escapes (Markdown.ESCAPED_CHARS; "|" from tables):
# "\<" or "\&" stay a backslash and the character, as the page shows them.
_ESCAPABLE = set("\\`*_{}[]()>#+-.!|")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@\\]+@[^\s<>@\\]+)>")
_CODE_OPEN = re.compile(r"`+")
# Protected pieces are replaced by \x00<n>\x00 while emphasis is removed; NUL never survives
# normalisation, so a placeholder can never collide with source text.
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
_STRONG = re.compile(r"(\*\*)(?=[^\s])(.+?)(?<=[^\s])\1", re.S)
_EM_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.S)
# Underscores are "smart" in Python-Markdown: never inside a word, of any script (当社_注_ stays).
_STRONG_UNDERSCORE = re.compile(r"(?<!\w)(__)(?=[^\s_])(.+?)(?<=[^\s_])__(?!\w)", re.S)
_EM_UNDERSCORE = re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)", re.S)
_SPECIAL = re.compile(r"[\\`<&\[!*_\n]")
_PROTECTED_START = re.compile(r"[\\`<&\[!]")
_SPACES = re.compile(r"[ \t]+")
_SPACES_AROUND_NEWLINE = re.compile(r" ?\n ?")
_BR = re.compile(r"<br[ \t\n]*/?>", re.I)
_HARD_BREAK = "\x01"  # stands for a hard break while soft breaks become spaces; never in source text
_TRAILING_BREAK = re.compile(r"[ \t]{2,}\n")
# After a line ending in two spaces, Python-Markdown drops a last line of spaces only (U+00A0 too).
_BREAK_THEN_SPACES = re.compile(r"[ \t]{2,}\n\s*\Z")


def normalize_source(text: str) -> str:
    """Unify newlines and replace characters no reader can see with U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("\ufffd", text)


def reduce_inline(source: str) -> str:
    """The visible text of one block's inline Markdown (lines already joined with ``\\n``)."""
    return reduce_inline_links(source)[0]


def reduce_inline_links(source: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """The visible text and its links: ``(text, ((start, end, target), …))`` where
    ``text[start:end]`` is the label of a link to ``target`` (in-page anchors included)."""
    if not _SPECIAL.search(source):  # most policy text: nothing to reduce but spaces
        return collapse_whitespace(source), ()
    if "\n" in source:
        source = _TRAILING_BREAK.sub(_HARD_BREAK, _BREAK_THEN_SPACES.sub("", source))
    pieces: list[str] = []
    links: list[tuple[int, str]] = []  # (piece index, target)
    marked = _protect(source, pieces, links) if _PROTECTED_START.search(source) else source
    if "*" in marked or "_" in marked:
        for _ in range(8):  # nested emphasis: a few rounds reach a fixed point
            reduced = _STRONG_UNDERSCORE.sub(r"\2", _STRONG.sub(r"\2", marked))
            reduced = _EM_UNDERSCORE.sub(r"\1", _EM_STAR.sub(r"\1", reduced))
            if reduced == marked:
                break
            marked = reduced
    if not links:
        text = _PLACEHOLDER.sub(lambda m: pieces[int(m.group(1))], marked) if pieces else marked
        return collapse_whitespace(text), ()
    # Links: the placeholders of link labels are replaced by private markers kept through
    # whitespace collapsing, then turned into spans.
    targets = dict(links)
    text = _PLACEHOLDER.sub(lambda m: (f"\x02{m.group(1)}\x03{pieces[int(m.group(1))]}\x04"
                                       if int(m.group(1)) in targets else pieces[int(m.group(1))]), marked)
    text = collapse_whitespace(text)
    spans: list[tuple[int, int, str]] = []
    out: list[str] = []
    length, k = 0, 0
    for m in _LINK_MARK.finditer(text):
        out.append(text[k:m.start()])
        length += m.start() - k
        label = m.group(2)
        spans.append((length, length + len(label), targets[int(m.group(1))]))
        out.append(label)
        length += len(label)
        k = m.end()
    out.append(text[k:])
    return "".join(out), tuple(spans)


_LINK_MARK = re.compile(r"\x02(\d+)\x03([^\x02\x03\x04]*)\x04")


def collapse_whitespace(text: str) -> str:
    """Collapse spaces as a browser does: soft line breaks are spaces, hard breaks stay ``\\n``."""
    if "  " not in text and "\t" not in text and "\n" not in text and _HARD_BREAK not in text:
        return text.strip(" ")
    text = _SPACES.sub(" ", text.replace("\n", " "))
    if _HARD_BREAK in text:
        text = _SPACES_AROUND_NEWLINE.sub("\n", text.replace(_HARD_BREAK, "\n"))
    return text.strip(" \n") if text.strip(" \n") else ""


def _protect(source: str, pieces: list[str], links: list[tuple[int, str]] | None = None) -> str:
    """Replace every construct whose text is final (escapes, code, links, entities) by a placeholder."""

    def keep(text: str) -> str:
        pieces.append(text)
        return f"\x00{len(pieces) - 1}\x00"

    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        jump = _PROTECTED_START.search(source, i)  # copy plain runs in one step
        if jump is None:
            out.append(source[i:])
            break
        if jump.start() > i:
            out.append(source[i:jump.start()])
            i = jump.start()
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in _ESCAPABLE:
            out.append(keep(source[i + 1]))
            i += 2
        elif ch == "`":
            run = _CODE_OPEN.match(source, i).group()
            close = source.find(run, i + len(run))
            while close != -1 and close + len(run) < n and source[close + len(run)] == "`":
                close = source.find(run, close + len(run) + 1)
            if close == -1:
                out.append(keep(run))
                i += len(run)
            else:
                code = source[i + len(run):close].replace("\n", " ")
                if len(code) > 2 and code[0] == " " and code[-1] == " " and code.strip(" "):
                    code = code[1:-1]
                out.append(keep(code))
                i = close + len(run)
        elif ch == "<" and (m := _AUTOLINK.match(source, i)):
            out.append(keep(m.group(1)))
            i = m.end()
        elif ch == "<" and (m := _BR.match(source, i)):
            out.append(_HARD_BREAK)
            i = m.end()
        elif ch == "&" and (m := _ENTITY.match(source, i)):
            from html import unescape  # html.entities is large; most blocks have no entity

            out.append(keep(normalize_source(unescape(m.group()))))
            i = m.end()
        elif ch == "[" or (ch == "!" and source.startswith("[", i + 1)):
            link = _parse_link(source, i + (1 if ch == "!" else 0))
            if link is None:
                out.append(keep(ch))
                i += 1
            else:
                label, target, end = link
                text = reduce_inline(label)
                if links is not None and ch == "[" and text and "\x02" not in text:
                    out.append(keep(text))
                    links.append((len(pieces) - 1, target))
                else:
                    out.append(keep(text))
                i = end
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _parse_link(source: str, start: int) -> tuple[str, str, int] | None:
    """``[label](target "title")`` at ``start`` -> (label source, target, end) or None.

    Reference-style links have no target in the block, so they stay literal text.
    """
    depth, i, n = 0, start, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    if i >= n or not source.startswith("(", i + 1):
        return None
    label = source[start + 1:i]
    j = i + 2
    while j < n and source[j] in " \t\n":
        j += 1
    if j < n and source[j] == "<":
        close = source.find(">", j)
        if close == -1 or "\n" in source[j:close]:
            return None
        target, j = source[j + 1:close], close + 1
    else:
        begin, parens = j, 0
        while j < n and source[j] not in " \t\n":
            if source[j] == "\\":
                j += 2
                continue
            if source[j] == "(":
                parens += 1
            elif source[j] == ")":
                if parens == 0:
                    break
                parens -= 1
            j += 1
        target = source[begin:min(j, n)]
    title = re.compile(r"[ \t\n]*(?:\"[^\"]*\"|'[^']*'|\([^()]*\))?[ \t\n]*\)").match(source, j)
    if title is None:
        return None
    target = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", target)
    return label, target, title.end()
