"""Which script a text is in: the checks that keep Chinese and English pages free of Japanese.

Chinese readers cannot be expected to read kana, and Japanese kanji forms such as 啓, 広 or 個
are not Simplified Chinese: a zh page that shows them is a translation left half done. The only
Japanese a translated page may show is a company's registered name, in parentheses right after
its translation ("LY Corporation（LINEヤフー株式会社）"); the site marks those ``lang="ja"`` so that
browsers, screen readers and these checks know them for what they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from policy_site.common import scripts

KANA = scripts.compile_class(*scripts.KANA)
CJK = scripts.compile_class(*scripts.KANA_AND_HAN)

# Kanji forms that Simplified Chinese never uses: Japanese shinjitai that differ from the
# simplified form (広 / 广, 変 / 变), Japanese-made characters (込, 働, 々), and traditional forms
# that Japanese shares (個, 報, 業). Characters valid in both (会, 学, 写, 断, 画, 将…) are not listed.
JAPANESE_ONLY = frozenset(
    "亜悪圧囲為壱隠営栄衛駅円塩応穏仮価絵拡覚楽巻陥勧寛漢関歓観気帰偽戯犠拠挙暁駆勲恵掲渓経蛍"
    "軽継鶏撃県倹剣険圏検顕験厳広効鉱黒砕剤斎殺雑桟賛糸歯児実釈収従渋獣縦粛処緒奨焼証乗剰浄畳"
    "縄譲醸粋酔髄斉摂繊専戦銭荘捜挿巣層総騒増贈臓蔵続対帯滝択沢単弾団遅鋳庁聴懲勅鎮逓鉄転伝闘"
    "徳読悩脳廃拝売髪抜晩浜併塀辺変弁穂豊毎満黙訳薬揺様謡頼覧欄竜両猟緑涙霊隷齢労録弐仏払込働"
    "枠畑扱徴閲認識規約業務員請託連絡問開訂適機電話個當報歴啓關變讀續營擇險轉覽語館際権"
    "々〆"
)


def find_japanese_only(text: str) -> list[str]:
    """The kana and Japanese-only kanji of ``text``, in order (empty for clean Simplified Chinese)."""
    return [ch for ch in text if ch in JAPANESE_ONLY or KANA.match(ch)]


# Japanese quoted in 「」 (a reconstruction's basis quotes the published wording); Simplified
# Chinese and English quote with “” and "", so corner brackets mark Japanese here.
_QUOTED = re.compile(r"「([^「」<>]+)」")
_SKIP_TEXT_IN = ("title", "script", "style", "textarea", "svg")
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|<!--.*?-->", re.S)


def render_original_names(html: str, names: Iterable[str], lang: str = "ja") -> str:
    """Mark each allowed original name that stands in parentheses as ``<span lang="{lang}">`` (the
    language of the texts translated), and, when that is Japanese, Japanese quoted in 「」: text
    nodes only, never inside <title>, scripts, styles or attributes."""
    names = sorted(set(names), key=len, reverse=True) or ["\uffff"]
    quotes = lang == "ja"  # 「」 around kana or Japanese-only kanji is Japanese wherever it stands
    if not (quotes and "「" in html) and not any(name in html for name in names):
        return html  # nothing to mark (most pages): not worth walking every tag
    named = re.compile("(?<=[（(])(" + "|".join(map(re.escape, names)) + ")(?=[）)，,])")

    def mark(text: str) -> str:
        if "「" not in text and "（" not in text and "(" not in text:
            return text  # most text nodes: neither pattern can match
        text = named.sub(rf'<span lang="{lang}">\1</span>', text)
        if not quotes:
            return text
        return _QUOTED.sub(lambda m: f'「<span lang="ja">{m.group(1)}</span>」'
                           if KANA.search(m.group(1)) or any(ch in JAPANESE_ONLY for ch in m.group(1))
                           else m.group(0), text)

    return render_text_nodes(html, mark)


def render_text_nodes(html: str, render: Callable[[str], str], skip: tuple[str, ...] = ()) -> str:
    """``html`` with each run of text between tags passed through ``render``: never the text of
    <title>, scripts, styles, text areas or SVG (nor of the elements named in ``skip``), nor
    attributes or comments."""
    skipped = _SKIP_TEXT_IN + tuple(skip)
    out: list[str] = []
    skipping: list[str] = []
    position = 0
    for match in _TOKEN.finditer(html):
        text = html[position:match.start()]
        out.append(text if skipping else render(text))
        out.append(match.group(0))
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if tag in skipped and not match.group(0).endswith("/>"):
            if closing and skipping and skipping[-1] == tag:
                skipping.pop()
            elif not closing:
                skipping.append(tag)
        position = match.end()
    text = html[position:]
    out.append(text if skipping else render(text))
    return "".join(out)


def load_original_names(glossary_path) -> tuple[str, ...]:
    """The glossary's ``original_names``: none when the project has no glossary (a fixture site)."""
    from pathlib import Path

    path = Path(glossary_path)
    if not path.is_file():
        return ()
    names = _parse_original_names(path.read_text(encoding="utf-8"))
    if names is None:
        raise ValueError(f"Reading '{path.name}': 'original_names' must be a list of names; "
                         "write one registered Japanese name per item")
    return names


@functools.lru_cache(maxsize=8)
def _parse_original_names(text: str) -> tuple[str, ...] | None:
    """Parsed once per text: every locale of every build asks for the names, and pure-Python YAML
    takes about 50 ms for the real glossary."""
    import yaml

    data = yaml.safe_load(text) or {}
    names = data.get("original_names", []) if isinstance(data, dict) else None
    if not isinstance(names, list) or not all(isinstance(name, str) and name for name in names):
        return None
    return tuple(names)
