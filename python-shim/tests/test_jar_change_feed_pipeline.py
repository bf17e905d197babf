"""The JAR-sync-then-pipeline path, for real: the JVM sync (this suite's JAR) writes bronze with
changeDataFeed=true, twice, then pipelines/jar_sync_change_feed, run by the real
``spark-pipelines`` CLI against this session's Spark Connect server, streams the change feed into
silver SCD type 1 and 2. Spark Declarative Pipelines exist from PySpark 4.2: the suite on PySpark
4.2 with the _2.13 JAR (jar-pyspark4) runs it; on 3.5 it is skipped."""
import sys
from pathlib import Path

import pytest
import pyspark

from brickbyte import BrickByte

REPO = Path(__file__).resolve().parents[2]
SYNC_SOURCE = REPO / "src" / "test" / "resources" / "connectors" / "sync_source.py"

pytestmark = pytest.mark.skipif(
    tuple(int(p) for p in pyspark.__version__.split(".")[:2]) < (4, 2),
    reason="Spark Declarative Pipelines (spark-pipelines) come with PySpark 4.2")


def config(*users):
    return {"streams": {"users": {"primary_key": ["id"], "cursor": "updated_at", "records": [
        {"id": i, "name": name, "updated_at": at} for i, name, at in users]}}}


def test_the_jar_syncs_change_feed_becomes_silver(spark, connect_port, tmp_path):
    sys.path.insert(0, str(REPO / "python-shim" / "tests-pyspark4"))
    from pipeline_helpers import project, rows, run_pipeline

    bb = BrickByte(spark, source=f"exec:{sys.executable} {SYNC_SOURCE}")
    for records in ([(1, "ann", 1), (2, "bob", 2)], [(1, "ann", 1), (2, "bob", 2), (1, "ann2", 3),
                                                     (3, "cy", 4)]):
        result = bb.sync(source_config=config(*records), catalog="spark_catalog",
                         schema="jcdf_bronze", streams=["users"], sync_mode="incremental",
                         options={"changeDataFeed": "true"}, progress=False)
        assert result.engine == "jvm"
    changes = sorted((r.id, r.name, r._change_type) for r in spark.read.format("delta")
                     .option("readChangeFeed", "true").option("startingVersion", 0)
                     .table("spark_catalog.jcdf_bronze.users").collect())
    assert changes == [(1, "ann", "insert"), (1, "ann", "update_preimage"),
                       (1, "ann2", "update_postimage"), (2, "bob", "insert"), (3, "cy", "insert")]

    spark.sql("CREATE DATABASE IF NOT EXISTS jcdf_silver")
    spec = project("jar_sync_change_feed", tmp_path, "jcdf_silver", {
        "brickbyte.tables": "spark_catalog.jcdf_bronze.users=id", "brickbyte.scdTypes": "1,2",
        "brickbyte.silverMethod": "auto"})
    output = run_pipeline(spec, connect_port)
    assert "Run is COMPLETED." in output
    silver = rows(spark, "jcdf_silver.users_silver", "id")
    assert [(r["id"], r["name"]) for r in silver] == [(1, "ann2"), (2, "bob"), (3, "cy")]
    history = rows(spark, "jcdf_silver.users_history", "id,name")
    assert [(r["id"], r["name"], r["__END_AT"] is None) for r in history] == [
        (1, "ann", False), (1, "ann2", True), (2, "bob", True), (3, "cy", True)]
