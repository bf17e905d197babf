"""One local[2] SparkSession for the whole test run, with the shaded BrickByte JAR and Delta.

The same tests run on PySpark 3.5 with brickbyte-spark_2.12 (suite `shim`) and on PySpark 4 with
brickbyte-spark_2.13 (suite `jar-pyspark4`). The session also serves Spark Connect on a free local
port, for test_connect.py's real Connect session: PySpark 4 ships the server, on 3.5 it needs
BRICKBYTE_CONNECT_JAR (a spark-connect_2.12 JAR of Spark 3.5).
"""
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pyspark
import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession

from brickbyte import configure_spark_with_brickbyte

REPO = Path(__file__).resolve().parents[2]
TEST_SOURCE = REPO / "src" / "test" / "resources" / "connectors" / "test_source.py"
# PySpark 4's jars/ hold the Spark Connect server; 3.5's do not.
CONNECT_SERVER_BUILT_IN = int(pyspark.__version__.split(".")[0]) >= 4


def exec_connector() -> str:
    """The ``exec:`` connector of the repository's test source (a standard-library script)."""
    return f"exec:{sys.executable} {TEST_SOURCE}"


def jvm_error_message(spark, options):
    """The message the JVM raises for these reader options, asked without the shim."""
    with pytest.raises(Py4JJavaError) as raised:
        spark.read.format("airbyte").options(**options).load()
    return raised.value.java_exception.getMessage()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def connect_port():
    """The port of the session's Spark Connect server, or None (PySpark 3.5 without
    BRICKBYTE_CONNECT_JAR)."""
    serves = CONNECT_SERVER_BUILT_IN or os.environ.get("BRICKBYTE_CONNECT_JAR")
    return free_port() if serves else None


@pytest.fixture(scope="session")
def warehouse():
    path = Path(tempfile.mkdtemp(prefix="brickbyte-pytest-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def spark(warehouse, connect_port):
    jars = os.environ["BRICKBYTE_TEST_JARS"]
    # Python workers (UDFs, a Connect client's foreachBatch) run on this venv's Python, which
    # has PySpark's Connect dependencies; the machine's python3 may not.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = (SparkSession.builder.master("local[2]").appName("brickbyte-shim-tests")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.databricks.delta.snapshotPartitions", "1")
               .config("spark.sql.warehouse.dir", str(warehouse / "warehouse"))
               .config("spark.driver.extraJavaOptions",
                       f"-Dderby.system.home={warehouse} -XX:TieredStopAtLevel=1")
               .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
               .config("spark.sql.catalog.spark_catalog",
                       "org.apache.spark.sql.delta.catalog.DeltaCatalog")
               # Delta's JARs from Maven's local repository (the build already has them).
               .config("spark.jars", jars))
    if connect_port is not None:
        if not CONNECT_SERVER_BUILT_IN:
            builder = builder.config("spark.jars", jars + "," + os.environ["BRICKBYTE_CONNECT_JAR"])
        builder = (builder.config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
                   .config("spark.connect.grpc.binding.port", str(connect_port)))
    # The shaded JAR is added the way users add it locally: BRICKBYTE_JAR, merged into spark.jars.
    session = configure_spark_with_brickbyte(builder).getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()

