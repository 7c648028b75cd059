"""Interface wording of the site in each locale (never policy wording).

Kept in one table so that a missing string in one locale is a KeyError in tests, not a silently
English page.
"""

from __future__ import annotations

from datetime import date

STRINGS: dict[str, dict[str, str]] = {
    "ja": {
        "home_title": "株式会社イプロス ポリシー",
        "home_intro": "株式会社イプロスのプライバシーポリシーおよび関連する方針です。各方針の改定の履歴と、改定ごとの変更箇所を確認できます。",
        "col_policy": "方針",
        "col_effective": "施行日",
        "col_revisions": "改定",
        "effective": "施行日",
        "current_revision": "現在施行されている版",
        "permalink": "この版の固定リンク",
        "all_revisions": "すべての版",
        "current_version": "現行版",
        "superseded": "この版は {date} に改定されました。現在施行されている版は {link} です。",
        "is_current": "この版は現在施行されています。",
        "upcoming_notice": "{date} に施行される改定があります: {link}",
        "upcoming": "施行予定",
        "in_preparation": "",
        "translation_notice": "",
        "reconstructed_notice": "この版は再構成です。この日付に公表された文面ではありません。公表されている新しい版から、後の法改正で加わった箇所を取り除いて作成したもので、その差分と理由を下に示します。",
        "reconstructed_basis": "再構成の根拠（次の版との差分）",
        "reconstructed_badge": "再構成",
        "published_badge": "公表文",
        "stale_notice": "",
    },
    "en": {
        "home_title": "IPROS Corporation policies",
        "home_intro": "The privacy policy of IPROS Corporation (株式会社イプロス) and related policies, with the history of every revision and what each one changed.",
        "col_policy": "Policy",
        "col_effective": "In effect since",
        "col_revisions": "Revisions",
        "effective": "Effective",
        "current_revision": "Revision in effect",
        "permalink": "Permanent link to this revision",
        "all_revisions": "All revisions",
        "current_version": "current version",
        "superseded": "This revision was superseded on {date}. The revision in effect is {link}.",
        "is_current": "This revision is in effect.",
        "upcoming_notice": "A revision takes effect on {date}: {link}",
        "upcoming": "upcoming",
        "in_preparation": "The English translation of this revision is in preparation. The text below is the Japanese original, which is the authoritative wording.",
        "translation_notice": "This English text is a translation for reference. The Japanese text is authoritative and prevails.",
        "reconstructed_notice": "This revision is a reconstruction, not the text published on this date. It was derived from the next published text by removing what later changes in law introduced; the differences and their reasons are listed below.",
        "reconstructed_basis": "Basis of the reconstruction (differences from the next revision)",
        "reconstructed_badge": "reconstruction",
        "published_badge": "published text",
        "stale_notice": "The Japanese text of this revision has changed since this translation was made; the translation may be out of date.",
    },
    "zh": {
        "home_title": "株式会社イプロス（IPROS Corporation）政策",
        "home_intro": "株式会社イプロス的隐私政策及相关政策，以及每次修订的历史和修改内容。",
        "col_policy": "政策",
        "col_effective": "施行日期",
        "col_revisions": "修订",
        "effective": "施行日期",
        "current_revision": "现行版本",
        "permalink": "本版本的永久链接",
        "all_revisions": "所有版本",
        "current_version": "现行版本",
        "superseded": "本版本已于 {date} 被修订。现行版本为 {link}。",
        "is_current": "本版本为现行版本。",
        "upcoming_notice": "有一项修订将于 {date} 施行：{link}",
        "upcoming": "即将施行",
        "in_preparation": "本版本的中文翻译正在准备中。以下为日文原文，日文文本为正式文本。",
        "translation_notice": "本中文文本为参考译文。以日文文本为准。",
        "reconstructed_notice": "本版本为重构版本，并非该日期公布的文本。它是根据其后公布的文本，删除后来的法律修改所引入的内容而得出的；差异及其理由列于下方。",
        "reconstructed_basis": "重构依据（与下一版本的差异）",
        "reconstructed_badge": "重构",
        "published_badge": "公布文本",
        "stale_notice": "本版本的日文文本在翻译后已有修改，译文可能不是最新的。",
    },
}


def t(locale: str, key: str, **values: str) -> str:
    return STRINGS[locale][key].format(**values)


def format_date(value: date, locale: str) -> str:
    if locale == "en":
        return f"{value:%B} {value.day}, {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"
