"""The pure-Python source as bench/run measures it (figure ``python.source``): one PySpark session
kept for the whole bench run, reading the bench's replay connector when told to.

Run by the bench (Bench.java, ``--python-source PYTHON|auto``), with PYTHONPATH holding
python-shim/src; needs PySpark 4 (the pinned pyspark4 test env):

    python python_source_read.py CONNECTOR_EXECUTABLE CONFIG_JSON STREAM

The frame is loaded once (one ``discover``, as the JVM figures load theirs once); each line
``read`` on stdin then writes it into the ``noop`` sink and answers ``PYTHON_SOURCE <seconds>
<rows>``, the rows counted by an observation of the write itself. ``exit`` (or the end of stdin)
stops the session. Anything else the session prints goes to stderr.
"""
import os
import sys
import time


def main() -> None:
    executable, config, stream = sys.argv[1], sys.argv[2], sys.argv[3]
    # The answers go to the real stdout; PySpark's and log4j's chatter must not mix into them.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from pyspark.sql import Observation, SparkSession
    from pyspark.sql import functions as F
    from brickbyte.datasource import AirbytePythonDataSource

    spark = (SparkSession.builder.master("local[2]").appName("brickbyte-bench-python-source")
             .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    spark.dataSource.register(AirbytePythonDataSource)
    frame = (spark.read.format("airbyte_python").option("connector", f"exec:{executable}")
             .option("config", config).option("stream", stream).load())
    answers.write("READY\n")
    try:
        for command in sys.stdin:
            if command.strip() != "read":
                break
            observation = Observation("rows")
            started = time.perf_counter()
            frame.observe(observation, F.count(F.lit(1)).alias("rows")) \
                .write.format("noop").mode("overwrite").save()
            seconds = time.perf_counter() - started
            answers.write(f"PYTHON_SOURCE {seconds:.3f} {observation.get['rows']}\n")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
