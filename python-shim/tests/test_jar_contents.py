"""The cluster JAR holds this library and the relocated commons-exec, nothing the cluster has.

Run on each JAR: brickbyte-spark_2.12 in suite `shim`, brickbyte-spark_2.13 in `jar-pyspark4`.
"""
import os
import struct
import zipfile

import pytest

from brickbyte.pip_utils import artifact_id, jar_version


@pytest.fixture(scope="module")
def entries():
    with zipfile.ZipFile(os.environ["BRICKBYTE_JAR"]) as jar:
        return jar.namelist()


def test_the_library_and_its_data_source_registration_are_inside(entries):
    assert "io/brickbyte/spark/AirbyteDataSource.class" in entries
    assert "io/brickbyte/AirbyteException.class" in entries
    assert "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister" in entries
    with zipfile.ZipFile(os.environ["BRICKBYTE_JAR"]) as jar:
        services = jar.read("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister")
    assert b"io.brickbyte.spark.AirbyteDataSource" in services


def test_the_sync_state_reader_of_streams_is_registered(entries):
    # startingState=latest finds the sync's state table through this file (ServiceLoader).
    with zipfile.ZipFile(os.environ["BRICKBYTE_JAR"]) as jar:
        services = jar.read("META-INF/services/io.brickbyte.stream.SyncStates")
    assert services.strip() == b"io.brickbyte.delta.CommittedStates"
    assert "io/brickbyte/delta/CommittedStates.class" in entries


def test_commons_exec_is_inside_only_under_the_relocated_package(entries):
    exec_classes = [e for e in entries if "commons/exec/" in e and e.endswith(".class")]
    assert "io/brickbyte/shaded/org/apache/commons/exec/DefaultExecutor.class" in exec_classes
    assert all(e.startswith("io/brickbyte/shaded/") for e in exec_classes)


def test_nothing_the_cluster_provides_is_inside(entries):
    for prefix in ("org/apache/spark/", "io/delta/", "scala/", "com/fasterxml/", "org/apache/"):
        assert not [e for e in entries if e.startswith(prefix)], prefix
    classes = [e for e in entries if e.endswith(".class")]
    assert all(e.startswith("io/brickbyte/") for e in classes)


def test_it_is_the_jar_of_this_pysparks_scala_version_for_java_17():
    assert os.path.basename(os.environ["BRICKBYTE_JAR"]) == f"{artifact_id()}-{jar_version()}.jar"
    with zipfile.ZipFile(os.environ["BRICKBYTE_JAR"]) as jar:
        header = jar.read("io/brickbyte/spark/AirbyteDataSource.class")[:8]
    magic, _, major = struct.unpack(">IHH", header)
    assert (magic, major) == (0xCAFEBABE, 61)  # class files of Java 17: DBR's JDK 17 loads them
