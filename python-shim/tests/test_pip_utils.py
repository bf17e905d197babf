"""configure_spark_with_brickbyte on fresh builders (the session itself is conftest's)."""
import re
from pathlib import Path

import pytest
from delta import configure_spark_with_delta_pip
from pyspark.sql import SparkSession

from brickbyte import __version__, configure_spark_with_brickbyte, jar_version, maven_coordinates

REPO = Path(__file__).resolve().parents[2]


def pom_version() -> str:
    pom = (REPO / "pom.xml").read_text()
    return re.search(r"<artifactId>brickbyte-spark_2\.12</artifactId>\s*<version>([^<]+)</version>",
                     pom).group(1)


def test_the_package_version_names_the_jar_of_the_pom():
    assert jar_version() == pom_version()
    assert maven_coordinates() == f"io.brickbyte:brickbyte-spark_2.12:{pom_version()}"
    assert jar_version("1.2.0") == "1.2.0"
    assert jar_version("1.2.0.dev3") == "1.2.0-SNAPSHOT"
    assert __version__.startswith(pom_version().replace("-SNAPSHOT", ""))


def test_without_a_jar_the_maven_coordinates_join_deltas_packages(monkeypatch):
    monkeypatch.delenv("BRICKBYTE_JAR", raising=False)
    builder = configure_spark_with_delta_pip(SparkSession.Builder(),
                                             extra_packages=["org.example:extra:1.0"])
    builder = configure_spark_with_brickbyte(builder, extra_packages=["org.example:more:2.0"])
    packages = builder._options["spark.jars.packages"].split(",")
    assert packages == ["io.delta:delta-spark_2.12:3.3.0", "org.example:extra:1.0",
                        maven_coordinates(), "org.example:more:2.0"]
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
