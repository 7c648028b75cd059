"""Inline Markdown reduced to the text a reader sees: the single definition the redline diffs.

Losslessness is promised against this text, so every rule lives here and nowhere else:

- emphasis delimiters (``**x**``, ``*x*``, ``__x__``, ``_x_``) are dropped, their content kept;
- code spans keep their content verbatim;
- backslash escapes give the escaped character; a backslash ending a line is a hard break, a newline;
- entity references (``&amp;``, ``&#x4E2D;``) give their character, as a browser shows them;
- an autolink ``<https://…>`` / ``<a@b.jp>`` gives its address;
- a link ``[label](target)`` gives its label, followed by `` <target>`` when the target says something
  the label does not: a changed link target must show in the redline as a change of text, or a
  reader sees "nothing changed" where the link now goes elsewhere. Targets are not shown for in-page
  anchors (``#scope``: section ids are stable by convention, and the table of contents would
  otherwise show noise) nor when the label already is the address (``[a@b.jp](mailto:a@b.jp)``).
  Images ``![alt](src)`` follow the same rule with their alt text;
- raw HTML is kept as written: the sources contain none, and a redline must show, never execute, it;
- runs of spaces and tabs become one space and lines are stripped, as a browser collapses them;
  line breaks inside a block stay ``\\n`` (rendered as the site renders a soft break);
- NUL and other control characters become U+FFFD, so that the text is always valid HTML text and
  nothing is silently dropped.
"""

from __future__ import annotations

import re

_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@\\]+@[^\s<>@\\]+)>")
_CODE_OPEN = re.compile(r"`+")
# Protected pieces are replaced by \x00<n>\x00 while emphasis is removed; NUL never survives
# normalisation, so a placeholder can never collide with source text.
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
_STRONG = re.compile(r"(\*\*|__)(?=[^\s])(.+?)(?<=[^\s])\1", re.S)
_EM_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.S)
_EM_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![0-9A-Za-z_])", re.S)
_SPECIAL = re.compile(r"[\\`<&\[!*_]")
_PROTECTED_START = re.compile(r"[\\`<&\[!]")
_SPACES = re.compile(r"[ \t]+")
_SPACES_AROUND_NEWLINE = re.compile(r" ?\n ?")


def normalize_source(text: str) -> str:
    """Unify newlines and replace characters no reader can see with U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("\ufffd", text)


def reduce_inline(source: str) -> str:
    """The visible text of one block's inline Markdown (lines already joined with ``\\n``)."""
    if not _SPECIAL.search(source):  # most policy text: nothing to reduce but whitespace
        return collapse_whitespace(source)
    pieces: list[str] = []
    marked = _protect(source, pieces) if _PROTECTED_START.search(source) else source
    if "*" in marked or "_" in marked:
        for _ in range(8):  # nested emphasis: a few rounds reach a fixed point
            reduced = _EM_UNDERSCORE.sub(r"\1", _EM_STAR.sub(r"\1", _STRONG.sub(r"\2", marked)))
            if reduced == marked:
                break
            marked = reduced
    text = _PLACEHOLDER.sub(lambda m: pieces[int(m.group(1))], marked) if pieces else marked
    return collapse_whitespace(text)


def collapse_whitespace(text: str) -> str:
    """Collapse spaces as a browser does, keeping line breaks between lines."""
    if "  " not in text and "\t" not in text and "\n" not in text:
        return text.strip(" ")
    text = _SPACES.sub(" ", text)
    return _SPACES_AROUND_NEWLINE.sub("\n", text).strip(" \n")


def _protect(source: str, pieces: list[str]) -> str:
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
        if ch == "\\" and i + 1 < n and (source[i + 1] in _ESCAPABLE or source[i + 1] == "\n"):
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
                if _shows_target(text, target):
                    text = f"{text} <{target}>" if text else f"<{target}>"
                out.append(keep(text))
                i = end
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _shows_target(label: str, target: str) -> bool:
    if not target or target.startswith("#"):
        return False
    return target != label and target != f"mailto:{label}"


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
