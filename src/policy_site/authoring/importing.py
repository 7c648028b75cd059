"""Importing a policy's dated versions from an archive as the site's revisions.

A company that starts a site usually has its policy's history already, as one Markdown file per
version (Open Terms Archive's versions repositories, a CMS export). ``policy-site import`` writes each
as ``docs/<locale>/<policy>/<date>.md`` with the front matter of a published text and registers the
policy, converting only the markup the site refuses (:mod:`policy_site.authoring.conversions`). It is
all or nothing: every file is converted and checked with the build's own check before one is
written, so a refused file leaves the site as it was; importing the same files again changes nothing.

Only an authoritative locale takes imported texts: a translation locale's file is tied to one file
of the locale it translates (its ``source_sha256``, block for block), which an archived text was not
made from; ``policy-site new-revision`` and ``sync-translations`` make those.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from policy_site.authoring.conversions import Change, ConversionRefused, convert_body
from policy_site.plugin.project import Project
from policy_site.sources.registry import load_registry_text
from policy_site.sources.revision import SourceError, check_revision, revision_path

_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.md$")
_ENTRY = re.compile(r"^(?P<indent>\s*)-\s+id:\s*(?P<id>[^\s#]+)\s*$")


class ImportRefused(ValueError):
    """The import is refused; ``str()`` is one line: what, which file, why, and the fix."""


@dataclass(frozen=True)
class ImportedFile:
    """One input file as it becomes a revision."""

    name: str  # the input file as given (for messages)
    path: str  # the revision's path, relative to docs/
    text: str  # the whole revision file
    changes: tuple[Change, ...]
    unchanged: bool  # the revision exists with exactly this text


@dataclass(frozen=True)
class ImportPlan:
    files: tuple[ImportedFile, ...]
    registry: Path
    registry_text: str | None  # the new registry, or None where it stays as it is
    registry_note: str = ""
    docs_dir: Path = field(default=Path("docs"))

    @property
    def is_noop(self) -> bool:
        return self.registry_text is None and all(f.unchanged for f in self.files)


def load_dated_inputs(files: list[Path], effective: date | None) -> list[tuple[Path, date]]:
    """Each input with its date: from its name ``YYYY-MM-DD.md``, or ``effective`` for one file."""
    if effective is not None:
        if len(files) != 1:
            raise ImportRefused(f"--date gives the date of one file, and {len(files)} were given; "
                               "name each file YYYY-MM-DD.md and leave out --date")
        return [(files[0], effective)]
    dated: list[tuple[Path, date]] = []
    for path in files:
        match = _DATED_NAME.match(path.name)
        try:
            dated.append((path, date.fromisoformat(match.group(1)) if match else None))
        except ValueError:
            match = None
        if match is None:
            raise ImportRefused(f"Importing '{path}': the name is not a date; name the file YYYY-MM-DD.md "
                               "(the date the version took effect), or give one file with --date")
    seen: dict[date, Path] = {}
    for path, day in dated:
        if day in seen:
            raise ImportRefused(f"Importing '{path}': {seen[day]} has the same date {day.isoformat()}; "
                               "a policy has one revision a day: give one of them")
        seen[day] = path
    return sorted(dated, key=lambda pair: pair[1])


def render_revision(body: str, effective: date, *, captured: date | None, source: str | None) -> str:
    """A published revision's file: the front matter the build requires, then the body as converted."""
    head = [f"effective: {effective.isoformat()}", "provenance: published"]
    if captured is not None:
        head.append(f"captured: {captured.isoformat()}")
    if source:
        head.append(f"source: {json.dumps(source, ensure_ascii=False)}")
    return "---\n" + "\n".join(head) + "\n---\n" + body


def check_authoritative(project: Project, locale: str, policy) -> None:
    """Imported texts are the company's own wording: only an authoritative locale takes them."""
    source = project.locales.source_of(locale, policy)
    if source is not None:
        raise ImportRefused(f"'{locale}' translates '{source}' on this site, so its texts are made from the {source} "
                           f"files, not imported: import the {source} versions, then run policy-site new-revision "
                           f"and sync-translations (or make '{locale}' authoritative in the plugin's 'translations:')")


def plan_import(project: Project, policy: str, locale: str, inputs: list[tuple[Path, date]], *,
                title: str | None, captured: date | None, source: str | None,
                build_date: date) -> ImportPlan:
    """Everything the import would write, converted and checked; nothing is written."""
    if locale not in project.locales:
        raise ImportRefused(f"--locale '{locale}' is not a locale of this site ({', '.join(project.locales)}, "
                            "the i18n languages in mkdocs.yml); add it there or choose one of them")
    registry_text = project.registry.read_text(encoding="utf-8") if project.registry.is_file() else ""
    entries = _registry_entries(registry_text, project.registry.name)
    entry = next((e for e in entries if e.get("id") == policy), None)
    known = _load_policies(registry_text, project) if entry is not None else {}
    check_authoritative(project, locale, known.get(policy))  # before the title: a translation takes none
    new_registry, note = render_registry(registry_text, entry, policy, locale, title, project)
    policies = _load_policies(new_registry or registry_text, project)
    files = []
    for path, effective in inputs:
        rel = revision_path(locale, policy, effective)
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except OSError as exc:
            raise ImportRefused(f"Importing '{path}': cannot be read ({exc.strerror}); check the file") from None
        except UnicodeDecodeError:
            raise ImportRefused(f"Importing '{path}': is not UTF-8 text; save it as UTF-8") from None
        try:
            body, changes = convert_body(text)
        except ConversionRefused as exc:
            raise ImportRefused(f"Importing '{path}': line {exc.line}: {exc.cause}") from None
        revision = render_revision(body, effective, captured=captured, source=source)
        try:
            check_revision(rel, revision.encode("utf-8"), policy_ids=set(policies), build_date=build_date,
                           locales=project.locales, policies=policies)
        except SourceError as exc:
            raise ImportRefused(f"Importing '{path}' as {exc}") from None
        target = project.docs_dir / rel
        unchanged = False
        if target.exists():
            if target.is_file() and target.read_bytes() == revision.encode("utf-8"):
                unchanged = True
            else:
                raise ImportRefused(f"Importing '{path}': 'docs/{rel}' exists with other text; it is a revision of the "
                                   "site already: leave this file out, or remove that revision first if it is wrong")
        files.append(ImportedFile(str(path), rel, revision, tuple(changes), unchanged))
    return ImportPlan(tuple(files), project.registry, new_registry, note, project.docs_dir)


def write_import(plan: ImportPlan) -> None:
    """Write what :func:`plan_import` planned (it checked everything first)."""
    for imported in plan.files:
        if not imported.unchanged:
            target = plan.docs_dir / imported.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(imported.text, encoding="utf-8", newline="\n")
    if plan.registry_text is not None:
        plan.registry.write_text(plan.registry_text, encoding="utf-8", newline="\n")


# The registry --------------------------------------------------------------------------------

def _load_policies(text: str, project: Project) -> dict:
    """The registry's policies by id, checked as the build checks them (with the site's locales)."""
    return {p.id: p for p in load_registry_text(text.encode("utf-8"), project.registry.name, project.locales)}


def _registry_entries(text: str, name: str) -> list[dict]:
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise ImportRefused(f"Reading policy registry '{name}': is not valid YAML ({exc.__class__.__name__}); "
                           "fix its syntax") from None
    entries = data.get("policies") if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def render_registry(text: str, entry: dict | None, policy: str, locale: str, title: str | None,
                    project: Project) -> tuple[str | None, str]:
    """The registry with ``policy`` present in ``locale`` (None: it is already), and what changed.

    The file is edited as text, so that its comments and order stay: a new policy is appended as
    ``- id`` with ``title: {<locale>: …}`` and ``locales: [<locale>]`` (it exists in that locale only
    until more are imported or translated); a known one gets the locale and its title added."""
    name = project.registry.name
    quoted = json.dumps(title, ensure_ascii=False) if title is not None else None
    if entry is None:
        if title is None:
            raise ImportRefused(f"'{policy}' is a new policy; give its {locale} title with --title "
                               f"(it is shown in the navigation, the home page and the feeds)")
        block = f"  - id: {policy}\n    title: {{{locale}: {quoted}}}\n    locales: [{locale}]\n"
        if re.search(r"^policies:\s*\[\s*\]\s*$", text, re.M):
            return re.sub(r"^policies:\s*\[\s*\]\s*$", "policies:\n" + block.rstrip("\n"), text, count=1, flags=re.M), \
                f"registered {policy} in {name} with the {locale} title {quoted}"
        if not re.search(r"^policies:\s*$", text, re.M):
            text = (text.rstrip("\n") + "\n" if text.strip() else "") + "policies:\n"
        return text.rstrip("\n") + "\n" + block, f"registered {policy} in {name} with the {locale} title {quoted}"
    titles = entry.get("title") if isinstance(entry.get("title"), dict) else {}
    own = entry.get("locales")
    has_title = bool(titles.get(locale))
    listed = own is None or locale in own
    if has_title and title is not None and str(titles[locale]) != title:
        raise ImportRefused(f"Reading policy registry '{name}': '{policy}' has the {locale} title "
                           f"{json.dumps(str(titles[locale]), ensure_ascii=False)}, not {quoted}; leave out --title, "
                           f"or change the title in {name}")
    if has_title and listed:
        return None, ""
    if not has_title and title is None:
        raise ImportRefused(f"'{policy}' has no {locale} title in {name}; give it with --title")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if (m := _ENTRY.match(line)) and m.group("id") == policy)
    indent = len(_ENTRY.match(lines[start]).group("indent"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith(" " * (indent + 1))
                and not lines[i].lstrip().startswith("#")), len(lines))
    for key, add in (("title", None if has_title else f"{locale}: {quoted}"),
                     ("locales", None if listed else locale)):
        if add is None:
            continue
        row = next((i for i in range(start, end) if re.match(rf"^\s*(?:-\s+)?{key}:\s*[\[{{]", lines[i])), None)
        if row is None or not re.search(r"[\]}]\s*(#.*)?$", lines[row]):
            raise ImportRefused(f"Reading policy registry '{name}': the '{key}' of '{policy}' is not written on one "
                               f"line as [...] or {{...}}; add {add!s} to it in {name} and import again")
        lines[row] = re.sub(r"\s*([\]}])(\s*(?:#.*)?)$", lambda m: (", " if not re.search(r"[\[{]\s*$", lines[row][:m.start()])
                                                                   else "") + add + m.group(1) + m.group(2),
                            lines[row], count=1)
    added = " and ".join(part for part, wanted in ((f"the {locale} title {quoted}", not has_title),
                                                   (f"the locale {locale}", not listed)) if wanted)
    return "\n".join(lines), f"added {added} to {policy} in {name}"
