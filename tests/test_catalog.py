"""The catalog's cross-file rules and its one definition of 'in effect', without MkDocs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policy_site.sources.locales import Locales
from policy_site.sources.catalog import load_catalog
from policy_site.common.frontmatter import FrontMatterError, split_front_matter
from policy_site.sources.revision import SourceError, parse_revision_path, revision_path

REGISTRY = "policies:\n  - id: sample\n    title: {ja: 見本, en: Sample, zh: 示例}\n"


def write(docs: Path, rel: str, meta: str, body: str = "# 見本\n\n本文。\n") -> None:
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{meta}---\n\n{body}", encoding="utf-8")


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "policies.yml").write_text(REGISTRY, encoding="utf-8")
    docs = tmp_path / "docs"
    write(docs, "ja/sample/2020-01-01.md", "effective: 2020-01-01\nprovenance: published\ncaptured: 2024-06-29\n")
    return tmp_path


# The fixture tree's locales: ja's texts, translated into en and zh.
TREE_LOCALES = Locales(("ja", "en", "zh"), "ja", {"en": "ja", "zh": "ja"})


def load(tree: Path, **kwargs):
    kwargs.setdefault("build_date", date(2024, 1, 1))
    kwargs.setdefault("locales", TREE_LOCALES)
    return load_catalog(tree / "docs", tree / "policies.yml", **kwargs)


def test_current_is_the_newest_revision_in_effect_and_later_ones_are_upcoming(tree):
    write(tree / "docs", "ja/sample/2028-01-01.md", "effective: 2028-01-01\nprovenance: published\ncaptured: 2024-06-29\n")
    catalog = load(tree)
    assert catalog.current("sample").effective == date(2020, 1, 1)
    assert [r.effective for r in catalog.upcoming("sample")] == [date(2028, 1, 1)]


def test_translation_without_its_japanese_revision_is_an_error(tree):
    write(tree / "docs", "en/sample/2021-01-01.md", "effective: 2021-01-01\nprovenance: translation\n"
          "source_sha256: " + "a" * 64 + "\n")
    with pytest.raises(SourceError) as error:
        load(tree)
    assert str(error.value) == (
        "Reading policy source 'en/sample/2021-01-01.md': translates a revision that does not exist: "
        "add ja/sample/2021-01-01.md or rename this file to the date of an existing one")


def test_reconstructed_revision_without_basis_is_an_error(tree):
    write(tree / "docs", "ja/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: reconstructed\n")
    with pytest.raises(SourceError) as error:
        load(tree)
    assert str(error.value) == (
        "Reading policy source 'ja/sample/2010-01-01.md': missing 'basis' (list of {evidence, inference}: "
        "every difference from the revision it is derived from (a translation of a reconstruction: the same "
        "entries translated)); add it to the front matter")


@pytest.mark.parametrize("basis,message", [
    ("  - {change: added, reason: law}\n",
     "'basis' must be a list of entries with 'evidence' and 'inference' (and optionally 'in_force'); "
     "entry 1 has change, reason"),
    ("  - {evidence: 「公表文」, inference: ''}\n",
     "'basis' must be a list of entries with 'evidence' and 'inference' (and optionally 'in_force'); "
     "entry 1 has evidence, inference"),
    ("  - {evidence: 「公表文」, inference: 推定, in_force: 2017-13-01}\n",
     "'basis entry 1 in_force: 2017-13-01' is not a valid date; write it as YYYY-MM-DD"),
], ids=["old change/reason keys", "empty inference", "bad in_force date"])
def test_basis_entries_are_evidence_then_inference(tree, basis, message):
    write(tree / "docs", "ja/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: reconstructed\nbasis:\n" + basis)
    with pytest.raises(SourceError) as error:
        load(tree)
    assert str(error.value) == f"Reading policy source 'ja/sample/2010-01-01.md': {message}"


def test_basis_on_a_published_revision_is_an_error(tree):
    write(tree / "docs", "ja/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: published\n"
          "captured: 2024-06-29\nbasis:\n  - {evidence: a, inference: b}\n")
    with pytest.raises(SourceError, match="'basis' is only for reconstructed revisions and their translations; "
                                          "remove it from a published revision"):
        load(tree)


def test_archived_revision_needs_its_source_and_capture_date(tree):
    write(tree / "docs", "ja/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: archived\ncaptured: 2024-07-01\n")
    with pytest.raises(SourceError, match="missing 'source' \\(where the archived copy comes from"):
        load(tree)
    write(tree / "docs", "ja/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: archived\n"
          "source: 'Wayback Machine, 2010-03-01 capture'\n")
    with pytest.raises(SourceError, match="missing 'captured'"):
        load(tree)


def test_production_setting_drops_reconstructed_revisions_and_their_translations(tree):
    write(tree / "docs", "ja/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: reconstructed\n"
          "basis:\n  - {evidence: 「本文」, inference: law}\n")
    write(tree / "docs", "en/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: translation\n"
          "source_sha256: " + "a" * 64 + "\n")
    catalog = load(tree, include_reconstructed=False)
    assert [r.path for r in catalog.revisions] == ["ja/sample/2020-01-01.md"]
    assert sorted(r.path for r in catalog.dropped) == ["en/sample/2010-01-01.md", "ja/sample/2010-01-01.md"]


def test_policy_without_any_revision_is_an_error(tree):
    (tree / "policies.yml").write_text(REGISTRY + "  - id: other\n    title: {ja: 他, en: Other, zh: 其他}\n",
                                       encoding="utf-8")
    with pytest.raises(SourceError, match=r"Checking policy 'ja/other/': has no revision of 'other' in ja, one of its authoritative locales"):
        load(tree)


def test_policy_with_nothing_in_effect_yet_is_an_error(tree):
    with pytest.raises(SourceError, match="no revision of 'sample' is in effect on 2019-01-01"):
        load(tree, build_date=date(2019, 1, 1))


def test_stale_translation_is_detected_by_hash(tree):
    import hashlib
    ja = (tree / "docs/ja/sample/2020-01-01.md").read_bytes()
    write(tree / "docs", "en/sample/2020-01-01.md", "effective: 2020-01-01\nprovenance: translation\n"
          f"source_sha256: {hashlib.sha256(ja).hexdigest()}\n", "# Sample\n\nText.\n")
    catalog = load(tree)
    en = catalog.revisions_of("sample", "en")[0]
    assert not catalog.is_stale(en)
    (tree / "docs/ja/sample/2020-01-01.md").write_bytes(ja.replace("本文".encode(), "本文を改定".encode()))
    catalog = load(tree)
    assert catalog.is_stale(catalog.revisions_of("sample", "en")[0])


@pytest.mark.parametrize("text,message", [
    ("---\neffective: 2020-01-01\n", "front matter opened with '---' is never closed; add a closing '---' line"),
    ("---\n- a\n- b\n---\n", "front matter must be a YAML mapping of 'key: value' lines"),
])
def test_front_matter_errors_say_the_fix(text, message):
    with pytest.raises(FrontMatterError) as error:
        split_front_matter(text)
    assert str(error.value) == message


def test_front_matter_is_not_part_of_the_body():
    meta, body = split_front_matter("---\neffective: 2020-01-01\n---\n\n# T\n")
    assert meta == {"effective": "2020-01-01"} and body == "\n# T\n"


def test_front_matter_read_again_is_a_mapping_of_its_own():
    """The same text is parsed once per process; a caller that changes what it got (a test that
    trims a basis) changes nothing for the next reader of that text."""
    text = "---\neffective: 2020-01-01\nbasis:\n  - evidence: a\n    inference: b\n---\n\n# T\n"
    first = split_front_matter(text)[0]
    first["basis"][0]["evidence"] = "changed"
    first["effective"] = "2021-01-01"
    assert split_front_matter(text)[0] == {"effective": "2020-01-01", "basis": [{"evidence": "a", "inference": "b"}]}


@pytest.mark.parametrize("value", ["-1", "thirty", "true", "99999"])
def test_bad_notice_days_is_a_registry_error_that_says_the_fix(tree, value):
    (tree / "policies.yml").write_text(REGISTRY + f"    notice_days: {value}\n", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        load(tree)
    assert str(error.value).startswith(f"Reading policy registry 'policies.yml': policy 'sample' has 'notice_days: ")
    assert str(error.value).endswith("write a whole number of days from 0 (no check) to 3650")


def test_notice_days_defaults_to_thirty_and_zero_is_allowed(tree):
    assert load(tree).policy("sample").notice_days == 30
    (tree / "policies.yml").write_text(REGISTRY + "    notice_days: 0\n", encoding="utf-8")
    assert load(tree).policy("sample").notice_days == 0


def test_revision_path_is_the_inverse_of_parse_revision_path():
    assert revision_path("ja", "privacy", date(2023, 6, 15)) == "ja/privacy/2023-06-15.md"
    assert revision_path("en", "privacy", "2023-06-15") == "en/privacy/2023-06-15.md"
    assert revision_path("zh", "privacy", date(2023, 6, 15), suffix=".markdown") == "zh/privacy/2023-06-15.markdown"
    assert parse_revision_path(revision_path("zh", "privacy-china", date(2024, 2, 29))) == (
        "zh", "privacy-china", date(2024, 2, 29))


@pytest.mark.parametrize("value,message", [
    ("[2009-01-01]", "'revised_without_text: 2009-01-01' is not after this revision's date 2010-01-01; "
                     "list only later revisions"),
    ("2011-01-01", "'revised_without_text' must be a list of dates, e.g. revised_without_text: [2022-04-01]"),
], ids=["earlier date", "not a list"])
def test_revisions_recorded_without_text_are_later_dates(tree, value, message):
    write(tree / "docs", "ja/sample/2010-01-01.md", "effective: 2010-01-01\nprovenance: published\n"
          f"captured: 2024-06-29\nrevised_without_text: {value}\n")
    with pytest.raises(SourceError) as error:
        load(tree)
    assert str(error.value) == f"Reading policy source 'ja/sample/2010-01-01.md': {message}"
