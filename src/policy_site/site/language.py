"""Which script a text is in: the checks that keep Chinese and English pages free of Japanese.

Chinese readers cannot be expected to read kana, and Japanese kanji forms such as 啓, 広 or 個
are not Simplified Chinese: a zh page that shows them is a translation left half done. The only
Japanese a translated page may show is a company's registered name, in parentheses right after
its translation ("LY Corporation（LINEヤフー株式会社）"); the site marks those ``lang="ja"`` so that
browsers, screen readers and these checks know them for what they are.
"""

from __future__ import annotations

import bisect
import functools
import itertools
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
_MAY_MARK = re.compile("[「（(]")  # mark() leaves any text without these as it is
_SKIP_TEXT_IN = ("title", "script", "style", "textarea", "svg")
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|<!--.*?-->", re.S)
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})", re.S)  # the same tokens, as re.split gives them


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

    return render_text_nodes(html, mark, only=_MAY_MARK)


def render_text_nodes(html: str, render: Callable[[str], str], skip: tuple[str, ...] = (),
                      *, only: re.Pattern[str] | None = None) -> str:
    """``html`` with each run of text between tags passed through ``render``: never the text of
    <title>, scripts, styles, text areas or SVG (nor of the elements named in ``skip``), nor
    attributes or comments.

    ``only``: a pattern that every text ``render`` would change contains (``render`` leaves any
    other text as it is), which matches neither ``<`` nor ``>``. Then only the texts holding a
    match are rendered, found by one search of the whole page instead of a call per text: every
    page passes through here two or three times a build, and most of its texts hold no date and
    no name (``tests/test_nowrap.py`` checks that the result is the one of rendering every text).
    """
    found = None if only is None else [m.start() for m in only.finditer(html)]
    if found == []:
        return html  # no text holds what render would change: no need to read the tags
    skipped = _skipped_tag_names(_SKIP_TEXT_IN + tuple(skip))
    parts = _TOKEN_SPLIT.split(html)  # text, token, "/" or "", tag name (None: a comment), text, ...
    tokens, tags = parts[1::4], parts[3::4]
    # Offsets: text k starts at bounds[2k] and ends at bounds[2k + 1], where token k starts (or at
    # the end of the page).
    lengths = [0] * (2 * len(tokens) + 2)
    lengths[1::2] = map(len, parts[0::4])
    lengths[2::2] = map(len, tokens)
    bounds = list(itertools.accumulate(lengths))
    skipping_from: list[tuple[int, bool]] = []  # (text index, skipping from it on), where that changes
    stack: list[str] = []
    for k in [k for k, tag in enumerate(tags) if tag in skipped]:
        tag = tags[k].lower()
        if not tokens[k].endswith("/>"):
            before = bool(stack)
            if parts[4 * k + 2] and stack and stack[-1] == tag:
                stack.pop()
            elif not parts[4 * k + 2]:
                stack.append(tag)
            if bool(stack) != before:
                skipping_from.append((k + 1, bool(stack)))
    if found is None:
        chosen = range(len(tokens) + 1)
    else:  # the texts (even bounds), not the tokens, that hold a match
        places = sorted({bisect.bisect_right(bounds, start) - 1 for start in found})
        chosen = [place // 2 for place in places if place % 2 == 0]
    out: list[str] = []
    position = 0
    changes = iter(skipping_from + [(len(tokens) + 1, False)])
    change_at, skipping_after = next(changes)
    skipping = False
    for k in chosen:
        while change_at <= k:
            skipping = skipping_after
            change_at, skipping_after = next(changes)
        if skipping:
            continue
        start, end = bounds[2 * k], bounds[2 * k + 1]
        out.append(html[position:start])
        out.append(render(html[start:end]))
        position = end
    out.append(html[position:])
    return "".join(out)


@functools.lru_cache(maxsize=None)
def _skipped_tag_names(names: tuple[str, ...]) -> frozenset[str]:
    """Every spelling, in any case, of the tag names whose text is skipped (HTML tag names ignore
    case): a set membership per tag instead of lowering each of the page's tag names."""
    spellings: set[str] = set()
    for name in names:
        spellings.update("".join(chars) for chars in itertools.product(*((c.lower(), c.upper()) for c in name)))
    return frozenset(spellings)


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
