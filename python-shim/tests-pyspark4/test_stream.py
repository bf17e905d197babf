"""Streaming reads of the Python source into real Delta tables (PySpark 4.2, no BrickByte JAR):
the Airbyte state as the offset, staged records, AvailableNow, failures and restarts."""
import datetime
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import brickbyte
from conftest import REPO, exec_connector
from datasource_helpers import alive, read_pid, wait_dead

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module", autouse=True)
def registered(spark, connect, has_delta):
    if not has_delta:
        pytest.skip("BRICKBYTE_DELTA_JARS is not set (Maven sets it: mvn -B verify)")
    brickbyte.register(spark)
    brickbyte.register(connect)


def users_stream(session, config, staging, **options):
    reader = (session.readStream.format("airbyte_python")
              .option("connector", exec_connector()).option("stream", "users")
              .option("config", json.dumps(config)).option("stagingDir", str(staging)))
    for key, value in options.items():
        reader = reader.option(key, str(value))
    return reader.load()


def run_available_now(session, config, paths, **options):
    query = (users_stream(session, config, paths["staging"], **options)
             .writeStream.format("delta").option("checkpointLocation", str(paths["checkpoint"]))
             .trigger(availableNow=True).start(str(paths["table"])))
    query.awaitTermination(300)
    return query


def input_rows(query):
    """Rows per trigger (Connect's progress has them per source only: the property sums)."""
    return [p.numInputRows for p in query.recentProgress]


def table_ids(session, paths):
    return sorted(r.id for r in session.read.format("delta").load(str(paths["table"]))
                  .select("id").collect())


@pytest.fixture
def paths(tmp_path):
    return {name: tmp_path / name for name in ("staging", "checkpoint", "table")}


def test_two_available_now_runs_the_second_reads_only_new_records(session, paths):
    first = run_available_now(session, {"count": 5, "state_every": 2}, paths)
    assert table_ids(session, paths) == [1, 2, 3, 4, 5]
    assert sum(input_rows(first)) == 5
    second = run_available_now(session, {"count": 8, "state_every": 2}, paths)
    assert table_ids(session, paths) == list(range(1, 9))
    assert sum(input_rows(second)) == 3
    offsets = sorted((paths["checkpoint"] / "offsets").glob("[0-9]*"), key=lambda p: int(p.name))
    last = json.loads(offsets[-1].read_text().splitlines()[-1])
    assert last["version"] == 1 and last["engine"] == "python"
    assert last["states"][0]["stream"]["stream_state"]["updated_at"] == \
        "2024-01-01T00:08:00+00:00"
    # The staged records of committed batches are gone by the next start; at most the last's stay.
    run_available_now(session, {"count": 8, "state_every": 2}, paths)
    assert [p.name for p in paths["staging"].iterdir()] == []


def test_a_new_query_starts_from_starting_state(spark, paths):
    state = [{"type": "STREAM", "stream": {"stream_descriptor": {"name": "users"},
                                           "stream_state": {"updated_at":
                                                            "2024-01-01T00:05:00+00:00"}}}]
    run_available_now(spark, {"count": 8}, paths, startingState=json.dumps(state))
    assert table_ids(spark, paths) == [6, 7, 8]


def test_max_records_per_trigger_cuts_batches_at_states(spark, paths):
    query = run_available_now(spark, {"count": 10, "state_every": 2}, paths,
                              maxRecordsPerTrigger=3)
    assert [n for n in input_rows(query) if n] == [4, 4, 2]
    assert table_ids(spark, paths) == list(range(1, 11))


def test_a_connector_failure_keeps_records_to_its_last_state_then_fails_the_query(spark, paths):
    query = run_available_now_failing(spark, paths)
    assert "Something broke: the API returned 500" in str(query.exception())
    assert table_ids(spark, paths) == [1, 2, 3, 4, 5, 6]
    run_available_now(spark, {"count": 10, "state_every": 3}, paths)
    assert table_ids(spark, paths) == list(range(1, 11))


def run_available_now_failing(spark, paths):
    query = (users_stream(spark, {"count": 10, "state_every": 3, "fail_after": 7},
                          paths["staging"])
             .writeStream.format("delta").option("checkpointLocation", str(paths["checkpoint"]))
             .trigger(availableNow=True).start(str(paths["table"])))
    with pytest.raises(Exception):
        query.awaitTermination(300)
    return query


def test_a_stopped_query_leaves_no_connector_process(spark, paths, tmp_path):
    pid_file = tmp_path / "pid"
    query = (users_stream(spark, {"count": 10, "hang_after": 2, "pid_file": str(pid_file)},
                          paths["staging"], idleTimeout="10m")
             .writeStream.format("delta").option("checkpointLocation", str(paths["checkpoint"]))
             .trigger(processingTime="1 second").start(str(paths["table"])))
    pid = read_pid(pid_file, 120)
    assert alive(pid)
    query.stop()
    assert wait_dead(pid, 20)


def test_a_query_killed_mid_run_and_restarted_lands_each_record_once(spark, paths, tmp_path):
    """The query runs in a process of its own, killed with SIGKILL once it has committed a
    batch, then restarted here from its checkpoint and staged records."""
    config = {"streams": {"users": {"primary_key": ["id"], "cursor": "id",
                                    "records": [{"id": i, "v": f"v{i}"} for i in range(1, 41)]}},
              "state_every": 2, "sleep_every": 2, "sleep_seconds": 0.3}
    script = tmp_path / "query.py"
    script.write_text(KILLED_QUERY.format(repo=str(REPO)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO / "python-shim" / "src"), os.environ.get("PYTHONPATH", "")]))
    child = subprocess.Popen(
        [sys.executable, str(script), json.dumps(config), json.dumps({k: str(v) for k, v in
                                                                      paths.items()})],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        commits = paths["checkpoint"] / "commits"
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and len(list(commits.glob("[0-9]*"))) < 2:
            assert child.poll() is None, "the query process ended before it was killed"
            time.sleep(0.2)
        assert len(list(commits.glob("[0-9]*"))) >= 2
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    before = len(table_ids(spark, paths))
    assert 0 < before < 40
    reader = (spark.readStream.format("airbyte_python")
              .option("connector", exec_connector(REPO / "src/test/resources/connectors/"
                                                         "sync_source.py"))
              .option("stream", "users").option("config", json.dumps(config))
              .option("stagingDir", str(paths["staging"])).option("maxRecordsPerTrigger", "4")
              .load())
    (reader.writeStream.format("delta").option("checkpointLocation", str(paths["checkpoint"]))
     .trigger(availableNow=True).start(str(paths["table"])).awaitTermination(300))
    assert table_ids(spark, paths) == list(range(1, 41))


KILLED_QUERY = '''
import json, os, sys
os.environ["PYSPARK_PYTHON"] = sys.executable
from pyspark.sql import SparkSession
import brickbyte
config, paths = json.loads(sys.argv[1]), json.loads(sys.argv[2])
jars = os.environ["BRICKBYTE_DELTA_JARS"]
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
         .config("spark.jars", jars).config("spark.sql.shuffle.partitions", "2")
         .config("spark.databricks.delta.snapshotPartitions", "1")
         .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
         .config("spark.sql.catalog.spark_catalog",
                 "org.apache.spark.sql.delta.catalog.DeltaCatalog").getOrCreate())
brickbyte.register(spark)
connector = "exec:" + sys.executable + " {repo}/src/test/resources/connectors/sync_source.py"
(spark.readStream.format("airbyte_python").option("connector", connector)
 .option("stream", "users").option("config", json.dumps(config))
 .option("stagingDir", paths["staging"]).option("maxRecordsPerTrigger", "4").load()
 .writeStream.format("delta").option("checkpointLocation", paths["checkpoint"])
 .trigger(processingTime="0 seconds").start(paths["table"]).awaitTermination())
'''


STATE_COLUMNS = ("kind STRING, stream STRING, namespace STRING, state STRING, sync_id BIGINT, "
                 "checkpoint BIGINT, status STRING, tables STRING, updated_at TIMESTAMP")


def state_table(session, rows):
    """A schema whose _airbyte_state holds ``rows`` as the JVM sync logs them (tests/ compares
    this reader with the JVM's on tables the JVM sync wrote)."""
    schema = "latest_" + uuid.uuid4().hex[:12]
    session.sql(f"CREATE SCHEMA {schema}")
    session.sql(f"CREATE TABLE {schema}._airbyte_state ({STATE_COLUMNS}) USING delta")
    session.createDataFrame(rows, STATE_COLUMNS).write.format("delta").mode("append") \
        .saveAsTable(f"{schema}._airbyte_state")
    return schema


def stream_state(name, updated_at):
    return json.dumps({"type": "STREAM", "stream": {"stream_descriptor": {"name": name},
                                                    "stream_state": {"updated_at": updated_at}}})


def read_stream_latest(session, paths, count, schema):
    frame = brickbyte.BrickByte(session, source=exec_connector()).read_stream(
        "users", source_config={"count": count}, starting_state="latest", state_schema=schema,
        options={"stagingDir": str(paths["staging"])})
    query = (frame.writeStream.format("delta").option("checkpointLocation", str(paths["checkpoint"]))
             .trigger(availableNow=True).start(str(paths["table"])))
    query.awaitTermination(300)


def test_read_stream_from_the_latest_state_the_python_engine_reads_it_on_the_driver(session, paths):
    now = datetime.datetime.now()
    schema = state_table(session, [
        ("STREAM", "users", None, stream_state("users", "2024-01-01T00:03:00+00:00"), 1, 1,
         "committed", "[]", now),
        ("STREAM", "types", None, stream_state("types", "2024-01-01T00:09:00+00:00"), 1, 1,
         "committed", "[]", now),
        # A killed sync's checkpoint whose data never landed: not a state to resume from.
        ("STREAM", "users", None, stream_state("users", "2024-01-01T00:05:00+00:00"), 2, 1,
         "pending", json.dumps(["`nowhere`.`users`"]), now + datetime.timedelta(seconds=1))])
    read_stream_latest(session, paths, 6, schema)
    assert table_ids(session, paths) == [4, 5, 6]


def test_a_state_table_without_the_streams_state_starts_it_from_the_start(spark, paths):
    schema = state_table(spark, [("STREAM", "types", None, stream_state("types", "x"), 1, 1,
                                  "committed", "[]", datetime.datetime.now())])
    read_stream_latest(spark, paths, 3, schema)
    assert table_ids(spark, paths) == [1, 2, 3]
    with pytest.raises(Exception, match="Option 'stateSchema' = 'no_such_schema' is not "
                                        "accepted: it has no _airbyte_state table"):
        read_stream_latest(spark, paths, 3, "no_such_schema")
    with pytest.raises(Exception, match="Option 'stateSchema' = 'no_such_catalog.bronze' is not "
                                        "accepted: Spark cannot look tables up in it"):
        read_stream_latest(spark, paths, 3, "no_such_catalog.bronze")
