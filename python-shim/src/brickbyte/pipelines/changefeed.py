"""Silver from bronze Delta tables written by the JAR's sync with ``changeDataFeed=true``: the
tables' change feed is the change source. A MERGE's update gives an ``update_preimage`` (left
out) and an ``update_postimage`` row; ``delete`` rows delete their key. Versions are ordered by
the commit, then the cursor (when given), then ``_airbyte_extracted_at``.
"""
import re
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from brickbyte.errors import AirbyteConfigError
from brickbyte.pipelines.plan import (AIRBYTE_COLUMNS, EXTRACTED_AT, TableNames, quote,
                                      quote_path, table_names)
from brickbyte.pipelines.silver import ChangeSource

CHANGE_TYPE = "_change_type"
COMMIT_VERSION = "_commit_version"
COMMIT_TIMESTAMP = "_commit_timestamp"
FEED_COLUMNS = (CHANGE_TYPE, COMMIT_VERSION, COMMIT_TIMESTAMP)


@dataclass(frozen=True)
class FeedPlan:
    table: str          # the bronze Delta table, as the sync named it
    names: TableNames   # names.bronze: the pipeline's view of the table's changes
    keys: Tuple[str, ...]
    cursor: Optional[str]

    @property
    def sequence_by(self) -> str:
        parts = [quote(COMMIT_VERSION)]
        if self.cursor is not None:
            parts.append(quote_path(self.cursor))
        parts.append(quote(EXTRACTED_AT))
        return f"struct({', '.join(parts)})"


def parse_tables(text: str) -> Dict[str, List[str]]:
    """``catalog.schema.table=key[+key];...`` (a pipeline configuration value) as the ``tables``
    mapping."""
    tables: Dict[str, List[str]] = {}
    for entry in (e.strip() for e in (text or "").split(";")):
        if not entry:
            continue
        table, _, keys = entry.partition("=")
        if not keys.strip():
            raise AirbyteConfigError(
                f"tables entry {entry!r} names no key columns. Accepted: "
                "catalog.schema.table=key[+key];... e.g. main.bronze.orders=id")
        tables[table.strip()] = [k.strip() for k in keys.split("+")]
    return tables


def plan(tables: Mapping[str, Sequence[str]], target: Optional[str],
         cursors: Optional[Mapping[str, str]]) -> List[FeedPlan]:
    if not isinstance(tables, Mapping) or not tables:
        raise AirbyteConfigError(
            "tables must map each bronze table to its key columns, e.g. "
            "{'main.bronze.orders': ['id']}")
    cursors = dict(cursors or {})
    unknown = sorted(set(cursors) - set(tables))
    if unknown:
        raise AirbyteConfigError(f"cursors names {', '.join(unknown)}, which is not among the "
                                 f"tables: {', '.join(tables)}")
    plans = []
    for table, keys in tables.items():
        if not re.fullmatch(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+){0,2}", table):
            raise AirbyteConfigError(f"table {table!r} is not a table name. Accepted: table, "
                                     "schema.table or catalog.schema.table")
        key_list = [keys] if isinstance(keys, str) else list(keys or [])
        if not key_list:
            raise AirbyteConfigError(f"table {table!r} has no key columns: silver needs them")
        short = table.split(".")[-1]
        names = table_names(short, target)
        plans.append(FeedPlan(table, TableNames(names.bronze.replace("_bronze", "_changes"),
                                                names.silver, names.history),
                              tuple(key_list), cursors.get(table)))
    return plans


def register(dp: object, spark: object, feed: FeedPlan, streaming: bool) -> ChangeSource:
    """Registers the table's change feed as a view (streaming, for auto_cdc) and returns it as
    a change source."""
    def changes(reader: object) -> object:
        return (reader.option("readChangeFeed", "true")  # type: ignore[attr-defined]
                .option("startingVersion", "0").table(feed.table)
                .where(f"{quote(CHANGE_TYPE)} != 'update_preimage'"))

    if streaming:
        dp.temporary_view(name=feed.names.bronze,  # type: ignore[attr-defined]
                          comment=f"Change feed of {feed.table}")(
            lambda: changes(spark.readStream))  # type: ignore[attr-defined]
    return ChangeSource(
        dataset=feed.names.bronze, read=lambda: changes(spark.read),  # type: ignore
        keys=feed.keys, sequence_by=feed.sequence_by,
        delete_condition=f"{quote(CHANGE_TYPE)} = 'delete'", except_columns=FEED_COLUMNS,
        history_ignores=AIRBYTE_COLUMNS)
