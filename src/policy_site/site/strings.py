"""Interface wording of the site in each locale (never policy wording).

Kept in one table so that a missing string in one locale is a KeyError in tests, not a silently
English page.
"""

from __future__ import annotations

import re
from datetime import date

from policy_site.common import scripts

STRINGS: dict[str, dict[str, str]] = {
    "ja": {
        "site_name": "株式会社イプロス プライバシーポリシー等",
        "site_description": "株式会社イプロスのプライバシーポリシーおよび関連文書と、その改定履歴です。",
        "copyright": "掲載文書の本文 © 株式会社イプロス。日本語の本文が正本です。",
        "copyright_reconstructed": "この版は再構成で、株式会社イプロスが公表した文面ではありません。このページの文面はいずれも正本ではありません。",
        "palette_to_dark": "ダークモードに切り替え",
        "palette_to_light": "ライトモードに切り替え",
        "permalink_title": "この見出しへのリンク",
        "not_found_title": "ページが見つかりません",
        "not_found_text": "お探しのページは見つかりませんでした。アドレスが正しいか確認するか、トップページから目的の文書をお探しください。",
        "not_found_home": "トップページへ戻る",
        "home_title": "株式会社イプロス プライバシーポリシー等",
        "home_intro": "株式会社イプロスのプライバシーポリシーおよび関連文書です。各文書の改定の履歴と、改定ごとの変更箇所を確認できます。",
        "col_policy": "文書",
        "col_effective": "施行日",
        "date_established": "制定日",
        "date_revised": "改定日",
        "captured_published": "{captured}に当社ウェブサイトから取得した公表文",
        "captured_source": "（出典：{source}）",
        "permalink": "この版の固定リンク",
        "all_revisions": "すべての版",
        "current_version": "現行版",
        "superseded": "この版は{date}に改定されました。現在施行されている版は{link}です。",
        "superseded_inferred": "この履歴でこの版の次に掲載している版は{date}の版です。現在施行されている版は{link}です。",
        "is_current": "この版が現行版です。",
        "upcoming_notice": "{date}に施行される改定があります（{built}時点で施行まであと{days}日）：{link}",
        "days_one": "1",
        "days_many": "{n}",
        "upcoming": "施行予定",
        "in_preparation": "",
        "translation_notice": "",
        "translation_notice_reconstructed": "",
        "reconstructed_basis": "再構成の根拠（次の版との差分）",
        "reconstructed_badge": "再構成",
        "published_badge": "公表文",
        "history_title": "{policy} 改定履歴",
        "history_intro": "この文書のすべての版を新しい順に示します。各版の全文と、前の版や現在施行されている版との比較（本文中に挿入・削除を示す形式と新旧対照表）を開けます。",
        "history_in_preparation": "",
        "view_inline": "変更箇所を本文中に表示",
        "view_side_by_side": "新旧対照表",
        "event_established": "制定",
        "event_revised": "改定",
        "view_revision": "この版の全文を表示",
        "history_first": "この履歴で最も古い版です。比較する前の版はありません。",
        "history_first_short": "最初の版",
        "history_no_previous": "前の版は未掲載",
        "note_current": "現行版",
        "note_upcoming": "施行予定",
        "note_reconstructed": "再構成",
        "annotated": "{text}（{note}）",
        "label_value": "{label}：{value}",
        "revision_title": "{policy}（{date}施行版）",
        "revision_title_reconstructed": "{policy}（{date}施行版・再構成）",
        "compare_with_current": "現在施行されている版（{date}）との比較",
        "history_production": "この版より前の版は、公表文が入手できないため掲載していません。",
        "timeline_title": "全文書の改定履歴",
        "timeline_nav": "全文書の改定履歴",
        "timeline_intro": "すべての文書の制定・改定を、施行日の新しい順に示します。",
        "col_event": "内容",
        "col_changes": "変更量",
        "change_counts": "{sections}箇所、挿入{inserted}文字、削除{deleted}文字",
        "compare_title": "{variant}と{base}の比較",
        "compare_intro": "現在施行されている{base}（{base_date}施行）と{variant}（{variant_date}施行）を、それぞれの名称を見出しとする欄に並べて比較します。傍線部分が両者で異なる部分です。どちらも公表されている文面で、同時に施行されています。",
        "compare_legend": "（傍線部分は両者で異なる部分）",
        "nav_current": "現行版",
        "nav_history": "改定履歴",
        "nav_compare": "一般向けとの比較",
        "in_preparation_title": "未翻訳",
        "feed_title": "株式会社イプロス プライバシーポリシー等の改定",
        "feed_subtitle": "プライバシーポリシーおよび関連文書の制定・改定と変更箇所",
        "stale_notice": "",
        "compare_pair_title": "{policy} {old}の版と{new}の版の比較",
        "compare_pair_intro": "{old}（改正前）から{new}（改正後）への変更を示します。変更のない本文は「（略）」として省略しています。",
        "revision_of": "{date}の版",
        "back_to_history": "改定履歴",
        "show_full_text": "変更のない本文も表示（全文）",
        "compare_limited": "この文書には{count}の版があるため、比較のページは隣り合う版どうしと、現在施行されている版との組み合わせについてのみ用意しています（{limit} 版まではすべての組み合わせ）。",
        "compare_any_title": "任意の2つの版を比較",
        "compare_old_label": "改正前の版",
        "compare_new_label": "改正後の版",
        "compare_button": "比較する",
        "compare_same": "異なる2つの版を選んでください。",
        "compare_missing": "この組み合わせの比較ページはありません。下の一覧から選んでください。",
        "compare_all_links": "比較ページの一覧",
        "compare_previous": "前の版（{date}）との比較",
        "changed_sections": "変更された箇所：{sections}",
        # reconstruction and archived-copy markers
        "inferred_title": "推定による差分",
        "inferred_old": "前の版は再構成です。これらの差分は記録されたものではなく、推定です。",
        "inferred_new": "後の版は再構成です。これらの差分は記録されたものではなく、推定です。",
        "inferred_both": "比較する両方の版が再構成です。これらの差分は記録されたものではなく、推定です。",
        "inferred_cumulative": "この期間には{dates}に施行された法改正があります。これらの差分は、複数回の改定で行われた可能性があります。",
        "list_separator": "、",
        "sentence_separator": "。",
        "list_and": "、",
        "unknown_revisions": "{date}の版までの間には{dates}に施行された法改正があり、記録のない改定があった可能性があります。",
        "sentence_gap": "",
        "label_separator": "：",
        "event_established_what": "{what} {event}",
        "derived_from_published": "{date}の版（公表文）",
        "derived_from_reconstruction": "{date}の版（それ自体が再構成）",
        "derived_from_archived": "{date}の版（保存された写し）",
        "derived_from_later": "後の版",
        "reconstructed_notice_from": "この版は再構成です。この日付に公表された文面ではありません。{source}をもとに、後の改定で加わったと推定される箇所を取り除き、または改めて作成したものです。各差分について、公表文にあること（根拠）と、そこから推定したこととその理由を下に示します。",
        "reconstructed_basis_from": "再構成の根拠（{date}の版との差分）",
        "basis_evidence": "公表文にあること",
        "basis_inference": "推定とその理由",
        "archived_badge": "保存された写し",
        "archived_notice": "この版の文面は、保存されていた写しによるものです。出典：{source}（{captured}取得）",
        "compare_intro_inferred": "現在施行されている{base}（{base_date}施行）と{variant}（{variant_date}施行）を、それぞれの名称を見出しとする欄に並べて比較します。傍線部分が両者で異なる部分です。",
    },
    "en": {
        "site_name": "IPROS Corporation Privacy Policy and Related Documents",
        "site_description": "The privacy policy and related documents of IPROS Corporation, with their revision history.",
        "copyright": "Policy texts © IPROS Corporation. The Japanese text is authoritative.",
        "copyright_reconstructed": "This revision is a reconstruction, not a text published by IPROS Corporation. No text on this page is authoritative.",
        "palette_to_dark": "Switch to dark mode",
        "palette_to_light": "Switch to light mode",
        "permalink_title": "Link to this heading",
        "not_found_title": "Page not found",
        "not_found_text": "The page you are looking for could not be found. Check the address, or find the document from the home page.",
        "not_found_home": "Back to the home page",
        "home_title": "IPROS Corporation Privacy Policy and Related Documents",
        "home_intro": "The privacy policy and related documents of IPROS Corporation, with the history of every revision and what each one changed.",
        "col_policy": "Document",
        "col_effective": "In effect since",
        "date_established": "Established",
        "date_revised": "Revised",
        "captured_published": "published text captured from the company's website on {captured}",
        "captured_source": " (source: {source})",
        "permalink": "Permanent link to this revision",
        "all_revisions": "All revisions",
        "current_version": "Current version",
        "superseded": "This revision was superseded on {date}. The revision in effect is {link}.",
        "superseded_inferred": "The next revision shown in this history is that of {date}. The revision in effect is {link}.",
        "is_current": "This is the current version.",
        "upcoming_notice": "A revision takes effect on {date} ({days} to go as of {built}): {link}",
        "days_one": "1 day",
        "days_many": "{n} days",
        "upcoming": "Upcoming",
        "in_preparation": "The English translation of this revision is in preparation. The text below is the Japanese original, which is the authoritative wording.",
        "translation_notice": "This English text is a translation for reference. The Japanese text is authoritative and prevails.",
        "translation_notice_reconstructed": "This English text is a translation, for reference, of a reconstruction. Neither it nor the Japanese reconstruction is authoritative.",
        "reconstructed_basis": "Basis of the reconstruction (differences from the next revision)",
        "reconstructed_badge": "Reconstruction",
        "published_badge": "Published text",
        "history_title": "{policy}: Revision History",
        "history_intro": "Every revision of this document, newest first. Open each one in full, or compared with the revision before it or with the revision in effect (inline, or side by side as a comparison table).",
        "history_in_preparation": "The English translation of one of these revisions is in preparation, so this comparison shows the Japanese texts, which are authoritative.",
        "view_inline": "Changes in the text",
        "view_side_by_side": "Side by side",
        "event_established": "Established",
        "event_revised": "Revised",
        "view_revision": "Read this revision in full",
        "history_first": "This is the oldest revision in this history; there is no earlier revision to compare with.",
        "history_first_short": "First revision",
        "history_no_previous": "Earlier revision not available",
        "note_current": "current version",
        "note_upcoming": "upcoming",
        "note_reconstructed": "reconstruction",
        "annotated": "{text} ({note})",
        "label_value": "{label}: {value}",
        "revision_title": "{policy} (effective {date})",
        "revision_title_reconstructed": "{policy} (effective {date}, reconstruction)",
        "compare_with_current": "Compare with the revision in effect ({date})",
        "history_production": "Earlier revisions are not shown because their published text is not available.",
        "timeline_title": "Revision History of All Documents",
        "timeline_nav": "Revision history of all documents",
        "timeline_intro": "Every establishment and revision of every document, newest first.",
        "col_event": "Event",
        "col_changes": "Changes",
        "change_counts": "{sections} sections, {inserted} characters inserted, {deleted} deleted",
        "compare_title": "{variant} Compared with the {base}",
        "compare_intro": "The {base} in effect (since {base_date}) and the {variant} (in effect since {variant_date}) side by side, each column headed by the document’s name; underlined parts differ between the two. Both are published texts, in effect at the same time.",
        "compare_legend": "(Underlined parts differ between the two documents)",
        "nav_current": "In effect",
        "nav_history": "Revision history",
        "nav_compare": "Compared with the general policy",
        "in_preparation_title": "Translation in preparation",
        "feed_title": "IPROS Corporation Privacy Policy and Related Documents: revisions",
        "feed_subtitle": "Establishments and revisions of the privacy policy and related documents, with what changed",
        "stale_notice": "The Japanese text of this revision has changed since this translation was made; the translation may be out of date.",
        "compare_pair_title": "{policy}: the revision of {old} compared with the revision of {new}",
        "compare_pair_intro": "What changed from {old} (before) to {new} (after). Unchanged text is left out and marked “(unchanged text omitted)”.",
        "revision_of": "the revision of {date}",
        "back_to_history": "Revision history",
        "show_full_text": "Show the full text",
        "compare_limited": "This policy has {count} revisions, so comparison pages exist only for neighbouring revisions and for each revision against the one in effect (every pair up to {limit} revisions).",
        "compare_any_title": "Compare any two revisions",
        "compare_old_label": "Before",
        "compare_new_label": "After",
        "compare_button": "Compare",
        "compare_same": "Choose two different revisions.",
        "compare_missing": "There is no comparison page for this pair; choose one from the list below.",
        "compare_all_links": "All comparison pages",
        "compare_previous": "Compare with the previous revision ({date})",
        "changed_sections": "Sections changed: {sections}",
        # reconstruction and archived-copy markers
        "inferred_title": "Inferred differences",
        "inferred_old": "The earlier text is a reconstruction: these differences are inferred, not recorded.",
        "inferred_new": "The later text is a reconstruction: these differences are inferred, not recorded.",
        "inferred_both": "Both texts are reconstructions: these differences are inferred, not recorded.",
        "inferred_cumulative": "This span covers changes in law in force on {dates}: these differences may have been made in more than one revision.",
        "list_separator": ", ",
        "sentence_separator": ". ",
        "list_and": " and ",
        "unknown_revisions": "Between this revision and that of {date}, changes in law came into force on {dates}: there may have been revisions in between that are not recorded.",
        "sentence_gap": " ",
        "label_separator": ": ",
        "event_established_what": "{what} established",
        "derived_from_published": "the revision of {date} (published text)",
        "derived_from_reconstruction": "the revision of {date} (itself a reconstruction)",
        "derived_from_archived": "the revision of {date} (archived copy)",
        "derived_from_later": "a later revision",
        "reconstructed_notice_from": "This revision is a reconstruction, not the text published on this date. It was derived from {source} by removing or adjusting what later revisions are inferred to have introduced. For each difference, what the published text shows (the evidence) and what is inferred from it, and why, are listed below.",
        "reconstructed_basis_from": "Basis of the reconstruction (differences from the revision of {date})",
        "basis_evidence": "What the published text shows",
        "basis_inference": "What is inferred, and why",
        "archived_badge": "Archived copy",
        "archived_notice": "This text is taken from an archived copy. Source: {source} (captured {captured})",
        "compare_intro_inferred": "The {base} in effect (since {base_date}) and the {variant} (in effect since {variant_date}) side by side, each column headed by the document’s name; underlined parts differ between the two.",
    },
    "zh": {
        "site_name": "IPROS（株式会社イプロス）隐私政策及相关文件",
        "site_description": "IPROS公司的隐私政策及相关文件，以及各文件的修订历史。",
        "copyright": "文件正文 © IPROS公司。以日文文本为准。",
        "copyright_reconstructed": "此版本为推定复原文本，并非IPROS公司公布的文本。本页任何文本均不具有正式效力。",
        "palette_to_dark": "切换到深色模式",
        "palette_to_light": "切换到浅色模式",
        "permalink_title": "指向此标题的链接",
        "not_found_title": "找不到页面",
        "not_found_text": "找不到您要访问的页面。请检查网址是否正确，或从首页查找所需文件。",
        "not_found_home": "返回首页",
        "home_title": "IPROS（株式会社イプロス）隐私政策及相关文件",
        "home_intro": "IPROS公司的隐私政策及相关文件，以及每次修订的历史和修改内容。",
        "col_policy": "文件",
        "col_effective": "生效日期",
        "date_established": "制定日期",
        "date_revised": "修订日期",
        "captured_published": "{captured}从本公司网站获取的公布文本",
        "captured_source": "（来源：{source}）",
        "permalink": "本版本的永久链接",
        "all_revisions": "所有版本",
        "current_version": "现行版本",
        "superseded": "本版本已于{date}被修订。现行版本为{link}。",
        "superseded_inferred": "本履历中此版本之后列出的版本为{date}的版本。现行版本为{link}。",
        "is_current": "本版本为现行版本。",
        "upcoming_notice": "有一项修订将于{date}生效（截至{built}还有{days}天）：{link}",
        "days_one": "1",
        "days_many": "{n}",
        "upcoming": "即将生效",
        "in_preparation": "本版本的中文翻译正在准备中。以下为日文原文，日文文本为正式文本。",
        "translation_notice": "本中文文本为参考译文。以日文文本为准。",
        "translation_notice_reconstructed": "本中文文本为推定复原文本的参考译文。本译文及日文推定复原文本均不具有正式效力。",
        "reconstructed_basis": "复原依据（与下一版本的差异）",
        "reconstructed_badge": "推定复原",
        "published_badge": "公布文本",
        "history_title": "{policy}：修订历史",
        "history_intro": "按从新到旧的顺序列出本文件的所有版本。可打开各版本的全文，或查看其与上一版本、与现行版本的比较（在正文中标示插入与删除，或以新旧对照表形式）。",
        "history_in_preparation": "其中某一版本的中文翻译正在准备中，因此本比较显示的是作为正式文本的日文文本。",
        "view_inline": "在正文中显示修改",
        "view_side_by_side": "新旧对照表",
        "event_established": "制定",
        "event_revised": "修订",
        "view_revision": "阅读本版本全文",
        "history_first": "这是本历史中最早的版本，没有可供比较的更早版本。",
        "history_first_short": "最早版本",
        "history_no_previous": "未收录更早的版本",
        "note_current": "现行版本",
        "note_upcoming": "即将生效",
        "note_reconstructed": "推定复原",
        "annotated": "{text}（{note}）",
        "label_value": "{label}：{value}",
        "revision_title": "{policy}（{date}生效版本）",
        "revision_title_reconstructed": "{policy}（{date}生效版本，推定复原）",
        "compare_with_current": "与现行版本（{date}）比较",
        "history_production": "由于无法获得更早版本的公布文本，此处未列出更早的版本。",
        "timeline_title": "全部文件的修订历史",
        "timeline_nav": "全部文件的修订历史",
        "timeline_intro": "按生效日期从新到旧列出所有文件的制定与修订。",
        "col_event": "事项",
        "col_changes": "修改量",
        "change_counts": "{sections}处，插入{inserted}个字符，删除{deleted}个字符",
        "compare_title": "{variant}与{base}的比较",
        "compare_intro": "将现行的{base}（{base_date}生效）与{variant}（{variant_date}生效）并排比较，各栏以文件名称为标题；下划线部分为两者不同之处。两者均为公布的文本，且同时有效。",
        "compare_legend": "（下划线部分为两份文件不同之处）",
        "nav_current": "现行版本",
        "nav_history": "修订历史",
        "nav_compare": "与通用版本比较",
        "in_preparation_title": "翻译准备中",
        "feed_title": "IPROS（株式会社イプロス）隐私政策及相关文件的修订",
        "feed_subtitle": "隐私政策及相关文件的制定、修订及修改内容",
        "stale_notice": "本版本的日文文本在翻译后已有修改，译文可能不是最新的。",
        "compare_pair_title": "{policy}：{old}版与{new}版的比较",
        "compare_pair_intro": "显示从{old}（修改前）到{new}（修改后）的修改。未修改的文本以“（略）”省略。",
        "revision_of": "{date}版",
        "back_to_history": "修订历史",
        "show_full_text": "同时显示未修改的文本（全文）",
        "compare_limited": "本政策共有 {count} 个版本，因此仅为相邻版本之间以及各版本与现行版本之间提供比较页面（{limit} 个版本以内提供所有组合）。",
        "compare_any_title": "比较任意两个版本",
        "compare_old_label": "修改前的版本",
        "compare_new_label": "修改后的版本",
        "compare_button": "比较",
        "compare_same": "请选择两个不同的版本。",
        "compare_missing": "没有这一组合的比较页面，请从下面的列表中选择。",
        "compare_all_links": "所有比较页面",
        "compare_previous": "与上一版本（{date}）比较",
        "changed_sections": "修改的部分：{sections}",
        # reconstruction and archived-copy markers
        "inferred_title": "推定的差异",
        "inferred_old": "较早的文本为推定复原版本：这些差异是推定的，而非记录的。",
        "inferred_new": "较晚的文本为推定复原版本：这些差异是推定的，而非记录的。",
        "inferred_both": "两个文本均为推定复原版本：这些差异是推定的，而非记录的。",
        "inferred_cumulative": "此期间涵盖于{dates}施行的法律修改：这些差异可能是在不止一次修订中作出的。",
        "list_separator": "、",
        "sentence_separator": "。",
        "list_and": "和",
        "unknown_revisions": "在本版本与{date}的版本之间，有于{dates}施行的法律修改：其间可能有未被记录的修订。",
        "sentence_gap": "",
        "label_separator": "：",
        "event_established_what": "{what} {event}",
        "derived_from_published": "{date}的版本（公布文本）",
        "derived_from_reconstruction": "{date}的版本（其本身也是推定复原版本）",
        "derived_from_archived": "{date}的版本（存档副本）",
        "derived_from_later": "其后的版本",
        "reconstructed_notice_from": "本版本为推定复原版本，并非该日期公布的文本。它是根据{source}，删除或调整推定为后来的修订所引入的内容而得出的。各项差异的依据（公布文本所示内容）以及据此推定的内容和理由列于下方。",
        "reconstructed_basis_from": "复原依据（与{date}版本的差异）",
        "basis_evidence": "公布文本所示内容",
        "basis_inference": "推定内容及理由",
        "archived_badge": "存档副本",
        "archived_notice": "本版本的文本取自存档副本。来源：{source}（{captured}获取）",
        "compare_intro_inferred": "将现行的{base}（{base_date}生效）与{variant}（{variant_date}生效）并排比较，各栏以文件名称为标题；下划线部分为两者不同之处。",
    },
}


# Characters set in full width in Japanese and Chinese running text: kana, CJK ideographs and
# punctuation, full-width forms.
_CJK = scripts.char_class(*scripts.FULL_WIDTH_TEXT)
# Markdown link targets, HTML tags and format placeholders are markup, never running text.
_MARKUP = re.compile(r"(\]\([^)\s]*\)|<[^>]*>|\{[a-z_]*\})")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_PARENTHESIS = re.compile(r" ?\(([^()]*)\) ?")
_SPACE_BEFORE = re.compile(f"(?<=[{_CJK}])[ ]+(?=[0-9\\[{{（]|\x00)")
_SPACE_AFTER = re.compile(f"(?:(?<=[0-9\\]}}）]|\x00)|(?<=[0-9][年月日号號]))[ ]+(?=[{_CJK}])")


def render_typography(text: str, locale: str) -> str:
    """Japanese and Chinese typesetting of interface text: full-width brackets （…） and no
    half-width space between the text and a date, a number or a link.

    Running text like 「この版は 2009年2月10日 に改定 (再構成)」 reads as a machine's; the rules
    of Japanese (JIS X 4051) and Chinese (GB/T 15834) typesetting set it 「この版は2009年2月10日に
    改定（再構成）」. English text is returned unchanged.
    """
    if locale not in ("ja", "zh"):
        return text
    parts = _MARKUP.split(text)
    # Markup is swapped out for a NUL while the rules run, so that "{date}" or a link counts as a
    # word next to which no space is kept, and its own characters are never touched.
    joined = "".join("\x00" if i % 2 else part for i, part in enumerate(parts))
    joined = _PARENTHESIS.sub(_full_width_parenthesis, joined)
    joined = _SPACE_BEFORE.sub("", joined)
    joined = _SPACE_AFTER.sub("", joined)
    pieces = joined.split("\x00")
    return "".join(piece + (parts[2 * i + 1] if 2 * i + 1 < len(parts) else "") for i, piece in enumerate(pieces))


def _full_width_parenthesis(match: re.Match) -> str:
    """（…） around Japanese or Chinese, or a placeholder; "(…)" kept inside Latin text."""
    before = match.string[match.start() - 1] if match.start() else ""
    if _CJK_CHAR.search(match.group(1) + before) or "\x00" in match.group(1):
        return f"（{match.group(1)}）"
    return match.group(0)


def t(locale: str, key: str, **values: str) -> str:
    """The interface string ``key`` in ``locale``, with Japanese/Chinese typesetting applied."""
    return render_typography(STRINGS[locale][key].format(**values), locale)


def annotate(locale: str, text: str, note: str) -> str:
    """``text`` with a parenthetical note, as each language writes it: 現行版（再構成）, 现行版本（推定复原）,
    "revised (reconstruction)"."""
    return t(locale, "annotated", text=text, note=note)


def format_days(count: int, locale: str) -> str:
    """A number of days as the sentence around it needs it ("1 day", "30 days" in English)."""
    return t(locale, "days_one" if count == 1 else "days_many", n=str(count))


def format_date(value: date, locale: str) -> str:
    if locale == "en":
        return f"{value:%B} {value.day}, {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"
