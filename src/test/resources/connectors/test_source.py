#!/usr/bin/env python3
"""Test source connector speaking the Airbyte protocol (Python 3, standard library only).

CLI (as Airbyte sources):
    test_source.py spec
    test_source.py check    --config CONFIG.json
    test_source.py discover --config CONFIG.json
    test_source.py read     --config CONFIG.json --catalog CATALOG.json [--state STATE.json]

Every message is one JSON line on stdout. `check` exits 0 whether the check succeeds or not.

CONFIG (a JSON object; every key optional, unknown keys allowed)
    count                  int, default 10: records of users, types, wide, generated
    large_count            int, default 3: records of large
    large_size             int, default 1000000: length of large's payload
    wide_columns           int, default 200: columns of wide
    password               string: check FAILS ("Authentication failed: the password was
                           rejected") exactly when it is "wrong"; SUCCEEDED otherwise
    type_last              bool: "type" is the LAST key of every message (and of TRACE and STATE
                           bodies); every message has an extra top-level "_extra": {"x": 1};
                           record bodies are ordered emitted_at, data, _unknown_record_key (=1),
                           stream[, meta]
    noise                  bool: non-JSON stdout lines: "Starting connector v1.0" at the start
                           of read (before any message), and after every 7th record (counting
                           records of all streams) the three lines "", "{this is not json",
                           "WARNING: something odd"
    fail_after             int N: after the Nth record (all streams), a TRACE ERROR
                           {"message": "Something broke: the API returned 500",
                            "internal_message": "HTTPError 500 for url",
                            "stack_trace": "Traceback (most recent call last):\\n  File x\\nHTTPError",
                            "failure_type": "system_error"}
                           then "fatal: giving up" on stderr, exit code 1
    exit_after             int N: after the Nth record, a Python-like traceback on stderr ending
                           "RuntimeError: boom in the middle", exit code 3 (no TRACE message)
    hang_after             int N: after the Nth record, flush stdout and sleep forever
    pid_file               string: read writes its pid (os.getpid()) there first
    echo_config_to_stderr  bool: every command first prints "config is: " + the config JSON on
                           stderr (a careless connector; secrets included)
    echo_config_to_log     bool: every command then sends a LOG INFO "config is: " + the config JSON
    echo_config_in_trace   bool: every command then sends a TRACE ERROR whose message,
                           internal_message and stack_trace each hold "config is: " + the config
                           JSON, prints "config is: " + the config JSON on stderr, and exits 1
    echo_password_forms    bool: every command then prints on stderr and in a LOG INFO
                           "password forms: quote=Q quote_plus=P basic=B b64=S urlsafe=U" with
                           P = urllib.parse.quote_plus(password), Q = urllib.parse.quote(password),
                           B = base64("user:" + password), S = base64(password), U = its URL-safe
                           base64 (a connector printing a URL or an Authorization header)
    discover_count_file    string: discover appends a line ("discover") to this file, so a test
                           counts the discovers that really ran
    echo_env_keys          bool: every command first prints "env keys: " + its environment
                           variables' names, sorted, comma-separated, on stderr
    connection             object, a oneOf of {"method": "dsn", "dsn": string (airbyte_secret)}
                           and {"method": "host", "host": string}: unused, its dsn is secret in
                           the spec only (no secret-sounding key name)
    control_config         object: read sends, right after its first LOG, a CONTROL message
                           {"type": "CONNECTOR_CONFIG", "emitted_at": 1700000000000,
                            "connectorConfig": {"config": control_config}}, then a LOG INFO
                           "new config is: " + control_config's JSON, then after 0.5 s
                           "new config on stderr: " + the same JSON on stderr (a connector
                           rotating its OAuth tokens, carelessly)
    bad_values             bool: users record 2 has age "not a number" and created_at
                           "yesterday"; users record 3 has age 99999999999999999999999
    meta_changes           bool: users record 1 has email null and record-level
                           "meta": {"changes": [{"field": "email", "change": "NULLED",
                                                 "reason": "SOURCE_FIELD_SIZE_LIMITATION"}]}
    state_every            int N: users also emits a STREAM STATE after every N emitted records
                           (the state's updated_at is the last emitted record's updated_at)
    invalid_utf8           int N: users record N's name is "user-" + the byte 0xFF + N: a line that
                           is not UTF-8 (the platform reads the byte as U+FFFD)
    strict_state           bool: --state is read as the Airbyte CDK reads it: only a JSON array
                           of state messages (STREAM, GLOBAL, LEGACY); anything else in it
                           (e.g. a whole {"type": "STATE", ...} message) is ignored, so the
                           read starts over
(fail_after, exit_after, hang_after and noise count records over all streams of the read, in
catalog order; they run after the record is written, so N records reach stdout first.)

READ
    Streams are read one after the other in the order of the configured catalog
    (catalog["streams"][*]["stream"]["name"]); streams not in it are not read. Names this source
    does not know get a LOG WARN and are skipped. Output of a read:
      LOG {"level": "INFO", "message": "Starting read"}
      per stream:
        TRACE STREAM_STATUS {"stream_descriptor": {"name": S}, "status": "STARTED"}
        TRACE ESTIMATE {"name": S, "type": "STREAM", "row_estimate": count (large: large_count)}
        RECORD ... (see STREAMS)
        STATE {"type": "STREAM", "stream": {"stream_descriptor": {"name": S},
                                            "stream_state": {"updated_at": U}},
               "sourceStats": {"recordCount": C}}
        TRACE STREAM_STATUS {"stream_descriptor": {"name": S}, "status": "COMPLETE"}
    RECORD: {"type": "RECORD", "record": {"stream": S, "data": {...}, "emitted_at": E}}
    E = 1700000000000 + i for record i of its stream (also for users read from a state).
    TRACE messages have emitted_at 1700000000000.
    U (users): the updated_at of the last emitted record (with none emitted: the updated_at of
       the input state, else null).
    U (other streams): the users updated_at formula applied to the last record's i, i.e.
       (2024-01-01T00:00:00+00:00 + i minutes) as "%Y-%m-%dT%H:%M:%S+00:00"; null if none.
    C: a float, the records of the stream emitted since its previous STATE (= all of them
       without state_every).

STATE INPUT (--state)
    The protocol's JSON array of state messages, e.g.
      [{"type": "STREAM", "stream": {"stream_descriptor": {"name": "users"},
                                     "stream_state": {"updated_at": "2024-01-01T00:07:00+00:00"}}}]
    (whole AirbyteMessages {"type": "STATE", "state": {...}}, a single state object, GLOBAL
    stream_states and a legacy {"users": {"updated_at": ...}} object are understood too).
    With a users updated_at T, users only emits records whose updated_at > T (string
    comparison), whatever the sync_mode. Other streams ignore state.

STREAMS (record i = 1..count unless noted; BASE = 2024-01-01T00:00:00 UTC)
  users  (source_defined_cursor true, default_cursor_field ["updated_at"],
          source_defined_primary_key [["id"]])
    id          = i
    name        = "user-{i}"
    email       = "user{i}@example.com", null when i % 5 == 0
    age         = 20 + i % 50
    score       = i * 1.5                          (1.5, 3.0, 4.5, ...)
    active      = i % 2 == 0
    created_at  = BASE + i hours    as "%Y-%m-%dT%H:%M:%SZ"       (i=3: "2024-01-01T03:00:00Z")
    updated_at  = BASE + i minutes  as "%Y-%m-%dT%H:%M:%S+00:00"  (i=3: "2024-01-01T00:03:00+00:00")
    birthday    = date(1990, 1, 1) + i days, ISO  (i=3: "1990-01-04")

  types  (one property per typing rule, both typing styles; the JSON schema is TYPES_SCHEMA)
    Every record with i % 4 == 0 has ALL properties null except i_integer (= i).
    Otherwise, with D = date(2024, 1, 1) + i days as ISO "YYYY-MM-DD" (i=1: "2024-01-02"):
    s_string   = "text-{i}"
    s_date     = D
    s_datetime = "{D}T12:00:00.123456+02:00"
    s_ts_tz    = "{D}T12:00:00Z"
    s_ts_ntz   = "{D}T08:30:00.5"
    s_time     = "12:34:56"
    s_time_tz  = "12:34:56+02:00"
    i_integer  = i
    n_number   = round(12.3456789 * i, 7): a JSON number, the exact decimal 12.3456789 * i
                 (i=3: 37.0370367)
    n_as_int   = 7 * i
    n_big      = str(10**29 + i): a 30-digit string ("100000000000000000000000000001" for i=1)
    b_binary   = base64 of the ASCII bytes "bytes-{i}"  (i=1: "Ynl0ZXMtMQ==")
    b_bool     = i % 2 == 1
    o_struct   = {"a": i, "b": "b{i}", "inner": {"x": i / 4}}
    o_free     = {"free": i, "list": [1, 2]}
    u_oneof    = "one-{i}" if i is odd else i
    u_anyof    = "any-{i}" if i is odd else {"k": i}
    u_multi    = "multi-{i}" if i is odd else i
    a_ints     = [i, i + 1, i + 2]
    a_structs  = [{"k": "a", "v": i}, {"k": "b", "v": null}]
    a_untyped  = [1, "two", {"three": 3}]
    n_nullable = null if i is even else "n{i}"
    r_string   = s_string        r_date     = s_date          r_ts_tz    = s_ts_tz
    r_ts_ntz   = s_ts_ntz        r_time_tz  = s_time_tz       r_time_ntz = s_time
    r_boolean  = b_bool (i % 2 == 1)
    r_binary   = base64 of bytes([i % 256, 0, 255])  (i=1: "AQD/")
    r_number   = 0.5 * i  (a JSON number, e.g. 0.5, 1.0, 1.5)
    r_integer  = 10 * i   (a JSON number)
    (WellKnownTypes define Number and Integer as strings; this source sends JSON numbers.)

  wide   columns c0 .. c{wide_columns - 1}
    c{k} = i * 1000 + k    for even k  ({"type": "integer"})
    c{k} = "v{i}_{k}"      for odd k   ({"type": "string"})

  large  i = 1..large_count
    id = i, payload = "x" * large_size

  generated  (fast: 1,000,000 records in about a second)
    id = i, name = "name-{i}", value = i / 100 written as "%d.%02d" % (i // 100, i % 100)
    (i=1: 0.01, i=150: 1.50, i=200: 2.00), ts = "2024-01-01T00:00:00Z"
"""
import argparse
import base64
import datetime
import json
import os
import subprocess
import sys
import time
import urllib.parse

EMITTED_AT = 1700000000000
BASE = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
FLUSH_CHARS = 1 << 20  # flush the output buffer once it holds about 1 MiB
GENERATED_CHUNK = 50000  # records of `generated` formatted per write


def dumps(value):
    # U+DCFF (invalid_utf8) stays itself, to be written as the raw byte 0xFF (see Output.flush).
    return json.dumps(value, separators=(",", ":")).replace("\\udcff", "\udcff")


# ---------------------------------------------------------------------------------------------
# Schemas

def nullable(kind, **extra):
    return dict({"type": ["null", kind]}, **extra)


def ref(name):
    return {"$ref": "WellKnownTypes.json#/definitions/" + name}


USERS_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"},
    "name": nullable("string"),
    "email": nullable("string"),
    "age": nullable("integer"),
    "score": nullable("number"),
    "active": nullable("boolean"),
    "created_at": nullable("string", format="date-time"),
    "updated_at": {"type": "string", "format": "date-time"},
    "birthday": nullable("string", format="date"),
}}

TYPES_SCHEMA = {"type": "object", "properties": {
    "s_string": {"type": "string"},
    "s_date": {"type": "string", "format": "date"},
    "s_datetime": {"type": "string", "format": "date-time"},
    "s_ts_tz": {"type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"},
    "s_ts_ntz": {"type": "string", "format": "date-time",
                 "airbyte_type": "timestamp_without_timezone"},
    "s_time": {"type": "string", "format": "time"},
    "s_time_tz": {"type": "string", "airbyte_type": "time_with_timezone"},
    "i_integer": {"type": "integer"},
    "n_number": {"type": "number"},
    "n_as_int": {"type": "number", "airbyte_type": "integer"},
    "n_big": {"type": "string", "airbyte_type": "big_integer"},
    "b_binary": {"type": "string", "contentEncoding": "base64"},
    "b_bool": {"type": "boolean"},
    "o_struct": {"type": "object", "properties": {
        "a": {"type": "integer"},
        "b": {"type": "string"},
        "inner": {"type": "object", "properties": {"x": {"type": "number"}}}}},
    "o_free": {"type": "object"},
    "u_oneof": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    "u_anyof": {"anyOf": [{"type": "string"}, {"type": "object"}]},
    "u_multi": {"type": ["string", "integer"]},
    "a_ints": {"type": "array", "items": {"type": "integer"}},
    "a_structs": {"type": "array", "items": {"type": "object", "properties": {
        "k": {"type": "string"}, "v": {"type": "integer"}}}},
    "a_untyped": {"type": "array"},
    "n_nullable": {"type": ["null", "string"]},
    "r_string": ref("String"),
    "r_binary": ref("BinaryData"),
    "r_date": ref("Date"),
    "r_ts_tz": ref("TimestampWithTimezone"),
    "r_ts_ntz": ref("TimestampWithoutTimezone"),
    "r_time_tz": ref("TimeWithTimezone"),
    "r_time_ntz": ref("TimeWithoutTimezone"),
    "r_number": ref("Number"),
    "r_integer": ref("Integer"),
    "r_boolean": ref("Boolean"),
}}

LARGE_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"}, "payload": {"type": "string"}}}

GENERATED_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "value": {"type": "number"},
    "ts": {"type": "string", "format": "date-time"},
}}


def wide_schema(columns):
    return {"type": "object", "properties": {
        "c%d" % k: {"type": "integer" if k % 2 == 0 else "string"} for k in range(columns)}}


def airbyte_stream(name, schema, **extra):
    return dict({"name": name, "json_schema": schema,
                 "supported_sync_modes": ["full_refresh", "incremental"]}, **extra)


def discovered_streams(config):
    return [
        airbyte_stream("users", USERS_SCHEMA, source_defined_cursor=True,
                       default_cursor_field=["updated_at"], source_defined_primary_key=[["id"]]),
        airbyte_stream("types", TYPES_SCHEMA),
        airbyte_stream("wide", wide_schema(config.get("wide_columns", 200))),
        airbyte_stream("large", LARGE_SCHEMA),
        airbyte_stream("generated", GENERATED_SCHEMA),
    ]


def option(kind, description, **extra):
    return dict({"type": kind, "description": description}, **extra)


CONNECTION_SPECIFICATION = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Test Source Spec",
    "type": "object",
    "additionalProperties": True,
    "properties": {
        "count": option("integer", "Records per stream (except large).", default=10, minimum=0),
        "large_count": option("integer", "Records of the large stream.", default=3, minimum=0),
        "large_size": option("integer", "Payload length of large records, in bytes.",
                             default=1000000, minimum=0),
        "wide_columns": option("integer", "Columns of the wide stream.", default=200, minimum=0),
        "password": option("string", "Checked by check: 'wrong' fails.", airbyte_secret=True),
        "type_last": option("boolean", "Put 'type' last and add unknown keys.", default=False),
        "noise": option("boolean", "Interleave non-JSON lines on stdout.", default=False),
        "fail_after": option("integer", "Emit a TRACE error and exit 1 after N records."),
        "exit_after": option("integer", "Exit 3 without a TRACE error after N records."),
        "hang_after": option("integer", "Sleep forever after N records."),
        "pid_file": option("string", "File that read writes its process id to."),
        "echo_config_to_stderr": option("boolean", "Print the config to stderr.", default=False),
        "bad_values": option("boolean", "Users 2 and 3 carry values of the wrong type.",
                             default=False),
        "meta_changes": option("boolean", "Users 1 has a nulled email and record meta.",
                               default=False),
        "state_every": option("integer", "Users emits a STATE every N records.", minimum=1),
        "invalid_utf8": option("integer", "Users N has a byte that is not UTF-8 in its name."),
        "strict_state": option("boolean", "Ignore state forms the CDK does not read.",
                               default=False),
        "connection": {
            "type": "object",
            "description": "How to connect (unused).",
            "oneOf": [
                {"title": "DSN", "type": "object", "properties": {
                    "method": {"type": "string", "const": "dsn"},
                    "dsn": option("string", "A connection string.", airbyte_secret=True)}},
                {"title": "Host", "type": "object", "properties": {
                    "method": {"type": "string", "const": "host"},
                    "host": option("string", "A host name.")}},
            ],
        },
        "helper": option("string", "Start a helper that outlives read: stdout or detached."),
        "helper_pid_file": option("string", "File that the helper writes its process id to."),
        "linger_after_close": option("number", "Close stdout, then sleep S seconds."),
    },
}


# ---------------------------------------------------------------------------------------------
# Records

def users_updated_at(i):
    return (BASE + datetime.timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def users_record(i, config):
    record = {
        "id": i,
        "name": "user-%d" % i,
        "email": None if i % 5 == 0 else "user%d@example.com" % i,
        "age": 20 + i % 50,
        "score": i * 1.5,
        "active": i % 2 == 0,
        "created_at": (BASE + datetime.timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "updated_at": users_updated_at(i),
        "birthday": (datetime.date(1990, 1, 1) + datetime.timedelta(days=i)).isoformat(),
    }
    if config.get("bad_values"):
        if i == 2:
            record["age"] = "not a number"
            record["created_at"] = "yesterday"
        elif i == 3:
            record["age"] = 99999999999999999999999
    return record


def types_record(i):
    if i % 4 == 0:
        return {name: (i if name == "i_integer" else None) for name in TYPES_SCHEMA["properties"]}
    day = (datetime.date(2024, 1, 1) + datetime.timedelta(days=i)).isoformat()
    odd = i % 2 == 1
    record = {
        "s_string": "text-%d" % i,
        "s_date": day,
        "s_datetime": day + "T12:00:00.123456+02:00",
        "s_ts_tz": day + "T12:00:00Z",
        "s_ts_ntz": day + "T08:30:00.5",
        "s_time": "12:34:56",
        "s_time_tz": "12:34:56+02:00",
        "i_integer": i,
        "n_number": round(12.3456789 * i, 7),
        "n_as_int": 7 * i,
        "n_big": str(10 ** 29 + i),
        "b_binary": base64.b64encode(("bytes-%d" % i).encode("ascii")).decode("ascii"),
        "b_bool": odd,
        "o_struct": {"a": i, "b": "b%d" % i, "inner": {"x": i / 4}},
        "o_free": {"free": i, "list": [1, 2]},
        "u_oneof": "one-%d" % i if odd else i,
        "u_anyof": "any-%d" % i if odd else {"k": i},
        "u_multi": "multi-%d" % i if odd else i,
        "a_ints": [i, i + 1, i + 2],
        "a_structs": [{"k": "a", "v": i}, {"k": "b", "v": None}],
        "a_untyped": [1, "two", {"three": 3}],
        "n_nullable": "n%d" % i if odd else None,
        "r_binary": base64.b64encode(bytes([i % 256, 0, 255])).decode("ascii"),
        "r_number": 0.5 * i,
        "r_integer": 10 * i,
        "r_boolean": odd,
    }
    for r_name, s_name in (("r_string", "s_string"), ("r_date", "s_date"),
                           ("r_ts_tz", "s_ts_tz"), ("r_ts_ntz", "s_ts_ntz"),
                           ("r_time_tz", "s_time_tz"), ("r_time_ntz", "s_time")):
        record[r_name] = record[s_name]
    return {name: record[name] for name in TYPES_SCHEMA["properties"]}  # in schema order


def wide_record(i, columns):
    return {"c%d" % k: (i * 1000 + k if k % 2 == 0 else "v%d_%d" % (i, k))
            for k in range(columns)}


# ---------------------------------------------------------------------------------------------
# Output

class Output:
    """Buffers stdout lines and runs the per-record switches (noise, fail/exit/hang_after)."""

    def __init__(self, config):
        self.config = config
        self.type_last = bool(config.get("type_last"))
        self.noise = bool(config.get("noise"))
        self.records = 0  # records written so far, over all streams
        self.parts = []
        self.chars = 0
        self.triggers = sorted({n for n in (config.get("fail_after"), config.get("exit_after"),
                                            config.get("hang_after")) if isinstance(n, int)})

    # -- raw output
    def write(self, text):
        """Buffers text (whole lines, each ending with a newline)."""
        self.parts.append(text)
        self.chars += len(text)
        if self.chars >= FLUSH_CHARS:
            self.flush()

    def line(self, text):
        self.write(text + "\n")

    def flush(self):
        if self.parts:
            # surrogateescape: U+DC80..U+DCFF are the raw bytes 0x80..0xFF they stand for.
            sys.stdout.buffer.write("".join(self.parts).encode("utf-8", "surrogateescape"))
            self.parts = []
            self.chars = 0
        sys.stdout.flush()

    # -- messages
    def message(self, kind, key, body):
        if self.type_last:
            if "type" in body:  # the nested TRACE / STATE type goes last as well
                body = dict(body)
                body["type"] = body.pop("type")
            msg = {key: body, "_extra": {"x": 1}, "type": kind}
        else:
            msg = {"type": kind, key: body}
        self.line(dumps(msg))

    def record(self, stream, data, i, meta=None):
        emitted_at = EMITTED_AT + i
        if self.type_last:
            body = {"emitted_at": emitted_at, "data": data, "_unknown_record_key": 1,
                    "stream": stream}
        else:
            body = {"stream": stream, "data": data, "emitted_at": emitted_at}
        if meta is not None:
            body["meta"] = meta
        self.message("RECORD", "record", body)
        self.records += 1
        self.after_records()

    def log(self, level, text):
        self.message("LOG", "log", {"level": level, "message": text})

    def trace(self, trace_type, key, body):
        self.message("TRACE", "trace", {"type": trace_type, "emitted_at": EMITTED_AT, key: body})

    def stream_status(self, stream, status):
        self.trace("STREAM_STATUS", "stream_status",
                   {"stream_descriptor": {"name": stream}, "status": status})

    def state(self, stream, cursor, count):
        self.message("STATE", "state", {
            "type": "STREAM",
            "stream": {"stream_descriptor": {"name": stream},
                       "stream_state": {"updated_at": cursor}},
            "sourceStats": {"recordCount": float(count)},
        })

    # -- per-record switches
    def room(self):
        """How many more records may be written before a switch has to run."""
        room = None
        for n in self.triggers:
            if n > self.records:
                room = n - self.records
                break
        if self.noise:
            until_noise = 7 - self.records % 7
            room = until_noise if room is None else min(room, until_noise)
        return room

    def after_records(self):
        """Runs the switches due at the current record count (called after each record/chunk)."""
        n, config = self.records, self.config
        if self.noise and n % 7 == 0 and n > 0:
            self.write("\n{this is not json\nWARNING: something odd\n")
        if n == config.get("fail_after"):
            self.trace("ERROR", "error", {
                "message": "Something broke: the API returned 500",
                "internal_message": "HTTPError 500 for url",
                "stack_trace": "Traceback (most recent call last):\n  File x\nHTTPError",
                "failure_type": "system_error",
            })
            self.flush()
            sys.stderr.write("fatal: giving up\n")
            sys.stderr.flush()
            sys.exit(1)
        if n == config.get("exit_after"):
            self.flush()
            sys.stderr.write("Traceback (most recent call last):\n"
                             "  File \"test_source.py\", line 1, in read\n"
                             "    raise RuntimeError(\"boom in the middle\")\n"
                             "RuntimeError: boom in the middle\n")
            sys.stderr.flush()
            sys.exit(3)
        if n == config.get("hang_after"):
            self.flush()
            sys.stderr.flush()
            while True:
                time.sleep(1)


# ---------------------------------------------------------------------------------------------
# Read

def read_users(out, config, since):
    count = config.get("count", 10)
    every = config.get("state_every")
    last, since_state = since, 0
    for i in range(1, count + 1):
        data = users_record(i, config)
        if since is not None and data["updated_at"] <= since:
            continue
        meta = None
        if config.get("invalid_utf8") == i:
            data["name"] = "user-\udcff%d" % i
        if config.get("meta_changes") and i == 1:
            data["email"] = None
            meta = {"changes": [{"field": "email", "change": "NULLED",
                                 "reason": "SOURCE_FIELD_SIZE_LIMITATION"}]}
        out.record("users", data, i, meta)
        last, since_state = data["updated_at"], since_state + 1
        if every and since_state == every:
            out.state("users", last, since_state)
            since_state = 0
    out.state("users", last, since_state)


def read_simple(out, name, records):
    """Writes (i, data) records, then the stream's STATE."""
    last, emitted = None, 0
    for i, data in records:
        out.record(name, data, i)
        last, emitted = i, emitted + 1
    out.state(name, None if last is None else users_updated_at(last), emitted)


def read_generated(out, count):
    if out.type_last:
        template = ('{"record":{"emitted_at":%d,"data":{"id":%d,"name":"name-%d","value":%d.%02d,'
                    '"ts":"2024-01-01T00:00:00Z"},"_unknown_record_key":1,"stream":"generated"},'
                    '"_extra":{"x":1},"type":"RECORD"}\n')

        def args(i):
            return (EMITTED_AT + i, i, i, i // 100, i % 100)
    else:
        template = ('{"type":"RECORD","record":{"stream":"generated","data":{"id":%d,'
                    '"name":"name-%d","value":%d.%02d,"ts":"2024-01-01T00:00:00Z"},'
                    '"emitted_at":%d}}\n')
        args = None
    i = 1
    while i <= count:
        n = min(GENERATED_CHUNK, count - i + 1)
        room = out.room()
        if room is not None:
            n = min(n, room)
        end = i + n
        if args is None:
            chunk = "".join([template % (j, j, j // 100, j % 100, EMITTED_AT + j)
                             for j in range(i, end)])
        else:
            chunk = "".join([template % args(j) for j in range(i, end)])
        out.write(chunk)
        out.records += n
        out.after_records()
        i = end
    out.state("generated", users_updated_at(count) if count > 0 else None, max(count, 0))


def read_stream(out, name, config, states):
    count = config.get("count", 10)
    if name == "users":
        read_users(out, config, states.get("users"))
    elif name == "types":
        read_simple(out, name, ((i, types_record(i)) for i in range(1, count + 1)))
    elif name == "wide":
        columns = config.get("wide_columns", 200)
        read_simple(out, name, ((i, wide_record(i, columns)) for i in range(1, count + 1)))
    elif name == "large":
        payload = "x" * config.get("large_size", 1000000)
        read_simple(out, name, ((i, {"id": i, "payload": payload})
                                for i in range(1, config.get("large_count", 3) + 1)))
    elif name == "generated":
        read_generated(out, count)


def estimate(name, config):
    if name == "large":
        count = config.get("large_count", 3)
        return {"name": name, "type": "STREAM", "row_estimate": count,
                "byte_estimate": count * (config.get("large_size", 1000000) + 100)}
    return {"name": name, "type": "STREAM", "row_estimate": config.get("count", 10)}


def cursor_states(state, strict=False):
    """{stream name: updated_at} from the --state file content (see the docstring)."""
    found = {}
    if strict and not isinstance(state, list):
        return found

    def stream_state(entry):
        if isinstance(entry, dict):
            descriptor = entry.get("stream_descriptor") or {}
            blob = entry.get("stream_state") or {}
            if descriptor.get("name") and isinstance(blob, dict) and blob.get("updated_at"):
                found[descriptor["name"]] = blob["updated_at"]

    messages = state if isinstance(state, list) else [state]
    for message in messages:
        if not isinstance(message, dict):
            continue
        if message.get("type") == "STATE" and isinstance(message.get("state"), dict):
            if strict:
                continue
            message = message["state"]
        kind = message.get("type")
        if kind == "STREAM":
            stream_state(message.get("stream"))
        elif kind == "GLOBAL":
            for entry in (message.get("global") or {}).get("stream_states") or []:
                stream_state(entry)
        elif kind == "LEGACY" or kind is None:
            data = message.get("data", message)
            if isinstance(data, dict):
                for name, blob in data.items():
                    if isinstance(blob, dict) and isinstance(blob.get("updated_at"), str):
                        found[name] = blob["updated_at"]
    return found


def read(out, config, catalog, state):
    if config.get("runs_file"):
        with open(config["runs_file"], "a") as f:
            f.write("read\n")
    if config.get("pid_file"):
        tmp = config["pid_file"] + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(os.getpid()))
        os.replace(tmp, config["pid_file"])
    states = cursor_states(state, config.get("strict_state")) if state is not None else {}
    known = {s["name"] for s in discovered_streams(config)}
    if out.noise:
        out.line("Starting connector v1.0")
    out.log("INFO", "Starting read")
    if config.get("control_config") is not None:
        rotate_config(out, config)
    for raw in config.get("raw_lines", []):  # written as they are: lines no serializer makes
        out.line(raw)
    for configured in catalog.get("streams", []):
        name = configured["stream"]["name"]
        if name not in known:
            out.log("WARN", "Stream '%s' is not a stream of this source; skipped" % name)
            continue
        out.stream_status(name, "STARTED")
        out.trace("ESTIMATE", "estimate", estimate(name, config))
        read_stream(out, name, config, states)
        out.stream_status(name, "COMPLETE")


# ---------------------------------------------------------------------------------------------
# Main

def load_json(path):
    with open(path) as f:
        return json.load(f)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Airbyte protocol test source")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("spec", help="print the connector specification")
    for name in ("check", "discover", "read"):
        command = commands.add_parser(name)
        command.add_argument("--config", required=True, help="JSON config file")
        if name == "read":
            command.add_argument("--catalog", required=True, help="configured catalog file")
            command.add_argument("--state", help="state file (JSON array of state messages)")
    return parser.parse_args(argv)


def password_forms(password):
    basic = base64.b64encode(("user:" + password).encode()).decode()
    plain = base64.b64encode(password.encode()).decode()
    urlsafe = base64.urlsafe_b64encode(password.encode()).decode()
    return "password forms: quote=%s quote_plus=%s basic=%s b64=%s urlsafe=%s" % (
        urllib.parse.quote(password), urllib.parse.quote_plus(password), basic, plain, urlsafe)


def echo_config(out, config):
    """The careless connector's switches: its config (or secrets) in its own output."""
    text = "config is: " + json.dumps(config)
    if config.get("echo_config_to_log"):
        out.log("INFO", text)
    if config.get("echo_password_forms"):
        forms = password_forms(config.get("password", ""))
        out.log("INFO", forms)
        sys.stderr.write(forms + "\n")
        sys.stderr.flush()
    if config.get("echo_config_in_trace"):
        out.trace("ERROR", "error", {"message": text, "internal_message": text,
                                     "stack_trace": text, "failure_type": "config_error"})
        out.flush()
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
        sys.exit(1)


def rotate_config(out, config):
    """control_config: a CONTROL message with the new config, then the new config echoed."""
    new = config["control_config"]
    out.message("CONTROL", "control", {"type": "CONNECTOR_CONFIG", "emitted_at": EMITTED_AT,
                                       "connectorConfig": {"config": new}})
    out.log("INFO", "new config is: " + json.dumps(new))
    out.flush()
    time.sleep(0.5)  # stderr is read on a thread of its own: let the CONTROL message arrive first
    sys.stderr.write("new config on stderr: " + json.dumps(new) + "\n")
    sys.stderr.flush()


def run(args):
    config = load_json(args.config) if getattr(args, "config", None) else {}
    if not isinstance(config, dict):
        out = Output({})
        out.trace("ERROR", "error", {"message": "The config must be a JSON object",
                                     "failure_type": "config_error"})
        out.flush()
        sys.exit(1)
    if config.get("echo_env_keys"):
        sys.stderr.write("env keys: " + ",".join(sorted(os.environ)) + "\n")
        sys.stderr.flush()
    if config.get("echo_config_to_stderr"):
        sys.stderr.write("config is: " + json.dumps(config) + "\n")
        sys.stderr.flush()
    out = Output(config)
    echo_config(out, config)
    if args.command == "spec":
        out.message("SPEC", "spec", {
            "documentationUrl": "https://example.com/test-source",
            "connectionSpecification": CONNECTION_SPECIFICATION,
            "supportsIncremental": True,
        })
    elif args.command == "check":
        if config.get("password") == "wrong":
            status = {"status": "FAILED",
                      "message": "Authentication failed: the password was rejected"}
        else:
            status = {"status": "SUCCEEDED"}
        out.message("CONNECTION_STATUS", "connectionStatus", status)
    elif args.command == "discover":
        if config.get("discover_count_file"):
            with open(config["discover_count_file"], "a") as f:
                f.write("discover\n")
        out.message("CATALOG", "catalog", {"streams": discovered_streams(config)})
    else:
        catalog = load_json(args.catalog)
        state = load_json(args.state) if args.state else None
        read(out, config, catalog, state)
    out.flush()
    if args.command == "read":
        end_read(config)


HELPER = """import os, sys, time
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(os.getpid()))
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(300)
"""


def end_read(config):
    """The switches that change how read ends: a helper that outlives it, a lingering exit."""
    if config.get("helper"):
        stdio = subprocess.DEVNULL if config["helper"] == "detached" else None
        subprocess.Popen([sys.executable, "-c", HELPER, config["helper_pid_file"]],
                         stdin=subprocess.DEVNULL, stdout=stdio, stderr=stdio)
        while not os.path.exists(config["helper_pid_file"]):
            time.sleep(0.01)
    if config.get("linger_after_close"):
        sys.stdout.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # our end of the pipe is closed: the reader sees EOF
        time.sleep(config["linger_after_close"])


def main():
    args = parse_args(sys.argv[1:])
    try:
        run(args)
    except BrokenPipeError:
        # The reader went away: exit without a second error while Python flushes stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
