"""Translations keep the redlines honest: same blocks, same wording where ja is unchanged, fresh."""

from __future__ import annotations

import functools
import re
from datetime import date

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_LOCALES, build_site, make_project, read_page, text_without, within
from policy_site.sources.catalog import load_catalog
from policy_site.site.language import CJK, find_japanese_only, render_original_names
from policy_site.redline.blocks import parse_blocks
from policy_site.sources.translations import check_consistency, check_parity, check_translations

GLOSSARY = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def real_catalog():
    """Read once per process: the tests only read it."""
    return load_catalog(ROOT / "docs", ROOT / "policies.yml", build_date=date(2026, 1, 1), locales=SITE_LOCALES)


def test_every_revision_is_translated_into_en_and_zh():
    catalog = real_catalog()
    for revision in catalog.revisions_of("privacy") + catalog.revisions_of("privacy-china") + \
            catalog.revisions_of("external-transmission"):
        for locale in ("en", "zh"):
            assert catalog.translation(revision, locale) is not None, f"{locale} of {revision.path}"


def test_real_translations_have_parity_consistency_and_freshness():
    problems = check_translations(real_catalog())
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_glossary_terms_are_used_in_every_translated_block(locale):
    catalog = real_catalog()
    terms = sorted(GLOSSARY["terms"], key=lambda term: -len(term["ja"]))
    missing = []
    for translation in (r for r in catalog.revisions if r.locale == locale):
        source = catalog.translation_source(translation)
        for ja, tr in zip(parse_blocks(source.body), parse_blocks(translation.body)):
            for ja_cell, tr_cell in zip(ja.cells, tr.cells):
                rest = ja_cell
                for term in terms:
                    if term["ja"] in rest:
                        rest = rest.replace(term["ja"], "\0")
                        wanted = term[locale]
                        found = wanted.lower() in tr_cell.lower() if locale == "en" else wanted in tr_cell
                        if not found:
                            missing.append(f"{translation.path}:{tr.line} lacks '{wanted}' for {term['ja']}")
    assert missing == [], "\n".join(missing[:20])


def test_parity_names_the_first_mismatch():
    catalog = real_catalog()
    ja = catalog.revisions_of("external-transmission")[0]
    en = catalog.translation(ja, "en")
    broken = en.__class__(**{**en.__dict__, "body": en.body.replace("## Revision {#revision}", "Revision")})
    problem = check_parity(ja, broken)
    ja_line = (ROOT / "docs" / ja.path).read_text(encoding="utf-8").split("\n").index("## 改定 {#revision}") + 1
    en_line = (ROOT / "docs" / en.path).read_text(encoding="utf-8").split("\n").index("## Revision {#revision}") + 1
    assert str(problem).startswith(
        "Checking translation 'en/external-transmission/2023-10-05.md': structure differs from "
        f"'ja/external-transmission/2023-10-05.md' at block 15: ja has heading level 2 #revision '改定' (line {ja_line})")
    assert str(problem).endswith(f"en has paragraph 'Revision' (line {en_line}); make the blocks match")


def test_consistency_prints_the_offending_block_pairs(tmp_path):
    project = make_project(tmp_path / "p")
    path = project / "docs/en/privacy/2023-06-15.md"  # a published text: reconstructions carry no signature
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Director, IPROS Corporation", "Director, IPROS Corp.", 1), encoding="utf-8")
    catalog = load_catalog(project / "docs", project / "policies.yml", build_date=date(2026, 1, 1), locales=SITE_LOCALES)
    problems = check_consistency(catalog, "en")
    assert len(problems) == 1
    message = str(problems[0])
    assert "the ja block '株式会社イプロス　代表取締役社長　小林 啓二' is translated 2 ways" in message
    assert "en/privacy/2023-06-15.md" in message and "Keiji Kobayashi, President" in message


@pytest.mark.parametrize("breakage,expected", [
    ("stale", "Checking translation 'en/external-transmission/2023-10-05.md': its source "
              "'ja/external-transmission/2023-10-05.md' changed after it was translated (source_sha256 differs); "
              "update the translation, then set source_sha256:"),
    ("parity", "Checking translation 'zh/external-transmission/2023-10-05.md': structure differs from "
               "'ja/external-transmission/2023-10-05.md' at block"),
    ("orphan", "Reading policy source 'en/external-transmission/2023-10-06.md': translates a revision that does "
               "not exist: add ja/external-transmission/2023-10-06.md or rename this file to the date of an existing one"),
])
def test_broken_translation_fails_the_strict_build_naming_the_files(tmp_path, breakage, expected):
    project = make_project(tmp_path / "p")
    docs = project / "docs"
    if breakage == "stale":
        ja = docs / "ja/external-transmission/2023-10-05.md"
        ja.write_text(ja.read_text(encoding="utf-8").replace("効果測定のため", "効果の測定のため"), encoding="utf-8")
    elif breakage == "parity":
        zh = docs / "zh/external-transmission/2023-10-05.md"
        zh.write_text(zh.read_text(encoding="utf-8").replace("\n## ", "\n", 1), encoding="utf-8")
    else:
        en = docs / "en/external-transmission/2023-10-05.md"
        (docs / "en/external-transmission/2023-10-06.md").write_text(
            en.read_text(encoding="utf-8").replace("effective: 2023-10-05", "effective: 2023-10-06"), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


def test_stale_translation_page_says_it_may_be_out_of_date(tmp_path):
    project = make_project(tmp_path / "p")
    ja = project / "docs/ja/external-transmission/2023-10-05.md"
    ja.write_text(ja.read_text(encoding="utf-8").replace("効果測定のため", "効果の測定のため"), encoding="utf-8")
    result = build_site(project, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/en/external-transmission/index.html").read_text(encoding="utf-8")
    assert "the translation may be out of date" in html


ORIGINAL_NAMES = GLOSSARY["original_names"]


def _visible_text_outside_japanese(page) -> str:
    """A page's visible text (body, plus the title and accessible names the theme writes as
    attributes), minus what is Japanese on purpose: elements marked lang="ja" (registered
    names, the Japanese words a reconstruction's basis quotes in 「」, Japanese text shown while a
    translation is missing), the language switcher (each language in its own name) and what is
    hidden (the other languages' blocks of a 404 page, which its script shows for their paths)."""
    soup = read_page(page)
    hidden = within(soup.select('body [lang="ja"], .md-select, body [hidden]'))  # [hidden]: not shown (the 404's other languages)
    attributes = " ".join(str(el.get(name)) for name in ("title", "aria-label", "placeholder")
                          for el in soup.select(f"body [{name}]") if id(el) not in hidden)
    title = soup.title.get_text() if soup.title else ""
    # The title and attributes cannot carry lang="ja": there the names are allowed in parentheses.
    names = "|".join(re.escape(name) for name in ORIGINAL_NAMES)
    outside_body = re.sub(f"(?<=[（(])({names})(?=[）)，,])", "", f"{title} {attributes}")
    return " ".join((outside_body, text_without(soup.body, hidden, " ") if soup.body else ""))


def _translated_pages(built_site, locale):
    pages = sorted((built_site / locale).rglob("*.html"))
    assert len(pages) >= 17  # home, 404, timeline, 3 policies × (current + history), 7 permalinks, compare
    return pages


def test_built_chinese_pages_use_no_japanese_only_characters(built_site):
    """The script check: no kana and no Japanese-only kanji form (啓, 広, 個, 関, 変…) in what a zh
    reader sees, except a registered name in parentheses, which the site marks lang="ja"."""
    offenders = []
    for page in _translated_pages(built_site, "zh"):
        found = find_japanese_only(_visible_text_outside_japanese(page))
        if found:
            offenders.append(f"{page.relative_to(built_site)}: {''.join(found)[:40]}")
    assert offenders == []


def test_built_english_pages_have_no_japanese_outside_marked_names(built_site):
    offenders = []
    for page in _translated_pages(built_site, "en"):
        found = CJK.findall(_visible_text_outside_japanese(page))
        if found:
            offenders.append(f"{page.relative_to(built_site)}: {''.join(found)[:40]}")
    assert offenders == []


@pytest.mark.parametrize("locale,name,translation", [
    ("zh", "LINEヤフー株式会社", "LY Corporation（"),
    ("zh", "チャットプラス株式会社", "Chat Plus Co., Ltd.（"),
    ("en", "LINEヤフー株式会社", "LY Corporation ("),
])
def test_registered_japanese_names_are_marked_japanese_after_their_translation(built_site, locale, name, translation):
    soup = read_page(built_site / locale / "external-transmission/index.html")
    marked = [span for span in soup.select('.policy-text span[lang="ja"]') if span.get_text() == name]
    assert len(marked) == 1
    assert marked[0].parent.get_text().startswith(translation + name)


@pytest.mark.slow  # a build of the real sources
def test_script_check_finds_japanese_forms_and_allows_marked_names(tmp_path):
    """The check itself can fail: a Japanese form slipped into a zh file is reported by name."""
    project = make_project(tmp_path / "p")
    zh = project / "docs/zh/external-transmission/2023-10-05.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("Yahoo!广告", "Yahoo!広告", 1), encoding="utf-8")
    assert build_site(project, tmp_path / "site").returncode == 0
    assert find_japanese_only(_visible_text_outside_japanese(tmp_path / "site/zh/external-transmission/index.html")) == ["広"]
    assert render_original_names("（小林 啓二）", ORIGINAL_NAMES) == "（小林 啓二）"  # not an allowed name


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_translations_avoid_the_renderings_the_glossary_rejects(locale):
    """Each term's `avoid` list holds earlier wrong renderings (退出 for opt-out, 展出会员…)."""
    found = []
    for term in GLOSSARY["terms"]:
        for wrong in (term.get("avoid") or {}).get(locale, []):
            for path in sorted((ROOT / "docs" / locale).rglob("*.md")):
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    line = re.sub(r"「[^」]*」", "", line)  # a reconstruction's basis quotes the Japanese
                    if wrong in line:
                        found.append(f"{path.relative_to(ROOT)}:{number} uses '{wrong}' for {term['ja']}")
    assert found == [], "\n".join(found[:20])


def test_every_glossary_decision_says_why():
    """The terms the issue tracker questioned carry their reason in the glossary."""
    decided = {term["ja"]: term for term in GLOSSARY["terms"]}
    for ja in ("本人", "個人情報の開示", "オプトアウト", "広告配信先", "代表取締役社長　小林 啓二",
               "開示対象個人情報に関する開示等請求についてのご案内", "株式会社イプロス", "改定前", "改定後",
               "推定復元", "個人情報保護法", "情報の外部送信について"):
        assert len(decided[ja].get("note", "")) > 40, ja
    assert decided["本人"]["en"] == "principal" and decided["個人情報の開示"]["zh"] == "开示"


@pytest.mark.parametrize("act", ["個人情報保護法", "電気通信事業法"])
def test_zh_basis_names_japans_acts_as_japans(act):
    """A bare 《个人信息保护法》 reads as the PRC's law: every zh basis entry whose Japanese names a
    Japanese act names it as the glossary does (日本《…》)."""
    wanted = next(term["zh"] for term in GLOSSARY["terms"] if term["ja"] == act)
    catalog = real_catalog()
    missing = []
    for translation in (r for r in catalog.revisions if r.locale == "zh" and r.meta.get("basis")):
        source = catalog.translation_source(translation)
        for number, (ja, zh) in enumerate(zip(source.meta["basis"], translation.meta["basis"]), 1):
            for field in ("evidence", "inference"):
                if act in ja[field] and wanted not in zh[field]:
                    missing.append(f"{translation.path} basis entry {number} {field}")
    assert missing == []


@pytest.mark.slow  # two builds of the real sources
def test_missing_translation_fails_the_strict_build_and_shows_a_notice_otherwise(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "docs/zh/external-transmission/2023-10-05.md").unlink()
    result = build_site(project, tmp_path / "strict")
    assert result.returncode != 0
    assert ("Checking translation 'zh/external-transmission/2023-10-05.md': is missing; translate "
            "'ja/external-transmission/2023-10-05.md' into zh (until then the page shows the Japanese text "
            "with a notice)") in result.stderr
    preview = build_site(project, tmp_path / "site", strict=False)
    assert preview.returncode == 0, preview.stderr
    soup = BeautifulSoup((tmp_path / "site/zh/external-transmission/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert "本版本的中文翻译正在准备中" in soup.select_one("article .admonition.warning").get_text()
    assert "情報の外部送信について" in soup.select_one(".policy-text h1").get_text()
