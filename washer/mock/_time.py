"""Time as the API sees it: RFC 3339 instants, Norwegian calendar days.

Instants are integers (microseconds since the epoch) so that filters are plain integer
comparisons over numpy arrays. The parser is exact about RFC 3339 (``T`` or ``t``, seconds
required, an offset or ``Z`` required, leap second 60 allowed) and works for any year 0000-9999,
which :mod:`datetime` cannot represent at the edges.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "OSLO",
    "US_PER_DAY",
    "day_date",
    "epoch_day",
    "oslo_day",
    "oslo_today",
    "parse_rfc3339",
]

OSLO = ZoneInfo("Europe/Oslo")
US_PER_DAY = 86_400_000_000

_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)
_EPOCH = date(1970, 1, 1)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
# datetime can convert instants between these bounds (with a day of margin for offsets)
_MIN_US = (date(1, 1, 2) - _EPOCH).days * US_PER_DAY
_MAX_US = (date(9999, 12, 30) - _EPOCH).days * US_PER_DAY


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (year 0 included)."""
    y = year - 1
    days = 365 * y + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE_MONTH[month - 1] + day - 1
    if month > 2 and _leap(year):
        days += 1
    return days - 719_162  # days from 0001-01-01 to 1970-01-01


def parse_rfc3339(text: str) -> int | None:
    """Microseconds since the epoch of an RFC 3339 date-time, or None when it is not one."""
    m = _RFC3339.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    if not 1 <= month <= 12 or hour > 23 or minute > 59 or second > 60:
        return None
    month_days = 29 if month == 2 and _leap(year) else _MONTH_DAYS[month - 1]
    if not 1 <= day <= month_days:
        return None
    offset_s = 0
    if m.group(9):
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            return None
        offset_s = (oh * 3600 + om * 60) * (1 if m.group(9) == "+" else -1)
    fraction = int((m.group(7) or ".")[1:7].ljust(6, "0"))
    seconds = _days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    return (seconds - offset_s) * 1_000_000 + fraction


def epoch_day(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - _EPOCH).days


def day_date(day: int) -> date:
    """The date ``day`` days after 1970-01-01."""
    return _EPOCH + timedelta(days=day)


def oslo_day(instant_us: int) -> int:
    """The Norwegian calendar day (days since 1970-01-01) an instant falls on."""
    if instant_us <= _MIN_US:
        return _MIN_US // US_PER_DAY
    if instant_us >= _MAX_US:
        return _MAX_US // US_PER_DAY
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=instant_us)
    return epoch_day(moment.astimezone(OSLO).date())


def oslo_today() -> date:
    """Today's date in Norway."""
    return datetime.now(OSLO).date()
