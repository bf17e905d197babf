"""One local[2] SparkSession for the whole test run, with the shaded BrickByte JAR and Delta."""
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from brickbyte import configure_spark_with_brickbyte

REPO = Path(__file__).resolve().parents[2]
TEST_SOURCE = REPO / "src" / "test" / "resources" / "connectors" / "test_source.py"


def exec_connector() -> str:
    """The ``exec:`` connector of the repository's test source (a standard-library script)."""
    return f"exec:{sys.executable} {TEST_SOURCE}"


@pytest.fixture(scope="session")
def warehouse():
    path = Path(tempfile.mkdtemp(prefix="brickbyte-pytest-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def spark(warehouse):
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
               .config("spark.jars", os.environ["BRICKBYTE_TEST_JARS"]))
    # The shaded JAR is added the way users add it locally: BRICKBYTE_JAR, merged into spark.jars.
    session = configure_spark_with_brickbyte(builder).getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()

