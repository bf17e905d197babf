"""The state a JVM sync committed for one stream in ``<schema>._airbyte_state``, read on the
driver with Spark SQL: ``BrickByte(spark).read_stream(starting_state="latest")`` where the
Python source serves ``airbyte`` (its stream runs in a Python worker, which cannot read tables).

The rule is the JVM sync's own, written once in docs/sync.md ("State"):
``io.brickbyte.delta.StateStore`` follows it for the next sync and for the JVM stream's
``startingState=latest``; tests/test_sync_state.py compares the two on tables the JVM sync wrote.
Nothing here writes to the table: a sync may be running.
"""
import json
from typing import Any, Dict, List, Optional, Tuple

from brickbyte.datasource.option_values import refused

TABLE = "_airbyte_state"
COMMITTED, PENDING, DISCARDED = "committed", "pending", "discarded"
#: how far back in a table's history a checkpoint's commit is looked for (the JVM's TableCommits)
HISTORY_DEPTH = 100
_ACCEPTED = ("the schema a sync of this source writes to (its options catalog.schema, e.g. "
             "main.bronze), once a sync has run; or leave startingState out to start from the start")


def latest_states(spark: Any, schema: str, stream: str,
                  namespace: Optional[str] = None) -> Optional[str]:
    """The states the next sync into ``schema`` would resume ``stream`` from, as the protocol's
    JSON array, or None where it committed none. ``schema`` is ``schema`` or ``catalog.schema``;
    without ``namespace`` a stream state of that name in any namespace counts.

    Raises AirbyteConfigError (the JVM's words) where ``schema`` has no ``_airbyte_state``.
    """
    table = qualified(schema) + "." + _quote(TABLE)
    try:
        exists = spark.catalog.tableExists(table)
    except Exception as error:  # noqa: BLE001: an unknown catalog reads as a namespace
        first_line = (str(error).splitlines() or [""])[0]
        raise refused("stateSchema", schema, f"Spark cannot look tables up in it ({first_line})",
                      _ACCEPTED) from None
    if not exists:
        raise refused("stateSchema", schema, f"it has no {TABLE} table, so no sync has committed "
                      "a state there to start from", _ACCEPTED)
    log = [row.asDict() for row in spark.sql(
        "SELECT kind, stream, namespace, state, sync_id, checkpoint, status, tables, updated_at "
        f"FROM {table}").collect()]
    log.extend(_settled(spark, log))
    states = [json.loads(row["state"]) for row in _latest_committed(log).values()
              if row["stream"] is None
              or (row["stream"] == stream and (namespace is None or row["namespace"] == namespace))]
    return json.dumps(states) if states else None


def _latest_committed(log: List[Dict[str, Any]]) -> Dict[Tuple[Any, ...], Dict[str, Any]]:
    """Each key's latest committed row (by updated_at, then sync id, then checkpoint)."""
    latest: Dict[Tuple[Any, ...], Dict[str, Any]] = {}
    committed = [row for row in log if row["status"] == COMMITTED]
    for row in sorted(committed, key=lambda r: (r["updated_at"], r["sync_id"], r["checkpoint"])):
        stream = row["stream"]
        latest[(row["kind"], stream, None if stream is None else row["namespace"])] = row
    return latest


def _settled(spark: Any, log: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The rows a sync's start would log for checkpoints left all pending: committed where each
    of the row's tables holds that checkpoint's commit, else discarded."""
    groups: Dict[Tuple[int, int], List[Dict[str, Any]]] = {}
    for row in log:
        groups.setdefault((row["sync_id"], row["checkpoint"]), []).append(row)
    settled = []
    for (sync_id, checkpoint), group in groups.items():
        if any(row["status"] != PENDING for row in group):
            continue
        landed: Dict[str, bool] = {}
        for row in group:
            tables = json.loads(row["tables"]) if row["tables"] is not None else []
            for name in tables:
                if name not in landed:
                    landed[name] = _landed(spark, name, sync_id, checkpoint)
            status = COMMITTED if all(landed[name] for name in tables) else DISCARDED
            settled.append(dict(row, status=status))
    return settled


def _landed(spark: Any, table: str, sync_id: int, checkpoint: int) -> bool:
    """Whether the table's history holds that checkpoint's commit (the JVM's commit tag)."""
    if not spark.catalog.tableExists(table):
        return False
    tag = f"brickbyte sync {sync_id} checkpoint {checkpoint}"
    history = spark.sql(f"DESCRIBE HISTORY {table} LIMIT {HISTORY_DEPTH}")
    return history.filter(history["userMetadata"] == tag).limit(1).count() > 0


def qualified(schema: str) -> str:
    """``schema`` or ``catalog.schema`` (backquoted parts as SQL writes them) as quoted SQL."""
    parts = _identifier_parts(schema.strip())
    if parts is None or not 1 <= len(parts) <= 2 or any(not p.strip() for p in parts):
        raise refused("stateSchema", schema, None,
                      "a schema name, e.g. bronze, or catalog.schema, e.g. main.bronze")
    return ".".join(_quote(part) for part in parts)


def _identifier_parts(text: str) -> Optional[List[str]]:
    parts, current, quoted, i = [], "", False, 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "`" and text[i + 1:i + 2] == "`":
                current, i = current + "`", i + 2
                continue
            if c == "`":
                quoted = False
            else:
                current += c
        elif c == "`":
            quoted = True
        elif c == ".":
            parts.append(current)
            current = ""
        else:
            current += c
        i += 1
    if quoted:
        return None
    parts.append(current)
    return parts


def _quote(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"
