"""The interface catalogs (policy_site/locales/<locale>.json): every locale with a catalog is a
language of the redline and of the site's interface, a broken catalog stops with one line, and
what names a company comes from the site's configuration, never from the generator."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, build_site, make_project, read_page
from policy_site.cli.diff import run_diff
from policy_site.cli.redline import main as redline_main
from policy_site.common import catalogs
from policy_site.common.catalogs import CatalogError, list_catalog_locales, load_catalog_part
from policy_site.redline import compute_redline, render_inline_html, render_side_by_side_html, render_summary_html
from policy_site.site.strings import format_date

OLD = "# Conditions\n\n## Données {#data}\n\nNous conservons les données.\n\nArticle supprimé.\n"
NEW = "# Conditions\n\n## Données {#data}\n\nNous conservons toutes les données.\n"
MISSING = ("Reading interface catalog 'policy_site/locales/fr.json': locale 'fr' has no redline string "
           "'insert_start'; add it to the 'redline' part in that language (the ja catalog shows what it says)")


def test_the_package_ships_ja_en_zh_fr_and_de():
    assert {"ja", "en", "zh", "fr", "de"} <= set(list_catalog_locales())
    for locale in list_catalog_locales():
        for part in catalogs.PARTS:
            assert list(load_catalog_part(locale, part)) == list(load_catalog_part("ja", part)), (locale, part)


def test_every_redline_label_is_used():
    """A label no renderer asks for is dead wording that still has to be translated."""
    sources = "\n".join(path.read_text(encoding="utf-8") for folder in ("redline", "review", "site")
                        for path in (ROOT / "src" / "policy_site" / folder).glob("*.py"))
    composed = {"status_": 'f"status_{', "kind_": 'f"kind_{'}
    for prefix, piece in composed.items():
        assert piece in sources, f"{piece} no longer composes the {prefix}* labels"
    unused = [key for key in load_catalog_part("ja", "redline")
              if f'"{key}"' not in sources and f"'{key}'" not in sources
              and not any(key.startswith(prefix) for prefix in composed)]
    assert unused == []


@pytest.mark.parametrize("locale,inserted,deleted,columns", [
    ("fr", ("[inséré] ", " [fin de l’insertion]"), ("[supprimé] ", " [fin de la suppression]"),
     ("Rédaction antérieure", "Nouvelle rédaction")),
    ("de", ("[eingefügt] ", " [Ende der Einfügung]"), ("[gestrichen] ", " [Ende der Streichung]"),
     ("Bisherige Fassung", "Neue Fassung")),
])
def test_the_engine_labels_french_and_german_redlines(locale, inserted, deleted, columns):
    redline = compute_redline(OLD, NEW, locale=locale)
    html = render_inline_html(redline)
    assert f'lang="{locale}"' in html
    # Word granularity: "toutes " is inserted whole, between two unchanged words.
    assert (f'<ins><span class="redline-sr">{inserted[0]}</span>toutes <span class="redline-sr">{inserted[1]}'
            '</span></ins>') in html
    assert f'<span class="redline-sr">{deleted[0]}</span>Article supprimé.' in html
    assert deleted[1] in html
    table = render_side_by_side_html(redline)
    headers = re.findall(r'<th scope="col" class="redline-(?:new|old)">([^<]*)</th>', table)
    assert tuple(headers) == columns  # the old text left, as French and German comparison tables have it


def test_policy_redline_diff_reports_in_french_and_german(tmp_path):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    french = CliRunner().invoke(redline_main, ["diff", str(old), str(new), "--lang", "fr", "--format", "markdown"])
    assert french.exit_code == 0, french.output
    assert french.output.startswith("**Résumé des modifications**\u00a0: 7 caractères insérés, 17 supprimés\n")
    assert "- Données (modifiée)" in french.output
    # Without --lang, French text is reported in French, German text in German, English in English.
    auto = CliRunner().invoke(redline_main, ["diff", str(old), str(new)])
    assert 'lang="fr"' in auto.output and "[inséré]" in auto.output
    old.write_text("# AGB\n\nWir speichern die Daten, die Sie uns geben.\n", encoding="utf-8")
    new.write_text("# AGB\n\nWir speichern nur die Daten, die Sie uns geben.\n", encoding="utf-8")
    german = CliRunner().invoke(redline_main, ["diff", str(old), str(new)])
    assert 'lang="de"' in german.output and "[eingefügt] " in german.output
    old.write_text("# Terms\n\nWe keep the data that you give us.\n", encoding="utf-8")
    new.write_text("# Terms\n\nWe keep all the data that you give us.\n", encoding="utf-8")
    assert 'lang="en"' in CliRunner().invoke(redline_main, ["diff", str(old), str(new)]).output


@pytest.fixture
def broken_catalogs(tmp_path, monkeypatch):
    """The shipped catalogs, with 'insert_start' left out of the French and 'home_title' out of the
    English one: the loader reads whatever folder CATALOG_DIR names (and caches per folder)."""
    folder = tmp_path / "locales"
    shutil.copytree(catalogs.CATALOG_DIR, folder)
    for locale, part, key in (("fr", "redline", "insert_start"), ("en", "site", "home_title")):
        data = json.loads((folder / f"{locale}.json").read_text(encoding="utf-8"))
        del data[part][key]
        (folder / f"{locale}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(catalogs, "CATALOG_DIR", str(folder))
    return folder


def test_a_missing_label_is_one_line_in_the_engine_and_the_cli(broken_catalogs, tmp_path, capsys):
    with pytest.raises(CatalogError) as refused:
        compute_redline(OLD, NEW, locale="fr")
    assert str(refused.value) == MISSING
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    result = CliRunner().invoke(redline_main, ["diff", str(old), str(new), "--lang", "fr"])
    assert result.exit_code == 2 and result.output.splitlines()[-1] == f"Error: {MISSING}"
    assert "Traceback" not in result.output
    # The console script's fast path (no click), with the language found in the text.
    assert run_diff(old=old, new=new, view="inline", fmt="html", lang="auto", id_prefix="") == 2
    assert capsys.readouterr().err == f"Error: {MISSING}\n"


def test_a_missing_site_string_stops_the_build_in_one_line(broken_catalogs, tmp_path):
    project = make_project(tmp_path / "project", "minimal")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert ("ERROR   -  Reading interface catalog 'policy_site/locales/en.json': locale 'en' has no site string "
            "'home_title'; add it to the 'site' part in that language (the ja catalog shows what it says)\n"
            in result.stderr), result.stderr
    assert "Traceback" not in result.stderr and "KeyError" not in result.stderr


def test_dates_are_written_as_each_language_writes_them():
    day, first = date(2025, 4, 30), date(2025, 5, 1)
    assert [format_date(day, locale) for locale in ("ja", "zh", "en", "fr", "de")] == [
        "2025年4月30日", "2025年4月30日", "April 30, 2025", "30 avril 2025", "30. April 2025"]
    assert (format_date(first, "fr"), format_date(first, "de"), format_date(first, "en")) == (
        "1er mai 2025", "1. Mai 2025", "May 1, 2025")


def _texts(site: Path, prefix: str) -> dict[str, str]:
    home = read_page(site / prefix / "index.html")
    page = read_page(site / prefix / "sample/index.html")
    feed = (site / prefix / "feed.xml").read_text(encoding="utf-8")
    return {"name": page.select_one(".md-header__topic .md-ellipsis").get_text(strip=True),
            "copyright": page.select_one(".md-copyright__highlight").get_text(strip=True),
            "description": home.select_one('meta[name="description"]')["content"],
            "home": home.select_one("article h1").get_text(strip=True).removesuffix("¶"),  # the heading's anchor
            "intro": home.select_one("article h1").find_next("p").get_text(strip=True),
            "feed": re.search(r"<title>([^<]*)</title>", feed).group(1)}


def test_the_company_and_site_names_come_from_the_sites_configuration(fixture_build):
    """tests/sites/company: ja names itself at the top of mkdocs.yml (no copyright there), en has
    its own site_name in the i18n languages and its own home_intro, zh has neither (the catalog's
    wording with the company's name, not en's name left over from the previous language's build)."""
    built = fixture_build("company")
    assert _texts(built.site, "") == {
        "name": "見本株式会社の規約", "copyright": "掲載文書の本文 © 見本株式会社",
        "description": "見本株式会社の規約・ポリシーと、その改定履歴です。", "home": "見本株式会社の規約",
        "intro": "見本株式会社の規約・ポリシーです。各文書の改定の履歴と、改定ごとの変更箇所を確認できます。",
        "feed": "見本株式会社の規約の改定"}
    assert _texts(built.site, "en") == {
        "name": "Example Ltd. Terms", "copyright": "Policy texts © Example Ltd.",
        "description": "The legal documents of Example Ltd., with their revision history.",
        "home": "Example Ltd. Terms", "intro": "The terms of Example Ltd., kept with every earlier version.",
        "feed": "Example Ltd. Terms: revisions"}
    assert _texts(built.site, "zh") == {
        "name": "示例公司条款与政策", "copyright": "文件正文 © 示例公司",
        "description": "示例公司的条款与政策，以及各文件的修订历史。", "home": "示例公司条款与政策",
        "intro": "示例公司的条款与政策，以及每次修订的历史和修改内容。", "feed": "示例公司条款与政策的修订"}
    for locale in ("", "en", "zh"):
        text = " ".join((built.site / locale / name).read_text(encoding="utf-8")
                        for name in ("index.html", "sample/index.html", "feed.xml"))
        assert "IPROS" not in text and "イプロス" not in text, locale


@pytest.mark.parametrize("change,message", [
    (("        zh: 示例公司\n", ""),
     "Reading settings in 'mkdocs.yml': the zh string 'site_name' names the company, which is not set for zh; "
     "set 'company' for zh under the policy-site plugin"),
    (("          home_intro:", "          home_intr:"),
     "Reading settings in 'mkdocs.yml': the en string 'home_intr' is not an interface string; correct its name "
     "(the keys are those of the ja catalog, policy_site/locales/ja.json)"),
    (("kept with every earlier version.", "kept since {date}."),
     "Reading settings in 'mkdocs.yml': the en string 'home_intro' uses {date}, which it is not given; "
     "use only {company}, {site_name}"),
], ids=["company not set", "unknown key", "unknown placeholder"])
def test_a_string_the_configuration_leaves_wrong_stops_the_build_in_one_line(tmp_path, change, message):
    project = make_project(tmp_path / "project", "company")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(change[0]) == 1
    config.write_text(text.replace(*change), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"ERROR   -  {message}\n" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_every_catalog_gives_a_column_order_the_engine_knows():
    from policy_site.common.catalogs import list_catalog_locales, load_catalog_part
    from policy_site.redline.layout import COLUMN_ORDERS

    orders = {locale: load_catalog_part(locale, "redline")["column_order"] for locale in list_catalog_locales()}
    assert set(orders.values()) <= set(COLUMN_ORDERS)
    assert orders["ja"] == "new-old"  # the 新旧対照表


@pytest.mark.parametrize(("locale", "written"), [("en", "12,345"), ("ja", "12,345"), ("fr", "12\u202f345"),
                                                 ("de", "12.345")])
def test_counts_are_written_with_the_locales_separators(locale, written):
    from policy_site.common.numbers import format_count

    assert format_count(12345, locale) == written and format_count(999, locale) == "999"
    summary = render_summary_html(compute_redline("a\n", "a\n\n" + "b" * 12345 + "\n", locale=locale))
    assert written in summary
