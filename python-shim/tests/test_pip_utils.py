"""configure_spark_with_brickbyte on fresh builders (the session itself is conftest's)."""
import re
from pathlib import Path

import pytest
from delta import configure_spark_with_delta_pip
from pyspark.sql import SparkSession

import pyspark
from brickbyte import __version__, configure_spark_with_brickbyte, jar_version, maven_coordinates
from brickbyte.pip_utils import artifact_id, scala_binary_version

REPO = Path(__file__).resolve().parents[2]
# The JAR this PySpark needs: Spark 3.5 -> Scala 2.12, Spark 4 -> Scala 2.13.
SCALA = {"3": "2.12", "4": "2.13"}[pyspark.__version__.split(".")[0]]


def pom_version(artifact: str) -> str:
    """The version of the module building ``artifact`` (one pom per JAR, beside the sources)."""
    for pom in REPO.glob("*/pom.xml"):
        found = re.search(rf"<artifactId>{re.escape(artifact)}</artifactId>\s*<version>([^<]+)</version>",
                          pom.read_text())
        if found:
            return found.group(1)
    raise AssertionError(f"no module pom builds {artifact}")


def test_the_package_version_names_the_jar_of_the_pom():
    assert artifact_id() == f"brickbyte-spark_{SCALA}"
    assert jar_version() == pom_version(artifact_id())
    assert maven_coordinates() == f"io.brickbyte:brickbyte-spark_{SCALA}:{pom_version(artifact_id())}"
    assert jar_version("1.2.0") == "1.2.0"
    assert jar_version("1.2.0.dev3") == "1.2.0-SNAPSHOT"
    assert __version__.startswith(pom_version(artifact_id()).replace("-SNAPSHOT", ""))


def test_each_pyspark_gets_the_jar_of_its_scala_version():
    assert scala_binary_version("3.5.3") == "2.12"
    assert scala_binary_version("4.0.1") == "2.13"
    assert scala_binary_version("4.2.0") == "2.13"
    assert scala_binary_version() == SCALA
    assert maven_coordinates("3.5.0") == f"io.brickbyte:brickbyte-spark_2.12:{jar_version()}"
    assert maven_coordinates("4.0.0") == f"io.brickbyte:brickbyte-spark_2.13:{jar_version()}"
    # both JARs are built by this repository, at the package's version
    assert pom_version("brickbyte-spark_2.12") == pom_version("brickbyte-spark_2.13") == jar_version()
    with pytest.raises(ValueError, match="PySpark 2.4.8: BrickByte's JARs are built for Spark 3.5"):
        scala_binary_version("2.4.8")


def test_a_jar_of_the_other_scala_version_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("BRICKBYTE_JAR", raising=False)
    other = {"2.12": "2.13", "2.13": "2.12"}[SCALA]
    jar = tmp_path / f"brickbyte-spark_{other}-{jar_version()}.jar"
    jar.write_bytes(b"PK")
    with pytest.raises(ValueError, match=f"use brickbyte-spark_{SCALA}"):
        configure_spark_with_brickbyte(SparkSession.Builder(), jar_path=str(jar))
    right = tmp_path / f"brickbyte-spark_{SCALA}-{jar_version()}.jar"
    right.write_bytes(b"PK")
    builder = configure_spark_with_brickbyte(SparkSession.Builder(), jar_path=str(right))
    assert builder._options["spark.jars"] == str(right)


def test_without_a_jar_the_maven_coordinates_join_deltas_packages(monkeypatch):
    monkeypatch.delenv("BRICKBYTE_JAR", raising=False)
    builder = configure_spark_with_delta_pip(SparkSession.Builder(),
                                             extra_packages=["org.example:extra:1.0"])
    deltas = builder._options["spark.jars.packages"].split(",")[:-1]
    assert len(deltas) == 1 and f"_{SCALA}:" in deltas[0]  # Delta's JAR of the same Scala
    builder = configure_spark_with_brickbyte(builder, extra_packages=["org.example:more:2.0"])
    packages = builder._options["spark.jars.packages"].split(",")
    assert packages == [*deltas, "org.example:extra:1.0",
                        f"io.brickbyte:brickbyte-spark_{SCALA}:{jar_version()}", "org.example:more:2.0"]
    assert "spark.jars" not in builder._options


def test_a_jar_path_is_added_to_the_existing_spark_jars(tmp_path, monkeypatch):
    monkeypatch.delenv("BRICKBYTE_JAR", raising=False)
    jar = tmp_path / "brickbyte.jar"
    jar.write_bytes(b"PK")
    builder = SparkSession.Builder().config("spark.jars", "/opt/other.jar")
    builder = configure_spark_with_brickbyte(builder, jar_path=str(jar))
    assert builder._options["spark.jars"] == f"/opt/other.jar,{jar}"
    assert "spark.jars.packages" not in builder._options
    # twice is harmless
    builder = configure_spark_with_brickbyte(builder, jar_path=str(jar))
    assert builder._options["spark.jars"] == f"/opt/other.jar,{jar}"


def test_the_environment_names_the_jar_when_no_path_is_given(tmp_path, monkeypatch):
    jar = tmp_path / "from-env.jar"
    jar.write_bytes(b"PK")
    monkeypatch.setenv("BRICKBYTE_JAR", str(jar))
    builder = configure_spark_with_brickbyte(SparkSession.Builder())
    assert builder._options["spark.jars"] == str(jar)


def test_a_missing_jar_or_a_wrong_builder_fails_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.jar"):
        configure_spark_with_brickbyte(SparkSession.Builder(), jar_path=str(tmp_path / "missing.jar"))
    with pytest.raises(TypeError, match="SparkSession.Builder"):
        configure_spark_with_brickbyte("builder")
