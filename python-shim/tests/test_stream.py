"""BrickByte.read_stream: the JVM's streaming source through the shim, AvailableNow into Delta."""
import pytest

from brickbyte import BrickByte
from conftest import exec_connector


@pytest.fixture(scope="module")
def bb(spark):
    return BrickByte(spark, source=exec_connector())


def run_available_now(frame, checkpoint, table):
    query = (frame.writeStream.format("delta").option("checkpointLocation", str(checkpoint))
             .trigger(availableNow=True).start(str(table)))
    query.awaitTermination()
    return [p["numInputRows"] for p in query.recentProgress if p["numInputRows"] > 0]


def ids(spark, table):
    return sorted(r.id for r in spark.read.format("delta").load(str(table)).select("id").collect())


def test_each_run_reads_only_what_is_new(spark, bb, tmp_path):
    checkpoint, table = tmp_path / "checkpoint", tmp_path / "users"
    assert sum(run_available_now(bb.read_stream("users", source_config={"count": 4}),
                                 checkpoint, table)) == 4
    assert sum(run_available_now(bb.read_stream("users", source_config={"count": 6}),
                                 checkpoint, table)) == 2
    assert ids(spark, table) == list(range(1, 7))


def test_max_records_per_trigger_and_starting_state_reach_the_stream(spark, bb, tmp_path):
    # Start after user 2 (its updated_at), a state every 2 records: batches end at the first
    # state after 3 records.
    start = [{"type": "STREAM", "stream": {"stream_descriptor": {"name": "users"},
                                           "stream_state": {"updated_at": "2024-01-01T00:02:00+00:00"}}}]
    batches = run_available_now(
        bb.read_stream("users", source_config={"count": 9, "state_every": 2},
                       starting_state=start, max_records_per_trigger=3),
        tmp_path / "checkpoint", tmp_path / "users")
    assert batches == [4, 3]
    assert ids(spark, tmp_path / "users") == list(range(3, 10))


@pytest.mark.parametrize("bad", [0, -1, True, "3"])
def test_a_bad_max_records_per_trigger_is_refused(bb, bad):
    with pytest.raises(ValueError, match="max_records_per_trigger is a positive int"):
        bb.read_stream("users", max_records_per_trigger=bad)
