"""The golden fixtures (src/test/resources/golden, README.md there) through the Python source's
schema mapping and converter, both its paths, and through a real PySpark Python data source read.
The JVM suite (io.brickbyte.convert.GoldenFixturesTest) reads the same files."""
import base64
import json
import math
import re
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, List

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from pyspark.sql.types import StructType

from brickbyte.datasource.convert import RecordConverter
from brickbyte.datasource.schema import append_airbyte_columns, spark_schema
from brickbyte.datasource.temporals import civil_from_days
from brickbyte.errors import AirbyteDataError

GOLDEN = Path(__file__).resolve().parents[2] / "src" / "test" / "resources" / "golden"
NOW_TOLERANCE_MILLIS = 10 * 60 * 1000
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")


def cases(kind: str) -> List[dict]:
    found = []
    for path in sorted((GOLDEN / kind).glob("*.json")):
        found.extend(json.loads(path.read_text("utf-8"))["cases"])
    return found


SCHEMA_CASES = cases("schema")
RECORD_CASES = cases("records")


def options(case: dict) -> dict:
    given = case.get("options", {})
    return {"number_type": given.get("numberType", "decimal"), "nested": given.get("nested", "struct")}


def converter(case: dict) -> RecordConverter:
    common = {"stream": case.get("stream", "s"), "namespace": case.get("namespace"),
              "mode": case.get("options", {}).get("mode", "PERMISSIVE")}
    if "sparkSchema" in case:  # a user's .schema(...)
        schema = append_airbyte_columns(StructType.fromJson(case["sparkSchema"]))
        return RecordConverter.for_schema(schema, **common)
    return RecordConverter(case["jsonSchema"], **common, **options(case))


def line_bytes(line: Any) -> bytes:
    if isinstance(line, str):
        return line.encode("utf-8")
    return b"".join(part.encode("utf-8") if isinstance(part, str) else bytes([part]) for part in line)


# ------------------------------------------------------------------ the canonical form of rows

def canonical_column(array: pa.Array) -> List[Any]:
    """Each value of an Arrow column in the fixtures' canonical form."""
    kind = array.type
    if pa.types.is_struct(kind):
        children = [canonical_column(child) for child in array.flatten()]
        names = [kind.field(i).name for i in range(kind.num_fields)]
        return [None if not valid else {n: c[i] for n, c in zip(names, children)}
                for i, valid in enumerate(array.is_valid().to_pylist())]
    if pa.types.is_map(kind):
        keys = array.keys.to_pylist()
        items = canonical_column(array.items)
        offsets = array.offsets.to_pylist()
        return [None if not valid else dict(zip(keys[offsets[i]:offsets[i + 1]],
                                                items[offsets[i]:offsets[i + 1]]))
                for i, valid in enumerate(array.is_valid().to_pylist())]
    if pa.types.is_list(kind):
        values = canonical_column(array.values)
        offsets = array.offsets.to_pylist()
        return [None if not valid else values[offsets[i]:offsets[i + 1]]
                for i, valid in enumerate(array.is_valid().to_pylist())]
    if pa.types.is_timestamp(kind):
        zone = "Z" if kind.tz else ""
        return [None if v is None else timestamp(v) + zone
                for v in pc.cast(array, pa.int64()).to_pylist()]
    if pa.types.is_date32(kind):
        return [None if v is None else date(v) for v in pc.cast(array, pa.int32()).to_pylist()]
    if pa.types.is_decimal(kind):
        return [None if v is None else format(v, "f") for v in array.to_pylist()]
    if pa.types.is_binary(kind):
        return [None if v is None else base64.b64encode(v).decode("ascii") for v in array.to_pylist()]
    if pa.types.is_floating(kind):
        return [v if v is None or math.isfinite(v) else str(v).replace("nan", "NaN").replace(
            "inf", "Infinity") for v in array.to_pylist()]
    return array.to_pylist()


def date(days: int) -> str:
    year, month, day = civil_from_days(days)
    if abs(year) < 1000:
        text = ("-" if year < 0 else "") + f"{abs(year):04d}"
    else:
        text = ("+" if year > 9999 else "") + str(year)
    return f"{text}-{month:02d}-{day:02d}"


def timestamp(micros: int) -> str:
    seconds, fraction = divmod(micros, 1_000_000)
    days, second = divmod(seconds, 86400)
    return f"{date(days)}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.{fraction:06d}"


def canonical_rows(table: Any, data_columns: List[str]) -> List[dict]:
    """Rows of a RecordBatch or Table as the fixtures hold them."""
    columns = {name: canonical_column(pa.concat_arrays(table.column(name).chunks)
                                      if isinstance(table, pa.Table) else table.column(name))
               for name in data_columns}
    ids = table.column("_airbyte_raw_id").to_pylist()
    micros = pc.cast(table.column("_airbyte_extracted_at"), pa.int64()).to_pylist()
    metas = table.column("_airbyte_meta").to_pylist()
    now = time.time() * 1000
    rows = []
    for i in range(table.num_rows):
        at = micros[i] // 1000
        rows.append({
            "rawIdIsUuid4": bool(UUID4.match(ids[i])),
            "extractedAt": "NOW" if abs(at - now) < NOW_TOLERANCE_MILLIS else timestamp(micros[i]) + "Z",
            "syncId": metas[i]["sync_id"],
            "changes": [[c["field"], c["change"], c["reason"]] for c in metas[i]["changes"]],
            "values": {name: columns[name][i] for name in data_columns},
        })
    return normalized(rows)


def normalized(value: Any) -> Any:
    """Floats compared by their repr, so that -0.0 and 0.0 differ and 1.0 is not 1."""
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def data_columns(schema: StructType) -> List[str]:
    return [n for n in schema.names if not n.startswith("_airbyte_")]


def assert_rows(expected: dict, batch: Any, schema: StructType) -> None:
    actual = canonical_rows(batch, data_columns(schema))
    want = normalized(expected["rows"])
    assert len(actual) == len(want), "rows"
    for i, (got, row) in enumerate(zip(actual, want)):
        assert got["rawIdIsUuid4"], f"row {i}: _airbyte_raw_id is a UUID v4"
        assert got["extractedAt"] == row["extractedAt"], f"row {i}: _airbyte_extracted_at"
        assert got["changes"] == row["changes"], f"row {i}: _airbyte_meta.changes"
        assert got["syncId"] == row["syncId"], f"row {i}: _airbyte_meta.sync_id"
        assert got["values"] == row["values"], f"row {i}: values"


# ------------------------------------------------------------------ the cases

@pytest.mark.parametrize("case", SCHEMA_CASES, ids=[c["name"] for c in SCHEMA_CASES])
def test_schema_case(case):
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(AirbyteDataError) as error:
            spark_schema(case["jsonSchema"], **options(case))
        assert str(error.value) == expected["error"]
    else:
        assert spark_schema(case["jsonSchema"], **options(case)) == \
            StructType.fromJson(expected["sparkSchema"])


def convert_line_by_line(conv: RecordConverter, lines: List[bytes]) -> pa.Table:
    """Each line a batch of its own: the vectorized path tried on every line alone."""
    return pa.Table.from_batches([conv.convert([line]) for line in lines], conv.arrow_schema)


@pytest.mark.parametrize("path", ["convert", "convert_each", "line_by_line"])
@pytest.mark.parametrize("case", RECORD_CASES, ids=[c["name"] for c in RECORD_CASES])
def test_record_case(case, path):
    """Every path: ``convert`` (vectorized where the batch allows), the per-record path, and
    ``convert`` of each line alone."""
    conv = converter(case)
    lines = [line_bytes(line) for line in case["lines"]]
    run = (lambda: convert_line_by_line(conv, lines)) if path == "line_by_line" else \
        (lambda: getattr(conv, path)(lines))
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(AirbyteDataError) as error:
            run()
        assert str(error.value) == expected["error"]
        return
    batch = run()
    assert batch.schema.equals(conv.arrow_schema)
    assert conv.dropped == expected["dropped"]
    assert_rows(expected, batch, conv.schema)


def test_the_fast_path_takes_batches_whose_values_fit():
    (case,) = [c for c in RECORD_CASES if c["name"] == "rec-fast-canonical"]
    conv = converter(case)
    conv.convert([line_bytes(line) for line in case["lines"]])
    assert (conv.fast_batches, conv.slow_batches) == (1, 0)


def test_a_value_that_does_not_fit_sends_the_batch_record_by_record():
    (case,) = [c for c in RECORD_CASES if c["name"] == "rec-mode-permissive"]
    conv = converter(case)
    conv.convert([line_bytes(line) for line in case["lines"]])
    assert (conv.fast_batches, conv.slow_batches) == (0, 1)


def test_every_fixture_case_has_an_expected_outcome():
    assert len(SCHEMA_CASES) >= 10 and len(RECORD_CASES) >= 30
    for case in SCHEMA_CASES + RECORD_CASES:
        assert "expected" in case, case["name"]


# ------------------------------------------------------------------ through Spark

class GoldenSource:
    """Built lazily (pyspark.sql.datasource needs PySpark 4): a source yielding a case's batch."""


def golden_source():
    from pyspark.sql.datasource import DataSource, DataSourceReader

    class GoldenReader(DataSourceReader):
        def __init__(self, case):
            self.case = case

        def read(self, partition):
            yield converter(self.case).convert([line_bytes(line) for line in self.case["lines"]])

    class GoldenDataSource(DataSource):
        @classmethod
        def name(cls):
            return "brickbyte_golden"

        def schema(self):
            return converter(json.loads(self.options["case"])).schema

        def reader(self, schema):
            return GoldenReader(json.loads(self.options["case"]))

    return GoldenDataSource


SPARK_CASES = [c for c in RECORD_CASES if "rows" in c["expected"] and c["expected"]["rows"]]


def registered(session):
    from pyspark import cloudpickle
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    session.dataSource.register(golden_source())
    return session


@pytest.fixture(scope="module")
def golden_spark(spark):
    return registered(spark)


@pytest.fixture(scope="module")
def golden_connect(connect):
    return registered(connect)


@pytest.mark.parametrize("case", SPARK_CASES, ids=[c["name"] for c in SPARK_CASES])
def test_spark_reads_the_batches(golden_spark, case):
    """A real Python data source read: Spark takes the batches' Arrow types (zoned timestamps,
    decimals, structs, lists) and its rows are the fixture's."""
    df = golden_spark.read.format("brickbyte_golden").option("case", json.dumps(case)).load()
    schema = converter(case).schema
    assert df.schema == schema
    assert_rows(case["expected"], df.toArrow(), schema)


def test_spark_reads_instants_days_and_decimals_as_the_jvm_does(golden_spark):
    """Values seen by Spark SQL itself, not only round-tripped through Arrow."""
    (case,) = [c for c in RECORD_CASES if c["name"] == "rec-fast-canonical"]
    row = (golden_spark.read.format("brickbyte_golden").option("case", json.dumps(case)).load()
           .selectExpr("unix_micros(ts) AS ts", "unix_date(date) AS day", "CAST(n AS STRING) AS n",
                       "base64(bin) AS bin", "unix_micros(CAST(ntz AS TIMESTAMP)) AS ntz")
           .first())
    values = case["expected"]["rows"][0]["values"]
    assert timestamp(row.ts) + "Z" == values["ts"]
    assert date(row.day) == values["date"]
    assert row.n == values["n"] and Decimal(row.n) == Decimal(values["n"])
    assert row.bin == values["bin"]


CONNECT_CASES = [c for c in SPARK_CASES if c["name"] in (
    "rec-fast-canonical", "rec-nested-struct", "rec-timestamps", "rec-utf8-permissive", "rec-user-maps",
    "rec-doubles", "rec-binary")]


@pytest.mark.parametrize("case", CONNECT_CASES, ids=[c["name"] for c in CONNECT_CASES])
def test_spark_connect_reads_the_batches(golden_connect, case):
    """The same through Spark Connect, what serverless compute speaks."""
    df = golden_connect.read.format("brickbyte_golden").option("case", json.dumps(case)).load()
    schema = converter(case).schema
    assert df.schema == schema
    assert_rows(case["expected"], df.toArrow(), schema)
