"""What each stream's tables are: names, key, sequence and delete rule, decided once from the
connector's ``discover`` answer (the rows of ``action=discover``) before anything is registered.

Pure Python, no Spark: every refusal of bad input happens here, with a message that names the
stream, the value and what is accepted.
"""
import json
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from brickbyte.errors import AirbyteConfigError

DELETED_AT = "_ab_cdc_deleted_at"
EXTRACTED_AT = "_airbyte_extracted_at"
# The Airbyte columns: a change of theirs alone is no new version of a row.
AIRBYTE_COLUMNS = ("_airbyte_raw_id", EXTRACTED_AT, "_airbyte_meta")


@dataclass(frozen=True)
class Discovered:
    """One row of ``action=discover``: the columns the helper uses."""

    stream: str
    primary_key: Tuple[Tuple[str, ...], ...]
    cursor: Tuple[str, ...]
    properties: Tuple[str, ...]  # the top-level properties of the stream's JSON schema

    @staticmethod
    def from_row(row: Mapping[str, Any]) -> "Discovered":
        schema = json.loads(row["json_schema"] or "{}")
        properties = schema.get("properties") if isinstance(schema, dict) else None
        return Discovered(
            stream=row["stream"],
            primary_key=tuple(tuple(path) for path in row["source_defined_primary_key"] or []),
            cursor=tuple(row["default_cursor_field"] or []),
            properties=tuple(properties or {}))


@dataclass(frozen=True)
class TableNames:
    bronze: str
    silver: str   # SCD type 1: the latest version per key
    history: str  # SCD type 2: every version, with __START_AT and __END_AT


@dataclass(frozen=True)
class StreamPlan:
    """The tables of one stream and the rules its silver tables are built by."""

    stream: str
    names: TableNames
    keys: Tuple[str, ...]
    cursor: Optional[str]
    has_deletes: bool

    @property
    def sequence_by(self) -> str:
        """The order of a key's versions: the cursor, then the extraction time (a struct, so
        records with equal cursors are ordered too)."""
        if self.cursor is None:
            return quote(EXTRACTED_AT)
        return f"struct({quote_path(self.cursor)}, {quote(EXTRACTED_AT)})"

    @property
    def delete_condition(self) -> Optional[str]:
        return f"{quote(DELETED_AT)} IS NOT NULL" if self.has_deletes else None


def scd_types(scd_type: Union[int, str, Sequence[Union[int, str]]]) -> Tuple[int, ...]:
    """``1``, ``2`` or both (``[1, 2]``)."""
    values = [scd_type] if isinstance(scd_type, (int, str)) else list(scd_type)
    chosen = []
    for value in values:
        number = int(value) if str(value).strip() in ("1", "2") else None
        if number is None:
            raise AirbyteConfigError(
                f"scd_type {value!r} is not supported. Accepted: 1 (latest version per key), "
                "2 (history of versions), or both: [1, 2]")
        if number not in chosen:
            chosen.append(number)
    if not chosen:
        raise AirbyteConfigError("scd_type is empty. Accepted: 1, 2, or [1, 2]")
    return tuple(chosen)


def stream_names(streams: Union[str, Iterable[str]]) -> List[str]:
    """A list of stream names; a comma-separated string (as a pipeline configuration holds it)
    is split."""
    names = [s.strip() for s in streams.split(",")] if isinstance(streams, str) else list(streams)
    if not names or not all(isinstance(n, str) and n for n in names):
        raise AirbyteConfigError(f"streams must be non-empty stream names, got {streams!r}")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise AirbyteConfigError(f"streams names {', '.join(duplicates)} more than once")
    return names


def plan(discovered: Sequence[Discovered], streams: Sequence[str], target: Optional[str] = None,
         keys: Optional[Mapping[str, Sequence[str]]] = None,
         cursors: Optional[Mapping[str, str]] = None) -> List[StreamPlan]:
    """One plan per stream, in the order given. ``keys`` and ``cursors`` override what the
    connector declares, per stream."""
    by_name: Dict[str, Discovered] = {d.stream: d for d in discovered}
    keys = dict(keys or {})
    cursors = dict(cursors or {})
    _refuse_unknown("keys", keys, streams)
    _refuse_unknown("cursors", cursors, streams)
    plans = []
    for stream in streams:
        found = by_name.get(stream)
        if found is None:
            raise AirbyteConfigError(
                f"Stream '{stream}' is not among the streams the connector discovered: "
                + (", ".join(sorted(by_name)) or "(none)"))
        plans.append(StreamPlan(
            stream=stream, names=table_names(stream, target),
            keys=_keys(found, keys.get(stream)), cursor=_cursor(found, cursors.get(stream)),
            has_deletes=DELETED_AT in found.properties))
    return plans


def table_names(stream: str, target: Optional[str] = None) -> TableNames:
    """``<stream>_bronze``, ``<stream>_silver``, ``<stream>_history``, the stream's name made a
    plain identifier (lower case, ``[a-z0-9_]``), qualified by ``target`` (a schema, or
    ``catalog.schema``) when given."""
    base = re.sub(r"[^a-z0-9_]", "_", stream.lower())
    prefix = ""
    if target:
        if not re.fullmatch(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)?", target):
            raise AirbyteConfigError(
                f"target {target!r} is not a schema name. Accepted: schema or catalog.schema "
                "(letters, digits, _)")
        prefix = target + "."
    return TableNames(f"{prefix}{base}_bronze", f"{prefix}{base}_silver",
                      f"{prefix}{base}_history")


def _keys(found: Discovered, given: Optional[Sequence[str]]) -> Tuple[str, ...]:
    if given is not None:
        names = [given] if isinstance(given, str) else list(given)
        if not names:
            raise AirbyteConfigError(f"keys of stream '{found.stream}' is empty")
        missing = [k for k in names if k not in found.properties]
        if missing:
            raise AirbyteConfigError(
                f"keys of stream '{found.stream}' name {', '.join(missing)}, which the stream "
                f"has not. Its columns: {', '.join(found.properties)}")
        return tuple(names)
    if not found.primary_key:
        raise AirbyteConfigError(
            f"Stream '{found.stream}' has no primary key (the connector declares none), and its "
            f"silver tables need one to know which records are versions of the same row: pass "
            f"keys={{'{found.stream}': ['<column>', ...]}}")
    nested = [".".join(path) for path in found.primary_key if len(path) != 1]
    if nested:
        raise AirbyteConfigError(
            f"Stream '{found.stream}' has a primary key inside a nested field "
            f"({', '.join(nested)}); silver keys are top-level columns: pass "
            f"keys={{'{found.stream}': ['<column>', ...]}}")
    return tuple(path[0] for path in found.primary_key)


def _cursor(found: Discovered, given: Optional[str]) -> Optional[str]:
    if given is not None:
        if given.split(".")[0] not in found.properties:
            raise AirbyteConfigError(
                f"cursor of stream '{found.stream}' is {given!r}, which the stream has not. "
                f"Its columns: {', '.join(found.properties)}")
        return given
    return ".".join(found.cursor) if found.cursor else None


def _refuse_unknown(what: str, given: Mapping[str, Any], streams: Sequence[str]) -> None:
    unknown = sorted(set(given) - set(streams))
    if unknown:
        raise AirbyteConfigError(
            f"{what} names {', '.join(unknown)}, which is not among the streams: "
            + ", ".join(streams))


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def quote_path(path: str) -> str:
    return ".".join(quote(part) for part in path.split("."))
