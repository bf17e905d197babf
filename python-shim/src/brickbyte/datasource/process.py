"""A running connector: a child of the Python worker in a process session of its own.

Its stdout is read in large chunks and split into lines; its stderr is drained on a thread into a
bounded tail (redacted first); a watchdog ends the whole session (the connector and every process
it started) when the reader has waited on a silent connector longer than the idle timeout. The
connector also gets SIGKILL when the worker dies (Spark kills a cancelled task's worker with
SIGKILL, which runs no cleanup of ours), and its session ends when the run does, however it ends.
"""
import ctypes
import logging
import os
import signal
import subprocess
import threading
import time
from typing import Callable, Iterator, List, Mapping, Optional

from brickbyte.datasource.output_tail import OutputTail
from brickbyte.errors import AirbyteConnectorError

LOG = logging.getLogger("brickbyte.datasource.connector")
EXIT_WAIT_SECONDS = 3.0  # a connector that closed its stdout gets this long to exit
STOP_GRACE_SECONDS = 2.0  # between SIGTERM and SIGKILL of the session
_CHUNK = 1 << 20
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: a worker killed with SIGKILL takes it along.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass  # not Linux: the session kill on close still applies


class ConnectorProcess:
    """Stop reasons: None, "idle", "closed"."""

    def __init__(self, command: List[str], env: Mapping[str, str], cwd: str,
                 idle_timeout_seconds: float, redact: Callable[[str], str],
                 on_stderr: Callable[[str], None]) -> None:
        self._redact = redact
        self._on_stderr = on_stderr
        self._tail = OutputTail()
        self._idle = idle_timeout_seconds
        self._waiting_since: Optional[float] = None
        self._last_stderr = time.monotonic()
        self._stdout_open = True
        self.stop_reason: Optional[str] = None
        self.exited_before_stop = False
        self._lock = threading.Lock()
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=dict(env), cwd=cwd, start_new_session=True,
                preexec_fn=_die_with_parent, bufsize=0)
        except OSError as e:
            raise AirbyteConnectorError(f"cannot start: {e}") from None
        self.pid = self._process.pid
        self._stderr = threading.Thread(target=self._drain_stderr, daemon=True,
                                        name="airbyte-connector-stderr")
        self._stderr.start()
        self._watchdog = threading.Thread(target=self._watch, daemon=True,
                                          name="airbyte-connector-watchdog")
        self._watchdog.start()

    def lines(self) -> Iterator[bytes]:
        """The connector's stdout, line by line, without the line ends."""
        for chunk in self.line_chunks():
            yield from chunk

    def line_chunks(self) -> Iterator[List[bytes]]:
        """The connector's stdout as lists of whole lines (one list per read of up to 1 MiB),
        without the line ends. Only the time spent waiting on it counts towards the idle
        timeout: while the caller is busy, the pipe fills and the connector is not idle."""
        fd = self._process.stdout.fileno()  # type: ignore[union-attr]
        rest = b""
        while True:
            self._waiting_since = time.monotonic()
            try:
                chunk = os.read(fd, _CHUNK)
            finally:
                self._waiting_since = None
            if not chunk:
                break
            parts = chunk.split(b"\n")
            parts[0] = rest + parts[0]
            rest = parts.pop()
            if parts:
                yield parts
        self._stdout_open = False
        if rest:
            yield [rest]

    def stderr_tail(self) -> str:
        return self._tail.text()

    def await_exit(self) -> Optional[int]:
        """Once stdout has closed: waits briefly for the connector to exit, then ends its session
        (a helper left running). The exit code, or None if it did not exit in time."""
        try:
            code: Optional[int] = self._process.wait(EXIT_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        self._end_session()
        self._stderr.join(10)
        return code

    def close(self) -> None:
        """Ends the connector's session: every process it started, running or not."""
        with self._lock:
            if self.stop_reason is None and self._process.poll() is None:
                self.stop_reason = "closed"
        self._stdout_open = False
        self._end_session()
        for stream in (self._process.stdout, self._process.stderr):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass
        self._stderr.join(10)

    def _end_session(self) -> None:
        self._signal_session(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while time.monotonic() < deadline and self._session_alive():
            time.sleep(0.05)
        self._signal_session(signal.SIGKILL)
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            pass

    def _session_alive(self) -> bool:
        try:
            os.killpg(self.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        # A zombie leader keeps the group "alive" until reaped.
        return self._process.poll() is None or _group_has_others(self.pid)

    def _signal_session(self, sig: int) -> None:
        try:
            os.killpg(self.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _stop(self, reason: str) -> None:
        with self._lock:
            if self.stop_reason is not None:
                return
            self.stop_reason = reason
            self.exited_before_stop = self._process.poll() is not None
        self._signal_session(signal.SIGTERM)
        threading.Timer(STOP_GRACE_SECONDS, self._signal_session, (signal.SIGKILL,)).start()

    def _watch(self) -> None:
        # Runs until stdout closes, not until the connector exits: a helper may hold stdout.
        while self._stdout_open and self.stop_reason is None:
            time.sleep(0.2)
            since = self._waiting_since
            if since is not None and time.monotonic() - max(since, self._last_stderr) > self._idle:
                self._stop("idle")

    def _drain_stderr(self) -> None:
        stream = self._process.stderr
        assert stream is not None
        try:
            for raw in iter(stream.readline, b""):
                self._last_stderr = time.monotonic()
                line = self._redact(raw.decode("utf-8", "replace").rstrip("\r\n"))
                self._tail.add(line)
                self._on_stderr(line)
        except (OSError, ValueError):
            pass  # closed under us: what was read is in the tail


def _group_has_others(pgid: int) -> bool:
    """Whether a process other than the (reaped or zombie) leader is in process group pgid."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return False
    for entry in entries:
        if not entry.isdigit() or int(entry) == pgid:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != b"Z":
                return True
        except (OSError, IndexError, ValueError):
            continue
    return False
