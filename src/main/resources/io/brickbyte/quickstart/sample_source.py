#!/usr/bin/env python3
"""A small sample source connector speaking the Airbyte protocol (Python 3, standard library only).

It is what the quickstart reads, and an example of everything an executable needs to be a source:

    sample_source.py spec
    sample_source.py check    --config config.json
    sample_source.py discover --config config.json
    sample_source.py read     --config config.json --catalog catalog.json [--state state.json]

Each command prints Airbyte messages on stdout, one JSON object per line. The config is
{"count": N} (default 100): N users, each with 3 purchases. All data is made up but deterministic.
"""
import argparse
import datetime
import json
import sys
import time

NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Linus"]
SURNAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"]
CITIES = [("Paris", "75001"), ("Berlin", "10115"), ("Lisbon", "1100-148"), ("Austin", "78701"),
          ("Osaka", "530-0001"), ("Toronto", "M5H 2N2"), ("Nairobi", "00100")]
STREETS = ["Main Street", "Station Road", "Harbour Lane", "Elm Avenue", "Market Square"]
PLANS = ["free", "starter", "pro", "enterprise"]
MONTHLY_PRICE = {"free": 0, "starter": 9.99, "pro": 49.0, "enterprise": 499.0}
TAGS = ["newsletter", "beta", "mobile", "referral", "vip"]
START = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)

USERS_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "email": {"type": ["null", "string"]},
    "signup_date": {"type": "string", "format": "date"},
    "last_login": {"type": ["null", "string"], "format": "date-time"},
    "plan": {"type": "string"},
    "monthly_spend": {"type": "number"},
    "address": {"type": "object", "properties": {
        "street": {"type": "string"}, "city": {"type": "string"}, "zip": {"type": "string"}}},
    "tags": {"type": "array", "items": {"type": "string"}},
}}
PURCHASES_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"},
    "user_id": {"type": "integer"},
    "amount": {"type": "number"},
    "purchased_at": {"type": "string", "format": "date-time"},
}}
STREAMS = [
    {"name": "users", "json_schema": USERS_SCHEMA, "supported_sync_modes": ["full_refresh"],
     "source_defined_primary_key": [["id"]]},
    {"name": "purchases", "json_schema": PURCHASES_SCHEMA, "supported_sync_modes": ["full_refresh"],
     "source_defined_primary_key": [["id"]]},
]
SPEC = {
    "documentationUrl": "https://docs.airbyte.com/understanding-airbyte/airbyte-protocol",
    "connectionSpecification": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Sample Source Spec",
        "type": "object",
        "properties": {
            "count": {"type": "integer", "minimum": 0, "default": 100,
                      "description": "How many users to generate (each has 3 purchases)."},
        },
    },
}


def timestamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def user(i):
    first, last = NAMES[i % len(NAMES)], SURNAMES[i % len(SURNAMES)]
    city, zip_code = CITIES[i % len(CITIES)]
    plan = PLANS[i % len(PLANS)]
    signup = START + datetime.timedelta(days=i % 365, hours=i % 24)
    return {
        "id": i,
        "name": "%s %s" % (first, last),
        "email": None if i % 10 == 0 else "%s.%s%d@example.com" % (first.lower(), last.lower(), i),
        "signup_date": signup.date().isoformat(),
        "last_login": None if i % 7 == 0 else timestamp(signup + datetime.timedelta(days=30 + i % 90)),
        "plan": plan,
        "monthly_spend": float(round(MONTHLY_PRICE[plan] * (1 + i % 3), 2)),
        "address": {"street": "%d %s" % (1 + i % 200, STREETS[i % len(STREETS)]),
                    "city": city, "zip": zip_code},
        "tags": [TAGS[(i + k) % len(TAGS)] for k in range(i % 3)],
    }


def purchase(user_id, k):
    purchase_id = (user_id - 1) * 3 + k + 1
    return {
        "id": purchase_id,
        "user_id": user_id,
        "amount": round(5 + (purchase_id * 7919) % 19500 / 100, 2),
        "purchased_at": timestamp(START + datetime.timedelta(days=user_id % 365 + 10 * (k + 1),
                                                             minutes=purchase_id % 1440)),
    }


def records(stream, count):
    if stream == "users":
        return (user(i) for i in range(1, count + 1))
    return (purchase(u, k) for u in range(1, count + 1) for k in range(3))


class Output:
    """Writes messages to stdout, one JSON line each, in buffered chunks."""

    def __init__(self):
        self.lines = []

    def emit(self, kind, **body):
        self.lines.append(json.dumps(dict(type=kind, **body), separators=(",", ":")))
        if len(self.lines) >= 1000:
            self.flush()

    def flush(self):
        if self.lines:
            sys.stdout.write("\n".join(self.lines) + "\n")
            self.lines = []
        sys.stdout.flush()


def read(out, config, catalog):
    count = int(config.get("count", 100))
    out.emit("LOG", log={"level": "INFO", "message": "Sample source: reading %d users" % count})
    for configured in catalog["streams"]:
        stream = configured["stream"]["name"]
        emitted = 0
        for data in records(stream, count):
            emitted_at = int(time.time() * 1000)  # epoch milliseconds
            out.emit("RECORD", record={"stream": stream, "data": data, "emitted_at": emitted_at})
            emitted += 1
        # A full-refresh source has no cursor; the state just marks the stream as done.
        out.emit("STATE", state={"type": "STREAM", "stream": {
            "stream_descriptor": {"name": stream}, "stream_state": {"complete": True}},
            "sourceStats": {"recordCount": float(emitted)}})


def main():
    parser = argparse.ArgumentParser(description="Sample Airbyte source")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("spec")
    for name in ("check", "discover", "read"):
        command = commands.add_parser(name)
        command.add_argument("--config", required=True)
        if name == "read":
            command.add_argument("--catalog", required=True)
            command.add_argument("--state")  # accepted, but a full-refresh source ignores it
    args = parser.parse_args()
    config = {}
    if args.command != "spec":
        with open(args.config) as f:
            config = json.load(f)

    out = Output()
    if args.command == "spec":
        out.emit("SPEC", spec=SPEC)
    elif args.command == "check":
        count = config.get("count", 100)
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            out.emit("CONNECTION_STATUS", connectionStatus={"status": "SUCCEEDED"})
        else:
            out.emit("CONNECTION_STATUS", connectionStatus={
                "status": "FAILED", "message": "'count' must be a non-negative integer"})
    elif args.command == "discover":
        out.emit("CATALOG", catalog={"streams": STREAMS})
    else:
        with open(args.catalog) as f:
            read(out, config, json.load(f))
    out.flush()


if __name__ == "__main__":
    main()
