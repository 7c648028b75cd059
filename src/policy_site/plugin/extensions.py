"""The site's Markdown comes from the plugin, never from ``mkdocs.yml``.

Policy sources are checked against one closed Markdown, parsed with the extensions of
:data:`policy_site.sources.extensions.SITE_MARKDOWN_EXTENSIONS`; the pages must be rendered with
exactly those. The plugin therefore sets ``markdown_extensions`` itself (at the start of its
``on_config``) and checks at the end of every plugin's ``on_config`` that nothing changed them.

Setting them rather than comparing a configured list with the required one: options such as
toc's ``slugify`` are Python objects, which cannot be compared for equality (two slugify
functions are two objects), and a pull request that configures extensions could otherwise pass
a comparison with an object that behaves differently. A ``markdown_extensions`` key in
``mkdocs.yml`` would be ignored, so it is refused with one line instead of silently dropped.
"""

from __future__ import annotations

from typing import Any

from policy_site.sources.extensions import load_markdown_extensions

# MkDocs adds these to every configuration (mkdocs.config.defaults: markdown_extensions' builtins).
_MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
# Options other plugins may set: static-i18n translates the title of the heading permalinks.
_PRESENTATION = {"toc": frozenset(("permalink_title",))}
_REFUSED = ("Reading settings in 'mkdocs.yml': 'markdown_extensions' are set by the policy-site plugin "
            "(the Markdown the policy sources are checked against, policy_site/sources/extensions.py); "
            "remove the key")


class MarkdownExtensions:
    """The extension list one plugin instance gave MkDocs, to recognise it in each locale's build."""

    def __init__(self) -> None:
        self.names: list[str] | None = None
        self.options: dict[str, dict[str, Any]] | None = None

    def apply(self, config: Any) -> None:
        """Set the site's extensions; ValueError (one line) if ``mkdocs.yml`` configured any."""
        names, options = list(config.markdown_extensions), config.mdx_configs or {}
        if not self._is_ours(names, options):
            if options or any(not isinstance(name, str) or name not in _MKDOCS_BUILTINS for name in names):
                raise ValueError(_REFUSED)
            self.names, self.options = load_markdown_extensions()
        config.markdown_extensions = list(self.names)
        config.mdx_configs = {name: {**{key: value for key, value in options.get(name, {}).items()
                                        if key in _PRESENTATION.get(name, ())}, **value}
                              for name, value in self.options.items()}

    def check(self, config: Any) -> None:
        """After every plugin's (and hook's) ``on_config``: the extensions are still the site's."""
        if not self._is_ours(list(config.markdown_extensions), config.mdx_configs or {}):
            raise ValueError("Reading settings in 'mkdocs.yml': a plugin or hook changed 'markdown_extensions'; "
                             "the pages must render with the Markdown the policy sources are checked against: "
                             "remove that change")

    def _is_ours(self, names: list, options: dict) -> bool:
        if self.names is None or names != self.names or set(options) != set(self.options):
            return False
        return all(options[name].keys() - _PRESENTATION.get(name, frozenset()) == self.options[name].keys()
                   and all(options[name][key] is value or options[name][key] == value
                           for key, value in self.options[name].items()) for name in options)
