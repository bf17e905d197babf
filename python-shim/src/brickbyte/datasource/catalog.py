"""The stream a load reads, found in the discovered catalog, and the configured catalog the
connector's ``read`` gets: checks and words as the JVM's ``AirbyteTable``."""
from typing import Any, Dict, List, Optional

from brickbyte.errors import AirbyteConfigError


def stream_label(name: str, namespace: Optional[str]) -> str:
    return f"{namespace}.{name}" if namespace else name


def find_stream(catalog: Dict[str, Any], name: str, namespace: Optional[str],
                connector: str) -> Dict[str, Any]:
    """The stream named ``name``; with no namespace given, the first of that name."""
    streams = catalog.get("streams") or []
    for stream in streams:
        if stream.get("name") == name and (namespace is None or
                                           stream.get("namespace") == namespace):
            return stream
    names = ", ".join(stream_label(s.get("name"), s.get("namespace")) for s in streams)
    raise AirbyteConfigError(
        f"Option 'stream' = '{stream_label(name, namespace)}' is not a stream of {connector}. "
        f"Accepted: {names}")


def configure(stream: Dict[str, Any], sync_mode: str, cursor_field: List[str],
              label: str) -> Dict[str, Any]:
    """The configured catalog of one stream, after checking sync mode and cursor against it."""
    supported = [str(m) for m in stream.get("supported_sync_modes") or []]
    if supported and sync_mode not in supported:
        raise AirbyteConfigError(
            f"Option 'syncMode' = '{sync_mode}' is not supported by stream '{label}'. "
            f"Accepted: {', '.join(supported)}")
    schema = stream.get("json_schema") or {}
    if cursor_field and not _has_field(schema, cursor_field):
        raise AirbyteConfigError(
            f"Option 'cursorField' = '{'.'.join(cursor_field)}' names no field of stream "
            f"'{label}'. Accepted: a field of its schema, e.g. "
            + ", ".join(list((schema.get("properties") or {}).keys())[:10]))
    if sync_mode == "incremental" and not cursor_field:
        cursor_field = [str(f) for f in stream.get("default_cursor_field") or []]
    configured: Dict[str, Any] = {
        "stream": stream, "sync_mode": sync_mode,
        "destination_sync_mode": "append_dedup" if sync_mode == "incremental" else "overwrite"}
    if cursor_field:
        configured["cursor_field"] = list(cursor_field)
    keys = stream.get("source_defined_primary_key") or []
    if keys:
        configured["primary_key"] = [[str(f) for f in path] for path in keys]
    return {"streams": [configured]}


def _has_field(schema: Dict[str, Any], path: List[str]) -> bool:
    """Whether the path names a property, level by level; a schema listing none takes any."""
    node: Any = schema
    for field in path:
        properties = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(properties, dict) or not properties:
            return True
        if field not in properties:
            return False
        node = properties[field]
    return True
