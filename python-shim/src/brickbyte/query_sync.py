"""A sync made of Spark queries of the ``airbyte`` data source, for sessions where the JVM's
``AirbyteSync`` cannot run: Spark Connect (serverless, standard access mode) or no JAR.

Each selected stream is one query into its Delta table, one after the other: a full refresh is a
batch read that overwrites the table in one commit; an incremental stream is an AvailableNow
stream whose offset (the connector's state) lives in a checkpoint per table, appended or MERGEd
in ``foreachBatch`` with the JVM sync's rules (the newest version per primary key by cursor, then
extraction time, then arrival; a row is replaced only by a newer or equal version, so a replayed
batch changes nothing; ``_ab_cdc_deleted_at`` deletes). The result has the JVM sync's columns.
"""
import datetime
import json
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from brickbyte.datasource.schema import name_suffix

# The JVM sync's result columns; what this engine does not know (the connector's version, its
# stream statuses, the bytes read) is null.
RESULT_SCHEMA = ("stream STRING, namespace STRING, table STRING, write_mode STRING, "
                 "records_read BIGINT, records_written BIGINT, inserted BIGINT, updated BIGINT, "
                 "deleted BIGINT, seconds DOUBLE, state STRING, renames ARRAY<STRING>, "
                 "sync_id BIGINT, connector STRING, connector_version STRING, "
                 "started_at TIMESTAMP, ended_at TIMESTAMP, status STRING, "
                 "reported_complete BOOLEAN, bytes_read BIGINT, error STRING")
EXTRACTED_AT = "_airbyte_extracted_at"
CDC_DELETED_AT = "_ab_cdc_deleted_at"
WRITE_MODES = ("overwrite", "append", "merge")
# The sync's own options: what the source does not take (it would refuse them as unknown).
SYNC_KEYS = ("schema", "catalog", "streams", "syncmode", "tableprefix", "deletemode",
             "changedatafeed", "checkpointrecords", "checkpointinterval", "controlconfigfile",
             "state", "execution", "parallelism")
SYNC_PREFIXES = ("writemode.", "tablename.")


def quote(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"


def normalize(name: str) -> str:
    """A table name as the JVM sync makes it: lower case, ``[a-z0-9_]``, no leading digit."""
    out = "".join(c if ("a" <= c <= "z" or "0" <= c <= "9" or c == "_") else "_"
                  for c in name.lower())
    return "_" + out if not out or out[0].isdigit() else out


def table_names(streams: List[str], prefix: str, overrides: Mapping[str, str]) -> Dict[str, str]:
    """Each stream's table, by the JVM sync's naming rule (docs/sync.md, "Names")."""
    counts: Dict[str, int] = {}
    for stream in streams:
        if stream not in overrides:
            counts[normalize(prefix + stream)] = counts.get(normalize(prefix + stream), 0) + 1
    tables: Dict[str, str] = {}
    owner: Dict[str, Optional[str]] = {"_airbyte_state": None}
    for stream in streams:
        if stream in overrides:
            table = overrides[stream]
        else:
            normalized = normalize(prefix + stream)
            keeps = counts[normalized] == 1 or normalized == prefix + stream
            table = normalized if keeps else normalized + name_suffix(stream)
        if table.lower() in owner:
            other = owner[table.lower()]
            what = "the sync's state table" if other is None else f"stream '{other}'"
            raise ValueError(f"Stream '{stream}' and {what} would both be table '{table}' (table "
                             f"names ignore case). Accepted: option 'tableName.{stream}' = "
                             f"another table name")
        owner[table.lower()] = stream
        tables[stream] = table
    return tables


@dataclass(frozen=True)
class StreamPlan:
    stream: str
    namespace: Optional[str]
    table: str
    write_mode: str
    keys: Tuple[str, ...]
    cursor: Optional[str]
    renames: Tuple[str, ...]


@dataclass(frozen=True)
class SyncSettings:
    """A sync's own options, split from the source's and checked once."""
    schema: str
    catalog: Optional[str]
    streams: Optional[List[str]]
    incremental: bool
    table_prefix: str
    write_modes: Dict[str, str]
    table_names: Dict[str, str]
    hard_deletes: bool
    source_options: Dict[str, str]

    @staticmethod
    def of(options: Mapping[str, str]) -> "SyncSettings":
        by_lower = {key.lower(): (key, value) for key, value in options.items()}
        refused = [by_lower[k][0] for k in ("changedatafeed", "controlconfigfile", "state",
                                            "checkpointrecords", "checkpointinterval")
                   if k in by_lower]
        if refused:
            raise ValueError(f"option {refused[0]!r} is the JVM sync's (the JAR): a sync without "
                             f"it runs each stream as a query whose checkpoint keeps the state")
        if "parallelism" in by_lower and by_lower["parallelism"][1].strip() != "1":
            raise ValueError(f"option {by_lower['parallelism'][0]!r} = {by_lower['parallelism'][1]!r} "
                             f"is the JVM sync's (the JAR): this engine runs its streams' queries one "
                             f"after the other; leave it out (or 1), or sync with engine='jvm'")
        write_modes, names, source = {}, {}, {}
        for key, value in options.items():
            lower = key.lower()
            if lower.startswith("writemode."):
                if value.strip().lower() not in WRITE_MODES:
                    raise ValueError(f"option {key!r}: {', '.join(WRITE_MODES)} is accepted, "
                                     f"not {value!r}")
                write_modes[key[len("writeMode."):]] = value.strip().lower()
            elif lower.startswith("tablename."):
                names[key[len("tableName."):]] = value.strip()
            elif lower not in SYNC_KEYS:
                source[key] = value
        sync_mode = choice(by_lower, "syncMode", ("full_refresh", "incremental"))
        delete_mode = choice(by_lower, "deleteMode", ("hard", "soft"))
        streams = by_lower.get("streams", (None, None))[1]
        return SyncSettings(
            schema=by_lower["schema"][1], catalog=by_lower.get("catalog", (None, None))[1],
            streams=[s.strip() for s in streams.split(",")] if streams else None,
            incremental=sync_mode == "incremental",
            table_prefix=by_lower.get("tableprefix", (None, ""))[1],
            write_modes=write_modes, table_names=names, hard_deletes=delete_mode == "hard",
            source_options=source)

    def qualified(self, table: str) -> str:
        schema = (quote(self.catalog) + "." if self.catalog else "") + quote(self.schema)
        return schema + "." + quote(table)


def choice(by_lower: Mapping[str, Tuple[str, str]], name: str, accepted: Tuple[str, ...]) -> str:
    """An option's value among ``accepted`` (the first one when unset), as the JVM checks it."""
    key, value = by_lower.get(name.lower(), (name, accepted[0]))
    if value.strip().lower() not in accepted:
        raise ValueError(f"option {key!r}: {', '.join(accepted)} is accepted, not {value!r}")
    return value.strip().lower()


class QuerySync:
    """Runs a sync as queries; ``run()`` returns the result DataFrame (the JVM sync's columns)."""

    def __init__(self, spark: SparkSession, options: Mapping[str, str],
                 checkpoint_dir: Optional[str]) -> None:
        self._spark = spark
        self._settings = SyncSettings.of(options)
        self._checkpoint_dir = checkpoint_dir

    def run(self) -> DataFrame:
        settings = self._settings
        plans = self._plans()  # a bad stream name or write mode fails before anything is created
        schema_sql = (quote(settings.catalog) + "." if settings.catalog else "") + quote(settings.schema)
        self._spark.sql(f"CREATE SCHEMA IF NOT EXISTS {schema_sql}")
        checkpoints = self._checkpoint_dir or self._schema_location(schema_sql) + "/_airbyte_checkpoints"
        rows = []
        sync_id = int(time.time() * 1000)
        connector = next((v for k, v in settings.source_options.items() if k.lower() == "connector"), None)
        for plan in plans:
            started = time.monotonic()
            started_at = datetime.datetime.now(datetime.timezone.utc)
            before = self._table_version(plan)
            if plan.write_mode == "overwrite":
                self._overwrite(plan)
                state = None
            else:
                read, state = self._stream(plan, f"{checkpoints.rstrip('/')}/{plan.table}")
            inserted, updated, deleted = self._written_since(plan, before)
            if plan.write_mode == "overwrite":
                read = inserted  # a full refresh writes every record it read
            rows.append((plan.stream, plan.namespace, plan.table, plan.write_mode, read,
                         inserted + updated + deleted, inserted, updated, deleted,
                         round(time.monotonic() - started, 3), state, list(plan.renames),
                         sync_id, connector, None, started_at,
                         datetime.datetime.now(datetime.timezone.utc), "succeeded", None, None,
                         None))
        return self._spark.createDataFrame(rows, RESULT_SCHEMA)

    # -- planning ---------------------------------------------------------------------------

    def _plans(self) -> List[StreamPlan]:
        settings = self._settings
        discovered = {r["stream"]: r for r in self._source_reader()
                      .option("action", "discover").load().collect()}
        wanted = settings.streams or list(discovered)
        unknown = [s for s in wanted if s not in discovered]
        if unknown:
            raise ValueError(f"sync: stream(s) {', '.join(unknown)} not found; the connector has "
                             f"{', '.join(sorted(discovered))}")
        tables = table_names(wanted, settings.table_prefix, settings.table_names)
        plans = []
        for stream in wanted:
            row = discovered[stream]
            keys = tuple(path[0] for path in (row["source_defined_primary_key"] or []) if path)
            cursor_path = row["default_cursor_field"] or []
            incremental = settings.incremental and "incremental" in (row["supported_sync_modes"] or [])
            mode = settings.write_modes.get(stream) or (
                ("merge" if keys else "append") if incremental else "overwrite")
            if mode == "merge" and not keys:
                raise ValueError(f"writeMode.{stream}=merge needs a primary key, and stream "
                                 f"'{stream}' has none: use append")
            if mode != "overwrite" and "incremental" not in (row["supported_sync_modes"] or []):
                raise ValueError(f"writeMode.{stream}={mode} needs an incremental stream, and "
                                 f"'{stream}' supports full_refresh only")
            renames = () if tables[stream] == stream else (f"table {stream} -> {tables[stream]}",)
            plans.append(StreamPlan(stream, row["namespace"], tables[stream], mode, keys,
                                    cursor_path[0] if len(cursor_path) == 1 else None, renames))
        return plans

    def _source_reader(self):
        return self._spark.read.format("airbyte").options(**self._settings.source_options)

    def _schema_location(self, schema_sql: str) -> str:
        for row in self._spark.sql(f"DESCRIBE SCHEMA EXTENDED {schema_sql}").collect():
            if row[0].lower() == "location" and row[1]:
                return row[1]
        raise ValueError(f"schema {schema_sql} has no location to keep the streams' checkpoints "
                         f"under: give checkpoint_dir= (e.g. a Unity Catalog volume path)")

    # -- writing ----------------------------------------------------------------------------

    def _table_version(self, plan: StreamPlan) -> int:
        """The table's latest version before the sync writes it, or -1 if it does not exist."""
        table = self._settings.qualified(plan.table)
        if not self._spark.catalog.tableExists(table.replace("`", "")):
            return -1
        return self._spark.sql(f"DESCRIBE HISTORY {table} LIMIT 1").collect()[0]["version"]

    def _overwrite(self, plan: StreamPlan) -> None:
        frame = self._source_reader().option("stream", plan.stream).load()
        (frame.write.format("delta").mode("overwrite").option("overwriteSchema", "true")
         .saveAsTable(self._settings.qualified(plan.table)))

    def _stream(self, plan: StreamPlan, checkpoint: str) -> Tuple[int, Optional[str]]:
        table = self._settings.qualified(plan.table)
        reader = (self._spark.readStream.format("airbyte")
                  .options(**self._settings.source_options).option("stream", plan.stream))
        if not any(k.lower() == "stagingdir" for k in self._settings.source_options):
            reader = reader.option("stagingDir", checkpoint + "/staging")
        writer = (reader.load().writeStream.option("checkpointLocation", checkpoint + "/query")
                  .trigger(availableNow=True))
        if plan.write_mode == "append":
            query = writer.format("delta").option("mergeSchema", "true").toTable(table)
        else:
            query = writer.foreachBatch(MergeBatch(table, plan, self._settings.hard_deletes)).start()
        progress = progress_until_done(query)
        return records_read(progress), latest_state(progress)

    def _written_since(self, plan: StreamPlan, before: int) -> Tuple[int, int, int]:
        """Rows inserted, updated and deleted by the table's commits after version ``before``."""
        table = self._settings.qualified(plan.table)
        if not self._spark.catalog.tableExists(table.replace("`", "")):
            return 0, 0, 0
        inserted = updated = deleted = 0
        for commit in self._spark.sql(f"DESCRIBE HISTORY {table}").collect():
            if commit["version"] <= before:
                continue
            metrics = commit["operationMetrics"] or {}
            if "numTargetRowsInserted" in metrics:
                inserted += int(metrics["numTargetRowsInserted"])
                updated += int(metrics.get("numTargetRowsUpdated", 0))
                deleted += int(metrics.get("numTargetRowsDeleted", 0))
            else:
                inserted += int(metrics.get("numOutputRows", 0))
        return inserted, updated, deleted


class MergeBatch:
    """``foreachBatch`` of a MERGE stream: the newest version per key MERGEd into the table."""

    def __init__(self, table: str, plan: StreamPlan, hard_deletes: bool) -> None:
        self.table, self.keys, self.cursor = table, plan.keys, plan.cursor
        self.hard_deletes = hard_deletes

    def __call__(self, batch: DataFrame, batch_id: int) -> None:
        order = ([F.col(quote(self.cursor)).desc_nulls_last()] if self.cursor else []) + [
            F.col(EXTRACTED_AT).desc(), F.col("__brickbyte_arrival").desc()]
        newest = (batch.withColumn("__brickbyte_arrival", F.monotonically_increasing_id())
                  .withColumn("__brickbyte_rank", F.row_number().over(
                      Window.partitionBy(*[F.col(quote(k)) for k in self.keys]).orderBy(*order)))
                  .filter("__brickbyte_rank = 1").drop("__brickbyte_rank", "__brickbyte_arrival"))
        spark = batch.sparkSession
        hard = self.hard_deletes and CDC_DELETED_AT in newest.columns
        if not spark.catalog.tableExists(self.table.replace("`", "")):
            first = newest.filter(F.col(CDC_DELETED_AT).isNull()) if hard else newest
            first.write.format("delta").mode("append").saveAsTable(self.table)
            return
        on = " AND ".join(f"t.{quote(k)} <=> s.{quote(k)}" for k in self.keys)
        newer = f"s.{EXTRACTED_AT} >= t.{EXTRACTED_AT}"
        if self.cursor:
            c = quote(self.cursor)
            newer = (f"(t.{c} IS NULL AND s.{c} IS NOT NULL OR s.{c} > t.{c} OR "
                     f"(s.{c} <=> t.{c} AND {newer}))")
        # As the JVM sync (MergeSource): records no newer than their row are dropped first, so
        # the MATCHED clauses carry no condition (with one, Delta reads every column of the table).
        # The batch is used twice then: kept, so that the source reads it once (and counts its
        # rows once in the query's progress).
        newest = newest.persist()
        source = _without_stale(newest, spark.table(self.table), self.keys, on, newer)
        deleted = f"s.{CDC_DELETED_AT} IS NOT NULL"
        view = f"brickbyte_merge_{batch_id}_{abs(hash(self.table))}"
        sql = f"MERGE INTO {self.table} t USING {view} s ON {on}"
        if hard:
            sql += f" WHEN MATCHED AND {deleted} THEN DELETE"
        sql += " WHEN MATCHED THEN UPDATE SET *"
        sql += f" WHEN NOT MATCHED{f' AND NOT ({deleted})' if hard else ''} THEN INSERT *"
        source.createOrReplaceTempView(view)
        spark.conf.set("spark.databricks.delta.schema.autoMerge.enabled", "true")
        try:
            spark.sql(sql)
        finally:
            spark.catalog.dropTempView(view)
            newest.unpersist()


def _without_stale(newest: DataFrame, table: DataFrame, keys: Sequence[str], on: str,
                   newer: str) -> DataFrame:
    """``newest`` (one record per key) less the records whose key matches a row of ``table``
    (aliases ``s`` and ``t`` in ``on`` and ``newer``) they are not newer than: the records a MERGE
    with ``newer`` on its MATCHED clauses would leave as they are. An inner join (the batch can be
    broadcast past the table), then an anti join of two small sides."""
    stale_keys = [F.col(f"s.{quote(k)}").alias(f"__brickbyte_stale_key_{i}")
                  for i, k in enumerate(keys)]
    not_newer = F.expr(f"{on} AND NOT coalesce({newer}, false)")
    stale = newest.alias("s").join(table.alias("t"), not_newer, "inner").select(*stale_keys)
    same_key = " AND ".join(f"s.{quote(k)} <=> o.__brickbyte_stale_key_{i}"
                            for i, k in enumerate(keys))
    return newest.alias("s").join(stale.alias("o"), F.expr(same_key), "left_anti")


def progress_until_done(query: Any, poll_seconds: float = 0.25) -> List[Any]:
    """The query's progress reports, one per batch, collected while it runs: a Spark Connect
    server may forget a query's progress once it ends. Raises the query's failure."""
    by_batch: Dict[Any, Any] = {}
    while True:
        active = query.isActive
        for report in query.recentProgress:
            by_batch[field(report, "batchId")] = report
        if not active:
            break
        time.sleep(poll_seconds)
    query.awaitTermination()
    return [by_batch[batch] for batch in sorted(by_batch, key=lambda b: (b is None, b))]


def records_read(progress: List[Any]) -> int:
    """The records a query's batches read. Spark's input rows where it counted them; where it did
    not (``foreachBatch`` over Spark Connect counts none), what the source says: the Python
    source's offsets hold their batch's records, the JVM source's metrics the query's total."""
    counted = sum(field(p, "numInputRows") or 0 for p in progress)
    if counted:
        return counted
    in_offsets, staged = 0, 0
    for report in progress:
        sources = field(report, "sources") or []
        if not sources:
            continue
        end = field(sources[0], "endOffset")
        offset = json.loads(end) if isinstance(end, str) else end
        if isinstance(offset, dict):
            in_offsets += int(offset.get("records") or 0)
        metrics = field(sources[0], "metrics") or {}
        staged = max(staged, int(metrics.get("recordsStaged", 0)))
    return in_offsets or staged


def field(report: Any, name: str) -> Any:
    """A field of a progress report: a dict (PySpark 3.5, Connect) or an object (PySpark 4)."""
    return report.get(name) if isinstance(report, dict) else getattr(report, name, None)


def latest_state(progress: List[Any]) -> Optional[str]:
    """The states of the last offset a query's progress reports, as a JSON array, or None."""
    for report in reversed(progress):
        sources = field(report, "sources") or []
        end = field(sources[0], "endOffset") if sources else None
        if end is None:
            continue
        offset = json.loads(end) if isinstance(end, str) else end
        states = offset.get("states") if isinstance(offset, dict) else None
        return json.dumps(states if states is not None else offset)
    return None
