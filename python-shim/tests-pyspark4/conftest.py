"""One local[2] SparkSession on PySpark 4 with no BrickByte JAR, for the whole test run; it also
serves Spark Connect on a free local port, so the same JVM answers a real Connect session (what
serverless compute speaks). Delta's JARs come from BRICKBYTE_DELTA_JARS (comma-separated, set by
Maven) where present.
"""
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONNECTORS = REPO / "src" / "test" / "resources" / "connectors"
TEST_SOURCE = CONNECTORS / "test_source.py"
SYNC_SOURCE = CONNECTORS / "sync_source.py"

# The Python workers run the interpreter of the tests, where brickbyte and pyarrow are installed.
os.environ["PYSPARK_PYTHON"] = sys.executable
os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable


def exec_connector(script: Path = TEST_SOURCE) -> str:
    """The ``exec:`` connector of one of the repository's test sources (standard library only)."""
    return f"exec:{sys.executable} {script}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def warehouse():
    path = Path(tempfile.mkdtemp(prefix="brickbyte-pytest4-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def connect_port():
    return free_port()


@pytest.fixture(scope="session")
def spark(warehouse, connect_port):
    from pyspark.sql import SparkSession
    builder = (SparkSession.builder.master("local[2]").appName("brickbyte-pyspark4-tests")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.warehouse.dir", str(warehouse / "warehouse"))
               .config("spark.driver.extraJavaOptions",
                       f"-Dderby.system.home={warehouse} -XX:TieredStopAtLevel=1")
               .config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
               .config("spark.connect.grpc.binding.address", "127.0.0.1")
               .config("spark.connect.grpc.binding.port", str(connect_port)))
    delta_jars = os.environ.get("BRICKBYTE_DELTA_JARS")
    if delta_jars:
        builder = (builder.config("spark.jars", delta_jars)
                   .config("spark.databricks.delta.snapshotPartitions", "1")
                   .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                   .config("spark.sql.catalog.spark_catalog",
                           "org.apache.spark.sql.delta.catalog.DeltaCatalog"))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def connect(spark, connect_port):
    """A Spark Connect session to the test JVM's own Connect server."""
    from pyspark.sql.connect.session import SparkSession as ConnectSession
    session = ConnectSession.builder.remote(f"sc://127.0.0.1:{connect_port}").getOrCreate()
    yield session
    session.stop()


@pytest.fixture(scope="session")
def has_delta():
    return bool(os.environ.get("BRICKBYTE_DELTA_JARS"))


@pytest.fixture(params=["classic", "connect"])
def session(request, spark):
    """Each test that takes it runs on the classic session and on the Connect session."""
    return spark if request.param == "classic" else request.getfixturevalue("connect")
