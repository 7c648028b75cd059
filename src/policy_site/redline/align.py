"""Which block of the old revision became which block of the new one.

Three passes, each cheap enough for every pair of revisions on every build:

1. Sections: headings with the same ``{#id}`` are the same section, whatever their wording
   (ids are stable across revisions by convention). The longest in-order chain of shared ids cuts
   both revisions into regions aligned with each other.
2. Blocks, within each region: identical blocks are matched by patience alignment (unique blocks
   anchor the match; linear for documents that are mostly unchanged), and the blocks left between
   two matches are paired by similarity (character-bigram Dice, script-neutral), in order, so that
   a reworded clause is shown as changed rather than as removed plus added. One block replaced by
   one block in the same place needs little similarity; several candidates need more. Blocks under
   two different section ids are never paired: they are different provisions. Gaps too large for
   the quadratic pairing fall back to a windowed greedy pairing, so that a large rewrite cannot
   make the build quadratic.
3. Moves: a removed and an added block with the same or nearly the same text, out of order, are
   linked as a move (shown, as Word shows moves, deleted at the origin and inserted at the
   destination, so that reading either version in order stays exact).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from policy_site.redline.model import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, Block

Pair = tuple[int | None, int | None]  # (old index, new index); None on the side a block is absent

FORMAT_KINDS = frozenset((HEADING, PARAGRAPH, LIST_ITEM, QUOTE))  # a block may change between these
FORMAT_SIMILARITY = 0.8  # a block whose kind changed is the same block only if its words barely did
PAIR_SIMILARITY = 0.5   # bigram Dice coefficient above which two blocks are the same block reworded
LONE_PAIR_SIMILARITY = 0.25  # bar for a gap of exactly one old and one new block
MIN_CONTAINED_CHARS = 4  # a text inside another counts as similar from this length on
MOVE_SIMILARITY = 0.6   # a move links blocks far apart; short blocks never move by similarity
MOVE_MIN_CHARS = 12     # unspaced (CJK) text shorter than this is short
MOVE_MIN_WORDS = 5      # spaced text with fewer words is short: moved only if identical and unique
_MOVE_CANDIDATES = 8    # most-similar candidates (by shared shingles) scored per removed block
_MOVE_POSTING_LIMIT = 50  # a shingle shared by more added blocks than this says nothing
_DP_LIMIT = 10_000      # cells of the pairing table before falling back to the greedy pairing
_GREEDY_WINDOW = 8
_EXACT_FALLBACK_LIMIT = 250_000


def align_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[Pair]:
    """Pairs in reading order: matched, removed ``(i, None)`` and added ``(None, j)``."""
    pairs: list[Pair] = []
    prev_i = prev_j = -1
    for i, j in _anchor_chain(old, new) + [(len(old), len(new))]:
        if i > prev_i + 1 or j > prev_j + 1:
            pairs.extend(_align_region(old, new, prev_i + 1, i, prev_j + 1, j))
        if i < len(old):
            pairs.append((i, j))
        prev_i, prev_j = i, j
    return pairs


def align_texts(old: Sequence[str], new: Sequence[str]) -> list[Pair]:
    """Pairs of the sentences of one long block, by the same rules as blocks within a region.

    Used by :mod:`.diff` to keep a huge block's character diff linear: identical sentences are
    matched by patience alignment, the rest paired by similarity in order (windowed when a gap is
    large), so that only paired sentences are ever character-diffed.
    """
    pairs: list[Pair] = []
    prev_i = prev_j = 0
    for i, j in _match_exact(list(old), list(new)) + [(len(old), len(new))]:
        if i > prev_i or j > prev_j:
            gap_old = [Block(PARAGRAPH, (text,), 0) for text in old[prev_i:i]]
            gap_new = [Block(PARAGRAPH, (text,), 0) for text in new[prev_j:j]]
            for gi, gj in _pair_similar(gap_old, gap_new):
                pairs.append((None if gi is None else prev_i + gi, None if gj is None else prev_j + gj))
        if i < len(old):
            pairs.append((i, j))
        prev_i, prev_j = i + 1, j + 1
    return pairs


def find_moves(pairs: Sequence[Pair], old: Sequence[Block], new: Sequence[Block]) -> dict[int, int]:
    """``{position of removed pair: position of added pair}`` for blocks that moved.

    Identical blocks pair first; a short block (fewer than :data:`MOVE_MIN_WORDS` words, or
    :data:`MOVE_MIN_CHARS` characters of unspaced CJK text: "March 2024", "（1）") only when its
    text occurs once in each revision, never by similarity. Longer
    blocks then pair by similarity; candidates come from an index of shared word or character
    shingles, so that a large reorganisation costs about its size, never removed × added.
    """
    removed = [k for k, (i, j) in enumerate(pairs) if j is None and old[i].text.strip()]
    added = [k for k, (i, j) in enumerate(pairs) if i is None and new[j].text.strip()]
    moves: dict[int, int] = {}
    by_text: dict[tuple, list[int]] = {}
    for k in added:
        block = new[pairs[k][1]]
        by_text.setdefault((block.kind, block.cells, block.anchor), []).append(k)
    in_old = Counter((b.kind, b.cells, b.anchor) for b in old)
    in_new = Counter((b.kind, b.cells, b.anchor) for b in new)
    for k in removed:
        block = old[pairs[k][0]]
        key = (block.kind, block.cells, block.anchor)
        candidates = by_text.get(key)
        if not candidates:
            continue
        if is_short(block.text) and (in_old[key] != 1 or in_new[key] != 1):
            continue
        moves[k] = candidates.pop(0)
    taken = set(moves.values())
    rest_removed = [k for k in removed if k not in moves and not is_short(old[pairs[k][0]].text)]
    rest_added = [k for k in added if k not in taken and not is_short(new[pairs[k][1]].text)]
    if not rest_removed or not rest_added:
        return moves
    grams = {k: _move_grams(new[pairs[k][1]].text) for k in rest_added}
    index: dict[str, list[int]] = {}
    for k in rest_added:
        for shingle in _shingles(new[pairs[k][1]].text):
            index.setdefault(shingle, []).append(k)
    for k in rest_removed:
        block = old[pairs[k][0]]
        votes: Counter = Counter()
        for shingle in _shingles(block.text):
            posting = index.get(shingle)
            if posting is not None and len(posting) <= _MOVE_POSTING_LIMIT:
                votes.update(posting)
        kgrams = _move_grams(block.text)
        best, best_score = None, 0.0
        for m, _ in sorted(votes.items(), key=lambda item: (-item[1], item[0]))[:_MOVE_CANDIDATES]:
            if m not in taken and _compatible(block, new[pairs[m][1]], across_sections=True):
                score = _dice(kgrams, grams[m])
                if score >= MOVE_SIMILARITY and score > best_score:
                    best, best_score = m, score
        if best is not None:
            moves[k] = best
            taken.add(best)
    return moves


def is_short(text: str) -> bool:
    """Fewer than a few words: such blocks ("March 2024", "（1）", a date) recur by chance."""
    words = text.split()
    if len(words) > 1:
        return len(words) < MOVE_MIN_WORDS
    return len(text) < MOVE_MIN_CHARS


def _move_grams(text: str) -> frozenset:
    """What a move's similarity compares: words for spaced text (character bigrams of long English
    texts are mostly shared by any two), character bigrams for CJK text."""
    words = text.split()
    return frozenset(words) if len(words) >= MOVE_MIN_WORDS else _bigrams(text)


def _shingles(text: str) -> set[str]:
    """Word triples (spaced text) or character 4-grams (CJK): the index keys for move candidates."""
    words = text.split()
    if len(words) >= 3:
        return {" ".join(words[k:k + 3]) for k in range(len(words) - 2)}
    return {text[k:k + 4] for k in range(max(1, len(text) - 3))}


def _bigrams(text: str) -> frozenset:
    """Character bigrams (as pairs of characters): cheap, script-neutral, no tokenizer needed."""
    if len(text) < 2:
        return frozenset((text,)) if text else frozenset()
    return frozenset(zip(text, text[1:]))


def _bigram_masks(grams_a: list[frozenset], grams_b: list[frozenset]) -> tuple[list[int], list[int]]:
    """Each set of bigrams as an integer with one bit per bigram of the gap: the size of the
    intersection of two sets is then ``(a & b).bit_count()``, the same number (so the same Dice
    coefficient) at a fraction of the cost of intersecting the sets, for every cell of the
    pairing table."""
    # Which bit a bigram gets does not matter (only counts are read): set order is fine.
    index = {gram: k for k, gram in enumerate(frozenset().union(*grams_a, *grams_b))}
    width = (len(index) + 8) // 8
    masks = []
    for grams in (*grams_a, *grams_b):
        bits = bytearray(width)
        for k in map(index.__getitem__, grams):
            bits[k >> 3] |= 1 << (k & 7)
        masks.append(int.from_bytes(bits, "little"))
    return masks[:len(grams_a)], masks[len(grams_a):]


def _dice(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _contains(a: str, b: str) -> bool:
    """One text is the other with words added (a title gaining a qualifier)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_CONTAINED_CHARS and short in long


def _compatible(a: Block, b: Block, *, across_sections: bool = False) -> bool:
    """Same kind, and not two different provisions by their ids: ids are stable, so a heading
    whose id differs is another section, and a block under another section id is another block
    (unless we are looking for moves, which cross sections by definition)."""
    if a.kind != b.kind:
        return False
    if a.kind == HEADING and a.anchor and b.anchor and a.anchor != b.anchor:
        return False
    return across_sections or not (a.section and b.section and a.section != b.section)


def _anchor_chain(old: Sequence[Block], new: Sequence[Block]) -> list[tuple[int, int]]:
    """The longest in-order chain of headings sharing an id (first occurrence of each id)."""
    new_at: dict[str, int] = {}
    for j, block in enumerate(new):
        if block.kind == HEADING and block.anchor:
            new_at.setdefault(block.anchor, j)
    seen: set[str] = set()
    shared: list[tuple[int, int]] = []
    for i, block in enumerate(old):
        if block.kind == HEADING and block.anchor and block.anchor not in seen:
            seen.add(block.anchor)
            if block.anchor in new_at:
                shared.append((i, new_at[block.anchor]))
    return _longest_increasing(shared)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence increasing in the second element (pairs come sorted by the first)."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = j, k
        back[k] = tail_at[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _align_region(old: Sequence[Block], new: Sequence[Block], a0: int, a1: int, b0: int, b1: int) -> list[Pair]:
    keys_a = [(block.kind, block.cells, block.anchor) for block in old[a0:a1]]
    keys_b = [(block.kind, block.cells, block.anchor) for block in new[b0:b1]]
    if keys_a == keys_b:  # most sections of a revision are unchanged
        return [(a0 + k, b0 + k) for k in range(len(keys_a))]
    pairs: list[Pair] = []
    prev_i = prev_j = 0
    for i, j in _match_exact(keys_a, keys_b) + [(len(keys_a), len(keys_b))]:
        if i > prev_i or j > prev_j:
            for gi, gj in _pair_similar(old[a0 + prev_i:a0 + i], new[b0 + prev_j:b0 + j]):
                pairs.append((None if gi is None else a0 + prev_i + gi, None if gj is None else b0 + prev_j + gj))
        if i < len(keys_a):
            pairs.append((a0 + i, b0 + j))
        prev_i, prev_j = i + 1, j + 1
    return pairs


def _match_exact(a: list, b: list) -> list[tuple[int, int]]:
    """Patience alignment of equal keys: in-order matches ``(i, j)``, iteratively (no recursion)."""
    matches: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        lo_a, hi_a, lo_b, hi_b = stack.pop()
        while lo_a < hi_a and lo_b < hi_b and a[lo_a] == b[lo_b]:
            matches.append((lo_a, lo_b))
            lo_a, lo_b = lo_a + 1, lo_b + 1
        while lo_a < hi_a and lo_b < hi_b and a[hi_a - 1] == b[hi_b - 1]:
            hi_a, hi_b = hi_a - 1, hi_b - 1
            matches.append((hi_a, hi_b))
        if lo_a >= hi_a or lo_b >= hi_b:
            continue
        count_a = Counter(a[lo_a:hi_a])
        count_b = Counter(b[lo_b:hi_b])
        where_b = {b[j]: j for j in range(lo_b, hi_b) if count_b[b[j]] == 1}
        unique = [(i, where_b[a[i]]) for i in range(lo_a, hi_a) if count_a[a[i]] == 1 and a[i] in where_b]
        anchors = _longest_increasing(unique)
        if anchors:
            prev = (lo_a - 1, lo_b - 1)
            for i, j in anchors + [(hi_a, hi_b)]:
                if i - prev[0] > 1 and j - prev[1] > 1:
                    stack.append((prev[0] + 1, i, prev[1] + 1, j))
                if i < hi_a:
                    matches.append((i, j))
                prev = (i, j)
        elif (hi_a - lo_a) * (hi_b - lo_b) <= _EXACT_FALLBACK_LIMIT:
            import difflib  # rarely needed; kept out of the start-up of a small diff

            matcher = difflib.SequenceMatcher(None, a[lo_a:hi_a], b[lo_b:hi_b], autojunk=False)
            for block in matcher.get_matching_blocks():
                matches.extend((lo_a + block.a + k, lo_b + block.b + k) for k in range(block.size))
    return sorted(matches)


def _pair_similar(old: Sequence[Block], new: Sequence[Block]) -> list[Pair]:
    """Order-preserving pairing of a gap's blocks maximising total similarity (removals first)."""
    if not old or not new:
        return [(i, None) for i in range(len(old))] + [(None, j) for j in range(len(new))]
    grams_a = [_bigrams(block.text) for block in old]
    grams_b = [_bigrams(block.text) for block in new]
    sizes_a, sizes_b = [len(grams) for grams in grams_a], [len(grams) for grams in grams_b]
    masks_a, masks_b = _bigram_masks(grams_a, grams_b)
    # One block replaced by one block in the same place is the same provision reworded unless
    # the two share almost nothing; among several candidates the bar is higher.
    threshold = LONE_PAIR_SIMILARITY if len(old) == len(new) == 1 else PAIR_SIMILARITY

    texts_a, texts_b = [block.text for block in old], [block.text for block in new]  # a property: join once

    def dice(i: int, j: int, shared: int | None = None) -> float:  # _dice(grams_a[i], grams_b[j]), on bit masks
        """``shared``: the number of bigrams the two share, when the caller has counted it."""
        la, lb = sizes_a[i], sizes_b[j]
        if not la and not lb:
            return 1.0
        if shared is None:
            shared = (masks_a[i] & masks_b[j]).bit_count()
        return 2 * shared / (la + lb)

    def score(i: int, j: int) -> float:
        a, b = old[i], new[j]
        if a.kind != b.kind:
            # A format change (a paragraph that became a heading): the same words, another kind.
            if a.kind not in FORMAT_KINDS or b.kind not in FORMAT_KINDS:
                return 0.0
            value = 1.0 if texts_a[i] == texts_b[j] else dice(i, j)
            return value if value >= FORMAT_SIMILARITY else 0.0
        if not _compatible(a, b):
            return 0.0
        la, lb, ta, tb = sizes_a[i], sizes_b[j], texts_a[i], texts_b[j]
        shared = (masks_a[i] & masks_b[j]).bit_count()
        # A text inside the other has every bigram in the other: only then is the substring searched.
        if shared == (la if len(ta) <= len(tb) else lb) and _contains(ta, tb):
            return max(dice(i, j, shared), threshold)
        if 2 * min(la, lb) < threshold * (la + lb):
            return 0.0
        value = dice(i, j, shared)
        return value if value >= threshold else 0.0

    matched = _pair_dp(len(old), len(new), score) if len(old) * len(new) <= _DP_LIMIT \
        else _pair_greedy(len(old), len(new), score)
    pairs: list[Pair] = []
    prev_i = prev_j = 0
    for i, j in matched + [(len(old), len(new))]:
        pairs.extend((k, None) for k in range(prev_i, i))
        pairs.extend((None, k) for k in range(prev_j, j))
        if i < len(old):
            pairs.append((i, j))
        prev_i, prev_j = i + 1, j + 1
    return pairs


def _pair_dp(m: int, n: int, score) -> list[tuple[int, int]]:
    scores = [[score(i, j) for j in range(n)] for i in range(m)]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        row, below, own = best[i], best[i + 1], scores[i]
        for j in range(n - 1, -1, -1):
            s = own[j]
            row[j] = max(below[j], row[j + 1], below[j + 1] + s if s else 0.0)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < m and j < n:
        s = scores[i][j]
        if s and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _pair_greedy(m: int, n: int, score) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    j0 = 0
    for i in range(m):
        candidates = [(score(i, j), -j) for j in range(j0, min(n, j0 + _GREEDY_WINDOW))]
        value, neg_j = max(candidates, default=(0.0, 0))
        if value:
            pairs.append((i, -neg_j))
            j0 = -neg_j + 1
    return pairs
