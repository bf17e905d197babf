"""BrickByte.sync into local Delta tables, through the JVM's AirbyteSync."""
import json

import pytest
from py4j.protocol import Py4JJavaError

from brickbyte import AirbyteConfigError, AirbyteConnectorError, BrickByte, SyncResult
from conftest import exec_connector

RESULT_COLUMNS = ["stream", "namespace", "table", "write_mode", "records_read", "records_written",
                  "inserted", "updated", "deleted", "seconds", "state", "renames"]


@pytest.fixture(scope="module")
def bb(spark):
    return BrickByte(spark, source=exec_connector())


def test_full_refresh_sync_writes_one_delta_table_per_stream(spark, bb):
    schema = "shim_full"  # the sync creates it
    result = bb.sync(source_config={"count": 7}, catalog="spark_catalog", schema=schema,
                     streams=["users", "types"])
    assert isinstance(result, SyncResult)
    assert result.df.columns[:len(RESULT_COLUMNS)] == RESULT_COLUMNS  # then the history's
    rows = {r.stream: r for r in result.df.collect()}
    assert sorted(rows) == ["types", "users"]
    assert (rows["users"].records_read, rows["users"].records_written) == (7, 7)
    assert spark.table(f"spark_catalog.{schema}.users").count() == 7
    assert spark.table(f"spark_catalog.{schema}.types").count() == 7
    assert result.new_config is None

    again = bb.sync(source_config={"count": 4}, catalog="spark_catalog", schema=schema,
                    streams=["users"], sync_mode="full_refresh")
    assert [r.records_written for r in again.df.collect()] == [4]
    assert spark.table(f"spark_catalog.{schema}.users").count() == 4  # overwritten


def test_incremental_sync_resumes_from_its_state_and_merges(spark, bb):
    schema = "shim_incremental"  # the sync creates it
    with pytest.warns(DeprecationWarning, match="use sync_mode='incremental'") as warned:
        first = bb.sync(source_config={"count": 5}, catalog="spark_catalog", schema=schema,
                        streams=["users"], mode="incremental")  # the old spelling still works
    assert [w.filename for w in warned] == [__file__]
    assert [r.records_read for r in first.df.collect()] == [5]
    second = bb.sync(source_config={"count": 8}, catalog="spark_catalog", schema=schema,
                     streams=["users"], sync_mode="incremental")
    row = second.df.collect()[0]
    assert row.records_read == 3  # only users 6..8, newer than the saved cursor
    assert (row.inserted, row.updated) == (3, 0)
    assert "2024-01-01T00:08:00+00:00" in json.dumps(json.loads(row.state))
    users = spark.table(f"spark_catalog.{schema}.users")
    assert sorted(r.id for r in users.select("id").collect()) == list(range(1, 9))


def test_table_prefix_and_passed_through_options_reach_the_sync(spark, bb):
    schema = "shim_prefix"  # the sync creates it
    bb.sync(source_config={"count": 2}, catalog="spark_catalog", schema=schema,
            streams=["users"], table_prefix="raw_", options={"numberType": "double"})
    table = spark.table(f"spark_catalog.{schema}.raw_users")
    assert table.schema["score"].dataType.simpleString() == "double"


def test_a_connector_failing_mid_sync_raises_its_error_with_the_jvms_message(spark, bb):
    schema = "shim_failure"  # the sync creates it
    with pytest.raises(AirbyteConnectorError) as raised:
        bb.sync(source_config={"count": 5, "fail_after": 2}, catalog="spark_catalog",
                schema=schema, streams=["users"])
    assert "Something broke: the API returned 500" in str(raised.value)
    assert str(raised.value) == raised.value.java_exception.getMessage()
    assert isinstance(raised.value.__cause__, Py4JJavaError)


def test_a_bad_sync_option_is_a_config_error_naming_it(spark, bb):
    with pytest.raises(AirbyteConfigError) as raised:
        bb.sync(source_config={"count": 1}, catalog="spark_catalog", schema="shim_bad",
                streams=["users"], options={"deleteMode": "bogus"})
    assert "deleteMode" in str(raised.value) and "bogus" in str(raised.value)


def test_parallelism_is_checked_in_python_and_reaches_the_jvm_sync(spark, bb):
    for bad in (0, -1, True, "2", 1.5):
        with pytest.raises(ValueError, match="sync: parallelism is a positive int"):
            bb.sync(schema="shim_par", engine="jvm", parallelism=bad)
    # Above the JVM's bound: refused there, so the value reached AirbyteSync.
    with pytest.raises(AirbyteConfigError, match="Option 'parallelism' = '65' is not accepted"):
        bb.sync(source_config={"count": 1}, catalog="spark_catalog", schema="shim_par",
                streams=["users"], parallelism=65)
