"""Registration, options and spec/check/discover of the Python source on a real PySpark 4 session
with no JAR: classic and Spark Connect."""
import json

import pytest

import brickbyte
from conftest import exec_connector
from datasource_helpers import load


@pytest.fixture(scope="module", autouse=True)
def registered(spark, connect):
    return {"classic": brickbyte.register(spark), "connect": brickbyte.register(connect)}


def test_register_takes_airbyte_where_no_jvm_source_has_it(registered):
    assert registered == {"classic": "python", "connect": "python"}


def test_register_leaves_a_jvm_source_its_name(spark):
    from pyspark.sql.datasource import DataSource
    from brickbyte.datasource import registration

    class Json(DataSource):  # "json" stands for a JVM source the JAR would have registered
        @classmethod
        def name(cls):
            return "json"

    with pytest.raises(Exception) as raised:
        spark.dataSource.register(Json)
    assert "DATA_SOURCE_ALREADY_EXISTS" in registration._condition(raised.value)


def test_spec_as_a_dataframe(session):
    rows = load(session, connector=exec_connector(), action="spec").collect()
    assert session.read.format("airbyte").option("connector", exec_connector()).option(
        "action", "spec").load().columns == ["documentation_url", "connection_specification",
                                             "spec"]
    (row,) = rows
    assert row.documentation_url == "https://example.com/test-source"
    assert json.loads(row.connection_specification)["title"] == "Test Source Spec"
    assert json.loads(row.spec)["connectionSpecification"]["title"] == "Test Source Spec"


def test_check_as_a_dataframe_fails_without_raising(session):
    good = load(session, connector=exec_connector(), action="check", config={"count": 1})
    bad = load(session, connector=exec_connector(), action="check",
               config={"password": "wrong"})
    assert [tuple(r) for r in good.collect()] == [("SUCCEEDED", None)]
    assert [tuple(r) for r in bad.collect()] == [
        ("FAILED", "Authentication failed: the password was rejected")]
    assert bad.schema.simpleString() == "struct<status:string,message:string>"


def test_discover_as_a_dataframe(session):
    df = load(session, connector=exec_connector(), action="discover")
    assert df.schema.simpleString() == (
        "struct<stream:string,namespace:string,supported_sync_modes:array<string>,"
        "source_defined_cursor:boolean,default_cursor_field:array<string>,"
        "source_defined_primary_key:array<array<string>>,spark_schema:string,"
        "json_schema:string>")
    users = {r.stream: r for r in df.collect()}["users"]
    assert users.supported_sync_modes == ["full_refresh", "incremental"]
    assert users.source_defined_cursor is True
    assert users.default_cursor_field == ["updated_at"]
    assert users.source_defined_primary_key == [["id"]]
    assert users.spark_schema.startswith("id BIGINT,name STRING,")
    assert "_airbyte_meta STRUCT<sync_id: BIGINT, changes: ARRAY<STRUCT<" in users.spark_schema
    assert json.loads(users.json_schema)["properties"]["id"]


@pytest.mark.parametrize("options, message", [
    ({"idleTimout": "10s"}, "Option 'idletimout' is not an option of the airbyte source. "
                            "Did you mean 'idleTimeout'? Accepted: action, catalogTtl, cdkPackage, "),
    ({"mode": "LAX"}, "Option 'mode' = 'LAX' is not accepted. Accepted: PERMISSIVE, "
                      "DROPMALFORMED, FAILFAST"),
    ({"numberType": "float"}, "Option 'numberType' = 'float' is not accepted. Accepted: "
                              "decimal, double"),
    ({"nested": "map"}, "Option 'nested' = 'map' is not accepted. Accepted: struct, json"),
    ({"idleTimeout": "soon"}, "Option 'idleTimeout' = 'soon' is not accepted: not a positive "
                              "duration of at most 365d."),
    ({"installer": "conda"}, "Option 'installer' = 'conda' is not accepted. Accepted: auto, "
                             "pip, uv"),
    ({"customComponents": "yes"}, "Option 'customComponents' = 'yes' is not accepted. "
                                  "Accepted: true, false"),
    ({"config": "{\"password\": \"hunter22\""}, "Option 'config' is not valid JSON (line 1, "
                                                "column 24). Accepted: a JSON object"),
    ({"config": "[1]"}, "Option 'config' must be a JSON object, not array."),
    ({"execution": "driver"}, "Option 'execution' = 'driver' is not accepted: the Python source "
                              "runs the connector in its read task"),
    ({"dockerNetwork": "none"}, "Option 'dockerNetwork' = 'none' is not accepted: the Python "
                                "source runs no docker: connectors"),
    ({"connector": "docker:airbyte/source-x:1"}, "Option 'connector' = "
                                                 "'docker:airbyte/source-x:1' is not accepted"),
    ({"stream": None}, "Option 'stream' is required to read."),
    ({"state": "{\"type\": \"RECORD\"}"}, "Option 'state' holds no state message in the value"),
    ({"startingState": "latest", "stateSchema": "main.bronze"}, "Option 'startingState' = "
     "'latest' is not accepted: the Python source cannot read the sync's _airbyte_state table"),
    ({"stateSchema": "main.bronze"}, "Option 'stateSchema' goes with startingState=latest only"),
    ({"pipIndexUrl": "ftp://user:tok@x"}, "Option 'pipIndexUrl' is not accepted: it is not an "
                                          "http(s):// or file:// URL"),
])
def test_bad_options_fail_the_load_with_the_jvm_words(session, options, message):
    values = {"connector": exec_connector(), "stream": "users", **options}
    values = {k: v for k, v in values.items() if v is not None}
    with pytest.raises(Exception) as raised:
        load(session, **values).schema
    assert message in str(raised.value)
    assert "hunter22" not in str(raised.value) and "tok@" not in str(raised.value)


def test_an_unknown_stream_names_the_streams_there_are(session):
    with pytest.raises(Exception) as raised:
        load(session, connector=exec_connector(), stream="nope").schema
    assert "Option 'stream' = 'nope' is not a stream of exec:" in str(raised.value)
    assert "Accepted: users, types, wide, large, generated" in str(raised.value)
