"""Helpers of the Python data source's tests: the registered source, loads, processes."""
import json
import os
import time
from typing import Any, Dict, List

import pytest


def load(session, **options: Any):
    """``session.read.format("airbyte_python")`` with ``options`` (dicts become JSON)."""
    reader = session.read.format("airbyte_python")
    for key, value in options.items():
        reader = reader.option(key, json.dumps(value) if isinstance(value, (dict, list)) else
                               str(value))
    return reader.load()


def error_text(raised: pytest.ExceptionInfo) -> str:
    return str(raised.value)


def processes_running(marker: str) -> List[int]:
    """Pids of live (not zombie) processes whose command line holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
            with open(f"/proc/{entry}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in command and state != b"Z" and int(entry) != os.getpid():
            found.append(int(entry))
    return found


def wait_until_gone(marker: str, seconds: float = 10.0) -> List[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = processes_running(marker)
        if not left:
            return []
        time.sleep(0.2)
    return processes_running(marker)


def config(**values: Any) -> Dict[str, Any]:
    return values


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
