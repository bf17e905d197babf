"""BrickByte on a Spark Connect session: spec, check, discover and read work; sync says why not.

The real Connect client of the venv's PySpark: without a server for the plans it builds (Connect
sends nothing until a query runs), and with the test session's own Connect server when
BRICKBYTE_CONNECT_JAR is set (see conftest.py).
"""
import json
import subprocess
import sys

import pytest
from pyspark.errors.exceptions.connect import SparkConnectGrpcException
from pyspark.sql.connect.session import SparkSession as ConnectSession

from brickbyte import BrickByte, SyncResult
from conftest import exec_connector

NO_JVM = "a Spark Connect session has no JVM gateway"


@pytest.fixture(scope="module")
def serverless():
    """A Connect session whose address has no server: plans are built, never sent."""
    session = ConnectSession("sc://127.0.0.1:9")
    yield session
    session.client.close()


@pytest.fixture(scope="module")
def remote(spark, connect_port):
    """A Connect session of the test session's own Connect server."""
    if connect_port is None:
        pytest.skip("BRICKBYTE_CONNECT_JAR is not set: no local Spark Connect server")
    session = ConnectSession(f"sc://127.0.0.1:{connect_port}")
    yield session
    session.client.close()


def read_options(df, session):
    """The format and options of the read a Connect DataFrame's plan sends to the server."""
    # The relation itself: PySpark 4.2's to_proto asks the server how to compress the plan.
    source = df._plan.plan(session.client).read.data_source
    return source.format, dict(source.options)


def test_importing_brickbyte_imports_no_connect_module():
    code = ("import sys, brickbyte; "
            "print([m for m in sys.modules if m.startswith('pyspark.sql.connect')])")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_every_read_call_builds_the_airbyte_read_over_connect(serverless):
    bb = BrickByte(serverless, source=exec_connector(), source_config={"count": 2})
    users = bb.read("users", sync_mode="incremental", mode="failfast",
                    options={"idleTimeout": "1m"})
    assert read_options(users, serverless) == ("airbyte", {
        "stream": "users", "syncMode": "incremental", "mode": "FAILFAST", "idleTimeout": "1m",
        "connector": exec_connector(), "config": '{"count": 2}'})
    for action in ("spec", "check", "discover"):
        fmt, options = read_options(getattr(bb, action)(), serverless)
        assert (fmt, options["action"], options["connector"]) == ("airbyte", action,
                                                                 exec_connector())


def test_the_jvm_sync_and_its_result_refuse_a_connect_session_saying_why(serverless):
    bb = BrickByte(serverless, source=exec_connector())
    with pytest.raises(RuntimeError) as raised:
        bb.sync(catalog="spark_catalog", schema="shim_connect", streams=["users"], engine="jvm")
    message = str(raised.value)
    assert message.startswith(
        f"BrickByte.sync(engine='jvm') needs the JVM of the Spark driver, and {NO_JVM}")
    assert "run the sync on classic compute" in message and "job task" in message
    with pytest.raises(RuntimeError, match=f"SyncResult needs .*{NO_JVM}"):
        SyncResult(None, serverless)


def test_spec_check_discover_and_read_on_a_real_connect_server(remote):
    bb = BrickByte(remote, source=exec_connector(), source_config={"count": 3})
    assert "connectionSpecification" in json.loads(bb.spec().first().spec)
    assert bb.check().first().status == "SUCCEEDED"
    assert "users" in {r.stream for r in bb.discover().collect()}
    users = bb.read("users", mode="DROPMALFORMED",
                    source_config={"count": 5, "bad_values": True})
    assert users.schema["id"].dataType.simpleString() == "bigint"
    assert sorted(r.id for r in users.select("id").collect()) == [1, 4, 5]


def test_an_unknown_option_key_fails_over_connect_naming_the_closest(remote):
    users = BrickByte(remote, source=exec_connector()).read("users",
                                                            options={"idleTimout": "1m"})
    with pytest.raises(SparkConnectGrpcException) as raised:
        users.schema  # Connect analyses the read when a query needs it
    assert "(io.brickbyte.AirbyteConfigException)" in str(raised.value)
    assert "Did you mean 'idleTimeout'?" in str(raised.value)


def test_sync_over_a_real_connect_session_runs_as_queries(remote, tmp_path):
    bb = BrickByte(remote, source=exec_connector())
    checkpoints = str(tmp_path / "checkpoints")
    full = bb.sync(source_config={"count": 3}, catalog="spark_catalog", schema="shim_connect",
                   streams=["users"], checkpoint_dir=checkpoints)
    assert full.engine == "python"
    assert [(r.write_mode, r.records_written) for r in full.df.collect()] == [("overwrite", 3)]
    for count, new in ((4, 4), (6, 2)):  # MERGE in foreachBatch, over Connect
        result = bb.sync(source_config={"count": count}, catalog="spark_catalog",
                         schema="shim_connect_inc", streams=["users"], sync_mode="incremental",
                         checkpoint_dir=checkpoints)
        assert [(r.write_mode, r.records_read) for r in result.df.collect()] == [("merge", new)]
    assert remote.table("spark_catalog.shim_connect_inc.users").count() == 6
