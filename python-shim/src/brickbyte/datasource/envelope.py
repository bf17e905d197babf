"""The RECORD message around the data, read as the JVM's message reader reads it: which fields
count, ``emitted_at`` in every form Jackson takes, and the source's own ``meta.changes``."""
import time
from typing import Any, Dict, List, Optional

from brickbyte.datasource.jsontree import JsonNonFinite, JsonNumber, JsonObject

#: The largest emitted_at (ms) whose microseconds fit a TIMESTAMP.
MAX_MILLIS = (2**63 - 1) // 1000
_MISSING = -2**63
ABSENT = object()


def record_of(message: JsonObject) -> Optional[Dict[str, Any]]:
    """The message's record fields (the last of each name), if it is a RECORD with a stream."""
    kind: Any = None
    record = None
    for key, value in message:
        if key == "type":
            kind = text_value(value)
        elif key == "record" and isinstance(value, JsonObject):
            record = value
    if record is None or kind not in (None, "RECORD"):
        return None
    fields: Dict[str, Any] = {}
    for key, value in record:
        fields[key] = value
    return fields if text_value(fields.get("stream")) is not None else None


def text_value(value: Any) -> Optional[str]:
    """Jackson's ``getValueAsString()``: scalars as their text, null and containers as None."""
    if value is None or isinstance(value, list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str.__str__(value) if isinstance(value, str) else str(value)


def emitted_at(record: Dict[str, Any]) -> int:
    """emitted_at in ms; missing, or past any timestamp (a connector's garbage): the read's time."""
    millis = _as_long(record.get("emitted_at", ABSENT))
    if millis == _MISSING or abs(millis) > MAX_MILLIS:
        return int(time.time() * 1000)
    return millis


def _as_long(value: Any) -> int:
    """Jackson's ``getValueAsLong(MISSING)`` on emitted_at, numbers past a long being MISSING."""
    if value is ABSENT or isinstance(value, (list, JsonNonFinite)):
        return _MISSING
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, JsonNumber):
        text = str.__str__(value)
        if value.integral:
            number = int(text)
            return number if -2**63 <= number < 2**63 else _MISSING
        double = float(text)
        return int(double) if abs(double) < 2.0**63 else _MISSING
    text = value.strip()
    if text == "null":
        return 0
    try:
        return int(text) if -2**63 <= int(text) < 2**63 else _clamp(float(text))
    except ValueError:
        try:
            return _clamp(float(text))
        except ValueError:
            return _MISSING


def _clamp(double: float) -> int:
    """Java's ``(long) double``: NaN is 0, beyond a long the nearest end."""
    if double != double:
        return 0
    return max(-2**63, min(2**63 - 1, int(double))) if abs(double) != float("inf") else (
        2**63 - 1 if double > 0 else -2**63)


def source_changes(meta: Any) -> List[tuple]:
    """The source's own ``meta.changes``, as (field, change, reason) texts (Jackson's asText)."""
    if not isinstance(meta, JsonObject):
        return []
    changes = None
    for key, value in meta:
        if key == "changes":
            changes = value
    if isinstance(changes, JsonObject):
        changes = [value for _, value in changes]
    if not isinstance(changes, list):
        return []
    out = []
    for change in changes:
        fields = dict(change) if isinstance(change, JsonObject) else {}
        out.append(tuple(_as_text(fields.get(name)) for name in ("field", "change", "reason")))
    return out


def _as_text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, list):
        return ""  # a container's asText()
    return text_value(value)
