"""Site settings as a schema: declared once, validated, with messages that say the fix.

They live under ``extra.policy_site`` in ``mkdocs.yml`` (hooks cannot declare plugin options),
and are validated with MkDocs' own ``config_options`` so that errors read like MkDocs errors.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicySiteConfig(base.Config):
    registry = c.Type(str, default="policies.yml")
    """Path of the policy registry, relative to the directory of mkdocs.yml."""
    include_reconstructed = c.Type(bool, default=True)
    """Build reconstructed (not published) older revisions; false for a production build."""
    compare_all_pairs_up_to = c.Type(int, default=30)
    """Up to this many revisions of a policy, every pair gets a comparison page; beyond it only
    neighbouring revisions and each revision against the one in effect (pages grow as n², not n)."""


def load_settings(raw: object, *, config_file_path: str | None = None) -> PolicySiteConfig:
    """Validate ``extra.policy_site``; raise ValueError whose text names the key and the fix."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ValueError("'extra.policy_site' must be a mapping of settings")
    settings = PolicySiteConfig(config_file_path=config_file_path)
    settings.load_dict(dict(raw))
    errors, warnings = settings.validate()
    problems = [f"'extra.policy_site.{key}': {err}" for key, err in errors + warnings]
    if settings.compare_all_pairs_up_to < 2 and not problems:
        problems.append("'extra.policy_site.compare_all_pairs_up_to': must be 2 or more "
                        f"(got {settings.compare_all_pairs_up_to}); remove it for the default, 30")
    if problems:
        raise ValueError("; ".join(problems))
    return settings


def load_build_date(environ: dict[str, str] | None = None) -> date:
    """The date the site is built for: ``SOURCE_DATE_EPOCH`` if set (reproducible), else today (UTC)."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds; unset or fix it")
    return datetime.now(tz=timezone.utc).date()
