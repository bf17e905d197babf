"""The golden record fixtures read end to end through the Python source: a connector process
replays each case's stdout lines, the protocol reader hands the RECORD lines to the converter,
and Spark's rows are the fixture's (the JVM's) rows."""
import json
from pathlib import Path

import pytest
from pyspark.sql.types import StructType

import brickbyte
from conftest import exec_connector
from test_golden import GOLDEN as GOLDEN_DIR, RECORD_CASES, assert_rows, converter

REPLAY = Path(__file__).resolve().parent / "connectors" / "replay_source.py"
READ_CASES = [c for c in RECORD_CASES if c["expected"].get("rows") is not None or
              "error" in c["expected"]]
CONNECT_CASES = [c for c in READ_CASES if c["name"] in (
    "rec-fast-canonical", "rec-nested-struct", "rec-mode-permissive", "rec-user-maps")]


@pytest.fixture(scope="module", autouse=True)
def registered(spark, connect):
    brickbyte.register(spark)
    brickbyte.register(connect)


def fixture_file(case):
    for path in sorted((GOLDEN_DIR / "records").glob("*.json")):
        if any(c["name"] == case["name"] for c in json.loads(path.read_text("utf-8"))["cases"]):
            return path
    raise AssertionError(case["name"])


def replayed(session, case):
    reader = (session.read.format("airbyte_python").option("connector", exec_connector(REPLAY))
              .option("stream", case.get("stream", "s"))
              .option("config", json.dumps({"fixture": str(fixture_file(case)),
                                            "case": case["name"]})))
    for key, value in case.get("options", {}).items():
        reader = reader.option(key, value)
    if case.get("namespace") is not None:
        reader = reader.option("namespace", case["namespace"])
    if "sparkSchema" in case:
        reader = reader.schema(converter(case).schema)
    return reader.load()


def check(session, case):
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(Exception) as raised:
            replayed(session, case).collect()
        assert expected["error"] in str(raised.value)
        return
    df = replayed(session, case)
    schema: StructType = converter(case).schema
    assert df.schema == schema
    assert_rows(expected, df.toArrow(), schema)


@pytest.mark.parametrize("case", READ_CASES, ids=[c["name"] for c in READ_CASES])
def test_a_replayed_case_reads_as_the_fixture_says(spark, case):
    check(spark, case)


@pytest.mark.parametrize("case", CONNECT_CASES, ids=[c["name"] for c in CONNECT_CASES])
def test_a_replayed_case_reads_as_the_fixture_says_over_connect(connect, case):
    check(connect, case)
