"""``brickbyte.register(spark)``: the Python source as ``airbyte`` where no JVM ``airbyte``
source is present, and always as ``airbyte_python``.

Spark refuses a Python source under a short name a JVM source has (DATA_SOURCE_ALREADY_EXISTS):
where the JAR is loaded, the JVM source keeps serving ``airbyte``, so one notebook runs on a
classic cluster with the JAR and on serverless or in a pipeline without it.
"""
import logging

LOG = logging.getLogger("brickbyte.datasource")
JVM = "jvm"
PYTHON = "python"


def register(spark: object) -> str:
    """Registers the Python source; returns the engine that serves ``format("airbyte")``:
    ``"jvm"`` (the JAR's source) or ``"python"``. Works on classic and Spark Connect sessions.

    Example::

        import brickbyte
        engine = brickbyte.register(spark)   # "python" on serverless, "jvm" with the JAR
        df = spark.read.format("airbyte").option("connector", "source-faker")...
    """
    from brickbyte.datasource.source import AirbyteDataSource, AirbytePythonDataSource
    spark.dataSource.register(AirbytePythonDataSource)  # type: ignore[attr-defined]
    try:
        spark.dataSource.register(AirbyteDataSource)  # type: ignore[attr-defined]
    except Exception as error:  # noqa: BLE001: only the one refusal is expected
        if "DATA_SOURCE_ALREADY_EXISTS" not in _condition(error):
            raise
        LOG.info("A JVM airbyte source is loaded: it serves format('airbyte'); the Python "
                 "source is format('airbyte_python')")
        return JVM
    LOG.info("The Python airbyte source serves format('airbyte')")
    return PYTHON


def _condition(error: Exception) -> str:
    getter = getattr(error, "getCondition", None) or getattr(error, "getErrorClass", None)
    try:
        condition = getter() if getter is not None else None
    except Exception:  # noqa: BLE001
        condition = None
    return condition or str(error)
