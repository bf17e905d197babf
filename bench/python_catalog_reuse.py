"""What catalog reuse saves the pure-Python source: the time of a ``load()`` of a second stream of
the real airbyte-source-faker, with the catalog the first load discovered (the default) and
without it (``catalogTtl=0``), in turns, median of REPS, on a classic local[2] session and on a
Spark Connect session of the same JVM (which analyses a DataFrame at its first schema or action). The connector's venv goes where ``bench/run --catalog-reuse`` puts it
(target/bench/venvs: both engines name venvs alike); its install is not measured.

    PYTHONPATH=python-shim/src python bench/python_catalog_reuse.py [REPS]
"""
import json
import os
import socket
import statistics
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAKER = "source-faker==7.2.1"


def main(reps: int) -> None:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.path.join(REPO, "python-shim", "src")
    from pyspark.sql import SparkSession
    import brickbyte
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
             .config("spark.connect.grpc.binding.address", "127.0.0.1")
             .config("spark.connect.grpc.binding.port", str(port)).getOrCreate())
    connect = SparkSession.builder.remote(f"sc://127.0.0.1:{port}").create()
    try:
        for name, session in (("classic", spark), ("connect", connect)):
            brickbyte.register(session)
            measure(name, session, reps)
    finally:
        connect.stop()
        spark.stop()
    print(f"load average: {os.getloadavg()[0]:.2f}")


def measure(name: str, session, reps: int) -> None:
    def load(stream: str, **options: str) -> float:
        reader = (session.read.format("airbyte_python").option("connector", FAKER)
                  .option("registryUrl", os.path.join(REPO, "src/test/resources/registry/oss_registry.json"))
                  .option("installDir", os.path.join(REPO, "target/bench/venvs"))
                  .option("config", json.dumps({"count": 1000, "seed": 42})).option("stream", stream))
        for key, value in options.items():
            reader = reader.option(key, value)
        start = time.perf_counter()
        reader.load().schema  # noqa: B018: Spark Connect analyses a plan at its first schema
        return time.perf_counter() - start

    load("users", catalogTtl="0")  # the install, if any, and a warm worker: not measured
    discovering, reused = [], []
    for _ in range(reps):
        discovering.append(load("products", catalogTtl="0"))
        load("users", refreshCatalog="true")  # a first load: discovers and keeps the catalog
        reused.append(load("products"))
    with_reuse, without = statistics.median(reused), statistics.median(discovering)
    print(f"catalog.reuse.python.{name}: load() of a second stream, median of {reps}: "
          f"{with_reuse:.3f} s with the catalog reused, {without:.3f} s discovering: "
          f"{without / with_reuse:.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
