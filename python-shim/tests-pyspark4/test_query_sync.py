"""BrickByte.sync where no JAR loads: the Python engine's queries of the Python source into Delta 4,
on a classic session and a Spark Connect session (what serverless compute speaks)."""
import json

import pytest

from brickbyte import BrickByte
from conftest import exec_connector

pytestmark = pytest.mark.skipif(not __import__("os").environ.get("BRICKBYTE_DELTA_JARS"),
                                reason="needs Delta's JARs (BRICKBYTE_DELTA_JARS, set by Maven)")


@pytest.fixture(params=["classic", "connect"])
def session(request, spark, connect):
    return spark if request.param == "classic" else connect


def sync(session, tmp_path, schema, **kwargs):
    bb = BrickByte(session, source=exec_connector())
    return bb.sync(catalog="spark_catalog", schema=schema,
                   checkpoint_dir=str(tmp_path / "checkpoints"), **kwargs)


def rows(result):
    return {r.stream: r for r in result.df.collect()}


def test_full_refresh_then_incremental_merge_and_append(session, tmp_path, request):
    schema = "pysync_" + request.node.callspec.id
    full = sync(session, tmp_path, schema, source_config={"count": 4}, streams=["users", "types"])
    assert full.engine == "python"
    assert {s: (r.write_mode, r.records_written) for s, r in rows(full).items()} == {
        "users": ("overwrite", 4), "types": ("overwrite", 4)}

    inc = schema + "_inc"
    kwargs = dict(streams=["users", "types"], sync_mode="incremental")
    first = rows(sync(session, tmp_path, inc, source_config={"count": 5}, **kwargs))
    assert (first["users"].write_mode, first["users"].inserted) == ("merge", 5)
    assert (first["types"].write_mode, first["types"].records_written) == ("append", 5)
    second = rows(sync(session, tmp_path, inc, source_config={"count": 7}, **kwargs))
    assert (second["users"].records_read, second["users"].inserted) == (2, 2)
    assert "2024-01-01T00:07:00+00:00" in json.dumps(json.loads(second["users"].state))
    users = session.table(f"spark_catalog.{inc}.users")
    assert sorted(r.id for r in users.select("id").collect()) == list(range(1, 8))
    assert session.table(f"spark_catalog.{inc}.types").count() == 12  # types ignores state


def test_a_connector_failure_leaves_tables_and_state_as_they_were(session, tmp_path, request):
    schema = "pysync_fail_" + request.node.callspec.id
    sync(session, tmp_path, schema, source_config={"count": 3}, streams=["users"])
    with pytest.raises(Exception, match="Something broke"):
        sync(session, tmp_path, schema, source_config={"count": 9, "fail_after": 4},
             streams=["users"])
    assert session.table(f"spark_catalog.{schema}.users").count() == 3

    inc = schema + "_inc"
    sync(session, tmp_path, inc, source_config={"count": 2}, streams=["users"],
         sync_mode="incremental")
    with pytest.raises(Exception, match="Something broke"):
        sync(session, tmp_path, inc, source_config={"count": 9, "fail_after": 2},
             streams=["users"], sync_mode="incremental")
    assert session.table(f"spark_catalog.{inc}.users").count() == 2
    again = rows(sync(session, tmp_path, inc, source_config={"count": 4}, streams=["users"],
                      sync_mode="incremental"))["users"]
    assert again.records_read == 2  # from the state of the first run: users 3 and 4
    assert session.table(f"spark_catalog.{inc}.users").count() == 4


def test_a_merge_batch_replaces_a_row_only_with_a_newer_record(spark):
    """The Python engine's MERGE (MergeBatch), as the JVM sync's (MergeSource): a record older
    than its row leaves the row as it is, a newer one replaces it, a cursor tie goes to the later
    extraction, a new key is inserted; the MERGE itself carries no condition on the row."""
    from datetime import datetime, timezone

    from brickbyte.query_sync import MergeBatch, StreamPlan

    def at(minute):
        return datetime(2024, 1, 1, 0, minute, tzinfo=timezone.utc)

    spark.sql("CREATE SCHEMA IF NOT EXISTS spark_catalog.pysync_stale")
    table = "spark_catalog.pysync_stale.users"
    columns = "id BIGINT, updated STRING, name STRING, _airbyte_extracted_at TIMESTAMP"
    spark.createDataFrame([(1, "2024-02", "kept", at(1)), (2, "2024-01", "old", at(1)),
                           (4, "2024-01", "tie, extracted first", at(1))], columns) \
        .write.format("delta").saveAsTable(table)
    batch = spark.createDataFrame([(1, "2024-01", "stale", at(2)), (2, "2024-03", "newer", at(2)),
                                   (3, "2024-01", "new", at(2)),
                                   (4, "2024-01", "tie, extracted later", at(2))], columns)
    plan = StreamPlan(stream="users", namespace=None, table=table, write_mode="merge",
                      keys=("id",), cursor="updated", renames=())
    MergeBatch(table, plan, hard_deletes=False)(batch, 0)
    assert {r.id: r.name for r in spark.table(table).collect()} == {
        1: "kept", 2: "newer", 3: "new", 4: "tie, extracted later"}
