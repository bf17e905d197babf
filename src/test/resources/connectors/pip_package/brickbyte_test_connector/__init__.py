"""A tiny Airbyte source for install tests: one stream 'items' of config['count'] records."""
import argparse
import json
import sys

SCHEMA = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    parser.add_argument("--config")
    parser.add_argument("--catalog")
    parser.add_argument("--state")
    args = parser.parse_args()
    if args.command == "spec":
        emit({"type": "SPEC", "spec": {"connectionSpecification": {
            "type": "object", "properties": {"count": {"type": "integer"}}}}})
        return
    with open(args.config) as file:
        config = json.load(file)
    if args.command == "check":
        emit({"type": "CONNECTION_STATUS", "connectionStatus": {"status": "SUCCEEDED"}})
    elif args.command == "discover":
        emit({"type": "CATALOG", "catalog": {"streams": [{
            "name": "items", "json_schema": SCHEMA, "supported_sync_modes": ["full_refresh"]}]}})
    elif args.command == "read":
        for i in range(int(config.get("count", 3))):
            emit({"type": "RECORD", "record": {
                "stream": "items", "data": {"id": i, "name": f"item {i}"}, "emitted_at": 0}})
