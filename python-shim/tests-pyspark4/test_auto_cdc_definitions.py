"""The Databricks way to build silver (``silver_method="auto_cdc"``: ``create_auto_cdc_flow``)
cannot run into Delta on open-source Spark 4.2 (AUTOCDC_TARGET_DOES_NOT_SUPPORT_MERGE: Delta 4.4
has no DSv2 row-level operations), so its definitions are checked by the engine's dry run: the
graph resolves, the keys, sequence and delete expressions against bronze's real schema (from the
Python source's discover) and the change feed's; and a real run shows the refusal."""
import sys

import pytest

from conftest import SYNC_SOURCE
from pipeline_helpers import needs_delta, private_json, project, run_pipeline

ORDERS = {"primary_key": ["id"], "cursor": "updated_at", "records": [
    {"id": 1, "status": "new", "updated_at": 1, "_ab_cdc_deleted_at": None},
    {"id": 1, "status": "gone", "updated_at": 2, "_ab_cdc_deleted_at": "2024-01-02T00:00:00Z"}]}


@pytest.fixture
def work(tmp_path, spark):
    needs_delta()
    yield tmp_path
    for schema in ("auto_cdc_dry", "auto_cdc_feed"):
        spark.sql(f"DROP DATABASE IF EXISTS {schema} CASCADE")


def dry_run_completed(output):
    return any(line.rstrip().endswith("Run is COMPLETED.") for line in output.splitlines())


def test_auto_cdc_silver_of_the_airbyte_stream_passes_the_dry_run(spark, connect_port, work):
    config = private_json(work / "config.json", {"streams": {"orders": ORDERS}})
    spark.sql("CREATE DATABASE IF NOT EXISTS auto_cdc_dry")
    spec = project("airbyte_to_delta", work, "auto_cdc_dry", {
        "brickbyte.connector": f"exec:{sys.executable} {SYNC_SOURCE}", "brickbyte.config": "",
        "brickbyte.configFile": str(config), "brickbyte.streams": "orders",
        "brickbyte.stagingDir": str(work / "staging"), "brickbyte.scdTypes": "1",
        "brickbyte.silverMethod": "auto_cdc"})
    output = run_pipeline(spec, connect_port, action="dry-run")
    assert dry_run_completed(output), output[-3000:]
    assert not spark.catalog.tableExists("auto_cdc_dry.orders_silver")  # a dry run writes nothing


def test_auto_cdc_silver_of_a_change_feed_passes_the_dry_run(spark, connect_port, work):
    spark.sql("CREATE DATABASE IF NOT EXISTS auto_cdc_feed")
    spark.sql("CREATE TABLE IF NOT EXISTS auto_cdc_feed.users (id BIGINT, name STRING, "
              "_airbyte_raw_id STRING, _airbyte_extracted_at TIMESTAMP) USING delta "
              "TBLPROPERTIES (delta.enableChangeDataFeed = true)")
    spec = project("jar_sync_change_feed", work, "auto_cdc_feed", {
        "brickbyte.tables": "auto_cdc_feed.users=id", "brickbyte.scdTypes": "1",
        "brickbyte.silverMethod": "auto_cdc"})
    output = run_pipeline(spec, connect_port, action="dry-run")
    assert dry_run_completed(output), output[-3000:]


def test_auto_cdc_into_delta_fails_on_open_source_spark_as_the_docs_say(spark, connect_port,
                                                                         work):
    # Why silver_method="auto" picks "view" off Databricks: measured, not assumed. When a Delta
    # release gives its tables DSv2 row-level operations, this fails and the docs change.
    spark.sql("CREATE DATABASE IF NOT EXISTS auto_cdc_feed")
    spark.sql("CREATE TABLE IF NOT EXISTS auto_cdc_feed.users (id BIGINT, name STRING, "
              "_airbyte_raw_id STRING, _airbyte_extracted_at TIMESTAMP) USING delta "
              "TBLPROPERTIES (delta.enableChangeDataFeed = true)")
    spark.sql("INSERT INTO auto_cdc_feed.users VALUES (1, 'ann', 'r1', current_timestamp())")
    spec = project("jar_sync_change_feed", work, "auto_cdc_feed", {
        "brickbyte.tables": "auto_cdc_feed.users=id", "brickbyte.scdTypes": "1",
        "brickbyte.silverMethod": "auto_cdc"})
    output = run_pipeline(spec, connect_port, expect_failure=True)
    assert "AUTOCDC_TARGET_DOES_NOT_SUPPORT_MERGE" in output, output[-3000:]
