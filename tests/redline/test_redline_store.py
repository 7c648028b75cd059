"""The redline cache on disk (policy_site.redline.store): exact records, content-addressed names,
damaged entries ignored and rewritten with one line, a bounded folder, a read-only folder harmless."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from policy_site.redline import compute_redline, render_inline_html, render_side_by_side_html
from policy_site.redline.codec import decode_redline, encode_redline
from policy_site.redline.store import RedlineStore, load_redline

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(path.name[:-len(".old.md")] for path in CORPUS.glob("*.old.md"))
OLD = "---\nlang: ja\n---\n\n# 方針\n\n## 第一条 {#first}\n\n当社は、個人情報を適切に管理します。\n\n| 項目 | 内容 |\n|---|---|\n| 氏名 | [窓口](https://example.com/a) |\n"
NEW = "---\nlang: ja\n---\n\n# 方針\n\n## 第一条 {#first}\n\n当社は、個人データを適切に保存します。\n\n| 項目 | 内容 |\n|---|---|\n| 氏名 | [窓口](https://example.com/b) |\n\n追加の段落です。\n"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.entry"))


@pytest.mark.parametrize("case", CASES)
def test_a_decoded_record_equals_the_redline_and_renders_the_same(case):
    old, new = ((CORPUS / f"{case}.{side}.md").read_text(encoding="utf-8") for side in ("old", "new"))
    redline = compute_redline(old, new, locale="en")
    decoded = decode_redline(encode_redline(redline), redline.old_meta, redline.new_meta)
    assert decoded == redline
    assert render_inline_html(decoded) == render_inline_html(redline)
    assert render_side_by_side_html(decoded) == render_side_by_side_html(redline)


def test_a_second_load_reads_the_entry_and_gives_the_same_redline(tmp_path):
    store = RedlineStore(tmp_path / "cache")
    first = load_redline(OLD, NEW, locale="ja", store=store)
    assert (store.hits, store.misses) == (0, 1) and len(_entries(store.folder)) == 1
    again = RedlineStore(tmp_path / "cache")  # another build: nothing in memory
    second = load_redline(OLD, NEW, locale="ja", store=again)
    assert (again.hits, again.misses) == (1, 0)
    assert second == first == compute_redline(OLD, NEW, locale="ja")
    assert second.old_meta == {"lang": "ja"}
    assert render_inline_html(second) == render_inline_html(first)


def test_entries_are_named_by_both_texts_and_the_locale(tmp_path):
    store = RedlineStore(tmp_path)
    load_redline(OLD, NEW, locale="ja", store=store)
    load_redline(NEW, OLD, locale="ja", store=store)
    load_redline(OLD, NEW, locale="en", store=store)
    load_redline(OLD, NEW + "\n", locale="ja", store=store)
    assert store.hits == 0 and len(_entries(tmp_path)) == 4
    assert len({store.key("ja", "x"), store.key("en", "x"), store.key("ja", "y")}) == 3


@pytest.mark.parametrize("damage", [
    lambda data: b"not an entry at all",
    lambda data: data[: len(data) // 2],  # a write cut short
    lambda data: data[:-6] + b"\xff" * 6,  # a bad disk: the checksum fails (and the text is not UTF-8)
    lambda data: data.replace(data.split(b" ")[2], b"0" * 64, 1),  # another key's entry
    lambda data: (lambda body: b" ".join(data.split(b"\n")[0].split(b" ")[:3] + [b"%08x" % zlib.crc32(body)])
                  + b"\n" + body)(b"[1, 2]"),  # a whole entry that is not a redline
])
def test_a_damaged_entry_is_ignored_reported_once_and_rewritten(tmp_path, damage):
    lines: list[str] = []
    load_redline(OLD, NEW, locale="ja", store=RedlineStore(tmp_path / "cache"))
    [entry] = _entries(tmp_path / "cache")
    entry.write_bytes(damage(entry.read_bytes()))
    store = RedlineStore(tmp_path / "cache", warn=lines.append)
    assert load_redline(OLD, NEW, locale="ja", store=store) == compute_redline(OLD, NEW, locale="ja")
    assert len(lines) == 1 and store.damaged == 1
    assert lines[0].startswith("Reading the redline cache '") and entry.name in lines[0] and "damaged" in lines[0]
    assert "\n" not in lines[0]
    fresh = RedlineStore(tmp_path / "cache", warn=lines.append)
    load_redline(OLD, NEW, locale="ja", store=fresh)
    assert fresh.hits == 1 and len(lines) == 1  # rewritten whole


def test_the_folder_is_pruned_to_its_limit_least_recently_used_first(tmp_path):
    store = RedlineStore(tmp_path, limit_bytes=10_000)
    keys = [store.key("ja", "entry", k) for k in range(12)]
    for k, key in enumerate(keys):
        store.write(key, "x" * 1500)  # about 1.6 kB an entry with its header
        os.utime(store._path(key), (1_000_000 + k, 1_000_000 + k))
    store.read(keys[0])  # used just now: kept
    assert store.prune() > 0
    total = sum(path.stat().st_size for path in _entries(tmp_path))
    assert total <= 8_000
    assert store.read(keys[0]) is not None and store.read(keys[1]) is None
    assert store.prune() == 0


def test_a_folder_that_cannot_be_written_leaves_the_cache_unused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = RedlineStore(blocker / "cache")
    assert load_redline(OLD, NEW, locale="ja", store=store) == compute_redline(OLD, NEW, locale="ja")
    assert not store.writable and store.prune() == 0
