"""Opening hours: parsed from mkdocs.yml, evaluated at an instant in the channel's time zone.

The same arithmetic runs in the browser (themes/kb/assets/routing.js); both work from one
primitive, the wall clock (date, weekday, minute of day, UTC offset) of a whole minute in a
time zone, and step from one boundary of the schedule to the next, so they agree exactly
(kb/routing/vectors.json proves it).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kb.problems import KbError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTE_MS = 60_000
DAY_MINUTES = 1440
HORIZON_MS = 14 * 86_400_000  # "opens" looks this far ahead
_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
HOURS_HINT = ('write e.g. hours: {timezone: Europe/Athens, mon-fri: "09:00-18:00", '
              'sat: "10:00-14:00, 16:00-18:00", sun: closed, closed: [2026-12-25]}')


@dataclass(frozen=True)
class Hours:
    """A weekly schedule: week[0] is Monday; each range is (start, end) minutes of the day
    it starts on, end > start, end up to 2880 for a range that runs past midnight."""

    tz: str
    week: tuple[tuple[tuple[int, int], ...], ...]
    closed: tuple[str, ...] = ()

    def spec(self) -> dict[str, Any]:
        return {"tz": self.tz, "week": [[list(r) for r in day] for day in self.week],
                "closed": list(self.closed)}


# -- parsing --------------------------------------------------------------------------------

def _minutes(text: str, where: str) -> int:
    match = _TIME.match(text.strip())
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise KbError(f"kb config: {where}: '{text.strip()}' is not a time of day",
                      hint='write times as HH:MM on a 24-hour clock, e.g. "09:00-18:00"')
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_ranges(value: Any, where: str) -> tuple[tuple[int, int], ...]:
    """"09:00-12:00, 13:00-17:00" (or a list of such texts), or "closed"."""
    if isinstance(value, list):
        parts = [str(v) for v in value]
    elif isinstance(value, str):
        parts = value.split(",")
    else:
        raise KbError(f"kb config: {where} must be a text like \"09:00-18:00\" or closed, "
                      f"got {type(value).__name__}",
                      hint='quote the times: mon-fri: "09:00-18:00"')
    if [p.strip().lower() for p in parts] == ["closed"]:
        return ()
    ranges: list[tuple[int, int]] = []
    for part in parts:
        bits = part.split("-")
        if len(bits) != 2:
            raise KbError(f"kb config: {where}: '{part.strip()}' is not a range of times",
                          hint='write "09:00-18:00" (ranges may cross midnight: "22:00-02:00"),'
                               ' several separated by commas, or closed')
        start, end = _minutes(bits[0], where), _minutes(bits[1], where)
        if start == DAY_MINUTES:
            raise KbError(f"kb config: {where}: a range cannot start at 24:00",
                          hint='write "00:00-…" on the next day')
        if end == start:
            raise KbError(f"kb config: {where}: '{part.strip()}' starts and ends at the same "
                          "time", hint='for a whole day write "00:00-24:00"')
        if end < start:
            end += DAY_MINUTES  # crosses midnight: belongs to the day it starts
        ranges.append((start, end))
    ranges.sort()
    for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
        if start < end:
            raise KbError(f"kb config: {where}: the ranges overlap",
                          hint="list each period once, e.g. \"09:00-12:00, 13:00-17:00\"")
    return tuple(ranges)


def _day_keys(key: str, where: str) -> list[int]:
    """mon → [0]; mon-fri → [0..4]; fri-mon wraps round the week."""
    bits = key.lower().split("-")
    if len(bits) > 2 or any(b not in DAYS for b in bits):
        raise KbError(f"kb config: {where}: '{key}' is not a day or range of days",
                      hint="use mon tue wed thu fri sat sun or a range like mon-fri "
                           "(and the keys timezone and closed)")
    first, last = DAYS.index(bits[0]), DAYS.index(bits[-1])
    return [(first + i) % 7 for i in range((last - first) % 7 + 1)]


def _closed_dates(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise KbError(f"kb config: {where} must be a list of dates, got {type(value).__name__}",
                      hint="write closed: [2026-12-25, 2027-01-01]")
    dates: list[str] = []
    for item in value:
        if isinstance(item, dt.datetime):
            item = item.date()
        if isinstance(item, dt.date):
            dates.append(item.isoformat())
            continue
        try:
            dates.append(dt.date.fromisoformat(str(item).strip()).isoformat())
        except ValueError:
            raise KbError(f"kb config: {where}: '{item}' is not a date",
                          hint="write dates as YYYY-MM-DD, e.g. closed: [2026-12-25]") from None
    return tuple(sorted(set(dates)))


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return False
    return True


def parse_hours(raw: Any, where: str) -> Hours:
    """`hours:` of a channel, or a KbError naming the field (where = 'channels[0].hours')."""
    if not isinstance(raw, dict):
        raise KbError(f"kb config: {where} must be a mapping, got {type(raw).__name__}",
                      hint=HOURS_HINT)
    tz = raw.get("timezone")
    if not tz:
        raise KbError(f"kb config: {where}.timezone is missing",
                      hint="opening hours need the IANA time zone they are in, "
                           "e.g. timezone: Europe/Athens")
    if not isinstance(tz, str) or "/" not in tz and tz != "UTC" or not valid_timezone(tz):
        raise KbError(f"kb config: {where}.timezone: '{tz}' is not an IANA time zone",
                      hint="write a name like Europe/Athens, America/New_York or Asia/Tehran")
    week: list[tuple[tuple[int, int], ...] | None] = [None] * 7
    for key, value in raw.items():
        key = str(key)
        if key in ("timezone", "closed"):
            continue
        field = f"{where}.{key}"
        ranges = parse_ranges(value, field)
        for day in _day_keys(key, field):
            if week[day] is not None:
                raise KbError(f"kb config: {field}: {DAYS[day]} is given twice",
                              hint="name each day once (mon-fri and sat, not mon-sat and sat)")
            week[day] = ranges
    closed = _closed_dates(raw["closed"], f"{where}.closed") if "closed" in raw else ()
    return Hours(tz, tuple(day or () for day in week), closed)


# -- evaluation -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Wall:
    date: str  # YYYY-MM-DD
    weekday: int  # 0 = Monday
    minute: int  # of the day
    offset: int  # minutes east of UTC
    yesterday: str
    yweekday: int


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def wall(tz: str, t_ms: int) -> Wall:
    """The wall clock in `tz` at the whole minute holding t_ms."""
    minute = t_ms // MINUTE_MS
    local = dt.datetime.fromtimestamp(minute * 60, _zone(tz))
    day = local.date()
    offset = calendar.timegm((local.year, local.month, local.day, local.hour, local.minute,
                              0)) // 60 - minute
    before = day - dt.timedelta(days=1)
    return Wall(day.isoformat(), day.weekday(), local.hour * 60 + local.minute, offset,
                before.isoformat(), before.weekday())


def _open_at(hours: Hours, w: Wall) -> bool:
    if w.date in hours.closed:
        return False
    if any(start <= w.minute < end for start, end in hours.week[w.weekday]):
        return True
    if w.yesterday in hours.closed:
        return False
    return any(w.minute < end - DAY_MINUTES for _, end in hours.week[w.yweekday])


def _to_boundary(hours: Hours, w: Wall) -> int:
    """Minutes until the schedule can next change state (a range starts or ends, midnight)."""
    m = w.minute
    steps = [DAY_MINUTES - m]
    for start, end in hours.week[w.weekday]:
        steps += [b - m for b in (start, end) if b > m]
    steps += [end - DAY_MINUTES - m for _, end in hours.week[w.yweekday]
              if end - DAY_MINUTES > m]
    return min(steps)


def is_open(hours: Hours | None, t_ms: int) -> bool:
    return hours is None or _open_at(hours, wall(hours.tz, t_ms))


def next_opening(hours: Hours, now_ms: int) -> int | None:
    """The first whole minute after now_ms (within 14 days) at which the channel is open."""
    limit = now_ms + HORIZON_MS
    t = -(-now_ms // MINUTE_MS) * MINUTE_MS
    while t <= limit:
        w = wall(hours.tz, t)
        if _open_at(hours, w):
            return t
        nxt = t + _to_boundary(hours, w) * MINUTE_MS
        if wall(hours.tz, nxt).offset != w.offset:  # a clock change: stop at it
            lo, hi = t, nxt
            while hi - lo > MINUTE_MS:
                mid = lo + (hi - lo) // MINUTE_MS // 2 * MINUTE_MS
                if wall(hours.tz, mid).offset == w.offset:
                    lo = mid
                else:
                    hi = mid
            nxt = hi
        t = nxt
    return None


def hours_from_spec(spec: dict[str, Any] | None) -> Hours | None:
    if not spec:
        return None
    return Hours(spec["tz"], tuple(tuple((int(a), int(b)) for a, b in day)
                                   for day in spec["week"]), tuple(spec.get("closed") or ()))
