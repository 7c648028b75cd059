"""The theme's templates compiled once, not once per locale.

static-i18n builds the site once per locale and MkDocs gives each of those builds a new Jinja
environment, which compiles Material's templates again: a fifth of a build of the real site, twice
over for two more locales (and again for every ``mkdocs serve`` rebuild); Material's search plugin
makes one more to read its language settings. The plugin gives every environment of the theme one
in-memory bytecode cache, kept on the plugin instance (:meth:`CompiledTemplates.share_with`). Jinja reuses compiled code
only for the same template name, file and source text (``bucket.checksum``: an edited template is
compiled again); the entries are kept apart for environments that compile differently
(extensions, syntax, autoescape), so the pages are those a fresh compile renders.
"""

from __future__ import annotations

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates by name, file, source text and the environment's compile settings."""

    def __init__(self) -> None:
        self.code: dict[tuple, bytes] = {}

    def install(self, env: jinja2.Environment) -> jinja2.Environment:
        env.bytecode_cache = self
        return env

    def share_with(self, theme) -> None:
        """Every environment ``theme.get_env()`` makes from now on (MkDocs' build of each locale,
        Material's search settings) uses this cache."""
        if getattr(theme.get_env, "compiled_templates", None) is self:
            return
        make_env = type(theme).get_env

        def get_env() -> jinja2.Environment:
            return self.install(make_env(theme))

        get_env.compiled_templates = self
        theme.get_env = get_env

    @staticmethod
    def _key(bucket: jinja2.bccache.Bucket) -> tuple:
        env = bucket.environment
        return (bucket.key, bucket.checksum, tuple(sorted(env.extensions)), env.autoescape, env.optimized,
                env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                env.keep_trailing_newline, getattr(env, "newstyle_gettext", None))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[self._key(bucket)] = bucket.bytecode_to_string()
