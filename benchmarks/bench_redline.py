"""Benchmark of the redline engine against raw diff-match-patch and BudouX-on-everything.

    python benchmarks/bench_redline.py [--repeat N] [--quick]

Prints two tables:

1. On a ~20,000-character Japanese pair with ~20 edits: raw ``diff_main`` + ``diff_cleanupSemantic``
   (deterministic ``Diff_Timeout = 0``, as the engine uses it, and the library default of 1 s for
   reference), the full redline (parse + align + diff + phrase snapping + inline HTML), and BudouX
   segmentation of both revisions; each with its ratio to raw diff-match-patch.
2. Growth with document size (5k, 20k, 80k, 320k characters, one edit per ~1,000 characters).
3. The real-document corpus (``tests/redline/corpus``): ``policy-redline diff`` as a process per
   pair, in total, against one raw diff-match-patch process over the same pairs (goal: at most
   0.1x), and the noise counts of the redlines (``--noise`` prints only those: run it with another
   checkout's ``src`` on ``PYTHONPATH`` to compare engines).
4. Start-up: the CLI on two tiny files against a bare ``import diff_match_patch`` (goal: 2x).
5. One long block: a 400,000-character single paragraph with an edit every ~100 characters against
   the same text split into paragraphs (goal: at most ~3x), and, for reference, the cost of
   the same block without sentence splitting at smaller sizes (diff-match-patch is O(N·D)).

Documents are synthetic but shaped like the policy sources (sections with ``{#id}``, paragraphs,
``（n）`` lists, a table) and built from policy wording, deterministically (fixed seeds), so runs are
comparable across machines. Times are medians of ``--repeat`` runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import budoux
from diff_match_patch import diff_match_patch

from policy_site.redline import compute_redline, parse_document, render_inline_html
from policy_site.redline.blocks import ParseMemo
from policy_site.common.frontmatter import split_front_matter

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "redline" / "corpus"
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}://|mailto:|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]]")
_FAKE_ITEM = re.compile(r"^[*\-_](?:[ \t]*[*\-_])+$")
_LITERAL_HEADING = re.compile(r"^#{1,6}\s")

SENTENCES = [
    "当社は、取得した個人情報を適切に管理します。",
    "当社は、個人情報の取扱い業務の一部または全部を外部委託する場合があります。",
    "この場合、当社は、個人情報を適切に管理できると認められる業務委託先を選定します。",
    "個人情報の漏洩、滅失または毀損がないよう必要な事項を業務委託先と取り決めた上で行います。",
    "本人の同意なく下記の目的の範囲を超えて利用することはありません。",
    "その他の利用目的がある場合には、その収集の都度、利用目的を通知または公表いたします。",
    "法令により例外として認められた場合を除き、あらかじめご本人の同意を得た利用目的の範囲内でのみ個人情報を取り扱います。",
    "当社が、提供を受けた個人情報をもとに、特定の個人を識別できないような形式で統計データを作成することがあります。",
    "利用者が個人情報の提供、当社による個人情報の取扱いについて拒否することができます。",
    "当社サービスの登録フォームにおいて必須とされている情報をご提供いただけない場合は、当社サービスがご利用になれません。",
    "当社は、クッキー（Cookie）やJavaScript等の技術を利用して、利用者の行動に関する情報を取得することがあります。",
    "取得した行動履歴や属性情報は、当社サービス利便性の向上及び広告の配信等を目的に利用することがあります。",
    "当社では、個人情報の入力ページ等において、SSLを採用し、個人情報を暗号化して送信しております。",
    "安全対策上の問題が確認された場合は、その原因を特定し、速やかに是正措置を講じます。",
    "個人情報の開示等に関する請求を受けた場合、当社は、ご本人であることを確認の上、速やかに対応いたします。",
    "なお、バックアップデータ等、その性質上、確認、訂正又は削除等の手続きが行うことができない場合があります。",
    "提供先の第三者が所在する外国の特定が困難である旨ご了承ください。",
    "お客様との電話対応時において、通話を録音させていただく場合があります。",
]
ITEMS = [
    "思想、信条又は宗教に関する事項",
    "BtoB情報サービス会員の個人認証及び会員向けサービスの提供",
    "アンケート、プレゼント、キャンペーン等の応募受付及びプレゼント等の発送",
    "弁護士会、消費者センターまたはこれらに準じた権限を有する機関から、法令に基づき開示を求められた場合",
    "合併その他の事由による事業の承継に伴い個人情報を提供する場合",
]
REWORDS = [("管理", "保存"), ("法令", "日本国内外の適用法令"), ("滅失または毀損", "改ざん、逸失"), ("拒否する", "拒否し、同意を撤回する"),
           ("速やかに", "合理的な範囲内において速やかに"), ("利用者", "会員"), ("個人情報", "個人データ")]


def build_policy(chars: int, seed: int) -> list[str]:
    """Blocks (Markdown lines) of a synthetic Japanese policy of about ``chars`` characters."""
    rnd = random.Random(seed)
    blocks = ["# プライバシーポリシー"]
    size, section = 0, 0
    while size < chars:
        section += 1
        blocks.append(f"## 個人情報の取扱い（その{section}） {{#section-{section}}}")
        for _ in range(rnd.randint(2, 4)):
            kind = rnd.random()
            if kind < 0.6:
                block = "".join(rnd.sample(SENTENCES, rnd.randint(2, 4)))
            elif kind < 0.9:
                block = "\n".join(f"- （{n}） {rnd.choice(SENTENCES)}" for n in range(1, rnd.randint(2, 5)))
            else:
                block = "| 項目 | 内容 |\n| --- | --- |\n" + "\n".join(f"| {rnd.choice(ITEMS)} | {rnd.choice(SENTENCES)} |"
                                                                     for _ in range(3))
            blocks.append(block)
            size += len(block)
    return blocks


def edit_policy(blocks: list[str], edits: int, seed: int) -> list[str]:
    """The same policy after ``edits`` edits: rewordings, inserted, deleted and added sentences."""
    rnd = random.Random(seed)
    new = list(blocks)
    body = [k for k, block in enumerate(new) if not block.startswith("#")]
    for k in rnd.sample(body, min(edits, len(body))):
        action = rnd.random()
        if action < 0.5:
            old, replacement = rnd.choice([pair for pair in REWORDS if pair[0] in new[k]] or [("。", "。")])
            new[k] = new[k].replace(old, replacement, 1)
        elif action < 0.7:
            new[k] = new[k] + rnd.choice(SENTENCES) if not new[k].startswith(("-", "|")) else new[k] + "\n- （9） " + rnd.choice(ITEMS)
        elif action < 0.85:
            cut = new[k].find("。")
            new[k] = new[k][cut + 1:] if 0 < cut < len(new[k]) - 1 else new[k] + "ただし、この限りではありません。"
        else:
            new.insert(k + 1, rnd.choice(SENTENCES))
    return new


def make_pair(chars: int, edits: int, seed: int = 7) -> tuple[str, str]:
    blocks = build_policy(chars, seed)
    return "\n\n".join(blocks) + "\n", "\n\n".join(edit_policy(blocks, edits, seed + 1)) + "\n"


def median_ms(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def raw_dmp(old: str, new: str, timeout: float) -> Callable[[], object]:
    matcher = diff_match_patch()
    matcher.Diff_Timeout = timeout

    def run():
        diffs = matcher.diff_main(old, new)
        matcher.diff_cleanupSemantic(diffs)
        return diffs
    return run


def ours(old: str, new: str) -> Callable[[], object]:
    return lambda: render_inline_html(compute_redline(old, new, locale="ja"))


def ours_parsed(old: str, new: str) -> Callable[[], object]:
    """As the site build can call it: each revision parsed once, then compared with its neighbours."""
    old_doc, new_doc = parse_document(old), parse_document(new)
    return lambda: render_inline_html(compute_redline(old_doc, new_doc, locale="ja"))


def parse_both(old: str, new: str) -> object:
    memo = ParseMemo()
    return parse_document(old, memo=memo), parse_document(new, memo=memo)


def budoux_everything(old: str, new: str) -> Callable[[], object]:
    parser = budoux.load_default_japanese_parser()
    return lambda: (parser.parse(old), parser.parse(new))


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(header[k]), *(len(row[k]) for row in rows)) for k in range(len(header))]
    print(f"\n{title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.rjust(w) if k else c.ljust(w) for k, (c, w) in enumerate(zip(row, widths))) + " |")


WORDS = ("personal information data service user account provide collect use share third party "
         "partner process store retain delete request consent law legal purpose security measure "
         "access cookie device location contact email address payment transaction record "
         "analytics advertising marketing improve protect rights choice notice policy update").split()


def build_long_block(chars: int, seed: int) -> list[str]:
    """Sentences (English-like, each unique) of about ``chars`` characters in all."""
    rnd = random.Random(seed)
    sentences, size = [], 0
    while size < chars:
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(6, 16))]
        sentence = f"{words[0].capitalize()} {' '.join(words[1:])} {len(sentences)}. "
        sentences.append(sentence)
        size += len(sentence)
    return sentences


def edit_sentences(sentences: list[str], every: int, seed: int) -> list[str]:
    """One word replaced about every ``every`` characters."""
    rnd = random.Random(seed)
    out, since = [], 0
    for sentence in sentences:
        since += len(sentence)
        if since >= every:
            since = 0
            words = sentence.split(" ")
            k = rnd.randrange(1, len(words) - 2)
            words[k] = rnd.choice(WORDS)
            sentence = " ".join(words)
        out.append(sentence)
    return out


def long_block_pair(chars: int, *, paragraphs: bool) -> tuple[str, str]:
    old = build_long_block(chars, 11)
    new = edit_sentences(old, 100, 12)

    def join(sentences: list[str]) -> str:
        if not paragraphs:
            return "".join(sentences).strip() + "\n"
        return "\n\n".join("".join(sentences[k:k + 5]).strip() for k in range(0, len(sentences), 5)) + "\n"
    return join(old), join(new)


def en(old: str, new: str) -> Callable[[], object]:
    return lambda: render_inline_html(compute_redline(old, new, locale="en"))


def long_block_table(quick: bool) -> None:
    from policy_site.redline import diff as engine_diff

    chars = 100_000 if quick else 400_000
    rows = []
    single = en(*long_block_pair(chars, paragraphs=False))
    split = en(*long_block_pair(chars, paragraphs=True))
    single_ms, split_ms = median_ms(single, 3), median_ms(split, 3)
    rows.append([f"{chars // 1000}k characters, one paragraph", f"{single_ms:.0f}", f"{single_ms / split_ms:.2f}"])
    rows.append([f"{chars // 1000}k characters, paragraphs of 5 sentences", f"{split_ms:.0f}", "1.00"])
    saved = engine_diff.LONG_BLOCK
    for small in (10_000, 40_000):
        one = en(*long_block_pair(small, paragraphs=False))
        with_split = median_ms(one, 3)
        engine_diff.LONG_BLOCK = 10 ** 9
        try:
            without = median_ms(one, 1)
        finally:
            engine_diff.LONG_BLOCK = saved
        rows.append([f"{small // 1000}k one paragraph, sentence splitting", f"{with_split:.0f}", ""])
        rows.append([f"{small // 1000}k one paragraph, no splitting (character diff of the whole block)",
                     f"{without:.0f}", f"{without / with_split:.1f} x split"])
    print_table("One long block, an edit every ~100 characters (full redline, en; median of 3 runs)",
                ["case", "ms", "x paragraphs"], rows)


def cpu_ms_of_process(args: list[str], runs: int) -> float:
    """Least CPU time (user + system) of ``runs`` runs of a process: robust on a busy machine."""
    import os
    import resource
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: .pyc cached
    best = float("inf")
    for _ in range(runs + 1):  # the first run also writes the bytecode caches
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return best


def startup_table(runs: int) -> None:
    """``policy-redline diff`` on two tiny files against a bare ``import diff_match_patch`` (goal: 2x)."""
    import sys
    import tempfile

    script = Path(sys.executable).with_name("policy-redline")
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.md", Path(tmp) / "new.md"
        old.write_text("We keep your data.\n", encoding="utf-8")
        new.write_text("We store your data.\n", encoding="utf-8")
        ja_old, ja_new = Path(tmp) / "ja-old.md", Path(tmp) / "ja-new.md"
        ja_old.write_text("個人情報を保管します。\n", encoding="utf-8")
        ja_new.write_text("個人情報を保存します。\n", encoding="utf-8")
        bare = cpu_ms_of_process([sys.executable, "-c", "import diff_match_patch"], runs)
        rows = [["python -c 'import diff_match_patch'", f"{bare:.1f}", "1.00"],
                ["python -c 'pass'", f"{cpu_ms_of_process([sys.executable, '-c', 'pass'], runs):.1f}", ""]]
        for label, args in (("policy-redline diff, two tiny English files", [str(old), str(new)]),
                            ("policy-redline diff, two tiny Japanese files (BudouX)", [str(ja_old), str(ja_new)]),
                            ("policy-redline diff --format json", [str(old), str(new), "--format", "json"])):
            ms = cpu_ms_of_process([str(script), "diff", *args], runs)
            rows.append([label, f"{ms:.1f}", f"{ms / bare:.2f}"])
    print_table(f"Start-up: CPU time of one process (least of {runs} runs; goal: at most 2x the bare import)",
                ["process", "CPU ms", "x bare import"], rows)


def corpus_pairs() -> list[tuple[str, Path, Path]]:
    return [(old.name[:-len(".old.md")], old, old.with_name(old.name.replace(".old.md", ".new.md")))
            for old in sorted(CORPUS.glob("*.old.md"))]


def count_noise(redline) -> dict[str, int]:
    """Marks a reader should never see, counted on the redline's segments (engine-agnostic).

    url: a mark inside an address (it starts or ends within the URL); whitespace: a mark holding only
    whitespace; br: a mark holding ``<br`` as text; fake_items: list items whose text is a thematic
    break ("* *"); literal_headings: blocks whose text starts with ``#`` markers.
    """
    counts = dict.fromkeys(("marks", "url", "whitespace", "br", "fake_items", "literal_headings"), 0)
    for op in redline.ops:
        for side in ("old", "new"):
            block = getattr(op, side)
            if block is not None and block.kind == "list_item" and _FAKE_ITEM.match(block.text):
                counts["fake_items"] += 1
            if block is not None and block.kind != "code" and _LITERAL_HEADING.match(block.text):
                counts["literal_headings"] += 1
        if op.op == "unchanged":
            continue
        for k, cell in enumerate(op.cells):
            texts = {side: (getattr(op, side).cells[k] if getattr(op, side) is not None
                            and k < len(getattr(op, side).cells) else "") for side in ("old", "new")}
            a = b = 0
            for kind, text in cell:
                if kind in ("delete", "insert"):
                    where, start = ("old", a) if kind == "delete" else ("new", b)
                    end = start + len(text)
                    counts["marks"] += 1
                    if not text.strip():
                        counts["whitespace"] += 1
                    if "<br" in text.lower():
                        counts["br"] += 1
                    if any((u0 < start < u1 or u0 < end < u1) for u0, u1 in
                           (m.span() for m in _URL.finditer(texts[where]))):
                        counts["url"] += 1
                if kind in ("equal", "delete", "whitespace_old"):
                    a += len(text)
                if kind in ("equal", "insert", "whitespace_new"):
                    b += len(text)
    return counts


def noise_table() -> dict[str, int]:
    rows, total = [], None
    for case, old, new in corpus_pairs():
        redline = compute_redline(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"), locale="en")
        counts = count_noise(redline)
        total = counts if total is None else {k: total[k] + v for k, v in counts.items()}
        rows.append([case] + [str(v) for v in counts.values()])
    rows.append(["total"] + [str(v) for v in total.values()])
    print_table(f"Noise in the redlines of the corpus ({len(rows) - 1} pairs)", ["pair"] + list(total), rows)
    return total


def corpus_table() -> None:
    """The CLI, one process per pair, against one raw diff-match-patch process over the same pairs.

    CPU time of the processes (user + system), so that a busy machine does not blur the ratio;
    bytecode caches allowed, as after any installation.
    """
    import os
    import resource

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    pairs = corpus_pairs()
    script = Path(sys.executable).with_name("policy-redline")

    def cpu(args: list[str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, stdout=subprocess.DEVNULL, env=env, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime

    cpu([str(script), "diff", str(pairs[0][1]), str(pairs[0][1])])  # writes the bytecode caches
    cli = sum(cpu([str(script), "diff", str(old), str(new)]) for _, old, new in pairs)
    raw_code = ("import sys\nfrom diff_match_patch import diff_match_patch\nm = diff_match_patch(); m.Diff_Timeout = 0\n"
                "for k in range(1, len(sys.argv), 2):\n"
                "    a = open(sys.argv[k], encoding='utf-8').read(); b = open(sys.argv[k + 1], encoding='utf-8').read()\n"
                "    d = m.diff_main(a, b); m.diff_cleanupSemantic(d)\n")
    raw = cpu([sys.executable, "-c", raw_code, *[str(p) for _, old, new in pairs for p in (old, new)]])
    chars = sum(len(p.read_text(encoding="utf-8")) for _, old, new in pairs for p in (old, new))
    print_table(f"Real-document corpus: {len(pairs)} pairs, {chars:,} characters (CPU time, one run)",
                ["measurement", "CPU s", "x raw"],
                [["raw diff_main + diff_cleanupSemantic (Diff_Timeout=0), one process", f"{raw:.2f}", "1.00"],
                 ["policy-redline diff (HTML), one process per pair, in total", f"{cli:.2f}", f"{cli / raw:.3f}"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21, help="runs per measurement (median reported)")
    parser.add_argument("--quick", action="store_true", help="few runs and sizes up to 80k (a smoke test)")
    parser.add_argument("--noise", action="store_true", help="only the noise counts of the corpus redlines")
    args = parser.parse_args()
    if args.noise:
        noise_table()
        return
    repeat = 3 if args.quick else args.repeat
    compute_redline("準備", "準備完了", locale="ja")  # load BudouX models once, outside the timings

    old, new = make_pair(20_000, 20)
    raw0 = median_ms(raw_dmp(old, new, 0), repeat)
    rows = [
        ["raw diff_main + diff_cleanupSemantic (Diff_Timeout=0)", raw0],
        ["raw diff_main + diff_cleanupSemantic (Diff_Timeout=1, default)", median_ms(raw_dmp(old, new, 1.0), repeat)],
        ["our full redline from Markdown (parse, align, diff, snapping, HTML)", median_ms(ours(old, new), repeat)],
        ["our redline from parsed revisions (align, diff, snapping, HTML)", median_ms(ours_parsed(old, new), repeat)],
        ["  parsing both revisions (Markdown -> blocks)", median_ms(lambda: parse_both(old, new), repeat)],
        ["BudouX parse of both revisions", median_ms(budoux_everything(old, new), repeat)],
    ]
    print(f"Japanese pair: {len(old):,} / {len(new):,} characters, 20 edits; median of {repeat} runs")
    print_table("Redline cost against raw diff-match-patch", ["measurement", "ms", "x raw (timeout 0)"],
                [[name, f"{ms:.2f}", f"{ms / raw0:.2f}"] for name, ms in rows])

    growth = []
    previous = None
    for chars in (5_000, 20_000, 80_000) + (() if args.quick else (320_000,)):
        old, new = make_pair(chars, chars // 1000)
        runs = max(3, repeat * 20_000 // chars) if not args.quick else 3
        ms = median_ms(ours(old, new), runs)
        raw = median_ms(raw_dmp(old, new, 0), max(1, runs // 3))
        growth.append([f"{chars // 1000}k", f"{len(old):,}", str(chars // 1000), f"{raw:.1f}", f"{ms:.1f}",
                       f"{ms * 1000 / len(old):.2f}",
                       "" if previous is None else f"{ms / previous[0]:.2f} / {len(old) / previous[1]:.2f}"])
        previous = (ms, len(old))
    print_table("Growth with document size (full redline from Markdown; one edit per ~1,000 characters)",
                ["size", "characters", "edits", "raw dmp ms", "ours ms", "ours us/char", "x previous (time / size)"],
                growth)

    corpus_table()
    noise_table()
    startup_table(5 if args.quick else 15)
    long_block_table(args.quick)

    docs = Path(__file__).resolve().parents[1] / "docs" / "ja"
    general, china = docs / "privacy" / "2023-06-15.md", docs / "privacy-china" / "2023-06-15.md"
    if general.exists() and china.exists():
        old, new = (split_front_matter(p.read_text(encoding="utf-8"))[1] for p in (general, china))
        print_table("Published pair: privacy vs privacy-china (2023-06-15)", ["measurement", "ms"], [
            ["raw dmp (timeout 0)", f"{median_ms(raw_dmp(old, new, 0), repeat):.2f}"],
            ["our full redline from Markdown", f"{median_ms(ours(old, new), repeat):.2f}"],
            ["BudouX both", f"{median_ms(budoux_everything(old, new), repeat):.2f}"],
        ])


if __name__ == "__main__":
    main()
