"""Helpers of the Python data source's tests: the registered source, loads, processes."""
import json
import time
from typing import Any


def load(session, **options: Any):
    """``session.read.format("airbyte_python")`` with ``options`` (dicts become JSON)."""
    reader = session.read.format("airbyte_python")
    for key, value in options.items():
        reader = reader.option(key, json.dumps(value) if isinstance(value, (dict, list)) else
                               str(value))
    return reader.load()


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def wait_dead(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pid)


def read_pid(path, seconds: float = 30.0) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return int(open(path).read())
        except (OSError, ValueError):
            time.sleep(0.1)
    raise AssertionError(f"no pid in {path}")
