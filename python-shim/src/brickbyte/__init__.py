"""BrickByte for Spark, from Python: Airbyte source connectors synced into Delta Lake.

The work is done by the JVM library (``io.brickbyte:brickbyte-spark_2.12`` for Spark 3.5,
``brickbyte-spark_2.13`` for Spark 4); this package marshals the arguments and wraps the results.
Where no JAR loads (serverless, pipelines), ``register(spark)`` registers the pure-Python
``airbyte`` data source (``brickbyte.datasource``).
"""
from brickbyte._version import __version__
from brickbyte.client import BrickByte, SyncResult, secret
from brickbyte.datasource import register
from brickbyte.errors import (AirbyteConfigError, AirbyteConnectorError, AirbyteDataError,
                              AirbyteError)
from brickbyte.pip_utils import configure_spark_with_brickbyte, jar_version, maven_coordinates

__all__ = [
    "__version__", "BrickByte", "SyncResult", "secret", "AirbyteError", "AirbyteConfigError",
    "AirbyteConnectorError", "AirbyteDataError", "configure_spark_with_brickbyte", "jar_version",
    "maven_coordinates", "register",
]
