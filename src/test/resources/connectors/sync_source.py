#!/usr/bin/env python3
"""A source for sync tests: its streams and records come from its config.

config = {
  "streams": {"orders": {"primary_key": ["id"], "cursor": "updated_at", "records": [{...}, ...]}},
                             # or "count": N instead of "records": N records {"id": i, "v": "r<i>"},
                             # i = 1..N (with "cursor": "id" for an incremental stream)
                             # a stream's "json_schema", if given, replaces the one inferred
                             # from its records (types of the first non-null values, flat)
  "state_every": 2,          # a STATE after every N records of a stream (and at its end)
  "global_state": false,     # one GLOBAL state instead of per-stream states
  "fail_after": 5,           # exit 1 after this many records in all (in a stream's spec: of that stream)
  "control_config": {...},   # send a CONTROL message with this config first
  "interleave": false,       # send the streams' records round-robin, not one stream after another
  "stream_statuses": false,  # TRACE STREAM_STATUS STARTED before a stream, COMPLETE after it
  "never_complete": false,   # with stream_statuses: STARTED only, never COMPLETE
  "in_band_failure": {"after": 3, "kind": "connection_status", "reset_cursor": 0},
      # after this many records in all, fail as real CDKs do, in-band: a LOG at ERROR, then
      # kind = "connection_status" (CONNECTION_STATUS FAILED), "trace" (TRACE ERROR) or
      # "incomplete" (STREAM_STATUS INCOMPLETE), then a STATE per stream with the cursor
      # reset_cursor, and exit code 0
  "stream_rate": 5000,       # at most this many records a second per stream (a throttled API):
                             #   the read sleeps to keep each stream's records on that pace
  "sleep_every": 10,         # sleep sleep_seconds (default 0.05) after every N records in all,
  "sleep_seconds": 0.05,     #   so that a sync lasts long enough to overlap another
  "emitted_at": 1700000000000,  # every record's emitted_at (ties of extraction time)
  "estimates": false,        # TRACE ESTIMATE (STREAM) before a stream's records: row_estimate =
                             #   the records it will send, byte_estimate = their lines' bytes
  "emitted_file": "/path",   # at the end of a read (and before a fail_after exit), write there
                             #   {stream: {"records": N, "bytes": B}}: the RECORD lines sent, B
                             #   their bytes with newlines, as the connector counted them
  "password": "...",         # unused, but secret: fail_after also prints it on stderr (careless)
  "logs": [{"level": "WARN", "message": "..."}],  # LOG messages sent when a read starts; each
                             #   "{password}" in a message is replaced by the password (careless)
}
An incremental read emits the records whose cursor is above the stream's state, in config order.
emitted_at is 1700000000000 + the record's position in its list, so reruns emit the same values.
"""
import json
import sys
import time

TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", dict: "object", list: "array"}


EMITTED = {}


def line_of(message):
    # A lone U+DC80..U+DCFF in a value ("\\udcff" in the config) is written as the raw byte it
    # stands for (surrogateescape): a line that is not UTF-8.
    return (json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8", "surrogateescape")


def emit(message):
    line = line_of(message)
    sys.stdout.buffer.write(line)
    if message["type"] == "RECORD":
        counts = EMITTED.setdefault(message["record"]["stream"], {"records": 0, "bytes": 0})
        counts["records"] += 1
        counts["bytes"] += len(line)


def write_emitted(config):
    if config.get("emitted_file"):
        with open(config["emitted_file"], "w") as f:
            json.dump(EMITTED, f)


def arg(name):
    args = sys.argv[2:]
    return args[args.index(name) + 1] if name in args else None


def load(name):
    path = arg(name)
    if path is None:
        return None
    with open(path) as f:
        return json.load(f)


def schema_of(records):
    properties = {}
    for record in records:
        for key, value in record.items():
            if value is not None and key not in properties:
                properties[key] = {"type": ["null", TYPES[type(value)]]}
            elif key not in properties:
                properties[key] = {"type": ["null", "string"]}
    return {"type": "object", "properties": properties}


def records_of(spec):
    if "count" in spec:
        spec["records"] = [{"id": i, "v": "r%d" % i} for i in range(1, spec.pop("count") + 1)]
    return spec["records"]


def catalog(config):
    streams = []
    for name, spec in config.get("streams", {}).items():
        records_of(spec)
        stream = {"name": name, "json_schema": spec.get("json_schema") or schema_of(spec["records"]),
                  "supported_sync_modes": ["full_refresh"]}
        if spec.get("cursor"):
            stream["supported_sync_modes"].append("incremental")
            stream["source_defined_cursor"] = True
            stream["default_cursor_field"] = [spec["cursor"]]
        if spec.get("primary_key"):
            stream["source_defined_primary_key"] = [[k] for k in spec["primary_key"]]
        streams.append(stream)
    return {"streams": streams}


def read(config):
    configured = load("--catalog")
    saved = load("--state") or []
    cursors = {}
    for state in saved:
        if state.get("type") == "STREAM":
            cursors[state["stream"]["stream_descriptor"]["name"]] = state["stream"]["stream_state"]["cursor"]
        elif state.get("type") == "GLOBAL":
            for s in state["global"]["stream_states"]:
                cursors[s["stream_descriptor"]["name"]] = s["stream_state"]["cursor"]
    for log in config.get("logs", []):
        emit({"type": "LOG", "log": {"level": log["level"],
                                     "message": log["message"].replace("{password}", str(config.get("password")))}})
    if config.get("control_config") is not None:
        emit({"type": "CONTROL", "control": {"type": "CONNECTOR_CONFIG", "emitted_at": 1700000000000,
                                             "connectorConfig": {"config": config["control_config"]}}})
    every = config.get("state_every", 1000000)
    fail_after = config.get("fail_after")
    failure = config.get("in_band_failure")
    statuses = config.get("stream_statuses", False)
    sleep_every = config.get("sleep_every")
    fixed_emitted_at = config.get("emitted_at")
    stream_rate = config.get("stream_rate")
    for spec in config.get("streams", {}).values():
        records_of(spec)
    progress = {"sent": 0}
    latest = dict(cursors)

    def state_of(name):
        if config.get("global_state"):
            return {"type": "GLOBAL", "global": {"shared_state": {"position": progress["sent"]}, "stream_states": [
                {"stream_descriptor": {"name": n}, "stream_state": {"cursor": c}} for n, c in latest.items()]}}
        return {"type": "STREAM", "stream": {"stream_descriptor": {"name": name},
                                             "stream_state": {"cursor": latest[name]}}}

    def status(name, value):
        emit({"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": 1700000000000,
                                         "stream_status": {"stream_descriptor": {"name": name}, "status": value}}})

    def fail_in_band(name):
        emit({"type": "LOG", "log": {"level": "ERROR", "message": "sync_source: the API said 401"}})
        kind = failure["kind"]
        if kind == "connection_status":
            emit({"type": "CONNECTION_STATUS", "connectionStatus": {
                "status": "FAILED", "message": "sync_source: 401 Unauthorized, bad token"}})
        elif kind == "trace":
            emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1700000000000, "error": {
                "message": "sync_source: 401 Unauthorized, bad token", "failure_type": "config_error"}}})
        else:
            status(name, "INCOMPLETE")
        for entry in configured["streams"]:
            latest[entry["stream"]["name"]] = failure["reset_cursor"]
            emit({"type": "STATE", "state": state_of(entry["stream"]["name"])})
        sys.exit(0)

    def messages(entry):
        name = entry["stream"]["name"]
        spec = config["streams"][name]
        cursor = spec.get("cursor")
        incremental = entry["sync_mode"] == "incremental"
        count = 0
        started = time.monotonic()
        if statuses:
            status(name, "STARTED")
        if config.get("estimates"):
            sending = [d for d in spec["records"] if not (incremental and name in cursors and d.get(cursor)
                                                           is not None and d[cursor] <= cursors[name])]
            emit({"type": "TRACE", "trace": {"type": "ESTIMATE", "emitted_at": 1700000000000, "estimate": {
                "name": name, "type": "STREAM", "row_estimate": len(sending),
                "byte_estimate": sum(len(line_of({"type": "RECORD", "record": {
                    "stream": name, "data": d, "emitted_at": fixed_emitted_at if fixed_emitted_at is not None
                    else 1700000000000 + spec["records"].index(d)}})) for d in sending)}}})
        for position, data in enumerate(spec["records"]):
            if incremental and name in cursors and data.get(cursor) is not None and data[cursor] <= cursors[name]:
                continue
            if (fail_after is not None and progress["sent"] >= fail_after
                    or spec.get("fail_after") is not None and count >= spec["fail_after"]):
                write_emitted(config)
                sys.stderr.write("sync_source: failing on purpose (password %s)\n" % config.get("password"))
                sys.stdout.flush()
                sys.exit(1)
            if failure is not None and progress["sent"] >= failure["after"]:
                fail_in_band(name)
            emitted_at = fixed_emitted_at if fixed_emitted_at is not None else 1700000000000 + position
            emit({"type": "RECORD", "record": {"stream": name, "data": data, "emitted_at": emitted_at}})
            progress["sent"] += 1
            if sleep_every and progress["sent"] % sleep_every == 0:
                sys.stdout.flush()
                time.sleep(config.get("sleep_seconds", 0.05))
            count += 1
            if stream_rate and count % 100 == 0:
                ahead = started + count / stream_rate - time.monotonic()
                if ahead > 0:
                    sys.stdout.flush()
                    time.sleep(ahead)
            if incremental and data.get(cursor) is not None:
                latest[name] = max(latest.get(name, data[cursor]), data[cursor])
            if incremental and count % every == 0:
                emit({"type": "STATE", "state": state_of(name)})
            yield
        if incremental and name in latest:
            emit({"type": "STATE", "state": state_of(name)})
        if statuses and not config.get("never_complete"):
            status(name, "COMPLETE")

    streams = [messages(entry) for entry in configured["streams"]]
    if config.get("interleave"):
        while streams:
            for stream in list(streams):
                if next(stream, StopIteration) is StopIteration:
                    streams.remove(stream)
    else:
        for stream in streams:
            for _ in stream:
                pass
    write_emitted(config)


def main():
    command = sys.argv[1]
    if command == "spec":
        emit({"type": "SPEC", "spec": {"connectionSpecification": {"type": "object"}}})
        return
    config = load("--config")
    if command == "check":
        emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}})
    elif command == "discover":
        emit({"type": "CATALOG", "catalog": catalog(config)})
    elif command == "read":
        read(config)


if __name__ == "__main__":
    main()
