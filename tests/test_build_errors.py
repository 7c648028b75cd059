"""Bad sources stop the build with a message that names the file and the fix; nothing is published."""

from __future__ import annotations

import pytest

from conftest import build_site, make_project

SOURCE = "docs/ja/sample/2020-01-01.md"
GOOD = (
    "---\neffective: 2020-01-01\nprovenance: published\ncaptured: 2024-06-29\n---\n\n# 見本方針\n\n本文。\n"
)

CASES = {
    "malformed front matter": (
        SOURCE, "---\neffective: 2020-01-01\nprovenance: [published\n---\n\n# 見本\n",
        "Reading policy source 'ja/sample/2020-01-01.md': front matter is not valid YAML at line 4; fix the YAML syntax",
    ),
    "missing front matter": (
        SOURCE, "# 見本方針\n",
        "Reading policy source 'ja/sample/2020-01-01.md': has no front matter; start the file with '---', "
        "'effective:' and 'provenance:'",
    ),
    "missing provenance": (
        SOURCE, "---\neffective: 2020-01-01\n---\n\n# 見本\n",
        "Reading policy source 'ja/sample/2020-01-01.md': 'provenance' is None; set it to one of: "
        "published, authored, reconstructed, archived, translation",
    ),
    "unknown key": (
        SOURCE, GOOD.replace("captured:", "efective: 2020-01-01\ncaptured:"),
        "Reading policy source 'ja/sample/2020-01-01.md': unknown front matter key 'efective'",
    ),
    "unknown policy": (
        "docs/ja/samples/2020-01-01.md", GOOD,
        "Reading policy source 'ja/samples/2020-01-01.md': unknown policy 'samples'; use one of sample "
        "or declare the policy in policies.yml",
    ),
    "invalid date in file name": (
        "docs/ja/sample/2020-02-30.md", GOOD.replace("2020-01-01", "2020-02-30"),
        "Reading policy source 'ja/sample/2020-02-30.md': '2020-02-30' is not a valid calendar date; "
        "name revisions YYYY-MM-DD.md",
    ),
    "invalid effective date": (
        SOURCE, GOOD.replace("effective: 2020-01-01", "effective: 2020-13-01"),
        "Reading policy source 'ja/sample/2020-01-01.md': 'effective: 2020-13-01' is not a valid date; "
        "write it as YYYY-MM-DD",
    ),
    "file name disagrees with effective": (
        SOURCE, GOOD.replace("effective: 2020-01-01", "effective: 2020-01-02"),
        "Reading policy source 'ja/sample/2020-01-01.md': 'effective: 2020-01-02' disagrees with the file name "
        "'2020-01-01.md'; rename the file or correct the date",
    ),
    "file name is not a date": (
        "docs/ja/sample/latest.md", GOOD,
        "Reading policy source 'ja/sample/latest.md': file name 'latest.md' is not a date; name revisions YYYY-MM-DD.md",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_source_stops_the_build_naming_file_and_fix(tmp_path, case):
    path, content, message = CASES[case]
    project = make_project(tmp_path / "project", "minimal")
    (project / path).parent.mkdir(parents=True, exist_ok=True)
    (project / path).write_text(content, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert not (site / "sample").exists(), "a failed build must not leave policy pages behind"


def test_fixture_site_builds_when_sources_are_good(fixture_build):
    built = fixture_build("minimal")
    assert "Policy site 'ja': 1 policies, 1 revisions" in built.result.stderr
    assert (built.site / "sample" / "2020-01-01" / "index.html").is_file()


def test_bad_registry_names_the_registry(tmp_path):
    project = make_project(tmp_path / "project", "minimal")
    (project / "policies.yml").write_text("policies:\n  - id: sample\n    title: {ja: 見本}\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("Reading policy registry 'policies.yml': policy 'sample' has no title for en, zh; "
            "add 'title: {ja: …, en: …, zh: …}'") in result.stderr


def test_bad_setting_names_the_key(tmp_path):
    project = make_project(tmp_path / "project", "minimal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      registry: policies.yml", "      registry: policies.yml\n      include_reconstruted: false"), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("ERROR   -  Config value 'plugins': Plugin 'policy-site' option 'include_reconstruted': "
            "Unrecognised configuration name: include_reconstruted") in result.stderr


def test_settings_left_under_extra_say_where_they_moved(tmp_path):
    project = make_project(tmp_path / "project", "minimal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n  generator: false\n", "extra:\n  generator: false\n  policy_site:\n    time_zone: Asia/Tokyo\n"),
        encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("ERROR   -  Reading settings in 'mkdocs.yml': 'extra.policy_site' is no longer read: move its keys "
            "under the plugin, 'plugins: - policy-site: {registry: …, time_zone: …}', and remove "
            "'extra.policy_site'") in result.stderr
    assert "Traceback" not in result.stderr


def test_the_plugin_is_installed_under_its_name_for_mkdocs():
    from importlib.metadata import entry_points

    from policy_site.plugin.plugin import PolicySitePlugin

    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "policy-site"]
    assert entry.load() is PolicySitePlugin


@pytest.mark.parametrize("extensions", [
    "markdown_extensions:\n  - pymdownx.snippets\n",  # would publish files the review does not show
    "markdown_extensions:\n  - toc:\n      permalink: false\n",
    "markdown_extensions:\n  - attr_list\n",
], ids=["another extension", "other options", "the site's own, listed"])
def test_markdown_extensions_in_mkdocs_yml_stop_the_build_they_come_from_the_plugin(tmp_path, extensions):
    project = make_project(tmp_path / "project", "minimal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + extensions, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("ERROR   -  Reading settings in 'mkdocs.yml': 'markdown_extensions' are set by the policy-site plugin "
            "(the Markdown the policy sources are checked against, policy_site/sources/extensions.py); "
            "remove the key") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_hook_that_adds_a_markdown_extension_stops_the_build(tmp_path):
    project = make_project(tmp_path / "project", "minimal")
    (project / "hooks").mkdir()
    (project / "hooks" / "more.py").write_text(
        "def on_config(config):\n    config.markdown_extensions.append('pymdownx.snippets')\n    return config\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks/more.py\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("ERROR   -  Reading settings in 'mkdocs.yml': a plugin or hook changed 'markdown_extensions'; the pages "
            "must render with the Markdown the policy sources are checked against: remove that change") in result.stderr


def test_pages_render_with_the_extensions_the_plugin_sets(fixture_build):
    """mkdocs.yml lists none: headings get their permalinks (toc), notices are admonitions."""
    build = fixture_build("minimal")
    page = (build.site / "sample" / "2020-01-01" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="first">第一条<a class="headerlink" href="#first"' in page
    assert '<div class="admonition' in page
