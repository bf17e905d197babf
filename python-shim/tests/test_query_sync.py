"""BrickByte.sync(engine="python"): the sync made of queries of the airbyte source.

Here the JVM source serves the format (this suite's session has the JAR); the same code runs
with the Python source where no JAR loads (tests-pyspark4).
"""
import json

import pytest

from brickbyte import AirbyteConnectorError, BrickByte
from brickbyte.query_sync import normalize, table_names
from conftest import exec_connector

@pytest.fixture(scope="module")
def bb(spark):
    return BrickByte(spark, source=exec_connector())


def sync(bb, tmp_path, schema, **kwargs):
    return bb.sync(catalog="spark_catalog", schema=schema, engine="python",
                   checkpoint_dir=str(tmp_path / "checkpoints"), **kwargs)


def test_full_refresh_overwrites_each_table_in_one_commit(spark, bb, tmp_path):
    result = sync(bb, tmp_path, "qs_full", source_config={"count": 7}, streams=["users", "types"])
    assert result.engine == "python"
    jvm = bb.sync(catalog="spark_catalog", schema="qs_full_jvm", source_config={"count": 7},
                  streams=["users", "types"], progress=False)
    assert jvm.engine == "jvm"
    assert result.df.schema == jvm.df.schema  # the same result, whoever ran it
    same = ["stream", "write_mode", "records_read", "records_written", "inserted", "updated",
            "deleted", "status", "connector"]
    assert sorted(result.df.select(same).collect()) == sorted(jvm.df.select(same).collect())
    rows = {r.stream: r for r in result.df.collect()}
    assert {s: (r.write_mode, r.records_read, r.records_written) for s, r in rows.items()} == {
        "users": ("overwrite", 7, 7), "types": ("overwrite", 7, 7)}
    again = sync(bb, tmp_path, "qs_full", source_config={"count": 4}, streams=["users"])
    assert [r.records_written for r in again.df.collect()] == [4]
    assert spark.table("spark_catalog.qs_full.users").count() == 4


def test_incremental_streams_merge_and_append_and_resume_from_their_checkpoints(spark, bb, tmp_path):
    kwargs = dict(streams=["users", "types"], sync_mode="incremental")
    first = {r.stream: r for r in sync(bb, tmp_path, "qs_inc", source_config={"count": 5},
                                       **kwargs).df.collect()}
    assert (first["users"].write_mode, first["types"].write_mode) == ("merge", "append")
    assert (first["users"].records_read, first["users"].inserted) == (5, 5)
    second = {r.stream: r for r in sync(bb, tmp_path, "qs_inc", source_config={"count": 8},
                                        **kwargs).df.collect()}
    users = second["users"]
    assert (users.records_read, users.inserted, users.updated, users.deleted) == (3, 3, 0, 0)
    assert "2024-01-01T00:08:00+00:00" in json.dumps(json.loads(users.state))
    ids = [r.id for r in spark.table("spark_catalog.qs_inc.users").orderBy("id").collect()]
    assert ids == list(range(1, 9))
    # types ignores state: its records come again and are appended.
    assert second["types"].records_written == 8
    assert spark.table("spark_catalog.qs_inc.types").count() == 13


def test_a_connector_failure_leaves_the_tables_as_they_were(spark, bb, tmp_path):
    sync(bb, tmp_path, "qs_fail", source_config={"count": 3}, streams=["users"])
    with pytest.raises(Exception, match="Something broke"):
        sync(bb, tmp_path, "qs_fail", source_config={"count": 9, "fail_after": 4},
             streams=["users"])
    assert spark.table("spark_catalog.qs_fail.users").count() == 3
    with pytest.raises(Exception, match="Something broke"):
        sync(bb, tmp_path, "qs_fail_inc", source_config={"count": 9, "fail_after": 4},
             streams=["users"], sync_mode="incremental")
    resumed = sync(bb, tmp_path, "qs_fail_inc", source_config={"count": 9},
                   streams=["users"], sync_mode="incremental").df.collect()[0]
    ids = [r.id for r in spark.table("spark_catalog.qs_fail_inc.users").orderBy("id").collect()]
    assert ids == list(range(1, 10))
    assert resumed.records_read == 9  # no state was reached before the failure: all again


def test_names_follow_the_jvm_sync_rule():
    assert normalize("Users-2024") == "users_2024"
    assert normalize("9lives") == "_9lives"
    tables = table_names(["DupCase", "dupcase", "other"], "", {})
    assert tables["dupcase"] == "dupcase"  # already in normal form: keeps it
    assert tables["DupCase"] == "dupcase_" + tables["DupCase"][-6:] and tables["DupCase"] != "dupcase"
    with pytest.raises(ValueError, match="would both be table"):
        table_names(["a", "b"], "", {"b": "A"})


def test_bad_engine_arguments_are_refused(bb, tmp_path):
    with pytest.raises(ValueError, match="engine is 'jvm' or 'python'"):
        bb.sync(schema="x", engine="rust")
    with pytest.raises(ValueError, match="checkpoint_dir is the Python engine's"):
        bb.sync(schema="x", engine="jvm", checkpoint_dir=str(tmp_path))
    with pytest.raises(ValueError, match="'changeDataFeed' is the JVM sync's"):
        bb.sync(schema="x", engine="python", options={"changeDataFeed": "true"})
    with pytest.raises(ValueError, match="'parallelism' = '2' is the JVM sync's"):
        bb.sync(schema="x", engine="python", parallelism=2)


def test_bad_sync_options_are_refused_before_any_table(spark, bb, tmp_path):
    with pytest.raises(ValueError, match="option 'syncMode': full_refresh, incremental is accepted"):
        sync(bb, tmp_path, "qs_bad", options={"syncMode": "incrementl"})
    with pytest.raises(ValueError, match="stream\\(s\\) nope not found"):
        sync(bb, tmp_path, "qs_bad", streams=["nope"])
    assert not spark.catalog.databaseExists("qs_bad")
