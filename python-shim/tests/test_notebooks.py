"""Each notebook's code on local PySpark, with the repository's test connector for source-faker
(the notebooks take the connector from a widget, as a Databricks job parameter would set it)."""
import json
from types import SimpleNamespace
from pathlib import Path

import pytest
from py4j.java_gateway import JavaPackage

from conftest import exec_connector
from notebook_runner import NotebookRun

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def run(spark, name, **parameters):
    return NotebookRun(spark, parameters).run(NOTEBOOKS / f"{name}.py")


def test_every_notebook_is_in_databricks_source_format():
    names = sorted(p.stem for p in NOTEBOOKS.glob("*.py"))
    assert names == ["_setup", "incremental_merge", "manifest_only", "many_streams", "quickstart",
                     "streaming_merge"]
    for notebook in NOTEBOOKS.glob("*.py"):
        text = notebook.read_text()
        assert text.startswith("# Databricks notebook source\n"), notebook.name
        assert "# COMMAND ----------" in text, notebook.name


def test_setup_installs_the_shim_and_finds_the_jar(spark):
    notebook = run(spark, "_setup")
    assert notebook.pip_installs == ["install brickbyte"]
    assert type(notebook.namespace["bb"]).__name__ == "BrickByte"


def test_setup_stops_clearly_without_the_jar(spark, monkeypatch):
    # What py4j answers for a class that is not on the classpath: a JavaPackage.
    missing = JavaPackage("io.brickbyte.spark.AirbyteDataSource", spark._sc._gateway._gateway_client)
    jvm = SimpleNamespace(io=SimpleNamespace(brickbyte=SimpleNamespace(
        spark=SimpleNamespace(AirbyteDataSource=missing))))
    monkeypatch.setattr(spark, "_jvm", jvm)
    with pytest.raises(RuntimeError, match="The BrickByte JAR is not attached"):
        run(spark, "_setup")


def test_quickstart(spark):
    notebook = run(spark, "quickstart", connector=exec_connector(), config='{"count": 25}',
                   catalog="spark_catalog", schema="nb_quickstart")
    check, discover, users, result, table = [rows for _, rows in notebook.displayed]
    assert check[0].status == "SUCCEEDED"
    assert "users" in [r.stream for r in discover]
    assert len(users) == 10
    assert [(r.stream, r.records_written) for r in result] == [("users", 25)]
    assert sorted(r.id for r in table) == list(range(1, 26))


def test_incremental_merge(spark):
    notebook = run(spark, "incremental_merge", connector=exec_connector(),
                   catalog="spark_catalog", schema="nb_incremental")
    first, second, history, syncs = [rows for _, rows in notebook.displayed]
    assert [(r.records_read, r.inserted) for r in first] == [(500, 500)]
    assert [(r.records_read, r.inserted, r.updated) for r in second] == [(300, 300, 0)]
    state = json.loads(second[0].state)
    assert "2024-01-01T13:20:00+00:00" in json.dumps(state)  # user 800's updated_at
    assert spark.table("spark_catalog.nb_incremental.users").count() == 800
    assert "MERGE" in [r.operation for r in history]
    assert [(r.status, r.records_read, r.inserted) for r in syncs] == [
        ("succeeded", 500, 500), ("succeeded", 300, 300)]
    assert all(r.bytes_read > 0 for r in syncs)


def test_streaming_merge(spark, tmp_path):
    notebook = run(spark, "streaming_merge", connector=exec_connector(),
                   table="default.nb_stream_users",
                   checkpoint=str(tmp_path / "checkpoint"))
    assert notebook.namespace["second"] == 300, "the second run read only the new records"
    users = spark.table("default.nb_stream_users")
    assert users.count() == 800
    assert users.select("id").distinct().count() == 800
    (history,) = [rows for _, rows in notebook.displayed]
    assert "MERGE" in [r.operation for r in history]


def test_many_streams(spark):
    notebook = run(spark, "many_streams", connector=exec_connector(),
                   config='{"count": 12, "wide_columns": 6}', streams="users,types,wide",
                   catalog="spark_catalog", schema="nb_many", table_prefix="t_")
    result, first_table = [rows for _, rows in notebook.displayed]
    assert sorted((r.stream, r.records_written) for r in result) == [
        ("types", 12), ("users", 12), ("wide", 12)]
    for stream in ("users", "types", "wide"):
        assert spark.table(f"spark_catalog.nb_many.t_{stream}").count() == 12
    assert len(first_table) == 10


def test_manifest_only(spark):
    notebook = run(spark, "manifest_only", connector=exec_connector(), config='{"count": 4}',
                   stream="users", catalog="spark_catalog", schema="nb_manifest")
    spec, discover, result, table = [rows for _, rows in notebook.displayed]
    assert "connectionSpecification" in spec[0].spec
    assert [(r.stream, r.records_written) for r in result] == [("users", 4)]
    assert len(table) == 4
