"""Front matter and locales: the little that both the site layer and the redline engine need.

Kept apart from :mod:`policy_site.sources.revision` (the site's file layout and validation) so that the
redline engine and ``policy-redline diff`` never import the site layer, and so that a diff of two
small files does not pay for YAML (imported only when a file has front matter) or for the
validation machinery.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_LOADER: Any = None


class FrontMatterError(ValueError):
    """Malformed front matter, independent of where the text came from."""


def load_front_matter_loader() -> Any:
    """Safe YAML without implicit timestamps: dates stay text so that a bad one gets our message."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class _FrontMatterLoader(yaml.SafeLoader):
            pass

        _FrontMatterLoader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        _LOADER = _FrontMatterLoader
    return _LOADER


def check_yaml_subset(text: str, *, first_line: int = 2) -> None:
    """Front matter is plain YAML: no anchors, aliases or tags.

    Checked on the token stream, before anything is constructed, so that an alias bomb (a few
    lines that expand to gigabytes) is refused in the time it takes to read it.
    """
    import yaml

    try:
        for token in yaml.scan(text):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken)):
                what = {yaml.AnchorToken: "an anchor ('&')", yaml.AliasToken: "an alias ('*')",
                        yaml.TagToken: "a tag ('!')"}[type(token)]
                raise FrontMatterError(f"front matter uses {what} at line {token.start_mark.line + first_line}; "
                                       "write plain values (no anchors, aliases or tags)")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        raise FrontMatterError(f"front matter is not valid YAML{where}; fix the YAML syntax") from exc


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Separate YAML front matter from the Markdown body.

    Text without front matter yields an empty mapping; front matter that is not a YAML
    mapping raises :class:`FrontMatterError` (it is never silently treated as body text,
    which would publish the metadata as policy wording).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---"):
        return {}, text
    meta, body = _split(text)
    return copy.deepcopy(meta), body  # the caller's own mapping: it may change it


@functools.lru_cache(maxsize=256)
def _split(text: str) -> tuple[dict[str, Any], str]:
    """Kept for texts already read in this process: YAML (pure Python) is most of the time of
    reading a revision's front matter, and the build, the review and `mkdocs serve` read the same
    revisions again."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("front matter opened with '---' is never closed; add a closing '---' line")
    check_yaml_subset(match.group(1))
    import yaml

    try:
        meta = yaml.load(match.group(1), Loader=load_front_matter_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise FrontMatterError(f"front matter is not valid YAML{where}; fix the YAML syntax") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a YAML mapping of 'key: value' lines")
    return meta, text[match.end():]
