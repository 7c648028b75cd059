"""What each locale's build after the default's does not do again: compile the theme's templates
(policy_site.plugin.templates: what they render must be what a fresh compile renders, and an edited
template is compiled again) and copy the theme's files (policy_site.plugin.i18n_fixes.skip_theme_copies)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from conftest import build_site, make_project
from policy_site.plugin.templates import CompiledTemplates


def render(env: jinja2.Environment, name: str, **context) -> str:
    return env.get_template(name).render(**context)


def test_a_cached_template_renders_what_a_fresh_compile_renders_and_an_edit_is_compiled_again(tmp_path):
    (tmp_path / "base.html").write_text("<p>{% block body %}{% endblock %}</p>", encoding="utf-8")
    (tmp_path / "page.html").write_text('{% extends "base.html" %}{% block body %}{{ word }}{% endblock %}',
                                        encoding="utf-8")
    cache = CompiledTemplates()

    def env(**options) -> jinja2.Environment:  # a new environment per locale, as MkDocs makes them
        return cache.install(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), **options))

    assert render(env(), "page.html", word="<a>") == "<p><a></p>"
    assert len(cache.code) == 2  # page and base
    assert render(env(), "page.html", word="<b>") == "<p><b></p>"  # from the cache: nothing added
    assert len(cache.code) == 2
    # An environment that compiles differently gets code of its own, not the other's.
    assert render(env(autoescape=True), "page.html", word="<a>") == "<p>&lt;a&gt;</p>"
    assert len(cache.code) == 4
    (tmp_path / "base.html").write_text("<div>{% block body %}{% endblock %}</div>", encoding="utf-8")
    assert render(env(), "page.html", word="x") == "<div>x</div>"  # the edited template, compiled again


def test_every_locale_after_the_first_renders_from_the_compiled_templates(tmp_path):
    from mkdocs.config import load_config

    project = make_project(tmp_path / "p", "minimal")
    plugin = load_config(str(project / "mkdocs.yml")).plugins["policy-site"]  # the instance every build uses
    compiles = []
    compile_template = jinja2.Environment.compile

    def counted(env, source, name=None, filename=None, *args, **kwargs):
        compiles.append((name, tuple(sorted(env.extensions))))  # Material adds an extension in on_env
        return compile_template(env, source, name, filename, *args, **kwargs)

    plugin.templates.code.clear()
    jinja2.Environment.compile = counted
    try:
        result = build_site(project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": "1767225600"})
    finally:
        jinja2.Environment.compile = compile_template
    assert result.returncode == 0, result.stderr
    names = [name for name, _ in compiles]
    assert "main.html" in names and "404.html" in names and "partials/language.html" in names
    # each template once for every locale (and once more for Material's search settings, which reads
    # them before Material's theme adds its extension to the build's environment)
    assert len(compiles) == len(set(compiles)), sorted(compiles)


def test_the_themes_files_are_copied_once_by_the_default_locales_build(tmp_path):
    from mkdocs import utils
    from mkdocs.structure import files as mkdocs_files

    project = make_project(tmp_path / "p", "minimal")
    copied: list[str] = []
    copy_file = utils.copy_file

    def counted(source, destination):
        copied.append(str(destination))
        return copy_file(source, destination)

    mkdocs_files.utils.copy_file = counted
    try:
        result = build_site(project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": "1767225600"})
    finally:
        mkdocs_files.utils.copy_file = copy_file
    assert result.returncode == 0, result.stderr
    site = (tmp_path / "site").resolve()
    theme = [path for path in copied if "/assets/javascripts/" in path or "/assets/stylesheets/" in path]
    assert theme and len(copied) == len(set(copied)), sorted(path for path in copied if copied.count(path) > 1)
    assert all(Path(path).resolve().is_relative_to(site) and Path(path).is_file() for path in copied)
    # and every locale's pages still load them: the worker is there, and patched (policy_site.plugin.search)
    (worker,) = site.glob("assets/javascripts/workers/search.*.min.js")
    assert "o<=t.length" in worker.read_text(encoding="utf-8")
