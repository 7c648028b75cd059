"""Numbers as each locale writes them in running text: 1,234 (en, ja, zh), 1 234 (fr), 1.234 (de).

Counts under a thousand are the same digits everywhere, and most counts are: Babel (whose import
and locale data cost start-up time on the `policy-redline diff` path) is read only for the others.
"""

from __future__ import annotations


def format_count(number: int, locale: str) -> str:
    """``number`` with the locale's grouping separators (Babel's; the plain digits for a locale
    Babel does not know)."""
    if -1000 < number < 1000:
        return str(number)
    from babel import UnknownLocaleError  # a count of a thousand or more: rare (see the module's docstring)
    from babel.numbers import format_decimal

    try:
        return format_decimal(number, locale=locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return str(number)
