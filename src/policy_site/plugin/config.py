"""Site settings as a schema: declared once, validated, with messages that say the fix."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from policy_site.sources.dates import DEFAULT_TIME_ZONE, load_time_zone


class TimeZone(c.Type):
    """An IANA time zone name, checked against the time zone database at load time."""

    def __init__(self, **kwargs) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            load_time_zone(name)
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from exc
        return name


class PolicySiteConfig(base.Config):
    registry = c.Type(str, default="policies.yml")
    """Path of the policy registry, relative to the directory of mkdocs.yml."""
    include_reconstructed = c.Type(bool, default=True)
    """Build reconstructed (not published) older revisions, as the Publish workflow does; false for a
    build of published (and archived) wording only."""
    compare_all_pairs_up_to = c.Type(int, default=30)
    """Up to this many revisions of a policy, every pair gets a comparison page; beyond it only
    neighbouring revisions and each revision against the one in effect (pages grow as n², not n)."""
    time_zone = TimeZone(default=DEFAULT_TIME_ZONE)
    """Where the policies apply: a revision takes effect at midnight of its date in this zone."""


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


def load_site_time_zone(root: Path) -> str:
    """The ``time_zone`` setting of the project at ``root`` (its own mkdocs.yml), for commands that
    run outside MkDocs and must agree with the build on what date it is."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    return load_settings(config.extra.get("policy_site"), config_file_path=config.config_file_path).time_zone
