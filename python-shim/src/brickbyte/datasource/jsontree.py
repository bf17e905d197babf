"""JSON parsed as the JVM source's Jackson parser sees it, for the per-record path.

Numbers keep their text (a decimal never passes through a float), objects keep their keys in
order and duplicates (:class:`JsonObject`, a list of pairs), and ``NaN``/``Infinity`` parse bare, as
Python's json module writes them. :func:`json_text` writes a value back as Jackson's generator
does (the text a STRING column holds for an object or an array).
"""
import contextlib
import json
import re
import sys
from typing import Any, Iterator, List, Optional, Tuple


class JsonObject(list):
    """An object's ``(key, value)`` pairs, in order, duplicates kept."""


class JsonNumber(str):
    """A number token, as its text; ``integral`` for an integer token (no fraction, no exponent)."""

    integral = False


class JsonInteger(JsonNumber):
    integral = True


class JsonNonFinite(JsonNumber):
    """``NaN``, ``Infinity`` or ``-Infinity``, which Jackson reads as float tokens."""


_DECODER = json.JSONDecoder(object_pairs_hook=JsonObject, parse_float=JsonNumber,
                            parse_int=JsonInteger, parse_constant=JsonNonFinite)
_WHITESPACE = " \t\n\r"
# Java's String.strip(): Character.isWhitespace, which leaves out the no-break spaces.
_JAVA_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                    "\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000")


def java_strip(text: str) -> str:
    """``String.strip()``: the whitespace Java's Character.isWhitespace knows."""
    return text.strip(_JAVA_WHITESPACE)


def parse_object(text: str) -> Optional[JsonObject]:
    """The JSON object a line starts with (what follows it is not read), or None if it is none.
    Call it (and walk what it returns) within :func:`room_for` the line's nesting."""
    start = len(text) - len(text.lstrip(_WHITESPACE))
    if not text.startswith("{", start):
        return None
    try:
        value, _ = _DECODER.raw_decode(text, start)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, JsonObject) else None


def nesting(line: bytes) -> int:
    """The deepest nesting of containers in a line, brackets inside strings aside."""
    depth = deepest = 0
    i = 0
    while i < len(line):
        c = line[i]
        if c == 0x22:
            end = _string_end(line, i + 1)
            if end < 0:
                break
            i = end
        elif c in (0x7B, 0x5B):
            depth += 1
            deepest = max(deepest, depth)
        elif c in (0x7D, 0x5D):
            depth -= 1
        i += 1
    return deepest


@contextlib.contextmanager
def room_for(depth: int) -> Iterator[None]:
    """Python's recursion limit raised for values ``depth`` levels deep (the json module and the
    converters recurse once a level)."""
    old = sys.getrecursionlimit()
    wanted = old + 2 * depth + 100
    if depth > 100:
        sys.setrecursionlimit(wanted)
    try:
        yield
    finally:
        if depth > 100:
            sys.setrecursionlimit(old)


def describe(value: Any) -> str:
    """What a FAILFAST message says the record has instead (Jackson's token, described)."""
    if value is None:
        return "VALUE_NULL"
    if isinstance(value, JsonNumber):
        return "a number out of range or of the wrong kind"
    if isinstance(value, str):
        return "a string value that does not parse"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, JsonObject):
        return "an object"
    return "an array"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')


def _escape(match: "re.Match") -> str:
    char = match.group()
    return _ESCAPES.get(char) or "\\u%04X" % ord(char)


def quote(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def json_text(value: Any) -> str:
    """The value as compact JSON: numbers as the source wrote them, non-ASCII unescaped."""
    parts: List[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, out: List[str]) -> None:
    if isinstance(value, JsonNumber):
        out.append(str.__str__(value))
    elif isinstance(value, str):
        out.append(quote(value))
    elif value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, JsonObject):
        out.append("{")
        for i, (key, item) in enumerate(value):
            if i:
                out.append(",")
            out.append(quote(key))
            out.append(":")
            _write(item, out)
        out.append("}")
    else:
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")


def field_at(line: bytes, offset: int) -> Optional[str]:
    """Where in the record's ``data`` the byte at ``offset`` is (``a.b[2]``), as the JVM names the
    place of a line's first invalid UTF-8; None where no field can be named (a key, the envelope).
    The bytes before ``offset`` are taken to be well-formed JSON so far."""
    # The enclosing containers: [is_object, key or index]
    stack: List[list] = []
    i = 0
    in_key = False
    while i < offset:
        c = line[i]
        if c == 0x22:  # a string: the offset inside it settles the answer
            end = _string_end(line, i + 1)
            is_key = bool(stack) and stack[-1][0] and stack[-1][2]
            if end < 0 or end >= offset:
                in_key = is_key
                break
            if is_key:
                stack[-1][1] = line[i + 1:end].decode("utf-8", "replace")
                stack[-1][2] = False
            i = end + 1
            continue
        if c == 0x7B:  # {
            stack.append([True, None, True])
        elif c == 0x5B:  # [
            stack.append([False, 0, False])
        elif c in (0x7D, 0x5D):
            if stack:
                stack.pop()
        elif c == 0x2C and stack:  # ,
            if stack[-1][0]:
                stack[-1][2] = True
            else:
                stack[-1][1] += 1
        i += 1
    if in_key:
        return None
    return _data_path(stack)


def _data_path(stack: List[list]) -> Optional[str]:
    segments: List[Tuple[bool, Any]] = [(s[0], s[1]) for s in stack]
    if len(segments) < 3 or segments[0] != (True, "record") or segments[1] != (True, "data"):
        return None
    field = ""
    for is_object, where in segments[2:]:
        if is_object:
            if not where:
                return None  # an object's first key: no field to name
            field += ("." if field else "") + where
        else:
            field += f"[{where}]"
    return field


def _string_end(line: bytes, i: int) -> int:
    """The index of the quote closing the string whose content starts at ``i``, or -1."""
    while i < len(line):
        c = line[i]
        if c == 0x5C:
            i += 2
            continue
        if c == 0x22:
            return i
        i += 1
    return -1
