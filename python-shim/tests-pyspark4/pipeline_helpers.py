"""Helpers of the pipeline tests: a copy of a pipeline project from pipelines/ with its spec's
storage, schema and configuration set, run by the real ``spark-pipelines`` CLI (a child process)
against the test JVM's own Spark Connect server, where Delta is loaded."""
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Mapping

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PIPELINES = REPO / "pipelines"
RUN_TIMEOUT_SECONDS = 600


def needs_delta() -> None:
    if not os.environ.get("BRICKBYTE_DELTA_JARS"):
        pytest.skip("BRICKBYTE_DELTA_JARS is not set (Maven sets it): pipelines write Delta")


def project(name: str, into: Path, schema: str, configuration: Mapping[str, str]) -> Path:
    """A copy of ``pipelines/<name>`` whose spec writes into ``schema`` and keeps its checkpoints
    under ``into``; returns the spec's path."""
    copy = into / name
    shutil.copytree(PIPELINES / name, copy, ignore=shutil.ignore_patterns("__pycache__"))
    spec_path = copy / "spark-pipeline.yml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["storage"] = (into / "storage").as_uri()
    spec["database"] = schema
    # Delta is the tables' format (Databricks' default; here Spark's is parquet).
    spec["configuration"] = {**spec.get("configuration", {}),
                             "spark.sql.sources.default": "delta", **configuration}
    spec_path.write_text(yaml.safe_dump(spec))
    return spec_path


def run_pipeline(spec: Path, connect_port: int, action: str = "run",
                 expect_failure: bool = False) -> str:
    """``spark-pipelines run`` (or ``dry-run``) of ``spec``; its output. Fails the test with the
    output's tail if the run fails (or, with ``expect_failure``, if it does not)."""
    cli = Path(sys.executable).parent / "spark-pipelines"
    command = [str(cli), "--remote", f"sc://127.0.0.1:{connect_port}", action, "--spec", str(spec)]
    environment = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    done = subprocess.run(command, cwd=str(spec.parent), env=environment, capture_output=True,
                          text=True, timeout=RUN_TIMEOUT_SECONDS)
    output = done.stdout + done.stderr
    if expect_failure:
        if done.returncode == 0:
            pytest.fail(f"spark-pipelines {action} succeeded, a failure was expected:\n"
                        f"{output[-5000:]}")
        return output
    if done.returncode != 0 and not completed_before_spark_59135(output):
        pytest.fail(f"spark-pipelines run exited {done.returncode}:\n{output[-15000:]}")
    return output


def completed_before_spark_59135(output: str) -> bool:
    """PySpark 4.2's CLI exits 1 after a run that used a Python data source has COMPLETED: the
    Python workers' (empty) profiler accumulators come back as observed metrics, which its
    command stream refuses ([UNKNOWN_RESPONSE] Unknown response: Plan observed(...);
    SPARK-59135, apache/spark#58435). The run itself is over and committed by then."""
    lines = output.splitlines()
    completed = [i for i, line in enumerate(lines) if line.rstrip().endswith("Run is COMPLETED.")]
    refusal = [i for i, line in enumerate(lines)
               if "[UNKNOWN_RESPONSE] Unknown response: Plan observed(__python_accumulator__"
               in line]
    return bool(completed) and bool(refusal) and refusal[0] > completed[-1]


def private_json(path: Path, value: Any) -> Path:
    """A JSON file only its owner reads (a connector config)."""
    path.write_text(json.dumps(value))
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return path


def rows(spark, table: str, order: str) -> list:
    return [r.asDict() for r in spark.read.table(table).orderBy(*order.split(",")).collect()]


def flows_completed(output: str) -> Dict[str, int]:
    """How many times each flow reached COMPLETED in the CLI's event log."""
    counts: Dict[str, int] = {}
    for line in output.splitlines():
        if line.rstrip().endswith("has COMPLETED.") and "Flow " in line:
            flow = line.split("Flow ", 1)[1].split(" has COMPLETED")[0]
            counts[flow] = counts.get(flow, 0) + 1
    return counts
