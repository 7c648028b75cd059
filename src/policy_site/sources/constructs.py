"""The closed Markdown of a policy source: which constructs of the site's Markdown it may use.

A source may use exactly what the redline engine models the way the page renders it (README,
"Errors"): ATX and setext headings of any level but 5 (ending with ``{#id}`` at most), paragraphs, ``-``/``*``/``+``
and ``1.`` lists, pipe tables, block quotes of paragraphs, thematic breaks, links ``[text](target)``
and autolinks, emphasis, backslash escapes, character references, hard breaks (``<br>``, two spaces
at the end of a line). Everything else that Python-Markdown with the site's extensions
(:mod:`policy_site.sources.extensions`) would render is refused.

The decision is made by the parser itself, not by patterns over the text: every processor the
site's Markdown registers is either known to make one of the constructs above (by its class, so an
extension that registers another processor under a known name is still caught) or reports the
construct it made when it fires. A new extension's processors are refused until they are listed
here. What a processor cannot report (the children of a quote, a table of contents marker) is
checked on the element tree, before the table of contents is built.

The element tree is checked by :mod:`policy_site.sources.elements`. Each refusal carries a *needle*, a piece of the source to find its line by; the decision never
depends on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple
from xml.etree.ElementTree import Element

from markdown import Markdown, blockprocessors as bp, inlinepatterns as ip, postprocessors as pp
from markdown import preprocessors as pre, treeprocessors as tp
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.extensions.md_in_html import HtmlBlockPreprocessor, MarkdownInHTMLPostprocessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import TocTreeprocessor

from policy_site.sources.elements import HEADINGS, NAMES, ElementCheck, first_line, shown


class Refusal(NamedTuple):
    needle: str  # text of the source that shows where it is (its first line is searched)
    cause: str  # what it is and the fix, for the one-line message
    rank: int = 0  # on one line, a processor's report (what the author wrote) before the tree's (what it made)


_NOT_TEXT = "a reader must see the text without opening anything; write it as paragraphs"

# Processors the closed Markdown allows, by exact class (a subclass may render differently).
_ALLOWED_BLOCKS = (bp.EmptyBlockProcessor, bp.ListIndentProcessor, TableProcessor, bp.HashHeaderProcessor,
                   bp.SetextHeaderProcessor, bp.HRProcessor, bp.OListProcessor, bp.UListProcessor,
                   bp.BlockQuoteProcessor, bp.ParagraphProcessor)
_ALLOWED_INLINE = (ip.EscapeInlineProcessor, ip.LinkInlineProcessor, ip.AutolinkInlineProcessor,
                   ip.AutomailInlineProcessor, ip.SubstituteTagInlineProcessor, ip.DelimiterProcessor,
                   # raw HTML and character references: the stash is checked (policy_site.sources.body)
                   ip.HtmlInlineProcessor)
# Preprocessors that may run; any other that changes a line made a construct (a fenced block).
_ALLOWED_PRE = (pre.NormalizeWhitespace, HtmlBlockPreprocessor)
# Tree and post processors cannot say whether they changed anything: these are known to change
# nothing in a source of the closed Markdown (the element tree is checked before them).
_KNOWN_TREE = (tp.InlineProcessor, tp.PrettifyTreeprocessor, AttrListTreeprocessor, TocTreeprocessor,
               tp.UnescapeTreeprocessor)
_KNOWN_TREENAMES = ("pymdownx.tabbed.TabbedTreeprocessor",)
_KNOWN_POST = (pp.RawHtmlPostprocessor, MarkdownInHTMLPostprocessor, pp.AndSubstitutePostprocessor)

# What a refused processor made, by class name (the class's own module need not be imported).
_REFUSED_BLOCKS = {
    "CodeBlockProcessor": "an indented code block (a paragraph indented by 4 spaces or more) is not allowed; "
                          "remove the indentation (a list item's next line is indented by 2 spaces)",
    "SuperFencesCodeBlockProcessor": "an indented code block (a paragraph indented by 4 spaces or more) is not "
                                     "allowed; remove the indentation (a list item's next line is indented by 2 spaces)",
    "ReferenceProcessor": "a reference-link definition ('[label]: target') is not allowed (the line is not shown, "
                          "and it can swallow a paragraph); write the link inline: [text](target)",
    "AdmonitionProcessor": f"an admonition ('!!!') is not allowed; {_NOT_TEXT}",
    "DetailsProcessor": f"a collapsible block ('???') is not allowed; {_NOT_TEXT}",
    "TabbedProcessor": f"a tabbed block ('===') is not allowed; {_NOT_TEXT}",
    "MarkdownInHtmlProcessor": "raw HTML with markdown=\"1\" is not allowed in a policy source; write the text "
                               "without markup (only <br> is allowed)",
}
_REFUSED_INLINE = {
    "BacktickInlineProcessor": "a code span ('`…`') is not allowed; write the text without backticks "
                               "(a backtick of the wording is written \\`)",
    "ReferenceInlineProcessor": "a reference link ('[text][label]') is not allowed; write the link inline: "
                                "[text](target)",
    "ShortReferenceInlineProcessor": "a reference link ('[label]') is not allowed; write the link inline: "
                                     "[text](target)",
}
_IMAGE = ("images are not allowed in a policy source (they would load a file the review does not show); "
          "describe it in text")
_FENCE = "a fenced code block ('```' or '~~~') is not allowed, nor the text of its options; write the text as paragraphs"
_UNKNOWN = "Markdown the redline does not model ({name}) is not allowed; write it as plain Markdown (README, 'Errors')"

class ConstructGuard:
    """Installed on one :class:`markdown.Markdown` of the site's extensions: records a
    :class:`Refusal` for every construct outside the closed Markdown while it converts."""

    def __init__(self, md: Markdown) -> None:
        self.md = md
        self.refusals: list[Refusal] = []
        self.reported: set[int] = set()  # elements whose attribute list was refused (the tree check skips them)
        for proc in md.preprocessors:
            if type(proc) not in _ALLOWED_PRE:
                _wrap(proc, "run", self._preprocessor(proc))
        blocks = md.parser.blockprocessors
        for proc in blocks:
            if type(proc) in _ALLOWED_BLOCKS:
                check = {bp.OListProcessor: self._check_list, bp.UListProcessor: self._check_list,
                         bp.ParagraphProcessor: self._check_paragraph,
                         bp.BlockQuoteProcessor: self._check_quote,
                         bp.SetextHeaderProcessor: self._check_setext}.get(type(proc))
                if check is not None:
                    _wrap(proc, "run", _before(check, proc))
            else:
                cause = _REFUSED_BLOCKS.get(type(proc).__name__, _UNKNOWN.format(name=type(proc).__name__))
                _wrap(proc, "run", self._block_refusal(proc, cause))
        for proc in md.inlinePatterns:
            if type(proc) not in _ALLOWED_INLINE:
                name = type(proc).__name__
                cause = _IMAGE if "Image" in name else _REFUSED_INLINE.get(name, _UNKNOWN.format(name=name))
                _wrap(proc, "handleMatch", self._inline_refusal(proc, cause))
        for registry, known in ((md.treeprocessors, _KNOWN_TREE), (md.postprocessors, _KNOWN_POST)):
            for proc in registry:
                name = f"{type(proc).__module__}.{type(proc).__qualname__}"
                if type(proc) not in known and name not in _KNOWN_TREENAMES:
                    self.refusals.append(Refusal("", _UNKNOWN.format(name=name) + "; report this as a bug "
                                                 "of the site generator"))
        for proc in md.treeprocessors:
            if type(proc) is AttrListTreeprocessor:
                _wrap(proc, "assign_attrs", self._attributes(proc))
        # The element tree as inline processing and attribute lists left it, before the table of
        # contents adds its own ids and permalinks.
        md.treeprocessors.register(ElementCheck(md, self), "policy_site_elements", 6)
        self._interrupting = [p for p in blocks if type(p) in (bp.OListProcessor, bp.UListProcessor, TableProcessor)]
        self._underlined = [p for p in blocks if type(p) in (bp.OListProcessor, bp.UListProcessor, bp.BlockQuoteProcessor)]

    def refuse(self, needle: str, cause: str, rank: int = 0) -> None:
        self.refusals.append(Refusal(needle, cause, rank))

    # Processors that report what they made --------------------------------------------------

    def _preprocessor(self, proc: Any) -> Callable:
        run = proc.run

        def guarded(lines: list[str]) -> list[str]:
            before = list(lines)  # a preprocessor may change the list it is given
            result = run(lines)
            if result != before:
                changed = next((a for a, b in zip(before, result) if a != b),
                               before[len(result)] if len(before) > len(result) else "")
                self.refuse(changed, _FENCE if "Fence" in type(proc).__name__ else
                            _UNKNOWN.format(name=type(proc).__name__))
            return result
        return guarded

    def _block_refusal(self, proc: Any, cause: str) -> Callable:
        run = proc.run

        def guarded(parent: Element, blocks: list[str]) -> Any:
            block = blocks[0] if blocks else ""
            result = run(parent, blocks)
            if result is not False:
                self.refuse(first_line(block), cause)
            return result
        return guarded

    def _inline_refusal(self, proc: Any, cause: str) -> Callable:
        handle = proc.handleMatch

        def guarded(m: re.Match, *data: Any) -> Any:
            result = handle(m, *data)
            made = result[0] if isinstance(result, tuple) else result
            if made is not None:
                self.refuse(m.group(0), cause)
            return result
        return guarded

    def _attributes(self, proc: AttrListTreeprocessor) -> Callable:
        assign = proc.assign_attrs

        def guarded(elem: Element, attrs_string: str, *, strict: bool = False) -> str:
            attrs, remainder = get_attrs_and_remainder(attrs_string)
            applies = not (strict and remainder)
            if applies and not (elem.tag in HEADINGS and len(attrs) == 1 and attrs[0][0] == "id"
                                and attrs_string.strip().startswith("#")):
                where = "after a heading" if elem.tag in HEADINGS else f"on a {NAMES.get(elem.tag, elem.tag)}"
                self.reported.add(id(elem))
                self.refuse(attrs_string.split("\n")[0], f"the attribute list '{{{shown(attrs_string)}}}' is "
                            f"not allowed {where}; a heading may end with {{#id}}, nothing else has attributes")
            return assign(elem, attrs_string, strict=strict)
        return guarded

    # Allowed processors whose input must keep to what the engine reads the same way ------------

    def _check_list(self, proc: bp.OListProcessor, parent: Element, blocks: list[str]) -> None:
        block = blocks[0]
        ordered = proc.TAG == "ol"
        sibling = proc.lastChild(parent)
        continues = sibling is not None and sibling.tag in proc.SIBLING_TAGS
        if continues and sibling.tag != proc.TAG:
            self.refuse(first_line(block), "a list item of another kind (numbered or bulleted) right after a list "
                        "continues that list on the page; use one kind of marker, or put a paragraph between the lists")
        first = True
        for line in block.split("\n"):
            m = proc.CHILD_RE.match(line)
            if m is None:
                continue
            if (m.group(2) is not None) != ordered:
                self.refuse(line, "numbered and bulleted items in one list are shown as one kind; "
                            "use one kind of marker, or put a paragraph between the lists")
            if line[:1] == " " and not proc.INDENT_RE.match(line):
                self.refuse(line, "a list item indented by 1 to 3 spaces is not nested on the page; indent a "
                            "nested list by 4 spaces, or not at all")
            if first and ordered and not continues and parent.tag not in ("ol", "ul") and m.group(2) != "1.":
                self.refuse(line, f"a numbered list starting at {m.group(2)[:-1]} is shown numbered from 1; start "
                            "it at '1.', or keep the number as text in a '- ' list")
            first = False

    def _check_paragraph(self, proc: bp.ParagraphProcessor, parent: Element, blocks: list[str]) -> None:
        """The engine starts a list or a table on any line; Python-Markdown only after a blank line."""
        lines = blocks[0].split("\n")
        for k in range(1, len(lines)):
            if any(type(p) is not TableProcessor and p.test(parent, lines[k]) for p in self._interrupting):
                self.refuse(lines[k], "a list item right after a paragraph line is shown as text of the paragraph; "
                            "put a blank line before the list")
                return
            if any(type(p) is TableProcessor and p.test(parent, "\n".join(lines[k:])) for p in self._interrupting):
                self.refuse(lines[k], "a table right after a paragraph line is shown as text of the paragraph; "
                            "put a blank line before the table")
                return

    def _check_setext(self, proc: bp.SetextHeaderProcessor, parent: Element, blocks: list[str]) -> None:
        """A line under a list item or quote line makes a heading of it (the engine sees a list or quote)."""
        line = blocks[0].split("\n", 1)[0]
        if proc.RE.match(blocks[0]) and any(p.test(parent, line) for p in self._underlined):
            self.refuse(line, "a '===' or '---' line right under a list item or quote makes a heading of it on the "
                        "page; put a blank line between them")

    def _check_quote(self, proc: bp.BlockQuoteProcessor, parent: Element, blocks: list[str]) -> None:
        m = proc.RE.search(blocks[0])
        if m is None:
            return
        for line in blocks[0][m.start():].lstrip("\n").split("\n"):
            if not proc.RE.match(line):
                self.refuse(line, "a line without '>' continues the quote above on the page; start every line "
                            "of a quote with '>', or put a blank line after the quote")
                return


def _wrap(proc: Any, method: str, replacement: Callable) -> None:
    setattr(proc, method, replacement)


def _before(check: Callable, proc: Any) -> Callable:
    run = proc.run

    def guarded(parent: Element, blocks: list[str]) -> Any:
        if blocks:
            check(proc, parent, blocks)
        return run(parent, blocks)
    return guarded
