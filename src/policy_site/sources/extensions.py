"""The one list of Python-Markdown extensions the site renders with.

A policy body is checked (:mod:`policy_site.sources.body`) by parsing it with exactly the Markdown
that renders its page, so the list lives here, below both: the plugin hands it to MkDocs for every
page (``markdown_extensions`` is not a setting of ``mkdocs.yml``), and the body check builds its
parser from it. An extension added here is refused in policy sources until
:mod:`policy_site.sources.constructs` says which of its constructs the redline models.

The site's own pages need all of them: admonitions and ``md_in_html`` for notices and the frame
of the policy text, ``pymdownx.details`` for the reconstruction's basis, attribute lists and
``toc`` (permalinks, readable Unicode ids) for headings, tables for the texts that have them.
"""

from __future__ import annotations

from typing import Any

# (name, options); options whose values are objects are made by load_markdown_extensions.
SITE_MARKDOWN_EXTENSIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("toc", {"permalink": True}),
    ("tables", {}),
    ("admonition", {}),
    ("attr_list", {}),
    ("md_in_html", {}),
    ("pymdownx.details", {}),
    ("pymdownx.superfences", {}),
    ("pymdownx.tabbed", {"alternate_style": True}),
)


def load_markdown_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """``(names, options by name)`` as ``markdown.Markdown(extensions=…, extension_configs=…)`` and
    MkDocs' ``markdown_extensions`` / ``mdx_configs`` take them; new objects on every call."""
    from pymdownx.slugs import slugify  # only when Markdown is about to be built

    names = [name for name, _ in SITE_MARKDOWN_EXTENSIONS]
    options = {name: dict(config) for name, config in SITE_MARKDOWN_EXTENSIONS if config}
    # Japanese and Chinese headings get readable ids (プライバシーポリシー, not _1).
    options["toc"]["slugify"] = slugify(case="lower")
    return names, options
