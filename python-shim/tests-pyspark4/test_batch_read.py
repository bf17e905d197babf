"""Batch reads of the Python source on real PySpark 4 with no JAR, classic and Spark Connect:
the repository's test connectors as child processes of the Python workers."""
import datetime
import decimal
import json
import sys
import threading
import time

import pytest

import brickbyte
from conftest import TEST_SOURCE, exec_connector
from datasource_helpers import alive, load, read_pid, wait_dead

SECRET = "Pw-7f3e-secret-value"


@pytest.fixture(scope="module", autouse=True)
def registered(spark, connect):
    brickbyte.register(spark)
    brickbyte.register(connect)


def test_users_read_into_typed_columns(session):
    df = load(session, connector=exec_connector(), config={"count": 12}, stream="users")
    assert df.schema.simpleString().startswith(
        "struct<id:bigint,name:string,email:string,age:bigint,score:decimal(38,10),"
        "active:boolean,created_at:timestamp,updated_at:timestamp,birthday:date,")
    assert df.columns[-3:] == ["_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta"]
    rows = sorted(df.collect(), key=lambda r: r.id)
    assert [r.id for r in rows] == list(range(1, 13))
    third = rows[2]
    assert third.name == "user-3" and third.email == "user3@example.com" and third.age == 23
    assert third.score == decimal.Decimal("4.5") and third.active is False
    assert third.birthday == datetime.date(1990, 1, 4)
    assert third.created_at.astimezone(datetime.timezone.utc) == datetime.datetime(
        2024, 1, 1, 3, tzinfo=datetime.timezone.utc)
    assert rows[4].email is None
    assert third._airbyte_meta.changes == [] and third._airbyte_meta.sync_id is None
    assert len({r._airbyte_raw_id for r in rows}) == 12


def test_the_types_stream_and_numbers_as_doubles_and_nested_as_json(session):
    df = load(session, connector=exec_connector(), config={"count": 4}, stream="types",
              numberType="double", nested="json")
    types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
    assert types["n_number"] == "double" and types["o_struct"] == "string"
    assert types["a_ints"] == "string" and types["n_big"] == "decimal(38,0)"
    first = df.where("i_integer = 1").first()
    assert first.n_number == pytest.approx(12.3456789)
    assert json.loads(first.o_struct) == {"a": 1, "b": "b1", "inner": {"x": 0.25}}


@pytest.mark.parametrize("mode, ids", [("PERMISSIVE", [1, 2, 3, 4, 5]),
                                       ("DROPMALFORMED", [1, 4, 5])])
def test_bad_values_are_nulled_and_recorded_or_dropped(session, mode, ids):
    df = load(session, connector=exec_connector(), config={"count": 5, "bad_values": True},
              stream="users", mode=mode)
    rows = {r.id: r for r in df.collect()}
    assert sorted(rows) == ids
    if mode == "PERMISSIVE":
        second = rows[2]
        assert second.age is None and second.created_at is None
        assert {c.field for c in second._airbyte_meta.changes} == {"age", "created_at"}
        assert {(c.change, c.reason) for c in second._airbyte_meta.changes} == {
            ("NULLED", "DESTINATION_TYPECAST_ERROR")}
        assert rows[3].age is None and [c.field for c in rows[3]._airbyte_meta.changes] == ["age"]


def test_failfast_fails_the_read_naming_the_field(session):
    df = load(session, connector=exec_connector(), config={"count": 5, "bad_values": True},
              stream="users", mode="FAILFAST")
    with pytest.raises(Exception) as raised:
        df.collect()
    assert "age" in str(raised.value)


def test_a_trace_error_fails_the_read_with_the_connectors_message(session):
    df = load(session, connector=exec_connector(), config={"count": 20, "fail_after": 5},
              stream="users")
    with pytest.raises(Exception) as raised:
        df.collect()
    text = str(raised.value)
    assert "read of stream users exited with code 1: Something broke: the API returned 500 " \
           "[system_error]" in text
    assert "fatal: giving up" in text


def test_a_crash_mid_stream_fails_the_read(session):
    df = load(session, connector=exec_connector(), config={"count": 20, "exit_after": 5},
              stream="users")
    with pytest.raises(Exception) as raised:
        df.count()
    assert "exited with code 3" in str(raised.value)
    assert "RuntimeError: boom in the middle" in str(raised.value)


def test_a_hang_past_idle_timeout_fails_the_read_and_kills_the_connector(spark, tmp_path):
    pid_file = tmp_path / "pid"
    df = load(spark, connector=exec_connector(), stream="users", idleTimeout="2s",
              config={"count": 20, "hang_after": 3, "pid_file": str(pid_file)})
    started = time.monotonic()
    with pytest.raises(Exception) as raised:
        df.collect()
    assert "wrote nothing for 2s (option 'idleTimeout') and was killed" in str(raised.value)
    assert time.monotonic() - started < 60
    assert wait_dead(read_pid(pid_file), 5)


def test_a_cancelled_read_leaves_no_connector_process(session, tmp_path):
    pid_file = tmp_path / "pid"
    df = load(session, connector=exec_connector(), stream="users", idleTimeout="10m",
              config={"count": 20, "hang_after": 3, "pid_file": str(pid_file)})
    failure = []
    reader = threading.Thread(target=lambda: _collect_into(df, failure))
    reader.start()
    pid = read_pid(pid_file, 60)
    assert alive(pid)
    if hasattr(session, "interruptAll"):  # Spark Connect: what a notebook's cancel does
        session.interruptAll()
    else:
        session.sparkContext.cancelAllJobs()
    reader.join(60)
    assert failure and "cancel" in str(failure[0]).lower() or "interrupt" in str(failure[0])
    assert wait_dead(pid, 15)


def _collect_into(df, failures):
    try:
        df.collect()
    except Exception as e:  # noqa: BLE001
        failures.append(e)


def test_the_configs_secret_reaches_no_output_exception_or_plan(session, capsys):
    config = {"count": 3, "password": SECRET, "echo_config_to_stderr": True,
              "echo_config_to_log": True}
    df = load(session, connector=exec_connector(), stream="users", config=config)
    df.explain(True)
    assert len(df.collect()) == 3
    with pytest.raises(Exception) as raised:  # discover fails already, at load
        load(session, connector=exec_connector(), stream="users",
             config={**config, "echo_config_in_trace": True}).collect()
    assert "config is: " in str(raised.value)
    printed = capsys.readouterr()
    for text in (str(raised.value), printed.out, printed.err, repr(df), str(df.schema)):
        assert SECRET not in text


def test_the_task_masks_with_the_spec_the_driver_read_and_runs_no_spec_itself(session, tmp_path):
    # A task's Python worker is new after a minute of no Python work: had it to learn the spec's
    # secret fields itself, each such read would start the connector once more, for ``spec``.
    commands = tmp_path / "commands"
    wrapper = tmp_path / "connector.sh"
    wrapper.write_text(f'#!/bin/sh\necho "$1" >> {commands}\nexec {sys.executable} {TEST_SOURCE} "$@"\n')
    wrapper.chmod(0o700)
    # "dsn" sounds like no secret; the spec marks it airbyte_secret.
    config = {"count": 20, "exit_after": 5, "echo_config_to_stderr": True,
              "connection": {"method": "dsn", "dsn": "dsn-Value-1234"}}
    df = load(session, connector=f"exec:{wrapper}", stream="users", config=config)
    with pytest.raises(Exception) as raised:
        df.collect()
    text = str(raised.value)
    assert "exited with code 3" in text and "config is: " in text
    assert "dsn-Value-1234" not in text and "****" in text
    assert sorted(commands.read_text().split()) == ["discover", "read", "spec"]
