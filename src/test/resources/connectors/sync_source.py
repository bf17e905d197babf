#!/usr/bin/env python3
"""A source for sync tests: its streams and records come from its config.

config = {
  "streams": {"orders": {"primary_key": ["id"], "cursor": "updated_at", "records": [{...}, ...]}},
  "state_every": 2,          # a STATE after every N records of a stream (and at its end)
  "global_state": false,     # one GLOBAL state instead of per-stream states
  "fail_after": 5,           # exit 1 after this many records in all
  "control_config": {...},   # send a CONTROL message with this config first
  "sleep_every": 10,         # sleep sleep_seconds (default 0.05) after every N records in all,
  "sleep_seconds": 0.05,     #   so that a sync lasts long enough to overlap another
  "emitted_at": 1700000000000,  # every record's emitted_at (ties of extraction time)
}
An incremental read emits the records whose cursor is above the stream's state, in config order.
emitted_at is 1700000000000 + the record's position in its list, so reruns emit the same values.
"""
import json
import sys
import time

TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", dict: "object", list: "array"}


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")


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


def catalog(config):
    streams = []
    for name, spec in config.get("streams", {}).items():
        stream = {"name": name, "json_schema": schema_of(spec["records"]),
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
    if config.get("control_config") is not None:
        emit({"type": "CONTROL", "control": {"type": "CONNECTOR_CONFIG", "emitted_at": 1700000000000,
                                             "connectorConfig": {"config": config["control_config"]}}})
    every = config.get("state_every", 1000000)
    fail_after = config.get("fail_after")
    sleep_every = config.get("sleep_every")
    fixed_emitted_at = config.get("emitted_at")
    sent = 0
    latest = dict(cursors)

    def state_of(name):
        if config.get("global_state"):
            return {"type": "GLOBAL", "global": {"shared_state": {"position": sent}, "stream_states": [
                {"stream_descriptor": {"name": n}, "stream_state": {"cursor": c}} for n, c in latest.items()]}}
        return {"type": "STREAM", "stream": {"stream_descriptor": {"name": name},
                                             "stream_state": {"cursor": latest[name]}}}

    for entry in configured["streams"]:
        name = entry["stream"]["name"]
        spec = config["streams"][name]
        cursor = spec.get("cursor")
        incremental = entry["sync_mode"] == "incremental"
        count = 0
        for position, data in enumerate(spec["records"]):
            if incremental and name in cursors and data.get(cursor) is not None and data[cursor] <= cursors[name]:
                continue
            if fail_after is not None and sent >= fail_after:
                sys.stderr.write("sync_source: failing on purpose\n")
                sys.exit(1)
            emitted_at = fixed_emitted_at if fixed_emitted_at is not None else 1700000000000 + position
            emit({"type": "RECORD", "record": {"stream": name, "data": data, "emitted_at": emitted_at}})
            sent += 1
            if sleep_every and sent % sleep_every == 0:
                sys.stdout.flush()
                time.sleep(config.get("sleep_seconds", 0.05))
            count += 1
            if incremental and data.get(cursor) is not None:
                latest[name] = max(latest.get(name, data[cursor]), data[cursor])
            if incremental and count % every == 0:
                emit({"type": "STATE", "state": state_of(name)})
        if incremental and name in latest:
            emit({"type": "STATE", "state": state_of(name)})


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
