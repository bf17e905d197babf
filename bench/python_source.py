"""Records/s of the pure-Python source, end to end: a connector process replays records of the
bench's shape (bench/python_convert.py's generator) and Spark reads them through
``format("airbyte_python")`` into the noop sink, on a local[2] classic session with no JAR.

    PYTHONPATH=python-shim/src:bench python bench/python_source.py [RECORDS] [REPS] [FORMS]

Prints, each the best of REPS: the replay connector drained alone (the limit any reader can
reach) and the batch read; and the machine's load. FORMS: the number forms, as
bench/python_convert.py takes them (plain, floats, v3). A quick check without the JVM build; the figure
side by side with the JVM source and PyAirbyte is bench/run's ``python.source`` (``bench/run
--python-source auto``, bench/python_source_read.py).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import python_convert

REPLAY = r'''
import sys
out = sys.stdout.buffer
if sys.argv[1] == "spec":
    out.write(b'{"type":"SPEC","spec":{"connectionSpecification":{"type":"object"}}}\n')
elif sys.argv[1] == "discover":
    out.write(open(sys.argv[3] + ".catalog", "rb").read())
elif sys.argv[1] == "read":
    import json
    path = json.load(open(sys.argv[3]))["data"]
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            out.write(chunk)
'''


def generate(directory: str, records: int, forms: str) -> str:
    import random
    data = os.path.join(directory, "records.jsonl")
    rnd = random.Random(7)
    with open(data, "wb") as f:
        for i in range(records):
            f.write(python_convert.record_line(i, rnd, forms) + b"\n")
    return data


def main() -> None:
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    forms = sys.argv[3] if len(sys.argv) > 3 else "plain"
    os.environ["PYSPARK_PYTHON"] = sys.executable
    work = tempfile.mkdtemp(prefix="brickbyte-bench-py-")
    data = generate(work, records, forms)
    script = os.path.join(work, "replay.py")
    with open(script, "w") as f:
        f.write(REPLAY)
    # discover reads "<config>.catalog": the config file's name is not known in advance, so the
    # replay connector is wrapped by a catalog written next to a fixed config path instead.
    catalog = {"type": "CATALOG", "catalog": {"streams": [{
        "name": python_convert.STREAM, "json_schema": python_convert.json_schema(),
        "supported_sync_modes": ["full_refresh"]}]}}
    wrapper = os.path.join(work, "connector.sh")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\n"
                f"if [ \"$1\" = discover ]; then printf '%s\\n' '{json.dumps(catalog)}'; exit; fi\n"
                f"exec {sys.executable} {script} \"$@\"\n")
    os.chmod(wrapper, 0o755)
    config = json.dumps({"data": data})

    drain = []
    for _ in range(reps):
        started = time.perf_counter()
        config_file = os.path.join(work, "config.json")
        with open(config_file, "w") as f:
            f.write(config)
        subprocess.run([wrapper, "read", "--config", config_file], stdout=subprocess.DEVNULL,
                       check=True)
        drain.append(time.perf_counter() - started)

    from pyspark.sql import SparkSession
    import brickbyte
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    brickbyte.register(spark)
    reads = []
    for _ in range(reps):
        df = (spark.read.format("airbyte_python").option("connector", f"exec:{wrapper}")
              .option("stream", python_convert.STREAM).option("config", config).load())
        started = time.perf_counter()
        df.write.format("noop").mode("overwrite").save()
        reads.append(time.perf_counter() - started)
    spark.stop()
    for label, times in (("replay connector drained", drain), ("python source read", reads)):
        best = min(times)
        print(f"{label:26s} {best:7.3f} s {records / best:12,.0f} records/s")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
