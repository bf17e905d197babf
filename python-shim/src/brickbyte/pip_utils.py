"""Local SparkSessions with the BrickByte JAR (for notebooks and jobs on Databricks, attach the
JAR to the cluster instead)."""
import os
from typing import List, Optional

from pyspark.sql import SparkSession

from brickbyte._version import __version__

#: the environment variable naming a local BrickByte JAR, used when no ``jar_path`` is given
JAR_ENV = "BRICKBYTE_JAR"

_GROUP_ARTIFACT = "io.brickbyte:brickbyte-spark_2.12"


def jar_version(python_version: str = __version__) -> str:
    """The JAR version that matches a package version: ``0.1.0.dev0`` is ``0.1.0-SNAPSHOT``."""
    release, dev, _ = python_version.partition(".dev")
    return release + "-SNAPSHOT" if dev else release


def maven_coordinates() -> str:
    """The Maven coordinates of the JAR matching this package, for ``spark.jars.packages`` or a
    Databricks cluster library: ``io.brickbyte:brickbyte-spark_2.12:<version>``."""
    return f"{_GROUP_ARTIFACT}:{jar_version()}"


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
    ``spark.jars``; otherwise Spark fetches :func:`maven_coordinates` through
    ``spark.jars.packages``. ``extra_packages`` are more Maven coordinates. Call it after
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
        builder = _with_values(builder, "spark.jars", [os.path.abspath(path)])
    else:
        packages.insert(0, maven_coordinates())
    if packages:
        builder = _with_values(builder, "spark.jars.packages", packages)
    return builder
