"""Search in the reader's language: what the site adds to Material's search.

static-i18n merges every language into one search index (tests/test_browser_i18n.py::test_search_lists_the_readers_language_first_and_keeps_the_others), so an English query on
an English page used to list Japanese or Chinese pages first whenever they scored higher. The
theme script ``policy_site/theme/assets/search-language.js`` (loaded before Material's bundle by
``policy_site/theme/main.html``) puts the pages of the reader's language first, keeping every other
result after them.

Queries with Japanese or Chinese characters do not reach the worker's lunr index: the same wrapper
answers them with ``policy_site/theme/assets/search-phrases.js``, which finds each space-separated part as
written (a phrase with particles, a date, a Chinese word) and highlights it whole
(tests/test_browser_search.py). The correction below still holds for the worker as shipped.

Material 9.8's search worker splits a run of kanji into the index terms it contains, but its
scan stops one character short of the end of the run: 個人情報 became 個人 alone, so 情報 was
neither searched nor highlighted. :func:`patch_search_worker` corrects that bound in the built
copy of the worker, and requires every term of such a run (a page about 個人情報 needs both
個人 and 情報, not either); a Material version whose worker no longer has the pattern is reported, so
that the fix is checked again rather than silently lost.
"""

from __future__ import annotations

from pathlib import Path

WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
# In Material's worker: for each start s, test the slices t[s:o] for o < len(t) (should be <=).
_SHORT_SCAN = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
_FULL_SCAN = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"
# The terms of a kanji run are then all optional: 個人情報 ranked 情報の外部送信について (情報 in its
# title) above the pages about 個人情報. When the terms spell the run exactly, each is required.
_OPTIONAL_TERMS = 's=>[...fe(s,this.index.invertedIndex)].join("* ")'
_REQUIRED_TERMS = ('s=>{let w=[...fe(s,this.index.invertedIndex)];'
                   'return(w.join("")===s?w.map(x=>"+"+x):w).join("* ")}')
PATCHES = ((_SHORT_SCAN, _FULL_SCAN), (_OPTIONAL_TERMS, _REQUIRED_TERMS))


def patch_search_worker(site_dir: Path) -> str | None:
    """Fix the kanji-run scan in the built search worker. Returns a problem to report, or None."""
    workers = sorted(Path(site_dir).glob(WORKER_GLOB))
    if not workers:
        return None  # no search in this build (e.g. a locale build that does not copy theme files)
    for worker in workers:
        code = original = worker.read_text(encoding="utf-8")
        for before, after in PATCHES:
            if after in code:
                continue
            if before not in code:
                return (f"Patching the search worker '{worker.name}': Material's kanji segmentation code "
                        f"changed; check whether a query such as 個人情報 still finds and highlights 情報, "
                        f"then update or remove policy_site.plugin.search.patch_search_worker")
            code = code.replace(before, after)
        if code != original:
            worker.write_text(code, encoding="utf-8")
    return None
