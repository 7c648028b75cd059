"""Every string the redline shows or announces, per locale, in one table.

Screen-reader labels are real text (visually hidden by the ``redline-sr`` class), never CSS
``content``: many screen readers do not announce ``<ins>``/``<del>`` (JAWS ignores ``<del>``),
and text inserted by CSS does not count as content (WCAG F87). Each change is announced where
it starts and where it ends, so that a listener knows how much was changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_site.redline.model import NOT_CAPTURED  # the model imports nothing

if TYPE_CHECKING:  # for the annotations only
    from policy_site.redline.links import LinkChange
    from policy_site.redline.model import BlockOp

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "insert_start": "［挿入］", "insert_end": "［挿入ここまで］",
        "delete_start": "［削除］", "delete_end": "［削除ここまで］",
        "moved_insert_start": "［移動により挿入］", "moved_here": "［移動］",
        "format_changed": "［書式変更：{old} → {new}］", "kind_heading": "見出し", "kind_paragraph": "段落",
        "kind_list_item": "箇条書き", "kind_quote": "引用", "moved_delete_start": "［移動により削除］",
        "before": "改定前", "after": "改定後",
        "legend": "（傍線部分は改定部分）",
        "legend_markdown": "（取消線部分は削除、下線部分は挿入）",
        "absent_before": "（新設）", "absent_after": "（削る）",
        "no_changes": "変更はありません。",
        "summary_title": "変更の概要",
        "status_changed": "変更", "status_added": "追加", "status_removed": "削除",
        "counts": "挿入 {inserted} 文字、削除 {deleted} 文字",
        "change_link": "変更箇所 {n}",
        "untitled_section": "（前文）", "contents_section": "目次",
        "omitted": "（変更のない {n} 項目を省略）",
        "link_changed": "［リンク先変更：{old} → {new}］", "no_link": "（リンクなし）",
        "link_not_captured": "（元のページではリンク。リンク先は取得できていません）",
        "target_not_captured": "（取得できていないリンク先）",
        "links_count": "、リンク先の変更 {n} 件",
        "elided": "（略）",
    },
    "en": {
        "insert_start": "[inserted] ", "insert_end": " [end of insertion]",
        "delete_start": "[deleted] ", "delete_end": " [end of deletion]",
        "moved_insert_start": "[moved here, inserted] ", "moved_here": "[moved here] ",
        "format_changed": "[format changed: {old} → {new}] ", "kind_heading": "heading",
        "kind_paragraph": "paragraph", "kind_list_item": "list item", "kind_quote": "quote", "moved_delete_start": "[moved away, deleted] ",
        "before": "Before the revision", "after": "After the revision",
        "legend": "(Underlined parts are the revised parts)",
        "legend_markdown": "(Struck-through parts are deleted, underlined parts inserted)",
        "absent_before": "(new)", "absent_after": "(deleted)",
        "no_changes": "No changes.",
        "summary_title": "Summary of changes",
        "status_changed": "changed", "status_added": "added", "status_removed": "removed",
        "counts": "{inserted} characters inserted, {deleted} deleted",
        "change_link": "change {n}",
        "untitled_section": "(preamble)", "contents_section": "Table of contents",
        "omitted": "({n} unchanged blocks omitted)",
        "link_changed": " [link changed: {old} → {new}]", "no_link": "(no link)",
        "link_not_captured": " (a link on the original page; its target was not captured)",
        "target_not_captured": "(target not captured)",
        "links_count": ", link targets changed: {n}",
        "elided": "(unchanged text omitted)",
    },
    "zh": {
        "insert_start": "［插入］", "insert_end": "［插入结束］",
        "delete_start": "［删除］", "delete_end": "［删除结束］",
        "moved_insert_start": "［因移动插入］", "moved_here": "［移动至此］",
        "format_changed": "［格式更改：{old} → {new}］", "kind_heading": "标题", "kind_paragraph": "段落",
        "kind_list_item": "列表项", "kind_quote": "引用", "moved_delete_start": "［因移动删除］",
        "before": "修订前", "after": "修订后",
        "legend": "（下划线部分为修订部分）",
        "legend_markdown": "（删除线部分为删除内容，下划线部分为插入内容）",
        "absent_before": "（新增）", "absent_after": "（删除）",
        "no_changes": "没有修改。",
        "summary_title": "修改概要",
        "status_changed": "修改", "status_added": "新增", "status_removed": "删除",
        "counts": "插入 {inserted} 个字符，删除 {deleted} 个字符",
        "change_link": "修改处 {n}",
        "untitled_section": "（前言）", "contents_section": "目录",
        "omitted": "（省略 {n} 处未修改的内容）",
        "link_changed": "［链接已更改：{old} → {new}］", "no_link": "（无链接）",
        "link_not_captured": "（原页面中为链接，链接目标未能获取）",
        "target_not_captured": "（未能获取的链接目标）",
        "links_count": "，链接目标更改 {n} 处",
        "elided": "（略）",
    },
}


def load_labels(locale: str) -> dict[str, str]:
    """The strings of one locale; an unknown locale is a programming error, not a fallback."""
    try:
        return LABELS[locale]
    except KeyError:
        raise ValueError(f"unknown locale {locale!r}; use one of: {', '.join(LABELS)}") from None


def format_link_change(change: LinkChange, labels: dict[str, str]) -> str:
    """"［リンク先変更：… → …］" with the words for "no link" and "target not captured"."""
    def shown(target: str) -> str:
        if not target:
            return labels["no_link"]
        return labels["target_not_captured"] if target == NOT_CAPTURED else target

    return labels["link_changed"].format(old=shown(change.old_target), new=shown(change.new_target))


def format_note(op: BlockOp, labels: dict[str, str]) -> str:
    """"［書式変更：段落 → 見出し］": what a format change says, in the labels' language."""
    old_kind, new_kind = op.format_change
    return labels["format_changed"].format(old=labels.get(f"kind_{old_kind}", old_kind),
                                           new=labels.get(f"kind_{new_kind}", new_kind))
