# Databricks notebook source
# MAGIC %md
# MAGIC # BrickByte set-up
# MAGIC
# MAGIC Run by the other notebooks with `%run ./_setup`. Before it, once per cluster:
# MAGIC
# MAGIC 1. **Attach the JAR** as a cluster library (*Compute > your cluster > Libraries > Install new*):
# MAGIC    Maven coordinates `io.brickbyte:brickbyte-spark_2.12:<version>` on DBR 14.3 LTS to 16.4 LTS
# MAGIC    (Spark 3.5) or `io.brickbyte:brickbyte-spark_2.13:<version>` on DBR 17.x and later (Spark 4),
# MAGIC    or that JAR's file from a Unity Catalog volume or the workspace.
# MAGIC    It needs classic compute (a job or all-purpose cluster, DBR 14.3 LTS or later) in
# MAGIC    *dedicated* (single user) access mode: serverless compute and DLT pipelines do not load
# MAGIC    JVM libraries. There, `brickbyte.register(spark)` serves the same reads from the package's
# MAGIC    pure-Python source (docs/where-it-runs.md); these notebooks are written for the JAR.
# MAGIC 2. This notebook installs the Python package `brickbyte` into the notebook's Python
# MAGIC    (`%pip`); it has no dependencies, and the cluster's own PySpark is used.

# COMMAND ----------

# MAGIC %pip install brickbyte

# COMMAND ----------

from brickbyte import BrickByte, maven_coordinates
from py4j.java_gateway import JavaPackage

# The Python package only passes calls to the JAR: stop here, clearly, when it cannot.
if not hasattr(spark, "_jvm"):
    raise RuntimeError("This compute runs Spark Connect (serverless or a shared access mode "
                       "cluster): it cannot call JVM libraries; use a dedicated classic cluster")
if isinstance(spark._jvm.io.brickbyte.spark.AirbyteDataSource, JavaPackage):
    raise RuntimeError("The BrickByte JAR is not attached to this cluster: install "
                       f"{maven_coordinates()} as a cluster library (see above)")

bb = BrickByte(spark)
print("BrickByte is ready")
