"""The one table of writing systems (policy_site.common.scripts) gives each check exactly its old set."""

from __future__ import annotations

import re

import pytest

from policy_site.cli import diff as cli_diff
from policy_site.common import scripts
from policy_site.redline.phrases import is_cjk
from policy_site.site import language, strings

# The tables as each module wrote them before they were built from common.scripts.
OLD = {
    "strings._CJK": r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]",
    "language.KANA": r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]",
    "language.CJK": r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]",
    "diff._KANA": r"[\u3041-\u309f\u30a1-\u30ff\u31f0-\u31ff\uff66-\uff9d]",
    "diff._HAN": r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]",
}


def _old_is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFE30 <= code <= 0xFE4F or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF)


NEW = {
    "strings._CJK": strings._CJK_CHAR,
    "language.KANA": language.KANA,
    "language.CJK": language.CJK,
    "diff._KANA": cli_diff._KANA,
    "diff._HAN": cli_diff._HAN,
}
# Every code point up to the end of plane 3, and a few beyond (surrogates cannot be text).
CHARACTERS = [chr(code) for code in range(0x40000 + 0x100) if not 0xD800 <= code <= 0xDFFF]


@pytest.mark.parametrize("name", sorted(OLD))
def test_each_set_is_the_one_its_module_had(name):
    old, new = re.compile(OLD[name]), NEW[name]
    differ = [f"U+{ord(ch):04X}" for ch in CHARACTERS if bool(old.match(ch)) != bool(new.match(ch))]
    assert differ == []


def test_phrase_segmentation_set_is_the_one_it_had():
    differ = [f"U+{ord(ch):04X}" for ch in CHARACTERS if _old_is_cjk(ch) != is_cjk(ch)]
    assert differ == []


def test_char_class_of_supplementary_planes():
    pattern = scripts.compile_class(scripts.SUPPLEMENTARY_IDEOGRAPHIC_PLANES)
    assert pattern.match("\U00020000") and pattern.match("\U0003ffff") and not pattern.match("\U0001ffff")


def test_module_imports_only_re():
    """policy-redline diff imports it on the fast path."""
    source = scripts.__file__
    with open(source, encoding="utf-8") as handle:
        imports = [line for line in handle if line.startswith(("import ", "from "))]
    assert imports == ["from __future__ import annotations\n", "import re\n"]
