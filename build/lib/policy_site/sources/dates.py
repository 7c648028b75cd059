"""Dates where the policies apply: the site's time zone and the date a build is for.

Kept free of MkDocs: the build, the review and the authoring commands all ask what day it is,
and must get the same answer (the plugin's ``time_zone`` option names the zone).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "UTC"


def load_time_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValueError with the fix when it is not one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"'{name}' is not an IANA time zone; write one such as Asia/Tokyo or UTC") from exc


def load_build_date(environ: dict[str, str] | None = None, *, time_zone: str = DEFAULT_TIME_ZONE) -> date:
    """The date the site is built for, in the zone where the policies apply (a Japanese policy
    effective on 1 December applies from 00:00 JST, not 09:00): ``SOURCE_DATE_EPOCH`` if set
    (reproducible), else now."""
    environ = os.environ if environ is None else environ
    zone = load_time_zone(time_zone)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=zone).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds; unset or fix it")
    return datetime.now(tz=zone).date()
