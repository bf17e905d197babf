"""Airbyte's date and timestamp strings as days and microseconds since the epoch, accepting and
rejecting exactly the texts the JVM source does (``io.brickbyte.convert.Temporals``: RFC 3339
extended with " BC", a space for "T", offsets without a colon or with one-digit hours, a date
alone; proleptic Gregorian, strict ISO dates)."""
import re
from typing import Optional

from brickbyte.datasource.jsontree import java_strip

# ISO_LOCAL_DATE, strict: four-digit years, or a sign and more digits ('+' only past four).
_DATE = r"(?P<sign>[+-]?)(?P<year>\d{4,10})-(?P<month>\d{2})-(?P<day>\d{2})"
_TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{0,9}))?)?"
# "+H:MM:ss" then "+HHmm" then "+HH", each optional, 'Z' for zero, case-insensitive.
_OFFSET = (r"(?:(?P<z1>[zZ])|(?P<s1>[+-])(?P<h1>\d{1,2}):(?P<m1>\d{2})(?::(?P<x1>\d{2}))?)?"
           r"(?:(?P<z2>[zZ])|(?P<s2>[+-])(?P<h2>\d{2})(?P<m2>\d{2})?)?"
           r"(?:(?P<z3>[zZ])|(?P<s3>[+-])(?P<h3>\d{2}))?")
_TIMESTAMP = re.compile(_DATE + r"(?:[tT]" + _TIME + _OFFSET + r")?\Z", re.ASCII)
_DATE_ONLY = re.compile(_DATE + r"\Z", re.ASCII)
_BC = " BC"
_MAX_YEAR = 999_999_999
_MICROS_MIN, _MICROS_MAX = -2**63, 2**63 - 1


def epoch_day(text: str) -> Optional[int]:
    """Days since 1970-01-01 of a date or of a timestamp's date (anything after "T" or a space at
    index 10 is not read), or None; a day count past an int does not fit."""
    value = java_strip(text)
    bc = value.endswith(_BC)
    if bc:
        value = value[:-len(_BC)]
    if len(value) > 10 and value[10] in "T ":
        value = value[:10]
    match = _DATE_ONLY.match(value)
    if match is None:
        return None
    date = _date(match, bc)
    if date is None:
        return None
    day = days_from_civil(*date)
    return day if -2**31 <= day < 2**31 else None


def epoch_micros(text: str, local: bool) -> Optional[int]:
    """Microseconds since the epoch, or None. With an offset the instant is exact; without one it
    is read as UTC; ``local`` (TIMESTAMP_NTZ) keeps the wall-clock time and ignores any offset."""
    value = java_strip(text)
    bc = value.endswith(_BC)
    if bc:
        value = value[:-len(_BC)]
    if len(value) > 10 and value[10] == " ":
        value = value[:10] + "T" + value[11:]
    match = _TIMESTAMP.match(value)
    if match is None:
        return None
    date = _date(match, bc)
    if date is None:
        return None
    hour = int(match.group("hour") or 0)
    minute = int(match.group("minute") or 0)
    second = int(match.group("second") or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = _offset_seconds(match)
    if offset is None:
        return None
    fraction = (match.group("fraction") or "")[:6].ljust(6, "0")
    seconds = days_from_civil(*date) * 86400 + hour * 3600 + minute * 60 + second
    if not local:
        seconds -= offset
    micros = seconds * 1_000_000 + int(fraction)
    return micros if _MICROS_MIN <= seconds * 1_000_000 <= _MICROS_MAX and \
        _MICROS_MIN <= micros <= _MICROS_MAX else None


def _date(match: "re.Match", bc: bool) -> Optional[tuple]:
    sign, digits = match.group("sign"), match.group("year")
    if sign == "+" and len(digits) <= 4 or not sign and len(digits) > 4:
        return None
    year = int(digits)
    if sign == "-":
        if year == 0:
            return None  # "-0000": minus zero is refused in strict parsing
        year = -year
    if abs(year) > _MAX_YEAR:
        return None
    month, day = int(match.group("month")), int(match.group("day"))
    if not 1 <= month <= 12 or not 1 <= day <= _month_length(year, month):
        return None
    if bc:
        if year < 1:
            return None
        year = 1 - year  # year N BC is proleptic year 1 - N
    return year, month, day


def _offset_seconds(match: "re.Match") -> Optional[int]:
    total = 0
    seen = False
    for n in "123":
        if match.group("z" + n):
            if seen:
                return None
            seen = True
            continue
        sign = match.group("s" + n)
        if not sign:
            continue
        if seen:
            return None  # a second offset: the text does not end where one offset does
        seen = True
        hours = int(match.group("h" + n))
        minutes = int(match.group("m" + n) or 0)
        secs = int(match.group("x" + n) or 0) if n == "1" else 0
        if hours > 18 or minutes > 59 or secs > 59:
            return None
        total = hours * 3600 + minutes * 60 + secs
        if total > 18 * 3600:
            return None
        if sign == "-":
            total = -total
    return total


def _month_length(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year)."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def civil_from_days(days: int) -> tuple:
    """The (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian)."""
    z = days + 719468
    era = z // 146097
    day_of_era = z - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524
                   - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    mp = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return year_of_era + era * 400 + (1 if month <= 2 else 0), month, day
