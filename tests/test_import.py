"""`policy-site import`: archived dated versions of a policy become its published revisions, converted
word for word into the closed Markdown, all or nothing, and a second import changes nothing.

The real files are under tests/importing/archive (versions recorded by Open Terms Archive, see its
README); the sites are small fixture sites in temporary folders that declare their own locales."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from conftest import build_site, make_project
from policy_site.authoring.scaffold import SiteSpec, render_site, write_site
from policy_site.authoring.conversions import ConversionRefused, convert_body
from policy_site.cli.site import main
from policy_site.common.frontmatter import split_front_matter
from policy_site.sources.body import check_body
from policy_site.sources.extensions import load_markdown_extensions

ARCHIVE = Path(__file__).parent / "importing" / "archive"
REAL_FILES = sorted(ARCHIVE.glob("*/*.md"))


def words_shown(body: str) -> list[str]:
    """The words a reader sees on the page the Markdown makes, in order: the rendered text (with the
    site's own Markdown, format characters such as U+200B left out: they show nothing), each numbered list item preceded by its number as the source writes it
    (``lazy_ol`` off: a list written from 2 is numbered from 2, as the archived page was; the site's
    own rendering numbers it from 1, which is why the body check refuses it). Independent of the
    conversions: it reads what the page shows, not how the source is written."""
    names, options = load_markdown_extensions()
    md = markdown.Markdown(extensions=names, extension_configs=options)
    md.parser.blockprocessors["olist"].LAZY_OL = False
    tree = lxml_html.fragment_fromstring(md.convert(body), create_parent="div")
    for link in tree.iter("a"):
        if link.get("class") == "headerlink":  # the toc's permalink sign, not text of the source
            link.drop_tree()
    for ol in tree.iter("ol"):
        for number, item in enumerate((li for li in ol if li.tag == "li"), start=int(ol.get("start", "1"))):
            item.text = f"{number}. {item.text or ''}"
    shown = "".join(ch for ch in tree.text_content() if unicodedata.category(ch) != "Cf")  # invisible: not seen
    return re.findall(r"\w+", shown)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_real_archived_file_is_converted_into_the_closed_markdown_without_changing_a_word(path):
    original = path.read_text(encoding="utf-8")
    converted, changes = convert_body(original)
    check_body(converted)  # the body check of the build: nothing left that the site refuses
    assert words_shown(converted) == words_shown(original)
    assert len(words_shown(converted)) > 200
    for change in changes:  # each change names a line of the input file that exists
        assert 1 <= change.line <= original.count("\n") + 1, change


def test_the_real_files_need_conversions_and_each_is_listed_once_per_line():
    kinds = {}
    for path in REAL_FILES:
        _, changes = convert_body(path.read_text(encoding="utf-8"))
        for change in changes:
            kinds.setdefault(change.what.split(":")[0].split(" (")[0], []).append((path.parent.name, change.line))
    assert set(kinds) >= {"removed link titles that repeat the link's text or target",
                          "numbered item 2. of a list not starting at 1"}, kinds


@pytest.mark.parametrize("before,after,line,what", [
    ("# T\r\n\r\nText.\r\n", "# T\n\nText.\n", 1, "line ending CRLF or CR written as LF"),
    ("# T\n\nPri\u200bvacy\ufeff.", "# T\n\nPrivacy.", 3, "removed invisible characters (zero-width space U+200B, "
                                                        "byte order mark U+FEFF)"),
    ("Text.\n\n<!-- [if !supportLists] -->\n\nMore.", "Text.\n\n\n\nMore.", 3,
     "removed the HTML comment '<!-- [if !supportLists] -->' (not shown on a page)"),
    ("# T\n\n##### Cookies\n\nText.", "# T\n\n###### Cookies\n\nText.", 3, "heading of level 5 written as level 6"),
    ("[Terms](https://example.com/terms \"Terms\")", "[Terms](https://example.com/terms)", 1,
     "removed link titles that repeat the link's text or target: \"Terms\""),
    ("[here](https://www.example.com/a/ \"example.com/a\")", "[here](https://www.example.com/a/)", 1,
     "removed link titles that repeat the link's text or target: \"example.com/a\""),
    ("## Scope {#scope}\n\nSee [scope](#scope) and [rights](#x-rights).",
     "## Scope {#scope}\n\nSee [scope](#scope) and rights.", 3, "link to a place not on the page made text: '#x-rights'"),
    ("Areas:\n* Data", "Areas:\n\n* Data", 2,
     "blank line put before the list, which the page would show as text of the paragraph"),
    ("Intro.\n\n2. LICENSE\n3. TERM\n\n   Text of 3.\n\nAfter.",
     "Intro.\n\n- 2\\. LICENSE\n- 3\\. TERM\n\n   Text of 3.\n\nAfter.", 3,
     "numbered item 2. of a list not starting at 1: the number kept as text in a '- ' list"),
    ("* 1. One\n* 2. Two", "* 1\\. One\n* 2\\. Two", 1, "number 1. at the start of a bulleted item kept as text"),
    ("Use `rm -rf *` never.", "Use rm -rf \\* never.", 1, "code span '`rm -rf *`' written as text (backticks removed)"),
    ("Text.\n\n    Indented text.", "Text.\n\nIndented text.", 3,
     "indentation of 4 spaces or more removed (not a code block)"),
    ("Call [+1 (310) 362-3927](tel:+13103623927).", "Call +1 (310) 362-3927.", 1,
     "telephone link made text (its text is the number)"),
], ids=["crlf", "invisible", "comment", "heading 5", "title = text", "title = target", "missing anchor",
        "list after paragraph", "numbered from 2", "numbers in bullets", "code span", "indented paragraph", "phone link"])
def test_each_conversion_changes_only_markup_and_names_the_input_line(before, after, line, what):
    converted, changes = convert_body(before)
    assert converted == after
    assert (changes[0].line, changes[0].what) == (line, what)
    check_body(converted)
    assert words_shown(converted) == words_shown(before)


@pytest.mark.parametrize("before,line,cause", [
    ("# T\n\n![Logo](https://example.com/logo.png)", 3, "images are not allowed in a policy source"),
    ("[Terms](https://example.com/terms \"Read our terms first\")", 1, "the link title \"Read our terms first\" is "
                                                                       "not allowed"),
    ("# T\n\n###### Six\n\n##### Five", 5, "a heading of level 5 ('#####') is not allowed"),
    ("Text <span style=\"color:red\">red</span>.", 1, "raw HTML '<span style=\"color:red\">'"),
    ("- a\n\n    > quoted", 3, "a quote inside a list item is not allowed"),
    ("Call [us](tel:+13103623927).", 1, "link target 'tel:+13103623927' is not allowed"),
], ids=["image", "title with other words", "level 5 under a level 6", "raw HTML", "quote in a list", "phone link with other text"])
def test_what_no_conversion_removes_without_loss_is_refused_with_the_checks_cause(before, line, cause):
    with pytest.raises(ConversionRefused) as refused:
        convert_body(before)
    assert refused.value.line == line
    assert refused.value.cause.startswith(cause), refused.value.cause


# The command ----------------------------------------------------------------------------------

def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["import", *args, "--root", str(project)])


def tree(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted(project.rglob("*")) if p.is_file() and ("docs" in p.parts or p.name == "policies.yml")}


@pytest.fixture
def ja_site(tmp_path) -> Path:
    """The ja-default fixture site (ja authoritative, en and zh its translations)."""
    return make_project(tmp_path / "ja-site", "minimal")


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(ARCHIVE / "twitch-trackers-en", folder)
    return folder


def test_import_writes_published_revisions_and_lists_every_change(ja_site, inputs):
    files = sorted(inputs.glob("*.md"))
    result = run(ja_site, "sample", *map(str, files), "--locale", "ja", "--captured", "2026-01-07",
                 "--source", "Open Terms Archive, pga-versions")
    assert result.exit_code == 0, result.output
    written = ja_site / "docs/ja/sample/2026-01-06.md"
    meta, body = split_front_matter(written.read_text(encoding="utf-8"))
    assert meta == {"effective": "2026-01-06", "provenance": "published", "captured": "2026-01-07",
                    "source": "Open Terms Archive, pga-versions"}
    assert words_shown(body) == words_shown(files[1].read_text(encoding="utf-8"))
    lines = result.output.splitlines()
    converted = [line for line in lines if line.startswith("Converted ")]
    assert converted and all(re.match(rf"Converted {re.escape(str(files[1]))} line \d+: removed link titles", line)
                             for line in converted), lines
    assert lines[len(converted):] == [
        "Wrote docs/ja/sample/2025-07-09.md: provenance: published, 0 conversions",
        f"Wrote docs/ja/sample/2026-01-06.md: provenance: published, {len(converted)} conversions"]
    assert (ja_site / "policies.yml").read_text(encoding="utf-8").count("- id:") == 1  # known already


def test_a_second_import_is_a_no_op_and_says_so(ja_site, inputs):
    args = ["sample", *map(str, sorted(inputs.glob("*.md"))), "--locale", "ja", "--captured", "2026-01-07"]
    assert run(ja_site, *args).exit_code == 0
    before = tree(ja_site)
    again = run(ja_site, *args)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == ("Nothing to do: docs/ja/sample/2025-07-09.md, docs/ja/sample/2026-01-06.md "
                                             "already hold these texts, and the registry lists the policy")
    assert tree(ja_site) == before


def test_a_conflicting_revision_is_refused_and_nothing_is_written(ja_site, inputs):
    (ja_site / "docs/ja/sample/2026-01-06.md").write_text("---\neffective: 2026-01-06\n---\nOther text.\n",
                                                          encoding="utf-8")
    before = tree(ja_site)
    result = run(ja_site, "sample", *map(str, sorted(inputs.glob("*.md"))), "--locale", "ja", "--captured", "2026-01-07")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: Importing '{inputs / '2026-01-06.md'}': 'docs/ja/sample/2026-01-06.md' exists with other text; "
        "it is a revision of the site already: leave this file out, or remove that revision first if it is wrong")
    assert tree(ja_site) == before  # the first file, which was fine, is not written either


def test_a_file_no_conversion_fixes_is_refused_with_one_line_and_nothing_is_written(ja_site, inputs):
    bad = inputs / "2026-02-01.md"
    bad.write_text("# Trackers\n\nText.\n\n![Logo](https://example.com/logo.png)\n", encoding="utf-8")
    before = tree(ja_site)
    result = run(ja_site, "sample", *map(str, sorted(inputs.glob("*.md"))), "--locale", "ja", "--captured", "2026-02-02")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: Importing '{bad}': line 5: images are not allowed in a policy source (they would load a file the "
        "review does not show); describe it in text")
    assert tree(ja_site) == before


@pytest.mark.parametrize("args,message", [
    (["--locale", "en", "--captured", "2026-01-07"],
     "Error: 'en' translates 'ja' on this site, so its texts are made from the ja files, not imported: import the ja "
     "versions, then run policy-site new-revision and sync-translations (or make 'en' authoritative in the plugin's "
     "'translations:')"),
    (["--locale", "fr", "--captured", "2026-01-07"],
     "Error: --locale 'fr' is not a locale of this site (ja, en, zh, the i18n languages in mkdocs.yml); add it there "
     "or choose one of them"),
    (["--locale", "ja"], "Error: a published text records when its wording was captured; pass --captured YYYY-MM-DD"),
    (["--locale", "ja", "--captured", "2026-13-01"],
     "Error: Invalid value for '--captured': '2026-13-01' is not a date; write it as YYYY-MM-DD"),
    (["--locale", "ja", "--captured", "2026-01-07", "--title", "Other title"],
     "Error: Reading policy registry 'policies.yml': 'sample' has the ja title \"見本方針\", not \"Other title\"; "
     "leave out --title, or change the title in policies.yml"),
    (["--locale", "ja", "--captured", "2026-01-07", "--date", "2026-01-01"],
     "Error: --date gives the date of one file, and 2 were given; name each file YYYY-MM-DD.md and leave out --date"),
], ids=["translation locale", "unknown locale", "no capture date", "bad date", "other title", "--date with two files"])
def test_user_mistakes_are_one_line_and_change_nothing(ja_site, inputs, args, message):
    before = tree(ja_site)
    result = run(ja_site, "sample", *map(str, sorted(inputs.glob("*.md"))), *args)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1] == message
    assert tree(ja_site) == before


def test_a_new_policy_in_a_translation_locale_is_refused_for_the_locale_not_the_title(ja_site, inputs):
    result = run(ja_site, "trackers", str(inputs / "2025-07-09.md"), "--locale", "zh", "--captured", "2026-01-07")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("Error: 'zh' translates 'ja' on this site")


def test_a_new_policy_needs_a_title(ja_site, inputs):
    result = run(ja_site, "trackers", str(inputs / "2025-07-09.md"), "--locale", "ja", "--captured", "2026-01-07")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("Error: 'trackers' is a new policy; give its ja title with --title "
                                              "(it is shown in the navigation, the home page and the feeds)")


def test_a_file_not_named_by_its_date_takes_date(ja_site, tmp_path):
    source = tmp_path / "Trackers Policy.md"
    shutil.copy(ARCHIVE / "twitch-trackers-en/2025-07-09.md", source)
    refused = run(ja_site, "sample", str(source), "--locale", "ja", "--captured", "2026-01-07")
    assert refused.exit_code == 2
    assert refused.output.splitlines()[-1] == (
        f"Error: Importing '{source}': the name is not a date; name the file YYYY-MM-DD.md (the date the version "
        "took effect), or give one file with --date")
    result = run(ja_site, "sample", str(source), "--date", "2025-07-09", "--locale", "ja", "--captured", "2026-01-07")
    assert result.exit_code == 0, result.output
    assert (ja_site / "docs/ja/sample/2025-07-09.md").is_file()


# A site of its own locales: en (default) and fr, each authoritative ----------------------------



@pytest.fixture
def en_fr_site(tmp_path) -> Path:
    """en and fr, both authoritative (the company's own French texts, with their own dates), and
    no policy yet."""
    project = tmp_path / "en-fr"  # as `policy-site init` makes it
    write_site(project, render_site(SiteSpec(company="Example Inc.", locales=("en", "fr"), default="en",
                                             time_zone="America/Los_Angeles")))
    (project / "policies.yml").write_text("# The site's policies.\npolicies: []\n", encoding="utf-8")  # a short one
    return project


@pytest.mark.slow
def test_an_en_and_fr_site_imports_independent_texts_per_locale_and_builds(en_fr_site, tmp_path):
    en = sorted((ARCHIVE / "twitch-trackers-en").glob("*.md"))
    fr = sorted((ARCHIVE / "blablacar-trackers-fr").glob("*.md"))
    first = run(en_fr_site, "trackers", *map(str, en), "--locale", "en", "--title", "Trackers Policy",
                "--captured", "2026-01-07")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == 'Registered trackers in policies.yml with the en title "Trackers Policy"'
    second = run(en_fr_site, "trackers", *map(str, fr), "--locale", "fr", "--title", "Politique relative aux traceurs",
                 "--captured", "2025-12-20")
    assert second.exit_code == 0, second.output
    assert second.output.splitlines()[-1] == ('Added the fr title "Politique relative aux traceurs" and the locale fr '
                                              "to trackers in policies.yml")
    bershka = ARCHIVE / "bershka-trackers-fr/2024-12-04.md"
    third = run(en_fr_site, "cookies", str(bershka), "--locale", "fr", "--title", "Politique en matière de cookies",
                "--captured", "2024-12-05")
    assert third.exit_code == 0, third.output
    assert (en_fr_site / "policies.yml").read_text(encoding="utf-8") == (
        "# The site's policies.\npolicies:\n"
        '  - id: trackers\n    title: {en: "Trackers Policy", fr: "Politique relative aux traceurs"}\n'
        "    locales: [en, fr]\n"
        '  - id: cookies\n    title: {fr: "Politique en matière de cookies"}\n    locales: [fr]\n')
    assert sorted(p.relative_to(en_fr_site / "docs").as_posix() for p in (en_fr_site / "docs").rglob("*.md")) == [
        "en/trackers/2025-07-09.md", "en/trackers/2026-01-06.md", "fr/cookies/2024-12-04.md",
        "fr/trackers/2024-09-27.md", "fr/trackers/2025-12-19.md"]
    build = build_site(en_fr_site, tmp_path / "site")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    page = (tmp_path / "site/fr/cookies/2024-12-04/index.html").read_text(encoding="utf-8")
    assert "Qu’est-ce qu’un cookie" in page


def test_a_new_policy_in_one_locale_exists_in_that_locale_only(en_fr_site):
    result = run(en_fr_site, "cookies", str(ARCHIVE / "bershka-trackers-fr/2024-12-04.md"), "--locale", "fr",
                 "--title", "Politique en matière de cookies", "--captured", "2024-12-05")
    assert result.exit_code == 0, result.output
    from policy_site.plugin.project import load_project
    from policy_site.sources.registry import load_registry

    project = load_project(en_fr_site)
    (policy,) = load_registry(project.registry, project.locales)
    assert project.locales.codes_of(policy) == ("fr",)
    assert project.locales.is_authoritative("fr", policy)


@pytest.mark.slow
def test_imported_real_files_build_strictly(tmp_path):
    """Every real archived file, converted, in a strict build (links, anchors, the body check of
    the build): the conversions leave nothing the build refuses or warns about."""
    project = make_project(tmp_path / "one", "minimal", locales=("ja",))
    for folder in sorted(ARCHIVE.iterdir()):
        if folder.is_dir():
            result = run(project, "sample", *map(str, sorted(folder.glob("*.md"))), "--locale", "ja",
                         "--captured", "2026-01-07")
            assert result.exit_code == 0, result.output
    build = build_site(project, tmp_path / "site")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    assert len(list((tmp_path / "site/sample").glob("20*/index.html"))) == len(REAL_FILES) + 1


def test_a_link_whose_target_swallows_an_escaped_parenthesis_keeps_the_words_the_page_shows():
    """Found on a real file: Python-Markdown reads '\\)' as part of the target, so the page shows
    other words than the link's; unlinking it as if it ended there would change them."""
    before = "Ways: [Information You Provide](#info-you-provide\\), [Other](#other), and more."
    converted, _ = convert_body(before)
    assert words_shown(converted) == words_shown(before)
