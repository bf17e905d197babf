"""The JAR-sync-then-pipeline path: a bronze Delta table that records its change data feed,
written as the JAR's sync writes it (its columns; an insert, then a MERGE that updates and
inserts, then a delete), then pipelines/jar_sync_change_feed run by the real ``spark-pipelines``
CLI into silver SCD type 1 and 2.

The table is written here with plain PySpark + Delta, in the sync's column layout, with a delete
the sync writes only for `_ab_cdc_deleted_at`; python-shim/tests/test_jar_change_feed_pipeline.py
runs the same pipeline on bronze written by the JAR's own sync (suite jar-pyspark4)."""
import pytest

from pipeline_helpers import flows_completed, needs_delta, project, rows, run_pipeline

BRONZE = "cdf_bronze.users"
AIRBYTE = ("_airbyte_raw_id STRING, _airbyte_extracted_at TIMESTAMP, _airbyte_meta STRUCT<"
           "sync_id: BIGINT, changes: ARRAY<STRUCT<field: STRING, change: STRING, reason: STRING>>>")


def values(*records):
    return ", ".join(
        f"({id}, '{name}', {updated_at}, 'raw-{id}-{updated_at}', timestamp'2024-01-01 00:00:00' + "
        f"make_interval(0, 0, 0, 0, 0, 0, {updated_at}), named_struct('sync_id', 1L, 'changes', "
        "array()))" for id, name, updated_at in records)


def sync_into_bronze(spark):
    """The sync's writes, commit by commit (versions 1, 2, 3)."""
    spark.sql("CREATE DATABASE IF NOT EXISTS cdf_bronze")
    spark.sql(f"CREATE TABLE {BRONZE} (id BIGINT, name STRING, updated_at BIGINT, {AIRBYTE}) "
              "USING delta TBLPROPERTIES (delta.enableChangeDataFeed = true)")
    spark.sql(f"INSERT INTO {BRONZE} VALUES {values((1, 'ann', 1), (2, 'bob', 2), (3, 'cy', 3))}")
    spark.sql(f"MERGE INTO {BRONZE} t USING (SELECT * FROM VALUES "
              f"{values((1, 'ann2', 4), (4, 'di', 5))} AS s(id, name, updated_at, "
              "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta)) s ON t.id <=> s.id "
              "WHEN MATCHED AND s.updated_at > t.updated_at THEN UPDATE SET * "
              "WHEN NOT MATCHED THEN INSERT *")
    spark.sql(f"DELETE FROM {BRONZE} WHERE id = 2")


@pytest.fixture(scope="module")
def change_feed(spark, connect_port, tmp_path_factory):
    needs_delta()
    work = tmp_path_factory.mktemp("pipeline-change-feed")
    sync_into_bronze(spark)
    spark.sql("CREATE DATABASE IF NOT EXISTS cdf_silver")
    spec = project("jar_sync_change_feed", work, "cdf_silver", {
        "brickbyte.tables": f"{BRONZE}=id", "brickbyte.scdTypes": "1,2",
        "brickbyte.silverMethod": "auto"})
    output = run_pipeline(spec, connect_port)
    yield output, {t: rows(spark, f"cdf_silver.{t}", "id,updated_at")
                   for t in ("users_silver", "users_history")}
    spark.sql("DROP DATABASE IF EXISTS cdf_silver CASCADE")
    spark.sql("DROP DATABASE IF EXISTS cdf_bronze CASCADE")


def test_the_change_feed_becomes_silver_with_updates_and_deletes(change_feed):
    output, tables = change_feed
    assert [(r["id"], r["name"]) for r in tables["users_silver"]] == [
        (1, "ann2"), (3, "cy"), (4, "di")]
    assert not {"_change_type", "_commit_version", "_commit_timestamp"} & set(
        tables["users_silver"][0])
    assert {"users_silver", "users_history"} <= {f.split(".")[-1]
                                                  for f in flows_completed(output)}


def test_the_change_feed_becomes_history_by_commit(change_feed):
    _, tables = change_feed
    # update_preimage rows are left out; the delete (commit 3) closes bob's version.
    assert [(r["id"], r["name"], r["__START_AT"]["_commit_version"],
             None if r["__END_AT"] is None else r["__END_AT"]["_commit_version"])
            for r in tables["users_history"]] == [
        (1, "ann", 1, 2), (1, "ann2", 2, None), (2, "bob", 1, 3), (3, "cy", 1, None),
        (4, "di", 2, None)]
