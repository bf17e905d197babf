"""Airbyte protocol lines: which message a line is, without parsing records.

A RECORD line goes to the converter whole, as bytes; only the other messages (a few per run) are
parsed here. Tolerant as the JVM's reader: ``type`` may come last, unknown fields and message
types pass, and lines that are no JSON (a connector's stray prints) are logged, not fatal.
"""
import json
from typing import Any, Dict, Optional, Tuple

RECORD = "RECORD"
NOISE = "NOISE"  # a line that is no protocol message
RECORD_PREFIXES = (b'{"type":"RECORD"', b'{"type": "RECORD"')


def classify(line: bytes) -> Tuple[str, Optional[Dict[str, Any]]]:
    """The message type of a stdout line and, for every type but RECORD, the parsed message."""
    if line.startswith(RECORD_PREFIXES):
        return RECORD, None
    stripped = line.strip()
    if not stripped.startswith(b"{"):
        return NOISE, None
    try:
        message = json.loads(stripped.decode("utf-8", "replace"))
    except (ValueError, RecursionError):  # nested past Python's limit: output, as on the JVM
        return NOISE, None
    if not isinstance(message, dict):
        return NOISE, None
    kind = message.get("type")
    if not isinstance(kind, str):
        # As the JVM's reader: a message without "type" is what its fields say it is.
        kind = _inferred_type(message)
        if kind is None:
            return NOISE, None
    if kind == RECORD:
        return (RECORD, None) if isinstance(message.get("record"), dict) else (NOISE, None)
    return kind, message


def _inferred_type(message: Dict[str, Any]) -> Optional[str]:
    if isinstance(message.get("record"), dict):
        return RECORD
    for field in ("state", "log", "trace", "control", "spec", "catalog"):
        if field in message:
            return field.upper()
    return "CONNECTION_STATUS" if "connectionStatus" in message else None


def state_key(state: Dict[str, Any]) -> str:
    """What a state replaces: the state of the same stream (STREAM), the global one, or the
    legacy one."""
    kind = state.get("type") or "LEGACY"
    if kind == "STREAM":
        descriptor = (state.get("stream") or {}).get("stream_descriptor") or {}
        return json.dumps(["STREAM", descriptor.get("name"), descriptor.get("namespace")])
    return json.dumps([kind])


def trace_error(message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    trace = message.get("trace") or {}
    return trace.get("error") if trace.get("type") == "ERROR" else None


def stream_status(message: Dict[str, Any]) -> Optional[Tuple[str, str]]:
    """(stream, status) of a TRACE STREAM_STATUS."""
    trace = message.get("trace") or {}
    status = trace.get("stream_status") if trace.get("type") == "STREAM_STATUS" else None
    if not isinstance(status, dict):
        return None
    descriptor = status.get("stream_descriptor") or {}
    name = descriptor.get("name")
    namespace = descriptor.get("namespace")
    return (f"{namespace}.{name}" if namespace else str(name)), str(status.get("status"))
