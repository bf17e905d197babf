#!/usr/bin/env python3
"""A connector that replays one golden fixture case (standard library only).

config: {"fixture": PATH of a golden records/*.json file, "case": its name}
  discover: one stream, the case's "stream" (default "s") and "namespace", its "jsonSchema"
  read: the case's "lines", byte for byte (an array line holds strings and single byte values)
"""
import json
import sys


def case_of(config_path):
    with open(config_path) as f:
        config = json.load(f)
    with open(config["fixture"], encoding="utf-8") as f:
        return next(c for c in json.load(f)["cases"] if c["name"] == config["case"])


def line_bytes(line):
    if isinstance(line, str):
        return line.encode("utf-8")
    return b"".join(p.encode("utf-8") if isinstance(p, str) else bytes([p]) for p in line)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    out = sys.stdout.buffer
    if command == "spec":
        spec = {"connectionSpecification": {"type": "object", "properties": {}}}
        out.write(json.dumps({"type": "SPEC", "spec": spec}).encode() + b"\n")
        return
    case = case_of(args[args.index("--config") + 1])
    if command == "check":
        out.write(b'{"type":"CONNECTION_STATUS","connectionStatus":{"status":"SUCCEEDED"}}\n')
    elif command == "discover":
        stream = {"name": case.get("stream", "s"), "json_schema": case.get("jsonSchema", {}),
                  "supported_sync_modes": ["full_refresh"]}
        if case.get("namespace") is not None:
            stream["namespace"] = case["namespace"]
        out.write(json.dumps({"type": "CATALOG", "catalog": {"streams": [stream]}}).encode()
                  + b"\n")
    elif command == "read":
        for line in case["lines"]:
            out.write(line_bytes(line) + b"\n")
    out.flush()


if __name__ == "__main__":
    main()
