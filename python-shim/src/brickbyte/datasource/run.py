"""One protocol command in flight, as the JVM's ``ConnectorRun``: yields the connector's lines in
order and, at the end of its output, checks how it ended. A connector that exits non-zero or hangs
fails with a message naming the connector, the command, the exit code, its TRACE error and the
tail of its stderr. So does one that exits 0 after a failure signal in its output (real CDKs
report a failed read in-band): a TRACE error, a CONNECTION_STATUS FAILED outside ``check``, or a
stream status INCOMPLETE. Callers that keep what they read stop at the signal (``failing``).
"""
import json
import logging
import os
import shutil
import stat
import tempfile
from datetime import timedelta
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from brickbyte.datasource import protocol
from brickbyte.datasource.connectors import Connector
from brickbyte.datasource.environment import minimal_environment
from brickbyte.datasource.process import ConnectorProcess
from brickbyte.datasource.redactor import Redactor
from brickbyte.errors import AirbyteConnectorError

LOG = logging.getLogger("brickbyte.datasource.connector")
_LOG_LEVELS = {"FATAL": logging.ERROR, "ERROR": logging.ERROR, "WARN": logging.WARNING,
               "DEBUG": logging.DEBUG, "TRACE": logging.DEBUG}


class PrivateDir:
    """An owner-only temp directory for the config, catalog and state files: deleted on close."""

    def __init__(self, root: str) -> None:
        os.makedirs(root, exist_ok=True)
        self.path = tempfile.mkdtemp(prefix="brickbyte-run-", dir=root)  # mode 0700
        os.chmod(self.path, stat.S_IRWXU)

    def write(self, name: str, content: str) -> str:
        path = os.path.join(self.path, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        return path

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _duration_text(seconds: float) -> str:
    # As Java's Duration prints (PT30M without "PT", lower case): 30m, 2s, 1h30m, 0.5s.
    whole = timedelta(seconds=seconds)
    hours, rest = divmod(whole.total_seconds(), 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{int(hours)}h" if hours else "") + (f"{int(minutes)}m" if minutes else "")
    if secs or not text:
        text += (f"{int(secs)}" if secs == int(secs) else f"{secs:g}") + "s"
    return text


class ConnectorRun:
    """Iterate ``lines()`` for (type, raw line, parsed message or None); close it after."""

    def __init__(self, connector: Connector, args: List[str], files: PrivateDir,
                 idle_timeout_seconds: float, connector_env: Sequence[str], redactor: Redactor,
                 streams: Sequence[str] = ()) -> None:
        self.connector = connector.name
        self.verb = args[0]
        self.command = self.verb if not streams else (
            f"{self.verb} of stream{'' if len(streams) == 1 else 's'} {', '.join(streams)}")
        self.redactor = redactor
        self._files = files
        self._idle_text = _duration_text(idle_timeout_seconds)
        self._first_error: Optional[Dict[str, Any]] = None
        self._failure_signal: Optional[str] = None
        self.stream_statuses: Dict[str, str] = {}
        try:
            command = connector.command_line(args)
            env = minimal_environment(connector_env)
            env.update(connector.environment())
            self._process = ConnectorProcess(
                command, env, files.path, idle_timeout_seconds, self._redact,
                lambda line: LOG.info("[%s] %s", self.connector, line))
        except AirbyteConnectorError as e:
            files.close()
            raise AirbyteConnectorError(
                f"Connector {self.connector} " + redactor.redact(str(e))) from None
        except BaseException:
            files.close()
            raise

    @property
    def pid(self) -> int:
        return self._process.pid

    def failing(self) -> bool:
        """Whether the output so far carries a failure signal: the run fails at its end."""
        return self._failure_signal is not None

    def lines(self) -> Iterator[Tuple[str, bytes, Optional[Dict[str, Any]]]]:
        """(type, line, parsed message or None for a RECORD) of every line, in order."""
        for kind, lines, message in self.runs():
            if kind == protocol.RECORD:
                for line in lines:
                    yield kind, line, None
            else:
                yield kind, lines[0], message

    def runs(self) -> Iterator[Tuple[str, List[bytes], Optional[Dict[str, Any]]]]:
        """The output in order as runs: (RECORD, consecutive record lines, None), or (type,
        [line], parsed message) of any other line. Records go by the list, not line by line: the
        per-line cost of a read is a prefix test."""
        prefixes = protocol.RECORD_PREFIXES
        try:
            for chunk in self._process.line_chunks():
                records: List[bytes] = []
                for line in chunk:
                    if line.startswith(prefixes):
                        records.append(line)
                        continue
                    kind, message = protocol.classify(line)
                    if kind == protocol.RECORD:
                        records.append(line)
                        continue
                    if records:
                        yield protocol.RECORD, records, None
                        records = []
                    self._observe(kind, line, message)
                    yield kind, [line], message
                if records:
                    yield protocol.RECORD, records, None
        except OSError as e:
            stopped = self._stop_failure()
            raise stopped or self._failure(f"its output could not be read ({e})") from None
        self._finish()

    def close(self) -> None:
        """Stops the connector if it still runs and deletes its config, catalog and state."""
        try:
            self._process.close()
        finally:
            self._files.close()

    def __enter__(self) -> "ConnectorRun":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _redact(self, text: str) -> str:
        return self.redactor.redact(text)

    def _observe(self, kind: str, line: bytes, message: Optional[Dict[str, Any]]) -> None:
        if message is None:
            LOG.info("[%s] %s", self.connector,
                     self._redact(line.decode("utf-8", "replace"))[:2000])
            return
        if kind == "CONTROL":
            new_config = ((message.get("control") or {}).get("connectorConfig") or {}).get("config")
            if new_config is not None:
                # Before anything else is read: the connector may print its new config at once.
                self.redactor = self.redactor.with_config(new_config)
        elif kind == "LOG":
            log = message.get("log") or {}
            LOG.log(_LOG_LEVELS.get(str(log.get("level")), logging.INFO), "[%s] %s",
                    self.connector, self._redact(str(log.get("message"))))
        elif kind == "TRACE":
            error = protocol.trace_error(message)
            if error is not None and self._first_error is None:
                self._first_error = error
                self._signal("reported an error (exit code 0)")
            status = protocol.stream_status(message)
            if status is not None:
                self.stream_statuses[status[0]] = status[1]
                if status[1] == "INCOMPLETE":
                    self._signal(f"reported stream {status[0]} INCOMPLETE (exit code 0)")
        elif kind == "CONNECTION_STATUS" and self.verb != "check":
            status = message.get("connectionStatus") or {}
            if status.get("status") != "SUCCEEDED":
                text = status.get("message")
                self._signal(f"reported CONNECTION_STATUS {status.get('status')} (exit code 0)"
                             + ("" if text is None else f": {text}"))

    def _signal(self, what: str) -> None:
        if self._failure_signal is None:
            self._failure_signal = what
            LOG.error("[%s] %s %s: nothing from here on is kept", self.connector, self.verb,
                      self._redact(what))

    def _finish(self) -> None:
        code = self._process.await_exit()
        stopped = self._stop_failure()
        if stopped is not None:
            raise stopped
        if code is None:
            LOG.warning("[%s] %s closed its output but had not exited 3 s later: ended it",
                        self.connector, self.verb)
        elif code != 0:
            raise self._failure(f"exited with code {code}")
        if self._failure_signal is not None:
            raise self._failure(self._failure_signal)

    def _stop_failure(self) -> Optional[AirbyteConnectorError]:
        if self._process.stop_reason == "idle":
            who = ("exited, but a process it started kept its stdout open and "
                   if self._process.exited_before_stop else "")
            return self._failure(f"{who}wrote nothing for {self._idle_text} (option "
                                 "'idleTimeout') and was killed")
        return None

    def _failure(self, what: str) -> AirbyteConnectorError:
        message = f"Connector {self.connector} {self.command} {what}"
        error = self._first_error
        if error is not None:
            message += f": {error.get('message')}"
            if error.get("failure_type") is not None:
                message += f" [{error['failure_type']}]"
            if error.get("internal_message") is not None:
                message += f"\nInternal message: {error['internal_message']}"
        tail = self._process.stderr_tail()
        message += "\nLast lines of its stderr:\n" + tail if tail else "\n(no stderr output)"
        if error is not None and error.get("stack_trace") is not None:
            message += f"\nIts stack trace:\n{error['stack_trace']}"
        return AirbyteConnectorError(self._redact(message))


def read_args(files: PrivateDir, config_json: str, catalog: Dict[str, Any],
              state: Optional[List[Dict[str, Any]]]) -> List[str]:
    args = ["read", "--config", files.write("config.json", config_json),
            "--catalog", files.write("catalog.json", json.dumps(catalog))]
    if state is not None:
        args += ["--state", files.write("state.json", json.dumps(state))]
    return args
