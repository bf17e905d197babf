"""The pure-Python ``airbyte`` data source (PySpark's Python Data Source API): what serverless
compute, pipelines and standard access mode run, where no JAR loads.

    import brickbyte
    brickbyte.register(spark)   # "python": the Python source serves format("airbyte")
"""
from brickbyte.datasource.registration import JVM, PYTHON, register

__all__ = ["register", "JVM", "PYTHON", "AirbyteDataSource", "AirbytePythonDataSource"]


def __getattr__(name: str) -> object:
    # pyspark.sql.datasource is imported only when the classes are asked for.
    if name in ("AirbyteDataSource", "AirbytePythonDataSource"):
        from brickbyte.datasource import source
        return getattr(source, name)
    raise AttributeError(name)
