"""Every shim call against the real JVM library on a local PySpark."""
import json
import os

import pytest
from py4j.protocol import Py4JJavaError

from brickbyte import AirbyteConfigError, AirbyteError, BrickByte, secret
from conftest import REPO, exec_connector, jvm_error_message


@pytest.fixture(scope="module")
def bb(spark):
    return BrickByte(spark, source=exec_connector(), source_config={"count": 5})


def test_spec_returns_the_connectors_spec_as_json(bb):
    rows = bb.spec().collect()
    assert len(rows) == 1
    spec = json.loads(rows[0].spec)
    assert "connectionSpecification" in spec


def test_check_succeeds_and_a_failed_check_is_a_row_not_an_error(bb):
    assert bb.check().first().status == "SUCCEEDED"
    failed = bb.check(source_config={"password": "wrong"}).first()
    assert failed.status == "FAILED"
    assert "Authentication failed: the password was rejected" in failed.message


def test_discover_lists_the_streams_with_their_keys(bb):
    rows = {r.stream: r for r in bb.discover().collect()}
    assert {"users", "types", "wide", "large", "generated"} <= set(rows)
    assert "updated_at" in json.dumps(rows["users"].asDict(recursive=True))


def test_read_returns_typed_rows_of_one_stream(bb):
    users = bb.read("users")
    assert users.schema["id"].dataType.simpleString() == "bigint"
    assert users.schema["created_at"].dataType.simpleString() == "timestamp"
    assert users.schema["score"].dataType.simpleString() == "decimal(38,10)"
    assert "_airbyte_raw_id" in users.columns
    rows = sorted(users.select("id", "name").collect())
    assert [(r.id, r.name) for r in rows] == [(i, f"user-{i}") for i in range(1, 6)]


def test_read_passes_config_strings_and_options_through(spark):
    bb = BrickByte(spark)
    users = bb.read("users", source=exec_connector(), source_config='{"count": 3}',
                    options={"numberType": "double", "nested": "json"})
    assert users.schema["score"].dataType.simpleString() == "double"
    assert sorted(r.score for r in users.collect()) == [1.5, 3.0, 4.5]


def test_read_incremental_resumes_from_a_state_given_as_a_list(bb):
    state = [{"type": "STREAM", "stream": {"stream_descriptor": {"name": "users"},
                                           "stream_state": {"updated_at":
                                                            "2024-01-01T00:03:00+00:00"}}}]
    users = bb.read("users", sync_mode="incremental", state=state)
    assert sorted(r.id for r in users.select("id").collect()) == [4, 5]


def test_a_later_option_replaces_an_earlier_one_whatever_its_case(spark):
    bb = BrickByte(spark, source=exec_connector(), options={"NUMBERTYPE": "decimal"})
    users = bb.read("users", source_config={"count": 1}, options={"numbertype": "double"})
    assert users.schema["score"].dataType.simpleString() == "double"


def test_a_bad_option_raises_the_jvms_config_error_with_the_same_message(spark, bb):
    expected = jvm_error_message(spark, {"connector": exec_connector(), "stream": "users",
                                         "numberType": "float"})
    assert "numberType" in expected and "float" in expected
    with pytest.raises(AirbyteConfigError) as raised:
        bb.read("users", options={"numberType": "float"})
    assert str(raised.value) == expected
    assert raised.value.java_class == "io.brickbyte.AirbyteConfigException"
    assert isinstance(raised.value.__cause__, Py4JJavaError)


def test_an_unknown_connector_kind_is_a_config_error_with_the_same_message(spark):
    expected = jvm_error_message(spark, {"connector": "ftp:nothing", "action": "spec"})
    with pytest.raises(AirbyteConfigError) as raised:
        BrickByte(spark).spec(source="ftp:nothing")
    assert str(raised.value) == expected
    assert "ftp:nothing" in expected


def test_a_connector_that_cannot_start_raises_a_brickbyte_error(spark):
    with pytest.raises(AirbyteError) as raised:
        BrickByte(spark).spec(source="exec:/nonexistent/brickbyte-connector").collect()
    assert "/nonexistent/brickbyte-connector" in str(raised.value)
    assert "\tat " not in str(raised.value)  # the message, not the Java stack trace


def test_a_secret_reference_reaches_the_jvm_which_resolves_it(spark, bb):
    reference = secret("scope", "key")
    assert reference == "${secret:scope/key}"
    with pytest.raises(AirbyteConfigError) as raised:
        bb.check(source_config={"password": reference}).collect()
    assert "Databricks secrets are only available on a Databricks runtime" in str(raised.value)


def test_arguments_are_checked_in_python(spark, bb):
    with pytest.raises(ValueError, match="full_refresh or incremental"):
        bb.read("users", sync_mode="append")
    with pytest.raises(ValueError, match="PERMISSIVE, FAILFAST, DROPMALFORMED"):
        bb.read("users", mode="append")
    with pytest.raises(ValueError, match="source is needed"):
        BrickByte(spark).discover()
    with pytest.raises(ValueError, match="stream name"):
        bb.read("")
    with pytest.raises(TypeError, match="source_config"):
        bb.discover(source_config=42)
    with pytest.raises(TypeError, match="a SparkSession .classic or Spark Connect"):
        BrickByte("not a session")
    with pytest.raises(ValueError, match="scope"):
        secret("a/b", "c")


def test_sync_arguments_are_checked_in_python(bb):
    with pytest.raises(ValueError, match="schema"):
        bb.sync(source_config={"count": 1})
    with pytest.raises(TypeError, match="list of stream names"):
        bb.sync(schema="s", streams="users")
    with pytest.raises(ValueError, match="without commas"):
        bb.sync(schema="s", streams=["users,types"])
    with pytest.raises(ValueError, match="sync_mode: full_refresh or incremental"):
        bb.sync(schema="s", sync_mode="merge")
    with pytest.raises(ValueError, match="mode: PERMISSIVE, FAILFAST, DROPMALFORMED"):
        bb.sync(schema="s", mode="merge")
    with pytest.raises(ValueError, match="disagree"):
        bb.sync(schema="s", sync_mode="full_refresh", mode="incremental")


def test_the_real_source_faker_from_pypi_by_its_registry_name(spark, tmp_path):
    # As FakerSourceTest names it: a local copy of the registry (the tests reach no other
    # host than the package indexes), and the venv root the JUnit tests already installed into.
    venvs = os.environ.get("BRICKBYTE_TEST_VENVS") or str(tmp_path / "venvs")
    bb = BrickByte(spark, source="source-faker==7.2.1",
                   source_config={"count": 20, "seed": 42, "parallelism": 1},
                   options={"registryUrl": str(REPO / "src/test/resources/registry/"
                                                "oss_registry.json"),
                            "installDir": venvs})
    assert {"users", "products", "purchases"} <= {r.stream for r in bb.discover().collect()}
    users = bb.read("users")
    assert users.schema["id"].dataType.simpleString() == "bigint"
    assert users.select("id").distinct().count() == 20
