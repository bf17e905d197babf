"""startingState=latest: the Python reader of _airbyte_state (brickbyte.sync_state, what the
client runs for the Python source) and the JVM's (io.brickbyte.delta.CommittedStates, the sync's
own StateStore rule) agree on tables the JVM sync wrote; and read_stream passes latest through to
the JVM source."""
import datetime
import json

import pytest

from brickbyte import BrickByte
from brickbyte.errors import AirbyteConfigError
from brickbyte.sync_state import latest_states
from conftest import exec_connector
from test_stream import ids, run_available_now


@pytest.fixture(scope="module")
def bb(spark):
    return BrickByte(spark, source=exec_connector())


def jvm_latest(spark, schema, stream):
    jvm = spark._jvm
    descriptor = jvm.io.brickbyte.protocol.StreamDescriptor(stream, None)
    return jvm.io.brickbyte.delta.CommittedStates().latest(spark._jsparkSession, schema, descriptor)


def parsed(states):
    return None if states is None else json.loads(states)


def append_state_rows(spark, schema, rows):
    """Rows as the JVM sync logs them (its table's columns), e.g. a sync killed mid-checkpoint."""
    spark.createDataFrame(rows, spark.table(f"{schema}._airbyte_state").schema) \
        .write.format("delta").mode("append").saveAsTable(f"{schema}._airbyte_state")


def users_state(updated_at):
    return json.dumps({"type": "STREAM", "stream": {"stream_descriptor": {"name": "users"},
                                                    "stream_state": {"updated_at": updated_at}}})


def test_both_readers_agree_on_what_the_jvm_sync_committed(spark, bb):
    schema = "spark_catalog.shim_latest_agree"
    bb.sync(source_config={"count": 3, "state_every": 1}, catalog="spark_catalog",
            schema="shim_latest_agree", streams=["users", "types"], sync_mode="incremental")
    bb.sync(source_config={"count": 5, "state_every": 2}, catalog="spark_catalog",
            schema="shim_latest_agree", streams=["users"], sync_mode="incremental")
    committed = latest_states(spark, schema, "users")
    assert parsed(committed) == parsed(jvm_latest(spark, schema, "users"))
    assert "2024-01-01T00:05:00+00:00" in committed
    assert latest_states(spark, schema, "no_such_stream") is None
    assert jvm_latest(spark, schema, "no_such_stream") is None

    # A killed sync's pending checkpoints: 901's data landed in users (its commit tag), 902's not.
    users = f"`spark_catalog`.`shim_latest_agree`.`users`"
    spark.conf.set("spark.databricks.delta.commitInfo.userMetadata", "brickbyte sync 901 checkpoint 1")
    try:
        spark.table(users).limit(1).write.format("delta").mode("append").saveAsTable(users)
    finally:
        spark.conf.unset("spark.databricks.delta.commitInfo.userMetadata")
    later = datetime.datetime.now() + datetime.timedelta(seconds=5)
    append_state_rows(spark, schema, [
        ("STREAM", "users", None, users_state("2024-01-01T00:09:00+00:00"), 901, 1, "pending",
         json.dumps([users]), later),
        ("STREAM", "users", None, users_state("2024-01-01T00:99:00+00:00"), 902, 1, "pending",
         json.dumps([users]), later + datetime.timedelta(seconds=1)),
        ("GLOBAL", None, None, json.dumps({"type": "GLOBAL", "global": {"shared_state": {"x": 1}}}),
         903, 1, "committed", "[]", later)])
    both = latest_states(spark, schema, "users")
    assert parsed(both) == parsed(jvm_latest(spark, schema, "users"))
    assert [s["type"] for s in json.loads(both)] == ["STREAM", "GLOBAL"]
    assert "00:09:00" in both and "00:99:00" not in both


def test_a_schema_without_a_state_table_is_refused_by_both_in_the_same_words(spark):
    spark.sql("CREATE SCHEMA IF NOT EXISTS spark_catalog.shim_latest_none")
    with pytest.raises(AirbyteConfigError) as python:
        latest_states(spark, "spark_catalog.shim_latest_none", "users")
    with pytest.raises(Exception) as jvm:
        jvm_latest(spark, "spark_catalog.shim_latest_none", "users")
    assert "Option 'stateSchema' = 'spark_catalog.shim_latest_none' is not accepted: it has no " \
           "_airbyte_state table" in str(python.value)
    assert str(python.value) in str(jvm.value)


def test_read_stream_from_the_latest_state_reads_only_what_the_sync_did_not(spark, bb, tmp_path):
    bb.sync(source_config={"count": 4}, catalog="spark_catalog", schema="shim_latest_stream",
            streams=["users"], sync_mode="incremental")
    frame = bb.read_stream("users", source_config={"count": 7}, starting_state="latest",
                           state_schema="spark_catalog.shim_latest_stream")
    run_available_now(frame, tmp_path / "checkpoint", tmp_path / "users")
    assert ids(spark, tmp_path / "users") == [5, 6, 7]


def test_latest_without_a_state_schema_is_refused_by_the_source(bb):
    with pytest.raises(Exception, match="Option 'startingState' = 'latest' needs option "
                                        "'stateSchema'"):
        bb.read_stream("users", starting_state="latest")
