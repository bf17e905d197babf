"""The example pipeline (pipelines/airbyte_to_delta) run end to end by the real
``spark-pipelines`` CLI, on the test JVM's Spark Connect server with Delta: the Python
``airbyte`` source's stream into bronze, silver SCD type 1 and 2; then a second run with new
source records."""
import sys

import pytest

from conftest import SYNC_SOURCE
from pipeline_helpers import (flows_completed, needs_delta, private_json, project, rows,
                              run_pipeline)

DELETED = "2024-01-05T00:00:00Z"
SECRET = "s3cr3t-token-for-the-pipeline-test"


def order(id, status, updated_at, deleted_at=None):
    return {"id": id, "status": status, "updated_at": updated_at, "_ab_cdc_deleted_at": deleted_at}


def user(id, name, updated_at):
    return {"id": id, "name": name, "updated_at": updated_at}


FIRST = {
    "orders": [order(1, "new", 1), order(2, "new", 2), order(1, "paid", 3), order(3, "new", 4)],
    "users": [user(1, "ann", 1), user(2, "bob", 2)],
}
# The source's records after new ones arrived; its state (cursor 4 for orders, 2 for users) makes
# the second run read only these.
SECOND = {
    "orders": FIRST["orders"] + [order(2, "new", 5, DELETED), order(1, "shipped", 6),
                                 order(4, "new", 7)],
    "users": FIRST["users"] + [user(2, "bobby", 3)],
}


def source_config(records, secret_file):
    streams = {name: {"primary_key": ["id"], "cursor": "updated_at", "records": values,
                      "json_schema": SCHEMAS[name]} for name, values in records.items()}
    # A reference, resolved by the source when it runs: the project holds no secret.
    return {"streams": streams, "api_key": "${file:" + str(secret_file) + "}"}


SCHEMAS = {
    "orders": {"type": "object", "properties": {
        "id": {"type": "integer"}, "status": {"type": ["null", "string"]},
        "updated_at": {"type": "integer"},
        "_ab_cdc_deleted_at": {"type": ["null", "string"], "format": "date-time"}}},
    "users": {"type": "object", "properties": {
        "id": {"type": "integer"}, "name": {"type": ["null", "string"]},
        "updated_at": {"type": "integer"}}},
}


@pytest.fixture(scope="module")
def example(spark, connect_port, tmp_path_factory):
    needs_delta()
    work = tmp_path_factory.mktemp("pipeline-example")
    secret_file = private_json(work / "secret.txt", SECRET)
    config_file = work / "config.json"
    spark.sql("CREATE DATABASE IF NOT EXISTS pipeline_example")
    spec = project("airbyte_to_delta", work, "pipeline_example", {
        "brickbyte.connector": f"exec:{sys.executable} {SYNC_SOURCE}",
        "brickbyte.config": "",
        "brickbyte.configFile": str(config_file),
        "brickbyte.streams": "orders,users",
        "brickbyte.stagingDir": str(work / "staging"),
        "brickbyte.scdTypes": "1,2",
        "brickbyte.silverMethod": "auto",
    })
    results = []
    for records in (FIRST, SECOND):
        private_json(config_file, source_config(records, secret_file))
        output = run_pipeline(spec, connect_port)
        tables = {table: rows(spark, f"pipeline_example.{table}", by)
                  for table, by in TABLES.items()}
        results.append((output, tables))
    formats = {spark.sql(f"DESCRIBE DETAIL pipeline_example.{table}").first()["format"]
               for table in TABLES}
    yield results, formats
    spark.sql("DROP DATABASE IF EXISTS pipeline_example CASCADE")


TABLES = {"orders_bronze": "updated_at", "orders_silver": "id", "orders_history": "id,updated_at",
          "users_bronze": "updated_at", "users_silver": "id", "users_history": "id,updated_at"}


def data(table_rows, *columns):
    return [tuple(r[c] for c in columns) for r in table_rows]


def test_bronze_holds_every_record_once_with_the_airbyte_columns(example):
    (_, first), (_, second) = example[0]
    assert example[1] == {"delta"}
    assert data(first["orders_bronze"], "id", "status", "updated_at") == [
        (1, "new", 1), (2, "new", 2), (1, "paid", 3), (3, "new", 4)]
    # The second run brings only the new records (the source's state is the stream's offset).
    assert data(second["orders_bronze"], "id", "status", "updated_at") == [
        (1, "new", 1), (2, "new", 2), (1, "paid", 3), (3, "new", 4), (2, "new", 5),
        (1, "shipped", 6), (4, "new", 7)]
    assert data(second["users_bronze"], "id", "name") == [(1, "ann"), (2, "bob"), (2, "bobby")]
    raw_ids = [r["_airbyte_raw_id"] for r in second["orders_bronze"]]
    assert len(set(raw_ids)) == 7 and all(raw_ids)
    assert all(r["_airbyte_extracted_at"] is not None and r["_airbyte_meta"] is not None
               for r in second["orders_bronze"])


def test_silver_scd1_holds_the_latest_version_per_key_with_deletes_applied(example):
    (_, first), (_, second) = example[0]
    assert data(first["orders_silver"], "id", "status") == [(1, "paid"), (2, "new"), (3, "new")]
    assert data(second["orders_silver"], "id", "status") == [(1, "shipped"), (3, "new"),
                                                             (4, "new")]
    assert data(second["users_silver"], "id", "name") == [(1, "ann"), (2, "bobby")]
    assert "__START_AT" not in second["orders_silver"][0]


def test_silver_scd2_holds_every_version_with_its_validity(example):
    (_, first), (_, second) = example[0]

    def versions(table_rows):
        return [(r["id"], r["status"], r["__START_AT"]["updated_at"],
                 None if r["__END_AT"] is None else r["__END_AT"]["updated_at"])
                for r in table_rows]

    assert versions(first["orders_history"]) == [
        (1, "new", 1, 3), (1, "paid", 3, None), (2, "new", 2, None), (3, "new", 4, None)]
    # The delete of 2 closes its version and adds none.
    assert versions(second["orders_history"]) == [
        (1, "new", 1, 3), (1, "paid", 3, 6), (1, "shipped", 6, None), (2, "new", 2, 5),
        (3, "new", 4, None), (4, "new", 7, None)]
    assert [(r["id"], r["name"]) for r in second["users_history"]] == [
        (1, "ann"), (2, "bob"), (2, "bobby")]


def test_the_runs_complete_every_flow_and_print_no_secret(example):
    for output, _ in example[0]:
        completed = flows_completed(output)
        for table in TABLES:
            assert any(flow.endswith(table) for flow in completed), (table, completed)
        assert SECRET not in output
