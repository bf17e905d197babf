"""Pipeline helpers (Spark Declarative Pipelines, Databricks Lakeflow / DLT): one call per source
registers a bronze streaming table per stream and its silver tables.

In a pipeline's Python file::

    from brickbyte import pipelines
    pipelines.bronze_and_silver(
        source="source-github", config=spark.conf.get("brickbyte.config"),
        streams=["issues", "pull_requests"], scd_type=[1, 2],
        staging_dir="/Volumes/main/github/staging/pipeline")

For the JAR's sync (bronze Delta tables with change data feed on), see
:func:`silver_from_change_feed`.
"""
from typing import Iterable, Mapping, Optional, Sequence, Union

from brickbyte.pipelines import bronze, changefeed, silver
from brickbyte.pipelines.plan import (AIRBYTE_COLUMNS, StreamPlan, TableNames, plan, scd_types,
                                      stream_names)
from brickbyte.pipelines.silver import AUTO_CDC, END_AT, START_AT, VIEW, ChangeSource

__all__ = ["bronze_and_silver", "silver_from_change_feed", "StreamPlan", "TableNames",
           "AUTO_CDC", "VIEW", "START_AT", "END_AT"]

def bronze_and_silver(*, source: str, streams: Union[str, Iterable[str]],
                      config: Optional[str] = None, config_file: Optional[str] = None,
                      scd_type: Union[int, str, Sequence[Union[int, str]]] = 1,
                      target: Optional[str] = None,
                      keys: Optional[Mapping[str, Sequence[str]]] = None,
                      cursors: Optional[Mapping[str, str]] = None,
                      staging_dir: Optional[str] = None,
                      options: Optional[Mapping[str, str]] = None,
                      silver_method: str = "auto", spark: object = None) -> Sequence[StreamPlan]:
    """Registers, per stream, ``<stream>_bronze`` (a streaming table of
    ``spark.readStream.format("airbyte")``: every record once, with the Airbyte columns) and its
    silver tables: ``<stream>_silver`` (SCD type 1: the latest version per key, deletes applied)
    and/or ``<stream>_history`` (SCD type 2: every version, ``__START_AT``/``__END_AT``).

    Each stream's key and cursor come from the connector's ``discover`` (``keys``/``cursors``
    override them per stream); versions are ordered by the cursor, then
    ``_airbyte_extracted_at``; a record whose ``_ab_cdc_deleted_at`` is set deletes its key (when
    the stream has that column).

    ``config`` is the connector's config JSON; put references in it, not secrets
    (``{"token": "${file:/Volumes/main/secure/github/token}"}`` or ``${env:NAME}``): the source
    resolves them when it runs, so the pipeline's plan holds the reference. ``config_file`` is the
    path of an owner-only file holding the config. (The Python source refuses
    ``${secret:scope/key}``: its workers have no ``dbutils``.) ``staging_dir`` is a directory of this pipeline only, that every node
    reads (a Unity Catalog volume path on Databricks): each stream's query stages its records
    under ``<staging_dir>/<stream>``. ``target`` qualifies the table names (``schema`` or ``catalog.schema``).
    ``options`` go to every read of the source. ``silver_method``: ``auto_cdc``
    (``create_auto_cdc_flow``, Databricks), ``view`` (materialized views over bronze, what
    open-source Spark can run), ``auto`` (the first on Databricks, the second elsewhere).

    Returns the plans (table names, keys, cursor) in the order of ``streams``.

    Example::

        pipelines.bronze_and_silver(source="exec:python3 /Volumes/main/raw/source.py",
                                    config='{"token": "${env:GITHUB_TOKEN}"}',
                                    streams="issues,users", scd_type=[1, 2], target="main.github",
                                    staging_dir="/Volumes/main/github/staging/pipeline")
    """
    from pyspark import pipelines as dp
    spark = _session(spark)
    names = stream_names(streams)
    types = scd_types(scd_type)
    how = silver.method(silver_method)
    read_options = bronze.source_options(source, config, config_file, dict(options or {}))
    staging = bronze.staging_root(staging_dir, read_options)
    _register_source(spark)
    plans = plan(bronze.discover(spark, read_options), names, target, keys, cursors)
    for stream_plan in plans:
        bronze.register(dp, spark, stream_plan, read_options, staging)
        change_source = _bronze_changes(spark, stream_plan)
        for scd in types:
            target_table = stream_plan.names.silver if scd == 1 else stream_plan.names.history
            silver.register(dp, change_source, target_table, scd, how)
    return plans


def silver_from_change_feed(*, tables: Mapping[str, Sequence[str]],
                            scd_type: Union[int, str, Sequence[Union[int, str]]] = 1,
                            target: Optional[str] = None,
                            cursors: Optional[Mapping[str, str]] = None,
                            silver_method: str = "auto",
                            spark: object = None) -> Sequence[changefeed.FeedPlan]:
    """Silver tables from bronze Delta tables that the JAR's sync writes with
    ``changeDataFeed=true``: their change feed (``readChangeFeed``; ``update_preimage`` rows
    left out, ``delete`` rows delete) into ``<table>_silver`` / ``<table>_history``.

    ``tables`` maps each bronze table (``catalog.schema.table``) to its key columns.

    Example::

        pipelines.silver_from_change_feed(tables={"main.bronze.orders": ["id"]}, scd_type=1)
    """
    from pyspark import pipelines as dp
    spark = _session(spark)
    types = scd_types(scd_type)
    how = silver.method(silver_method)
    plans = changefeed.plan(tables, target, cursors)
    for feed in plans:
        change_source = changefeed.register(dp, spark, feed, streaming=how == AUTO_CDC)
        for scd in types:
            silver.register(dp, change_source, feed.names.silver if scd == 1
                            else feed.names.history, scd, how)
    return plans


def _bronze_changes(spark: object, stream_plan: StreamPlan) -> ChangeSource:
    return ChangeSource(
        dataset=stream_plan.names.bronze,
        read=lambda: spark.read.table(stream_plan.names.bronze),  # type: ignore[attr-defined]
        keys=stream_plan.keys, sequence_by=stream_plan.sequence_by,
        delete_condition=stream_plan.delete_condition, history_ignores=AIRBYTE_COLUMNS)


def _register_source(spark: object) -> None:
    import brickbyte
    brickbyte.register(spark)


def _session(spark: object) -> object:
    if spark is not None:
        return spark
    from pyspark.sql import SparkSession
    active = SparkSession.getActiveSession()
    if active is None:
        raise RuntimeError("brickbyte.pipelines: no active Spark session; pass spark=spark")
    return active
