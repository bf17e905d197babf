"""Local SparkSessions with the BrickByte JAR (for notebooks and jobs on Databricks, attach the
JAR to the cluster instead)."""
import os
from typing import List, Optional

import pyspark
from pyspark.sql import SparkSession

from brickbyte._version import __version__

#: the environment variable naming a local BrickByte JAR, used when no ``jar_path`` is given
JAR_ENV = "BRICKBYTE_JAR"

_GROUP = "io.brickbyte"
#: the Scala binary version of the JAR for each Spark major version (PySpark's own version)
_SCALA_BY_SPARK_MAJOR = {"3": "2.12", "4": "2.13"}


def scala_binary_version(pyspark_version: Optional[str] = None) -> str:
    """The Scala version of the JAR for a PySpark (this one by default): ``2.12`` for Spark 3.5
    (Databricks Runtime 14.3-16.4 LTS), ``2.13`` for Spark 4 (Databricks Runtime 17.x and
    later)."""
    if pyspark_version is None:
        pyspark_version = pyspark.__version__
    major = pyspark_version.split(".", 1)[0]
    if major not in _SCALA_BY_SPARK_MAJOR:
        raise ValueError(f"PySpark {pyspark_version}: BrickByte's JARs are built for Spark 3.5 "
                         "(brickbyte-spark_2.12) and Spark 4 (brickbyte-spark_2.13)")
    return _SCALA_BY_SPARK_MAJOR[major]


def artifact_id(pyspark_version: Optional[str] = None) -> str:
    """The JAR's Maven artifact for a PySpark (this one by default): ``brickbyte-spark_2.12`` or
    ``brickbyte-spark_2.13``."""
    return f"brickbyte-spark_{scala_binary_version(pyspark_version)}"


def jar_version(python_version: str = __version__) -> str:
    """The JAR version that matches a package version: ``0.1.0.dev0`` is ``0.1.0-SNAPSHOT``."""
    release, dev, _ = python_version.partition(".dev")
    return release + "-SNAPSHOT" if dev else release


def maven_coordinates(pyspark_version: Optional[str] = None) -> str:
    """The Maven coordinates of the JAR matching this package and a PySpark (this one by
    default), for ``spark.jars.packages`` or a Databricks cluster library:
    ``io.brickbyte:brickbyte-spark_2.12:<version>`` on Spark 3.5,
    ``io.brickbyte:brickbyte-spark_2.13:<version>`` on Spark 4."""
    return f"{_GROUP}:{artifact_id(pyspark_version)}:{jar_version()}"


def _check_scala_suffix(path: str) -> None:
    """A JAR named for the other Scala version fails to load only at the first read: say so now."""
    name = os.path.basename(path)
    expected = artifact_id()
    for scala in _SCALA_BY_SPARK_MAJOR.values():
        other = f"brickbyte-spark_{scala}"
        if other != expected and name.startswith(other):
            raise ValueError(f"the BrickByte JAR {name!r} is built for another Scala version than "
                             f"PySpark {pyspark.__version__}'s; use {expected}")


def _with_values(builder: SparkSession.Builder, key: str, values: List[str]) -> SparkSession.Builder:
    existing = builder._options.get(key)
    merged = [v.strip() for v in str(existing).split(",") if v.strip()] if existing else []
    merged += [v for v in values if v not in merged]
    return builder.config(key, ",".join(merged))


def configure_spark_with_brickbyte(
        builder: SparkSession.Builder,
        jar_path: Optional[str] = None,
        extra_packages: Optional[List[str]] = None) -> SparkSession.Builder:
    """Adds the BrickByte JAR to a SparkSession builder, keeping what is already configured.

    With ``jar_path`` (or the ``BRICKBYTE_JAR`` environment variable) the local JAR goes into
    ``spark.jars`` (a ``brickbyte-spark_<scala>`` file of the other Scala version is refused);
    otherwise Spark fetches :func:`maven_coordinates` through ``spark.jars.packages``: the
    ``_2.12`` JAR for PySpark 3.5, the ``_2.13`` JAR for PySpark 4. ``extra_packages`` are more Maven coordinates. Call it after
    delta-spark's ``configure_spark_with_delta_pip``, which replaces ``spark.jars.packages``.

    Example::

        from delta import configure_spark_with_delta_pip
        from brickbyte import configure_spark_with_brickbyte

        builder = (SparkSession.builder.master("local[*]")
                   .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                   .config("spark.sql.catalog.spark_catalog",
                           "org.apache.spark.sql.delta.catalog.DeltaCatalog"))
        spark = configure_spark_with_brickbyte(configure_spark_with_delta_pip(builder)).getOrCreate()
    """
    if not isinstance(builder, SparkSession.Builder):
        raise TypeError(f"builder: a SparkSession.Builder is needed, not {type(builder).__name__}")
    path = jar_path if jar_path is not None else os.environ.get(JAR_ENV)
    packages = list(extra_packages) if extra_packages is not None else []
    if path:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"the BrickByte JAR {path!r} does not exist")
        _check_scala_suffix(path)
        builder = _with_values(builder, "spark.jars", [os.path.abspath(path)])
    else:
        packages.insert(0, maven_coordinates())
    if packages:
        builder = _with_values(builder, "spark.jars.packages", packages)
    return builder
