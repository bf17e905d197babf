"""The options of a load, looked up case-insensitively, and the one parser of their values.

Every refusal reads as the JVM source's (``io.brickbyte.options.OptionValues``): "Option 'key' =
'value' is not accepted: why. Accepted: what", and echoes no value that may be secret.
"""
import json
import re
from datetime import timedelta
from typing import List, Mapping, Optional, Sequence, TypeVar

from brickbyte.errors import AirbyteConfigError

MAX_DURATION = timedelta(days=365)
_DURATION = re.compile(r"(\d{1,12})\s*(ms|s|m|h|d)?")
_ISO_DURATION = re.compile(r"p(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)?")
_UNITS = {"ms": "milliseconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days"}

T = TypeVar("T")


def refused(key: str, value: Optional[str], problem: Optional[str],
            accepted: str) -> AirbyteConfigError:
    """The refusal of a value. Pass ``value=None`` for options that may hold secrets."""
    return AirbyteConfigError(
        f"Option '{key}'" + ("" if value is None else f" = '{value}'") + " is not accepted"
        + ("" if problem is None else f": {problem}") + f". Accepted: {accepted}")


class OptionValues:
    """Options by name in any case; blank values count as missing, as on the JVM."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self._values = {key.lower(): value for key, value in options.items()}
        self._keys = tuple(options.keys())

    def keys(self) -> Sequence[str]:
        return self._keys

    def get(self, key: str, fallback: Optional[str] = None) -> Optional[str]:
        value = self._values.get(key.lower())
        return fallback if value is None or not str(value).strip() else str(value)

    def choice(self, key: str, choices: Sequence[str], fallback: str) -> str:
        """One of ``choices`` (as written there), whatever the case of the value."""
        value = self.get(key)
        if value is None:
            return fallback
        for choice in choices:
            if choice.lower() == value.strip().lower():
                return choice
        raise refused(key, value, None, ", ".join(choices))

    def bool(self, key: str, fallback: bool) -> bool:
        value = self.get(key)
        if value is None:
            return fallback
        text = value.strip().lower()
        if text in ("true", "false"):
            return text == "true"
        raise refused(key, value, None, "true, false")

    def positive_int(self, key: str, fallback: int) -> int:
        value = self.get(key)
        if value is None:
            return fallback
        text = value.strip()
        if re.fullmatch(r"[+-]?\d+", text) and 0 < int(text) < 2 ** 63:
            return int(text)
        raise refused(key, value, None, "a positive whole number")

    def duration(self, key: str, fallback: timedelta) -> timedelta:
        """90s, 10m, 2h, 1d, 500ms, a plain number of seconds, or ISO-8601 (PT10M); <= 365d."""
        value = self.get(key)
        if value is None:
            return fallback
        text = value.strip().lower()
        duration = None
        plain = _DURATION.fullmatch(text)
        iso = _ISO_DURATION.fullmatch(text) if text.startswith("p") and len(text) > 1 else None
        try:
            if plain:
                duration = timedelta(**{_UNITS[plain.group(2) or "s"]: int(plain.group(1))})
            elif iso and any(iso.groups()):
                days, hours, minutes, seconds = iso.groups()
                duration = timedelta(days=int(days or 0), hours=int(hours or 0),
                                     minutes=int(minutes or 0), seconds=float(seconds or 0))
        except OverflowError:
            duration = None
        if duration is None or duration <= timedelta(0) or duration > MAX_DURATION:
            raise refused(key, value, "not a positive duration of at most 365d",
                          "e.g. 90s, 10m, 2h, 500ms, a number of seconds, or ISO-8601 (PT10M)")
        return duration

    def words(self, key: str) -> List[str]:
        """Words separated by white space, or a JSON array of strings."""
        value = self.get(key)
        if value is None:
            return []
        text = value.strip()
        if not text.startswith("["):
            return text.split()
        try:
            array = json.loads(text)
        except ValueError:
            array = None
        if not isinstance(array, list):
            raise refused(key, value, "not a JSON array",
                          "words separated by spaces, or a JSON array of strings")
        return [word if isinstance(word, str) else json.dumps(word) for word in array]

    def names(self, key: str) -> List[str]:
        """Names separated by commas, blanks dropped."""
        value = self.get(key)
        return [] if value is None else [n.strip() for n in value.split(",") if n.strip()]
