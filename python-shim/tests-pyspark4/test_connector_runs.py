"""The Python source's connector runs, without Spark: real child processes of the repository's
test connectors, their failures, timeouts, secrets and process sessions."""
import json
import os
import time

import pytest

from brickbyte.datasource import protocol
from brickbyte.datasource.client import ConnectorClient
from brickbyte.datasource.options import ReadConf
from brickbyte.datasource.staging import stage
from brickbyte.datasource import catalog as catalogs
from brickbyte.errors import AirbyteConnectorError
from conftest import SYNC_SOURCE, exec_connector
from datasource_helpers import alive, read_pid, wait_dead

SECRET = "s3cr3t-Pa55word/+x"


def conf(connector=None, **options):
    options.setdefault("stream", "users")
    values = {"connector": connector or exec_connector()}
    for key, value in options.items():
        values[key] = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    return ReadConf.parse(values)


def read_all(c, state=None):
    """(records, other messages) of a read of the conf's stream."""
    client = ConnectorClient(c.connector, c.run)
    stream = catalogs.find_stream(client.discover(c.config), c.stream, None, c.connector.name)
    configured = catalogs.configure(stream, c.sync_mode, list(c.cursor_field), c.stream)
    records, others = [], []
    run = client.read(c.config, configured, state, [c.stream])
    try:
        for kind, line, message in run.lines():
            (records if kind == protocol.RECORD else others).append(message or line)
    finally:
        run.close()
    return records, others


def test_a_read_yields_record_lines_whole_and_parses_the_rest():
    records, others = read_all(conf(config={"count": 7}))
    assert len(records) == 7
    assert all(json.loads(r)["record"]["data"]["id"] == i + 1 for i, r in enumerate(records))
    assert [m["type"] for m in others if isinstance(m, dict) and m["type"] == "STATE"] == ["STATE"]


def test_type_last_unknown_fields_and_noise_are_tolerated():
    records, others = read_all(conf(config={"count": 15, "type_last": True, "noise": True}))
    assert [json.loads(r)["record"]["data"]["id"] for r in records] == list(range(1, 16))
    assert b"{this is not json" in others


def test_a_trace_error_fails_the_read_with_its_message_and_the_stderr_tail():
    with pytest.raises(AirbyteConnectorError) as raised:
        read_all(conf(config={"count": 10, "fail_after": 3}))
    text = str(raised.value)
    assert text.startswith("Connector exec:") and " read of stream users exited with code 1: "
    assert ("read of stream users exited with code 1: Something broke: the API returned 500 "
            "[system_error]\nInternal message: HTTPError 500 for url") in text
    assert "Last lines of its stderr:\nfatal: giving up" in text
    assert "Its stack trace:\nTraceback (most recent call last)" in text


def test_a_crash_mid_stream_names_the_exit_code_and_the_traceback():
    with pytest.raises(AirbyteConnectorError) as raised:
        read_all(conf(config={"count": 10, "exit_after": 4}))
    assert "read of stream users exited with code 3" in str(raised.value)
    assert "RuntimeError: boom in the middle" in str(raised.value)


@pytest.mark.parametrize("kind, words", [
    ("trace", "reported an error (exit code 0)"),
    ("connection_status", "reported CONNECTION_STATUS FAILED (exit code 0)"),
    ("incomplete", "reported stream orders INCOMPLETE (exit code 0)"),
])
def test_in_band_failures_fail_the_read_though_the_exit_code_is_0(kind, words):
    source = {"streams": {"orders": {"primary_key": ["id"], "cursor": "id",
                                     "records": [{"id": i} for i in range(1, 6)]}},
              "in_band_failure": {"after": 2, "kind": kind, "reset_cursor": 0}}
    with pytest.raises(AirbyteConnectorError) as raised:
        read_all(conf(exec_connector(SYNC_SOURCE), stream="orders", config=source))
    assert words in str(raised.value)


def test_a_hang_past_idle_timeout_is_killed_with_its_session(tmp_path):
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(AirbyteConnectorError) as raised:
        read_all(conf(config={"count": 10, "hang_after": 2, "pid_file": str(pid_file)},
                      idleTimeout="2s"))
    assert time.monotonic() - started < 20
    assert "wrote nothing for 2s (option 'idleTimeout') and was killed" in str(raised.value)
    assert wait_dead(read_pid(pid_file), 5)


def test_secrets_are_masked_in_exceptions_whatever_the_key_when_the_spec_marks_them():
    # "dsn" sounds like no secret; the spec marks it airbyte_secret.
    config = {"password": SECRET, "connection": {"method": "dsn", "dsn": "dsn-Value-1234"},
              "echo_config_in_trace": True, "echo_password_forms": True}
    with pytest.raises(AirbyteConnectorError) as raised:
        read_all(conf(config=config))
    text = str(raised.value)
    assert "config is: " in text
    for secret in (SECRET, "dsn-Value-1234", json.dumps(SECRET)[1:-1]):
        assert secret not in text
    assert "****" in text


def test_env_and_file_references_are_resolved_and_masked(tmp_path, monkeypatch):
    monkeypatch.setenv("BRICKBYTE_TEST_TOKEN", "tok-from-env-987")
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("file-secret-654\n")
    config = {"plain": "${env:BRICKBYTE_TEST_TOKEN}", "other": "${file:%s}" % secret_file,
              "echo_config_in_trace": True}
    with pytest.raises(AirbyteConnectorError) as raised:
        read_all(conf(config=config))
    text = str(raised.value)
    assert '"plain": "****"' in text or '"plain":"****"' in text
    assert "tok-from-env-987" not in text and "file-secret-654" not in text


def test_the_connector_gets_a_minimal_environment(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "do-not-pass")
    monkeypatch.setenv("MY_NAMED_VAR", "pass-me")
    with pytest.raises(AirbyteConnectorError) as raised:
        read_all(conf(config={"echo_env_keys": True, "fail_after": 1},
                      connectorEnv="MY_NAMED_VAR"))
    keys = [line for line in str(raised.value).splitlines() if line.startswith("env keys: ")][0]
    assert "MY_NAMED_VAR" in keys and "PATH" in keys
    assert "AWS_SECRET_ACCESS_KEY" not in keys and "PYTHONPATH" not in keys


def test_config_catalog_and_state_files_are_owner_only_and_deleted(tmp_path):
    temp = tmp_path / "private"
    c = conf(config={"count": 3, "hang_after": 1}, tempDir=str(temp), idleTimeout="60s")
    client = ConnectorClient(c.connector, c.run)
    stream = catalogs.find_stream(client.discover(c.config), "users", None, c.connector.name)
    configured = catalogs.configure(stream, "incremental", [], "users")
    run = client.read(c.config, configured, [{"type": "LEGACY", "data": {}}], ["users"])
    lines = run.lines()
    next(lines)
    (run_dir,) = list(temp.iterdir())
    assert oct(run_dir.stat().st_mode & 0o777) == "0o700"
    assert sorted(p.name for p in run_dir.iterdir()) == ["catalog.json", "config.json",
                                                         "state.json"]
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in run_dir.iterdir())
    run.close()
    assert list(temp.iterdir()) == []


def test_a_failed_run_stages_its_records_up_to_the_last_state(tmp_path):
    c = conf(config={"count": 10, "state_every": 3, "fail_after": 7})
    client = ConnectorClient(c.connector, c.run)
    stream = catalogs.find_stream(client.discover(c.config), "users", None, c.connector.name)
    configured = catalogs.configure(stream, "incremental", [], "users")
    staged = stage(client, c.config, configured, [], str(tmp_path), "users")
    assert isinstance(staged.failure, AirbyteConnectorError)
    assert "Something broke" in str(staged.failure)
    assert [cut.records for cut in staged.cuts] == [3, 3]
    files = sorted(os.listdir(tmp_path / staged.run))
    assert files == ["segment-000001.jsonl", "segment-000002.jsonl"]
    ids = [json.loads(line)["record"]["data"]["id"] for name in files
           for line in (tmp_path / staged.run / name).read_bytes().splitlines()]
    assert ids == [1, 2, 3, 4, 5, 6]
    assert staged.cuts[-1].state["stream"]["stream_state"]["updated_at"].endswith("00:06:00+00:00")


def test_no_connector_process_is_left_after_a_run_is_closed_early(tmp_path):
    pid_file = tmp_path / "pid"
    c = conf(config={"count": 100000, "pid_file": str(pid_file)})
    client = ConnectorClient(c.connector, c.run)
    stream = catalogs.find_stream(client.discover(c.config), "users", None, c.connector.name)
    configured = catalogs.configure(stream, "full_refresh", [], "users")
    run = client.read(c.config, configured, None, ["users"])
    lines = run.lines()
    for _ in range(10):
        next(lines)
    pid = read_pid(pid_file)
    assert alive(pid)
    run.close()
    assert wait_dead(pid, 5)


def test_what_reaches_the_logs_is_masked(caplog):
    import base64
    import logging
    import urllib.parse
    caplog.set_level(logging.INFO, logger="brickbyte.datasource")
    config = {"count": 2, "password": SECRET, "echo_config_to_stderr": True,
              "echo_config_to_log": True, "echo_password_forms": True}
    records, _ = read_all(conf(config=config))
    assert len(records) == 2
    text = caplog.text
    assert "config is: " in text and "password forms: " in text
    forms = (SECRET, urllib.parse.quote(SECRET), urllib.parse.quote_plus(SECRET),
             base64.b64encode(SECRET.encode()).decode(),
             base64.urlsafe_b64encode(SECRET.encode()).decode(),
             base64.b64encode(("user:" + SECRET).encode()).decode())
    for form in forms:
        assert form not in text, form
